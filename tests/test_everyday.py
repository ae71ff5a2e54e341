"""The command line and its outputs as a daily user meets them (issue #21)."""

from __future__ import annotations

import datetime
import io
import json
import os
import stat
import sys

import pytest
from conftest import CORPUS, GOLDEN

import policyparse
from policyparse.cli import build_parser, main


def test_outputs_get_the_umask_mode_not_0600(tmp_path):
    """The atomic write's temporary file is 0600; what it becomes must be what an ordinary
    write under the umask gives (shared folders, other users, a served diff.html)."""
    from policyparse.render.files import write_atomic

    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a.json", "{}")
        assert stat.S_IMODE((tmp_path / "a.json").stat().st_mode) == 0o644
        os.umask(0o007)
        write_atomic(tmp_path / "b.json", "{}")
        assert stat.S_IMODE((tmp_path / "b.json").stat().st_mode) == 0o660
    finally:
        os.umask(old)


def test_eval_of_nothing_is_an_error_said_first(tmp_path, capsys):
    assert main(["eval", str(tmp_path / "nonexist.json")]) == 2
    assert "no such golden file" in capsys.readouterr().err
    draft = json.loads((GOLDEN / "pilot-notice-zh.json").read_text("utf-8")) | {"draft": True}
    (tmp_path / "d.json").write_text(json.dumps(draft, ensure_ascii=False), "utf-8")
    assert main(["eval", str(tmp_path / "d.json"), "--corpus", str(CORPUS)]) == 1
    out = capsys.readouterr()
    assert "nothing was scored" in out.err and "1.000" not in out.out


def test_summary_is_one_line_a_task_with_units_targets_and_deadline(capsys):
    assert main(["parse", str(CORPUS / "zh" / "pilot-notice-zh.txt"), "--summary"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "国家知识产权局办公室关于开展专利转化运用试点工作的通知"
    tasks = [ln for ln in lines if ln.lstrip().startswith("t")]
    assert len(tasks) == 6
    t2 = next(ln for ln in tasks if "审查周期" in ln)
    assert "lead: 专利局审查业务管理部" in t2 and "targets: 发明专利平均审查周期 ≤ 16 month" in t2


def test_english_summary_names_units_in_english_and_keeps_the_title_whole(capsys):
    assert main(["parse", str(CORPUS / "en" / "data-plan-en.txt"), "--summary"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith('(2024-2026)"') and not lines[0].endswith(" ")
    assert "lead: Cybersecurity Administration Bureau" in lines[2]
    assert not any("\u4e00" <= c <= "\u9fff" for c in "".join(lines))


def test_parse_dash_reads_standard_input(monkeypatch, capsys):
    data = (CORPUS / "zh" / "pilot-notice-zh.txt").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["parse", "-", "--compact"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert len(doc["tasks"]) == 6


def test_a_bad_environment_setting_is_an_error(monkeypatch, capsys):
    monkeypatch.setenv("POLICYPARSE_MAX_BYTES", "abc")
    with pytest.raises(ValueError, match="POLICYPARSE_MAX_BYTES='abc'"):
        policyparse.Limits.resolve()
    assert main(["parse", str(CORPUS / "zh" / "pilot-notice-zh.txt")]) == 2
    assert "POLICYPARSE_MAX_BYTES" in capsys.readouterr().err


def test_batch_options_take_fractional_timeouts_and_refuse_negative_jobs(tmp_path, capsys):
    a = build_parser().parse_args(["batch", "in", "-o", "out", "--timeout", "0.5"])
    assert a.timeout == 0.5
    assert main(["batch", str(CORPUS), "-o", str(tmp_path), "--jobs", "-1"]) == 2
    assert "--jobs" in capsys.readouterr().err


def test_every_option_has_help():
    def commands(parser, prefix=""):
        sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
        for name, p in sub.choices.items():
            yield f"{prefix}{name}", p
            if any(a.__class__.__name__ == "_SubParsersAction" for a in p._actions):
                yield from commands(p, f"{prefix}{name} ")  # policyparse db load

    found = dict(commands(build_parser()))
    assert {"parse", "batch", "query", "db", "db load", "db info"} <= set(found)
    missing = [
        f"{name} {act.option_strings or act.dest}"
        for name, p in found.items()
        for act in p._actions
        if act.help is None and act.dest != "help"
    ]
    assert missing == []


def test_tables_name_targets_show_dates_and_list_documents_without_tasks(tmp_path):
    """CSV/XLSX: targets say what they measure; the XLSX has a bold, frozen, filtered header,
    widths and dates; a document with no task has a row; formulas from a notice do not run."""
    from openpyxl import load_workbook

    from policyparse.batch import BatchOptions, run_batch

    src = tmp_path / "in"
    src.mkdir()
    (src / "notice.txt").write_bytes((CORPUS / "zh" / "pilot-notice-zh.txt").read_bytes())
    (src / "empty.txt").write_text("这是一段没有编号、也没有责任单位的文字。", "utf-8")
    (src / "=1+1.txt").write_text(
        '一、任务\n=HYPERLINK("http://x/")推进工作。（商务部负责）', "utf-8"
    )
    out = tmp_path / "out"
    run_batch(
        src,
        out,
        BatchOptions(
            jobs=1, progress=False, summary=False, formats=["json", "csv", "xlsx"], combined=True
        ),
    )
    csv_text = (out / "tasks.csv").read_text("utf-8-sig")
    assert "发明专利平均审查周期 ≤ 16 month" in csv_text
    assert "empty.txt" in csv_text and "(no task found)" in csv_text
    assert "\n'=1+1.txt," in csv_text and "'=HYPERLINK" in csv_text
    ws = load_workbook(out / "tasks.xlsx")["tasks"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref and ws["A1"].font.bold
    assert ws.column_dimensions["D"].width == 70
    values = [c.value for row in ws.iter_rows(min_row=2) for c in row]
    assert datetime.datetime(2023, 12, 15) in values  # a deadline is a date, not text
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)
    assert "'=1+1.txt" in values


def test_a_docx_that_holds_plain_text_is_read_as_text_and_says_so():
    """The README and the behaviour agree: the bytes decide, and a warning names the mismatch."""
    doc = policyparse.parse("一、任务\n推进工作。（商务部负责）".encode(), name="notice.docx")
    assert doc.source.format == "text" and len(doc.tasks) == 1
    assert [w.code for w in doc.warnings] == ["format_mismatch"]
    with pytest.raises(policyparse.IngestError, match="docx"):
        policyparse.parse(b"PK\x03\x04 not really a zip", name="broken.docx")


def test_validate_points_to_corpus_when_a_drafts_document_is_elsewhere(tmp_path, capsys):
    g = json.loads((GOLDEN / "pilot-notice-zh.json").read_text("utf-8"))
    g["document"] = "elsewhere-notice.txt"
    (tmp_path / "g.json").write_text(json.dumps(g, ensure_ascii=False), "utf-8")
    assert main(["validate", "--golden", str(tmp_path / "g.json")]) == 1
    assert "give its folder with --corpus DIR" in capsys.readouterr().err


def test_batch_without_progress_still_summarises_on_unwrapped_lines(tmp_path, capsys):
    assert (
        main(["batch", str(CORPUS), "-o", str(tmp_path / "o"), "--jobs", "1", "--no-progress"]) == 0
    )
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert lines[0].startswith("4 inputs: 4 parsed")
    assert any(ln.startswith("languages ") and "deadlines" in ln for ln in lines)  # one line
