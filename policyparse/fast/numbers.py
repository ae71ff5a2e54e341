"""Target candidates without trying the candidate pattern at every character.

The pattern of a target (``rx``: an optional comparator word, a number, its unit) opens with an
optional word, so ``re`` would try it at every character (a third of the pipeline's time).
Numbers are few and comparator words are short and hold no digits: ``number_matches`` finds
the numbers (``cand``) and tries ``rx`` at the comparator word that ends right before each, or
at the number. Proven equal to ``rx.finditer`` by property tests (tests/test_scan.py).
"""

from __future__ import annotations

import bisect
import re
from typing import Iterator, Sequence

from ..base.numbers import CN_CHARS, CN_NUM


def number_matches(
    text: str,
    rx: re.Pattern[str],
    tail: re.Pattern[str],
    reach: int,
    cand: re.Pattern[str],
    cand_at: re.Pattern[str],
    skip: Sequence[tuple[int, int]] = (),
) -> Iterator[re.Match]:
    """The matches of ``rx.finditer(text)`` that have a unit, found from the numbers: ``cand``
    finds where a number with a unit can start (``cand_at`` right after a previous match),
    ``tail`` the comparator word that ends there, within ``reach`` characters. Numbers inside
    ``skip`` spans (sections that review the past) are passed over whole."""
    skip = sorted(skip)
    skip_starts = [a for a, _ in skip]
    pos = at = 0
    while True:
        c = (
            cand_at.match(text, pos)
            if at == pos and 0 < pos < len(text) and text[pos - 1] in CN_CHARS
            else None
        )
        c = c or cand.search(text, at)
        if c is None:
            return
        p = c.start()
        at = c.end()
        if p < pos:
            at = pos  # inside the previous match (its range or unit): go on from its end
            continue
        k = bisect.bisect_right(skip_starts, p) - 1
        if k >= 0 and p < skip[k][1]:
            pos = at = skip[k][1]
            continue
        if _inside_cn_number(text, p, pos):
            at = p + 1  # 一万百|分之三: look again after the 百
            continue
        lo = max(pos, p - reach)
        pre = tail.search(text, lo, p) if p > lo else None
        m = rx.match(text, pre.start()) if pre else None
        if m is None or m.start("num") != p:
            m = rx.match(text, p)
        if m is None:
            continue
        pos = at = m.end()
        yield m


_CN_NUM_RX = re.compile(CN_NUM)
_CN_RUN = set(CN_CHARS + "万亿")


def _inside_cn_number(text: str, p: int, pos: int) -> bool:
    """Whether 百分之 at p continues a Chinese numeral that a left-to-right scan from pos reads
    first (一万百分之三 is 一万百 then 分之三): the only candidate that can start inside a
    number."""
    if not text.startswith("百", p) or p - 1 < pos or text[p - 1] not in _CN_RUN:
        return False  # (a character before pos belongs to the previous match)
    r = p - 1
    while r > pos and text[r - 1] in _CN_RUN:
        r -= 1
    while r < p and text[r] in "万亿":
        r += 1  # a numeral opens with a digit character
    m = _CN_NUM_RX.match(text, r)
    return r < p and m is not None and m.end() > p
