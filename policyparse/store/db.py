"""The store: parsed notices in SQLite (a file, by default) or PostgreSQL (a shared server).

    store = policyparse.open_store("notices.sqlite")     # or "postgresql://user@host/db"
    store.load("out/")                                   # a batch's output folder: incremental
    store.tasks(unit="海关总署", role="lead", due_before="2024-12-31")
    store.sql("SELECT count(*) AS n FROM tasks")

Every document is written whole or not at all (its rows go in one transaction with it), and
writers queue: SQLite's ``BEGIN IMMEDIATE`` with a busy timeout, an advisory lock on PostgreSQL.
"""

from __future__ import annotations

import hashlib
import json
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Union

from sqlalchemy import and_, create_engine, event, func, inspect, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from ..errors import StoreBusy, StoreError
from ..version import __version__
from . import schema as S
from .query import TaskQuery, build, run_task_query, unit_ids
from .rows import child_rows, document_row, unit_rows

SQLITE_HEADER = b"SQLite format 3\x00"
# the PostgreSQL advisory lock every writer holds for its transaction (one writer at a time)
PG_LOCK = 0x706F6C69  # "poli"
CHUNK = 200  # documents per transaction when loading a folder (each one whole)
SQL_TIME_S = 60.0  # how long a read-only statement (query --sql) may run


@dataclass
class LoadReport:
    """What a load did: documents added, updated (their input or parser changed), unchanged,
    removed (their input is gone), seen again (a document already stored from another path:
    kept once, this path recorded), and the files that could not be loaded, with why."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    seen_again: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def __str__(self) -> str:
        again = f", {self.seen_again} already stored from another path" if self.seen_again else ""
        return (
            f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.removed} removed{again}, {len(self.errors)} errors in {self.seconds:.2f} s"
        )


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def registry_units() -> tuple[str, list[dict[str, Any]]]:
    """The shipped unit registry (as ``load_registry`` parsed it) as ``units`` rows, and the
    file's sha256 (a store refreshes its copy when the registry changes)."""
    from ..units.registry import load_registry

    raw = resources.files("policyparse").joinpath("data/units.jsonl").read_bytes()
    rows = [
        {
            "id": u.id,
            "name_zh": u.zh,
            "name_en": u.en,
            "kind": u.kind or None,
            "scope": u.scope,
            "aliases": "；".join(u.aliases) or None,
            "known": True,
        }
        for u in load_registry().units.values()
    ]
    return hashlib.sha256(raw).hexdigest(), rows


def _is_url(target: str) -> bool:
    return "://" in target


def _sqlite_path(target: str) -> Path:
    """The file a SQLite target names (a path, or ``sqlite:///path``)."""
    return Path(target[len("sqlite:///") :] if target.startswith("sqlite:///") else target)


