"""The unit registry: canonical ids for the bodies that notices make responsible.

Knowledge lives in ``data/units.jsonl`` (zh name, en name, aliases in both languages). Names are
compared in a *canonical form* that undoes the word-order variation of English translations
("Department of Public Services" = "Public Services Department", "Examination Department of the
Patent Office" = "Patent Office Examination Department"), so the data lists meaning variants, and
spelling variants fall to rapidfuzz.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Optional

from rapidfuzz import fuzz, process

if TYPE_CHECKING:
    from .names import NameSpans

from ..base import datafiles
from ..base.script import has_han

_TIERS = frozenset("省市县区乡镇村州盟旗")
FUZZY_THRESHOLD = 90  # rapidfuzz score (0-100) above which a spelling variant maps to a known unit

_HEADS = (
    r"(?:department|office|bureau|division|ministry|administration|commission|center|centre"
    r"|committee|agency)"
)
_ARTICLES = re.compile(r"\b(?:the|a|an|each|all|every|of the)\b", re.I)


@dataclass(frozen=True)
class Unit:
    id: str
    zh: str
    en: str
    kind: str
    aliases: tuple[str, ...] = ()
    scope: Optional[str] = None


@dataclass
class Resolution:
    """How a written unit name resolved: to a known ``unit`` (score 100 = exact) or not."""

    text: str
    unit_id: str
    name: str
    unit: Optional[Unit]
    score: float
    nearest: Optional[Unit] = None
    nearest_score: float = 0.0

    @property
    def known(self) -> bool:
        return self.unit is not None


_TIER_LEAD = re.compile(
    r"^(?:[\w'-]+\s+)*?(?:provincial|municipal|city|county|district|prefectural|regional)\s+"
)


def canonical(name: str) -> str:
    """The comparison form of a unit name: NFKC, lower case, articles dropped, "X of Y" -> "Y X"."""
    s = unicodedata.normalize("NFKC", name).strip().lower()
    s = s.replace("’", "'")
    if has_han(s):
        return re.sub(r"\s+", "", s)
    s = re.sub(r"[\"“”()]", " ", s)
    s = re.sub(r"\betc\.?$", "", s)
    s = re.sub(r"\bof the (state )?intellectual property office$|\bof cnipa$", "", s).strip()
    s = re.sub(r"\bdepartments\b", "department", s)
    s = re.sub(r"\boffices\b", "office", s)
    # "examination department of the patent office" -> "patent office examination department"
    m = re.match(rf"^(.*?\b{_HEADS})\s+of\s+(?:the\s+)?(.+)$", s)
    if m:
        # "provincial department of public security" -> "provincial public security department"
        # (the tier stays in front, as "provincial public security department" writes it)
        tier = _TIER_LEAD.match(m.group(1))
        lead = tier.group(0) if tier else ""
        s = f"{lead}{m.group(2)} {m.group(1)[len(lead) :]}"
    s = _ARTICLES.sub(" ", s)
    s = re.sub(r"[^\w' -]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


_KIND_END = re.compile(r"(?:委员会|总局|办公室|办公厅|部|委|局|署|办|厅|院|会)$")
_NATIONAL = re.compile(r"^(?:中华人民共和国|国家|国务院)")
_BODY_WORD = "厅局委办部会署院处科室中心"


@lru_cache(maxsize=1)
def short_stems() -> tuple[tuple[str, str], ...]:
    """(full stem, short stem) of the bodies whose short official name drops words of the full
    one (人力资源和社会保障 -> 人力资源社会保障, 市场监督管理 -> 市场监管, 科学技术 -> 科技),
    learnt from the registry's names and aliases (the national prefix and the kind word left
    off): a province's or a city's body is written either way (省人力资源和社会保障厅 /
    省人力资源社会保障厅) and is one body. Longest first."""
    pairs = set()
    for u in load_registry().units.values():
        short = _KIND_END.sub("", _NATIONAL.sub("", u.zh))
        for a in u.aliases:
            full = _KIND_END.sub("", _NATIONAL.sub("", a))
            if has_han(a) and len(short) >= 2 and len(full) >= 4 and _drops_words(full, short):
                pairs.add((full, short))
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def _drops_words(full: str, short: str) -> bool:
    """``short`` is ``full`` with some characters left out (it keeps the rest in order)."""
    if len(short) >= len(full):
        return False
    it = iter(full)
    return all(ch in it for ch in short)


def _shortened(key: str) -> str:
    """A Chinese body's name with each full stem that stands before a body word shortened."""
    for full, short in short_stems():
        at = key.find(full)
        if at >= 0:
            end = at + len(full)
            if end == len(key) or key[end] in _BODY_WORD:
                key = key[:at] + short + key[end:]
    # (a commission's short name ends in 委: 发展改革委员会 / 发展改革委)
    return key[:-3] + "委" if key.endswith("委员会") and len(key) > 5 else key


@lru_cache(maxsize=1)
def _en_places() -> tuple[re.Pattern, re.Pattern]:
    """A province named after its body ("… of Jiangxi Province") and before it ("Jiangxi
    Provincial …", "Jiangxi …"), from places.json's English names."""
    names = [j["en"].lower() for j in datafiles.load("places.json")["jurisdictions"]]
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    tier = r"(?:province|municipality|autonomous region)"
    return (
        re.compile(rf"\s*\bof (?:the )?({alts}) {tier}\b"),
        re.compile(rf"\b({alts})(?: provincial| municipal| {tier})?\b"),
    )


