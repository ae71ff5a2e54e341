"""The common questions, without SQL: which tasks a unit leads, what falls due when, which set
a target, where a phrase is mentioned. One row per task.

Every filter narrows the tasks by a subquery on an indexed column (the unit and role, the
deadline date, the target metric, the full-text index), so each question costs a few index
look-ups, not a pass over the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Optional

from sqlalchemy import and_, func, or_, select, text, tuple_
from sqlalchemy.engine import Connection
from sqlalchemy.sql import Select

from ..errors import StoreError
from . import schema as S

if TYPE_CHECKING:
    from .db import Store

ROLES = ("lead", "support", "responsible")


@dataclass
class TaskQuery:
    """A question about tasks. Every given filter must hold (they combine with AND)."""

    unit: Optional[str] = None  # a unit by id, Chinese or English name, alias, or as written
    role: Optional[str] = None  # lead | support | responsible (with ``unit``: its role)
    due_before: Optional[str] = None  # a deadline on or before this date (YYYY-MM-DD)
    due_after: Optional[str] = None  # a deadline on or after this date
    has_target: bool = False
    metric: Optional[str] = None  # a target whose metric contains these words
    search: Optional[str] = None  # task text containing these words
    language: Optional[str] = None  # zh | en
    document: Optional[str] = None  # documents whose key (input path) contains this
    limit: Optional[int] = None

    def __post_init__(self) -> None:
        if self.role is not None and self.role not in ROLES:
            raise StoreError(f"role must be one of {', '.join(ROLES)}, not {self.role!r}")
        for name in ("due_before", "due_after"):
            v = getattr(self, name)
            if v is not None and not isinstance(v, date):
                try:
                    setattr(self, name, date.fromisoformat(str(v)))
                except ValueError:
                    raise StoreError(
                        f"{name.replace('_', '-')} must be a date like 2024-12-31, not {v!r}"
                    ) from None
        if self.limit is not None and self.limit < 0:
            raise StoreError("limit must be 0 or more")


def unit_ids(conn: Connection, name: str) -> list[str]:
    """The ids of the units a user means by ``name``: an id, a name in either language or an
    alias from the registry (any case), or the words a notice wrote for a unit it does not know."""
    from ..units.registry import load_registry

    u, r = S.units, S.responsibilities
    q = name.strip()
    low = q.lower()
    ids = set(
        conn.execute(
            select(u.c.id).where(or_(u.c.id == q, u.c.name_zh == q, func.lower(u.c.name_en) == low))
        ).scalars()
    )
    res = load_registry().resolve(q)
    if res.known and res.score >= 100:
        ids.add(res.unit_id)
    if not ids:
        ids |= set(
            conn.execute(
                select(r.c.unit_id).where(or_(r.c.name == q, r.c.written == q)).distinct()
            ).scalars()
        )
    return sorted(ids)


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _search(store: "Store", words: str) -> Any:
    """Tasks whose text holds ``words``: SQLite's trigram index (three characters or more),
    else a substring match (ILIKE on PostgreSQL, behind pg_trgm indexes where allowed)."""
    t = S.tasks
    if store.dialect == "sqlite" and len(words) >= 3:
        phrase = '"' + words.replace('"', '""') + '"'
        return t.c.id.in_(
            text("SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH :fts_q").bindparams(
                fts_q=phrase
            )
        )
    if store.dialect == "sqlite":
        return t.c.text.like(_like(words), escape="\\")
    return t.c.text.ilike(_like(words), escape="\\")


def build(store: "Store", conn: Connection, q: TaskQuery) -> tuple[Select, list[str]]:
    """The SELECT of task keys for a question, and the unit ids it resolved ``unit`` to."""
    t, d = S.tasks, S.documents
    r, tg, dl = S.responsibilities, S.targets, S.deadlines
    key = tuple_(t.c.document_id, t.c.task_id)
    where: list[Any] = []
    ids: list[str] = []
    if q.unit is not None:
        ids = unit_ids(conn, q.unit)
        cond: list[Any] = [r.c.unit_id.in_(ids)]
        if q.role:
            cond.append(r.c.role == q.role)
        where.append(key.in_(select(r.c.document_id, r.c.task_id).where(*cond)))
    elif q.role:
        where.append(key.in_(select(r.c.document_id, r.c.task_id).where(r.c.role == q.role)))
    if q.due_before is not None or q.due_after is not None:
        cond = [dl.c.task_id.is_not(None)]
        if q.due_before is not None:
            cond.append(dl.c.date <= q.due_before)
        if q.due_after is not None:
            cond.append(dl.c.date >= q.due_after)
        where.append(key.in_(select(dl.c.document_id, dl.c.task_id).where(*cond)))
    if q.has_target or q.metric:
        cond = [tg.c.task_id.is_not(None)]
        if q.metric:
            cond.append(tg.c.metric.like(_like(q.metric), escape="\\"))
        where.append(key.in_(select(tg.c.document_id, tg.c.task_id).where(*cond)))
    if q.search:
        where.append(_search(store, q.search))
    if q.language:
        where.append(d.c.language == q.language)
    if q.document:
        where.append(d.c.key.like(_like(q.document), escape="\\"))
    sel = (
        select(
            t.c.document_id,
            t.c.task_id,
            t.c.section_id,
            t.c.text,
            t.c.start,
            t.c.end,
            t.c.page,
            d.c.key,
            d.c.title,
            d.c.language,
        )
        .join(d, d.c.id == t.c.document_id)
        .where(and_(True, *where))
        .order_by(d.c.key, t.c.position)
    )
    if q.limit:
        sel = sel.limit(q.limit)
    return sel, ids


def run_task_query(store: "Store", q: TaskQuery) -> list[dict[str, Any]]:
    """One dict per task: its document, id, section, text and span; its units by role (names
    in the document's language), deadlines and targets."""
    r, u, tg, dl, sec = S.responsibilities, S.units, S.targets, S.deadlines, S.sections
    with store._reading() as conn:
        sel, _ids = build(store, conn, q)
        rows = [dict(x._mapping) for x in conn.execute(sel)]
        if not rows:
            return []
        docs = sorted({x["document_id"] for x in rows})
        wanted = {(x["document_id"], x["task_id"]) for x in rows}
        units: dict[tuple[int, str], list[tuple[str, str]]] = {}
        for doc_id, task_id, role, name, zh, en, lang in conn.execute(
            select(
                r.c.document_id,
                r.c.task_id,
                r.c.role,
                r.c.name,
                u.c.name_zh,
                u.c.name_en,
                S.documents.c.language,
            )
            .join(u, u.c.id == r.c.unit_id, isouter=True)
            .join(S.documents, S.documents.c.id == r.c.document_id)
            .where(r.c.document_id.in_(docs))
            .order_by(r.c.document_id, r.c.task_id, r.c.position)
        ):
            if (doc_id, task_id) in wanted:
                shown = (en if lang == "en" else zh) or name
                units.setdefault((doc_id, task_id), []).append((role, shown))
        dates: dict[tuple[int, str], list[str]] = {}
        for doc_id, task_id, when, words in conn.execute(
            select(dl.c.document_id, dl.c.task_id, dl.c.date, dl.c.text)
            .where(dl.c.document_id.in_(docs))
            .order_by(dl.c.document_id, dl.c.position)
        ):
            if (doc_id, task_id) in wanted:
                dates.setdefault((doc_id, task_id), []).append(when.isoformat() if when else words)
        goals: dict[tuple[int, str], list[dict[str, Any]]] = {}
        for g in conn.execute(
            select(tg).where(tg.c.document_id.in_(docs)).order_by(tg.c.document_id, tg.c.position)
        ):
            m = g._mapping
            if (m["document_id"], m["task_id"]) in wanted:
                goals.setdefault((m["document_id"], m["task_id"]), []).append(
                    {
                        k: m[k]
                        for k in ("metric", "comparator", "value", "value_max", "unit", "year")
                    }
                )
        titles = {
            (doc_id, sid): f"{label or ''} {title or ''}".strip()
            for doc_id, sid, label, title in conn.execute(
                select(sec.c.document_id, sec.c.section_id, sec.c.label, sec.c.title).where(
                    sec.c.document_id.in_(docs)
                )
            )
        }
    out = []
    for x in rows:
        k = (x["document_id"], x["task_id"])
        who = units.get(k, [])
        out.append(
            {
                "document": x["key"],
                "title": x["title"],
                "language": x["language"],
                "task_id": x["task_id"],
                "section": titles.get((x["document_id"], x["section_id"]), ""),
                "text": x["text"],
                "lead": [n for role, n in who if role == "lead"],
                "support": [n for role, n in who if role == "support"],
                "responsible": [n for role, n in who if role == "responsible"],
                "deadlines": dates.get(k, []),
                "targets": goals.get(k, []),
                "span": {"start": x["start"], "end": x["end"], "page": x["page"]},
            }
        )
    return out


def flat(row: dict[str, Any]) -> dict[str, Any]:
    """A task row as table cells: lists joined by "；", targets as "metric ≥ value unit"."""
    from ..render.tables import COMPARATORS

    def goal(x: dict[str, Any]) -> str:
        v = f"{x['value']:g}" if x["value_max"] is None else f"{x['value']:g}–{x['value_max']:g}"
        op = COMPARATORS.get(x["comparator"] or "", x["comparator"] or "")
        return " ".join(
            w for w in (x["metric"], op, v + (f" {x['unit']}" if x["unit"] else "")) if w
        )

    return {
        "document": row["document"],
        "task_id": row["task_id"],
        "section": row["section"],
        "task": " ".join((row["text"] or "").split()),
        "lead": "；".join(row["lead"]),
        "support": "；".join(row["support"]),
        "responsible": "；".join(row["responsible"]),
        "deadlines": "；".join(row["deadlines"]),
        "targets": "；".join(goal(x) for x in row["targets"]),
    }
