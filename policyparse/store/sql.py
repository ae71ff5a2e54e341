"""Read-only SQL over a store (``query --sql``, ``Store.sql``): one statement that only reads,
checked by the database's own grammar, bounded in time and in the size of what it returns.

SQLite: a connection of its own, opened read-only, whose authorizer (SQLite's compiler asks it
about every action a statement takes) allows reading and nothing else: no ATTACH, no pragma that
sets something, no transaction statement, no function that touches files.
PostgreSQL: the statement is parsed by PostgreSQL's own parser (pglast), must be a single SELECT
with no data-changing part and no server function that touches files, processes or settings,
and is run as the parser printed it back, in a READ ONLY transaction with a statement timeout.
The rules are data (``data/sql_policy.json``), with examples of what each one refuses.
"""

from __future__ import annotations

import sqlite3
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Optional

from ..base.datafiles import load
from ..errors import StoreError
from ..render.rows import json_scalar

MAX_VALUE_BYTES = 16 * 2**20  # a single value (SQLite's string and blob limit)
MAX_RESULT_BYTES = 256 * 2**20  # all the rows of an answer, as the database counts them
FETCH = 500


@lru_cache(maxsize=None)
def policy() -> dict:
    return load("sql_policy.json")


class Refused(ValueError):
    """A statement ``--sql`` does not run, and why."""


# ---- SQLite ----
def _sqlite_authorizer() -> Callable[..., int]:
    p = policy()["sqlite"]
    actions = {getattr(sqlite3, f"SQLITE_{a}") for a in p["actions"]}
    pragmas = set(p["pragmas"]["names"])
    refused = {n for f in p["refused_functions"] for n in f["names"]}
    schema = set(p["schema_checks"]["tables"])
    names = {
        v: k[len("SQLITE_") :]
        for k, v in vars(sqlite3).items()
        if k.startswith("SQLITE_") and not k.startswith(("SQLITE_LIMIT_", "SQLITE_DB"))
    }
    refused_action: list[str] = []

    def authorize(action: int, a1: Optional[str], a2: Optional[str], *_: Any) -> int:
        ok = action in actions or (action == sqlite3.SQLITE_UPDATE and a1 in schema)
        if ok and action == sqlite3.SQLITE_PRAGMA:
            ok = (a1 or "").lower() in pragmas
        elif ok and action == sqlite3.SQLITE_FUNCTION:
            ok = (a2 or "").lower() not in refused
        if not ok:
            what = a2 if action == sqlite3.SQLITE_FUNCTION else a1
            said = f"{names.get(action, action)} {what or ''}".strip()
            if said not in refused_action:
                refused_action.append(said)
        return sqlite3.SQLITE_OK if ok else sqlite3.SQLITE_DENY

    authorize.refused = refused_action  # type: ignore[attr-defined]
    return authorize


def sqlite_connect(path: Path) -> sqlite3.Connection:
    """The store file opened read-only; a file nobody may write (or in a folder nobody may write,
    where the WAL index cannot be made) opened as immutable."""
    import os

    immutable = not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK)
    uri = f"{path.resolve().as_uri()}?{'immutable=1' if immutable else 'mode=ro'}"
    return sqlite3.connect(uri, uri=True, check_same_thread=False)


def run_sqlite(path: Path, query: str, params: Optional[dict], time_s: float) -> list[dict]:
    """Rows of one read-only statement on the SQLite store at ``path``."""
    try:
        conn = sqlite_connect(path)
    except sqlite3.Error as e:
        raise Refused(f"cannot open the store read-only ({e})") from None
    try:
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
        conn.execute("PRAGMA query_only = ON")
        authorize = _sqlite_authorizer()
        conn.set_authorizer(authorize)
        end = time.monotonic() + time_s
        conn.set_progress_handler(lambda: int(time.monotonic() > end), 10_000)
        try:
            cur = conn.execute(query, params or {})
            return _fetch(cur, _sqlite_size)
        except (sqlite3.Warning, sqlite3.ProgrammingError) as e:
            # (more than one statement: a Warning up to Python 3.11, a ProgrammingError after)
            if "one statement" in str(e):
                raise Refused(f"one statement only ({e})") from None
            raise Refused(str(e)) from None
        except sqlite3.DatabaseError as e:
            msg = str(e)
            if authorize.refused:  # type: ignore[attr-defined]
                said = ", ".join(authorize.refused[:3])  # type: ignore[attr-defined]
                raise Refused(f"--sql is read-only; refused: {said}") from None
            if "interrupted" in msg:
                raise Refused(f"the query ran past {time_s:g} s and was stopped") from None
            if "too big" in msg:
                raise Refused(
                    f"a value in the answer is over {MAX_VALUE_BYTES // 2**20} MB"
                ) from None
            raise Refused(msg) from None
    finally:
        conn.close()


def _sqlite_size(v: Any) -> int:
    if isinstance(v, (str, bytes)):
        return len(v)
    return 8


# ---- PostgreSQL ----
def _refused_function(name: str) -> Optional[str]:
    p = policy()["postgresql"]
    if name in p["allowed_functions"]["names"]:
        return None
    for f in p["refused_functions"]:
        if name in f.get("names", ()) or any(name.startswith(x) for x in f.get("prefixes", ())):
            return str(f["why"])
    return None


