"""Outputs a user opens run nothing, and diff takes only documents (issue #20, and #17's
refusal of a non-document JSON)."""

from __future__ import annotations

import json

import pytest
from conftest import CORPUS

import policyparse
from policyparse.cli import main


def _doc_json(tmp_path, name: str, mutate=None) -> str:
    d = policyparse.parse(CORPUS / "zh" / "pilot-notice-zh.txt").to_dict()
    if mutate:
        mutate(d)
    p = tmp_path / name
    p.write_text(json.dumps(d, ensure_ascii=False), "utf-8")
    return str(p)


def test_diff_refuses_json_that_is_not_a_document(tmp_path, capsys):
    (tmp_path / "summary.json").write_text(json.dumps({"inputs": 3, "parsed": 3}), "utf-8")
    ok = _doc_json(tmp_path, "a.json")
    assert main(["diff", str(tmp_path / "summary.json"), ok]) == 1
    assert "not a policyparse document" in capsys.readouterr().err


def test_diff_refuses_a_document_with_a_date_that_is_no_date(tmp_path, capsys):
    def bad(d):
        d["deadlines"][0]["date"] = "2023-13-45"

    assert main(["diff", _doc_json(tmp_path, "a.json"), _doc_json(tmp_path, "b.json", bad)]) == 1
    err = capsys.readouterr().err
    assert "b.json" in err and "not a valid policyparse document" in err and "Traceback" not in err


