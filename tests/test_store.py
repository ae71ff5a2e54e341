"""The store (#18): batch outputs in SQLite (and PostgreSQL), loaded incrementally, asked the
common questions without SQL, read back as DataFrames, and refusing what is not a store."""

from __future__ import annotations

import copy
import json
import random
import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from conftest import CORPUS

import policyparse
from policyparse.batch.runner import BatchOptions, run_batch
from policyparse.cli import main
from policyparse.errors import StoreError
from policyparse.store import open_store
from policyparse.store import schema as S


def opts(**kw) -> BatchOptions:
    return BatchOptions(progress=False, summary=False, jobs=1, **kw)


@pytest.fixture()
def parsed(tmp_path) -> tuple[Path, Path]:
    """The project's corpus parsed by batch: (input folder, output folder)."""
    src, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(CORPUS, src)
    run_batch(src, out, opts())
    return src, out


def outputs(out: Path) -> dict[str, dict]:
    return {
        p.relative_to(out).as_posix()[: -len(".json")]: json.loads(p.read_text("utf-8"))
        for p in out.rglob("*.json")
        if p.name != "summary.json"
    }


def test_load_writes_every_row_of_every_document(parsed, tmp_path):
    _, out = parsed
    docs = outputs(out)
    with open_store(tmp_path / "s.sqlite") as store:
        rep = store.load(out)
        assert (rep.added, rep.updated, rep.unchanged, rep.removed) == (len(docs), 0, 0, 0)
        c = store.counts()
        assert c["documents"] == len(docs) == 4
        assert c["tasks"] == sum(len(d["tasks"]) for d in docs.values())
        assert c["responsibilities"] == sum(
            len(t["responsible"]) for d in docs.values() for t in d["tasks"]
        )
        assert c["targets"] == sum(len(d["targets"]) for d in docs.values())
        assert c["deadlines"] == sum(len(d["deadlines"]) for d in docs.values())
        assert c["sections"] == sum(
            len(json.dumps(d["sections"]).split('"id"')) - 1 for d in docs.values()
        )
        # every task row quotes its document's text at its span (provenance kept)
        for r in store.sql(
            "SELECT d.text AS doc, t.text, t.start, t.end FROM tasks t "
            "JOIN documents d ON d.id = t.document_id"
        ):
            assert r["doc"][r["start"] : r["end"]] == r["text"]
        # a target inside a task is linked to it; the pilot's 审查周期 target is t2's
        row = store.sql(
            "SELECT g.task_id, g.value, g.unit, g.magnitude_unit FROM targets g "
            "JOIN documents d ON d.id = g.document_id "
            "WHERE d.key = 'zh/pilot-notice-zh.txt' AND g.metric = '发明专利平均审查周期'"
        )
        assert row == [{"task_id": "t2", "value": 16.0, "unit": "month", "magnitude_unit": "month"}]


