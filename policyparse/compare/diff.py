"""Diff two versions of a guideline: what tasks were added, dropped, moved, reworded, split or
merged; which units gained or lost duties; which targets and deadlines tightened or loosened.

Tasks are aligned by content, not numbering: rapidfuzz similarity of their texts (characters for
Chinese, words for English), with the section title and the units as tie-breakers, solved as an
optimal one-to-one assignment (scipy's Hungarian algorithm). Splits and merges are found first,
by containment: most of one old task's words reappear in two or more new tasks, or the reverse.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Optional, Union

import numpy as np
from rapidfuzz import fuzz
from scipy.optimize import linear_sum_assignment

from ..model import Document, Target, Task
from . import identity
from .load import load_any

MATCH = 0.55  # similarity (0-1) below which two tasks are different tasks
SAME = 0.98  # at or above: unchanged
CONTAIN = 0.75  # share of a part's tokens found in the whole, for split/merge
COVER = 0.7  # share of the whole covered by its parts
# the parts of a split or a merge, joined, must read like the whole: containment alone pairs
# a long review paragraph with every short task whose characters it happens to hold
JOINED_MIN = 0.5
TITLE_SAME = 0.9  # item titles this alike pair items that no text matched (no attributions)
METRIC_MATCH = 0.6


def _tokens(s: str) -> list[str]:
    return re.findall(
        r"[\u3400-\u9fff]|[a-z0-9]+(?:[.'’-][a-z0-9]+)*", unicodedata.normalize("NFKC", s).lower()
    )


def _norm(s: str) -> str:
    """Tokens joined for comparison: Chinese characters run together (spaces between them would
    make any two Chinese strings look alike), English words keep a space."""
    out: list[str] = []
    for tok in _tokens(s):
        if out and tok[0].isascii() and out[-1][-1].isascii():
            out.append(" ")
        out.append(tok)
    return "".join(out)


def similarity(a: str, b: str) -> float:
    return fuzz.ratio(_norm(a), _norm(b)) / 100


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def _no_years(text: str) -> str:
    """A text with its years masked: next year's edition of an annual notice ("2023年1-3月" for
    "2022年1-3月") reads the same (a deadline that moved is reported with the deadlines)."""
    return _YEAR.sub("Y", text)


_EDITION = re.compile(r"第[一二三四五六七八九十百\d]+[届次批期轮]|\d+")


def _heading_key(title: str) -> str:
    """A heading as compared for a rename: years and edition numbers left out."""
    return _norm(_EDITION.sub("", title))


# a task this alike another on the other side continues as that one: it is no part of a
# merge or a split (春风行动 and 就业援助月 merged; 残疾人就业帮扶活动, which the merged item
# happens to mention, goes on as itself)
CONTINUES = 0.9


def _continuing(olds: list[str], news: list[str]) -> tuple[list[set[int]], list[set[int]]]:
    """For each old text the new ones it is CONTINUES-alike, and for each new text the old
    ones (``similarity``, which is symmetric: each pair weighed once, in rapidfuzz's cdist a
    block of rows at a time)."""
    from rapidfuzz import process

    a, b = [_norm(t) for t in olds], [_norm(t) for t in news]
    of_old: list[set[int]] = []
    of_new: list[set[int]] = [set() for _ in b]
    for k in range(0, len(a), 500):
        block = process.cdist(
            a[k : k + 500], b, scorer=fuzz.ratio, dtype=np.float64, score_cutoff=CONTINUES * 100
        )
        for i, row in enumerate(block, start=k):
            js = np.nonzero(row / 100 >= CONTINUES)[0].tolist()
            of_old.append(set(js))
            for j in js:
                of_new[j].add(i)
    return of_old, of_new


def _contained(tp: Counter, tw: Counter) -> float:
    """The share of a part's tokens (counted) that the whole holds."""
    n = sum(tp.values())
    return sum((tp & tw).values()) / n if n else 0.0


ITEM_MIN = 0.35  # the title-led score at which two items of notices without attributions pair
ITEM_TEXT_MIN = 0.15  # ... and the least their texts must share (a plan and a review of one year)


def _attributed(doc: Document) -> bool:
    return any(t.attribution for t in doc.tasks)


VOCAB_MIN = 0.12  # bigram overlap (Jaccard) at which two rewritten items may pair
VOCAB_MARGIN = 1.5  # … when it is this much above every other candidate of either item


