"""The common questions, without SQL: which tasks a unit leads, what falls due when, which set
a target, where a phrase is mentioned. One row per task.

Every filter narrows the tasks by a subquery on an indexed column (the unit and role, the
deadline date, the target metric, the full-text index), so each question costs a few index
look-ups, not a pass over the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ContextManager, Optional, Protocol, Union

from sqlalchemy import Float, and_, case, func, or_, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.sql import Select

from ..errors import StoreError
from . import schema as S


class Store(Protocol):
    """What a question needs of the store (``db.Store`` is one): its SQL dialect and a reading
    connection. A protocol, so that this module sits below ``db`` and never imports it."""

    dialect: str

    def _reading(self) -> ContextManager[Connection]: ...


ROLES = ("lead", "support", "responsible")


@dataclass
class TaskQuery:
    """A question about tasks. Every given filter must hold (they combine with AND)."""

    unit: Optional[str] = None  # a unit by id, Chinese or English name, alias, or as written
    role: Optional[str] = None  # lead | support | responsible (with ``unit``: its role)
    due_before: Optional[Union[str, date]] = None  # a deadline on or before (YYYY-MM-DD)
    due_after: Optional[Union[str, date]] = None  # a deadline on or after this date
    has_target: bool = False
    metric: Optional[str] = None  # a target whose metric contains these words
    search: Optional[str] = None  # task text containing these words
    language: Optional[str] = None  # zh | en
    document: Optional[str] = None  # documents seen at a path (input path) containing this
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
    """Tasks whose words hold ``words``: the task's text, or its item's own words (the title
    sentence an item opens with is the section's title, not the task's text:
    "（三）合理赋予大型银行县支行信贷业务权限。…（…牵头负责）" is found by 县支行). SQLite's trigram
    indexes for three characters or more, else a substring match (LIKE; ILIKE on PostgreSQL,
    behind pg_trgm indexes where allowed)."""
    t, sec = S.tasks, S.sections
    if store.dialect == "sqlite" and len(words) >= 3:
        phrase = '"' + words.replace('"', '""') + '"'
        own = t.c.id.in_(
            text("SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH :fts_q").bindparams(
                fts_q=phrase
            )
        )
        items = sec.c.id.in_(
            text("SELECT rowid FROM sections_fts WHERE sections_fts MATCH :fts_s").bindparams(
                fts_s=phrase
            )
        )
    else:
        op = "like" if store.dialect == "sqlite" else "ilike"
        own = getattr(t.c.text, op)(_like(words), escape="\\")
        items = getattr(sec.c.text, op)(_like(words), escape="\\")
    in_item = (
        select(t.c.id)
        .join(sec, and_(sec.c.document_id == t.c.document_id, sec.c.section_id == t.c.section_id))
        .where(items)
    )
    return or_(own, t.c.id.in_(in_item))


def build(store: "Store", conn: Connection, q: TaskQuery) -> tuple[Select, list[str]]:
    """The SELECT of task keys for a question, and the unit ids it resolved ``unit`` to."""
    t, d = S.tasks, S.documents
    r, tg, dl = S.responsibilities, S.targets, S.deadlines
    where: list[Any] = []
    ids: list[str] = []
    # each filter is the set of task rows it allows (one indexed subquery, built once)
    if q.unit is not None:
        ids = unit_ids(conn, q.unit)
        cond: list[Any] = [r.c.unit_id.in_(ids)]
        if q.role:
            cond.append(r.c.role == q.role)
        where.append(t.c.id.in_(select(r.c.task_row).where(*cond)))
    elif q.role:
        where.append(t.c.id.in_(select(r.c.task_row).where(r.c.role == q.role)))
    if q.due_before is not None or q.due_after is not None:
        cond = [dl.c.task_row.is_not(None)]
        if q.due_before is not None:
            cond.append(dl.c.date <= q.due_before)
        if q.due_after is not None:
            cond.append(dl.c.date >= q.due_after)
        where.append(t.c.id.in_(select(dl.c.task_row).where(*cond)))
    if q.has_target or q.metric:
        cond = [tg.c.task_row.is_not(None)]
        if q.metric:
            cond.append(tg.c.metric.like(_like(q.metric), escape="\\"))
        where.append(t.c.id.in_(select(tg.c.task_row).where(*cond)))
    if q.search:
        where.append(_search(store, q.search))
    if q.language:
        where.append(d.c.language == q.language)
    if q.document:
        # any path the document was seen at (one document may have been batched from two)
        sg = S.sightings
        seen = select(sg.c.document_id).where(sg.c.key.like(_like(q.document), escape="\\"))
        where.append(d.c.id.in_(seen))
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


def _rows_of(store: "Store", table: Any, values: list[Any], order: Any, joined: Any = None) -> Any:
    """A JSON array of ``values`` of the rows of ``table`` below the task of the outer query,
    in ``order``: a scalar subquery per task, on the table's (document, task, position) index.
    ``joined``: the FROM clause when ``values`` come from a join (a unit's names)."""
    t = S.tasks
    below = table.c.task_row == t.c.id
    if store.dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import aggregate_order_by

        agg: Any = func.coalesce(
            func.json_agg(aggregate_order_by(func.json_build_array(*values), order)),
            func.json_build_array(),
        )
    else:
        # (SQLite 3.40 has no ORDER BY inside an aggregate: rows come in the order of the
        # index that the condition uses)
        agg = func.json_group_array(func.json_array(*values))
    sub = select(agg)
    if joined is not None:
        sub = sub.select_from(joined)
    return sub.where(below).scalar_subquery()


def _card(store: "Store") -> Any:
    """Everything a task row shows besides the task itself, as one JSON array per task (one
    value to decode, not five): [units, deadlines, targets, section label, section title]."""
    r, u, tg, dl, sec, t = (
        S.responsibilities,
        S.units,
        S.targets,
        S.deadlines,
        S.sections,
        S.tasks,
    )
    who = _rows_of(
        store,
        r,
        [r.c.role, r.c.name, u.c.name_zh, u.c.name_en, r.c.known],
        r.c.position,
        joined=r.outerjoin(u, u.c.id == r.c.unit_id),
    )
    when = _rows_of(store, dl, [dl.c.date, dl.c.text], dl.c.position)
    goals = _rows_of(store, tg, [_finite(tg.c[c]) for c in GOAL_COLUMNS], tg.c.position)
    pick = select(
        func.json_build_array(sec.c.label, sec.c.title)
        if store.dialect == "postgresql"
        else func.json_array(sec.c.label, sec.c.title)
    ).where(sec.c.document_id == t.c.document_id, sec.c.section_id == t.c.section_id)
    heading = pick.limit(1).scalar_subquery()
    if store.dialect == "postgresql":
        return func.json_build_array(who, when, goals, heading)
    return func.json_array(func.json(who), func.json(when), func.json(goals), func.json(heading))


GOAL_COLUMNS = ("metric", "comparator", "value", "value_max", "unit", "year")


def _finite(col: Any) -> Any:
    """A number column as JSON can carry it: a value past the largest finite float (Inf, which
    SQLite keeps from a "1e999" loaded before documents were checked) as null; SQLite's JSON
    functions write Inf as text no JSON reader takes, and one such row broke every query."""
    if not isinstance(col.type, Float):
        return col
    return case((func.abs(col) <= 1.7976931348623157e308, col), else_=None).label(col.name)


def run_task_query(store: "Store", q: TaskQuery) -> list[dict[str, Any]]:
    """One dict per task: its document, id, section, text and span; its units by role (names
    in the document's language), deadlines and targets. One query: the rows below each task
    come as one JSON value from indexed subqueries (a query per table took three times as
    long, and the overfetch of whole documents ten times)."""
    import json

    with store._reading() as conn:
        sel, _ids = build(store, conn, q)
        rows = conn.execute(sel.add_columns(_card(store).label("card"))).all()
    out = []
    for x in rows:
        card = x.card
        who, due, goals, heading = json.loads(card) if isinstance(card, str) else card
        en = x.language == "en"
        # a known unit by the registry's name in the notice's language; one the registry does
        # not know by the name its notice gave it (two notices may spell one such body two ways)
        units = [
            (role, ((name_en if en else name_zh) if known else None) or name)
            for role, name, name_zh, name_en, known in who
        ]
        label, title = heading or ("", "")
        out.append(
            {
                "document": x.key,
                "title": x.title,
                "language": x.language,
                "task_id": x.task_id,
                "section": f"{label or ''} {title or ''}".strip(),
                "text": x.text,
                "lead": [n for role, n in units if role == "lead"],
                "support": [n for role, n in units if role == "support"],
                "responsible": [n for role, n in units if role == "responsible"],
                "deadlines": [day or words for day, words in due],
                "targets": [dict(zip(GOAL_COLUMNS, g, strict=True)) for g in goals],
                "span": {"start": x.start, "end": x.end, "page": x.page},
            }
        )
    return out


def flat(row: dict[str, Any]) -> dict[str, Any]:
    """A task row as table cells: lists joined by "；", targets as "metric ≥ value unit"."""
    from ..render.tables import label

    return {
        "document": row["document"],
        "task_id": row["task_id"],
        "section": row["section"],
        "task": " ".join((row["text"] or "").split()),
        "lead": "；".join(row["lead"]),
        "support": "；".join(row["support"]),
        "responsible": "；".join(row["responsible"]),
        "deadlines": "；".join(row["deadlines"]),
        "targets": "；".join(
            label(x["metric"], x["comparator"], x["value"], x["value_max"], x["unit"])
            for x in row["targets"]
        ),
    }
