"""Known names in running text: an Aho-Corasick automaton (pyahocorasick) over a fixed list.

One pass over the text whatever the number of names, where a regular-expression alternation of
several hundred names is tried name by name at every character. Used by the tokenizer (unit names
are whole tokens) and by the attribution grammar (names that hold a conjunction stay whole).
"""
from __future__ import annotations

from typing import Iterable

import ahocorasick


class NameSpans:
    """Find ``names`` in a text: leftmost, then longest, never overlapping. For ``language="en"``
    the match ignores case and must stand at word boundaries."""

    def __init__(self, names: Iterable[str], language: str = "zh"):
        self.language = language
        self.automaton = ahocorasick.Automaton()
        for name in names:
            key = name.lower() if language == "en" else name
            if key:
                self.automaton.add_word(key, len(key))
        self._empty = len(self.automaton) == 0
        if not self._empty:
            self.automaton.make_automaton()

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every name found."""
        if self._empty or not text:
            return []
        hay = text
        if self.language == "en":
            hay = text.lower()
            if len(hay) != len(text):  # a few characters (İ) lower to two: keep offsets aligned
                hay = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        out = []
        for end, n in self.automaton.iter_long(hay):
            s, e = end - n + 1, end + 1
            if self.language == "en" and ((s > 0 and text[s - 1].isalnum()) or (e < len(text) and text[e].isalnum())):
                continue  # "MOF" inside "MOFCOM" or a longer word
            out.append((s, e))
        return out
