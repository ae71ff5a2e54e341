"""Script: whether a piece of text holds Han characters. A ground-floor question that every room
asks (a unit name, a clause, a heading, a line a reader joins), so it lives below all of them."""

from __future__ import annotations

import re

HAN = re.compile(r"[\u4e00-\u9fff]")
_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+")


def has_han(s: str) -> bool:
    """True when ``s`` holds a CJK unified ideograph (a Chinese name, clause or heading)."""
    return HAN.search(s) is not None


def all_han(s: str) -> bool:
    """True when ``s`` is CJK unified ideographs and nothing else (a heading's opening words)."""
    return _HAN_ONLY.fullmatch(s) is not None
