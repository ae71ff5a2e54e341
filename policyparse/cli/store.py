"""``policyparse db`` (load, info) and ``policyparse query``: the store of parsed notices."""

from __future__ import annotations

import argparse

from .common import add_db, add_output, emit, err

TABLE_PAGE = 100  # rows a query shows as a table unless --limit says otherwise


def add(sub) -> None:
    s = sub.add_parser("db", help="the store of parsed notices (SQLite or PostgreSQL)")
    dbs = s.add_subparsers(dest="db_command", required=True, help="load | info")
    t = dbs.add_parser("load", help="load parsed JSON (batch output folders or files)")
    t.add_argument("sources", nargs="+", help="batch output folders, folders of JSON, JSON files")
    add_db(t, create=True)
    t.set_defaults(func=cmd_db_load)
    t = dbs.add_parser("info", help="what a store holds")
    add_db(t)
    t.set_defaults(func=cmd_db_info)

    s = sub.add_parser(
        "query",
        help="ask a store which tasks match (one row per task), or run read-only SQL",
        description="Filters combine with AND. Example: policyparse query --db notices.sqlite "
        "--unit 海关总署 --role lead --due-before 2024-12-31",
    )
    add_db(s)
    s.add_argument("--unit", help="a unit: its id, Chinese or English name, or an alias")
    s.add_argument("--role", choices=["lead", "support", "responsible"], help="the unit's role")
    s.add_argument("--due-before", help="a deadline on or before this date (YYYY-MM-DD)")
    s.add_argument("--due-after", help="a deadline on or after this date (YYYY-MM-DD)")
    s.add_argument("--has-target", action="store_true", help="tasks that set a numeric target")
    s.add_argument("--metric", help="tasks with a target whose metric contains these words")
    s.add_argument("--search", help="tasks whose text contains these words (Chinese or English)")
    s.add_argument("--language", choices=["zh", "en"], help="documents in this language")
    s.add_argument("--document", help="documents whose path contains this")
    s.add_argument(
        "--limit",
        type=int,
        help="at most this many rows, 0 for all (default: all; a table shows the first 100)",
    )
    s.add_argument("--sql", help='read-only SQL instead of the filters, e.g. "SELECT …"')
    s.add_argument(
        "--format", choices=["table", "csv", "json"], default="table", help="default: table"
    )
    add_output(s, "the rows")
    s.set_defaults(func=cmd_query)


def cmd_db_load(a: argparse.Namespace) -> int:
    from ..store import open_store

    rc = 0
    with open_store(a.db) as store:
        for src in a.sources:
            rep = store.load(src)
            err(f"{src} -> {store.where}: {rep}")
            for f, why in rep.errors:
                err(f"  {f}: {why}")
                rc = 1
    return rc


def cmd_db_info(a: argparse.Namespace) -> int:
    from ..store import open_for_reading

    with open_for_reading(a.db) as store:
        print(store)
        for name, n in store.counts().items():
            print(f"  {name:<17} {n:>9}")
    return 0


def cmd_query(a: argparse.Namespace) -> int:
    from ..render.rows import render_rows
    from ..store import TaskQuery, open_for_reading
    from ..store.query import flat

    # a question writes nothing (--sql runs read-only); a file nobody may write, or a
    # PostgreSQL role with SELECT only, is read as well as any
    with open_for_reading(a.db) as store:
        if a.sql is not None:
            rows = store.sql(a.sql)
        else:
            q = TaskQuery(
                unit=a.unit,
                role=a.role,
                due_before=a.due_before,
                due_after=a.due_after,
                has_target=a.has_target,
                metric=a.metric,
                search=a.search,
                language=a.language,
                document=a.document,
                # a table on a screen shows a page, as datasette does; CSV and JSON every row
                limit=a.limit if a.limit is not None or a.format != "table" else TABLE_PAGE + 1,
            )
            rows = store.tasks(**vars(q))
            if a.limit is None and a.format == "table" and len(rows) > TABLE_PAGE:
                rows = rows[:TABLE_PAGE]
                total = store.count_tasks(**{**vars(q), "limit": None})
                err(
                    f"the first {TABLE_PAGE} of {total} tasks; --limit 0 for all of them, "
                    "--format csv or json to keep them"
                )
            if a.format != "json":
                rows = [flat(r) for r in rows]
        no_unit = bool(not rows and a.unit and a.sql is None and not store.unit_ids(a.unit))
    out = render_rows(rows, a.format)
    # a CSV file opens in Excel with its Chinese intact when it starts with a byte-order mark
    emit(("\ufeff" if a.output and a.format == "csv" else "") + out, a.output)
    if not rows:
        why = f": no unit is named {a.unit!r} here (by id, name, alias or as written)"
        err(f"no rows{why if no_unit else ''}")
    return 0
