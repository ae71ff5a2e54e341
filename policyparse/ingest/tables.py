"""Task tables (序号 / 任务 / 责任单位 / 完成时限) as text the parser's grammar reads.

Attachments of 任务分工 notices put tasks in tables. Each row becomes a numbered item followed by
a '牵头单位：…；配合单位：…' or '责任单位：…' line and a '完成时限：…' line — the same line forms
the
attribution and deadline grammars read in running text — so a table row yields a task with its
units and deadline, with spans into the text and the table's page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import count
from typing import TYPE_CHECKING, Optional

from ..base.datafiles import load
from ..findings import Block

if TYPE_CHECKING:
    from ..findings import CleanText
from ..base.script import has_han


@lru_cache(maxsize=None)
def columns() -> dict:
    return load("table_columns.json")


def _norm(cell: Optional[str]) -> str:
    return re.sub(r"\s+", "", cell or "")


def header_roles(header: list[Optional[str]]) -> Optional[dict[str, int]]:
    """Which column is which, if this header row is a task table's ({'task': 1, 'units': 2, …})."""
    cols = columns()
    roles: dict[str, int] = {}
    for i, cell in enumerate(header):
        c = _norm(cell).lower()
        if not c:
            continue
        for role in ("seq", "lead", "support", "units", "deadline", "task"):
            if role in roles:
                continue
            if any(
                c == w.lower().replace(" ", "")
                or (len(w) > 1 and c.startswith(w.lower().replace(" ", "")))
                for w in cols[role]
            ):
                roles[role] = i
                break
    if "task" not in roles:
        _task_by_words(header, roles)
    if "task" in roles and ({"units", "lead"} & roles.keys()):
        return roles
    return None


def _task_by_words(header: list[Optional[str]], roles: dict[str, int]) -> None:
    """A task column named by a word (工作事项, 主要内容) where no header named one exactly;
    of two such columns the first is the item's title and the second its task."""
    words = [w.lower() for w in columns()["task_words"]["words"]]
    taken = set(roles.values())
    found = [
        i
        for i, cell in enumerate(header)
        if i not in taken and any(w in _norm(cell).lower() for w in words)
    ]
    if len(found) >= 2:
        roles["title"], roles["task"] = found[0], found[1]
    elif found:
        roles["task"] = found[0]


# row numbers unique within a process: the rows of all the tables of a document stay apart
_ROWS = count(1)
COLUMN_ORDER = ("seq", "title", "task", "lead", "support", "units", "deadline")


@dataclass(frozen=True)
class TableCell:
    """A task- or indicator-table cell in the clean text: ``text[start:end]``, its row and
    column (an indicator table's target column with the year it is due: ``target@2025``)."""

    row: int
    column: str
    start: int
    end: int

    @property
    def year(self) -> Optional[int]:
        """The year an indicator table's target column is due (its header's), if it names one."""
        _, at, y = self.column.partition("@")
        return int(y) if at else None


def rows_to_blocks(
    rows: list[list[Optional[str]]],
    roles: dict[str, int],
    language: str,
    page: Optional[int] = None,
    bbox=None,
) -> list[Block]:
    """The cells of the known columns, row by row in the table's column order; merged cells
    (None) repeat the cell above, as readers do. A row without a task is left out."""
    zh = language == "zh"
    blocks: list[Block] = []
    above: dict[int, str] = {}
    columns = sorted(roles, key=lambda r: roles[r])
    for row in rows:
        cells = {}
        for i, cell in enumerate(row):
            v = re.sub(r"\s*\n\s*", "" if zh else " ", cell).strip() if cell else ""
            if cell is None and i in above:
                v = above[i]
            cells[i] = v
            if v:
                above[i] = v
        if not cells.get(roles["task"], ""):
            continue
        n = next(_ROWS)
        for column in columns:
            v = cells.get(roles[column], "")
            if v:
                blocks.append(Block(v, page=page, bbox=bbox, kind="table", cell=(n, column)))
    return blocks


def table_cells(clean: CleanText) -> list[TableCell]:
    """Where the task-table cells stand in the clean text."""
    return [
        TableCell(b.cell[0], b.cell[1], at, at + len(b.text))
        for b, at in zip(clean.blocks, clean.offsets, strict=True)
        if b.cell is not None
    ]


def indicator_roles(header: list[Optional[str]]) -> Optional[dict[str, int]]:
    """Which column is which, if this header row is an indicator table's ({'indicator': 1,
    'unit': 2, 'target': 4, 'year': 2025}; table_columns.json indicators): an indicator column
    and a target column, named as a target or, with none so named, the rightmost year."""
    ind = columns()["indicators"]
    year_rx = re.compile(ind["year"])
    roles: dict[str, int] = {}
    years: list[tuple[int, int]] = []
    for i, cell in enumerate(header):
        c = _norm(cell).lower()
        if not c:
            continue
        for role in ("indicator", "unit", "target"):
            if role not in roles and any(c == w.lower().replace(" ", "") for w in ind[role]):
                roles[role] = i
                break
        else:
            y = year_rx.match(_norm(cell))
            if y is not None:
                years.append((i, int(y.group("year"))))
                if "target" not in roles and c != y.group("year") and not c.endswith("年"):
                    roles["target"], roles["year"] = i, int(y.group("year"))  # 2025年目标
    if "target" not in roles and years:
        roles["target"], roles["year"] = years[-1]
    return roles if "indicator" in roles and "target" in roles else None


def indicator_blocks(
    rows: list[list[Optional[str]]],
    roles: dict[str, int],
    page: Optional[int] = None,
    bbox=None,
) -> list[Block]:
    """An indicator table's rows as cells, each cell of a row its own block: the indicator, its
    unit, its target (the target's column carries the year it is due: ``target@2025``) and the
    others (a base year's figure, an attribute: ``other``), none of which the text's grammar
    reads as a target of its own; a row with no indicator or no target is left out."""
    target = "target" if "year" not in roles else f"target@{roles['year']}"
    names = {roles["indicator"]: "indicator", roles["target"]: target}
    if "unit" in roles:
        names[roles["unit"]] = "unit"
    blocks: list[Block] = []
    for row in rows:
        cells = [re.sub(r"\s+", " ", c or "").strip() for c in row]
        if not all(i < len(cells) and cells[i] for i in (roles["indicator"], roles["target"])):
            continue
        n = next(_ROWS)
        for i, v in enumerate(cells):
            if v:
                column = names.get(i, "other")
                blocks.append(Block(v, page=page, bbox=bbox, kind="table", cell=(n, column)))
    return blocks


def table_to_blocks(
    rows: list[list[Optional[str]]], page: Optional[int] = None, bbox=None
) -> Optional[list[Block]]:
    """Blocks for a task table or an indicator table (header in its first row), or None when
    it is neither."""
    if len(rows) < 2:
        return None
    roles = header_roles(rows[0])
    if roles is None:
        ind = indicator_roles(rows[0])
        return None if ind is None else indicator_blocks(rows[1:], ind, page, bbox)
    text = "".join(c or "" for r in rows for c in r)
    language = "zh" if has_han(text) else "en"
    return rows_to_blocks(rows[1:], roles, language, page, bbox)
