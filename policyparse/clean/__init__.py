"""Clean text: from ingested blocks (lines, paragraphs) to the notice's own text.

Cleaning decides *which* blocks are the notice and normalises whitespace inside each; it never
rewrites characters (full-width stays full-width), so every span into ``text`` quotes the source
as written. Matching code normalises its own view (NFKC) where it needs one.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate
from typing import Optional

from ..base.datafiles import load
from ..fast.chars import CharSet, code_points, lookup
from ..findings import Block, CleanText
from . import paragraphs


@lru_cache(maxsize=None)
def _rules() -> tuple[list[re.Pattern], list[re.Pattern], int]:
    raw = load("boilerplate.json")
    drop = [re.compile(r["pattern"]) for r in raw["drop"]]
    footer = [re.compile(r["pattern"]) for r in raw["footer"]]
    return drop, footer, raw["footer_max_line"]


# the in-line spaces collapsed to one " ", and the control characters dropped
_SPACES = " \t\u00a0\u2002\u2003\u2009\u200b\ufeff"
_CONTROLS = "".join(map(chr, (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)))
_WS = re.compile(f"[{re.escape(_SPACES)}]+")
_CTRL = re.compile(f"[{re.escape(_CONTROLS)}]")
# what _WS would change (a run of two, or any space other than " "): most lines have none
_WS_TO_FIX = re.compile(f"[{re.escape(_SPACES)}](?:(?<= ) |(?<! ))")


def normalize_block(s: str) -> str:
    """Collapse in-line whitespace; drop control characters and leading ideographic indents."""
    if _CTRL.search(s):
        s = _CTRL.sub("", s)
    if _WS_TO_FIX.search(s):
        s = _WS.sub(" ", s)
    return s.strip(" \u3000\r\n")


def is_boilerplate(line: str) -> bool:
    return _any_drop().match(line) is not None


@lru_cache(maxsize=1)
def _any_drop() -> re.Pattern:
    """Every drop rule in one pattern: one match per line instead of one per rule."""
    return re.compile("|".join(f"(?:{p.pattern})" for p in _rules()[0]))


def _footer_start(lines: list[str]) -> Optional[int]:
    """Index of the first line of a trailing block of page furniture, if any."""
    _, footer, max_len = _rules()
    n = len(lines)
    # every footer line is short (and the footer patterns are slow on paragraphs): the footer
    # starts after the last long line
    last_long = next((i for i in range(n - 1, -1, -1) if len(lines[i]) > max_len), -1)
    for i in range(max(n // 2, last_long + 1), n):
        if any(p.match(lines[i]) for p in footer):
            return i
    return None


# what normalize_block changes: a control character, a space other than " ", or " " followed by
# " " (_CTRL and _WS_TO_FIX as a lookup table)
_FIX = CharSet(_CONTROLS + _SPACES.replace(" ", ""))


def _needing_normalisation(texts: list[str]) -> set[int]:
    """Indices of the texts with a control character or whitespace to collapse, found over them
    all at once (most notices have none, or a few lines)."""
    joined = "\n".join(texts)
    if len(joined) < 4096:  # a short notice: two regex scans cost less than numpy's fixed cost
        if not (_CTRL.search(joined) or _WS_TO_FIX.search(joined)):
            return set()
        return {i for i, t in enumerate(texts) if _CTRL.search(t) or _WS_TO_FIX.search(t)}
    import numpy as np

    cp = code_points(joined)
    hit = lookup(_FIX.mask, cp)
    space = cp == 32
    hit[:-1] |= space[:-1] & space[1:]
    at = np.flatnonzero(hit)
    if not len(at):
        return set()
    starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    return set((np.searchsorted(starts, at, side="right") - 1).tolist())


def clean_blocks(blocks: list[Block]) -> CleanText:
    """Cut run-together paragraphs apart, drop page furniture and empty blocks; join what is
    left with newlines."""
    n_in = len(blocks)
    blocks = _paragraphs(blocks)
    texts = [b.text for b in blocks]
    dirty = _needing_normalisation(texts)
    drop = _any_drop().match
    cleaned = [
        normalize_block(t) if i in dirty else t.strip(" \u3000\r\n") for i, t in enumerate(texts)
    ]
    keep = [i for i, t in enumerate(cleaned) if t and not drop(t)]
    kept_texts = [cleaned[i] for i in keep]
    cut = _footer_start(kept_texts)
    if cut is not None:
        keep, kept_texts = keep[:cut], kept_texts[:cut]
    # a block whose text did not change is kept as it is
    kept = [
        b if t is b.text else Block(t, b.page, b.bbox, b.kind, b.page_breaks, b.cell)
        for b, t in zip((blocks[i] for i in keep), kept_texts, strict=False)
    ]
    offsets = list(accumulate((len(t) + 1 for t in kept_texts), initial=0))[:-1]
    return CleanText(
        "\n".join(kept_texts), kept, offsets, len(blocks) - len(kept), len(blocks) > n_in
    )


def _paragraphs(blocks: list[Block]) -> list[Block]:
    """Each block that a crawler ran together (``paragraphs.py``), as its paragraphs."""
    # (only a long block or one with a gap can be cut: the others are not asked)
    short = paragraphs.RUN_MIN
    asked = [
        i
        for i, b in enumerate(blocks)
        if len(b.text) >= short or b.joined or paragraphs.has_gap(b.text)
    ]
    cut: dict[int, list[str]] = {}
    for i in asked:
        b = blocks[i]
        if (
            b.kind in ("table", "meta")
            or b.page_breaks
            or not (b.joined or paragraphs.may_be_run_together(b.text))
        ):
            continue
        parts = paragraphs.split(b.text)
        if len(parts) > 1:
            cut[i] = parts
    if not cut:
        return blocks
    out: list[Block] = []
    for i, b in enumerate(blocks):
        if i in cut:
            out += [Block(t, b.page, b.bbox, b.kind) for t in cut[i]]
        else:
            out.append(b)
    return out
