"""Targets stated in an indicator table (主要指标表: 指标 | 单位 | 2022年 | 2025年目标).

A plan often sets its goals in a table rather than in sentences. The reader keeps such a table's
indicator, unit and target cells (``ingest/tables.py``, table_columns.json indicators); here each
row becomes a target: the indicator is what is measured, the target cell its value (read by the
target grammar when it carries its own words, 达到80% or ≥95%; a bare number is ``=``), the unit
column the unit of a bare number, and the target column's year the year it is due. A goal the
text already states (same value, unit and year) is one target, at its first statement; a row
due before the notice's year is a past figure, no goal. The table's other cells (a base year's
figure) are read for no target.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Optional

from ..base.numbers import fmt
from ..findings import RawTarget
from ..ingest.tables import TableCell
from .targets import find_targets, unit_names

# a bare figure: a number and, perhaps, its unit written in the cell (10, 10%, 1.5万个)
# (a bracket after it is a note, 10（预期性）, no unit)
_BARE = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>[%％‰A-Za-z\u4e00-\u9fff/]{0,6})")
_YEAR = re.compile(r"((?:19|20)\d{2})年")


def _rows(cells: Sequence[TableCell]) -> dict[int, dict[str, TableCell]]:
    rows: dict[int, dict[str, TableCell]] = {}
    for c in cells:
        name = c.column.partition("@")[0]
        if name in ("indicator", "unit", "target", "other"):
            rows.setdefault(c.row, {})[name] = c
    return rows


def _spans(rows: dict[int, dict[str, TableCell]]) -> list[tuple[int, int]]:
    return [(c.start, c.end) for row in rows.values() for c in row.values()]


def _inside(t: RawTarget, spans: list[tuple[int, int]]) -> bool:
    return any(a <= t.start and t.end <= b for a, b in spans)


def with_indicator_targets(
    targets: list[RawTarget], cells: Sequence[TableCell], text: str, language: str
) -> list[RawTarget]:
    """``targets`` (found in the text) less any found inside an indicator table's cells, and
    one target per row of each indicator table, due in its column's year."""
    rows = _rows(cells)
    if not rows:
        return targets
    spans = _spans(rows)
    out = [t for t in targets if not _inside(t, spans)]
    out += [t for t in (_row_target(row, text, language) for row in rows.values()) if t]
    return sorted(out, key=lambda t: t.start)


def without_restated(
    targets: list[RawTarget], cells: Sequence[TableCell], doc_date: Optional[date]
) -> list[RawTarget]:
    """The dated targets less an indicator table's rows that restate a goal the text states
    (same value and unit, due the same year: one target, at its first statement) or that fall
    before the notice's year (a table of past years' figures sets no goal)."""
    rows = _rows(cells)
    if not rows:
        return targets
    spans = _spans(rows)
    stated = [t for t in targets if not _inside(t, spans)]

    def kept(t: RawTarget) -> bool:
        if not _inside(t, spans):
            return True
        if doc_date is not None and t.year is not None and t.year < doc_date.year:
            return False
        return not any(_same_goal(t, s) for s in stated)

    return [t for t in targets if kept(t)]


def _row_target(row: dict[str, TableCell], text: str, language: str) -> Optional[RawTarget]:
    ind, cell = row.get("indicator"), row.get("target")
    if ind is None or cell is None:
        return None
    metric = text[ind.start : ind.end].strip()
    written = text[cell.start : cell.end]
    m = _YEAR.search(written)
    year = int(m.group(1)) if m else cell.year
    found = find_targets(written, language)
    if found:  # 达到80%, ≥95%, 80%以上: the cell's own words
        t = found[0]
        return replace(
            t, start=t.start + cell.start, end=t.end + cell.start, metric=metric, year=year
        )
    bare = _BARE.search(written)
    if bare is None:
        return None  # 持续提升, —: no figure
    unit = bare.group("unit") or (
        text[row["unit"].start : row["unit"].end] if "unit" in row else ""
    )
    unit = unit.strip()
    if not unit:
        return None  # a figure with no unit measures nothing the contract can state
    return RawTarget(
        cell.start + bare.start(),
        cell.start + bare.end(),
        bare.group(),
        metric,
        "=",
        fmt(float(bare.group("num"))),  # (10, not 10.0: as the grammar writes values)
        unit_names(language).get(unit, unit),
        "level",
        year=year,
    )


def _same_goal(a: RawTarget, b: RawTarget) -> bool:
    """The table's row restates a goal of the text: same value and unit, due the same year."""
    return a.value == b.value and a.unit == b.unit and a.year == b.year
