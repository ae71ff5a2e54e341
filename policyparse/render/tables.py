"""Task tables in the columns analysts already keep: document, section, task, lead unit, other
units, targets, deadline, page — as CSV, XLSX (a sheet per document or one combined) and JSONL.

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

from ..model import Document, Responsibility, Target

COLUMNS = [
    "document",
    "section",
    "task_id",
    "task",
    "lead_unit",
    "other_units",
    "targets",
    "deadline",
    "page",
]
WIDTHS = {
    "document": 28,
    "section": 24,
    "task_id": 8,
    "task": 70,
    "lead_unit": 22,
    "other_units": 30,
    "targets": 36,
    "deadline": 12,
    "page": 6,
}
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


def task_rows(rel: str, doc: Document) -> list[dict]:
    """One row per task of a parsed document (``rel``: its path in the batch); one empty row
    for a document with no task."""
    titles = {s.id: f"{s.label} {s.title}".strip() for s in doc.iter_sections()}
    rows: list[dict] = []
    for t in doc.tasks:
        lead = t.lead or t.responsible[:1]
        others = [r for r in t.responsible if r not in lead]
        rows.append(
            {
                "document": rel,
                "section": titles.get(t.section_id or "", ""),
                "task_id": t.id,
                "task": " ".join(t.text.split()),  # one line: a cell, not a page
                "lead_unit": "；".join(unit_name(r, doc.language) for r in lead),
                "other_units": "；".join(unit_name(r, doc.language) for r in others),
                "targets": "；".join(target_label(x) for x in t.targets),
                "deadline": "；".join(x.date or x.text for x in t.deadlines),
                "page": t.span.page if t.span.page is not None else "",
            }
        )
    if not rows:
        rows.append({c: "" for c in COLUMNS} | {"document": rel, "task": "(no task found)"})
    return rows


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


def write_csv(path: Path, rows: list[dict]) -> None:
    from .files import write_atomic

    # BOM so Excel opens Chinese CSV correctly
    write_atomic(path, "\ufeff" + csv_text(rows, COLUMNS))


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
        column == "deadline"
        and isinstance(value, str)
        and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
    ):
        return datetime.date.fromisoformat(value)
    if isinstance(value, str):
        # characters XML 1.0 cannot hold would make the workbook unreadable
        value = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", value)
    return safe_cell(value)


def write_xlsx(path: Path, rows: list[dict], combined: bool = False) -> None:
    """One sheet per document (or one for all): bold, frozen header with filters, widths set,
    long text wrapped, deadlines as dates."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from .files import write_atomic

    wb = Workbook()
    wb.remove(wb.active)
    groups: dict[str, list[dict]] = {}
    if combined:
        groups["tasks"] = rows
    else:
        for r in rows:
            groups.setdefault(r["document"], []).append(r)
    used: set = set()
    wrap = Alignment(wrap_text=True, vertical="top")
    for name, rs in groups.items() or {"tasks": []}.items():
        ws = wb.create_sheet(_sheet_name(name, used) if not combined else "tasks")
        ws.append(COLUMNS)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for r in rs:
            ws.append([_xlsx_value(c, r[c]) for c in COLUMNS])
        for i, c in enumerate(COLUMNS):
            letter = chr(ord("A") + i)
            ws.column_dimensions[letter].width = WIDTHS[c]
            if c in ("task", "section", "other_units", "targets"):
                for cell in ws[letter][1:]:
                    cell.alignment = wrap
            if c == "deadline":
                for cell in ws[letter][1:]:
                    if isinstance(cell.value, datetime.date):
                        cell.number_format = "yyyy-mm-dd"
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
    if not wb.worksheets:
        wb.create_sheet("tasks").append(COLUMNS)
    buf = io.BytesIO()
    wb.save(buf)
    write_atomic(path, buf.getvalue())
