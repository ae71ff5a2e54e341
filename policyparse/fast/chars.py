"""Characters of a kind, counted or tested many at once.

A regular expression scans ~10 ns a character and a class of many CJK characters more; over a
long text the notice-level checks (which script, how much of it, which tokens end a sentence)
are one numpy operation over the code points instead. numpy costs ~60 ms to import and a fixed
cost per call, so it is imported on first use, and a text shorter than ``SHORT`` (a 2 KB notice
given to the command line) is looked at with plain Python, which gives the same answer (a
property test runs both).
"""

from __future__ import annotations

import re
import sys
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    import numpy as np

SHORT = 2048  # characters: below this, plain Python beats numpy's import (~60 ms, once)


def _by_numpy(text: str) -> bool:
    """Whether to count with numpy: for a long text, or once numpy is imported (a batch has it
    after its first long notice; then it beats a regular expression on any text, ~6 against
    ~30 µs on 2,000 characters). A short text in a fresh process (a notice given to the command
    line) is counted without importing it."""
    return len(text) >= SHORT or "numpy" in sys.modules


def code_points(text: str) -> np.ndarray:
    """The text's characters as an array of code points: counting characters of a kind in it is
    one comparison over the array (a regular expression's scan costs ~10 ns a character)."""
    import numpy as np

    return np.frombuffer(text.encode("utf-32-le"), dtype="<u4")


def count_between(cp: np.ndarray, lo: int, hi: int) -> int:
    """How many code points lie in [lo, hi]."""
    import numpy as np

    return int(np.count_nonzero((cp >= lo) & (cp <= hi)))


def char_mask(chars: Iterable[str]) -> np.ndarray:
    """A lookup table over the Basic Multilingual Plane: True at the code points of ``chars``
    (none outside it; U+FFFF, which is no character, stands for them: see ``lookup``)."""
    import numpy as np

    mask = np.zeros(0x10000, dtype=bool)
    mask[[ord(c) for c in chars if ord(c) < 0xFFFF]] = True
    return mask


def lookup(mask: np.ndarray, cp: np.ndarray) -> np.ndarray:
    """``mask`` (from ``char_mask``) at each code point of ``cp``: which characters are in it."""
    import numpy as np

    return mask[np.minimum(cp, 0xFFFF)]


class CharSet:
    """A set of BMP characters, asked of short texts as a Python set and of long ones through a
    numpy lookup table (``mask``, built on first use)."""

    def __init__(self, chars: Iterable[str]):
        self.chars = frozenset(c for c in chars if ord(c) < 0xFFFF)

    @cached_property
    def mask(self) -> np.ndarray:
        return char_mask(self.chars)

    @cached_property
    def pattern(self) -> re.Pattern:
        """The set as a regular expression's character class (for short texts)."""
        return re.compile("[" + "".join(re.escape(c) for c in sorted(self.chars)) + "]")

    @cached_property
    def runs(self) -> re.Pattern:
        """Runs of the set's characters: counted by their lengths, a few strings per line
        instead of one per character (four times faster on Chinese text)."""
        return re.compile(self.pattern.pattern + "+")

    def count(self, text: str) -> int:
        """How many characters of ``text`` are in the set."""
        if not _by_numpy(text):
            return sum(map(len, self.runs.findall(text)))
        import numpy as np

        return int(np.count_nonzero(lookup(self.mask, code_points(text))))

    def any(self, text: str) -> bool:
        """Whether ``text`` holds a character of the set."""
        if len(text) < SHORT:
            return not self.chars.isdisjoint(text)
        return bool(lookup(self.mask, code_points(text)).any())


def count_range(text: str, lo: int, hi: int) -> int:
    """How many characters of ``text`` have code points in [lo, hi]."""
    if not _by_numpy(text):
        return sum(map(len, _range_runs(lo, hi).findall(text)))
    return count_between(code_points(text), lo, hi)


@lru_cache(maxsize=16)
def _range_runs(lo: int, hi: int) -> re.Pattern:
    return re.compile(f"[{re.escape(chr(lo))}-{re.escape(chr(hi))}]+")


def count_ascii_letters(text: str) -> int:
    """How many characters of ``text`` are A-Z or a-z."""
    if not _by_numpy(text):
        return len(_ASCII_LETTER.findall(text))
    # A-Z fold onto a-z (nothing else lands there)
    return count_between(code_points(text) | 0x20, ord("a"), ord("z"))


_ASCII_LETTER = re.compile("[A-Za-z]")


def _whitespace() -> Iterable[str]:
    return (chr(c) for c in range(0x10000) if chr(c).isspace())


# every whitespace character (str.isspace): none lies outside the BMP (a test checks)
WHITESPACE = CharSet(_whitespace())