def _bigram_overlap(olds: list[str], news: list[str]) -> np.ndarray:
    """Jaccard overlap of the character bigrams of every old text with every new one."""

    def grams(t: str) -> set[str]:
        s = _norm(t)
        return {s[k : k + 2] for k in range(len(s) - 1)}

    go, gn = [grams(t) for t in olds], [grams(t) for t in news]
    return np.array(
        [[len(x & y) / len(x | y) if x | y else 0.0 for y in gn] for x in go], dtype=np.float64
    )


def _items_by_vocabulary(olds: list[str], news: list[str]) -> list[tuple[int, int]]:
    """Pairs (old index, new index) of texts whose character bigrams overlap most, each the
    other's clear best: a rewritten item keeps its topic's words (创业, 引领, 培训), others share
    only the notice's common ones."""
    if not olds or not news:
        return []
    jac = _bigram_overlap(olds, news)
    out = []
    for i in range(len(olds)):
        j = int(np.argmax(jac[i]))
        best = jac[i, j]
        if best < VOCAB_MIN or int(np.argmax(jac[:, j])) != i:
            continue
        row = np.delete(jac[i], j)
        col = np.delete(jac[:, j], i)
        second = max(row.max() if row.size else 0.0, col.max() if col.size else 0.0)
        if best >= VOCAB_MARGIN * second:
            out.append((i, j))
    return out


def _condensed(olds: list[str], news: list[str], parents: list[str]) -> list[tuple[list[int], int]]:
    """Merges by condensation, among items left unpaired: two or more old texts of one parent
    section (``parents``) that each share their most vocabulary (character bigrams, Jaccard >=
    VOCAB_MIN) with one new text, no longer than they are together, which takes nearly all its
    words from them (containment >= CONTAIN): 2020's paragraphs on 民办 schools' admissions
    (审批地统一管理; 电脑随机派位) written as one in 2021. A new text that draws on one old text
    only is left to the other rules; texts of different sections are never condensed (a work
    report's review and its chapter on government both feed the next year's review)."""
    if len(olds) < 2 or not news:
        return []
    jac = _bigram_overlap(olds, news)
    out = []
    for j in range(len(news)):
        parts = [
            i for i in range(len(olds)) if jac[i, j] >= VOCAB_MIN and int(np.argmax(jac[i])) == j
        ]
        if not parts:
            continue
        best = max(parts, key=lambda i: jac[i, j])
        parts = [i for i in parts if parents[i] == parents[best]]
        if len(parts) < 2 or len(news[j]) > sum(len(olds[i]) for i in parts):
            continue
        union: Counter = Counter()
        for i in parts:
            union |= Counter(_tokens(olds[i]))
        if _contained(Counter(_tokens(news[j])), union) >= CONTAIN:
            out.append((parts, j))
    return out


def _ratios(olds: list[str], news: list[str]) -> np.ndarray:
    """rapidfuzz's ratio (0..1) of every old string with every new one, in one call."""
    from rapidfuzz import process

    return process.cdist(olds, news, scorer=fuzz.ratio, dtype=np.float64) / 100


def _items_by_title(
    a: Document, b: Document, olds: list[Task], news: list[Task]
) -> list[tuple[int, int, float]]:
    """Pairs (old index, new index, text similarity) of items left unpaired by their texts,
    scored 0.6 x the similarity of their own titles + 0.4 x that of their texts, + 0.1 when
    their top-level sections' titles agree (years aside); one to one (Hungarian)."""

    if not olds or not news:
        return []

    def title(doc: Document, t: Task) -> str:
        sec = doc.section(t.section_id) if t.section_id else None
        return _norm(sec.title) if sec else ""

    def top(doc: Document, t: Task) -> str:
        return re.sub(r"\d", "#", _top_title(doc, t.section_id))

    titles = _ratios([title(a, t) for t in olds], [title(b, t) for t in news])
    texts = _ratios([_norm(t.text) for t in olds], [_norm(t.text) for t in news])
    tops = _ratios([_norm(top(a, t)) for t in olds], [_norm(top(b, t)) for t in news])
    score = 0.6 * titles + 0.4 * texts + np.where(tops >= 0.85, 0.1, 0.0)
    rows, cols = linear_sum_assignment(-score)
    return [
        (x, y, float(texts[x, y]))
        for x, y in zip(rows, cols, strict=True)
        if score[x, y] >= ITEM_MIN
    ]


