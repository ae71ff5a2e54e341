"""``query --sql`` reads and does nothing else (#34 item 1 and the --sql cases of item 8): each
statement of data/sql_policy.json's refused lists is refused, on SQLite and on the real
PostgreSQL server the tests start (as its superuser, so a refusal is the only thing that stops
it), nothing is written or touched, and time and size are bounded."""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from pathlib import Path

import pytest
from conftest import CORPUS

from policyparse.base.datafiles import load
from policyparse.batch.runner import BatchOptions, run_batch
from policyparse.cli import main
from policyparse.errors import StoreError
from policyparse.store import open_store
from policyparse.store import schema as S

POLICY = load("sql_policy.json")


@pytest.fixture(scope="module")
def batch_out(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("sql")
    src, out = base / "in", base / "out"
    shutil.copytree(CORPUS, src)
    run_batch(src, out, BatchOptions(progress=False, summary=False, jobs=1))
    return out


@pytest.fixture()
def db(batch_out, tmp_path) -> Path:
    path = tmp_path / "s.sqlite"
    with open_store(path) as s:
        s.load(batch_out)
    return path


def _state(store) -> dict:
    return {**store.counts(), "meta": store.sql("SELECT key, value FROM meta ORDER BY key")}


def _in_tmp(sql: str, where: Path) -> str:
    """A refused example with its file paths moved into this test's folder (so a statement that
    ran would leave a file the test can see)."""
    return sql.replace("/tmp/", f"{where}/")


@pytest.mark.parametrize(
    "sql",
    POLICY["sqlite"]["refused_examples"]
    + [f["example"] for f in POLICY["sqlite"]["refused_functions"]],
)
def test_sqlite_refuses_what_does_more_than_read(db, tmp_path, sql):
    with open_store(db, read_only=True) as s:
        before = _state(s)
        with pytest.raises(StoreError, match="SQL: "):
            s.sql(_in_tmp(sql, tmp_path))
        assert _state(s) == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("s.sqlite")) == []


@pytest.mark.parametrize("sql", POLICY["allowed"] + POLICY["sqlite"]["pragmas"]["examples"])
def test_sqlite_runs_what_an_analyst_asks(db, sql):
    with open_store(db, read_only=True) as s:
        rows = s.sql(sql)
    assert rows and all(isinstance(r, dict) for r in rows)


def test_sqlite_refusals_name_what_was_refused(db):
    with open_store(db) as s:
        with pytest.raises(StoreError, match="refused: ATTACH"):
            s.sql("ATTACH DATABASE 'x.db' AS x")
        with pytest.raises(StoreError, match="refused: DELETE warnings"):
            s.sql("DELETE FROM warnings")
        with pytest.raises(StoreError, match="one statement"):
            s.sql("SELECT 1; DELETE FROM warnings")
        with pytest.raises(StoreError, match="no statement given"):
            s.sql("   ")
        # :b inside a string is text, not a parameter; a parameter outside one is
        assert s.sql("SELECT 'a :b' AS s") == [{"s": "a :b"}]
        assert s.sql("SELECT :x + 1 AS n", {"x": 1}) == [{"n": 2}]


@pytest.mark.slow
def test_sqlite_time_and_size_are_bounded(db):
    with open_store(db, read_only=True) as s:
        s.sql_time_s = 1.0
        t0 = time.monotonic()
        with pytest.raises(StoreError, match="ran past 1 s"):
            s.sql(
                "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
                "SELECT max(n) FROM r"
            )
        assert time.monotonic() - t0 < 10
        s.sql_time_s = 60.0
        # a group_concat bomb: a gigabyte string is refused at the value limit, not built
        with pytest.raises(StoreError, match="over 16 MB"):
            s.sql(
                "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r "
                "WHERE n < 10000000) SELECT group_concat(printf('%0100d', n)) AS g FROM r"
            )


def test_sqlite_values_json_cannot_hold_come_out_as_json(db, capsys):
    rc = main(
        [
            "query",
            "--db",
            str(db),
            "--format",
            "json",
            "--sql",
            "SELECT randomblob(4) AS b, 9e999 AS inf, -9e999 AS ninf, 1.5 AS x",
        ]
    )
    assert rc == 0
    [row] = json.loads(capsys.readouterr().out)  # strict JSON: no NaN, no Infinity
    assert len(row["b"]) == 8 and int(row["b"], 16) >= 0
    assert (row["inf"], row["ninf"], row["x"]) == (None, None, 1.5)


