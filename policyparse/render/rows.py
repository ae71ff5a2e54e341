"""Rows of a query (dicts with the same keys) as a terminal table, CSV or JSON.

What a notice wrote is data, never markup or a formula: table cells are plain text to rich,
CSV cells that open like a formula get a leading apostrophe (as in the task tables).
"""

from __future__ import annotations

import io
import json
import math
import shutil
import sys
from typing import Any

from .tables import csv_text


def _cell(v: Any) -> Any:
    if v is None:
        return ""
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


def json_scalar(v: Any) -> Any:
    """A value strict JSON can hold: a float that is not finite as null (a store loaded
    before documents were checked may hold one), bytes as hex; anything else as it is."""
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, (bytes, bytearray, memoryview)):
        return bytes(v).hex()
    return v


def _json_value(v: Any) -> Any:
    """``json_scalar`` through dicts and lists."""
    if isinstance(v, dict):
        return {k: _json_value(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_json_value(x) for x in v]
    return json_scalar(v)


def to_csv(rows: list[dict[str, Any]]) -> str:
    cols = list(rows[0]) if rows else []
    return csv_text([{k: _cell(v) for k, v in r.items()} for r in rows], cols)


def to_table(rows: list[dict[str, Any]], width: int = 0) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    t = Table(show_lines=False)
    cols = list(rows[0]) if rows else []
    for c in cols:
        t.add_column(c, overflow="fold", ratio=4 if c in ("task", "text") else None)
    for r in rows:
        t.add_row(*(Text(str(_cell(r[c]))) for c in cols))
    buf = io.StringIO()
    if not width:
        width = shutil.get_terminal_size().columns if sys.stdout.isatty() else 200
    Console(file=buf, width=width).print(t)
    return buf.getvalue()


def render_rows(rows: list[dict[str, Any]], fmt: str) -> str:
    """``table`` (for a terminal), ``csv`` or ``json`` (a list of objects)."""
    if fmt == "json":
        rows = [_json_value(r) for r in rows]
        return json.dumps(rows, ensure_ascii=False, indent=1, default=_cell, allow_nan=False) + "\n"
    if fmt == "csv":
        return to_csv(rows)
    return to_table(rows) if rows else ""
