"""Characters of a kind, counted or tested many at once over a numpy array of code points.

A regular expression scans ~10 ns a character and a class of many CJK characters more; the
notice-level checks (which script, how much of it, which tokens end a sentence) are one array
operation instead.
"""

from __future__ import annotations

from typing import Iterable

import numpy as np


def code_points(text: str) -> np.ndarray:
    """The text's characters as an array of code points: counting characters of a kind in it is
    one comparison over the array (a regular expression's scan costs ~10 ns a character)."""
    return np.frombuffer(text.encode("utf-32-le"), dtype="<u4")


def count_between(cp: np.ndarray, lo: int, hi: int) -> int:
    """How many code points lie in [lo, hi]."""
    return int(np.count_nonzero((cp >= lo) & (cp <= hi)))


def char_mask(chars: Iterable[str]) -> np.ndarray:
    """A lookup table over the Basic Multilingual Plane: True at the code points of ``chars``
    (none outside it; U+FFFF, which is no character, stands for them: see ``lookup``)."""
    mask = np.zeros(0x10000, dtype=bool)
    mask[[ord(c) for c in chars if ord(c) < 0xFFFF]] = True
    return mask


def lookup(mask: np.ndarray, cp: np.ndarray) -> np.ndarray:
    """``mask`` (from ``char_mask``) at each code point of ``cp``: which characters are in it."""
    return mask[np.minimum(cp, 0xFFFF)]


# every whitespace character (str.isspace): none lies outside the BMP (a test checks)
WHITESPACE = char_mask(chr(c) for c in range(0x10000) if chr(c).isspace())
