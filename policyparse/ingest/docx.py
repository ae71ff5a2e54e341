"""Word .docx files: python-docx paragraphs and tables, with Word's automatic numbering.

Word-generated numbering (numPr) is not in the paragraph text; it is rebuilt from the numbering
part (numFmt + lvlText, counters per list and level) so "一、" or "(1)" reappear in ``text``.
The zip is checked before it is opened: a part that inflates past the limit is a zip bomb.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from typing import Optional

from ..errors import IngestError, LimitExceeded
from ..findings import Block
from ..limits import Limits
from ..model import Warning
from .tables import table_to_blocks

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CN = "〇一二三四五六七八九"


def _cn(n: int) -> str:
    if n < 10:
        return CN[n]
    if n < 20:
        return "十" + (CN[n % 10] if n % 10 else "")
    if n < 100:
        return CN[n // 10] + "十" + (CN[n % 10] if n % 10 else "")
    return str(n)


def _roman(n: int) -> str:
    vals = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ]
    out = ""
    for v, s in vals:
        while n >= v:
            out, n = out + s, n - v
    return out


def fmt_number(n: int, fmt: str) -> str:
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "ideographTraditional",
        "chineseLegalSimplified",
        "taiwaneseCountingThousand",
    ):
        return _cn(n)
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"[n - 1] if 0 < n <= 20 else str(n)
    if fmt == "bullet":
        return ""
    return str(n)


def check_zip(data: bytes, path: Optional[str], limits: Limits) -> None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise IngestError("not a .docx (not a zip archive)", path) from None
    except NotImplementedError as e:  # a zip version or feature that Word never writes
        raise IngestError(f"corrupt .docx ({e})", path) from None
    with zf:
        names = set(zf.namelist())
        if "word/document.xml" not in names:
            raise IngestError("not a .docx (no word/document.xml in the archive)", path)
        total = 0
        for info in zf.infolist():
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > limits.max_docx_part_bytes or (
                info.file_size > 1_000_000 and ratio > limits.max_docx_ratio
            ):
                raise LimitExceeded(
                    f"zip bomb: part {info.filename} inflates to {info.file_size} bytes "
                    f"(ratio {ratio:.0f})",
                    path,
                )
        if total > 4 * limits.max_docx_part_bytes:
            raise LimitExceeded(f"zip bomb: archive inflates to {total} bytes", path)
        for info in zf.infolist():
            _inflate_bounded(zf, info, path)


_CHUNK = 1 << 20


def _inflate_bounded(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: Optional[str]) -> None:
    """Inflate one part a chunk at a time and drop it: the sizes above are what the archive
    declares, and a part whose stream inflates past its declared size would be inflated whole,
    in memory, by the reader that opens the document (zipfile reads an unsized part in one
    call). Read in chunks, zipfile stops at the declared size and the CRC check fails: the
    archive is refused before anything is built. Word writes only stored and deflated parts;
    bzip2 and LZMA inflate a chunk without bound and are refused."""
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise IngestError(
            f"corrupt .docx (part {info.filename} uses compression method "
            f"{info.compress_type}, which Word does not write)",
            path,
        )
    try:
        with zf.open(info) as part:
            while part.read(_CHUNK):
                pass
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        RuntimeError,
        ValueError,
        NotImplementedError,  # a part that asks for a zip version or feature zipfile lacks
    ) as e:
        why = (
            "its checksum fails: damaged, or it inflates past its declared size"
            if "CRC" in str(e)
            else f"{type(e).__name__}: {e}"
        )
        raise IngestError(f"corrupt .docx (part {info.filename}: {why})", path) from None


def _int(v: object) -> Optional[int]:
    """A whole number from an attribute Word may leave out or fill with anything."""
    try:
        return int(str(v))
    except (TypeError, ValueError):
        return None


class _Numbering:
    """Counters for Word's automatic numbering, read from numbering.xml."""

    def __init__(self, doc):
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.num_to_abs: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = doc.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        for absn in root.iter(W + "abstractNum"):
            aid = absn.get(W + "abstractNumId")
            for lvl in absn.iter(W + "lvl"):
                il = _int(lvl.get(W + "ilvl"))
                if aid is None or il is None:
                    continue  # a level without its id or number is no level Word would use
                fmt = lvl.find(W + "numFmt")
                txt = lvl.find(W + "lvlText")
                start = lvl.find(W + "start")
                self.levels[(aid, il)] = (
                    (fmt.get(W + "val") or "decimal") if fmt is not None else "decimal",
                    (txt.get(W + "val") or "%1.") if txt is not None else "%1.",
                    (_int(start.get(W + "val")) or 1) if start is not None else 1,
                )
        for num in root.iter(W + "num"):
            a = num.find(W + "abstractNumId")
            if a is not None:
                self.num_to_abs[num.get(W + "numId")] = a.get(W + "val")

    @staticmethod
    def _num_pr(p):
        """numPr of the paragraph, else of its style or the styles that style is based on."""
        ppr = p._p.pPr
        if ppr is not None and ppr.numPr is not None and ppr.numPr.numId is not None:
            return ppr.numPr
        style = p.style
        seen: list = []  # the style elements walked (kept, so identity is meaningful)
        while style is not None and len(seen) < 64 and not any(e is style.element for e in seen):
            # (a style based on itself, or a loop of styles, ends the walk)
            seen.append(style.element)
            sppr = style.element.pPr
            if sppr is not None and sppr.numPr is not None and sppr.numPr.numId is not None:
                return sppr.numPr
            style = style.base_style
        return None

    def label(self, p) -> str:
        num_pr = self._num_pr(p)
        if num_pr is None:
            return ""
        # the attributes as written: python-docx's typed ``.val`` raises on "NaN"
        num_id = str(num_pr.numId.get(W + "val"))
        ilvl = (_int(num_pr.ilvl.get(W + "val")) or 0) if num_pr.ilvl is not None else 0
        aid = self.num_to_abs.get(num_id)
        if aid is None:
            return ""
        c = self.counters.setdefault(aid, {})
        fmt, txt, start = self.levels.get((aid, ilvl), ("decimal", "%1.", 1))
        c[ilvl] = c.get(ilvl, start - 1) + 1
        for deeper in [k for k in c if k > ilvl]:
            del c[deeper]

        def sub(m):
            lv = int(m.group(1)) - 1
            f = self.levels.get((aid, lv), ("decimal", "", 1))[0]
            return fmt_number(c.get(lv, 1), f)

        return re.sub(r"%(\d)", sub, txt)