class Store:
    """A database of parsed notices (see ``open_store``). Prints as its location and counts."""

    def __init__(
        self, engine: Engine, where: str, timeout_s: float, read_only: bool = False
    ) -> None:
        self.engine = engine
        self.where = where  # the file or the URL without its password: for messages
        self.timeout_s = timeout_s
        self.read_only = read_only
        self.sql_time_s = SQL_TIME_S  # how long one ``sql()`` statement may run
        self.dialect = engine.dialect.name
        self._insert_sql: dict[str, str] = {}

    # ---- life cycle ----
    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    def __repr__(self) -> str:
        try:
            c = self.counts()
        except StoreError:
            return f"<Store {self.where}>"
        return f"<Store {self.where}: {c['documents']} documents, {c['tasks']} tasks>"

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        with self._reading() as conn:
            return {
                t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in (S.documents, *reversed(S.CHILDREN), S.units)
            }

    # ---- transactions ----
    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except DBAPIError as e:
            raise self._error(e) from None

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """One write transaction: all of it lands or none of it. Writers wait for each other
        (up to ``timeout_s``), then fail with a clear message."""
        if self.read_only:
            raise StoreError("opened read-only: nothing can be written", self.where)
        try:
            with self.engine.connect().execution_options(policyparse_write=True) as conn:
                with conn.begin():
                    if self.dialect == "postgresql":
                        conn.execute(text(f"SET LOCAL lock_timeout = {int(self.timeout_s * 1000)}"))
                        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK})
                    yield conn
        except DBAPIError as e:
            raise self._error(e) from None

    def _error(self, e: DBAPIError) -> StoreError:
        msg = str(e.orig) if e.orig is not None else str(e)
        low = msg.lower()
        if "locked" in low or "lock timeout" in low:
            return StoreBusy(
                f"another process is writing to the store; waited {self.timeout_s:g} s "
                "(nothing was written; try again when it is done)",
                self.where,
            )
        if "not a database" in low or "disk image is malformed" in low:
            return StoreError("the file is not a SQLite database or is damaged", self.where)
        return StoreError(
            msg.strip().splitlines()[0] if msg.strip() else type(e).__name__, self.where
        )

    # ---- set-up ----
    def _prepare(self, create: bool) -> None:
        """Make a new store, or check (and migrate) an existing one."""
        try:
            names = set(inspect(self.engine).get_table_names())
        except DBAPIError as e:
            raise self._error(e) from None
        if not names:
            if not create:
                raise StoreError("no policyparse store here (it is empty)", self.where)
            self._create()
            return
        version = None
        if "meta" in names:
            with self._reading() as conn:
                version = conn.execute(
                    select(S.meta.c.value).where(S.meta.c.key == S.MARK)
                ).scalar_one_or_none()
        if version is None:
            shown = ", ".join(sorted(names)[:6]) + (", …" if len(names) > 6 else "")
            raise StoreError(
                f"a database of something else (tables: {shown}), not a policyparse store; "
                "give a new file or an empty database",
                self.where,
            )
        v = int(version)
        if v > S.STORE_VERSION:
            raise StoreError(
                f"written by a newer policyparse (store version {v}; this one, {__version__}, "
                f"reads up to {S.STORE_VERSION}): upgrade policyparse",
                self.where,
            )
        if self.read_only:
            if v < S.STORE_VERSION:
                raise StoreError(
                    f"an older store (version {v}) that needs updating before it can be read: "
                    "open it once with write access (policyparse db load, or policyparse "
                    "query as a user who may write the store)",
                    self.where,
                )
            return
        if v < S.STORE_VERSION:
            self._migrate(v)
        self._refresh_registry()

    def _create(self) -> None:
        sha, rows = registry_units()
        if self.dialect == "sqlite":
            # readers go on while one writes; kept in the file (set here, never on a database
            # that is not ours)
            self._wal()
        with self._writing() as conn:
            S.md.create_all(conn)
            if self.dialect == "sqlite":
                for ddl in S.sqlite_fts_ddl():
                    conn.exec_driver_sql(ddl)
            made = select(S.meta.c.value).where(S.meta.c.key == S.MARK)
            if conn.execute(made).scalar_one_or_none() is not None:
                return  # another process made the store while this one waited to
            conn.execute(
                S.meta.insert(),
                [
                    {"key": S.MARK, "value": str(S.STORE_VERSION)},
                    {"key": "created_by", "value": f"policyparse {__version__}"},
                    {"key": "registry_sha256", "value": sha},
                ],
            )
            conn.execute(S.units.insert(), rows)
        if self.dialect == "postgresql":
            self._postgres_search_indexes()

    def _wal(self) -> None:
        """WAL mode, set outside a transaction as SQLite asks. Two processes making one store
        at once: the switch waits for the other's lock (up to ``timeout_s``) and is tried again."""
        import sqlite3

        end = time.monotonic() + self.timeout_s
        while True:
            raw = self.engine.raw_connection()
            try:
                raw.driver_connection.execute("PRAGMA journal_mode = WAL")  # type: ignore[union-attr]
                return
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) or time.monotonic() > end:
                    raise StoreError(f"cannot make the store ({e})", self.where) from None
            finally:
                raw.close()
            time.sleep(0.05)

    def _postgres_search_indexes(self) -> None:
        """pg_trgm indexes for substring search; without the extension (a role that may not
        create it) search still works, by scanning."""
        try:
            with self._writing() as conn:
                conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                for ddl in S.postgres_fts_ddl():
                    conn.exec_driver_sql(ddl)
        except StoreError:
            pass

    def _migrate(self, v: int) -> None:
        with self._writing() as conn:
            while v < S.STORE_VERSION:
                S.MIGRATIONS[v](conn)
                v += 1
            conn.execute(
                S.meta.update().where(S.meta.c.key == S.MARK).values(value=str(S.STORE_VERSION))
            )

    def _refresh_registry(self) -> None:
        """The registry's units as this version ships them (a newer registry adds and renames)."""
        sha, rows = registry_units()
        with self._reading() as conn:
            have = conn.execute(
                select(S.meta.c.value).where(S.meta.c.key == "registry_sha256")
            ).scalar_one_or_none()
        if have == sha:
            return
        with self._writing() as conn:
            conn.execute(S.units.delete().where(S.units.c.id.in_([r["id"] for r in rows])))
            conn.execute(S.units.insert(), rows)
            conn.execute(S.meta.delete().where(S.meta.c.key == "registry_sha256"))
            conn.execute(S.meta.insert(), {"key": "registry_sha256", "value": sha})

    # ---- writing documents ----
    def add(
        self,
        doc: Any,
        key: Optional[str] = None,
        *,
        batch: str = "",
        parser_version: Optional[str] = None,
    ) -> str:
        """Store one document (a ``Document`` or its JSON as a dict), replacing an earlier
        version under the same key. ``key`` defaults to its source path, URL or sha256.
        Returns "added", "updated" or "unchanged"."""
        d = doc if isinstance(doc, dict) else doc.to_dict()
        _check_document(d)
        src = d.get("source") or {}
        key = key or src.get("path") or src.get("url") or src.get("sha256") or ""
        fp = f"{src.get('sha256')}:{parser_version or __version__}:{_json_sha(d)}"
        existing = self._fingerprints(batch, [key])
        if existing.get(key) == fp:
            return "unchanged"
        [status] = self._write_chunk(batch, [_prepare(key, fp, parser_version or __version__, d)])
        return status

    def remove(self, key: str, batch: str = "") -> bool:
        """Forget the document seen at ``key`` (of ``batch``): it goes with all its rows unless
        it was seen at another path too. False when nothing was seen there."""
        with self._writing() as conn:
            return self._drop_sightings(conn, batch, [key]) > 0

    def load(self, source: Union[str, Path], present: Optional[Iterable[str]] = None) -> LoadReport:
        """Load parsed JSON: a batch's output folder (its manifest says which input each file
        is, so only documents whose input or parser changed are read again, and documents whose
        input is gone are removed), a folder of JSON files (kept in step the same way), or one
        JSON file. ``present``: the inputs that exist now (``batch`` passes what it found)."""
        t0 = time.perf_counter()
        p = Path(source)
        rep = LoadReport()
        if not p.exists():
            raise StoreError(f"{p}: no such file or folder", self.where)
        if p.is_file():
            try:
                d = _read_json(p)
                status = self.add(d, str(p.resolve()))
            except StoreError as e:
                # (a writer that held the store past the wait is recorded for the file too: the
                # check that meant to raise it compared e.path with None, which it never is)
                rep.errors.append((str(p), e.message))
            else:
                setattr(rep, status, getattr(rep, status) + 1)
            rep.seconds = time.perf_counter() - t0
            return rep
        batch = str(p.resolve())
        wanted = _batch_files(p, present)
        existing = self._fingerprints(batch)
        todo: list[tuple[str, str, str, str]] = []
        for key, (fp, version, path) in wanted.items():
            if existing.get(key) == fp:
                rep.unchanged += 1
            else:
                todo.append((key, fp, version, str(path)))
        chunks = [todo[i : i + CHUNK] for i in range(0, len(todo), CHUNK)]
        paths = {key: path for key, _, _, path in todo}
        for done in _prepared(chunks):
            ready = []
            for item in done:
                if isinstance(item, Failed):
                    rep.errors.append((item.path, item.why))
                else:
                    ready.append(item)
            self._write_reporting(batch, ready, rep, paths)
        gone = [k for k in existing if k not in wanted]
        if gone:
            with self._writing() as conn:
                rep.removed = self._drop_sightings(conn, batch, gone)
        rep.seconds = time.perf_counter() - t0
        return rep

    def _fingerprints(self, batch: str, keys: Optional[list[str]] = None) -> dict[str, str]:
        sg = S.sightings
        q = select(sg.c.key, sg.c.fingerprint).where(sg.c.batch == batch)
        if keys is not None:
            q = q.where(sg.c.key.in_(keys))
        with self._reading() as conn:
            return {k: fp for k, fp in conn.execute(q)}

    def _drop_sightings(self, conn: Connection, batch: str, keys: list[str]) -> int:
        """Forget that documents were seen at these keys of a batch. A document seen nowhere
        else goes with all its rows; one seen elsewhere stays, named by a place it is still
        seen at. Returns how many places were forgotten."""
        sg, d = S.sightings, S.documents
        n = 0
        for k in range(0, len(keys), 500):
            part = keys[k : k + 500]
            here = and_(sg.c.batch == batch, sg.c.key.in_(part))
            ids = set(conn.execute(select(sg.c.document_id).where(here)).scalars())
            n += len(conn.execute(select(sg.c.key).where(here)).all())
            conn.execute(sg.delete().where(here))
            if not ids:
                continue
            still = {
                i: (b, key)
                for i, b, key in conn.execute(
                    select(sg.c.document_id, sg.c.batch, sg.c.key).where(sg.c.document_id.in_(ids))
                )
            }
            self._delete_ids(conn, sorted(ids - set(still)))
            for i, (b, key) in still.items():
                conn.execute(
                    d.update()
                    .where(d.c.id == i, d.c.batch == batch, d.c.key.in_(part))
                    .values(batch=b, key=key)
                )
        return n

    def _delete_ids(self, conn: Connection, ids: list[int]) -> int:
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            for t in S.CHILDREN:
                conn.execute(t.delete().where(t.c.document_id.in_(part)))
            conn.execute(S.documents.delete().where(S.documents.c.id.in_(part)))
        return len(ids)

    def _write_reporting(
        self, batch: str, chunk: list["Prepared"], rep: LoadReport, paths: dict[str, str]
    ) -> None:
        """``_write_chunk``, counted into ``rep``. A chunk the database refuses is written again
        one document at a time, so one bad document is reported and the others land."""
        try:
            statuses = self._write_chunk(batch, chunk)
        except StoreError as e:
            if isinstance(e, StoreBusy):
                raise  # the whole load waits or stops: no document is at fault
            if len(chunk) == 1:
                rep.errors.append((paths.get(chunk[0][0], chunk[0][0]), e.message))
                return
            for one in chunk:
                self._write_reporting(batch, [one], rep, paths)
            return
        for status in statuses:
            setattr(rep, status, getattr(rep, status) + 1)

    def _write_chunk(self, batch: str, chunk: list["Prepared"]) -> list[str]:
        """Documents in one transaction, each with all its rows (an earlier version of each
        is forgotten first). The places already stored are read inside the transaction: a
        second loader that waited for the first one finds its work done ("unchanged"). A
        document whose content is stored already (the same input and parser version, seen at
        another path) is not written again: the place is recorded ("seen_again"). Returns
        "added", "updated", "seen_again" or "unchanged" per document."""
        if not chunk:
            return []
        now = _now()
        kids: dict[str, list[dict]] = {t.name: [] for t in S.CHILDREN}
        named: dict[str, dict] = {}
        sg, d = S.sightings, S.documents
        with self._writing() as conn:
            have = {
                k: (i, fp)
                for i, k, fp in conn.execute(
                    select(sg.c.document_id, sg.c.key, sg.c.fingerprint).where(
                        sg.c.batch == batch, sg.c.key.in_([c[0] for c in chunk])
                    )
                )
            }
            statuses = [
                "unchanged"
                if have.get(c[0], (0, None))[1] == c[1]
                else "updated"
                if c[0] in have
                else "added"
                for c in chunk
            ]
            todo = [
                (k, c)
                for k, (c, st) in enumerate(zip(chunk, statuses, strict=True))
                if st != "unchanged"
            ]
            if not todo:
                return statuses
            self._drop_sightings(conn, batch, [c[0] for _, c in todo if c[0] in have])
            contents = list({c[3]["content"] for _, c in todo})
            stored = dict(
                conn.execute(select(d.c.content, d.c.id).where(d.c.content.in_(contents))).all()
            )
            # ids given here, not by the database, so that a chunk is a few executemany calls
            # (writers hold the write lock: no other one takes the same ids)
            top = self._top_id(conn, d)
            docs: list[dict[str, Any]] = []
            seen: list[dict[str, Any]] = []
            for k, (key, fp, version, row, below, named_units) in todo:
                place = {"batch": batch, "key": key, "fingerprint": fp, "loaded_at": now}
                if row["content"] in stored:
                    seen.append(place | {"document_id": stored[row["content"]]})
                    statuses[k] = "seen_again"
                    continue
                top += 1
                doc_id = stored[row["content"]] = top
                seen.append(place | {"document_id": doc_id})
                docs.append(
                    row
                    | {
                        "id": doc_id,
                        "batch": batch,
                        "key": key,
                        "fingerprint": fp,
                        "parser_version": version,
                        "loaded_at": now,
                    }
                )
                for name, rows in below.items():
                    for r in rows:
                        r["document_id"] = doc_id
                    kids[name] += rows
                for u in named_units:
                    named.setdefault(u["id"], u)
            for t in (S.sections, S.tasks):  # their ids are the full-text index's row ids
                for i, r in enumerate(kids[t.name], start=self._top_id(conn, t) + 1):
                    r["id"] = i
            rowid = {(r["document_id"], r["task_id"]): r["id"] for r in kids["tasks"]}
            for name in ("responsibilities", "targets", "deadlines"):
                for r in kids[name]:
                    r["task_row"] = rowid.get((r["document_id"], r["task_id"]))
            self._insert(conn, S.documents, docs)
            kids["sightings"] = seen
            for t in reversed(S.CHILDREN):  # parents first
                self._insert(conn, t, kids[t.name])
            if self.dialect == "sqlite":
                for name in (n for n in S.FTS_TABLES if kids[n]):
                    conn.exec_driver_sql(
                        f"INSERT INTO {name}_fts (rowid, text) VALUES (?, ?)",
                        [(r["id"], r["text"]) for r in kids[name]],
                    )
            if named:
                known = set(
                    conn.execute(
                        select(S.units.c.id).where(S.units.c.id.in_(list(named)))
                    ).scalars()
                )
                self._insert(conn, S.units, [u for uid, u in named.items() if uid not in known])
        return statuses

    @staticmethod
    def _top_id(conn: Connection, table: Any) -> int:
        return int(conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one())

    def _insert(self, conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
        """Rows into a table with the driver's executemany: the rows are already the columns'
        values (rows.py), so SQLAlchemy's per-row parameter processing (half of a load's time)
        is not needed."""
        if not rows:
            return
        sql = self._insert_sql.get(table.name)
        if sql is None:
            q = self.engine.dialect.identifier_preparer.quote
            cols = [c.name for c in table.columns if c.name in rows[0]]
            mark = (lambda c: f":{c}") if self.dialect == "sqlite" else (lambda c: f"%({c})s")
            sql = (
                f"INSERT INTO {q(table.name)} ({', '.join(q(c) for c in cols)}) "
                f"VALUES ({', '.join(mark(c) for c in cols)})"
            )
            self._insert_sql[table.name] = sql
        conn.exec_driver_sql(sql, rows)

    # ---- reading ----
    def tasks(self, **filters: Any) -> list[dict[str, Any]]:
        """Tasks that answer a question, one dict per task (see ``query.TaskQuery`` for the
        filters: unit, role, due_before, due_after, has_target, metric, search, language,
        document, limit)."""
        return run_task_query(self, TaskQuery(**filters))

    def count_tasks(self, **filters: Any) -> int:
        """How many tasks answer a question (the filters of ``tasks``), without reading them."""
        with self._reading() as conn:
            sel, _ = build(self, conn, TaskQuery(**{**filters, "limit": None}))
            return int(conn.execute(select(func.count()).select_from(sel.subquery())).scalar_one())

    def unit_ids(self, name: str) -> list[str]:
        """The ids of the units ``name`` means here: an id, a name in either language, an
        alias, or the words a notice wrote for a unit the registry does not know."""
        with self._reading() as conn:
            return unit_ids(conn, name)

    def sql(self, query: str, params: Optional[dict[str, Any]] = None) -> list[dict[str, Any]]:
        """Rows of one read-only SQL statement, as dicts. A statement that would write, touch
        a file or the server, or run longer than ``sql_time_s`` is refused with a
        ``StoreError`` (see ``store/sql.py``). ``params``: values for ``:name`` in it."""
        from .sql import run

        return run(self, query, params)


# a document ready to write: key, fingerprint, parser version, its documents row (without the
# store's columns), the rows below it by table, the units it names
Prepared = tuple[str, str, str, dict[str, Any], dict[str, list[dict[str, Any]]], list[dict]]


@dataclass
class Failed:
    """A file that could not be loaded, and why."""

    path: str
    why: str


def _prepare(key: str, fp: str, version: str, d: dict) -> Prepared:
    return (
        key,
        fp,
        version,
        document_row(d) | {"content": _content(d, version)},
        child_rows(d),
        unit_rows(d),
    )


def _content(d: dict, version: str) -> str:
    """What a document is, wherever it was seen: its input's sha256 and the parser version
    that read it; without both, its JSON's own fingerprint."""
    sha = (d.get("source") or {}).get("sha256") or ""
    return f"{sha}:{version}" if sha and version else f"json:{_json_sha(d)}"


def _prepare_files(items: list[tuple[str, str, str, str]]) -> list[Union[Prepared, Failed]]:
    """Read and turn into rows a chunk of JSON files (in a helper process when there are many)."""
    out: list[Union[Prepared, Failed]] = []
    for key, fp, version, path in items:
        try:
            out.append(_prepare(key, fp, version, _read_json(Path(path))))
        except StoreError as e:
            out.append(Failed(path, e.message))
        except Exception as e:  # noqa: BLE001 - one odd document never stops a load
            out.append(Failed(path, f"cannot be stored ({type(e).__name__}: {e})"[:300]))
    return out


def _prepared(chunks: list[list[tuple[str, str, str, str]]]) -> Iterator[list]:
    """The chunks read and turned into rows, in order. Many chunks: a helper process does it
    for the next chunks while this one writes (reading JSON is a third of a load's time, and
    SQLite writes from one process); the same function either way."""
    import os

    if len(chunks) < 3 or (os.cpu_count() or 1) < 2:
        for c in chunks:
            yield _prepare_files(c)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    )
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as ex:
        yield from ex.map(_prepare_files, chunks)