def _place_first(key: str) -> str:
    """An English local body's key with its province first, whatever the translation's word
    order ("department of human resources and social security of jiangxi province", "jiangxi
    human resources and social security department", "jiangxi provincial department of …" are
    "jiangxi provincial human resources and social security department")."""
    after, before = _en_places()
    m = after.search(key) or before.search(key)
    if m is None:
        return key
    rest = (key[: m.start()] + " " + key[m.end() :]).replace(" provincial ", " ")
    rest = re.sub(r"^provincial\s+|\s+", " ", rest).strip()
    return f"{m.group(1)} provincial {rest}"


def stable_id(name: str) -> str:
    """A stable id for a unit the registry does not know: derived from its canonical name, a
    Chinese body's full stems shortened (省人力资源和社会保障厅 = 省人力资源社会保障厅)."""
    c = canonical(name)
    c = _shortened(c) if has_han(c) else _place_first(c)
    slug = re.sub(r"[^a-z0-9]+", "-", c).strip("-")
    if slug and len(slug) <= 40:
        return f"x.{slug}"
    return "x." + hashlib.sha1(c.encode("utf-8")).hexdigest()[:10]


@dataclass
class Registry:
    units: dict[str, Unit]
    _index: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        for u in self.units.values():
            for name in (u.zh, u.en, *u.aliases):
                key = canonical(name)
                if key and key not in self._index:
                    self._index[key] = u.id
        self._keys = list(self._index)
        self._memo = lru_cache(maxsize=20_000)(self._resolve)

    def __len__(self) -> int:
        return len(self.units)

    def __getitem__(self, unit_id: str) -> Unit:
        return self.units[unit_id]

    def names(self) -> list[tuple[str, str]]:
        """Every (written name, unit id) pair, for phrase matchers."""
        out = []
        for u in self.units.values():
            for name in (u.zh, u.en, *u.aliases):
                out.append((name, u.id))
        return out

    def resolve(self, text: str) -> Resolution:
        """Map a written unit name to a canonical unit: exact alias, then fuzzy, else a stable id.
        (Memoised: the same few hundred names recur in every notice of a batch.)"""
        return self._memo(text)

    def resolve_match(self, text: str, unit_id: Optional[str]) -> Resolution:
        """The resolution of a name the units stage already matched to ``unit_id``; a name it
        did not match (``None``) is resolved."""
        if unit_id:
            u = self.units[unit_id]
            return Resolution(text, u.id, u.zh, u, 100.0)
        return self.resolve(text)

    def _resolve(self, text: str) -> Resolution:
        key = canonical(text)
        uid = self._index.get(key)
        if uid:
            u = self.units[uid]
            return Resolution(text, u.id, u.zh, u, 100.0)
        if not key:
            return Resolution(text, stable_id(text), text, None, 0.0)
        is_zh = has_han(key)
        scorer = fuzz.ratio if is_zh else fuzz.token_sort_ratio
        best = process.extractOne(key, self._keys, scorer=scorer)
        nearest = self.units[self._index[best[0]]] if best else None
        score = best[1] if best else 0.0
        # a name that contains a known name whole is another body (市发展改革委 is not
        # 国家发展改革委;
        # 专利局审查业务管理部 is not 专利局): fuzzy matching is for spelling variants only
        contains = best and is_zh and best[0] in key and best[0] != key
        # a character that names a tier of government is no spelling variant: 各县级人民政府 is
        # not 各省级人民政府, 市财政局 not 省财政厅
        other_tier = best and is_zh and bool((set(key) ^ set(best[0])) & _TIERS)
        if best and score >= FUZZY_THRESHOLD and len(key) >= 4 and not contains and not other_tier:
            return Resolution(text, nearest.id, nearest.zh, nearest, score, nearest, score)
        return Resolution(text, stable_id(text), text.strip(), None, 0.0, nearest, score)


@lru_cache(maxsize=None)
def load_registry(path: Optional[str] = None) -> Registry:
    """Load the unit registry once (read-only). ``path`` overrides the shipped data file."""
    if path:
        raw = open(path, encoding="utf-8").read()
    else:
        raw = resources.files("policyparse").joinpath("data/units.jsonl").read_text("utf-8")
    units = {}
    for line in raw.splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        units[d["id"]] = Unit(
            id=d["id"],
            zh=d["zh"],
            en=d["en"],
            kind=d.get("kind", ""),
            aliases=tuple(d.get("aliases", ())),
            scope=d.get("scope"),
        )
    return Registry(units)


def names_of(language: str) -> list[tuple[str, str]]:
    """(name, unit id) for every registry name written in ``language`` (Chinese names hold Han
    characters), two characters or more: what the matchers look for."""
    return [
        (n, uid)
        for n, uid in load_registry().names()
        if has_han(n) == (language == "zh") and len(n) >= 2
    ]


@lru_cache(maxsize=2)
def name_spans(language: str) -> "NameSpans":
    """Every known unit name of a language in one automaton, built once."""
    from .names import NameSpans

    return NameSpans(names_of(language), language)


def known_spans(
    text: str, language: str, start: int = 0, end: Optional[int] = None
) -> list[tuple[int, int]]:
    """Spans of known unit names in text[start:end] (offsets into text), longest first, no overlaps.
    An Aho-Corasick automaton (an alternation of several hundred names was tried at every
    character); English names match in any case, at word boundaries, with the single spaces
    that cleaned text has."""
    e = len(text) if end is None else end
    names = name_spans("zh" if language == "zh" else "en")
    return [(s + start, t + start) for s, t in names.spans(text[start:e])]
