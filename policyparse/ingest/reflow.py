"""Reflow: lines that a tool hard-wrapped (pdftotext, a mail client, a fixed-width export)
joined back into the paragraphs they were cut from, before any rule reads them.

Layout is evidence, not law. A text is taken as hard-wrapped when many of its long lines end
within a narrow band at one width, mostly in mid-sentence, and hardly any line is longer (a text
of short paragraphs, each closed by its own 。, is not); a line is then joined to the
next when the next line's first word would have fitted on it had the paragraph ended there
(the test a reader applies to wrapped text), except that a blank line, or a numbering label
after a sentence end, always opens a paragraph. A text whose lines are its paragraphs (each of
its own length, many longer than any width) is left as it is.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Optional

from ..base.datafiles import load
from ..base.numbers import CIRCLED, CN_CHARS, ROMAN, label_number
from ..base.script import has_han

LONG = 12  # lines shorter than this say nothing about the width (headings, signatures)
BAND = 3  # a wrapped CJK line ends within this many characters below the width (避头尾)
WORD_BAND = 15  # a wrapped Latin line ends up to a long word's length below the width
SHARE = 0.2  # of the long lines, at least this share ends in the band
OVER = 0.05  # of the long lines, at most this share is longer than the width
MIN_LINES = 6
WIDTH_MAX = 160  # wider than this no tool wraps
_SENTENCE_END = '。！？；：）)”"!?;:'


@lru_cache(maxsize=1)
def _label() -> re.Pattern:
    """A label that opens a paragraph (一、 （一） 1. (1) 第一条 ①, I.), read where a line starts:
    the Chinese label styles of the numbering grammar (numbering.json, run_together.labels) and
    an English Roman or Arabic numeral with its point."""
    styles = load("numbering.json")["run_together"]["labels"]
    zh = "|".join(f"(?:{x['pattern']})" for x in styles)
    return re.compile(rf"[ \u3000]*(?:{zh}|[IVX]{{1,5}}\.\s|\(\d{{1,3}}\)|\d{{1,3}}\.\s)")


_WORD = re.compile(r"\S+")


def wrap_width(lines: list[str], band: int = BAND) -> Optional[int]:
    """The width a text was hard-wrapped at, or None when its lines are its paragraphs.
    ``band``: how far below the width a wrapped line may end (a CJK line is cut anywhere, a
    Latin one between words). The width is one of the longest lengths: hardly any line is
    longer (a wrapped text has none), and enough lines end in the band below it."""
    long_lines = [
        s for s in (ln.strip(" \u3000\t") for ln in lines if not is_grid_row(ln)) if len(s) >= LONG
    ]
    lengths = [len(s) for s in long_lines]
    if len(lengths) < MIN_LINES:
        return None
    counts = Counter(lengths)
    n = len(lengths)
    longest = sorted((w for w in counts if w <= WIDTH_MAX), reverse=True)
    for w in longest[:3]:
        over = sum(k for x, k in counts.items() if x > w + 1)
        if over > OVER * n:
            break
        in_band = sum(counts.get(x, 0) for x in range(w - band, w + 1))
        if in_band >= max(MIN_LINES, SHARE * n) and _cut_mid_sentence(long_lines, w - band, w):
            return w
    return None


def _cut_mid_sentence(lines: list[str], lo: int, hi: int) -> bool:
    """Whether most lines of a length in [lo, hi] end in mid-sentence, as a tool's cuts do
    (a paragraph closes with its mark; a cut at a width falls on one only by chance)."""
    band = [s for s in lines if lo <= len(s) <= hi]
    open_ = sum(1 for s in band if s[-1] not in _SENTENCE_END)
    return open_ * 2 >= len(band)


def markdown_row(line: str) -> bool:
    """A Markdown table row ("| a | b |", or with full-width bars)."""
    row = line.strip()
    return len(row) > 1 and row[0] in "|｜" and row[-1] in "|｜"


def is_grid_row(line: str) -> bool:
    """A row of a grid written as text (tab-parted cells, or a Markdown row): a table's row,
    which no tool wrapped, however even the rows' lengths."""
    return "\t" in line.strip() or markdown_row(line)


def _continues(prev: str, nxt: str, width: int, cjk: bool) -> bool:
    """Whether ``nxt`` goes on the paragraph ``prev`` ends: ``prev`` was cut by the width."""
    if not nxt or not prev or is_grid_row(prev) or is_grid_row(nxt):
        return False
    if prev[-1] in _SENTENCE_END and _label().match(nxt):
        return False
    if cjk:
        # a CJK line is cut anywhere: it goes on when full; one that ends a sentence short of
        # the width (by more than a mark pushed to the next line) ends its paragraph
        if prev[-1] in _SENTENCE_END:
            # ... and one that ends a sentence at the width is ambiguous: it goes on only into a
            # line that reads as a paragraph's (full, or closing a sentence), not into a short
            # heading, name or date (国家知识产权局办公室 under "…010-12345678。")
            return len(prev) >= width - 1 and (len(nxt) >= width - BAND or nxt[-1] in _SENTENCE_END)
        return len(prev) >= width - BAND
    if prev[-1] in ".)!?" and _name_line(nxt):
        return False  # a signature or heading under a closed sentence, not its paragraph's
    m = _WORD.match(nxt)
    word = len(m.group(0)) if m else 0
    return len(prev) + 1 + word > width  # the next word would not have fitted


_LONG_WORD = re.compile(r"[A-Za-z][\w'’-]{3,}")


