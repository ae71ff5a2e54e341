"""Candidate numbers: a number with its unit, range and comparator words (``_matches``), and
the comparator group of the word before it."""

from __future__ import annotations

import re
from typing import Iterator, Optional, Sequence

from ...fast.numbers import number_matches
from .rules import Rules


def _matches(text: str, L: Rules, skip: Sequence[tuple[int, int]] = ()) -> Iterator[re.Match]:
    """The matches of ``L.rx.finditer(text)`` that have a unit (``fast.numbers``: from the
    numbers, not at every character); numbers inside ``skip`` spans are passed over."""
    return number_matches(text, L.rx, L.pre_tail, L.pre_max, L.cand, L.cand_at, skip)


def _pre_of(m: re.Match, L: Rules) -> tuple[Optional[str], Optional[dict]]:
    """The comparator word before the number and its group (comparator, kind)."""
    pre = m.group("pre")
    if not pre:
        return None, None
    g = L.pre_words.get(pre) or L.pre_words.get(pre.lower())
    return pre, g