def _pair_scores(
    olds: list[Task], news: list[Task], osecs: list[str], nsecs: list[str]
) -> np.ndarray:
    """Every old task against every new one: text similarity (rapidfuzz's ratio over the
    comparison forms, all pairs in one call), +0.02 when their top-level sections' titles agree
    and +0.02 when they name the same units; pairs below MATCH score 0."""

    sim = _ratios([_norm(t.text) for t in olds], [_norm(t.text) for t in news])
    sec = _ratios([_norm(x) for x in osecs], [_norm(x) for x in nsecs])
    has_sec = np.array([bool(x) for x in osecs])[:, None]
    sim += np.where(has_sec & (sec >= 0.85), 0.02, 0.0)
    ou, nu = [_units(t) for t in olds], [_units(t) for t in news]
    same = np.array([[bool(u) and u == v for v in nu] for u in ou], dtype=bool)
    sim += np.where(same, 0.02, 0.0)
    return np.where(sim >= MATCH, sim, 0.0)


def _cover(parts: list[str], whole: str) -> float:
    tw = Counter(_tokens(whole))
    got: Counter[str] = Counter()
    for p in parts:
        got |= Counter(_tokens(p)) & tw
    n = sum(tw.values())
    return sum(got.values()) / n if n else 0.0


def redline(a: str, b: str, language: str) -> list[dict]:
    """Word-level (English) or character-level (Chinese) edit operations from a to b."""
    if language == "zh":
        ta, tb = list(a), list(b)
    else:
        ta, tb = re.findall(r"\S+|\s+", a), re.findall(r"\S+|\s+", b)
    ops = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append({"op": "equal", "text": "".join(ta[i1:i2])})
        else:
            if i2 > i1:
                ops.append({"op": "delete", "text": "".join(ta[i1:i2])})
            if j2 > j1:
                ops.append({"op": "insert", "text": "".join(tb[j1:j2])})
    return ops


@dataclass
class UnitChange:
    added: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    lead_before: list[str] = field(default_factory=list)
    lead_after: list[str] = field(default_factory=list)

    @property
    def lead_changed(self) -> bool:
        return sorted(self.lead_before) != sorted(self.lead_after)

    def any(self) -> bool:
        return bool(self.added or self.dropped or self.lead_changed)


@dataclass
class TargetChange:
    status: str  # added | removed | tightened | loosened | changed | unchanged
    metric: str
    old: Optional[dict] = None
    new: Optional[dict] = None


@dataclass
class DeadlineChange:
    status: str  # added | removed | earlier | later | unchanged
    old: Optional[str] = None
    new: Optional[str] = None


@dataclass
class TaskChange:
    status: str  # unchanged | reworded | added | removed | split | merged
    old: list[str] = field(default_factory=list)  # task ids in the old version
    new: list[str] = field(default_factory=list)
    old_text: str = ""
    new_text: str = ""
    similarity: float = 0.0
    moved: bool = False
    renumbered: bool = False
    # its item's heading changed under the same parent ("大中城市联合招聘…" -> "“职引未来”——大中
    # 城市联合招聘…"); a year or an edition number alone (第一届 -> 第二届) is no new name
    renamed: bool = False
    old_section: str = ""
    new_section: str = ""
    redline: list[dict] = field(default_factory=list)
    units: UnitChange = field(default_factory=UnitChange)
    targets: list[TargetChange] = field(default_factory=list)
    deadlines: list[DeadlineChange] = field(default_factory=list)


@dataclass
class DiffResult:
    old: dict
    new: dict
    language: str
    tasks: list[TaskChange]
    targets: list[TargetChange]
    units: list[dict]
    sections: list[dict]
    summary: dict

    def to_dict(self) -> dict:
        d = asdict(self)
        for t, change in zip(d["tasks"], self.tasks, strict=True):
            t["units"]["lead_changed"] = change.units.lead_changed
        return {"diff_version": "1.0", **d}

    def __repr__(self) -> str:
        s = self.summary
        return (
            "<DiffResult "
            + ", ".join(f"{v} {k}" for k, v in s["tasks"].items() if v)
            + f"; {s['targets_changed']} target changes, "
            + f"{s['units_changed']} units with changed duties>"
        )


# ---------- helpers ----------