def read_docx(
    data: bytes, path: Optional[str] = None, limits: Optional[Limits] = None
) -> tuple[list[Block], dict, list[Warning]]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    limits = limits or Limits.resolve()
    check_zip(data, path, limits)
    try:
        d = docx.Document(io.BytesIO(data))
    except Exception as e:
        raise IngestError(f"corrupt .docx ({type(e).__name__}: {e})", path) from None
    numbering = _Numbering(d)
    blocks: list[Block] = []
    body = d.element.body
    for child in body.iterchildren():
        if child.tag == W + "p":
            p = Paragraph(child, d)
            label = numbering.label(p)
            text = p.text
            if text.strip():
                blocks.append(
                    Block(
                        label + text,
                        kind="heading"
                        if p.style is not None
                        and p.style.name.lower().startswith(("heading", "title"))
                        else "para",
                    )
                )
        elif child.tag == W + "tbl":
            table = Table(child, d)
            rows = [[c.text for c in r.cells] for r in table.rows]
            task_blocks = table_to_blocks(rows)
            if task_blocks:
                blocks += task_blocks
                continue
            for row in table.rows:
                cells: list[str] = []
                for cell in row.cells:
                    t = cell.text.strip()
                    if t and (not cells or cells[-1] != t):
                        cells.append(t)
                if cells:
                    blocks.append(Block("\t".join(cells), kind="table"))
    hints = {}
    cp = d.core_properties
    if cp.title:
        hints["docx_title"] = cp.title
    return blocks, hints, []
