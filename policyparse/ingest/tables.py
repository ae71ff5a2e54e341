"""Task tables (序号 / 任务 / 责任单位 / 完成时限) as text the parser's grammar reads.

Attachments of 任务分工 notices put tasks in tables. Each row becomes a numbered item followed by
a '牵头单位：…；配合单位：…' or '责任单位：…' line and a '完成时限：…' line — the same line forms
the
attribution and deadline grammars read in running text — so a table row yields a task with its
units and deadline, with spans into the text and the table's page."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Optional

from ..clean import Block
from ..language import has_han


@lru_cache(maxsize=None)
def columns() -> dict:
    return json.loads(
        resources.files("policyparse").joinpath("data/table_columns.json").read_text("utf-8")
    )


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
    if "task" in roles and ({"units", "lead"} & roles.keys()):
        return roles
    return None


def rows_to_blocks(
    rows: list[list[Optional[str]]],
    roles: dict[str, int],
    language: str,
    page: Optional[int] = None,
    bbox=None,
    start_number: int = 1,
) -> list[Block]:
    """One numbered item per row; merged cells (None) repeat the cell above, as readers do."""
    zh = language == "zh"
    blocks: list[Block] = []
    above: dict[int, str] = {}
    n = start_number - 1
    for row in rows:
        cells = {}
        for i, cell in enumerate(row):
            v = re.sub(r"\s*\n\s*", "" if zh else " ", cell).strip() if cell else ""
            if cell is None and i in above:
                v = above[i]
            cells[i] = v
            if v:
                above[i] = v
        task = cells.get(roles["task"], "")
        if not task:
            continue
        n += 1
        label = f"{n}." if zh else f"{n}. "
        blocks.append(Block(label + task, page=page, bbox=bbox, kind="table"))
        parts = []
        if "lead" in roles and cells.get(roles["lead"]):
            parts.append(("牵头单位：" if zh else "Lead unit: ") + cells[roles["lead"]])
            if "support" in roles and cells.get(roles["support"]):
                parts.append(
                    ("配合单位：" if zh else "cooperating units: ") + cells[roles["support"]]
                )
        elif "units" in roles and cells.get(roles["units"]):
            parts.append(("责任单位：" if zh else "Responsible units: ") + cells[roles["units"]])
        if parts:
            blocks.append(
                Block(("；" if zh else "; ").join(parts), page=page, bbox=bbox, kind="table")
            )
        if "deadline" in roles and cells.get(roles["deadline"]):
            blocks.append(
                Block(
                    ("完成时限：" if zh else "Deadline: ") + cells[roles["deadline"]],
                    page=page,
                    bbox=bbox,
                    kind="table",
                )
            )
    return blocks


def table_to_blocks(
    rows: list[list[Optional[str]]], page: Optional[int] = None, bbox=None
) -> Optional[list[Block]]:
    """Blocks for a task table (header in its first row), or None when it is not one."""
    if len(rows) < 2:
        return None
    roles = header_roles(rows[0])
    if roles is None:
        return None
    text = "".join(c or "" for r in rows for c in r)
    language = "zh" if has_han(text) else "en"
    return rows_to_blocks(rows[1:], roles, language, page, bbox)