def _sections_by_id(doc: Document) -> dict[str, str]:
    return {s.id: f"{s.label} {s.title}".strip() for s in doc.iter_sections()}


def _label(doc: Document, section_id: Optional[str]) -> str:
    """The numbering label of a task's section ("（三）"), "" without one."""
    sec = doc.section(section_id) if section_id else None
    return sec.label if sec else ""


def _top_title(doc: Document, sid: Optional[str]) -> str:
    """The task's level-1 and level-2 section titles (what a reader calls 'where it stands')."""
    if not sid:
        return ""
    parts = sid.split(".")
    titles = []
    for k in range(1, min(len(parts), 2) + 1):
        s = doc.section(".".join(parts[:k]))
        if s:
            titles.append(s.title)
    return " / ".join(titles)


def _units(t: Task) -> set[str]:
    return {r.unit_id for r in t.responsible}


def _unit_names(doc: Document) -> dict[str, str]:
    """unit id -> name in the document's language (the registry's English name for English)."""
    if doc.language == "en":
        return {r.unit_id: r.name_en or r.text for t in doc.tasks for r in t.responsible}
    return {r.unit_id: r.name for t in doc.tasks for r in t.responsible}


def _direction(old: Target, new: Target) -> str:
    """tightened / loosened / raised / lowered / changed for the same metric. A ceiling (<=, <)
    tightens when it falls; a floor (>=, >) when it rises; a cut (降低2.5% -> 3%) tightens when
    it deepens; any other value that moves is raised or lowered; 'changed' is left for the same
    value with another comparator and for values in different units."""
    # compared in their magnitudes (5.66万亿元 and 7000亿元 are both yuan; 1100万人 is 11000000人)
    (ov, ov_max, ounit), (nv, nv_max, nunit) = _measure(old), _measure(new)
    if (ov, ov_max, ounit) == (nv, nv_max, nunit) and old.comparator == new.comparator:
        return "unchanged"
    if ounit != nunit:
        return "changed"
    ov = ov if old.comparator != "between" else (ov + (ov_max or ov)) / 2
    nv = nv if new.comparator != "between" else (nv + (nv_max or nv)) / 2
    ceiling = old.comparator in ("<=", "<") and new.comparator in ("<=", "<", "=")
    floor = old.comparator in (">=", ">") and new.comparator in (">=", ">", "=")
    if ov == nv:
        return "changed"
    if ceiling:
        return "tightened" if nv < ov else "loosened"
    if floor:
        return "tightened" if nv > ov else "loosened"
    if old.kind == "change" and new.kind == "change":
        if old.direction == new.direction == "down" and not (
            ceiling or new.comparator in ("<=", "<")
        ):
            # 单位GDP能耗降低2.5% -> 降低3%, 资费降低30% -> 降低20%以上: a larger required cut
            # is a tightening, a smaller one a loosening
            return "tightened" if nv > ov else "loosened"
        return "raised" if nv > ov else "lowered"
    # a level set higher or lower (中央预算内投资安排5376亿元 -> 5776亿元, 赤字率2.6% -> 2.8%):
    # neither a floor nor a ceiling to tighten, but a direction a reader wants
    return "raised" if nv > ov else "lowered"


def _measure(t: Target) -> tuple[float, Optional[float], str]:
    """(value, value_max, unit) in the target's magnitude when it has one (schema 1.2), else as
    written (a document parsed before)."""
    m = t.magnitude
    return (m.value, m.value_max, m.unit) if m else (t.value, t.value_max, t.unit)


def _tdict(t: Target) -> dict:
    d = {
        "metric": t.metric,  # each side's own: the change's metric is the newer one's
        "text": t.text,
        "comparator": t.comparator,
        "value": t.value,
        "unit": t.unit,
        "kind": t.kind,
        "year": t.year,
    }
    if t.value_max is not None:
        d["value_max"] = t.value_max
    return d


MAX_TARGET_PAIRS = 4_000_000  # 2,000 x 2,000 targets: every pairing weighed


