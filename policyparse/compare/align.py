"""An original and its translation side by side: ``policyparse.align(original, translation)``.

Sections pair by their numbering (the ordinal path their labels give: 四（二）7 and IV (2) 7),
tasks by what survives translation: the units' registry ids, the numbers, their sections'
pairing, and their length against the documents' own length ratio. Both are aligned as
sequences (dynamic programming, with one-to-two steps for an item a translation split or merged),
so that one dropped item shifts nothing after it. Inside a task pair, sentences are aligned by
length and numbers, the same way.

Then, pair by pair, what differs in substance: an item or sentence with no counterpart, a
target whose value, unit or direction differs, a deadline whose date differs, a number written
on one side that the other cannot express, a unit on one side only or in another role, and an
English unit name the registry does not know (an alias to learn, or a mistranslation).

Numbers are compared asymmetrically: a number written in digits on one side must be one the
other side can express in any form (digits, Chinese numerals, English number words, month
names), so that "百分之九十" against "90%" and "两个市场" against "two markets" agree, while 93%
against 95% does not.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Optional

from ..base import datafiles, marks
from ..base.extents import without
from ..base.numbers import NUMBER, cn_to_int, label_number, to_number
from ..extract.magnitudes import scale_factors
from ..model import Document, Section, Target, Task
from ..structure.dates import en_months

# a pair scores its similarity (0..1) less this: below it, two items are better left unpaired
PAIR_FLOOR = 0.3
# a merge (two items against one) must beat its best single pair by this much
MERGE_MARGIN = 0.05
# what leaving a sentence of a paired task unpaired costs in the sentence alignment
SENTENCE_GAP = 0.1
KINDS = (
    "section_unpaired",
    "task_unpaired",
    "task_merged",
    "sentence_unpaired",
    "target_differs",
    "deadline_differs",
    "number_missing",
    "unit_missing",
    "unit_role_differs",
    "unit_name_unknown",
)


# ---- the result --------------------------------------------------------------------------
@dataclass
class Pair:
    """Items that correspond: ``original`` and ``translation`` are lists of ids (two for a split
    or merged item), None where there is no counterpart."""

    kind: str  # section | task
    original: Optional[list[str]]
    translation: Optional[list[str]]
    score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "original": self.original,
            "translation": self.translation,
            "score": round(self.score, 3),
        }


@dataclass
class Discrepancy:
    """Something that differs in substance between paired items, with both sides' text."""

    kind: str
    original: Optional[list[str]]
    translation: Optional[list[str]]
    original_text: Optional[str]
    translation_text: Optional[str]
    detail: str = ""
    on: str = "task"  # what the ids name: task | section

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "on": self.on,
            "original": self.original,
            "translation": self.translation,
            "original_text": self.original_text,
            "translation_text": self.translation_text,
            "detail": self.detail,
        }


@dataclass
class AliasCandidate:
    """An English name a translation gives a unit the registry knows under other names."""

    unit_id: str
    name_zh: str
    name_en: str
    alias: str
    tasks: list[str] = field(default_factory=list)


