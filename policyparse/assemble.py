"""Assembly: the stages' findings become one ``Document``.

The last stage. It turns offsets into spans (with pages), nests the outline into sections,
resolves only the unit names the units stage did not know, dates each target from the limits
around it, lists under each task the targets and deadlines inside its extent, and collects the
warnings every stage raised.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from datetime import date
from typing import Optional, TypeVar

from .clean import CleanText
from .extract.attributions import Attribution
from .extract.deadlines import RawDeadline, limit_labels
from .extract.magnitudes import magnitude
from .extract.targets import RawTarget, paragraph_bounds
from .extract.tasks import RawTask, innermost
from .ingest import Ingested
from .model import (
    Deadline,
    Document,
    DocumentDate,
    Magnitude,
    Metadata,
    Responsibility,
    Source,
    Target,
    Task,
    Warning,
)
from .structure import Structure
from .structure.outline import Item, build_tree_with_ids
from .structure.places import Jurisdiction
from .units.registry import Registry, Resolution, load_registry

T = TypeVar("T")


def assemble(
    ing: Ingested,
    clean: CleanText,
    language: str,
    structure: Structure,
    attributions: list[Attribution],
    raw_tasks: list[RawTask],
    raw_targets: list[RawTarget],
    raw_deadlines: list[RawDeadline],
    warnings: list[Warning],
) -> Document:
    """The Document: sections as a tree with path ids, tasks with their units resolved against
    the registry, targets with the year they are due, and every item's span (with its page)."""
    text = clean.text
    sp = clean.span
    items = structure.items
    sections, item_ids = build_tree_with_ids(items, text, clean.page_at)
    warnings = warnings + structure.warnings
    if structure.date_inferred and structure.date:
        warnings.append(
            Warning(
                "document_date_inferred",
                "no issue or publication date; relative limits resolve against "
                f"{structure.date.year}",
            )
        )
    reg = load_registry()

    deadlines = [
        Deadline(text[d.start : d.end], d.date, sp(d.start, d.end), d.recurring)
        for d in raw_deadlines
    ]
    for d in deadlines:
        if d.date is None:
            warnings.append(
                Warning(
                    "deadline_unresolved",
                    f"cannot date {d.text!r} (the notice carries no date)",
                    d.span,
                )
            )

    targets = []
    dl_starts = [d.span.start for d in deadlines]
    item_starts = [it.start for it in items]
    for t in raw_targets:
        k = bisect.bisect_right(dl_starts, t.end) - 1
        if k >= 0 and deadlines[k].span.end > t.start:
            continue  # "within 30 days of issuance" is a time limit, not a target
        tg = Target(
            text[t.start : t.end],
            t.metric,
            t.comparator,
            t.value,
            t.unit,
            t.kind,
            sp(t.start, t.end),
            _target_year(text, t.start, deadlines, dl_starts, structure.date, items, item_starts),
            t.value_max,
            t.direction if t.kind == "change" else None,
            _magnitude(t, language),
        )
        targets.append(tg)
    tg_starts = [t.span.start for t in targets]

    if not attributions and raw_tasks:
        warnings.append(
            Warning(
                "no_attributions",
                "the notice names no responsible units; "
                "each lowest-level item is a task with an empty 'responsible'",
            )
        )
    tasks = []
    warned: set[str] = set()
    for n, rt in enumerate(raw_tasks, 1):
        resp = []
        att = rt.attribution
        if att is not None:
            for u in att.units:
                res = reg.resolve_match(u.text, u.unit_id)
                if not res.known and structure.jurisdiction:
                    res = _own_body(reg, res, structure.jurisdiction)
                if not res.known and u.text not in warned:
                    warned.add(u.text)
                    near = (
                        f"; nearest known unit: {res.nearest.zh} ({res.nearest.en}, "
                        f"{res.nearest_score:.0f}/100)"
                        if res.nearest
                        else ""
                    )
                    warnings.append(
                        Warning(
                            "unknown_unit",
                            f"unit {u.text!r} is not in the registry{near}",
                            sp(u.start, u.end),
                        )
                    )
                resp.append(
                    Responsibility(
                        text=text[u.start : u.end],
                        unit_id=res.unit_id,
                        name=res.unit.zh if res.unit else res.name,
                        role=u.role,
                        division_of_duties=att.division_of_duties,
                        name_zh=res.unit.zh if res.unit else None,
                        name_en=res.unit.en if res.unit else None,
                        known=res.known,
                        span=sp(u.start, u.end),
                    )
                )
        span = sp(rt.start, rt.end)
        extent = (
            att.covers_to
            if att and att.covers_to
            else _extent_end(text, att.end if att else rt.end)
        )
        task = Task(
            id=f"t{n}",
            section_id=item_ids[rt.item] if rt.item is not None else None,
            text=text[rt.start : rt.end],
            span=span,
            responsible=resp,
            targets=_within(tg_starts, targets, rt.start, extent),
            deadlines=_within(dl_starts, deadlines, rt.start, extent),
            attribution=text[att.start : att.end] if att else None,
            attribution_span=sp(att.start, att.end) if att else None,
        )
        tasks.append(task)
    return Document(
        language=language,
        source=_source(ing),
        text=text,
        metadata=structure.metadata,
        sections=sections,
        tasks=tasks,
        targets=targets,
        deadlines=deadlines,
        warnings=warnings,
        document_date=DocumentDate.of(structure.date, structure.date_inferred),
    )


def empty(ing: Ingested, language: str, warnings: list[Warning]) -> Document:
    """The Document of a source with no text (a scanned PDF): its warnings say why."""
    return Document(language, _source(ing), "", Metadata(), [], [], [], [], warnings)


def _own_body(reg: Registry, res: Resolution, place: Jurisdiction) -> Resolution:
    """A body the notice writes without its province (省财政厅) is that province's: named and
    keyed in full (河北省财政厅), so that two provinces' bodies never share an id."""
    full = place.full_name(res.text.strip())
    if full is None:
        return res
    named = reg.resolve(full)
    return named if named.known else replace(named, text=res.text)


def _source(ing: Ingested) -> Source:
    return Source(ing.format, ing.sha256, ing.path, ing.url)


def _within(starts: list[int], items: list[T], start: int, end: int) -> list[T]:
    """The items (sorted by their ``starts``) that start in [start, end)."""
    return items[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]


def _parent(items: list[Item], k: int) -> Optional[int]:
    lvl = items[k].level
    for i in range(k - 1, -1, -1):
        if items[i].level < lvl:
            return i
    return None


def _extent_end(text: str, pos: int) -> int:
    """Where a task's own items end: its attribution, or a "完成时限：…" / "Deadline: …" line
    directly after it (task tables written as lines)."""
    nl = text.find("\n", pos)
    if nl < 0:
        return pos
    if text[pos:nl].strip():
        return pos
    nxt = text.find("\n", nl + 1)
    line = text[nl + 1 : nxt if nxt >= 0 else len(text)].lstrip(" \u3000（(")
    if line.lower().startswith(limit_labels()):
        return nxt if nxt >= 0 else len(text)
    return pos


def _magnitude(t: RawTarget, language: str) -> Magnitude:
    value, value_max, unit = magnitude(t.value, t.value_max, t.unit, language)
    return Magnitude(value, unit, value_max)


_SENTENCE_MARK = re.compile(r"[。.;；\n]")
_IN_YEAR = re.compile(r"\b(?:in|for|during)\s+((?:19|20)\d{2})\b")
_THIS_YEAR = re.compile(r"今年|本年|this year")


def _target_year(
    text: str,
    pos: int,
    deadlines: list[Deadline],
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
