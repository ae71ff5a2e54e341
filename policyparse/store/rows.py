"""A parsed document (its JSON, as a dict) -> the rows of the store's tables.

One pure function, used by the loader and by ``policyparse.to_frames``, so a DataFrame built
from documents and one read back from a store hold the same rows.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Optional

from ..base.extents import without

Rows = dict[str, list[dict[str, Any]]]


def iso_date(value: Any) -> Optional[str]:
    """A contract date ("2024-12-31") as it is written; anything else (null, a bare year, a
    date that does not exist) as None. (ISO text: what SQLite keeps, and PostgreSQL casts.)"""
    if isinstance(value, str) and len(value) == 10:
        try:
            date.fromisoformat(value)
        except ValueError:
            return None
        return value
    return None


def _span(d: dict, key: str = "span") -> dict[str, Any]:
    s = d.get(key) or {}
    return {"start": s.get("start"), "end": s.get("end"), "page": s.get("page")}


def _walk(sections: list[dict], parent: Optional[str] = None):
    for s in sections:
        yield s, parent
        yield from _walk(s.get("children") or [], s.get("id"))


def document_row(doc: dict) -> dict[str, Any]:
    """The ``documents`` row of a document, without the store's own columns (id, batch, key,
    parser_version, loaded_at)."""
    md = doc.get("metadata") or {}
    src = doc.get("source") or {}
    dd = doc.get("document_date") or {}
    return {
        "path": src.get("path"),
        "url": src.get("url"),
        "format": src.get("format"),
        "sha256": src.get("sha256") or "",
        "schema_version": doc.get("schema_version"),
        "language": doc.get("language") or "",
        "title": md.get("title"),
        "doc_number": md.get("doc_number"),
        "issuer": "；".join(md.get("issuer") or []) or None,
        "issued_on": iso_date(md.get("issued_on")),
        "published_on": iso_date(md.get("published_on")),
        "document_date": iso_date(dd.get("date")),
        "date_inferred": dd.get("inferred") if dd else None,
        "text": doc.get("text") or "",
    }


def child_rows(doc: dict) -> Rows:
    """Rows of every table below ``documents`` (without ``document_id``), in text order.
    A document-level target or deadline is linked to the task that lists it (by its span)."""
    tasks = doc.get("tasks") or []
    owner: dict[tuple[str, int, int], str] = {}  # (kind, start, end) -> task id
    for t in tasks:
        for kind in ("targets", "deadlines"):
            for x in t.get(kind) or []:
                sp = x.get("span") or {}
                owner.setdefault((kind, sp.get("start", -1), sp.get("end", -1)), t["id"])

    def task_of(kind: str, x: dict) -> Optional[str]:
        sp = x.get("span") or {}
        return owner.get((kind, sp.get("start", -1), sp.get("end", -1)))

    return {
        "sections": _section_rows(doc, tasks),
        "tasks": _task_rows(tasks),
        "responsibilities": _responsibility_rows(tasks),
        "targets": [
            _target_row(i, x, task_of("targets", x)) for i, x in enumerate(doc.get("targets") or [])
        ],
        "deadlines": [
            {
                "position": i,
                "task_id": task_of("deadlines", x),
                "date": iso_date(x.get("date")),
                "recurring": bool(x.get("recurring")),
                "text": x.get("text"),
                **_span(x),
            }
            for i, x in enumerate(doc.get("deadlines") or [])
        ],
        "warnings": [
            {"position": i, "code": w.get("code"), "message": w.get("message"), **_span(w)}
            for i, w in enumerate(doc.get("warnings") or [])
        ],
    }


def _section_rows(doc: dict, tasks: list[dict]) -> list[dict[str, Any]]:
    """One row per section, with its own words: its span less its tasks' (searched with the
    tasks), so that no word of the notice is stored and indexed twice."""
    text: str = doc.get("text") or ""
    cuts = sorted(
        (t["span"]["start"], t["span"]["end"]) for t in tasks if t.get("span") is not None
    )
    rows = []
    for i, (s, parent) in enumerate(_walk(doc.get("sections") or [])):
        span = _span(s)
        kids = s.get("children") or []
        start = span["start"]
        end = (kids[0].get("span") or {}).get("start") if kids else span["end"]
        own = without(text, start, end, cuts) if start is not None and end else ""
        title = s.get("title") or ""
        if title and title not in own:  # a heading that opens its first task: still searchable
            own = f"{title}\n{own}" if own else title
        rows.append(
            {
                "section_id": s["id"],
                "parent_id": parent,
                "position": i,
                "label": s.get("label"),
                "level": s.get("level"),
                "title": s.get("title"),
                "style": s.get("style"),
                "text": own,
                **span,
            }
        )
    return rows


def _task_rows(tasks: list[dict]) -> list[dict[str, Any]]:
    return [
        {
            "task_id": t["id"],
            "position": i,
            "section_id": t.get("section_id"),
            "text": t.get("text") or "",
            "attribution": t.get("attribution"),
            **_span(t),
        }
        for i, t in enumerate(tasks)
    ]


def _responsibility_rows(tasks: list[dict]) -> list[dict[str, Any]]:
    return [
        {
            "task_id": t["id"],
            "position": j,
            "unit_id": r["unit_id"],
            "name": r.get("name") or r.get("text") or "",
            "written": r.get("text"),
            "role": r.get("role") or "responsible",
            "division_of_duties": bool(r.get("division_of_duties")),
            "known": r.get("known", True),
            **_span(r),
        }
        for t in tasks
        for j, r in enumerate(t.get("responsible") or [])
    ]


def _target_row(i: int, x: dict, task_id: Optional[str]) -> dict[str, Any]:
    mag = x.get("magnitude") or {}
    return {
        "position": i,
        "task_id": task_id,
        "metric": x.get("metric"),
        "comparator": x.get("comparator"),
        "value": x.get("value"),
        "value_max": x.get("value_max"),
        "unit": x.get("unit"),
        "kind": x.get("kind"),
        "direction": x.get("direction"),
        "year": x.get("year"),
        "magnitude": mag.get("value"),
        "magnitude_max": mag.get("value_max"),
        "magnitude_unit": mag.get("unit"),
        "text": x.get("text"),
        **_span(x),
    }


def unit_rows(doc: dict) -> list[dict[str, Any]]:
    """The units a document names, as ``units`` rows: the registry's own are written when the
    store is made; these add the units a notice names that the registry does not know."""
    seen: dict[str, dict[str, Any]] = {}
    zh = doc.get("language") == "zh"
    for t in doc.get("tasks") or []:
        for r in t.get("responsible") or []:
            uid = r["unit_id"]
            if uid in seen:
                continue
            name = r.get("name") or r.get("text") or ""
            seen[uid] = {
                "id": uid,
                "name_zh": r.get("name_zh") or (name if zh else None),
                "name_en": r.get("name_en") or (None if zh else name),
                "kind": None,
                "scope": None,
                "aliases": None,
                "known": bool(r.get("known", True)),
            }
    return list(seen.values())
