"""The command line: exit codes and messages that name the file."""

from __future__ import annotations

import json

import pytest
from conftest import CORPUS, GOLDEN

from policyparse.cli import main


def test_parse_prints_contract_json(capsys):
    assert main(["parse", str(CORPUS / "en" / "trade-opinions-en.txt"), "--compact"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["schema_version"].startswith("1.") and len(d["tasks"]) == 6


def test_parse_bad_file_exits_1_and_names_it(tmp_path, capsys):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    assert main(["parse", str(bad), str(tmp_path / "missing.txt")]) == 1
    err = capsys.readouterr().err
    assert "empty.txt: ingest: empty file" in err and "missing.txt: ingest: no such file" in err


def test_eval_json_and_floors(capsys):
    g = str(GOLDEN / "pilot-notice-zh.json")
    assert main(["eval", g, "--corpus", str(CORPUS), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert (
        d["total"]["tasks"]["f1"] == 1.0 and d["documents"][0]["document"] == "pilot-notice-zh.txt"
    )


def test_eval_missing_document_is_a_failure(tmp_path, capsys):
    g = json.loads((GOLDEN / "pilot-notice-zh.json").read_text("utf-8"))
    g["document"] = "no-such-notice.txt"
    p = tmp_path / "g.json"
    p.write_text(json.dumps(g, ensure_ascii=False), "utf-8")
    assert main(["eval", str(p), "--corpus", str(CORPUS), "--no-errors"]) == 1
    err = capsys.readouterr().err
    # nothing scored is an error, said first: no table of perfect scores
    assert "not found" in err and "nothing was scored" in err


def test_validate_golden_and_output(tmp_path, capsys):
    assert (
        main(
            [
                "validate",
                "--golden",
                str(GOLDEN / "trade-opinions-en.json"),
                "--corpus",
                str(CORPUS),
            ]
        )
        == 0
    )
    out = tmp_path / "o.json"
    assert main(["parse", str(CORPUS / "zh" / "pilot-notice-zh.txt"), "-o", str(out)]) == 0
    assert main(["validate", str(out)]) == 0
    out.write_text('{"schema_version": "1.0"}', "utf-8")
    assert main(["validate", str(out)]) == 1


def test_batch_and_track_usage_errors(tmp_path, capsys):
    assert main(["batch", str(tmp_path / "nope"), "-o", str(tmp_path / "o"), "--no-progress"]) == 2
    assert main(["track", str(CORPUS / "zh" / "pilot-notice-zh.txt")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_annotate_writes_a_draft(tmp_path):
    out = tmp_path / "d.json"
    assert main(["annotate", str(CORPUS / "en" / "data-plan-en.txt"), "-o", str(out)]) == 0
    d = json.loads(out.read_text("utf-8"))
    assert d["draft"] is True and len(d["tasks"]) == 4


def test_parse_output_shape_follows_the_inputs_and_a_failure_writes_nothing(tmp_path, capsys):
    """Two inputs give a list even when one fails (a script indexing it must not get an object);
    one input that fails leaves an existing -o file as it was (no "[]" over yesterday's JSON)."""
    good = str(CORPUS / "en" / "trade-opinions-en.txt")
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    assert main(["parse", good, str(bad), "--compact"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert isinstance(out, list) and len(out) == 1 and len(out[0]["tasks"]) == 6
    kept = tmp_path / "doc.json"
    kept.write_text('{"old": true}\n', "utf-8")
    assert main(["parse", str(bad), "-o", str(kept)]) == 1
    assert kept.read_text("utf-8") == '{"old": true}\n'
    assert "empty.txt: ingest: empty file" in capsys.readouterr().err


def _commands(notice: str, out: str) -> dict[str, list[str]]:
    return {
        "parse": ["parse", notice, "-o", out],
        "batch": ["batch", str(CORPUS / "en"), "-o", out, "--no-progress"],
        "diff": ["diff", notice, notice, "-o", out],
        "diff-html": ["diff", notice, notice, "--format", "html", "-o", out],
        "track": ["track", notice, notice, "-o", out],
    }


@pytest.mark.parametrize("command", ["parse", "batch", "diff", "diff-html", "track"])
def test_an_output_path_that_cannot_be_written_is_one_line_naming_what_is_in_the_way(
    command, tmp_path, capsys
):
    notice = str(CORPUS / "en" / "trade-opinions-en.txt")
    blocker = tmp_path / "report"
    blocker.write_text("not a folder", "utf-8")
    out = blocker / "out.json"
    assert main(_commands(notice, str(out))[command]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "Traceback" not in err
    assert err.startswith(f"policyparse: {out}") and f"{blocker} is a file, not a folder" in err
    assert blocker.read_text("utf-8") == "not a folder"


def test_an_output_that_is_a_folder_is_refused_in_one_line(tmp_path, capsys):
    notice = str(CORPUS / "en" / "trade-opinions-en.txt")
    assert main(["parse", notice, "-o", str(tmp_path)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"policyparse: {tmp_path}: output: cannot write: {tmp_path} is a folder"
    )


def test_options_that_conflict_are_refused_before_any_work(tmp_path, capsys):
    """One place checks options together (cli/common.conflicts): an alias file that is also the
    report or an input would be left at 0 bytes; an output that is an input would be lost."""
    src = tmp_path / "a.json"
    src.write_text("{}", "utf-8")
    cases = [
        (["align", str(src), "b.txt", "-o", "r.md", "--learn-aliases", "r.md"], "--learn-aliases"),
        (["align", str(src), "b.txt", "--learn-aliases", str(src)], "--learn-aliases"),
        (["parse", str(src), "-o", str(src)], "is also an input"),
        (["track", str(src)], "two or more versions"),
        (["batch", str(tmp_path), "-o", "x", "--jobs", "-1"], "--jobs"),
        (["eval", "golden", "--update-floors", "f.json", "--allow-lower"], "--note"),
    ]
    for argv, said in cases:
        assert main(argv) == 2, argv
        assert said in capsys.readouterr().err, argv
    assert src.read_text("utf-8") == "{}"  # nothing was written