def _target_scores(
    old: list[Target], new: list[Target], old_year: Optional[int], new_year: Optional[int]
) -> np.ndarray:
    """How alike each old and new target is: the metrics' similarity (0 when either has
    none), +0.1 for the same unit of measure, +0.05 for the same kind, +0.05 for a target due
    as many years after its version's year. One vectorised pass (rapidfuzz's cdist, numpy)."""
    from rapidfuzz import process

    mo = [_norm(t.metric) if t.metric else "" for t in old]
    mn = [_norm(t.metric) if t.metric else "" for t in new]
    sim = process.cdist(mo, mn, scorer=fuzz.ratio, dtype=np.float64) / 100
    sim[[not t.metric for t in old], :] = 0.0
    sim[:, [not t.metric for t in new]] = 0.0

    def codes(values: list, others: list) -> tuple[np.ndarray, np.ndarray]:
        index = {v: k for k, v in enumerate(dict.fromkeys(values + others))}
        return np.array([index[v] for v in values]), np.array([index[v] for v in others])

    for get, bonus in ((lambda t: _measure(t)[2], 0.1), (lambda t: t.kind, 0.05)):
        a, b = codes([get(t) for t in old], [get(t) for t in new])
        sim += bonus * (a[:, None] == b[None, :])
    if old_year and new_year:
        ya = np.array([t.year - old_year if t.year else np.nan for t in old], dtype=np.float64)
        yb = np.array([t.year - new_year if t.year else np.nan for t in new], dtype=np.float64)
        sim += 0.05 * (ya[:, None] == yb[None, :])  # (nan never equals: no year, no bonus)
    return sim


def _same_metric_pairs(
    old: list[Target], new: list[Target], old_year: Optional[int], new_year: Optional[int]
) -> list[tuple[int, int]]:
    """Past MAX_TARGET_PAIRS: targets paired only when their metric and unit of measure are
    the same words, in the order they come (linear time and memory; a crafted document of
    50,000 targets would otherwise weigh 2.5 billion pairings)."""
    waiting: dict[tuple[str, str], list[int]] = defaultdict(list)
    for j, t in enumerate(new):
        if t.metric:
            waiting[(_norm(t.metric), _measure(t)[2])].append(j)
    pairs = []
    for i, t in enumerate(old):
        q = waiting.get((_norm(t.metric), _measure(t)[2])) if t.metric else None
        if q and identity.same_quantity(t, new[q[0]], old_year, new_year):
            pairs.append((i, q.pop(0)))
    return pairs


def align_targets(
    old: list[Target],
    new: list[Target],
    old_year: Optional[int] = None,
    new_year: Optional[int] = None,
) -> list[TargetChange]:
    """Targets matched by metric (and unit), one to one; the rest added or removed. With the two
    versions' years, a target due as many years after its version's year is preferred (this
    year's 城镇新增就业 matches this year's, not the five-year plan's)."""
    out: list[TargetChange] = []
    if old and new and len(old) * len(new) > MAX_TARGET_PAIRS:
        pairs = _same_metric_pairs(old, new, old_year, new_year)
    elif old and new:
        sim = _target_scores(old, new, old_year, new_year)
        sim[sim < METRIC_MATCH + 0.1] = 0.0  # a pair too weak to match must not sway the assignment
        # two different quantities never pair, however alike their words (登记 / 调查失业率)
        sim[~identity.mask(old, new, old_year, new_year)] = 0.0
        rows, cols = linear_sum_assignment(-sim)
        pairs = [(i, j) for i, j in zip(rows, cols, strict=True) if sim[i, j] >= METRIC_MATCH + 0.1]
    else:
        pairs = []
    used_o, used_n = {i for i, _ in pairs}, {j for _, j in pairs}
    for i, j in sorted(pairs, key=lambda p: p[1]):
        a, b = old[i], new[j]
        out.append(TargetChange(_direction(a, b), b.metric or a.metric, _tdict(a), _tdict(b)))
    out += [
        TargetChange("removed", t.metric, _tdict(t), None)
        for i, t in enumerate(old)
        if i not in used_o
    ]
    out += [
        TargetChange("added", t.metric, None, _tdict(t))
        for j, t in enumerate(new)
        if j not in used_n
    ]
    return out


def _deadline_changes(a: Task, b: Task) -> list[DeadlineChange]:
    da = sorted(d.date for d in a.deadlines if d.date)
    db = sorted(d.date for d in b.deadlines if d.date)
    out = []
    for x, y in zip(da, db, strict=False):
        out.append(
            DeadlineChange("unchanged" if x == y else ("earlier" if y < x else "later"), x, y)
        )
    out += [DeadlineChange("removed", x, None) for x in da[len(db) :]]
    out += [DeadlineChange("added", None, y) for y in db[len(da) :]]
    return out


