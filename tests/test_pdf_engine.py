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
