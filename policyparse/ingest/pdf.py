"""PDFs: characters -> lines -> paragraphs, with page numbers and boxes kept. The characters come
from PDFium (``ingest/pdfium.py``) where it holds a page's text whole, else from pdfplumber, which
also finds the task tables of pages with ruling lines.

Lines are rebuilt from characters so CJK text gets no spurious spaces ("税 务 总 局" in a
letter-spaced red header becomes 税务总局); English lines that end in a hyphen are joined. Running
headers, footers and page numbers ("— 1 —") are removed; every Block keeps its page and box.
"""

from __future__ import annotations

import io
import re
import zlib
from collections import Counter
from typing import Optional

from ..base import marks
from ..errors import IngestError, LimitExceeded
from ..findings import Block
from ..limits import Limits
from ..model import Warning
from . import pdfium
from .inflate import inflated_size

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u2014\u2018-\u201d]")
PAGE_NUMBER = re.compile(
    r"^(?:[—–\-－]\s*\d{1,4}\s*[—–\-－]|第\s*\d{1,4}\s*页(?:\s*共\s*\d+\s*页)?|\d{1,4}\s*/\s*\d{1,"
    r"4}|\d{1,4}|Page \d+(?: of \d+)?)$",
    re.I,
)


def starts_item(text: str) -> bool:
    """Does a line open a numbered item (any style of the outline grammar)?"""
    from ..structure.outline import styles

    return any(st.regex.match(text) for st in styles())


def _wide(t: str) -> bool:
    """CJK, full-width or CJK punctuation: text with no spaces between characters."""
    o = ord(t[0]) if t else 0
    return (
        0x3000 <= o <= 0x9FFF
        or 0xFF00 <= o <= 0xFFEF
        or 0x3400 <= o <= 0x4DBF
        or o == 0x2014
        or 0x2018 <= o <= 0x201D
    )


def _join_chars(chars: list[dict]) -> str:
    out, prev = [], None
    for c in chars:
        t = c["text"]
        if (
            prev is not None
            and c["x0"] - prev["x1"] > 0.2 * max(prev.get("size", 10), 1)
            and not (_wide(t) or _wide(prev["text"]))
        ):
            out.append(" ")
        out.append(t)
        prev = c
    return "".join(out)


def _most_common_size(row: list[dict]) -> int:
    """The size most of a line's characters have (the first of those tied, in order)."""
    sizes = [round(c.get("size", 10)) for c in row]
    first = sizes[0]
    if sizes.count(first) == len(sizes):  # (nearly every line: one size)
        return first
    return Counter(sizes).most_common(1)[0][0]


def page_lines(page) -> list[dict]:
    """Lines of a page: chars grouped by baseline, left to right."""
    chars = [c for c in page.chars if c.get("text", "").strip() and c.get("upright", True)]
    chars.sort(key=lambda c: (round(c["top"]), c["x0"]))
    rows: list[list[dict]] = []
    for c in chars:
        if rows and abs(rows[-1][0]["top"] - c["top"]) <= max(2.0, 0.35 * c.get("size", 10)):
            rows[-1].append(c)
        else:
            rows.append([c])
    lines = []
    for r in rows:
        r.sort(key=lambda c: c["x0"])
        first_word = r[0]["x1"] - r[0]["x0"]
        if not _wide(r[0]["text"]):
            for c in r[1:]:
                if c["x0"] - r[0]["x0"] - first_word > 0.2 * c.get("size", 10) or _wide(c["text"]):
                    break
                first_word = c["x1"] - r[0]["x0"]
        lines.append(
            {
                "text": _join_chars(r),
                "x0": r[0]["x0"],
                "x1": r[-1]["x1"],
                "first_word": first_word,
                "top": min(c["top"] for c in r),
                "bottom": max(c["bottom"] for c in r),
                "size": _most_common_size(r),
            }
        )
    return lines


FURNITURE_WARN_SHARE = 0.05  # furniture removed beyond this share of the text is a warning
# a line that ends a sentence or closes a parenthetical is text, however often it recurs
# ("（市财政局负责）" at the foot of every page of a two-page notice)
_CONTENT_END = re.compile(marks.cls(marks.SENTENCE, marks.CLAUSE, "）)") + r"\s*$")


