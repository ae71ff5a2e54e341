"""Where a candidate's clause, sentence and paragraph begin and end, and the frame it stands in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from ...base import marks
from ...findings import RawTarget

_ZH_CLAUSE = re.compile(r"[，,；;。：:！？!?\n]")


_EN_CLAUSE = re.compile(r"[;:\n]|,\s+(?:and|while|with)\b|\.\s|,\s")


def clause_start(text: str, pos: int, boundary: re.Pattern, reach: int) -> int:
    """Start of the clause holding pos: just after the last boundary within ``reach`` characters."""
    lo = max(0, pos - reach)
    m = _last(boundary).match(text, lo, pos)
    return m.end() if m else lo


@lru_cache(maxsize=None)
def _last(boundary: re.Pattern) -> re.Pattern:
    """The text up to and including the last match of ``boundary`` (one call, no Python loop)."""
    return re.compile(r"(?s:.*)(?:" + boundary.pattern + ")", boundary.flags)


def _after_previous(text: str, cs: int, end: int, out: list) -> int:
    """A clause's start moved past a target earlier in it (铁路投资8000亿元、公路水运投资…: the
    second metric does not reach back over the first) and the list word after it."""
    if out and cs <= out[-1].end <= end:
        cs = out[-1].end
        while cs < end and text[cs] in "、，,和及与以并 ":
            cs += 1
    return cs


# how far a clause, a sentence and a paragraph are read from a number, in characters: text a
# crawler left without a sentence end or a line break ("提高到90%" twenty thousand times) would
# otherwise be read to its ends for every number in it
SENTENCE_MAX = 400


PARAGRAPH_MAX = 3000


_SENTENCE_END = re.compile(marks.cls(marks.ZH_STOP, marks.LINE))


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph (line) holding ``text[start:end]``, read at most PARAGRAPH_MAX characters
    either way."""
    lo = max(0, start - PARAGRAPH_MAX)
    a = max(lo, text.rfind("\n", lo, start) + 1)
    b = text.find("\n", end, end + PARAGRAPH_MAX)
    return a, (b if b >= 0 else min(len(text), end + PARAGRAPH_MAX))


_CLAUSE_BREAK = re.compile(r"[，。；,;\n]")


def _within(words: str, hit: re.Match, phrases: re.Pattern) -> bool:
    """The match is part of one of the phrases (上年 in 较上年度, 比2020年 in 比2020年下降)."""
    lo, hi = max(0, hit.start() - 8), min(len(words), hit.end() + 8)
    return any(
        p.start() <= hit.start() and hit.end() <= p.end() for p in phrases.finditer(words, lo, hi)
    )


@dataclass
class _Frame:
    """How one candidate number reads in its clause: the comparator group it takes (``g``),
    where its clause (``cs``) and its metric's words end, and what governs it (a goal verb, a
    plan's list, a change verb parted from its 至, the earlier value of a 分别 list)."""

    g: Optional[dict]
    cs: int
    metric_end: int
    goal: bool = False
    verb_start: Optional[int] = None
    listed: bool = False
    split: Optional[re.Match] = None
    cont: Optional[RawTarget] = None  # the earlier value whose comparison this one continues
    resp: Optional[RawTarget] = None  # the previous value of a 分别 list
    share: bool = False  # a population share (30%以上的市): it measures what is counted
