"""Known names in running text: an Aho-Corasick automaton (pyahocorasick) over a fixed list.

One pass over the text whatever the number of names, where a regular-expression alternation of
several hundred names is tried name by name at every character. For Chinese the automaton walks
only the stretches that end with a name's last two characters (most of a page is not near one).
Used by the tokenizer (unit names are whole tokens) and by the attribution grammar (names that
hold a conjunction stay whole).
"""

from __future__ import annotations

from typing import Iterable, Optional

import ahocorasick

from ..fast import chars
from ..fast.chars import CharSet, code_points, lookup

# a text shorter than chars.SHORT (a parenthetical, a small notice) is walked whole: numpy's
# import and fixed cost are more than the walk


class NameSpans:
    """Find ``names`` in a text: leftmost, then longest, never overlapping. For ``language="en"``
    the match ignores case and must stand at word boundaries."""

    def __init__(self, names: Iterable[str | tuple[str, str]], language: str = "zh"):
        self.language = language
        pairs = [(n, None) if isinstance(n, str) else n for n in names]
        keys = [
            (k, v) for k, v in ((n.lower() if language == "en" else n, v) for n, v in pairs) if k
        ]
        self.automaton = ahocorasick.Automaton()
        for key, value in keys:
            if key not in self.automaton:  # the first entry of a name gives its value
                self.automaton.add_word(key, (len(key), value))
        self._empty = not keys
        if not self._empty:
            self.automaton.make_automaton()
        # Chinese: every name ends with one of a few hundred character pairs (…部, 务院, 改革委), so
        # a name lies within the longest name's length before such a pair: the automaton walks
        # those windows, not the whole text (the pairs found over code points, chars.py)
        names_only = [k for k, _ in keys]
        self._suffixes = (
            {k[-2:] for k in names_only}
            if language == "zh" and all(len(k) >= 2 for k in names_only)
            else set()
        )
        if self._suffixes:
            self._reach = max(map(len, names_only))
            self._last = CharSet(k[-1] for k in names_only)
            self._penult = CharSet(k[-2] for k in names_only)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every name found."""
        return [(s, e) for s, e, _ in self.matches(text)]

    def matches(self, text: str) -> list[tuple[int, int, Optional[str]]]:
        """(start, end, value) of every name found; the value given with the name (a unit id)."""
        if self._empty or not text:
            return []
        if self.language == "zh":
            # each window sliced: iter_long(text, lo, hi) converts the whole text on every call
            return [
                (lo + end - n + 1, lo + end + 1, v)
                for lo, hi in self._windows(text)
                for end, (n, v) in self.automaton.iter_long(text[lo:hi])
            ]
        hay = text.lower()
        if len(hay) != len(text):  # a few characters (İ) lower to two: keep offsets aligned
            hay = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        out = []
        for end, (n, v) in self.automaton.iter_long(hay):
            s, e = end - n + 1, end + 1
            if (s > 0 and text[s - 1].isalnum()) or (e < len(text) and text[e].isalnum()):
                continue  # "MOF" inside "MOFCOM" or a longer word
            out.append((s, e, v))
        return out

    def _windows(self, text: str) -> list[tuple[int, int]]:
        """Where Chinese names can be: [end - longest name, end) for every place a name's last
        two characters end, merged (whole-text matching gives the same names: each lies in one
        window, and windows do not touch); the whole text when a name is one character long."""
        if not self._suffixes or len(text) < chars.SHORT:
            return [(0, len(text))]
        import numpy as np

        cp = code_points(text)
        ends = (
            np.flatnonzero(lookup(self._penult.mask, cp[:-1]) & lookup(self._last.mask, cp[1:])) + 2
        )
        out: list[list[int]] = []
        for e in ends.tolist():
            if text[e - 2 : e] not in self._suffixes:
                continue
            s = max(0, e - self._reach)
            if out and s <= out[-1][1]:
                out[-1][1] = e
            else:
                out.append([s, e])
        return [(s, e) for s, e in out]
