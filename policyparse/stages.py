"""The stage table: the path every notice takes, written once.

Each stage is a plain function of named values (the cleaned ``text``, the ``view`` the rules
read, the ``language``, and what earlier stages gave) that returns one typed value under its own
name. ``policyparse.parse`` runs the table in order (``run``); the spaCy adapter
(``policyparse.nlp``) makes one component per row, reading and writing ``doc._.pp_<name>``,
with ``requires``/``assigns`` taken from the same rows. ``assemble`` then packs the values.

    structure     text, view, language, hints, run_together -> Structure
    roles         structure, view, language                 -> SectionRoles
    units         view, language                            -> [UnitMatch]
    attributions  view, language, units, cells              -> [Attribution]
    targets       view, language, roles, cells              -> [RawTarget] (with an indicator
                  table's rows)
    deadlines     text, view, language, structure, roles    -> Deadlines
    tasks         view, structure, attributions             -> Tasks
    resolution    tasks, structure                          -> Tasks (units resolved)
    target_years  text, language, targets, deadlines, structure, cells -> [RawTarget] (dated;
                  a goal a task table repeats word for word, or an indicator table states
                  again, counted once)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from .extract.attributions import find_attributions, table_attributions
from .extract.deadlines import dated, find_deadlines
from .extract.indicators import with_indicator_targets, without_restated
from .extract.targets import find_targets
from .extract.tasks import find_tasks
from .extract.years import date_targets, without_table_repeats
from .findings import (
    Attribution,
    Deadlines,
    RawTarget,
    SectionRoles,
    Structure,
    Tasks,
    UnitMatch,
)
from .ingest.tables import TableCell
from .model import Warning
from .structure import find_structure
from .structure.roles import section_roles
from .units import find_units
from .units.resolve import resolve_units

# what a caller gives the first stage: the text as written and as the rules read it, and what
# ingestion and cleaning found (an HTML page's <meta> hints, run-together paragraphs, task- and
# indicator-table cells). The spaCy adapter gives a Doc's text with no hints, no cut paragraphs
# and no cells.
INPUTS = ("text", "view", "language", "hints", "run_together", "cells")


@dataclass(frozen=True)
class Stage:
    """One row of the path: ``run`` takes the values named ``needs`` and gives ``name``."""

    name: str
    run: Callable[..., Any]
    needs: tuple[str, ...]


def _structure(text: str, view: str, language: str, hints: dict, run_together: bool) -> Structure:
    return find_structure(text, language, hints, view, run_together)


def _roles(structure: Structure, view: str, language: str) -> SectionRoles:
    return section_roles(structure.top_titles(view), language, view)


def _attributions(
    view: str, language: str, units: list[UnitMatch], cells: Sequence[TableCell]
) -> list[Attribution]:
    return sorted(
        find_attributions(view, language, units) + table_attributions(cells, view, language, units),
        key=lambda a: a.start,
    )


def _targets(
    view: str, language: str, roles: SectionRoles, cells: Sequence[TableCell]
) -> list[RawTarget]:
    return with_indicator_targets(find_targets(view, language, roles=roles), cells, view, language)


def _deadlines(
    text: str, view: str, language: str, structure: Structure, roles: SectionRoles
) -> Deadlines:
    return dated(
        text, find_deadlines(view, language, structure.date, structure.issued, roles.review)
    )


def _tasks(view: str, structure: Structure, attributions: list[Attribution]) -> Tasks:
    return find_tasks(view, structure.items, attributions)


def _resolution(tasks: Tasks, structure: Structure) -> Tasks:
    return resolve_units(tasks, structure.jurisdiction)


def _target_years(
    text: str,
    language: str,
    targets: list[RawTarget],
    deadlines: Deadlines,
    structure: Structure,
    cells: Sequence[TableCell],
) -> list[RawTarget]:
    dated_ = date_targets(
        text, language, targets, deadlines.deadlines, structure.items, structure.date
    )
    once = without_table_repeats(dated_, cells, deadlines.deadlines)
    return without_restated(once, cells, structure.date)


STAGES: tuple[Stage, ...] = (
    Stage("structure", _structure, ("text", "view", "language", "hints", "run_together")),
    Stage("roles", _roles, ("structure", "view", "language")),
    Stage("units", find_units, ("view", "language")),
    Stage("attributions", _attributions, ("view", "language", "units", "cells")),
    Stage("targets", _targets, ("view", "language", "roles", "cells")),
    Stage("deadlines", _deadlines, ("text", "view", "language", "structure", "roles")),
    Stage("tasks", _tasks, ("view", "structure", "attributions")),
    Stage("resolution", _resolution, ("tasks", "structure")),
    Stage(
        "target_years",
        _target_years,
        ("text", "language", "targets", "deadlines", "structure", "cells"),
    ),
)


def run_stage(stage: Stage, values: dict[str, Any]) -> Any:
    """One stage on the values found so far."""
    return stage.run(*(values[n] for n in stage.needs))


def run(values: dict[str, Any]) -> dict[str, Any]:
    """Every stage in order; ``values`` holds the ``INPUTS`` and gets each stage's result."""
    for stage in STAGES:
        values[stage.name] = run_stage(stage, values)
    return values


def warnings_of(values: dict[str, Any]) -> list[Warning]:
    """The warnings the stages raised, in the order of the path."""
    return [w for st in STAGES for w in getattr(values[st.name], "warnings", ())]


def packed(values: dict[str, Any]) -> dict[str, Any]:
    """What ``assemble`` packs, by its parameter names."""
    return {
        "structure": values["structure"],
        "tasks": values["resolution"].tasks,
        "targets": values["target_years"],
        "deadlines": values["deadlines"].deadlines,
    }
