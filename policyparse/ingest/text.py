"""Plain text: decode bytes whatever the encoding (BOMs, UTF-8, UTF-16, GB18030, Big5)."""

from __future__ import annotations

import codecs
import re
from typing import Optional

from ..errors import IngestError
from ..fast.chars import CharSet
from ..findings import Block
from ..model import Warning
from .reflow import markdown_row, reflow
from .tables import table_to_blocks

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
# common mojibake: UTF-8 Chinese read as Latin-1 or cp1252 (three bytes per character shown as
# an accented letter and two symbols), GBK's "锟斤拷", runs of replacement characters
_CONT = "\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
MOJIBAKE = re.compile(
    rf"(?:[\u00e4-\u00e9][{_CONT}]{{2}}){{3,}}|(?:[ÃÂ][{_CONT}]){{3,}}|(?:锟斤拷)+|(?:\ufffd){{3,}}"
)


_NOTICE_CHARS = re.compile(r"[\t\n\r\x20-\x7e\u2000-\u206f\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _plausible(text: str) -> bool:
    """Mostly ASCII, CJK and their punctuation: what a Chinese or English notice is made of."""
    if not text or "\x00" in text:
        return False
    return len(_NOTICE_CHARS.findall(text)) >= 0.95 * len(text)


def utf16_guess(data: bytes) -> Optional[str]:
    """The encoding of UTF-16 text without a byte-order mark, if the bytes read as text."""
    head = data[: 8192 - (8192 % 2)]
    if len(head) < 4 or len(data) % 2:
        return None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            if _plausible(head.decode(enc)):
                return enc
        except UnicodeDecodeError:
            continue
    return None


_NOT_CONTROL = bytes(
    b for b in range(256) if not (b < 9 or 13 < b < 32)
)  # deleted to count the rest
# one of these opens every MOJIBAKE match (a lookup table: a regex scan for the class costs more)
_MOJIBAKE_CHARS = CharSet("\u00c2\u00c3\u00e4\u00e5\u00e6\u00e7\u00e8\u00e9锟\ufffd")


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes in the first 8 KiB (after any UTF-16/32 BOM)."""
    head = data[:8192]
    if any(head.startswith(b) for b, _ in _BOMS[1:]):
        return False
    if b"\x00" in head:
        return utf16_guess(data) is None
    ctrl = len(head.translate(None, _NOT_CONTROL))
    return ctrl > max(8, len(head) // 50)


def decode(
    data: bytes, declared: Optional[str] = None, path: Optional[str] = None
) -> tuple[str, str]:
    """(text, encoding): BOM, a declared charset, UTF-8, then GB18030 and Big5, then UTF-16."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc
    if b"\x00" in data[:8192]:
        guess = utf16_guess(data)
        if guess:
            try:
                return data.decode(guess), guess
            except UnicodeDecodeError:
                pass
    tried = []
    if declared:
        d = declared.lower().strip()
        d = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030"}.get(d, d)
        if _is_charset(d):
            tried.append(d)
    for enc in tried + ["utf-8", "gb18030", "big5"]:
        try:
            text = data.decode(enc)
        except (UnicodeError, LookupError):  # (UnicodeDecodeError is a UnicodeError)
            continue
        if enc == "gb18030" and _big5_better(data):
            continue
        return text, enc
    return data.decode("utf-8", errors="replace"), "utf-8 (with replacements)"


# codecs Python decodes bytes with that are not a page's character set: a page that declares
# one (charset=undefined, charset=unicode_escape) is read as if it declared none
_NOT_CHARSETS = frozenset({"undefined", "unicode_escape", "raw_unicode_escape", "idna", "punycode"})


def _is_charset(name: str) -> bool:
    try:
        info = codecs.lookup(name)
    except LookupError:
        return False
    return info.name.replace("-", "_") not in _NOT_CHARSETS and getattr(
        info, "_is_text_encoding", True
    )


def _big5_better(data: bytes) -> bool:
    """GB18030 decodes nearly anything; prefer Big5 when it yields more common characters."""
    try:
        b5 = data.decode("big5")
    except UnicodeDecodeError:
        return False
    gb = data.decode("gb18030", errors="replace")
    common = (
        "的是在了和有不人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同"
        "工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二"
        "理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那"
        "社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条"
        "只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次"
        "品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几"
        "九区强放决西被干做必战先回则任取据处理府研"
    )
    return sum(b5.count(c) for c in common) > 2 * sum(gb.count(c) for c in common)


# the UTF-8 bytes of what opens a MOJIBAKE match: Â Ã ä-é (C3 82, C3 83, C3 A4-A9), 锟, U+FFFD
_MOJIBAKE_UTF8 = (b"\xc3", b"\xe9\x94\x9f", b"\xef\xbf\xbd")


def _may_hold_mojibake(data: bytes, head: str, enc: str) -> bool:
    """Whether ``head`` holds a character that opens every MOJIBAKE match. For text decoded from
    UTF-8 the bytes are searched (bytes.find, several times faster than a look at the text)."""
    if enc in ("utf-8", "utf-8-sig"):
        return any(b in data for b in _MOJIBAKE_UTF8)
    return _MOJIBAKE_CHARS.any(head)


def read_text(data: bytes, path: Optional[str] = None) -> tuple[list[Block], dict, list[Warning]]:
    """Blocks, metadata hints (none for text) and warnings for a plain-text file."""
    if looks_binary(data):
        raise IngestError("binary data, not text (unsupported format?)", path)
    text, enc = decode(data, path=path)
    warnings: list[Warning] = []
    head = text[:200_000]
    if _may_hold_mojibake(data, head, enc) and MOJIBAKE.search(head):
        warnings.append(
            Warning("mojibake", f"mojibake: the text looks mis-decoded (read as {enc})")
        )
    return text_to_blocks(text), {"encoding": enc}, warnings


def text_to_blocks(text: str) -> list[Block]:
    """Plain text: one block per line; blank lines only separate (clean_blocks would drop them).
    A hard-wrapped text's lines are first joined into its paragraphs (``reflow``); a task table
    written as a grid (cells parted by tabs, or a Markdown table of "|" rows) is read as the
    table it is, as an HTML or DOCX one is."""
    lines = reflow(text)
    if "\t" not in text and "|" not in text and "｜" not in text:  # (most texts hold no grid)
        return [Block(line, joined=joined) for line, joined in lines]
    out: list[Block] = []
    i = 0
    while i < len(lines):
        rows, j = _grid(lines, i)
        table = table_to_blocks(rows) if len(rows) >= 2 else None
        if table:
            out += table
        else:
            # (a grid that is no task table is its lines; each line is read once, so a long
            # one costs no more than its length)
            j = max(j, i + 1)
            out += [Block(line, joined=joined) for line, joined in lines[i:j]]
        i = j
    return out


_PIPE = re.compile(r"\s*[|｜]\s*")
_RULE_CELL = re.compile(r":?-{3,}:?")


def _cells(line: str, sep: str) -> Optional[list[str]]:
    """A grid line's cells (tab-parted, or a Markdown row "| a | b |"), None if it is none."""
    if sep == "\t":
        return [c.strip() for c in line.split("\t")] if "\t" in line else None
    if not markdown_row(line):
        return None
    return _PIPE.split(line.strip()[1:-1].strip())


def _grid(lines: list[tuple[str, bool]], i: int) -> tuple[list[list[Optional[str]]], int]:
    """The rows of the grid that starts at line ``i`` (none when it does not start one) and the
    index of the line after it; a Markdown rule row (|---|---|) is no row."""
    first = lines[i][0]
    sep = "\t" if "\t" in first else "|"
    rows: list[list[Optional[str]]] = []
    j = i
    while j < len(lines) and (cells := _cells(lines[j][0], sep)) is not None and len(cells) > 1:
        if not all(_RULE_CELL.fullmatch(c) for c in cells):
            rows.append(list(cells))
        j += 1
    return rows, j
