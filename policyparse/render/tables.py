"""Task tables in the columns analysts already keep: document, section, task, lead unit, other
units, targets, deadline, page — as CSV, XLSX (a sheet per document or one combined) and JSONL."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from ..model import Document

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


def task_rows(rel: str, doc: Document) -> list[dict]:
    """One row per task of a parsed document (``rel``: its path in the batch)."""
    titles = {s.id: f"{s.label} {s.title}".strip() for s in doc.iter_sections()}
    rows = []
    for t in doc.tasks:
        lead = t.lead or t.responsible[:1]
        others = [r for r in t.responsible if r not in lead]
        rows.append(
            {
                "document": rel,
                "section": titles.get(t.section_id or "", ""),
                "task_id": t.id,
                "task": t.text,
                "lead_unit": "；".join(r.name for r in lead),
                "other_units": "；".join(r.name for r in others),
                "targets": "；".join(x.text for x in t.targets),
                "deadline": "；".join(x.date or x.text for x in t.deadlines),
                "page": t.span.page if t.span.page is not None else "",
            }
        )
    return rows


def write_csv(path: Path, rows: list[dict]) -> None:
    from .files import write_atomic

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS)
    w.writeheader()
    w.writerows(rows)
    write_atomic(path, "\ufeff" + buf.getvalue())  # BOM so Excel opens Chinese CSV correctly


def write_jsonl(path: Path, documents: list[str]) -> None:
    """Documents' JSON texts, one a line."""
    from .files import write_atomic

    write_atomic(path, "".join(d.rstrip("\n") + "\n" for d in documents))


def _sheet_name(rel: str, used: set) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", Path(rel).stem)[:28] or "doc"
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base[:25]}~{n}"
    used.add(name)
    return name


def write_xlsx(path: Path, rows: list[dict], combined: bool = False) -> None:
    from openpyxl import Workbook

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
    for name, rs in groups.items() or {"tasks": []}.items():
        ws = wb.create_sheet(_sheet_name(name, used) if not combined else "tasks")
        ws.append(COLUMNS)
        for r in rs:
            ws.append([r[c] for c in COLUMNS])
        ws.freeze_panes = "A2"
    if not wb.worksheets:
        wb.create_sheet("tasks").append(COLUMNS)
    buf = io.BytesIO()
    wb.save(buf)
    write_atomic(path, buf.getvalue())
