"""Section roles: which top-level sections review the past and which set goals, by their titles.

A structure fact read once: the targets stage reads no target in a review (past results), and a
number needs no goal word in a goals section; the deadlines stage reads no limit in a review.
The words are data (``data/section_roles.json``, with examples and counter-examples).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional, Sequence

from ..base.datafiles import load
from ..fast.scan import word_trie
from ..findings import SectionRoles


@lru_cache(maxsize=None)
def patterns() -> dict[str, re.Pattern]:
    """The compiled title patterns: zh review, goal and mixed titles; en review titles."""
    d = load("section_roles.json")
    zh, en = d["zh"], d["en"]
    return {
        "zh_review": re.compile(word_trie(zh["review_titles"]["words"])),
        "zh_goal": re.compile(zh["goal_section_titles"]["pattern"]),
        "zh_mixed": re.compile(zh["mixed_titles"]["pattern"]),
        "en_review": re.compile(en["review_titles"]["pattern"], re.I),
    }


def _mixed_split(title: str, a: int, b: int, text: str) -> Optional[int]:
    """Where the goals begin in a section whose title reviews and then sets goals (“十三五”时期
    发展成就和“十四五”时期主要目标任务): the first line or sentence of the section that opens with
    the goal part's period (“十四五”时期…); None when the title names no second period or nothing
    opens with it. (Asked only of a title that both reviews and sets goals.)"""
    m = patterns()["zh_mixed"].search(title)
    if m is None:
        return None
    lead = m.group("period")
    # (the first line, or sentence, that opens with it: a crawler's run-together text has no lines)
    at = _opening(lead).search(text, a, b)
    return at.start("lead") if at is not None else None


@lru_cache(maxsize=16)
def _opening(lead: str) -> re.Pattern:
    return re.compile(rf"(?:^|(?<=[\n。！？]))[ \u3000]*(?P<lead>{re.escape(lead)})")


def section_roles(
    sections: Sequence[tuple[str, int, int]], language: str, text: str = ""
) -> SectionRoles:
    """The roles of the top-level sections (title, start, end) by their titles: 2018年工作回顾
    reviews, 2019年政府工作任务 sets goals; a mixed one (“十三五”时期发展成就和“十四五”时期主要
    目标任务) reviews up to its line on the second period and sets goals after it
    (``_mixed_split``, found once for both)."""
    P = patterns()
    if language != "zh":
        return SectionRoles(
            [(a, b) for title, a, b in sections if P["en_review"].search(title)], []
        )
    review, goals = [], []
    for title, a, b in sections:
        is_review, is_goal = P["zh_review"].search(title), P["zh_goal"].search(title)
        cut = _mixed_split(title, a, b, text) if is_review and is_goal else None
        if is_review:
            review.append((a, cut if cut is not None else b))
        if is_goal:
            goals.append((cut if cut is not None else a, b))
    return SectionRoles(review, goals)
