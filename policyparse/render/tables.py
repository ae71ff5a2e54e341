"""Task tables in the columns analysts already keep: document, section, task, the units by role
(lead, support, responsible: as the JSON says, never a guessed lead), deadlines as dates, targets,
page — as CSV, XLSX (a sheet per document, or one for all) and JSONL; and a table of the targets,
one a row (metric, comparator, value, unit, year).

Every document has at least one row (a notice with no task gets an empty one), so a reader can
tell "parsed, nothing found" from "missing". A cell a spreadsheet would run as a formula (text
opening with = + - @, a tab or a carriage return: OWASP's CSV injection) is written with a
leading apostrophe, in CSV and XLSX alike. Units are named in the notice's language.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from pathlib import Path
from typing import Optional

from ..model import Document, Responsibility, Target, Task

ROLES = ("lead", "support", "responsible")

COLUMNS = [
    "document",
    "section",
    "task_id",
    "task",
    "lead",
    "support",
    "responsible",
    "deadline",
    "deadline_2",
    "deadline_note",
    "targets",
    "page",
]
WIDTHS = {
    "document": 28,
    "section": 24,
    "task_id": 8,
    "task": 70,
    "lead": 22,
    "support": 22,
    "responsible": 22,
    "deadline": 12,
    "deadline_2": 12,
    "deadline_note": 16,
    "targets": 36,
    "page": 6,
}
# the targets, one a row (a sheet of the workbook, targets.csv beside tasks.csv)
TARGET_COLUMNS = [
    "document",
    "task_id",
    "metric",
    "comparator",
    "value",
    "value_max",
    "unit",
    "year",
    "kind",
    "direction",
    "text",
    "page",
]
TARGET_WIDTHS = {"metric": 30, "text": 40, "document": 28}
DATE_COLUMNS = ("deadline", "deadline_2")
WRAPPED = ("task", "section", "lead", "support", "responsible", "targets", "text", "metric")
SHEETS_MAX = 10  # past this many documents the workbook is one sheet of tasks, not one each
COMPARATORS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "=", "between": ""}
_FORMULA_OPENERS = ("=", "+", "-", "@", "\t", "\r")


def unit_name(r: Responsibility, language: str) -> str:
    """A unit as a reader of the notice names it: the registry's English name in an English
    notice, its Chinese name in a Chinese one, the words as written for unknown units."""
    if language == "en":
        return r.name_en or r.text
    return r.name


def target_label(t: Target) -> str:
    """ "审查周期 ≤ 16 month", "GDP growth 5.5–6 %": what is measured, and the value."""
    return label(t.metric, t.comparator, t.value, t.value_max, t.unit)


def label(
    metric: Optional[str],
    comparator: Optional[str],
    value: float,
    value_max: Optional[float],
    unit: Optional[str],
) -> str:
    """A target's label from its fields (a Target's, or a store row's)."""
    shown = f"{value:g}" if value_max is None else f"{value:g}–{value_max:g}"
    op = COMPARATORS.get(comparator or "", comparator)
    words = [w for w in (metric, op, shown + (f" {unit}" if unit else "")) if w]
    return " ".join(words)


def _deadline_cells(t: Task) -> dict[str, str]:
    """A task's deadlines as dates a spreadsheet can sort: the first and a second distinct date
    in their own columns; deadlines without a date ("年底前" with no year to place it) and any
    further dates in words beside them."""
    dates = list(dict.fromkeys(x.date for x in t.deadlines if x.date))
    words = [x.text for x in t.deadlines if not x.date] + dates[2:]
    return {
        "deadline": dates[0] if dates else "",
        "deadline_2": dates[1] if len(dates) > 1 else "",
        "deadline_note": "；".join(dict.fromkeys(words)),
    }


def task_rows(rel: str, doc: Document) -> list[dict]:
    """One row per task of a parsed document (``rel``: its path in the batch); one empty row
    for a document with no task. Every unit is in the column of its role (lead, support,
    responsible) as the JSON gives it: no lead is guessed where the notice names none."""
    titles = {s.id: f"{s.label} {s.title}".strip() for s in doc.iter_sections()}
    rows: list[dict] = []
    for t in doc.tasks:
        by_role = {
            role: "；".join(unit_name(r, doc.language) for r in t.responsible if r.role == role)
            for role in ROLES
        }
        rows.append(
            {
                "document": rel,
                "section": titles.get(t.section_id or "", ""),
                "task_id": t.id,
                "task": " ".join(t.text.split()),  # one line: a cell, not a page
                **by_role,
                **_deadline_cells(t),
                "targets": "；".join(target_label(x) for x in t.targets),
                "page": t.span.page if t.span.page is not None else "",
            }
        )
    if not rows:
        rows.append({c: "" for c in COLUMNS} | {"document": rel, "task": "(no task found)"})
    return rows