def _json_sha(d: dict) -> str:
    """A short fingerprint of a document's content (for documents given as objects)."""
    return hashlib.sha256(
        json.dumps(d, ensure_ascii=False, sort_keys=True, default=str).encode()
    ).hexdigest()[:16]


def _check_document(d: Any) -> None:
    from ..schemas import InvalidDocument, check_document

    try:
        check_document(d)
    except InvalidDocument as e:
        raise StoreError(str(e)) from None


def _read_json(path: Path) -> dict:
    """A parsed document's JSON, checked as every reader checks it (``schemas.read_document``),
    or a StoreError naming the file and what is wrong."""
    from ..schemas import InvalidDocument, read_document

    try:
        return read_document(path.read_bytes())
    except OSError as e:
        raise StoreError(e.strerror or str(e), str(path)) from None
    except InvalidDocument as e:
        raise StoreError(str(e), str(path)) from None


def _batch_files(
    folder: Path, present: Optional[Iterable[str]]
) -> dict[str, tuple[str, str, Path]]:
    """key -> (fingerprint, parser version, JSON path) for the documents a folder holds now.

    A batch's output (manifest.jsonl): every input parsed without error whose JSON is there,
    keyed by its path in the input folder; an input that is no longer there (``present``, else
    the input folder named in summary.json, when it still exists) is left out. Any other
    folder: every ``*.json`` in it, keyed by its path in the folder."""
    from ..batch.runner import MANIFEST, SUMMARY, read_manifest
    from ..batch.worker import output_path

    out: dict[str, tuple[str, str, Path]] = {}
    if (folder / MANIFEST).exists():
        keep: Optional[set[str]] = set(present) if present is not None else None
        if keep is None:
            try:
                root = json.loads((folder / SUMMARY).read_text("utf-8")).get("input")
            except (OSError, ValueError, AttributeError):
                root = None
            if root and Path(root).is_dir():
                keep = {r for r in read_manifest(folder) if (Path(root) / r).exists()}
            elif root and Path(root).is_file():
                keep = {Path(root).name}
        for rel, rec in read_manifest(folder).items():
            path = output_path(folder, rel)
            if rec.get("status") != "ok" or (keep is not None and rel not in keep):
                continue
            if not path.exists():
                continue
            version = rec.get("parser_version") or ""
            out[rel] = (f"{rec.get('sha256')}:{version}", version, path)
        return out
    for path in sorted(folder.rglob("*.json")):
        rel = path.relative_to(folder).as_posix()
        if path.name in (SUMMARY,) or any(part.startswith(".") for part in Path(rel).parts):
            continue
        st = path.stat()
        out[rel] = (f"file:{st.st_size}:{st.st_mtime_ns}", "", path)
    return out