@dataclass
class Alignment:
    original: Document
    translation: Document
    pairs: list[Pair]
    discrepancies: list[Discrepancy]
    aliases: list[AliasCandidate] = field(default_factory=list)

    def __repr__(self) -> str:
        paired = sum(1 for p in self.pairs if p.original and p.translation)
        return (
            f"<Alignment {self.original.language}->{self.translation.language}: "
            f"{paired} pairs, {len(self.pairs) - paired} unpaired, "
            f"{len(self.discrepancies)} discrepancies>"
        )

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for d in self.discrepancies:
            out[d.kind] = out.get(d.kind, 0) + 1
        return out

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``schemas/align.schema.json``."""
        return {
            "original": _doc_ref(self.original),
            "translation": _doc_ref(self.translation),
            "pairs": [p.to_dict() for p in self.pairs],
            "discrepancies": [d.to_dict() for d in self.discrepancies],
            "summary": {
                "sections": _count(self.pairs, "section"),
                "tasks": _count(self.pairs, "task"),
                "discrepancies": self.counts(),
            },
        }

    def to_json(self, indent: Optional[int] = 1) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def alias_candidates(self) -> list[dict[str, Any]]:
        """Names to review before adding them to the registry (``--learn-aliases``)."""
        return [
            {
                "unit_id": a.unit_id,
                "zh": a.name_zh,
                "en": a.name_en,
                "alias": a.alias,
                "seen": len(a.tasks),
                "tasks": a.tasks,
            }
            for a in self.aliases
        ]


def _doc_ref(d: Document) -> dict[str, Any]:
    return {
        "language": d.language,
        "title": d.metadata.title,
        "path": d.source.path,
        "sha256": d.source.sha256,
    }


def _count(pairs: list[Pair], kind: str) -> dict[str, int]:
    ps = [p for p in pairs if p.kind == kind]
    return {
        "paired": sum(1 for p in ps if p.original and p.translation),
        "original_only": sum(1 for p in ps if not p.translation),
        "translation_only": sum(1 for p in ps if not p.original),
    }


# ---- numbers ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Numbers:
    """``written``: values written in digits (or 百分之…), with their scale; ``expressible``:
    every value the text can express in any form."""

    written: frozenset[float]
    expressible: frozenset[float]


@lru_cache(maxsize=None)
def _number_words() -> dict[str, float]:
    return {k: float(v) for k, v in datafiles.load("number_words.json")["en"].items()}


@lru_cache(maxsize=None)
def _number_rx(language: str) -> re.Pattern:
    """A number and the scale word after it; the scale words are magnitudes.json's (one home
    with the targets' magnitudes), longest first."""
    scales = "|".join(sorted(map(re.escape, scale_factors(language)), key=len, reverse=True))
    if language == "zh":
        return re.compile(rf"(?P<n>{NUMBER})\s*(?P<s>{scales})?")
    return re.compile(
        r"(?<![\d.,])(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<o>st|nd|rd|th)?"
        rf"(?:\s*(?P<s>{scales})\b)?",
        re.I,
    )


_EN_WORD = re.compile(r"[A-Za-z]+")


def _round(v: float) -> float:
    return float(f"{v:.6g}")


def numbers(text: str, language: str) -> Numbers:
    """The numbers of a text, as ``Numbers``."""
    written: set[float] = set()
    can: set[float] = set()
    if language == "zh":
        scales = scale_factors("zh")
        for m in _number_rx("zh").finditer(text):
            raw = m.group("n")
            v, _pct = to_number(raw)
            if v is None:
                continue
            factor = scales.get(m.group("s") or "", 1)
            digits = bool(re.match(r"[0-9０-９]", raw)) or raw.startswith("百分之")
            for x in (v, v * factor):
                can.add(_round(x))
            if digits:
                written.add(_round(v * factor))
            elif cn_to_int(raw) is not None and v * factor >= 10_000:
                written.add(_round(v * factor))  # 一万家: a quantity, however it is written
    else:
        scales = scale_factors("en")
        for m in _number_rx("en").finditer(text):
            v = float(m.group("n").replace(",", ""))
            factor = scales.get((m.group("s") or "").lower(), 1)
            can.add(_round(v))
            can.add(_round(v * factor))
            if not m.group("o"):  # (19th: an ordinal, as 十九大 writes it in numerals)
                written.add(_round(v * factor))
        words, months = _number_words(), en_months()
        for w in _EN_WORD.findall(text):
            lw = w.lower()
            if lw in words:
                can.add(words[lw])
            if lw in months:
                can.add(float(months[lw]))
    return Numbers(frozenset(written), frozenset(can | written))


def _missing(a: Numbers, b: Numbers) -> list[float]:
    """Values written on side a that side b cannot express."""
    return sorted(v for v in a.written if v not in b.expressible)


def _number_agreement(a: Numbers, b: Numbers) -> Optional[float]:
    total = len(a.written) + len(b.written)
    if not total:
        return None
    ok = sum(1 for v in a.written if v in b.expressible) + sum(
        1 for v in b.written if v in a.expressible
    )
    return ok / total