def _name_line(line: str) -> bool:
    """A Latin line that reads as a name, heading or signature, not a paragraph's next line:
    no mark at its end and every word of four letters or more capitalised ("General Office of
    the People's Government of Jiangxi Province")."""
    if line[-1] in _SENTENCE_END + ".,":
        return False
    words = _LONG_WORD.findall(line)
    return len(words) >= 2 and all(w[0].isupper() for w in words)


def reflow(text: str) -> list[tuple[str, bool]]:
    """The lines of ``text`` (blank lines dropped), wrapped lines joined into paragraphs, each
    with whether it was joined from several; the lines as they are when the text is not
    hard-wrapped."""
    raw = text.splitlines()
    cjk = has_han(text[:2000])  # a Chinese text's lines are cut anywhere, an English one's at words
    width = wrap_width(raw, BAND if cjk else WORD_BAND)
    if width is None:
        if _OPEN_AT_END.search(text) is None:  # (most texts: no line leaves a bracket open)
            return [(ln, False) for ln in raw if ln.strip(" \u3000\r\n")]
        return _bracket_wraps(raw)
    # each paragraph as its pieces, joined once at the end (joining as it grows copied the
    # paragraph at every line: a 40,000-line wrapped table took seconds)
    out: list[list[str]] = []
    last = ""  # the last line read, as it stood (empty after a blank line: a paragraph ends)
    # the number each label shape ((N), N., （N）…) reached at the paragraphs it opened: a label
    # at a line's start that goes on its run opens the next item, after a heading too
    reached: dict[str, int] = {}
    for ln in raw:
        s = ln.strip(" \u3000\r\n")
        label = _label_at(s) if s else None
        goes_on = label is not None and reached.get(label[0], 0) + 1 == label[1]
        if last and s and not goes_on and _continues(last, s, width, cjk):
            _add_piece(out[-1], ln.rstrip(" \u3000\r\n"))
        elif s:
            out.append([ln.rstrip("\r\n")])
            if label is not None:
                reached[label[0]] = label[1]
        last = s
    return [("".join(parts), len(parts) > 1) for parts in out]


# the numerals of a label, each kind its own shape (I. and 1. are two runs)
_NUMERAL = re.compile(
    rf"(?P<d>\d+)|(?P<c>[{CN_CHARS}]+)|(?P<r>[{''.join(ROMAN)}]+)|(?P<o>[{CIRCLED}])"
)


def _label_at(line: str) -> Optional[tuple[str, int]]:
    """The shape ("(N)", "N.", "（N）") and number of the label a line opens with, if any."""
    m = _label().match(line)
    if m is None:
        return None
    label = m.group(0).strip()
    n = label_number(label)
    return (_NUMERAL.sub(lambda x: str(x.lastgroup), label), n) if n is not None else None


# a bracket that no closer follows on its line: a line that may go on on the next
_OPEN_AT_END = re.compile(r"[（(][^）)\n]*(?:\n|$)")


def _depth(line: str) -> int:
    """Brackets ``line`` leaves open, counted (a count is C speed: every line is asked)."""
    return line.count("（") + line.count("(") - line.count("）") - line.count(")")


def _closes_first(line: str) -> bool:
    """Whether ``line`` closes a bracket before it opens one (…市数据资源局）。推行…)."""
    close = min((i for i in (line.find("）"), line.find(")")) if i >= 0), default=-1)
    if close < 0:
        return False
    opens = [i for i in (line.find("（"), line.find("(")) if i >= 0]
    return not opens or close < min(opens)


def _bracket_wraps(raw: list[str]) -> list[tuple[str, bool]]:
    """The lines of a text too short to show a wrap width, a line that leaves a bracket open
    joined to the next when that one closes it: a bracket never spans paragraphs, so the
    break inside it is a wrap whatever the widths (（6月底完成，牵 / 头考核单位：市X局）)."""
    out: list[list[str]] = []
    depth = 0
    for ln in raw:
        s = ln.strip(" \u3000\r\n")
        if not s:
            depth = 0
            continue
        if (
            out
            and depth
            and not is_grid_row(ln)
            and not is_grid_row(out[-1][-1])
            and _closes_first(s)
        ):
            _add_piece(out[-1], ln.rstrip(" \u3000\r\n"))
            depth = _depth("".join(out[-1]))
        else:
            out.append([ln.rstrip("\r\n")])
            depth = _depth(s)
    return [("".join(parts), len(parts) > 1) for parts in out]


def _add_piece(parts: list[str], b: str) -> None:
    """``_join`` of the paragraph ``parts`` make and ``b``, kept as pieces: the paragraph's last
    piece loses its trailing spaces (every later piece has none), and the separator is chosen
    from the paragraph's last twelve characters, as ``_join`` chooses it."""
    parts[-1] = parts[-1].rstrip(" \u3000")
    b = b.lstrip(" \u3000")
    tail = ""
    for piece in reversed(parts):
        tail = piece + tail
        if len(tail) >= 12:
            break
    if not (has_han(tail[-12:]) or has_han(b[:12]) or tail.endswith("-")):
        parts.append(" ")
    parts.append(b)


def _join(a: str, b: str) -> str:
    """Two pieces of one paragraph: nothing between them in Chinese text (a number or a name
    cut by the width is whole again), a space between the words of English text."""
    a = a.rstrip(" \u3000")
    b = b.lstrip(" \u3000")
    if has_han(a[-12:]) or has_han(b[:12]) or a.endswith("-"):
        return a + b
    return a + " " + b