def open_store(
    target: Union[str, Path],
    *,
    create: bool = True,
    timeout_s: float = 30.0,
    read_only: bool = False,
) -> Store:
    """Open (or make) a store: a SQLite file path, ``sqlite:///path``, or a PostgreSQL URL
    (``postgresql://user@host/db``; needs ``policyparse[postgres]``). A file that is not a
    SQLite database, a database of something else and a store written by a newer version are
    refused with a ``StoreError`` that says so; an older store is migrated. ``timeout_s``:
    how long a writer waits for another one. ``read_only``: the store is only read (a file
    nobody may write, a PostgreSQL role with SELECT only): nothing is created, migrated or
    refreshed, and every transaction is read-only."""
    t = str(target)
    create = create and not read_only
    if _is_url(t) and not t.startswith("sqlite:"):
        engine, where = _postgres_engine(t, read_only)
    else:
        path = _sqlite_path(t)
        where = str(path)
        _check_sqlite_file(path, create)
        engine = _sqlite_engine(path, timeout_s, read_only)
    store = Store(engine, where, timeout_s, read_only)
    try:
        store._prepare(create)
    except BaseException:
        engine.dispose()
        raise
    return store


def open_for_reading(target: Union[str, Path], *, timeout_s: float = 30.0) -> Store:
    """A store opened to be asked questions (``query``, ``db info``): a SQLite file nobody may
    write here (a read-only disk, another user's file) is opened read-only, as is anything
    given to ``open_store(read_only=True)``; a store this user may write is opened as usual, so
    an older one is brought up to date first. A PostgreSQL role with SELECT only reads a store
    that is up to date."""
    import os

    t = str(target)
    if not _is_url(t) or t.startswith("sqlite:"):
        path = _sqlite_path(t)
        if path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
            return open_store(target, read_only=True, timeout_s=timeout_s)
    return open_store(target, create=False, timeout_s=timeout_s)