def test_empty_sql_is_an_error_not_the_task_list(db, capsys):
    assert main(["query", "--db", str(db), "--sql", "", "--format", "json"]) == 2
    io = capsys.readouterr()
    assert io.out == "" and "no statement given" in io.err


def test_a_store_nobody_may_write_is_queried(db, monkeypatch, capsys):
    """A store on a read-only disk (as root, permissions cannot make one, so the check that
    decides is told so): opened immutable, queried, and no -wal or -shm file is made."""
    for extra in db.parent.glob("s.sqlite-*"):
        extra.unlink()
    real = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode, **k: False if mode == os.W_OK else real(p, mode, **k)
    )
    assert main(["query", "--db", str(db), "--format", "json", "--unit", "mof"]) == 0
    assert json.loads(capsys.readouterr().out)
    assert main(["query", "--db", str(db), "--sql", "SELECT count(*) AS n FROM tasks"]) == 0
    assert main(["db", "info", "--db", str(db)]) == 0
    assert sorted(p.name for p in db.parent.iterdir()) == ["s.sqlite"]
    with open_store(db, read_only=True) as s, pytest.raises(StoreError, match="read-only"):
        [row] = s.sql("SELECT batch, key FROM documents WHERE key LIKE '%pilot-notice-zh%'")
        s.remove(row["key"], row["batch"])


# ---- PostgreSQL, against the server the tests start (as its superuser) ----
@pytest.fixture()
def pg(batch_out, postgres_url):
    with open_store(postgres_url) as s:
        s.load(batch_out)
    return postgres_url


@pytest.mark.parametrize(
    "sql",
    POLICY["postgresql"]["refused_examples"]
    + [f["example"] for f in POLICY["postgresql"]["refused_functions"]],
)
def test_postgres_refuses_what_does_more_than_read(pg, sql):
    mark = Path(f"/tmp/policyparse-pwned-{uuid.uuid4().hex}")
    sql = sql.replace("/tmp/pwned", str(mark)).replace("/tmp/warnings.csv", str(mark))
    with open_store(pg, read_only=True) as s:
        before = _state(s)
        with pytest.raises(StoreError, match="SQL: "):
            s.sql(sql)
        assert _state(s) == before
    assert not mark.exists()


def test_postgres_reads_with_time_size_and_parameters_bounded(pg):
    with open_store(pg, read_only=True) as s:
        for sql in POLICY["allowed"]:
            assert s.sql(sql), sql
        assert s.sql("SELECT 'a :b' AS s, '100%' AS p") == [{"s": "a :b", "p": "100%"}]
        assert s.sql(
            "SELECT value FROM meta WHERE key = :k AND :k = :k AND '%' = '%'",
            {"k": "policyparse_store_version"},
        ) == [{"value": str(S.STORE_VERSION)}]
        s.sql_time_s = 1.0
        t0 = time.monotonic()
        with pytest.raises(StoreError, match="ran past 1 s"):
            s.sql(
                "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
                "SELECT max(n) FROM r"
            )
        assert time.monotonic() - t0 < 10
        s.sql_time_s = 60.0
        with pytest.raises(StoreError, match="over 256 MB"):
            s.sql("SELECT repeat('x', 300000000) AS bomb")
        assert s.sql("SELECT decode('ff00', 'hex') AS b, 'Infinity'::float8 AS f") == [
            {"b": "ff00", "f": None}
        ]


def test_postgres_read_only_role_is_enough_to_query(pg, capsys):
    """The role README tells a team to give analysts: SELECT only. It queries; it cannot load."""
    import psycopg

    with psycopg.connect(pg, autocommit=True) as c:
        c.execute("DROP ROLE IF EXISTS pp_reader")
        c.execute("CREATE ROLE pp_reader LOGIN")
        c.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO pp_reader")
    reader = pg.replace("postgres@", "pp_reader@")
    assert main(["query", "--db", reader, "--unit", "mof", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)
    assert main(["query", "--db", reader, "--sql", "SELECT count(*) AS n FROM tasks"]) == 0
    with open_store(reader) as s:
        [row] = s.sql("SELECT batch, key FROM documents WHERE key LIKE '%pilot-notice-zh%'")
        with pytest.raises(StoreError, match="permission denied"):
            s.remove(row["key"], row["batch"])
        assert s.counts()["documents"] == 4


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://bob@127.0.0.1:{port}/db?password=hunter2",
        "postgresql+psycopg2://bob:hunter2@127.0.0.1:{port}/db",
        "mysql://bob:hunter2@127.0.0.1:{port}/db?password=hunter2",
        "postgresql://bob:hunter2@[::1/db?password=hunter2",
    ],
)
def test_a_password_is_never_printed_and_any_driver_name_is_one_clear_error(url, capsys):
    """Item 8: ``?password=`` was printed in errors; ``postgresql+psycopg2://`` was a
    traceback (psycopg 3 is the one driver; the URL's driver name is not a reason to fail)."""
    import socket

    pytest.importorskip("psycopg", reason="psycopg is the optional extra policyparse[postgres]")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here once closed
    url = url.format(port=port)
    assert main(["query", "--db", url, "--sql", "SELECT 1"]) == 2
    e = capsys.readouterr().err
    assert "hunter2" not in e and "Traceback" not in e
    assert e.count("\n") == 1 and ("cannot connect" in e or "URL" in e), e


