"""Target years: the year each target is due, read from the time limits around it, and its value
at its unit's scale. Runs after the deadlines stage, whose limits it reads; a number that lies
inside a time limit ("within 30 days of issuance") is the limit's, not a target.
"""

from __future__ import annotations

import bisect
import re
from datetime import date
from typing import Optional, Sequence

from ..base import marks
from ..findings import Item, RawDeadline, RawTarget
from ..ingest.tables import TableCell
from ..model import Magnitude
from .magnitudes import magnitude
from .targets import paragraph_bounds
from .tasks import innermost

_SENTENCE_MARK = re.compile(marks.cls(marks.ZH_STOP, ".", marks.CLAUSE, marks.LINE))
_IN_YEAR = re.compile(r"\b(?:in|for|during)\s+((?:19|20)\d{2})\b")
_THIS_YEAR = re.compile(r"今年|本年|this year")


def date_targets(
    text: str,
    language: str,
    targets: list[RawTarget],
    deadlines: list[RawDeadline],
    items: list[Item],
    doc_date: Optional[date],
) -> list[RawTarget]:
    """The targets less those inside a time limit, each with its ``year`` and ``magnitude``."""
    dl_starts = [d.start for d in deadlines]
    item_starts = [it.start for it in items]
    out = []
    for t in targets:
        k = bisect.bisect_right(dl_starts, t.end) - 1
        if k >= 0 and deadlines[k].end > t.start:
            continue  # "within 30 days of issuance" is a time limit, not a target
        if t.year is None:  # (an indicator table's row is due in its column's year)
            t.year = _target_year(text, t.start, deadlines, dl_starts, doc_date, items, item_starts)
        value, value_max, unit = magnitude(t.value, t.value_max, t.unit, language)
        t.magnitude = Magnitude(value, unit, value_max)
        out.append(t)
    return out


def _parent(items: list[Item], k: int) -> Optional[int]:
    lvl = items[k].level
    for i in range(k - 1, -1, -1):
        if items[i].level < lvl:
            return i
    return None


def _target_year(
    text: str,
    pos: int,
    deadlines: list[RawDeadline],
    dl_starts: list[int],
    doc_date: Optional[date],
    items: list[Item],
    item_starts: list[int],
) -> Optional[int]:
    """The year a target is due: the closest limit before it inside its numbered item (a dash
    bullet inherits its parent's: "(2) By the end of 2023 … ——… reduced to 16 months"), or in
    its paragraph; else the document's year when the paragraph says 今年 / "this year"."""
    para_start, para_end = paragraph_bounds(text, pos, pos)
    sentence_tail = _SENTENCE_MARK.split(text[pos : pos + 200], maxsplit=1)[0]
    m = _IN_YEAR.search(sentence_tail)
    if m:
        return int(m.group(1))  # "grow by between 3% and 5% in 2023"
    window_start = para_start
    k = innermost(items, pos, item_starts)
    while k is not None and items[k].style == "dash":
        k = _parent(items, k)
    if k is not None:
        window_start = min(window_start, items[k].start)
    best = None
    for i in range(
        bisect.bisect_left(dl_starts, pos) - 1, bisect.bisect_left(dl_starts, window_start) - 1, -1
    ):
        if deadlines[i].date:
            best = deadlines[i]
            break
    if best is None:
        # (searches bounded by the paragraph: an unbounded ". " search read to the end of a
        # Chinese text once per target)
        sentence_end = min(
            x
            for x in (text.find("。", pos, para_end), text.find(". ", pos, para_end), para_end)
            if x >= 0
        )
        for i in range(
            bisect.bisect_right(dl_starts, pos), bisect.bisect_right(dl_starts, sentence_end)
        ):
            if deadlines[i].date:
                best = deadlines[i]
                break
    if best is not None and best.date:
        return int(best.date[:4])
    if doc_date and _THIS_YEAR.search(text, para_start, para_end):
        return doc_date.year
    return None


def without_table_repeats(
    targets: list[RawTarget], cells: Sequence[TableCell], deadlines: list[RawDeadline]
) -> list[RawTarget]:
    """The targets less those a task table repeats word for word: a goal stated in the plan's
    items and again in the row that assigns it is one target, at its first statement, due when
    the row's time limit says (a target in a row is due in the year of the row's limit)."""
    if not cells:
        return targets
    row_of = {(c.start, c.end): c.row for c in cells}
    spans = sorted(row_of)
    starts = [a for a, _ in spans]

    def row(start: int, end: int) -> Optional[int]:
        i = bisect.bisect_right(starts, start) - 1
        return row_of[spans[i]] if i >= 0 and end <= spans[i][1] else None

    due: dict[int, int] = {}
    for d in deadlines:
        r = row(d.start, d.end)
        if r is not None and d.date and r not in due:
            due[r] = int(d.date[:4])
    first: dict[tuple, RawTarget] = {}
    out = []
    for t in targets:
        r = row(t.start, t.end)
        if r is not None and r in due:
            t.year = due[r]
        key = (t.text, t.metric, t.comparator, t.value, t.unit)
        kept = first.get(key)
        if kept is not None and r is not None:
            if kept.year is None:
                kept.year = t.year
            continue
        first.setdefault(key, t)
        out.append(t)
    return out