def target_rows(rel: str, doc: Document) -> list[dict]:
    """One row per target of a parsed document: what is measured, the comparator, the value
    (numbers as numbers), its unit and year, and the task that sets it."""
    in_task = {id(x): t.id for t in doc.tasks for x in t.targets}
    return [
        {
            "document": rel,
            "task_id": in_task.get(id(g), ""),
            "metric": g.metric or "",
            "comparator": g.comparator,
            "value": g.value,
            "value_max": g.value_max if g.value_max is not None else "",
            "unit": g.unit or "",
            "year": g.year or "",
            "kind": g.kind,
            "direction": g.direction or "",
            "text": " ".join(g.text.split()),
            "page": g.span.page if g.span.page is not None else "",
        }
        for g in doc.targets
    ]


def document_rows(rel: str, doc: Document) -> dict[str, list[dict]]:
    """A document's rows of each table: ``tasks`` and ``targets``."""
    return {"tasks": task_rows(rel, doc), "targets": target_rows(rel, doc)}


def safe_cell(value: object) -> object:
    """A value as a spreadsheet may show it without running it: text that opens like a formula
    gets a leading apostrophe (a spreadsheet shows it as text)."""
    if isinstance(value, str) and value.startswith(_FORMULA_OPENERS):
        return "'" + value
    return value


def csv_text(rows: list[dict], columns: list[str]) -> str:
    """Rows as CSV under a header of ``columns``, every cell made safe to open (``safe_cell``):
    the task tables and the store's query rows both write through it."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns)
    w.writeheader()
    w.writerows({k: safe_cell(v) for k, v in r.items()} for r in rows)
    return buf.getvalue()


def write_csv(path: Path, rows: list[dict], columns: Optional[list[str]] = None) -> None:
    from .files import write_atomic

    # BOM so Excel opens Chinese CSV correctly
    write_atomic(path, "\ufeff" + csv_text(rows, columns or COLUMNS))


def write_jsonl(path: Path, documents: list[str]) -> None:
    """Documents' JSON texts, one a line."""
    from .files import write_atomic

    write_atomic(path, "".join(d.rstrip("\n") + "\n" for d in documents))


def _sheet_name(rel: str, used: set) -> str:
    # sheet names: no []:*?/\ and no control characters, at most 31 characters, unique
    base = re.sub(r"[\[\]:*?/\\\x00-\x1f\x7f]", "_", Path(rel).stem)[:28] or "doc"
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base[:25]}~{n}"
    used.add(name)
    return name


def _xlsx_value(column: str, value: object) -> object:
    """Dates as dates (a single ISO date), numbers as numbers, text made safe to open."""
    if (
        column in DATE_COLUMNS
        and isinstance(value, str)
        and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
    ):
        return datetime.date.fromisoformat(value)
    if isinstance(value, str):
        # characters XML 1.0 cannot hold would make the workbook unreadable
        value = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", value)
    return safe_cell(value)


def _sheet(wb, name: str, columns: list[str], rows: list[dict], widths: dict[str, int]) -> None:
    """A sheet: bold, frozen header with filters, widths set, long text wrapped, dates as
    dates."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(name)
    ws.append(columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append([_xlsx_value(c, r[c]) for c in columns])
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, c in enumerate(columns, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = widths.get(c, 10)
        for cell in ws[letter][1:]:
            if c in WRAPPED:
                cell.alignment = wrap
            if isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions


def write_xlsx(
    path: Path,
    rows: list[dict],
    combined: Optional[bool] = None,
    targets: Optional[list[dict]] = None,
) -> None:
    """A workbook of the tasks, one sheet per document or one for all (``combined``; by
    default one for all past SHEETS_MAX documents: a folder of 500 notices is not 500
    sheets), and a sheet of the targets, one a row, when ``targets`` is given."""
    from openpyxl import Workbook

    from .files import write_atomic

    wb = Workbook()
    wb.remove(wb.active)
    groups: dict[str, list[dict]] = {}
    for r in rows:
        groups.setdefault(r["document"], []).append(r)
    if combined is None:
        combined = len(groups) > SHEETS_MAX
    used: set = {"targets"} if targets is not None else set()
    if combined or not groups:
        used.add("tasks")
        _sheet(wb, "tasks", COLUMNS, rows, WIDTHS)
    else:
        for name, rs in groups.items():
            _sheet(wb, _sheet_name(name, used), COLUMNS, rs, WIDTHS)
    if targets is not None:
        _sheet(wb, "targets", TARGET_COLUMNS, targets, TARGET_WIDTHS)
    buf = io.BytesIO()
    wb.save(buf)
    write_atomic(path, buf.getvalue())