def check_postgres(query: str) -> str:
    """The statement as PostgreSQL's parser reads it and prints it back, if it is one SELECT
    that only reads; else ``Refused`` with why."""
    try:
        import pglast
    except ImportError:
        raise Refused(
            "--sql on PostgreSQL reads the statement with pglast: "
            "pip install 'policyparse[postgres]'"
        ) from None
    from pglast import ast
    from pglast.stream import RawStream
    from pglast.visitors import Visitor

    try:
        stmts = pglast.parse_sql(query)
    except pglast.parser.ParseError as e:
        raise Refused(f"not SQL PostgreSQL reads ({e})") from None
    if len(stmts) != 1:
        raise Refused(f"one statement only (this is {len(stmts)})")
    stmt = stmts[0].stmt
    if not isinstance(stmt, ast.SelectStmt):
        raise Refused(f"only SELECT reads the store (this is {type(stmt).__name__})")
    problems: list[str] = []

    class Check(Visitor):
        def visit_SelectStmt(self, _anc: Any, node: ast.SelectStmt) -> None:
            if node.intoClause is not None:
                problems.append("SELECT INTO makes a table")
            if node.lockingClause:
                problems.append("FOR UPDATE/SHARE locks rows")

        def visit_FuncCall(self, _anc: Any, node: ast.FuncCall) -> None:
            name = (node.funcname or ())[-1].sval.lower()
            why = _refused_function(name)
            if why:
                problems.append(f"{name}(): {why}")

        def visit(self, _anc: Any, node: Any) -> None:
            if isinstance(node, (ast.InsertStmt, ast.UpdateStmt, ast.DeleteStmt, ast.MergeStmt)):
                problems.append(f"{type(node).__name__[:-4].upper()} changes the store")

    Check()(stmt)
    if problems:
        raise Refused(problems[0])
    return str(RawStream()(stmt))


def _positional(query: str, params: dict) -> tuple[str, list]:
    """``:name`` parameters (as ``Store.sql`` takes them on SQLite) as PostgreSQL's ``$1``,
    found by PostgreSQL's own scanner (so ``'a :b'`` and ``x::int`` are left alone)."""
    from pglast.parser import scan

    b = query.encode()
    toks = scan(query)  # offsets in bytes, ends inclusive
    out, last = bytearray(), 0
    index: dict[str, int] = {}
    for a, c in zip(toks, toks[1:], strict=False):
        if a.name == "ASCII_58" and c.name == "IDENT" and c.start == a.end + 1:
            name = b[c.start : c.end + 1].decode()
            if name not in params:
                raise Refused(f"no value given for :{name}")
            out += b[last : a.start] + f"${index.setdefault(name, len(index) + 1)}".encode()
            last = c.end + 1
    return (out + b[last:]).decode(), [params[n] for n in index]


def _psycopg(sql: str, values: list) -> tuple[str, list]:
    """A checked statement with ``$n`` parameters in psycopg's form (``%s``, and ``%%`` for a
    percent sign), with the values in the order the placeholders come."""
    from pglast.parser import scan

    b = sql.encode()
    out, last, args = bytearray(), 0, []
    for t in scan(sql):
        if t.name == "PARAM":
            out += b[last : t.start].replace(b"%", b"%%") + b"%s"
            args.append(values[int(b[t.start + 1 : t.end + 1]) - 1])
            last = t.end + 1
    return (out + b[last:].replace(b"%", b"%%")).decode(), args


def run_postgres(raw: Any, query: str, params: Optional[dict], time_s: float) -> list[dict]:
    """Rows of one read-only statement on a PostgreSQL connection (psycopg), rolled back."""
    import psycopg

    args: Optional[list] = None
    if params:
        query, values = _positional(query, params)
        sql, args = _psycopg(check_postgres(query), values)
    else:
        sql = check_postgres(query)
    try:
        with raw.cursor() as cur:
            cur.execute("SET TRANSACTION READ ONLY")
            cur.execute(f"SET LOCAL statement_timeout = {max(1, int(time_s * 1000))}")
            # what the answer weighs, counted by the server before a byte of it is sent
            cur.execute(
                f"SELECT coalesce(sum(pg_column_size(q.*)), 0) FROM ({sql}) AS q",
                args,
            )
            size = (cur.fetchone() or (0,))[0]
            if size > MAX_RESULT_BYTES:
                raise Refused(_too_big(size))
            cur.execute(sql, args)
            if cur.description is None:
                return []
            return _fetch(cur, lambda v: 0)
    except psycopg.errors.QueryCanceled:
        raise Refused(f"the query ran past {time_s:g} s and was stopped") from None
    except psycopg.errors.ReadOnlySqlTransaction as e:
        raise Refused(f"the query would write; --sql is read-only ({_first(e)})") from None
    except psycopg.Error as e:
        raise Refused(_first(e)) from None
    finally:
        raw.rollback()


def _first(e: Exception) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0]


def _too_big(n: int) -> str:
    return (
        f"the answer is over {MAX_RESULT_BYTES // 2**20} MB ({n // 2**20} MB): "
        "add a LIMIT, or ask for fewer columns"
    )


def _fetch(cur: Any, size: Callable[[Any], int]) -> list[dict]:
    cols = [d[0] for d in cur.description or ()]
    out: list[dict] = []
    total = 0
    while True:
        rows = cur.fetchmany(FETCH)
        if not rows:
            return out
        for r in rows:
            total += sum(size(v) for v in r)
            if total > MAX_RESULT_BYTES:
                raise Refused(_too_big(total))
            out.append(dict(zip(cols, (json_scalar(v) for v in r), strict=True)))


def run(store: Any, query: str, params: Optional[dict] = None) -> list[dict]:
    """``Store.sql``: the rows, or a ``StoreError`` naming the store and why."""
    if not query or not query.strip():
        raise StoreError("SQL: no statement given", store.where)
    try:
        if store.dialect == "sqlite":
            return run_sqlite(Path(store.where), query, params, store.sql_time_s)
        raw = store.engine.raw_connection()
        try:
            return run_postgres(raw.driver_connection, query, params, store.sql_time_s)
        finally:
            raw.close()
    except Refused as e:
        raise StoreError(f"SQL: {e}", store.where) from None