def _show(v: float) -> str:
    return f"{v:g}" if abs(v) < 1e15 else f"{v:.6g}"


# ---- sequence alignment ---------------------------------------------------------------------
Step = tuple[list[int], list[int], float]  # indices on each side (empty: no counterpart), score
FULL_CELLS = 250_000  # up to 500 x 500 items: every pairing is considered
BAND_CELLS = 400_000  # past that, a band around the diagonal of about this many cells


def _band(n: int, m: int) -> Callable[[int], tuple[int, int]]:
    """The columns of row ``i`` the alignment considers: all of them for two sequences of
    ordinary length; for long ones (2,000 tasks, a task of 8,000 sentences) a band around the
    proportional diagonal, wide enough that neighbouring rows connect, so time and memory grow
    with n + m, not n x m (a translation follows its original's order; it does not move an
    item by more than the band)."""
    if (n + 1) * (m + 1) <= FULL_CELLS:
        return lambda i: (0, m)
    half = max(20, BAND_CELLS // (2 * max(n, 1))) + -(-m // max(n, 1))

    def span(i: int) -> tuple[int, int]:
        c = (i * m) // max(n, 1)
        return max(0, c - half), min(m, c + half)

    return span


def align_sequences(
    n: int,
    m: int,
    sim: Callable[[list[int], list[int]], float],
    merges: bool = True,
    gap: float = 0.0,
    margin: float = MERGE_MARGIN,
) -> list[Step]:
    """A monotone alignment of two sequences maximising the sum of (similarity - PAIR_FLOOR)
    over its pairs, weighted by the items a step covers (a 1:1 step two, a 2:1 or 1:2 step
    three: 1.5 times): 1:1 steps, 2:1 and 1:2 steps (a merged or split item, when ``merges`` and
    it beats both of its single pairs by ``margin``), and gaps (``gap``: 0, or what leaving
    an item unpaired costs)."""
    memo: dict[tuple[tuple[int, ...], tuple[int, ...]], float] = {}
    score_of = sim

    def scored(i: list[int], j: list[int]) -> float:
        """``sim``, each pair scored once (the loop asks for most twice or three times)."""
        key = (tuple(i), tuple(j))
        if key not in memo:
            memo[key] = score_of(i, j)
        return memo[key]

    neg = -1e9
    best: dict[tuple[int, int], float] = {(0, 0): 0.0}
    back: dict[tuple[int, int], tuple[int, int, float]] = {}
    span = _band(n, m)
    for i in range(n + 1):
        lo, hi = span(i)
        for j in range(lo, hi + 1):
            here = best.get((i, j), neg)
            if here == neg:
                continue
            moves: list[tuple[int, int, float]] = []
            if i < n:
                moves.append((1, 0, -gap))
            if j < m:
                moves.append((0, 1, -gap))
            if i < n and j < m:
                one = scored([i], [j])
                moves.append((1, 1, one - PAIR_FLOOR))
                if merges and i + 1 < n:
                    s2 = scored([i, i + 1], [j])
                    if s2 > max(one, scored([i + 1], [j])) + margin:
                        moves.append((2, 1, 1.5 * (s2 - PAIR_FLOOR)))
                if merges and j + 1 < m:
                    s2 = scored([i], [j, j + 1])
                    if s2 > max(one, scored([i], [j + 1])) + margin:
                        moves.append((1, 2, 1.5 * (s2 - PAIR_FLOOR)))
            for di, dj, gain in moves:
                to = (i + di, j + dj)
                t_lo, t_hi = span(to[0])
                if t_lo <= to[1] <= t_hi and here + gain > best.get(to, neg):
                    best[to] = here + gain
                    back[to] = (di, dj, gain)
    steps: list[Step] = []
    i, j = n, m
    while i or j:
        di, dj, gain = back[(i, j)]
        a_idx, b_idx = list(range(i - di, i)), list(range(j - dj, j))
        score = gain / (1.5 if di + dj == 3 else 1.0) + PAIR_FLOOR if di and dj else 0.0
        steps.append((a_idx, b_idx, score))
        i, j = i - di, j - dj
    steps.reverse()
    return steps


# ---- sections -------------------------------------------------------------------------------


def ordinal(label: str) -> Optional[int]:
    """The number a label gives: 一/（一）/1/(1)/I/Article 3/第三条 -> 1, 1, 1, 1, 1, 3, 3."""
    return label_number(label)


def _paths(doc: Document) -> list[tuple[Section, tuple]]:
    out: list[tuple[Section, tuple]] = []

    def walk(secs: list[Section], prefix: tuple) -> None:
        for s in secs:
            path = (*prefix, ordinal(s.label))
            out.append((s, path))
            walk(s.children, path)

    walk(doc.sections, ())
    return out


def _own_words(doc: Document) -> list[str]:
    """Each section's words (in walk order) outside its tasks and their attributions (which
    name units, and unit names hold numbers of their own: "the 2022 Olympic … Committee" for
    北京冬奥组委). The cuts are sorted once for the document."""
    cuts = sorted(
        [(t.span.start, t.span.end) for t in doc.tasks]
        + [
            (t.attribution_span.start, t.attribution_span.end)
            for t in doc.tasks
            if t.attribution_span
        ]
    )
    out = []
    for s in doc.iter_sections():
        end = s.children[0].span.start if s.children else s.span.end
        out.append(without(doc.text, s.span.start, end, cuts))
    return out


def _plausible(la: int, lb: int, ratio: float) -> float:
    """How well two lengths fit the documents' length ratio (1: exactly)."""
    if not la or not lb:
        return 0.0 if la or lb else 1.0
    return math.exp(-abs(math.log(lb / (ratio * la))))


# ---- the alignment --------------------------------------------------------------------------
def align(original: Any, translation: Any, language: Optional[str] = None) -> Alignment:
    """Pair the sections and tasks of an original and its translation (Documents, parsed JSON
    or paths) and report what differs in substance."""
    from .load import load_any

    a, b = load_any(original, language), load_any(translation)
    return _Aligner(a, b).run()


class _Aligner:
    def __init__(self, a: Document, b: Document):
        self.a, self.b = a, b
        self.ratio = max(len(b.text), 1) / max(len(a.text), 1)
        self.pairs: list[Pair] = []
        self.found: list[Discrepancy] = []
        self.aliases: dict[tuple[str, str], AliasCandidate] = {}

    def run(self) -> Alignment:
        sec_pairs = self._sections()
        self._tasks(sec_pairs)
        self._fold_merged_items()
        return Alignment(self.a, self.b, self.pairs, self.found, list(self.aliases.values()))

    def _fold_merged_items(self) -> None:
        """An item whose tasks a translation merged into another item's loses its heading:
        that is the merge (reported), not a section lost besides."""
        merged_a = {t for d in self.found if d.kind == "task_merged" for t in d.original or []}
        merged_b = {t for d in self.found if d.kind == "task_merged" for t in d.translation or []}

        def folded(doc: Document, sid: str, merged: set[str]) -> bool:
            tasks = [t.id for t in doc.tasks if t.section_id == sid]
            return bool(tasks) and all(t in merged for t in tasks)

        keep = []
        for d in self.found:
            if d.kind == "section_unpaired" and (
                (d.original and folded(self.a, d.original[0], merged_a))
                or (d.translation and folded(self.b, d.translation[0], merged_b))
            ):
                continue
            keep.append(d)
        self.found = keep

    # -- sections
    def _sections(self) -> dict[str, str]:
        pa, pb = _paths(self.a), _paths(self.b)
        own_a, own_b = _own_words(self.a), _own_words(self.b)  # (both in walk order, as pa, pb)
        num_a = [numbers(t, self.a.language) for t in own_a]
        num_b = [numbers(t, self.b.language) for t in own_b]

        def sim(i: list[int], j: list[int]) -> float:
            if len(i) != 1 or len(j) != 1:
                return 0.0
            (sa, path_a), (sb, path_b) = pa[i[0]], pb[j[0]]
            score = 0.5 * (path_a == path_b and None not in path_a)
            score += 0.2 * (sa.level == sb.level)
            score += 0.3 * _plausible(len(own_a[i[0]]), len(own_b[j[0]]), self.ratio)
            return score

        mapping: dict[str, str] = {}
        for ia, ib, score in align_sequences(len(pa), len(pb), sim, merges=False):
            sa = pa[ia[0]][0] if ia else None
            sb = pb[ib[0]][0] if ib else None
            self.pairs.append(
                Pair("section", [sa.id] if sa else None, [sb.id] if sb else None, score)
            )
            if sa and sb:
                mapping[sa.id] = sb.id
                first = len(self.found)
                consumed = self._targets(
                    [t for t in self.a.targets if self._section_level(self.a, t, sa)],
                    [t for t in self.b.targets if self._section_level(self.b, t, sb)],
                    [sa.id],
                    [sb.id],
                )
                self._numbers(
                    num_a[ia[0]],
                    num_b[ib[0]],
                    [sa.id],
                    [sb.id],
                    own_a[ia[0]],
                    own_b[ib[0]],
                    skip=consumed,
                )
                for d in self.found[first:]:
                    d.on = "section"
            else:
                s = sa or sb
                assert s is not None
                self.found.append(
                    Discrepancy(
                        "section_unpaired",
                        [sa.id] if sa else None,
                        [sb.id] if sb else None,
                        f"{sa.label} {sa.title}".strip() if sa else None,
                        f"{sb.label} {sb.title}".strip() if sb else None,
                        "a section with no counterpart in the "
                        + ("translation" if sa else "original"),
                        on="section",
                    )
                )
        return mapping

    @staticmethod
    def _section_level(doc: Document, t: Target, s: Section) -> bool:
        """A target in the section's own words (in no task)."""
        end = s.children[0].span.start if s.children else s.span.end
        if not (s.span.start <= t.span.start < end):
            return False
        return not any(k.span.start <= t.span.start < k.span.end for k in doc.tasks)

    # -- tasks
    def _tasks(self, sec_map: dict[str, str]) -> None:
        ta, tb = self.a.tasks, self.b.tasks
        na = [numbers(t.text, self.a.language) for t in ta]
        nb = [numbers(t.text, self.b.language) for t in tb]

        known: dict[tuple[int, tuple[int, ...]], tuple[set, Numbers, int]] = {}

        def feats(side: int, idx: list[int]) -> tuple[set, Numbers, int]:
            """An item's (or two merged items') units, numbers and length: worked out once
            (the alignment asks for each about six times)."""
            key = (side, tuple(idx))
            if key not in known:
                tasks, nums = (ta, na) if side == 0 else (tb, nb)
                units = {r.unit_id for k in idx for r in tasks[k].responsible}
                written = frozenset().union(*(nums[k].written for k in idx))
                can = frozenset().union(*(nums[k].expressible for k in idx))
                length = sum(len(tasks[k].text) for k in idx)
                known[key] = (units, Numbers(written, can), length)
            return known[key]

        def sim(i: list[int], j: list[int]) -> float:
            ua, numa, la = feats(0, i)
            ub, numb, lb = feats(1, j)
            parts: list[tuple[float, float]] = []
            if ua or ub:
                parts.append((0.35, len(ua & ub) / len(ua | ub)))
            agree = _number_agreement(numa, numb)
            if agree is not None:
                parts.append((0.25, agree))
            parts.append((0.2, _plausible(la, lb, self.ratio)))
            secs_a = {ta[k].section_id for k in i}
            secs_b = {tb[k].section_id for k in j}
            parts.append((0.2, 1.0 if {sec_map.get(s or "") for s in secs_a} & secs_b else 0.0))
            return sum(w * v for w, v in parts) / sum(w for w, _ in parts)

        for i, j, score in align_sequences(len(ta), len(tb), sim):
            ids_a = [ta[k].id for k in i] or None
            ids_b = [tb[k].id for k in j] or None
            self.pairs.append(Pair("task", ids_a, ids_b, score))
            text_a = " ".join(ta[k].text for k in i) or None
            text_b = " ".join(tb[k].text for k in j) or None
            if not (i and j):
                self.found.append(
                    Discrepancy(
                        "task_unpaired",
                        ids_a,
                        ids_b,
                        text_a,
                        text_b,
                        "a task with no counterpart in the " + ("translation" if i else "original"),
                    )
                )
                continue
            if len(i) > 1 or len(j) > 1:
                self.found.append(
                    Discrepancy(
                        "task_merged",
                        ids_a,
                        ids_b,
                        text_a,
                        text_b,
                        f"{len(i)} task(s) of the original against {len(j)} of the translation",
                    )
                )
            assert ids_a is not None and ids_b is not None and text_a and text_b
            _, numa, _ = feats(0, i)
            _, numb, _ = feats(1, j)
            tasks_a, tasks_b = [ta[k] for k in i], [tb[k] for k in j]
            consumed = self._targets(
                [x for t in tasks_a for x in t.targets],
                [x for t in tasks_b for x in t.targets],
                ids_a,
                ids_b,
            )
            consumed |= self._deadlines(tasks_a, tasks_b, ids_a, ids_b)
            if len(i) == 1 and len(j) == 1:
                consumed |= self._sentences(text_a, text_b, ids_a, ids_b)
            self._numbers(numa, numb, ids_a, ids_b, text_a, text_b, skip=consumed)
            # (two merged tasks' roles do not compare: each had its own lead)
            self._units(tasks_a, tasks_b, ids_a, ids_b, roles=len(i) == len(j) == 1)

    # -- what differs inside a pair
    def _numbers(
        self,
        a: Numbers,
        b: Numbers,
        ids_a: list[str],
        ids_b: list[str],
        text_a: str,
        text_b: str,
        skip: frozenset[float] = frozenset(),
    ) -> None:
        for side, v in [("original", v) for v in _missing(a, b)] + [
            ("translation", v) for v in _missing(b, a)
        ]:
            if v in skip:
                continue
            self.found.append(
                Discrepancy(
                    "number_missing",
                    ids_a,
                    ids_b,
                    text_a,
                    text_b,
                    f"{_show(v)} is written in the {side} only",
                )
            )

    def _targets(
        self, ta: list[Target], tb: list[Target], ids_a: list[str], ids_b: list[str]
    ) -> frozenset[float]:
        """Targets of a pair compared by what they measure in (the magnitude's unit): a value,
        range or direction that differs is reported; the values it names are returned, so that
        they are not reported again as numbers. A target found on one side only is left to the
        numbers (a phrasing the parser reads in one language only is not a discrepancy)."""
        consumed: set[float] = set()

        def key(t: Target) -> tuple[str, float, Optional[float]]:
            m = t.magnitude
            if m is None:
                return (t.unit, t.value, t.value_max)
            return (m.unit, _round(m.value), _round(m.value_max) if m.value_max else None)

        rest_b = list(tb)
        unmatched_a = []
        for t in ta:
            k = key(t)
            hit = next((x for x in rest_b if key(x) == k), None)
            if hit is None:
                unmatched_a.append(t)
                continue
            rest_b.remove(hit)
            if (
                _sense(t.comparator)
                and _sense(hit.comparator)
                and (_sense(t.comparator) != _sense(hit.comparator))
            ):
                self.found.append(
                    Discrepancy(
                        "target_differs",
                        ids_a,
                        ids_b,
                        t.text,
                        hit.text,
                        f"a {_sense(t.comparator)} in the original, "
                        f"a {_sense(hit.comparator)} in the translation",
                    )
                )
        for t in unmatched_a:
            unit = key(t)[0]
            hit = next((x for x in rest_b if key(x)[0] == unit), None)
            if hit is None:
                continue
            rest_b.remove(hit)
            ka, kb = key(t), key(hit)
            consumed |= {v for v in (ka[1], ka[2], kb[1], kb[2]) if v is not None}
            self.found.append(
                Discrepancy(
                    "target_differs",
                    ids_a,
                    ids_b,
                    t.text,
                    hit.text,
                    f"{t.metric or 'a target'}: {_as_written(t)} in the original, "
                    f"{_as_written(hit)} in the translation",
                )
            )
        return frozenset(consumed)

    def _deadlines(
        self, ta: list[Task], tb: list[Task], ids_a: list[str], ids_b: list[str]
    ) -> frozenset[float]:
        """Dated deadlines of a pair compared (when both sides have some: a phrasing read in
        one language only is left to the numbers); returns the year, month and day numbers of
        the dates that differ, reported here and not again as numbers."""
        da = {d.date: d for t in ta for d in t.deadlines if d.date and not d.recurring}
        db = {d.date: d for t in tb for d in t.deadlines if d.date and not d.recurring}
        if not da or not db or set(da) == set(db):
            return frozenset()
        only_a, only_b = sorted(set(da) - set(db)), sorted(set(db) - set(da))
        self.found.append(
            Discrepancy(
                "deadline_differs",
                ids_a,
                ids_b,
                "；".join(da[d].text for d in only_a) or None,
                "; ".join(db[d].text for d in only_b) or None,
                f"{', '.join(only_a) or 'none'} in the original, "
                f"{', '.join(only_b) or 'none'} in the translation",
            )
        )
        return frozenset(float(x) for d in only_a + only_b for x in d.split("-"))

    def _units(
        self, ta: list[Task], tb: list[Task], ids_a: list[str], ids_b: list[str], roles: bool
    ) -> None:
        ra = {r.unit_id: r for t in ta for r in t.responsible}
        rb = {r.unit_id: r for t in tb for r in t.responsible}
        for uid in ra.keys() & rb.keys() if roles else ():
            if _role(ra[uid].role, len(ra)) != _role(rb[uid].role, len(rb)):
                self.found.append(
                    Discrepancy(
                        "unit_role_differs",
                        ids_a,
                        ids_b,
                        ra[uid].text,
                        rb[uid].text,
                        f"{ra[uid].role} in the original, {rb[uid].role} in the translation",
                    )
                )
        left_a = [r for u, r in ra.items() if u not in rb]
        left_b = [r for u, r in rb.items() if u not in ra]
        # a name the registry does not know, where the original names a known unit: the same
        # unit under a name to learn (or a mistranslation), not a unit lost and one added
        # a unit the registry does not know on either side, in the same place: the same body
        # (知识产权数据管理中心, "Intellectual Property Data Management Center"); the registry
        # has nothing to say of its names, its role is compared
        for ra_, rb_ in zip(
            [r for r in left_a if not r.known], [r for r in left_b if not r.known], strict=False
        ):
            left_a.remove(ra_)
            left_b.remove(rb_)
            if roles and _role(ra_.role, len(ra)) != _role(rb_.role, len(rb)):
                self.found.append(
                    Discrepancy(
                        "unit_role_differs",
                        ids_a,
                        ids_b,
                        ra_.text,
                        rb_.text,
                        f"{ra_.role} in the original, {rb_.role} in the translation",
                    )
                )
        unknown_b = [r for r in left_b if not r.known]
        known_a = [r for r in left_a if r.known]
        for rb_, ra_ in zip(unknown_b, known_a, strict=False):
            left_a.remove(ra_)
            left_b.remove(rb_)
            self.found.append(
                Discrepancy(
                    "unit_name_unknown",
                    ids_a,
                    ids_b,
                    ra_.text,
                    rb_.text,
                    f"'{rb_.text}' is not a name the registry knows for {ra_.unit_id} "
                    f"({ra_.name_en or ra_.name}): an alias to learn, or a mistranslation",
                )
            )
            key = (ra_.unit_id, rb_.text)
            cand = self.aliases.setdefault(
                key,
                AliasCandidate(ra_.unit_id, ra_.name_zh or ra_.name, ra_.name_en or "", rb_.text),
            )
            cand.tasks.append(ids_b[0])
        for r in left_a:
            self.found.append(
                Discrepancy(
                    "unit_missing",
                    ids_a,
                    ids_b,
                    r.text,
                    None,
                    f"{r.name} ({r.role}) is named in the original only",
                )
            )
        for r in left_b:
            self.found.append(
                Discrepancy(
                    "unit_missing",
                    ids_a,
                    ids_b,
                    None,
                    r.text,
                    f"{r.text} ({r.role}) is named in the translation only",
                )
            )

    def _sentences(
        self, text_a: str, text_b: str, ids_a: list[str], ids_b: list[str]
    ) -> frozenset[float]:
        """Sentences of one task pair aligned by length and numbers; one left over is reported
        when the pair's lengths say so too (the side that lacks it is shorter than the documents'
        ratio allows), so that a translator's way of cutting sentences is not. Returns the numbers
        of the sentences reported (not reported again as numbers)."""
        sa, sb = _sentences(text_a, self.a.language), _sentences(text_b, self.b.language)
        consumed: set[float] = set()
        if len(sa) < 2 and len(sb) < 2:
            return frozenset()
        na = [numbers(s, self.a.language) for s in sa]
        nb = [numbers(s, self.b.language) for s in sb]

        def sim(i: list[int], j: list[int]) -> float:
            la = sum(len(sa[k]) for k in i)
            lb = sum(len(sb[k]) for k in j)
            score = _plausible(la, lb, self.ratio)
            agree = _number_agreement(
                Numbers(
                    frozenset().union(*(na[k].written for k in i)),
                    frozenset().union(*(na[k].expressible for k in i)),
                ),
                Numbers(
                    frozenset().union(*(nb[k].written for k in j)),
                    frozenset().union(*(nb[k].expressible for k in j)),
                ),
            )
            return score if agree is None else 0.6 * score + 0.4 * agree

        expected_b = self.ratio * len(text_a)
        # (a sentence is taken to have a counterpart unless leaving it out fits clearly better:
        # a translator joins and splits sentences, and rarely drops one)
        for i, j, _ in align_sequences(len(sa), len(sb), sim, gap=SENTENCE_GAP, margin=0.0):
            if i and j:
                continue
            lost = sa[i[0]] if i else sb[j[0]]
            long_enough = len(lost) >= (
                8 if (self.a.language if i else self.b.language) == "zh" else 30
            )
            # the side without it is shorter than the ratio expects
            shorter = len(text_b) < expected_b if i else len(text_b) > expected_b
            if not (long_enough and shorter):
                continue
            consumed |= (na[i[0]] if i else nb[j[0]]).written
            self.found.append(
                Discrepancy(
                    "sentence_unpaired",
                    ids_a,
                    ids_b,
                    lost if i else None,
                    None if i else lost,
                    "a sentence with no counterpart in the "
                    + ("translation" if i else "original")
                    + f": {lost[:120]}",
                )
            )
        return frozenset(consumed)


def _as_written(t: Target) -> str:
    value = _show(t.value) + (f"–{_show(t.value_max)}" if t.value_max is not None else "")
    return f"{value} {t.unit}".strip()


def _role(role: str, units: int) -> str:
    """A role as compared: a unit named alone leads what it is responsible for (a lead rule
    reads "first listed leads" only where two or more are listed)."""
    return "lead" if units == 1 and role == "responsible" else role


def _sense(comparator: str) -> Optional[str]:
    if comparator in (">=", ">"):
        return "floor"
    if comparator in ("<=", "<"):
        return "ceiling"
    return None


_ZH_SENT = re.compile(f"[^{marks.ZH_SENTENCE}；]+{marks.cls(marks.ZH_SENTENCE, '；')}?")
_EN_SENT = re.compile(r".+?(?:[.;!?](?=\s+[A-Z(\"“]|\s*$)|$)", re.S)


def _sentences(text: str, language: str) -> list[str]:
    rx = _ZH_SENT if language == "zh" else _EN_SENT
    return [s.strip() for s in rx.findall(text) if s.strip()]
