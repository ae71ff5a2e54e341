"""The PDF reader takes its characters from PDFium where PDFium holds a page's text whole, and from
pdfplumber elsewhere (#31): both give the same document, page for page, and a page PDFium does not
hold whole is read by pdfplumber."""

from __future__ import annotations

import pytest
from builders import to_pdf
from conftest import CORPUS

import policyparse
from policyparse.ingest import pdf as pdf_reader
from policyparse.ingest import pdfium


def _pdfs(shared_dir=None) -> list[tuple[str, bytes]]:
    out = []
    for p in sorted(CORPUS.rglob("*.txt")):
        out.append((p.name, to_pdf(p.read_text("utf-8"), cjk="/zh/" in str(p))))
    if shared_dir is not None:
        out += [(p.name, p.read_bytes()) for p in sorted(shared_dir.rglob("*.pdf"))]
    return out


def _both(monkeypatch, name: str, data: bytes) -> tuple[dict, dict, int]:
    """The document read as it is (PDFium where it can) and by pdfplumber alone, and how many
    pages PDFium read."""
    real = pdfium.chars
    fast_pages = []

    def counted(page):
        got = real(page)
        fast_pages.append(got is not None)
        return got

    monkeypatch.setattr(pdfium, "chars", counted)
    fast = policyparse.parse(data, name=name).to_dict()
    monkeypatch.setattr(pdfium, "open_document", lambda data: None)
    slow = policyparse.parse(data, name=name).to_dict()
    monkeypatch.undo()
    return fast, slow, sum(fast_pages)


@pytest.mark.parametrize("name, data", _pdfs(), ids=lambda x: x if isinstance(x, str) else "")
def test_pdfium_and_pdfplumber_give_the_same_document(monkeypatch, name, data):
    fast, slow, n_fast = _both(monkeypatch, name, data)
    assert n_fast >= 1  # PDFium did read pages
    assert fast == slow


def test_the_two_readers_agree_on_the_shared_pdfs(monkeypatch, shared):
    for name, data in _pdfs(shared / "corpus"):
        fast, slow, _ = _both(monkeypatch, name, data)
        assert fast == slow, name


def test_a_page_pdfium_does_not_hold_whole_is_read_by_pdfplumber(monkeypatch):
    """Where the page's text objects draw a character PDFium's text page lacks (it leaves out
    some glyphs of fonts it cannot measure), the page is pdfplumber's: the guard is checked by
    making every page look short of a character."""
    name, data = _pdfs()[0]
    real = pdfium._object_text
    monkeypatch.setattr(pdfium, "_object_text", lambda obj, tp: real(obj, tp) + "※")
    took: list[bool] = []
    real_chars = pdfium.chars
    monkeypatch.setattr(
        pdfium,
        "chars",
        lambda page: (lambda got: (took.append(got is None), got)[1])(real_chars(page)),
    )
    guarded = policyparse.parse(data, name=name).to_dict()
    assert took and all(took)  # every page refused by the guard
    monkeypatch.undo()
    monkeypatch.setattr(pdfium, "open_document", lambda data: None)
    assert guarded == policyparse.parse(data, name=name).to_dict()


def test_a_page_with_ruling_lines_is_pdfplumbers(monkeypatch):
    """Task tables are found by pdfplumber's table finder, on pages that draw lines."""
    from builders import table_pdf

    data = table_pdf(
        [
            ["序号", "任务", "牵头单位", "完成时限"],
            ["1", "开展专项督查", "市场监管总局", "2024年11月底前"],
        ]
    )
    asked: list[int] = []
    real = pdf_reader.task_tables
    monkeypatch.setattr(pdf_reader, "task_tables", lambda page: (asked.append(1), real(page))[1])
    doc = policyparse.parse(data, name="t.pdf")
    assert asked and [r.text for t in doc.tasks for r in t.responsible] == ["市场监管总局"]


def _ruled_notice(rules: list[tuple[float, float, float, float]]) -> bytes:
    """A one-page notice with the given line segments drawn (x0, y0, x1, y1, in points)."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 11)
    c.drawString(72, 780, "Notice of the Ministry on Data Security")
    for x0, y0, x1, y1 in rules:
        c.setLineWidth(3)
        c.line(x0, y0, x1, y1)
    c.drawString(72, 700, "I. Key Tasks")
    c.drawString(
        72, 680, "(1) Build a classification system. (The Ministry of Finance is responsible)"
    )
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize(
    "rules, table",
    [
        ([], False),
        ([(72, 760, 520, 760)], False),  # the red rule under a notice's header
        ([(72, 760, 520, 760), (72, 120, 520, 120), (72, 100, 520, 100)], False),  # closing rules
        (
            [(72, 760, 520, 760), (72, 600, 520, 600), (72, 760, 72, 600), (520, 760, 520, 600)],
            True,
        ),
        ([(72, 760, 520, 700)], False),  # a slant is no table edge
    ],
)
def test_only_ruling_that_can_make_cells_sends_a_page_to_pdfplumber(monkeypatch, rules, table):
    """A page is pdfplumber's for its table finder only when its paths hold both a horizontal and
    a vertical segment (cells are where they cross); horizontal rules alone (a header's red line,
    a closing block's rules) leave it PDFium's, and the two readers give the same document."""
    import pypdfium2

    data = _ruled_notice(rules)
    page = pypdfium2.PdfDocument(data)[0]
    assert pdfium.has_ruling(page) is table
    fast, slow, n_fast = _both(monkeypatch, "ruled.pdf", data)
    assert fast == slow
    assert n_fast == (0 if table else 1)


def test_an_object_that_reads_as_nothing_is_trusted_only_in_an_embedded_font(monkeypatch, shared):
    """Without a system font for a CJK font the PDF does not embed, PDFium reads a "。" wrapped
    to a line of its own as nothing (made here by reading every "。" object as empty): such a
    page is pdfplumber's. An empty text object in an embedded font (the official PDF has one)
    draws nothing, and its page stays PDFium's."""
    import pypdfium2

    real = pdfium._object_text
    monkeypatch.setattr(
        pdfium, "_object_text", lambda obj, tp: "" if real(obj, tp) == "。" else real(obj, tp)
    )
    name, data = next((n, d) for n, d in _pdfs() if n == "pilot-notice-zh.txt")
    pages = list(pypdfium2.PdfDocument(data))
    assert any(pdfium.chars(p) is None for p in pages)  # (the page with a lone 。)
    official = next((shared / "corpus" / "zh" / "pdf").glob("*.pdf")).read_bytes()
    assert all(pdfium.chars(p) is not None for p in pypdfium2.PdfDocument(official))
