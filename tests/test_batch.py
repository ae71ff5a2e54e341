"""Batch over folders: outputs validate, re-runs do no work, a killed run completes on re-run,
bad files become error records, task tables are written."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CORPUS

from policyparse.batch.runner import BatchOptions, run_batch
from policyparse.schemas import validate_document

BAD = {
    "bad/empty.txt": b"",
    "bad/binary.txt": bytes(range(256)) * 20,
    "bad/broken.pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ntrailer\n%%EOF",
    "bad/notzip.docx": b"PK\x03\x04 but no archive follows",
    "bad/nobody.html": b"<html><head><title>x</title></head>"
    b"<body><script>var a=1;</script></body></html>",
}


def opts(**kw) -> BatchOptions:
    return BatchOptions(progress=False, summary=False, **kw)


@pytest.fixture()
def folder(tmp_path) -> Path:
    src = tmp_path / "in"
    shutil.copytree(CORPUS, src)
    for rel, data in BAD.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_bytes(data)
    return src


def test_batch_outputs_errors_and_resume(folder, tmp_path):
    out = tmp_path / "out"
    s = run_batch(folder, out, opts(jobs=2, formats=["json", "csv", "xlsx", "jsonl"]))
    assert s.inputs == 9 and s.parsed == 4 and s.errors == 5
    assert s.languages == {"en": 2, "zh": 2} and s.formats == {"text": 4}
    for rel in ("zh/pilot-notice-zh.txt", "en/data-plan-en.txt"):
        d = json.loads((out / (rel + ".json")).read_text("utf-8"))
        validate_document(d)
        assert d["source"]["path"] == rel  # relative: outputs do not depend on where the batch ran
    errors = [json.loads(ln) for ln in (out / "errors.jsonl").read_text("utf-8").splitlines()]
    assert sorted(e["file"] for e in errors) == sorted(BAD)
    assert all(e["message"] and e["stage"] for e in errors)
    rows = list(csv.DictReader((out / "tasks.csv").open(encoding="utf-8-sig")))
    assert len(rows) == s.tasks == 20
    assert rows[0].keys() >= {
        "document",
        "section",
        "task",
        "lead",
        "support",
        "responsible",
        "targets",
        "deadline",
        "deadline_2",
        "page",
    }
    targets = list(csv.DictReader((out / "targets.csv").open(encoding="utf-8-sig")))
    assert len(targets) == s.targets and {float(t["value"]) for t in targets}
    from openpyxl import load_workbook

    assert len(load_workbook(out / "tasks.xlsx").sheetnames) == 4 + 1  # and the targets
    # a re-run does no work for unchanged inputs (errors are retried)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.txt.json")}
    s2 = run_batch(folder, out, opts(jobs=1))
    assert s2.skipped == 4 and s2.parsed == 0
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.txt.json")} == before
    # a changed input is redone; --force redoes everything
    f = folder / "zh" / "pilot-notice-zh.txt"
    f.write_text(f.read_text("utf-8") + "\n", "utf-8")
    assert run_batch(folder, out, opts(jobs=1)).parsed == 1
    assert run_batch(folder, out, opts(jobs=1, force=True)).parsed == 4


def test_include_exclude(folder, tmp_path):
    s = run_batch(
        folder, tmp_path / "o", opts(jobs=1, include=["*.txt"], exclude=["bad/*", "en/*"])
    )
    assert s.inputs == 2 and s.errors == 0


def test_killed_run_completes_on_rerun(shared, tmp_path):
    src = tmp_path / "in"
    shutil.copytree(shared / "corpus" / "zh" / "govcn", src)
    out = tmp_path / "out"
    cmd = [
        sys.executable,
        "-m",
        "policyparse.cli",
        "batch",
        str(src),
        "-o",
        str(out),
        "--jobs",
        "1",
        "--no-progress",
    ]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    manifest = out / "manifest.jsonl"
    deadline = time.time() + 60
    while time.time() < deadline and (
        not manifest.exists() or len(manifest.read_text().splitlines()) < 3
    ):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    # finished work is what the manifest journaled: an output written in the instant before the
    # kill, its record not yet journaled, is redone (its input's hash was never recorded)
    from policyparse.batch.runner import read_manifest

    done_before = sum(1 for r in read_manifest(out).values() if r.get("status") == "ok")
    assert 0 < done_before < 54
    assert len(list(out.rglob("*.html.json"))) in (done_before, done_before + 1)
    for p in out.rglob("*.json"):
        if p.name != "summary.json":
            json.loads(p.read_text("utf-8"))  # nothing half-written under an output name
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["inputs"] == 54 and summary["errors"] == 0 and summary["skipped"] >= done_before
    assert len(list(out.rglob("*.html.json"))) == 54 and not list(out.rglob(".*.tmp"))


def test_whole_shared_corpus_batch_validates(shared, tmp_path):
    out = tmp_path / "out"
    s = run_batch(shared / "corpus", out, opts(jobs=2))
    assert s.errors == 0 and s.parsed == s.inputs >= 60
    for p in out.rglob("*.json"):
        if p.name != "summary.json":
            validate_document(json.loads(p.read_text("utf-8")))


@pytest.mark.slow
def test_dask_run_matches_local_run(tmp_path):
    distributed = pytest.importorskip(
        "distributed", reason="optional extra policyparse[dask] not installed"
    )
    src = tmp_path / "in"
    shutil.copytree(CORPUS, src)
    local, remote = tmp_path / "local", tmp_path / "dask"
    run_batch(src, local, opts(jobs=1))
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
        silence_logs=40,
    ) as cluster:
        s = run_batch(src, remote, opts(executor="dask", scheduler=cluster.scheduler_address))
    assert s.parsed == 4 and s.errors == 0
    outs = sorted(p.relative_to(local) for p in local.rglob("*.txt.json"))
    assert len(outs) == 4
    for rel in outs:
        assert (local / rel).read_bytes() == (remote / rel).read_bytes()


def test_names_that_break_files_do_not_break_the_batch(tmp_path):
    """A name that is not UTF-8, one with a control character, one with U+2028: every file is
    parsed, listed once in the manifest and the tables, and skipped when unchanged (issue #20)."""
    import os as _os

    from openpyxl import load_workbook

    src = tmp_path / "in"
    src.mkdir()
    notice = (CORPUS / "zh" / "pilot-notice-zh.txt").read_bytes()
    names = [b"gbk-\xd6\xd0\xce\xc4.txt", b"ctl-\x07bell.txt", "sep-\u2028line.txt".encode()]
    for n in names:
        with open(_os.path.join(_os.fsencode(src), n), "wb") as f:
            f.write(notice)
    out = tmp_path / "out"
    s = run_batch(src, out, opts(jobs=1, formats=["json", "csv", "xlsx"]))
    assert (s.parsed, s.errors) == (3, 0)
    manifest = (out / "manifest.jsonl").read_text("utf-8").split("\n")
    assert len([ln for ln in manifest if ln]) == 3
    wb = load_workbook(out / "tasks.xlsx")
    assert sum(ws.max_row - 1 for ws in wb.worksheets if ws.title != "targets") == 18  # 6 each
    again = run_batch(src, out, opts(jobs=1, formats=["json", "csv"]))
    assert (again.skipped, again.parsed) == (3, 0)


def test_a_torn_manifest_line_does_not_swallow_the_next_record(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_bytes((CORPUS / "zh" / "pilot-notice-zh.txt").read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.jsonl").write_text('{"file": "x.txt", "stat', "utf-8")  # a kill mid-write
    s = run_batch(src, out, opts(jobs=1))
    assert s.parsed == 1
    again = run_batch(src, out, opts(jobs=1))
    assert again.skipped == 1  # the record written after the torn line was read back


def test_links_out_of_the_input_and_the_output_inside_it_are_not_inputs(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_bytes((CORPUS / "zh" / "pilot-notice-zh.txt").read_bytes())
    secret = tmp_path / "secret.txt"
    secret.write_text("一、任务\n不应读取。（商务部负责）", "utf-8")
    (src / "link.txt").symlink_to(secret)
    out = src / "out"  # the output folder inside the input
    run_batch(src, out, opts(jobs=1, include=["*"]))
    s = run_batch(src, out, opts(jobs=1, include=["*"]))
    assert (s.inputs, s.skipped) == (1, 1)
    assert not (out / "link.txt.json").exists()


def test_one_definition_of_lead_in_every_output(tmp_path, capsys):
    """#33: for "（A、B负责）" the JSON and query said no lead while --summary and the tables'
    lead_unit named the first unit listed. On every document of the corpus, each unit has the
    role the JSON gives it in the summary, the CSV, the XLSX and the store's answers."""
    _one_definition_of_lead(CORPUS, tmp_path)


def test_one_definition_of_lead_on_the_shared_corpus(shared, tmp_path):
    """The same on every document of ../shared/corpus (gov.cn, provincial, crawled, PDFs)."""
    _one_definition_of_lead(shared / "corpus", tmp_path)


def _one_definition_of_lead(corpus: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from policyparse.model import Document
    from policyparse.render.summary import summary
    from policyparse.store import open_store

    out = tmp_path / "out"
    run_batch(corpus, out, opts(formats=["json", "csv", "xlsx"], combined=False))
    docs = {
        p.relative_to(out).as_posix()[: -len(".json")]: Document.from_dict(
            json.loads(p.read_text("utf-8"))
        )
        for p in out.rglob("*.json")
        if p.name not in ("summary.json",)
    }
    assert sum(1 for d in docs.values() for t in d.tasks if t.responsible and not t.lead) >= 3
    from policyparse.render.tables import unit_name

    def roles(doc, t) -> dict[str, str]:
        return {
            role: "；".join(unit_name(r, doc.language) for r in t.responsible if r.role == role)
            for role in ("lead", "support", "responsible")
        }

    want = {(rel, t.id): roles(d, t) for rel, d in docs.items() for t in d.tasks}
    csv_rows = list(csv.DictReader((out / "tasks.csv").open(encoding="utf-8-sig")))
    assert {
        (r["document"], r["task_id"]): {k: r[k] for k in ("lead", "support", "responsible")}
        for r in csv_rows
        if r["task_id"]  # (a document with no task has one empty row)
    } == want
    wb = load_workbook(out / "tasks.xlsx")
    got = {}
    for ws in wb.worksheets:
        if ws.title == "targets":
            continue
        head = [c.value for c in ws[1]]
        for row in ws.iter_rows(min_row=2, values_only=True):
            r = dict(zip(head, row, strict=True))
            if not r["task_id"]:
                continue
            got[(r["document"], r["task_id"])] = {
                k: r[k] or "" for k in ("lead", "support", "responsible")
            }
    assert got == want
    for rel, d in docs.items():
        lines = summary(d).splitlines()[2:]
        for t, line in zip(d.tasks, lines, strict=True):
            for role, names in roles(d, t).items():
                sep = "、" if d.language == "zh" else ", "
                shown = f"{role}: {sep.join(names.split('；'))}" if names else None
                assert (shown in line) if shown else (f"| {role}:" not in line), (rel, t.id, line)
    with open_store(tmp_path / "s.sqlite") as s:
        s.load(out)
        for r in s.tasks():
            key = (r["document"], r["task_id"])
            assert {k: "；".join(r[k]) for k in ("lead", "support", "responsible")} == want[key]


def test_the_workbook_has_date_typed_deadlines_role_columns_and_a_targets_sheet(tmp_path):
    """#33: deadlines as dates a spreadsheet sorts (a second one in its own column, not
    "2022-12-31；2022-12-31" text), a column per role, targets one a row."""
    import datetime

    from openpyxl import load_workbook

    out = tmp_path / "out"
    run_batch(CORPUS, out, opts(formats=["json", "xlsx"]))
    wb = load_workbook(out / "tasks.xlsx")
    tasks = [ws for ws in wb.worksheets if ws.title != "targets"]
    head = [c.value for c in tasks[0][1]]
    assert {"lead", "support", "responsible", "deadline", "deadline_2"} <= set(head)
    dates = [
        row[head.index("deadline")]
        for ws in tasks
        for row in ws.iter_rows(min_row=2, values_only=True)
        if row[head.index("deadline")]
    ]
    assert dates and all(isinstance(d, datetime.datetime) for d in dates)
    seconds = [
        (row[head.index("deadline")], row[head.index("deadline_2")])
        for ws in tasks
        for row in ws.iter_rows(min_row=2, values_only=True)
        if row[head.index("deadline_2")]
    ]
    assert seconds and all(a != b and isinstance(b, datetime.datetime) for a, b in seconds)
    targets = wb["targets"]
    th = [c.value for c in targets[1]]
    assert th[:4] == ["document", "task_id", "metric", "comparator"]
    values = [r[th.index("value")] for r in targets.iter_rows(min_row=2, values_only=True)]
    assert values and all(isinstance(v, (int, float)) for v in values)