def _check_sqlite_file(path: Path, create: bool) -> None:
    if path.is_dir():
        raise StoreError("is a folder; give a file for the store", str(path))
    if path.exists():
        try:
            with open(path, "rb") as f:
                head = f.read(16)
        except OSError as e:
            raise StoreError(e.strerror or str(e), str(path)) from None
        if head and head != SQLITE_HEADER:
            raise StoreError("not a SQLite database (a file of something else)", str(path))
    elif not create:
        raise StoreError("no such store", str(path))
    elif not path.parent.exists():
        raise StoreError(f"no such folder: {path.parent}", str(path))


def _sqlite_engine(path: Path, timeout_s: float, read_only: bool = False) -> Engine:
    if read_only:
        from .sql import sqlite_connect

        engine = create_engine("sqlite://", creator=lambda: sqlite_connect(path))
    else:
        engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": timeout_s})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # transactions are begun below, as asked
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(timeout_s * 1000)}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute("PRAGMA cache_size = -65536")  # 64 MB: the full-text index merges in memory
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # a writer takes the write lock at once (and waits for it), so two never deadlock
        write = conn.get_execution_options().get("policyparse_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _redacted(url: str) -> str:
    """A string that failed to parse as a URL, with anything that may be a password cut."""
    import re

    url = re.sub(r"(//[^/:@]*:)[^@/]*@", r"\1***@", url)
    return re.sub(r"(?i)(password=)[^&]*", r"\1***", url)


def _shown(u: Any) -> str:
    """A URL as messages show it: no password, whether in ``user:pw@`` or ``?password=``."""
    q = {
        k: ("***" if k.lower() in ("password", "passfile", "sslpassword") else v)
        for k, v in u.query.items()
    }
    return str(u.set(query=q).render_as_string(hide_password=True)).replace("%2A%2A%2A", "***")


def _postgres_engine(url: str, read_only: bool = False) -> tuple[Engine, str]:
    from sqlalchemy.engine import make_url

    try:
        u = make_url(url)
    except Exception:  # noqa: BLE001 - a malformed URL is the user's to fix
        raise StoreError("not a database URL (postgresql://user@host/db)", _redacted(url)) from None
    if u.get_backend_name() != "postgresql":
        raise StoreError("a store is a SQLite file or a postgresql:// URL", _shown(u))
    # one driver, psycopg 3 (the [postgres] extra), whatever the URL names
    u = u.set(drivername="postgresql+psycopg")
    where = _shown(u)
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise StoreError(
            "PostgreSQL needs psycopg: pip install 'policyparse[postgres]'", where
        ) from None
    args: dict[str, Any] = {"connect_timeout": 10}
    if read_only:
        args["options"] = "-c default_transaction_read_only=on"
    engine = create_engine(u, connect_args=args)
    try:
        with engine.connect():
            pass
    except OperationalError as e:
        engine.dispose()
        first = str(e.orig).strip().splitlines()[0] if e.orig else "cannot connect"
        raise StoreError(f"cannot connect: {first}", where) from None
    return engine, where