def test_reload_is_incremental_and_follows_the_inputs(parsed, tmp_path):
    src, out = parsed
    db = tmp_path / "s.sqlite"
    with open_store(db) as store:
        store.load(out)
        rep = store.load(out)
        assert (rep.added, rep.updated, rep.unchanged, rep.removed) == (0, 0, 4, 0)
        before = store.sql("SELECT key, loaded_at, id FROM documents ORDER BY key")

        # one input edited, one deleted, one new: batch again, load again
        p = src / "zh" / "pilot-notice-zh.txt"
        p.write_text(p.read_text("utf-8").replace("16个月", "14个月"), "utf-8")
        (src / "en" / "trade-opinions-en.txt").unlink()
        shutil.copy(src / "zh" / "business-plan-zh.txt", src / "zh" / "copy-zh.txt")
        run_batch(src, out, opts())
        rep = store.load(out)
        # (the copy is the same document as its original: seen again, stored once)
        assert (rep.added, rep.updated, rep.unchanged, rep.removed, rep.seen_again) == (
            0,
            1,
            2,
            1,
            1,
        )
        keys = [r["key"] for r in store.sql("SELECT key FROM documents ORDER BY key")]
        assert keys == ["en/data-plan-en.txt", "zh/business-plan-zh.txt", "zh/pilot-notice-zh.txt"]
        seen = [r["key"] for r in store.sql("SELECT key FROM sightings ORDER BY key")]
        assert seen == [*keys[:2], "zh/copy-zh.txt", keys[2]]
        assert store.sql("SELECT value FROM targets WHERE metric = '发明专利平均审查周期'") == [
            {"value": 14.0}
        ]
        after = {r["key"]: r["id"] for r in store.sql("SELECT key, id FROM documents")}
        kept = {r["key"]: r["id"] for r in before}
        assert after["en/data-plan-en.txt"] == kept["en/data-plan-en.txt"]  # not rewritten
        # no orphan rows of the removed and replaced documents
        assert store.sql(
            "SELECT count(*) AS n FROM tasks WHERE document_id NOT IN (SELECT id FROM documents)"
        ) == [{"n": 0}]
        n_fts = store.sql(
            "SELECT count(*) AS n FROM tasks_fts WHERE tasks_fts MATCH '\"审查周期\"'"
        )
        assert n_fts == [{"n": 1}]


def test_batch_db_and_db_load_from_the_command_line(tmp_path, capsys):
    src, out, db = tmp_path / "in", tmp_path / "out", tmp_path / "n.sqlite"
    shutil.copytree(CORPUS, src)
    assert main(["batch", str(src), "-o", str(out), "--db", str(db), "--no-progress"]) == 0
    assert "4 added" in capsys.readouterr().err
    assert main(["db", "load", str(out), "--db", str(db)]) == 0
    assert "0 added, 0 updated, 4 unchanged" in capsys.readouterr().err
    assert main(["db", "info", "--db", str(db)]) == 0
    assert "4 documents" in capsys.readouterr().out


@pytest.fixture()
def store(parsed, tmp_path):
    _, out = parsed
    s = open_store(tmp_path / "q.sqlite")
    s.load(out)
    yield s
    s.close()


def test_a_unit_is_found_by_any_of_its_names(store):
    by_zh = store.tasks(unit="财政部")
    assert [(r["document"], r["task_id"]) for r in by_zh] == [("en/trade-opinions-en.txt", "t2")]
    assert store.tasks(unit="Ministry of Finance") == by_zh
    assert store.tasks(unit="ministry of finance") == by_zh
    assert store.tasks(unit="mof") == by_zh
    # an English notice names its units in English, a Chinese one in Chinese
    assert (by_zh[0]["lead"], by_zh[0]["support"]) == (
        ["Ministry of Finance"],
        ["Ministry of Commerce"],
    )
    zh = store.tasks(unit="Utilization Promotion Department")
    assert [r["task_id"] for r in zh] == ["t1", "t5"]
    assert [r["lead"] for r in zh] == [["运用促进司"], ["运用促进司"]]
    assert store.tasks(unit="no such unit anywhere") == []


def test_role_deadline_target_language_filters(store):
    leads = store.tasks(unit="运用促进司", role="lead")
    assert [r["task_id"] for r in leads] == ["t1", "t5"]
    assert all("运用促进司" in r["lead"] for r in leads)
    assert store.tasks(unit="运用促进司", role="support") == []
    due = store.tasks(due_before="2023-12-31")
    assert due and all(any(d <= "2023-12-31" for d in r["deadlines"]) for r in due)
    later = store.tasks(due_after="2024-01-01")
    assert later and not {(r["document"], r["task_id"]) for r in due} >= {
        (r["document"], r["task_id"]) for r in later
    }
    with_target = store.tasks(has_target=True)
    assert with_target and all(r["targets"] for r in with_target)
    cycle = store.tasks(metric="审查周期")
    assert [(r["document"], r["task_id"]) for r in cycle] == [("zh/pilot-notice-zh.txt", "t2")]
    en = store.tasks(language="en")
    assert en and {r["language"] for r in en} == {"en"}
    assert len(store.tasks(limit=3)) == 3


