"""Parsed notices as pandas DataFrames, for analysts in notebooks (``policyparse[pandas]``).

    frames = policyparse.to_frames(["a.json", "b.json"])   # or Documents, or a store
    frames.tasks.merge(frames.responsibilities, on=["document", "task_id"])

The frames have the store's columns (``policyparse.store.schema``), with ``document`` (the
document's key: its path) in place of the store's numeric id, whichever the source.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Union

from ..errors import PolicyParseError

if TYPE_CHECKING:
    import pandas as pd

    from .db import Store

TABLES = ("documents", "sections", "tasks", "responsibilities", "targets", "deadlines", "warnings")


@dataclass
class Frames:
    """One DataFrame per table; prints as their sizes."""

    documents: "pd.DataFrame"
    sections: "pd.DataFrame"
    tasks: "pd.DataFrame"
    responsibilities: "pd.DataFrame"
    targets: "pd.DataFrame"
    deadlines: "pd.DataFrame"
    warnings: "pd.DataFrame"

    def __repr__(self) -> str:
        sizes = ", ".join(f"{f.name} {len(getattr(self, f.name))}" for f in fields(self))
        return f"<Frames: {sizes}>"

    def items(self):
        return ((f.name, getattr(self, f.name)) for f in fields(self))


def _pandas():
    try:
        import pandas as pd
    except ImportError:
        raise PolicyParseError(
            "DataFrames need pandas: pip install 'policyparse[pandas]'", stage="frames"
        ) from None
    return pd


def _columns() -> dict[str, list[str]]:
    from . import schema as S

    out = {}
    for name in TABLES:
        cols = [
            c.name
            for c in S.md.tables[name].columns
            if c.name not in ("id", "document_id", "task_row")  # the store's own keys
        ]
        out[name] = cols if name == "documents" else ["document", *cols]
    out["documents"] = ["document", *[c for c in out["documents"] if c not in ("key",)]]
    return out


def to_frames(source: Union["Store", str, Path, Iterable[Any]]) -> Frames:
    """DataFrames of parsed notices: from a store (a ``Store``, a SQLite file, a
    ``postgresql://`` URL), or from documents (``Document`` objects, their JSON as dicts, or
    paths of JSON files)."""
    from .db import Store, open_store

    if isinstance(source, Store):
        return _from_store(source)
    if isinstance(source, (str, Path)):
        s = str(source)
        if "://" in s or Path(s).suffix in (".sqlite", ".sqlite3", ".db"):
            with open_store(s, create=False) as store:
                return _from_store(store)
        source = [source]
    return _from_documents(source)


def _from_documents(items: Iterable[Any]) -> Frames:
    from .rows import child_rows, document_row

    pd = _pandas()
    rows: dict[str, list[dict]] = {t: [] for t in TABLES}
    for item in items:
        if isinstance(item, (str, Path)):
            d = json.loads(Path(item).read_text("utf-8"))
        elif isinstance(item, dict):
            d = item
        else:
            d = item.to_dict()
        src = d.get("source") or {}
        key = src.get("path") or src.get("url") or src.get("sha256") or ""
        doc = document_row(d)
        rows["documents"].append({"document": key, **doc})
        for name, rs in child_rows(d).items():
            rows[name] += [{"document": key, **r} for r in rs]
    cols = _columns()
    cols["documents"] = ["document", *document_row({})]  # (the store adds its own columns)
    return _typed(Frames(**{t: pd.DataFrame(rows[t], columns=cols[t]) for t in TABLES}))


def _typed(frames: Frames) -> Frames:
    """The same dtypes whichever the source: dates as datetimes (SQLite gives ISO text),
    integers and booleans nullable (a page, a year), text as objects with None for null."""
    from sqlalchemy import Boolean, Date, Float, Integer

    from . import schema as S

    pd = _pandas()
    for name, df in frames.items():
        for c in S.md.tables[name].columns:
            if c.name not in df:
                continue
            if isinstance(c.type, Date):
                df[c.name] = pd.to_datetime(df[c.name], errors="coerce")
            elif isinstance(c.type, Boolean):
                df[c.name] = df[c.name].astype("boolean")
            elif isinstance(c.type, Integer):
                df[c.name] = df[c.name].astype("Int64")  # nullable: a page, a year
            elif isinstance(c.type, Float):
                df[c.name] = df[c.name].astype("float64")
            else:
                df[c.name] = df[c.name].astype(object).where(df[c.name].notna(), None)
    return frames


def _from_store(store: "Store") -> Frames:
    from sqlalchemy import select

    from . import schema as S

    pd = _pandas()
    cols = _columns()
    out = {}
    with store._reading() as conn:
        for t in TABLES:
            table = S.md.tables[t]
            if t == "documents":
                sel = select(
                    table.c.key.label("document"),
                    *[table.c[c] for c in cols[t] if c != "document"],
                )
            else:
                d = S.documents
                sel = select(d.c.key.label("document"), *[table.c[c] for c in cols[t][1:]]).join(
                    d, d.c.id == table.c.document_id
                )
            out[t] = pd.read_sql_query(sel, conn)
    return _typed(Frames(**out))