def _unit_change(olds: list[Task], news: list[Task]) -> UnitChange:
    ou = set().union(*(_units(t) for t in olds)) if olds else set()
    nu = set().union(*(_units(t) for t in news)) if news else set()
    lead = lambda ts: sorted({r.unit_id for t in ts for r in t.responsible if r.role == "lead"})  # noqa: E731
    return UnitChange(sorted(nu - ou), sorted(ou - nu), lead(olds), lead(news))


# ---------- the diff ----------


class _Pairing:
    """The state of one comparison: the two versions, what each task's section is, which tasks
    are paired so far and the changes found; ``add`` records a change and marks its tasks."""

    def __init__(self, a: Document, b: Document):
        self.a, self.b, self.lang = a, b, b.language
        self.ot, self.nt = a.tasks, b.tasks
        self.osec = {t.id: _top_title(a, t.section_id) for t in self.ot}
        self.nsec = {t.id: _top_title(b, t.section_id) for t in self.nt}
        self.olab = {t.id: _label(a, t.section_id) for t in self.ot}
        self.nlab = {t.id: _label(b, t.section_id) for t in self.nt}
        self.used_o: set[int] = set()
        self.used_n: set[int] = set()
        self.changes: list[TaskChange] = []

    def add(self, status: str, olds: list[int], news: list[int], sim: float = 0.0) -> None:
        self.used_o.update(olds)
        self.used_n.update(news)
        self.changes.append(
            _change(
                status,
                [self.ot[i] for i in olds],
                [self.nt[j] for j in news],
                self.a,
                self.b,
                self.lang,
                self.osec,
                self.nsec,
                self.olab,
                self.nlab,
                sim,
            )
        )

    def left(self) -> tuple[list[int], list[int]]:
        """The old and the new tasks not yet paired."""
        return (
            [i for i in range(len(self.ot)) if i not in self.used_o],
            [j for j in range(len(self.nt)) if j not in self.used_n],
        )


def diff(
    old: Union[Document, str, Path, dict],
    new: Union[Document, str, Path, dict],
    *,
    language: Optional[str] = None,
) -> DiffResult:
    """Compare two versions (Documents, files to parse, parsed JSON files or dicts): splits and
    merges first, then one to one by text (section and units break ties), then, for notices
    without attributions, items by title, by vocabulary and condensed paragraphs; what is left
    was removed or added."""
    a, b = load_any(old, language), load_any(new, language)
    p = _Pairing(a, b)
    # each task's tokens, once (the loops below compare every pair)
    tok_o = [Counter(_tokens(t.text)) for t in p.ot]
    tok_n = [Counter(_tokens(t.text)) for t in p.nt]
    # which task on one side goes on as one on the other (no part of a split or a merge)
    of_old, of_new = _continuing([t.text for t in p.ot], [t.text for t in p.nt])
    _splits(p, tok_o, tok_n, of_new)
    _merges(p, tok_o, tok_n, of_old)
    _one_to_one(p)
    if not _attributed(a) and not _attributed(b):
        _items_rewritten(p)
    ro, rn = p.left()
    for i in ro:
        p.add("removed", [i], [])
    for j in rn:
        p.add("added", [], [j])
    order = {t.id: k for k, t in enumerate(p.nt)}
    oorder = {t.id: k for k, t in enumerate(p.ot)}
    n_new = len(p.nt)
    changes = p.changes
    changes.sort(
        key=lambda c: order.get(c.new[0], n_new) if c.new else n_new + oorder.get(c.old[0], 0)
    )
    doc_targets = align_targets(a.targets, b.targets, _doc_year(a), _doc_year(b))
    units = _unit_summary(a, b, changes)
    summary = _summary(changes, doc_targets, units, len(p.ot), len(p.nt))
    return DiffResult(
        _meta(a), _meta(b), p.lang, changes, doc_targets, units, _section_summary(changes), summary
    )