def _without_furniture(lines: list[dict], heads: set[str]) -> list[dict]:
    """A page's lines less page numbers and running heads: only a line at the page's top or
    bottom is furniture, and never one that reads as text."""
    out = []
    last = len(lines) - 1
    for i, ln in enumerate(lines):
        text = ln["text"]
        if PAGE_NUMBER.match(text.strip()):
            continue
        at_edge = i == 0 or i == last
        if at_edge and re.sub(r"\d+", "#", text) in heads and not _CONTENT_END.search(text):
            continue
        out.append(ln)
    return out


def _repeated(pages: list[list[dict]]) -> set[str]:
    """Texts that recur at the top or bottom of at least half the pages (running heads)."""
    if len(pages) < 2:
        return set()
    cnt: Counter[str] = Counter()
    for lines in pages:
        edge = {re.sub(r"\d+", "#", ln["text"]) for ln in lines[:1] + lines[-1:]}
        cnt.update(edge)
    return {t for t, n in cnt.items() if n >= max(2, len(pages) // 2)}


def task_tables(page) -> list[tuple[tuple, list[Block]]]:
    """Task tables (序号/任务/责任单位/完成时限) on a page, as (bbox, blocks). Pages without ruling
    lines are skipped: table finding is the expensive part of pdfplumber."""
    from .tables import table_to_blocks

    if not (page.rects or page.lines):
        return []
    out = []
    for t in page.find_tables():
        rows = t.extract()
        blocks = table_to_blocks(rows, page.page_number, tuple(round(v, 1) for v in t.bbox))
        if blocks:
            out.append((t.bbox, blocks))
    return out


def margins(pages: list[list[dict]]) -> tuple[float, float]:
    """The text block's left edge (most common line start) and right edge (95th percentile of
    line ends) over the whole document, so a page of short lines is judged like the others."""
    xs = [round(ln["x0"]) for lines in pages for ln in lines]
    ends = sorted(ln["x1"] for lines in pages for ln in lines)
    if not xs:
        return 0.0, 0.0
    counts = Counter(xs)
    # the leftmost position that many lines share (lists of one-line paragraphs are all indented)
    left = (
        min(x for x, n in counts.items() if n >= max(2, 0.1 * len(xs))) if len(xs) > 2 else min(xs)
    )
    right = (
        ends[-1] if len(ends) < 20 else ends[int(0.95 * (len(ends) - 1))]
    )  # few lines: the longest
    return float(left), right


def lines_to_blocks(lines: list[dict], page_no: int, left: float, right: float) -> list[Block]:
    """Join a page's lines into paragraphs: a new paragraph at an indent, a label, or after a
    line that ended although the next line's first word would have fitted on it."""
    if not lines:
        return []
    blocks: list[Block] = []
    cur: list[dict] = []

    def flush():
        if not cur:
            return
        text = ""
        for ln in cur:
            t = ln["text"]
            if text and text.endswith("-") and re.match(r"[a-z]", t):
                text = text[:-1] + t
            elif text and not (_CJK.search(text[-1]) or _CJK.match(t[0])):
                text += " " + t
            else:
                text += t
        box = (
            min(ln["x0"] for ln in cur),
            min(ln["top"] for ln in cur),
            max(ln["x1"] for ln in cur),
            max(ln["bottom"] for ln in cur),
        )
        b = Block(text, page=page_no, bbox=tuple(round(v, 1) for v in box))
        # what a paragraph that runs over a page break needs: no indent on top, a full last line
        b.opens = cur[0]["x0"] - left > 1.2 * cur[0]["size"] or starts_item(cur[0]["text"])  # type: ignore[attr-defined]
        b.room = right - cur[-1]["x1"] - 0.5 * cur[-1]["size"]  # type: ignore[attr-defined]  # space left on its last line
        b.first_word = cur[0]["first_word"]  # type: ignore[attr-defined]
        blocks.append(b)
        cur.clear()

    for ln in lines:
        indent = ln["x0"] - left > 1.2 * ln["size"]
        starts = starts_item(ln["text"])
        if cur:
            prev = cur[-1]
            # the next line's first word would have fitted: the writer ended the line here
            short = right - prev["x1"] > ln["first_word"] + 0.5 * prev["size"]
            size_change = abs(prev["size"] - ln["size"]) > 1.5
            gap = ln["top"] - prev["bottom"] > 1.2 * ln["size"]
            if indent or starts or short or size_change or gap:
                flush()
        cur.append(ln)
    flush()
    return blocks


# where a stream's data begins ("endstream" ends one)
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")


def check_streams(data: bytes, path: Optional[str], limits: Limits) -> None:
    """Refuse a PDF with a flate stream that inflates past ``max_pdf_stream_bytes`` (or all of
    them past four times that): pdfminer inflates each stream whole, in memory, so a 2 MB file
    can ask for gigabytes. Each stream is inflated here a chunk at a time and dropped; a stream
    that is not zlib data (JPEG, plain or encrypted streams) fails at its first bytes, and image
    streams, which text extraction does not inflate, are not counted."""
    limit, total = limits.max_pdf_stream_bytes, 0
    for m in _STREAM.finditer(data):
        head = data[max(0, m.start() - 4096) : m.start()]
        if _IMAGE.search(head[head.rfind(b" obj") + 1 :]):
            continue  # an image: text extraction never inflates it (a scan's pages are large)
        try:
            got = inflated_size(data, 15, limit, start=m.end())
        except zlib.error:
            continue
        total += got
        if got > limit:
            raise LimitExceeded(
                f"flate bomb: the stream at byte {m.end()} inflates to more than {limit} bytes "
                "(POLICYPARSE_MAX_PDF_STREAM_BYTES)",
                path,
            )
        if total > 4 * limit:
            raise LimitExceeded(f"flate bomb: the streams inflate to {total} bytes", path)


def _open(data: bytes, path: Optional[str]):
    """The PDF opened by pdfplumber, or an IngestError that says why not (encrypted, corrupt)."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        return pdfplumber.open(io.BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError) as e:
        raise IngestError(f"PDF is encrypted ({type(e).__name__})", path) from None
    except PDFSyntaxError as e:
        raise IngestError(f"not a readable PDF ({e})", path) from None
    except Exception as e:  # pdfminer raises many types for broken files; pdfplumber wraps them
        inner = (
            e.args[0]
            if e.args and isinstance(e.args[0], Exception)
            else e.__cause__ or e.__context__
        )
        if (
            isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError))
            or "password" in str(e).lower()
            or b"/Encrypt" in data[-4096:]
            or b"/Encrypt" in data[:4096]
        ):
            raise IngestError("PDF is encrypted (a password is needed to read it)", path) from None
        raise IngestError(
            f"corrupt PDF ({type(inner or e).__name__}: {inner or e})", path
        ) from None


class _Chars:
    """A page's characters where ``page_lines`` reads them (as on a pdfplumber page)."""

    def __init__(self, chars: list[dict]):
        self.chars = chars


def _pdfium_chars(doc, k: int) -> Optional[list[dict]]:
    """Page ``k``'s characters from PDFium, or None where pdfplumber reads the page: a page
    with ruling lines (a table), a page whose text PDFium does not hold whole, or no PDFium."""
    if doc is None or k >= len(doc):
        return None
    page = doc[k]
    try:
        return None if pdfium.has_ruling(page) else pdfium.chars(page)
    except Exception:  # noqa: BLE001 - a page PDFium cannot read is pdfplumber's to read
        return None
    finally:
        page.close()


def read_pdf(
    data: bytes, path: Optional[str] = None, limits: Optional[Limits] = None
) -> tuple[list[Block], dict, list[Warning]]:
    limits = limits or Limits.resolve()
    check_streams(data, path, limits)
    pdf = _open(data, path)
    fast = None
    try:
        try:
            n = len(pdf.pages)
        except Exception as e:
            raise IngestError(f"corrupt PDF ({type(e).__name__}: {e})", path) from None
        if n > limits.max_pages:
            raise LimitExceeded(
                f"PDF has {n} pages, more than the limit of {limits.max_pages}", path
            )
        pages = []
        tables: dict[int, list[tuple[float, list[Block]]]] = {}
        fast = pdfium.open_document(data)  # PDFium reads the characters of most pages
        try:
            for k, page in enumerate(pdf.pages):
                got = _pdfium_chars(fast, k)
                if got is not None:
                    tables[page.page_number] = []
                    pages.append((page.page_number, page.width, page_lines(_Chars(got))))
                    continue
                found = task_tables(page)
                p = page
                for bbox, _ in found:
                    # (a table may run past the page's edge; pdfplumber crops only within it)
                    x0, top, x1, bottom = bbox
                    px0, ptop, px1, pbottom = page.bbox
                    inside = (max(x0, px0), max(top, ptop), min(x1, px1), min(bottom, pbottom))
                    p = p.outside_bbox(inside)
                tables[p.page_number] = [(bbox[1], blocks) for bbox, blocks in found]
                pages.append((p.page_number, p.width, page_lines(p)))
                # a page's characters and layout are cached on it while the PDF is open: let
                # them go, or a dense 500-page file holds gigabytes by the end
                page.close()
        except Exception as e:
            raise IngestError(f"corrupt PDF page ({type(e).__name__}: {e})", path) from None
        try:
            meta = {k.lower(): v for k, v in (pdf.metadata or {}).items() if isinstance(v, str)}
        except Exception:  # noqa: BLE001 - a broken info dictionary only loses the PDF title hint
            meta = {}
    finally:
        try:
            pdf.close()
            if fast is not None:
                fast.close()
        except Exception:  # noqa: BLE001 - closing a broken file must not hide the error that matters
            pass
    warnings: list[Warning] = []
    if not any(lines for _, _, lines in pages):
        warnings.append(
            Warning("scanned_PDF", "scanned PDF: no text layer (OCR it first); the output is empty")
        )
    heads = _repeated([lines for _, _, lines in pages])
    kept_pages = [(no, _without_furniture(lines, heads)) for no, _, lines in pages]
    total = sum(len(ln["text"]) for _, _, lines in pages for ln in lines)
    removed = total - sum(len(ln["text"]) for _, lines in kept_pages for ln in lines)
    if total and removed > FURNITURE_WARN_SHARE * total:
        warnings.append(
            Warning(
                "page_furniture_removed",
                f"page furniture removed: {removed} of {total} characters ({removed / total:.0%}) "
                "stood at page edges on many pages; check that no text was lost",
            )
        )
    left, right = margins([lines for _, lines in kept_pages])
    blocks: list[Block] = []
    for no, lines in kept_pages:
        page_blocks = lines_to_blocks(lines, no, left, right)
        for top, tblocks in sorted(tables.get(no, []), key=lambda t: t[0]):
            # a task table goes where it stood on the page
            i = next(
                (k for k, b in enumerate(page_blocks) if b.bbox and b.bbox[1] > top),
                len(page_blocks),
            )
            for b in tblocks:
                b.opens = True  # type: ignore[attr-defined]
            page_blocks[i:i] = tblocks
        blocks += page_blocks
    blocks = _join_across_pages(blocks)
    glyphs = sum(len(CID.findall(b.text)) for b in blocks)
    if glyphs and glyphs * 8 >= sum(len(b.text) for b in blocks) * UNMAPPED_SHARE:
        warnings.append(
            Warning(
                "garbled_text",
                f"garbled text: {glyphs} glyphs have no character mapping (cid:…); "
                "the font is damaged or embedded without one, and the text cannot be trusted",
            )
        )
    hints: dict[str, object] = {"pages": len(pages)}
    if meta.get("title"):
        hints["pdf_title"] = meta["title"]
    return blocks, hints, warnings


# pdfplumber writes a glyph it cannot map to a character as "(cid:123)"
CID = re.compile(r"\(cid:\d+\)")
UNMAPPED_SHARE = 0.1  # glyphs without a character, of all characters, above which text is garbled


def _join_across_pages(blocks: list[Block]) -> list[Block]:
    """A paragraph that runs over a page break continues in the next page's first block."""
    out: list[Block] = []
    for b in blocks:
        if (
            out
            and b.page != out[-1].page
            and not getattr(b, "opens", True)
            and getattr(out[-1], "room", 1e9) <= getattr(b, "first_word", 0)
            and not re.search(r"[。：:；;!?！？]$", out[-1].text)
        ):
            prev = out[-1]
            sep = "" if _CJK.search(b.text[:1] or " ") else " "
            joined = Block(
                prev.text + sep + b.text,
                prev.page,
                prev.bbox,
                prev.kind,
                prev.page_breaks + ((len(prev.text) + len(sep), b.page or 0),),
            )
            joined.opens, joined.room, joined.first_word = prev.opens, b.room, prev.first_word  # type: ignore[attr-defined]
            out[-1] = joined
            continue
        out.append(b)
    return out