def test_search_chinese_and_english_and_short_words(store):
    hits = store.tasks(search="审查周期")  # trigram index
    assert [r["task_id"] for r in hits] == ["t2"]
    two = store.tasks(search="补贴")  # two characters: below a trigram, found by a scan
    assert two and all("补贴" in r["text"] for r in two)
    en = store.tasks(search="DATA SECURITY")  # case does not matter
    assert en and all("data security" in r["text"].lower() for r in en)
    quote = store.tasks(search='"')  # quotes and LIKE wildcards are words, not syntax
    assert all('"' in r["text"] for r in quote)
    assert store.tasks(search="%%%") == []


def test_trigram_search_agrees_with_a_plain_substring_scan(store):
    """What the trigram indexes answer is what a scan of each task's text and its item's own
    words (the section it sits in) answers."""
    rows = store.sql(
        "SELECT t.text, coalesce(s.text, '') AS item FROM tasks t LEFT JOIN sections s "
        "ON s.document_id = t.document_id AND s.section_id = t.section_id"
    )
    texts = [r["text"] for r in rows] + [r["item"] for r in rows if r["item"]]
    rnd = random.Random(7)
    for _ in range(60):
        t = rnd.choice(texts)
        i = rnd.randrange(0, max(1, len(t) - 8))
        words = t[i : i + rnd.randint(3, 8)]
        got = {r["text"] for r in store.tasks(search=words)}
        want = {
            r["text"]
            for r in rows
            if words.lower() in r["text"].lower() or words.lower() in r["item"].lower()
        }
        assert got == want, words