def test_diff_reports_escape_what_a_crafted_document_holds(tmp_path):
    """Task ids, dates and the language come from the input JSON too: in HTML they are escaped,
    and the Markdown report carries no raw HTML."""

    def crafted(d):
        d["tasks"][0]["text"] = "<script>alert(1)</script>" + d["tasks"][0]["text"]
        d["metadata"]["title"] = "<img src=x onerror=alert(2)>"

    a = _doc_json(tmp_path, "a.json")
    b = _doc_json(tmp_path, "b.json", crafted)
    assert main(["diff", a, b, "--format", "html", "-o", str(tmp_path / "d.html")]) == 0
    page = (tmp_path / "d.html").read_text("utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page
    assert main(["diff", a, b, "--format", "md", "-o", str(tmp_path / "d.md")]) == 0
    md = (tmp_path / "d.md").read_text("utf-8")
    assert "<script>" not in md and "<img" not in md and "&lt;script&gt;" in md


@pytest.mark.parametrize("depth", [100_000])
def test_validate_of_deeply_nested_json_is_a_one_line_error(tmp_path, capsys, depth):
    p = tmp_path / "deep.json"
    p.write_text("[" * depth + "]" * depth, "utf-8")
    assert main(["validate", str(p)]) == 1
    err = capsys.readouterr().err
    assert "deep.json" in err and "Traceback" not in err


def _pdf_pages(pages: list[list[str]]) -> bytes:
    """A PDF with these lines on its pages, top to bottom, and nothing else (no page numbers)."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for lines in pages:
        c.setFont("STSong-Light", 11)
        y = A4[1] - 72
        for line in lines:
            c.drawString(72, y, line)
            y -= 20
        c.showPage()
    c.save()
    return buf.getvalue()


def test_a_line_that_ends_every_page_is_text_when_it_reads_as_text():
    """Two pages that both end with "（市财政局负责）": the attribution is text, not a running
    foot, and every task is kept (a line repeated at page edges is furniture only when it does
    not read as text). The running head at the top of each page still goes."""
    page1 = [
        "内部资料",
        "关于加强管理的通知",
        "1.落实第一项工作。（市发展改革委负责）",
        "2.加强第二项工作。（市商务局负责）",
        "3.完善第三项工作。",
        "（市财政局负责）",
    ]
    page2 = [
        "内部资料",
        "4.推进第四项工作。（市教育局负责）",
        "5.健全第五项工作。（市公安局负责）",
        "6.优化第六项工作。",
        "（市财政局负责）",
    ]
    doc = policyparse.parse(_pdf_pages([page1, page2]), name="two-pages.pdf")
    assert len(doc.tasks) == 6 and all(t.responsible for t in doc.tasks)
    assert "内部资料" not in doc.text


def test_a_docx_style_based_on_itself_and_odd_numbering_parse_quickly(tmp_path):
    """A style whose basedOn names itself used to loop for ever; numbering levels with a
    missing or non-numeric ilvl, start or id raised a traceback."""
    import io
    import time

    import docx
    from docx.oxml.ns import qn

    d = docx.Document()
    loop = d.styles.add_style("Loop", 1)
    based = loop.element.makeelement(qn("w:basedOn"), {qn("w:val"): loop.style_id})
    loop.element.append(based)
    p = d.add_paragraph("一、任务", style="Loop")
    d.add_paragraph("推进工作。（商务部负责）", style="Loop")
    numbering = d.part.numbering_part.element
    absn = numbering.makeelement(qn("w:abstractNum"), {qn("w:abstractNumId"): "x"})
    for ilvl, start in (("a", "1"), (None, "2"), ("0", "z")):
        lvl = absn.makeelement(qn("w:lvl"), {qn("w:ilvl"): ilvl} if ilvl else {})
        lvl.append(lvl.makeelement(qn("w:start"), {qn("w:val"): start}))
        absn.append(lvl)
    numbering.insert(0, absn)
    buf = io.BytesIO()
    d.save(buf)
    t0 = time.monotonic()
    doc = policyparse.parse(buf.getvalue(), name="odd.docx")
    assert time.monotonic() - t0 < 10
    assert [t.text for t in doc.tasks] == ["推进工作。"] and p.text == "一、任务"


def test_a_docx_numbering_id_that_is_no_number_is_no_numbering():
    """#34: a paragraph whose numPr says numId="NaN" (and ilvl="NaN") ended in a traceback
    from python-docx's typed attribute; it is a paragraph without a number."""
    import io

    import docx
    from docx.oxml.ns import qn

    d = docx.Document()
    d.add_paragraph("关于测试的通知")
    p = d.add_paragraph("加强监督检查。（财政部负责）")
    ppr = p._p.get_or_add_pPr()
    num = ppr.makeelement(qn("w:numPr"), {})
    num.append(num.makeelement(qn("w:ilvl"), {qn("w:val"): "NaN"}))
    num.append(num.makeelement(qn("w:numId"), {qn("w:val"): "NaN"}))
    ppr.append(num)
    buf = io.BytesIO()
    d.save(buf)
    doc = policyparse.parse(buf.getvalue(), name="nan.docx")
    assert [t.text for t in doc.tasks] == ["加强监督检查。"]
    assert [r.unit_id for r in doc.tasks[0].responsible] == ["mof"]


def test_a_pipe_or_a_device_is_refused_at_once(tmp_path):
    import os

    fifo = tmp_path / "notice.txt"
    os.mkfifo(fifo)
    for path in (fifo, "/dev/zero"):
        with pytest.raises(policyparse.IngestError, match="not a regular file"):
            policyparse.parse(path)


@pytest.mark.slow
def test_the_command_line_stops_a_document_that_takes_too_long(monkeypatch, capsys):
    """parse has the batch's time limit too (Limits.timeout_s, POLICYPARSE_TIMEOUT_S): the
    parse is made slow here, and the command says so in one line and goes on to the next file."""
    import time

    import policyparse.api

    real = policyparse.api.from_ingested

    def slow(ing, **kw):
        if "slow" in (ing.path or ""):
            end = time.monotonic() + 30
            while time.monotonic() < end:
                pass
        return real(ing, **kw)

    monkeypatch.setattr(policyparse.api, "from_ingested", slow)
    monkeypatch.setenv("POLICYPARSE_TIMEOUT_S", "1")
    import shutil
    import tempfile
    from pathlib import Path

    d = Path(tempfile.mkdtemp())
    shutil.copy(CORPUS / "zh" / "pilot-notice-zh.txt", d / "slow.txt")
    shutil.copy(CORPUS / "zh" / "pilot-notice-zh.txt", d / "fine.txt")
    t0 = time.monotonic()
    assert main(["parse", str(d / "slow.txt"), str(d / "fine.txt"), "--compact"]) == 1
    assert time.monotonic() - t0 < 10
    out = capsys.readouterr()
    assert "took longer than 1 s" in out.err and '"tasks"' in out.out


def test_an_output_that_is_a_device_is_written_in_place_not_replaced(tmp_path):
    """#34: -o /dev/null as root renamed a regular file over the device; a target that is not
    a regular file is written in place (a FIFO here: its reader gets the bytes, and it stays a
    FIFO)."""
    import os
    import stat
    import threading
    from pathlib import Path

    from policyparse.render.files import write_atomic

    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, "{}\n")
    reader.join(timeout=10)
    assert got == [b"{}\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    write_atomic(Path(os.devnull), "x")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_an_output_replaced_keeps_its_mode_and_a_read_only_one_is_refused(tmp_path, capsys):
    """#34 item 3: the atomic write made every replaced file 0644; a 0600 file (a private
    report) stays 0600, a read-only file is refused and left as it was, and breaking a hard
    link is said."""
    import os
    import stat

    src = CORPUS / "zh" / "pilot-notice-zh.txt"
    private = tmp_path / "private.json"
    private.write_text("old", "utf-8")
    os.chmod(private, 0o600)
    assert main(["parse", str(src), "-o", str(private)]) == 0
    assert stat.S_IMODE(os.stat(private).st_mode) == 0o600
    assert json.loads(private.read_text("utf-8"))["tasks"]

    frozen = tmp_path / "frozen.json"
    frozen.write_text("keep me", "utf-8")
    os.chmod(frozen, 0o444)
    assert main(["parse", str(src), "-o", str(frozen)]) == 2
    e = capsys.readouterr().err
    assert "frozen.json" in e and "read-only" in e and e.count("\n") == 1
    assert frozen.read_text("utf-8") == "keep me"

    linked = tmp_path / "linked.json"
    linked.write_text("old", "utf-8")
    os.link(linked, tmp_path / "other-name.json")
    assert main(["parse", str(src), "-o", str(linked)]) == 0
    assert "hard link" in capsys.readouterr().err
    assert (tmp_path / "other-name.json").read_text("utf-8") == "old"
