"""A PDF page's characters from PDFium (pypdfium2, Chrome's PDF engine, installed with pdfplumber):
the same dicts pdfplumber gives (text, x0, x1, top, bottom, size, upright), at PDFium's speed.

PDFium's text page is trusted only where it holds every character the page's text objects draw
and every text object in a font the PDF does not embed reads as some text: it leaves out some
glyphs (a text object of one glyph in a font without widths, as a "。" wrapped to a line of its
own, reads as nothing when the machine has no font for a CJK font the PDF does not embed) and it
maps a glyph without a character to U+FFFD where pdfplumber writes "(cid:N)". Such a page, and a
page whose ruling can make a table's cells (a task table, which pdfplumber's table finder
reads), is read by pdfplumber as before; ``chars`` returns None for it.
"""

from __future__ import annotations

import ctypes
import math
import re
from collections import Counter
from typing import Any, Optional

# what a text page gives for a glyph without a character, or for nothing at all
_UNMAPPED = {0, 0xFFFD, 0xFFFE}
_UPRIGHT = 0.01  # radians: a character turned by more is not upright
_SPACE = re.compile(r"\s+")


def open_document(data: bytes) -> Any:
    """The PDF opened by PDFium, or None when PDFium cannot open it (pdfplumber then reads it
    and says why)."""
    try:
        import pypdfium2 as pdfium

        return pdfium.PdfDocument(data)
    except Exception:  # noqa: BLE001 - a file PDFium refuses is pdfplumber's to judge
        return None


def has_ruling(page: Any) -> bool:
    """Does the page draw ruling that can make a table's cells: a horizontal and a vertical
    segment (pdfplumber's table finder builds cells where such edges cross)? A curve, or a path
    turned by its matrix, counts as both. A page whose paths are horizontal rules only (the red
    line under a notice's header, the rules of its closing block) holds no table: PDFium reads
    it."""
    import pypdfium2.raw as R

    across = down = False
    x, y = ctypes.c_float(), ctypes.c_float()
    for obj in page.get_objects(filter=(R.FPDF_PAGEOBJ_PATH,), max_depth=2):
        m = obj.get_matrix()
        if abs(m.b) > _FLAT or abs(m.c) > _FLAT:
            return True
        start = prev = None
        for i in range(R.FPDFPath_CountSegments(obj.raw)):
            seg = R.FPDFPath_GetPathSegment(obj.raw, i)
            kind = R.FPDFPathSegment_GetType(seg)
            if kind == R.FPDF_SEGMENT_BEZIERTO or kind == R.FPDF_SEGMENT_UNKNOWN:
                return True
            R.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
            point = (x.value, y.value)
            if kind == R.FPDF_SEGMENT_LINETO and prev is not None:
                across, down = _edge(prev, point, across, down)
            if kind == R.FPDF_SEGMENT_MOVETO:
                start = point
            elif R.FPDFPathSegment_GetClose(seg) and start is not None:
                across, down = _edge(point, start, across, down)
            prev = point
        if across and down:
            return True
    return False


_FLAT = 1e-6  # a matrix term below this turns nothing


def _edge(
    a: tuple[float, float], b: tuple[float, float], across: bool, down: bool
) -> tuple[bool, bool]:
    """(across, down) once the segment a-b is read: horizontal, vertical, or neither (a slant is
    no table edge)."""
    dx, dy = abs(a[0] - b[0]), abs(a[1] - b[1])
    return across or (dy <= _FLAT < dx), down or (dx <= _FLAT < dy)


def _object_text(obj: Any, textpage: Any) -> str:
    import pypdfium2.raw as R

    n = R.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
    if n <= 1:
        return ""
    buf = ctypes.create_string_buffer(n * 2)
    as_ushort = ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort))
    R.FPDFTextObj_GetText(obj.raw, textpage.raw, as_ushort, n)
    return buf.raw[: (n - 1) * 2].decode("utf-16-le", "replace").split("\x00", 1)[0]


def chars(page: Any) -> Optional[list[dict]]:
    """The page's characters as pdfplumber's dicts, or None when PDFium's text page does not
    hold every character the page draws (pdfplumber reads that page)."""
    import pypdfium2.raw as R

    textpage = page.get_textpage()
    try:
        height = page.get_height()
        tp = textpage.raw
        # (the C functions and one box, looked up and made once: five calls per character)
        generated, unicode = R.FPDFText_IsGenerated, R.FPDFText_GetUnicode
        loose_box, font_size, char_angle = (
            R.FPDFText_GetLooseCharBox,
            R.FPDFText_GetFontSize,
            R.FPDFText_GetCharAngle,
        )
        box = R.FS_RECTF()
        box_ref = ctypes.byref(box)
        out: list[dict] = []
        n = R.FPDFText_CountChars(tp)
        # the page's characters in one call (index for index, when none is outside the BMP);
        # PDFium generates only spaces and line breaks, which are skipped
        text = textpage.get_text_range(0, n) if n else ""
        whole = len(text) == n
        for i in range(n):
            if whole:
                c = text[i]
                if not c.strip():
                    continue
                u = ord(c)
            else:
                if generated(tp, i):
                    continue
                u = unicode(tp, i)
                c = chr(u)
                if not c.strip():
                    continue
            if u in _UNMAPPED or 0xE000 <= u <= 0xF8FF:
                return None  # a glyph without a character: pdfplumber writes "(cid:N)"
            loose_box(tp, i, box_ref)
            angle = char_angle(tp, i)
            out.append(
                {
                    "text": c,
                    "x0": box.left,
                    "x1": box.right,
                    "top": height - box.top,
                    "bottom": height - box.bottom,
                    "size": font_size(tp, i),
                    "upright": angle < _UPRIGHT or abs(angle - 2 * math.pi) < _UPRIGHT,
                }
            )
        drawn = []
        for obj in page.get_objects(filter=(R.FPDF_PAGEOBJ_TEXT,), max_depth=2):
            got = _object_text(obj, textpage)
            if not got and not R.FPDFFont_GetIsEmbedded(R.FPDFTextObj_GetFont(obj.raw)):
                # a glyph PDFium gives no character for: without a system font for a CJK font
                # the PDF does not embed, a "。" wrapped to a line of its own reads as nothing,
                # on the text page and from the object alike (an empty object in an embedded
                # font draws nothing)
                return None
            drawn.append(got)
        if Counter(_SPACE.sub("", "".join(drawn))) != Counter("".join(c["text"] for c in out)):
            return None  # PDFium left out (or added) characters the page draws
        return out
    finally:
        textpage.close()