def _splits(p: _Pairing, tok_o: list[Counter], tok_n: list[Counter], alike: list[set[int]]) -> None:
    """One old task whose words reappear in two or more new tasks."""
    ot, nt = p.ot, p.nt
    for i, o in enumerate(ot):
        parts = [
            j
            for j, n in enumerate(nt)
            if j not in p.used_n
            and len(n.text) < 0.85 * len(o.text)
            and _contained(tok_n[j], tok_o[i]) >= CONTAIN
            and not (alike[j] - {i})  # it goes on as another old task: no part of a split
        ]
        if (
            len(parts) >= 2
            and _cover([nt[j].text for j in parts], o.text) >= COVER
            and max(similarity(o.text, nt[j].text) for j in parts) < SAME
            and similarity(o.text, " ".join(nt[j].text for j in parts)) >= JOINED_MIN
        ):
            p.add("split", [i], parts)


def _merges(p: _Pairing, tok_o: list[Counter], tok_n: list[Counter], alike: list[set[int]]) -> None:
    """Two or more old tasks whose words reappear in one new task."""
    ot, nt = p.ot, p.nt
    for j, n in enumerate(nt):
        if j in p.used_n:
            continue
        parts = [
            i
            for i, o in enumerate(ot)
            if i not in p.used_o
            and len(o.text) < 0.85 * len(n.text)
            and _contained(tok_o[i], tok_n[j]) >= CONTAIN
            and not (alike[i] - {j})  # it goes on as another new task: no part of a merge
        ]
        if (
            len(parts) >= 2
            and _cover([ot[i].text for i in parts], n.text) >= COVER
            and similarity(n.text, " ".join(ot[i].text for i in parts)) >= JOINED_MIN
        ):
            p.add("merged", parts, [j])


def _one_to_one(p: _Pairing) -> None:
    """The rest paired one to one: text similarity, with section and units as tie-breakers."""
    ot, nt = p.ot, p.nt
    ro, rn = p.left()
    if not (ro and rn):
        return
    sim = _pair_scores(
        [ot[i] for i in ro],
        [nt[j] for j in rn],
        [p.osec[ot[i].id] for i in ro],
        [p.nsec[nt[j].id] for j in rn],
    )
    rows, cols = linear_sum_assignment(-sim)
    for x, y in zip(rows, cols, strict=False):
        if sim[x, y] >= MATCH:
            i, j = ro[x], rn[y]
            s = similarity(ot[i].text, nt[j].text)
            same = s >= SAME or similarity(_no_years(ot[i].text), _no_years(nt[j].text)) >= SAME
            p.add("unchanged" if same else "reworded", [i], [j], s)


def _items_rewritten(p: _Pairing) -> None:
    """A notice without attributions is compared item by item: items whose texts were
    rewritten (a work report's sections, year to year) pair by their titles and place; then
    items rewritten and retitled (大学生创业引领计划 -> 引领高校毕业生自主创业) by the vocabulary
    two texts share and no other pair shares as much; then paragraphs condensed into one merge
    by the vocabulary the parts share with the whole."""
    ot, nt = p.ot, p.nt
    ro, rn = p.left()
    for i, j, s in _items_by_title(p.a, p.b, [ot[i] for i in ro], [nt[j] for j in rn]):
        p.add("reworded", [ro[i]], [rn[j]], s)
    ro, rn = p.left()
    for i, j in _items_by_vocabulary([ot[i].text for i in ro], [nt[j].text for j in rn]):
        p.add("reworded", [ro[i]], [rn[j]], similarity(ot[ro[i]].text, nt[rn[j]].text))
    ro, rn = p.left()
    for parts, j in _condensed(
        [ot[i].text for i in ro],
        [nt[j].text for j in rn],
        [(ot[i].section_id or "").rpartition(".")[0] for i in ro],
    ):
        p.add("merged", [ro[i] for i in parts], [rn[j]])


def _summary(
    changes: list[TaskChange],
    doc_targets: list[TargetChange],
    units: list[dict],
    n_old: int,
    n_new: int,
) -> dict:
    """The counts a reader looks at first."""
    # a task whose words stayed but whose units changed is not "unchanged" in the summary
    counts = Counter(
        "units_changed" if c.status == "unchanged" and c.units.any() else c.status for c in changes
    )
    statuses = ("unchanged", "units_changed", "reworded", "added", "removed", "split", "merged")
    return {
        "tasks": {k: counts.get(k, 0) for k in statuses},
        "moved": sum(c.moved for c in changes),
        "renumbered": sum(c.renumbered for c in changes),
        "renamed": sum(c.renamed for c in changes),
        "targets_changed": sum(t.status not in ("unchanged",) for t in doc_targets),
        "targets": dict(Counter(t.status for t in doc_targets)),
        "units_changed": sum(
            1 for u in units if u["gained"] or u["lost"] or u["lead_gained"] or u["lead_lost"]
        ),
        "old_tasks": n_old,
        "new_tasks": n_new,
    }