def test_query_command_formats(store, tmp_path, capsys):
    db = store.where
    assert main(["query", "--db", db, "--unit", "运用促进司", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert isinstance(rows, list) and len(rows) == 2
    assert set(rows[0]) >= {"document", "task_id", "text", "lead", "deadlines", "targets", "span"}
    out = tmp_path / "rows.csv"
    assert main(["query", "--db", db, "--has-target", "--format", "csv", "-o", str(out)]) == 0
    lines = out.read_text("utf-8-sig").splitlines()
    assert lines[0] == "document,task_id,section,task,lead,support,responsible,deadlines,targets"
    assert len(lines) == 1 + len(store.tasks(has_target=True))
    assert main(["query", "--db", db, "--sql", "SELECT count(*) AS n FROM documents"]) == 0
    assert " 4 " in capsys.readouterr().out
    assert main(["query", "--db", db, "--sql", "DROP TABLE tasks"]) == 2
    assert "read-only" in capsys.readouterr().err
    assert store.counts()["tasks"] == 20
    assert main(["query", "--db", db, "--sql", "SELEKT 1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "syntax error" in err
    assert main(["query", "--db", db, "--unit", "海关总暑"]) == 0  # (a typo: no such unit)
    assert "no unit is named '海关总暑' here" in capsys.readouterr().err
    assert main(["query", "--db", db, "--due-before", "end of 2024"]) == 2
    assert "due-before must be a date" in capsys.readouterr().err


def test_what_a_notice_wrote_stays_data_in_shared_outputs(tmp_path, capsys):
    text = (
        "关于开展测试工作的通知\n一、重点任务\n"
        '1.=HYPERLINK("http://x")完成[bold]评估[/bold]工作。（财政部负责）\n'
    )
    doc = policyparse.parse_text(text, language="zh")
    db = tmp_path / "x.sqlite"
    with open_store(db) as s:
        s.add(doc, "hostile.txt")
    out = tmp_path / "x.csv"
    assert main(["query", "--db", str(db), "--format", "csv", "-o", str(out)]) == 0
    cells = out.read_text("utf-8-sig").splitlines()[1].split(",")
    assert any(c.startswith("'=HYPERLINK") or c.startswith("\"'=HYPERLINK") for c in cells)
    assert main(["query", "--db", str(db)]) == 0
    assert "[bold]" in capsys.readouterr().out  # shown, not taken as markup


def test_refuses_what_is_not_a_store(tmp_path, capsys):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"\x00\x01 this is not a database" * 50)
    with pytest.raises(StoreError, match="not a SQLite database"):
        open_store(junk)
    other = tmp_path / "other.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE invoices (id INTEGER, amount REAL)")
    con.commit()
    con.close()
    before = other.read_bytes()
    with pytest.raises(
        StoreError, match=r"something else \(tables: invoices\), not a policyparse store"
    ):
        open_store(other)
    assert other.read_bytes() == before  # nothing written into someone else's database
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path)
    with pytest.raises(StoreError, match="no such store"):
        open_store(tmp_path / "missing.sqlite", create=False)
    assert main(["db", "info", "--db", str(junk)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(junk) in err and "not a SQLite database" in err
    assert main(["query", "--db", str(tmp_path / "none.sqlite")]) == 2
    assert "no such store" in capsys.readouterr().err
    assert not (tmp_path / "none.sqlite").exists()


def test_newer_store_refused_older_store_migrated(tmp_path, monkeypatch):
    db = tmp_path / "s.sqlite"
    open_store(db).close()
    con = sqlite3.connect(db)
    con.execute("UPDATE meta SET value = '99' WHERE key = ?", (S.MARK,))
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="newer policyparse.*store version 99"):
        open_store(db)

    # an older store is brought up to date by the migration steps, in one transaction
    con = sqlite3.connect(db)
    con.execute("UPDATE meta SET value = ? WHERE key = ?", (str(S.STORE_VERSION), S.MARK))
    con.commit()
    con.close()
    ran = []

    def step(conn):
        ran.append(1)
        conn.exec_driver_sql("CREATE TABLE notes (id INTEGER)")

    monkeypatch.setattr(S, "STORE_VERSION", S.STORE_VERSION + 1)
    monkeypatch.setitem(S.MIGRATIONS, S.STORE_VERSION - 1, step)
    with open_store(db) as s:
        assert s.sql("SELECT value FROM meta WHERE key = :k", {"k": S.MARK}) == [
            {"value": str(S.STORE_VERSION)}
        ]
        assert s.sql("SELECT count(*) AS n FROM notes") == [{"n": 0}]
    with open_store(db):
        pass
    assert ran == [1]  # once


def test_a_file_that_is_not_a_document_is_an_error_record(parsed, tmp_path):
    _, out = parsed
    folder = tmp_path / "jsons"
    folder.mkdir()
    for i, p in enumerate(sorted(out.rglob("*.txt.json"))):
        shutil.copy(p, folder / f"{i}.json")
    (folder / "list.json").write_text("[1, 2]", "utf-8")
    (folder / "torn.json").write_text('{"text": "abc", "tas', "utf-8")
    with open_store(tmp_path / "s.sqlite") as s:
        rep = s.load(folder)
        assert rep.added == 4
        why = dict((Path(f).name, m) for f, m in rep.errors)
        assert set(why) == {"list.json", "torn.json"}
        assert "not a policyparse document" in why["list.json"]
        assert "not JSON" in why["torn.json"]
        (folder / "0.json").unlink()
        rep = s.load(folder)
        assert (rep.removed, rep.unchanged) == (1, 3)


def test_a_failed_load_leaves_no_half_document(parsed, tmp_path, monkeypatch):
    """A document whose rows cannot be made is reported and the others land; a write that fails
    half-way through a transaction leaves nothing of the documents it held."""
    _, out = parsed
    import policyparse.store.db as dbmod

    real = dbmod.child_rows
    calls = []

    def breaks_on_third(d):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk on fire")
        return real(d)

    monkeypatch.setattr(dbmod, "child_rows", breaks_on_third)
    with open_store(tmp_path / "s.sqlite") as s:
        rep = s.load(out)
        assert rep.added == 3 and len(rep.errors) == 1
        assert "RuntimeError: disk on fire" in rep.errors[0][1]
        assert s.counts()["documents"] == 3
        assert s.sql(
            "SELECT count(*) AS n FROM tasks WHERE document_id NOT IN (SELECT id FROM documents)"
        ) == [{"n": 0}]
    monkeypatch.setattr(dbmod, "child_rows", real)

    real_insert = dbmod.Store._insert

    def fails_at_targets(self, conn, table, rows):
        if table.name == "targets":
            raise RuntimeError("disk on fire")
        return real_insert(self, conn, table, rows)

    monkeypatch.setattr(dbmod.Store, "_insert", fails_at_targets)
    with open_store(tmp_path / "t.sqlite") as s:
        with pytest.raises(RuntimeError):
            s.load(out)
        # the transaction held whole documents: none of them landed
        assert s.counts()["documents"] == 0 and s.counts()["tasks"] == 0
        monkeypatch.setattr(dbmod.Store, "_insert", real_insert)
        assert s.load(out).added == 4


def test_two_writers_one_waits_or_fails_clearly(parsed, tmp_path):
    _, out = parsed
    db = tmp_path / "s.sqlite"
    open_store(db).close()
    holder = open_store(db)
    busy = open_store(db, timeout_s=0.3)
    patient = open_store(db, timeout_s=20)
    held = threading.Event()
    release = threading.Event()

    def hold():
        with holder._writing() as conn:
            conn.exec_driver_sql("INSERT INTO meta (key, value) VALUES ('x', 'y')")
            held.set()
            release.wait(10)

    th = threading.Thread(target=hold)
    th.start()
    held.wait(10)
    t0 = time.monotonic()
    with pytest.raises(StoreError, match="another process is writing to the store; waited 0.3 s"):
        busy.load(out)
    assert time.monotonic() - t0 < 5
    result = {}

    def wait_then_load():
        result["rep"] = patient.load(out)

    th2 = threading.Thread(target=wait_then_load)
    th2.start()
    time.sleep(0.5)
    assert "rep" not in result  # waiting for the first writer
    release.set()
    th.join(10)
    th2.join(30)
    assert result["rep"].added == 4
    assert patient.counts()["documents"] == 4
    for s in (holder, busy, patient):
        s.close()


def test_frames_from_documents_equal_frames_from_the_store(store, parsed):
    pytest.importorskip("pandas", reason="pandas is the optional extra policyparse[pandas]")
    _, out = parsed
    files = sorted(out.rglob("*.txt.json"))
    a = policyparse.to_frames(files)
    b = policyparse.to_frames(store)
    assert repr(a).startswith("<Frames: documents 4, sections 37, tasks 20")
    for name in ("tasks", "responsibilities", "targets", "deadlines", "sections"):
        x = getattr(a, name).sort_values(["document", "position"]).reset_index(drop=True)
        y = getattr(b, name)[list(x.columns)].sort_values(["document", "position"])
        y = y.reset_index(drop=True)
        assert x.astype(str).equals(y.astype(str)), name
    assert str(b.deadlines["date"].dtype).startswith("datetime64")
    led = a.responsibilities.query("role == 'lead'").merge(a.tasks, on=["document", "task_id"])
    assert len(led) == len(store.tasks(role="lead"))
    c = policyparse.to_frames(store.where)  # a path to a store works too
    assert len(c.tasks) == 20


def test_sqlite_utils_reads_the_store(store):
    sqlite_utils = pytest.importorskip("sqlite_utils", reason="sqlite-utils is a test extra")
    db = sqlite_utils.Database(store.where)
    assert {"documents", "tasks", "responsibilities", "targets", "units"} <= set(db.table_names())
    assert db["tasks"].count == 20
    assert db["tasks"].detect_fts() == "tasks_fts"
    hits = list(db["tasks"].search('"审查周期"', columns=["task_id", "text"]))
    assert [h["task_id"] for h in hits] == ["t2"]


def test_postgres_holds_the_same_store(parsed, store, postgres_url):
    _, out = parsed
    with open_store(postgres_url) as pg:
        assert pg.dialect == "postgresql"
        rep = pg.load(out)
        assert rep.added == 4
        assert pg.counts() == store.counts()
        for q in (
            {"unit": "财政部"},
            {"unit": "Ministry of Finance", "role": "lead"},
            {"due_before": "2023-12-31"},
            {"has_target": True, "language": "zh"},
            {"metric": "审查周期"},
            {"search": "审查周期"},
            {"search": "DATA SECURITY"},
            {"search": "补贴"},
        ):
            assert pg.tasks(**q) == store.tasks(**q), q
        assert pg.load(out).unchanged == 4
        with pytest.raises(StoreError, match="only SELECT reads the store"):
            pg.sql("DELETE FROM tasks")
        assert pg.counts()["tasks"] == 20
    assert main(["query", "--db", postgres_url, "--unit", "mof", "--format", "json"]) == 0


def test_postgres_writers_queue(parsed, postgres_url):
    _, out = parsed
    a, b = open_store(postgres_url), open_store(postgres_url, timeout_s=0.5)
    held, release = threading.Event(), threading.Event()

    def hold():
        with a._writing():
            held.set()
            release.wait(10)

    th = threading.Thread(target=hold)
    th.start()
    held.wait(10)
    with pytest.raises(StoreError, match="another process is writing"):
        b.load(out)
    release.set()
    th.join(10)
    assert b.load(out).added == 4
    a.close()
    b.close()


def test_postgres_unreachable_is_one_clear_error(capsys):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once closed
    pytest.importorskip("psycopg", reason="psycopg is the optional extra policyparse[postgres]")
    url = f"postgresql://someone:secret@127.0.0.1:{port}/notices"
    with pytest.raises(StoreError, match="cannot connect") as e:
        open_store(url)
    assert "secret" not in str(e.value)
    assert main(["db", "info", "--db", url]) == 2
    assert "secret" not in capsys.readouterr().err


def test_the_readme_sql_runs_on_a_store(store):
    """The worked questions of the README run as written (and find what they say)."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    block = readme.split("```sql\n", 1)[1].split("```", 1)[0]
    statements = [s.strip() for s in block.split(";") if s.strip()]
    assert len(statements) == 3
    for sql in statements:
        store.sql(sql)  # raises StoreError on any mistake
    cycle = store.sql(statements[1])
    assert sorted(r["value"] for r in cycle) == [13.0, 16.0]  # 压减至13个月, 控制在16个月以内
    led = store.sql(statements[0].replace("海关总署", "运用促进司"))
    # (SQLite puts a task with no deadline first)
    assert [(r["task_id"], r["due"]) for r in led] == [("t5", None), ("t1", "2023-12-15")]


def test_loading_in_a_helper_process_gives_the_same_store(parsed, tmp_path, monkeypatch):
    """Many chunks are read in a helper process while the store writes: the same rows as
    reading them here."""
    import policyparse.store.db as dbmod

    _, out = parsed
    dump = "SELECT {} FROM {} ORDER BY 1, 2, 3"
    tables = {
        "documents": "key, title, text, sha256, language, issued_on",
        "tasks": "document_id, task_id, text, section_id, start",
        "responsibilities": "document_id, task_id, position, unit_id, role, task_row",
        "targets": "document_id, position, task_id, metric, value, task_row",
        "deadlines": "document_id, position, task_id, date, task_row",
        "sections": "document_id, section_id, text, title",
    }
    got = {}
    for chunk, name in ((1000, "inline"), (1, "helper")):
        monkeypatch.setattr(dbmod, "CHUNK", chunk)
        with open_store(tmp_path / f"{name}.sqlite") as s:
            assert s.load(out).added == 4
            got[name] = {t: s.sql(dump.format(cols, t)) for t, cols in tables.items()}
            got[name]["fts"] = s.sql(
                "SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH '\"审查周期\"'"
            )
    assert got["helper"] == got["inline"]
    assert got["inline"]["fts"] and got["inline"]["tasks"]


def test_a_table_shows_a_page_and_says_how_many_there_are(store, monkeypatch, capsys):
    import policyparse.cli.store as query_command

    monkeypatch.setattr(query_command, "TABLE_PAGE", 5)
    assert main(["query", "--db", store.where]) == 0
    out, err = capsys.readouterr()
    assert "the first 5 of 20 tasks; --limit 0 for all" in err
    assert out.count("│ zh/") + out.count("│ en/") == 5
    assert main(["query", "--db", store.where, "--limit", "0"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and out.count("│ zh/") + out.count("│ en/") == 20
    assert main(["query", "--db", store.where, "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 20  # CSV and JSON: every row
    assert store.count_tasks(unit="运用促进司") == 2


def _hostile_documents(good: dict) -> dict[str, str]:
    """Documents that broke ``db load`` (#34 items 5 and 6), as JSON text: schema-valid ones
    that overflowed or recursed, invalid ones that crashed with KeyError or TypeError."""

    def with_(change) -> str:
        d = copy.deepcopy(good)
        change(d)
        return json.dumps(d, ensure_ascii=False)

    def year(d):
        d["targets"][0]["year"] = 10**30

    def span(d):
        d["tasks"][0]["span"]["end"] = 10**20

    def inf(d):
        d["targets"][0]["value"] = float("inf")

    def no_tasks_list(d):
        d["tasks"] = {"t1": "x"}

    def no_text(d):
        del d["text"]

    deep = '{"id": "1", "label": "1", "level": 1, "title": "x", "children": [' * 3000
    deep += '{"id": "1"}' + "]}" * 3000
    deeply = json.dumps({**good, "sections": []}, ensure_ascii=False)
    deeply = deeply.replace('"sections": []', f'"sections": [{deep}]')
    return {
        "year.json": with_(year),
        "span.json": with_(span),
        "inf.json": with_(inf).replace("Infinity", "1e999"),
        "nan.json": with_(inf).replace("Infinity", "NaN"),
        "tasks-not-a-list.json": with_(no_tasks_list),
        "no-text.json": with_(no_text),
        "deep.json": deeply,
    }


def test_db_load_checks_every_document_and_loads_the_rest(parsed, tmp_path, capsys):
    """300 files, seven of them hostile: each bad one is one line naming it, the 293 good ones
    land, and every query works afterwards (a stored 1e999 broke every unfiltered query)."""
    _, out = parsed
    good = json.loads(next(out.rglob("pilot-notice-zh.txt.json")).read_text("utf-8"))
    folder = tmp_path / "hostile"
    folder.mkdir()
    bad = _hostile_documents(good)
    for name, text in bad.items():
        (folder / name).write_text(text, "utf-8")
    for i in range(300 - len(bad)):
        d = copy.deepcopy(good)
        d["source"]["path"] = f"copy-{i}.txt"
        # a long task id (a varchar(32) on PostgreSQL refused it; SQLite kept it)
        d["tasks"][0]["id"] = "t" + "1" * 200 if i == 0 else d["tasks"][0]["id"]
        (folder / f"good-{i:03}.json").write_text(json.dumps(d, ensure_ascii=False), "utf-8")
    db = tmp_path / "s.sqlite"
    assert main(["db", "load", str(folder), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "293 added" in err and "Traceback" not in err
    lines = {Path(line.split(": ")[1].strip()).name: line for line in err.splitlines()[1:]}
    assert set(lines) == set(bad), err
    assert "out of range" in lines["year.json"] and "out of range" in lines["span.json"]
    assert "JSON can hold" in lines["inf.json"] and "JSON can hold" in lines["nan.json"]
    assert "levels deep" in lines["deep.json"]
    assert "tasks" in lines["tasks-not-a-list.json"] and "text" in lines["no-text.json"]
    assert main(["query", "--db", str(db), "--format", "json", "--limit", "0"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 293 * len(good["tasks"])
    assert main(["validate", *(str(folder / n) for n in bad)]) == 1
    assert capsys.readouterr().err.count("\n") == len(bad)


@pytest.mark.parametrize("fresh", [True, False])
def test_two_loads_of_one_folder_at_once_both_succeed(parsed, tmp_path, fresh):
    """Item 8: the second of two simultaneous loads failed with a raw UNIQUE error; it waits
    for the first, finds its documents stored, and reports them unchanged (also when both
    make the store)."""
    _, out = parsed
    db = tmp_path / "s.sqlite"
    if not fresh:
        open_store(db).close()
    reports, errors = [], []
    start = threading.Barrier(2)

    def load():
        try:
            start.wait(10)
            with open_store(db) as s:
                reports.append(s.load(out))
        except Exception as e:  # noqa: BLE001 - the test reports what went wrong
            errors.append(e)

    threads = [threading.Thread(target=load) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == [], errors
    assert sorted((r.added, r.unchanged) for r in reports) in ([(0, 4), (4, 0)], [(4, 0), (4, 0)])
    with open_store(db) as s:
        assert s.counts()["documents"] == 4


def test_the_same_file_batched_from_two_folders_is_stored_once(parsed, tmp_path):
    """#33: a document batched from two folders was stored twice and every count doubled. It
    is one document seen at two paths: counts hold, either path finds it, and it goes only
    when neither folder holds it."""
    src, out = parsed
    src2, out2 = tmp_path / "copy", tmp_path / "out2"
    shutil.copytree(src, src2 / "renamed")
    run_batch(src2, out2, opts())
    db = tmp_path / "s.sqlite"
    with open_store(db) as s:
        first = s.load(out)
        once = s.counts()
        again = s.load(out2)
        assert (first.added, again.added, again.seen_again) == (4, 0, 4)
        assert "4 already stored from another path" in str(again)
        assert s.counts() | {"sightings": 0} == once | {"sightings": 0}
        assert s.counts()["sightings"] == 8
        n = len(s.tasks())
        assert n == len(s.tasks(document="renamed/"))  # the second path finds them
        assert n == len(s.tasks(document="zh/")) + len(s.tasks(document="en/"))
        # the first folder's inputs gone: the documents stay, seen in the second
        for f in src.rglob("*.txt"):
            f.unlink()
        assert s.load(out).removed == 4
        assert len(s.tasks()) == n and s.counts()["documents"] == 4
        assert {r["document"].split("/")[0] for r in s.tasks()} == {"renamed"}
        for f in src2.rglob("*.txt"):
            f.unlink()
        assert s.load(out2).removed == 4
        assert s.counts()["documents"] == 0 and s.counts()["tasks"] == 0


def test_search_finds_an_items_title_sentence_and_two_character_words(tmp_path):
    """#33: "（一）合理赋予大型银行县支行信贷业务权限。…（…牵头负责）": the title sentence is the
    section's title, not the task's text, and --search 县支行 missed the task. Search reads the
    task and its item's own words; two-character words (就业) are matched by a scan."""
    doc = policyparse.parse_text(
        "关于进一步支持小微企业的通知\n一、加大信贷支持\n"
        "（一）合理赋予大型银行县支行信贷业务权限。完善授信尽职免责制度，提高审批效率。"
        "（银保监会牵头负责）\n"
        "（二）降低融资成本。确保普惠型小微企业贷款综合融资成本较上年度再降0.5个百分点。"
        "（人民银行负责）\n"
        "（三）稳定就业岗位。支持企业稳岗扩岗。（人力资源社会保障部负责）\n"
    )
    assert "县支行" not in doc.tasks[0].text  # (the golden rules: the title is no task text)
    with open_store(tmp_path / "s.sqlite") as s:
        s.add(doc, "x.txt")
        for words, ids in (
            ("县支行", ["t1"]),
            ("信贷业务权限", ["t1"]),
            ("尽职免责", ["t1"]),
            ("就业", ["t3"]),
            ("稳岗", ["t3"]),
            ("融资成本", ["t2"]),
        ):
            assert [r["task_id"] for r in s.tasks(search=words)] == ids, words
