"""Assembly: the stages' findings packed into one ``Document``.

The last stage, and it only packs: offsets become spans (with pages), the flat outline is
nested into sections with path ids, each task lists the targets and deadlines inside its
extent, and the warnings every stage raised are collected in the order of the path. Every fact
it packs was found by the stage that owns it (units resolved, targets dated, extents cut); it
imports no stage, only the values they give (``findings``) and the contract's model.
"""

from __future__ import annotations

import bisect
from typing import Callable, Optional, TypeVar

from .findings import CleanText, Ingested, Item, RawDeadline, RawTarget, RawTask, Structure
from .model import (
    Deadline,
    Document,
    DocumentDate,
    Metadata,
    Responsibility,
    Section,
    Source,
    Span,
    Target,
    Task,
    Warning,
)

T = TypeVar("T")
Spanner = Callable[[int, int], Span]


def assemble(
    ing: Ingested,
    clean: CleanText,
    language: str,
    structure: Structure,
    tasks: list[RawTask],
    targets: list[RawTarget],
    deadlines: list[RawDeadline],
    warnings: list[Warning],
) -> Document:
    """The Document: sections as a tree with path ids, tasks with the units their attributions
    name (as resolved), targets with the year they are due, every item's span with its page.
    ``warnings``: every stage's, in the order of the path (their offsets get pages here)."""
    text, sp = clean.text, clean.span
    sections, item_ids = sections_tree(structure.items, text, clean.page_at)
    dls = [
        Deadline(text[d.start : d.end], d.date, sp(d.start, d.end), d.recurring) for d in deadlines
    ]
    tgs = [_target(t, text, sp) for t in targets]
    dl_starts = [d.span.start for d in dls]
    tg_starts = [t.span.start for t in tgs]
    out = []
    for n, rt in enumerate(tasks, 1):
        att = rt.attribution
        out.append(
            Task(
                id=f"t{n}",
                section_id=item_ids[rt.item] if rt.item is not None else None,
                text=text[rt.start : rt.end],
                span=sp(rt.start, rt.end),
                responsible=_responsible(rt, text, sp),
                targets=_within(tg_starts, tgs, rt.start, rt.extent),
                deadlines=_within(dl_starts, dls, rt.start, rt.extent),
                attribution=text[att.start : att.end] if att else None,
                attribution_span=sp(att.start, att.end) if att else None,
            )
        )
    return Document(
        language=language,
        source=_source(ing),
        text=text,
        metadata=structure.metadata,
        sections=sections,
        tasks=out,
        targets=tgs,
        deadlines=dls,
        warnings=[_paged(w, sp) for w in warnings],
        document_date=DocumentDate.of(structure.date, structure.date_inferred),
    )


def empty(ing: Ingested, language: str, warnings: list[Warning]) -> Document:
    """The Document of a source with no text (a scanned PDF): its warnings say why."""
    return Document(language, _source(ing), "", Metadata(), [], [], [], [], warnings)


def sections_tree(
    items: list[Item], text: str, page_at: Optional[Callable[[int], Optional[int]]] = None
) -> tuple[list[Section], list[Optional[str]]]:
    """Items nested into Sections with path ids ("2", "2.3"), and for each item the id of the
    section it is (or, for a bullet that is no section, the id of the section that holds it).
    An unnumbered bullet (——) directly under a top-level item is a paragraph of that section, not
    a section of its own (a work report's "——经济运行保持在合理区间。…"); under a numbered item of
    level 2 it is a level-3 section."""
    roots: list[Section] = []
    chain: list[tuple[Item, Section]] = []
    ids: list[Optional[str]] = []
    for it in items:
        while chain and chain[-1][0].level >= it.level:
            chain.pop()
        if it.style == "dash" and it.level <= 2:
            ids.append(chain[-1][1].id if chain else None)
            continue
        siblings = chain[-1][1].children if chain else roots
        sid = (chain[-1][1].id + "." if chain else "") + str(len(siblings) + 1)
        pg = page_at(it.start) if page_at else None
        sec = Section(
            id=sid,
            label=it.label,
            level=len(chain) + 1,
            title=text[it.title_start : it.title_end],
            span=Span(it.start, max(it.end, it.line_end), pg),
            style=it.style,
            title_span=Span(it.title_start, it.title_end, pg),
        )
        siblings.append(sec)
        chain.append((it, sec))
        ids.append(sid)
    return roots, ids


def _responsible(rt: RawTask, text: str, sp: Spanner) -> list[Responsibility]:
    att = rt.attribution
    if att is None:
        return []
    out = []
    for u in att.units:
        res = u.resolved
        assert res is not None, "the resolution stage resolves every unit of a task"
        out.append(
            Responsibility(
                text=text[u.start : u.end],
                unit_id=res.unit_id,
                name=res.name,
                role=u.role,
                division_of_duties=att.division_of_duties,
                name_zh=res.name_zh,
                name_en=res.name_en,
                known=res.known,
                span=sp(u.start, u.end),
            )
        )
    return out


def _target(t: RawTarget, text: str, sp: Spanner) -> Target:
    return Target(
        text[t.start : t.end],
        t.metric,
        t.comparator,
        t.value,
        t.unit,
        t.kind,
        sp(t.start, t.end),
        t.year,
        t.value_max,
        t.direction if t.kind == "change" else None,
        t.magnitude,
    )


def _paged(w: Warning, sp: Spanner) -> Warning:
    """A stage's warning with its span's page (a span that has one already is kept)."""
    if w.span is None or w.span.page is not None:
        return w
    return Warning(w.code, w.message, sp(w.span.start, w.span.end))


def _source(ing: Ingested) -> Source:
    return Source(ing.format, ing.sha256, ing.path, ing.url)


def _within(starts: list[int], items: list[T], start: int, end: int) -> list[T]:
    """The items (sorted by their ``starts``) that start in [start, end)."""
    return items[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