def test_postgres_keeps_a_long_task_id_and_migrates_old_stores(batch_out, postgres_url, tmp_path):
    """Item 8: a 200-character task id overflowed a varchar on PostgreSQL and not on SQLite. A
    store made before (version 1, varchar columns) is migrated when opened for writing."""
    import psycopg

    doc = json.loads(next(batch_out.rglob("pilot-notice-zh.txt.json")).read_text("utf-8"))
    doc["tasks"][0]["id"] = "t" + "1" * 200
    with open_store(postgres_url) as s:
        pass
    with psycopg.connect(postgres_url, autocommit=True) as c:  # as version 1 made it
        c.execute("ALTER TABLE tasks ALTER COLUMN task_id TYPE varchar(32)")
        c.execute("UPDATE meta SET value = '1' WHERE key = 'policyparse_store_version'")
    with pytest.raises(StoreError, match="needs updating"):
        open_store(postgres_url, read_only=True)
    for target in (postgres_url, tmp_path / "s.sqlite"):
        with open_store(target) as s:
            assert s.add(doc, "long.json") == "added"
            assert s.sql("SELECT max(length(task_id)) AS n FROM tasks") == [{"n": 201}]


def test_a_store_holding_infinity_still_answers_in_strict_json(db, capsys):
    """Item 5: a store loaded before documents were checked may hold a value of 1e999
    (SQLite keeps Inf); every query then failed as a 'damaged' store. It answers, with null."""
    import sqlite3

    con = sqlite3.connect(db)
    con.execute(
        "UPDATE targets SET value = 9e999 "
        "WHERE rowid = (SELECT min(rowid) FROM targets WHERE task_row IS NOT NULL)"
    )
    con.commit()
    con.close()
    assert main(["query", "--db", str(db), "--format", "json", "--has-target"]) == 0
    rows = json.loads(capsys.readouterr().out, parse_constant=lambda c: pytest.fail(c))
    values = [t["value"] for r in rows for t in r["targets"]]
    assert None in values and all(v is None or abs(v) < 1e300 for v in values)
    assert (
        main(["query", "--db", str(db), "--format", "json", "--sql", "SELECT value FROM targets"])
        == 0
    )
    assert {"value": None} in json.loads(capsys.readouterr().out)
    with open_store(db) as s:  # an error about JSON in a query is no "damaged store"
        with pytest.raises(StoreError, match="malformed JSON") as e:
            s.sql("SELECT json_extract('{', '$.a')")
        assert "damaged" not in str(e.value)


def test_a_question_brings_an_older_writable_store_up_to_date(db, monkeypatch, capsys):
    """query and db info open a store this user may write as usual (an older one is migrated
    first), and one nobody may write read-only, where an older store is refused with how to
    update it."""
    import sqlite3

    from policyparse.store import schema as S

    con = sqlite3.connect(db)
    con.execute("UPDATE meta SET value = ? WHERE key = ?", (str(S.STORE_VERSION - 1), S.MARK))
    con.commit()
    con.close()
    ran = []
    monkeypatch.setitem(S.MIGRATIONS, S.STORE_VERSION - 1, lambda conn: ran.append(1))
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, m, **k: False if m == os.W_OK else real(p, m, **k))
    assert main(["query", "--db", str(db), "--sql", "SELECT 1 AS one"]) == 2
    assert "needs updating" in capsys.readouterr().err and ran == []
    monkeypatch.setattr(os, "access", real)
    assert main(["query", "--db", str(db), "--sql", "SELECT 1 AS one"]) == 0
    assert ran == [1]
