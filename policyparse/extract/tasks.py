"""Tasks: the run of text that one responsibility attribution covers.

From the start of the item's body (after its label and title sentence), or from the end of the
previous attribution, or from the start of the paragraph — whichever is latest — up to the
attribution. In a notice with no attribution at all, each lowest-level item is a task.
"""

from __future__ import annotations

from typing import Optional

from ..findings import Attribution, Item, RawTask, Tasks
from ..model import Warning
from .deadlines import limit_labels

_LEAD_STRIP = " \u3000\t\n。；;.，,、"


def innermost(items: list[Item], pos: int, starts: Optional[list[int]] = None) -> Optional[int]:
    """Index of the deepest item whose span holds pos. Items are in document order and nest, so
    it is the last item starting at or before pos that still holds it (found by bisection)."""
    import bisect

    starts = starts if starts is not None else [it.start for it in items]
    i = bisect.bisect_right(starts, pos) - 1
    while i >= 0:
        it = items[i]
        if pos <= max(it.end, it.line_end):
            return i
        i -= 1
        # skip back to the parent: items between a parent and pos all ended before pos
        while i >= 0 and items[i].level >= it.level:
            i -= 1
    return None


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in _LEAD_STRIP:
        a += 1
    while b > a and text[b - 1] in " \u3000\t\n":
        b -= 1
    return a, b


def segment(text: str, items: list[Item], attributions: list[Attribution]) -> list[RawTask]:
    """Task runs in document order."""
    if not attributions:
        return _leaf_tasks(text, items)
    out: list[RawTask] = []
    prev_end = 0
    starts = [it.start for it in items]
    for att in attributions:
        para_start = text.rfind("\n", 0, att.start) + 1
        if not text[para_start : att.start].strip() and para_start > 0:
            # a line-form attribution ("责任单位：…") closes the paragraph above it
            para_start = text.rfind("\n", 0, para_start - 1) + 1
        lb = max(para_start, prev_end)
        k = innermost(items, att.start, starts)
        it = items[k] if k is not None else None
        if it is not None and lb <= it.body_start <= att.start:
            lb = it.body_start
        a, b = _trim(text, lb, att.start)
        if (
            a >= b
            and it is not None
            and it.title_start < it.body_start <= att.start + 1
            and lb <= it.body_start
        ):
            # an item that is one sentence closed by its attribution: the title is the task
            a, b = _trim(text, it.title_start, att.start)
        prev_end = att.end
        if a >= b:
            continue
        out.append(RawTask(a, b, k, att))
    return out


def _leaf_tasks(text: str, items: list[Item]) -> list[RawTask]:
    out = []
    for i, it in enumerate(items):
        has_child = (
            i + 1 < len(items) and items[i + 1].level > it.level and items[i + 1].start <= it.end
        )
        if has_child:
            continue
        end = max(it.end, it.line_end)
        a, b = _trim(text, it.body_start, end)
        if a >= b:
            a, b = _trim(text, it.title_start, it.line_end)
        if a < b:
            out.append(RawTask(a, b, i, None))
    return out


def find_tasks(text: str, items: list[Item], attributions: list[Attribution]) -> Tasks:
    """The tasks stage: the task runs (``segment``), each with the extent whose targets and
    deadlines it lists, and a warning when the notice names no responsible units."""
    tasks = segment(text, items, attributions)
    for rt in tasks:
        att = rt.attribution
        rt.extent = (
            att.covers_to if att and att.covers_to else extent_end(text, att.end if att else rt.end)
        )
    warnings = []
    if not attributions and tasks:
        warnings.append(
            Warning(
                "no_attributions",
                "the notice names no responsible units; "
                "each lowest-level item is a task with an empty 'responsible'",
            )
        )
    return Tasks(tasks, warnings)


def extent_end(text: str, pos: int) -> int:
    """Where a task's own items end: its attribution, or a "完成时限：…" / "Deadline: …" line
    directly after it (task tables written as lines), or such a field run into the attribution's
    line (a crawler's "责任单位：A完成时限：2024年6月底前")."""
    nl = text.find("\n", pos)
    rest = text[pos : nl if nl >= 0 else len(text)]
    if rest.strip():
        if rest.lstrip(" \u3000，,；;（(").lower().startswith(limit_labels()):
            return nl if nl >= 0 else len(text)
        return pos
    if nl < 0:
        return pos
    nxt = text.find("\n", nl + 1)
    line = text[nl + 1 : nxt if nxt >= 0 else len(text)].lstrip(" \u3000（(")
    if line.lower().startswith(limit_labels()):
        return nxt if nxt >= 0 else len(text)
    return pos