def _meta(d: Document) -> dict:
    """What a diff says of each version."""
    return {
        "title": d.metadata.title,
        "issued_on": d.metadata.issued_on,
        "path": d.source.path,
        "sha256": d.source.sha256,
    }


def _change(status, olds, news, a, b, lang, osec, nsec, olab, nlab, sim: float = 0.0) -> TaskChange:
    ot = " ".join(t.text for t in olds)
    nt = " ".join(t.text for t in news)
    c = TaskChange(
        status,
        [t.id for t in olds],
        [t.id for t in news],
        ot,
        nt,
        round(sim or (similarity(ot, nt) if olds and news else 0.0), 3),
    )
    if olds:
        c.old_section = osec[olds[0].id]
    if news:
        c.new_section = nsec[news[0].id]
    if olds and news:
        c.moved = bool(
            c.old_section and c.new_section and similarity(c.old_section, c.new_section) < 0.85
        )
        c.renumbered = not c.moved and olab[olds[0].id] != nlab[news[0].id]
        c.renamed = not c.moved and _heading_key(c.old_section) != _heading_key(c.new_section)
        if status in ("reworded", "split", "merged"):
            c.redline = redline(ot, nt, lang)
        c.targets = [
            t
            for t in align_targets(
                [x for t in olds for x in t.targets], [x for t in news for x in t.targets]
            )
        ]
        if len(olds) == 1 and len(news) == 1:
            c.deadlines = _deadline_changes(olds[0], news[0])
    c.units = _unit_change(olds, news)
    return c


def _unit_summary(a: Document, b: Document, changes: list[TaskChange]) -> list[dict]:
    names = {**_unit_names(a), **_unit_names(b)}

    def count(d: Document, role: Optional[str] = None) -> Counter:
        return Counter(
            r.unit_id for t in d.tasks for r in t.responsible if role is None or r.role == role
        )

    oa, na, ol, nl = count(a), count(b), count(a, "lead"), count(b, "lead")
    gained, lost, lead_gained, lead_lost = (
        defaultdict(list),
        defaultdict(list),
        defaultdict(list),
        defaultdict(list),
    )
    for c in changes:
        ref = (c.new or c.old)[0]
        for u in c.units.added:
            gained[u].append(ref)
        for u in c.units.dropped:
            lost[u].append(ref)
        if c.status != "added" and c.status != "removed":
            for u in set(c.units.lead_after) - set(c.units.lead_before):
                lead_gained[u].append(ref)
            for u in set(c.units.lead_before) - set(c.units.lead_after):
                lead_lost[u].append(ref)
        if c.status == "added":
            for u in _ids(b, c.new):
                gained[u].append(ref)
        if c.status == "removed":
            for u in _ids(a, c.old):
                lost[u].append(ref)
    out = []
    for u in sorted(set(oa) | set(na), key=lambda x: (-(na[x] + oa[x]), x)):
        out.append(
            {
                "unit_id": u,
                "name": names.get(u, u),
                "tasks_before": oa[u],
                "tasks_after": na[u],
                "led_before": ol[u],
                "led_after": nl[u],
                "gained": sorted(set(gained[u])),
                "lost": sorted(set(lost[u])),
                "lead_gained": sorted(set(lead_gained[u])),
                "lead_lost": sorted(set(lead_lost[u])),
            }
        )
    return out


def _doc_year(doc: Document) -> Optional[int]:
    """The version's year: the document date its parse found (issued, published or inferred)."""
    return doc.document_date.year if doc.document_date else None


def _ids(doc: Document, task_ids: list[str]) -> set[str]:
    return {r.unit_id for t in doc.tasks if t.id in task_ids for r in t.responsible}


def _section_summary(changes: list[TaskChange]) -> list[dict]:
    per: dict[str, Counter] = defaultdict(Counter)
    for c in changes:
        sec = c.new_section or c.old_section or "(no section)"
        per[sec][c.status] += 1
        if c.moved:
            per[sec]["moved"] += 1
    return [{"section": s, **dict(cnt)} for s, cnt in per.items()]
