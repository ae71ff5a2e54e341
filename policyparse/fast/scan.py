"""``rx.finditer(text)``'s matches without trying ``rx`` at every character.

Python's ``re`` skips ahead fast only when a pattern starts with a literal or a character set. A
pattern that starts with an optional word (``(?:到|至)?2023年…月``) is tried at every position,
which made the deadline patterns a third of the pipeline's time. ``AnchoredPattern`` pairs such a
pattern with an *anchor*, a cheap pattern found inside every match (``月``), and runs the full
pattern only in a window around each anchor. For a pattern of bounded width (checked when the
pair is built) the matches are exactly those of ``finditer``, in the same order.
``LeadingWords`` does the same for a pattern that opens with one of a few words (English limit
and target phrases under re.I, where ``re`` has no literal prefix to skip to), ``LeadThenWord``
for one whose lead words are common ("to", "and") but whose next word is not (a goal verb), and
``WordThenNumber`` for a word right before a number. ``Places`` finds each literal once per text
for all the patterns that look for it (a literal scan runs ~0.6 ns a character; ``re`` scanning
for a class with non-Latin members, 5-10). ``word_trie`` writes a word list as a trie so that
``re`` follows one branch per character. Each is property-tested against the plain ``finditer``.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from re import _parser  # type: ignore[attr-defined]  # the stdlib's own pattern parser, for the pattern's maximum width
from typing import Iterable, Iterator, Optional

LOOKAROUND_MARGIN = 64  # characters past a match that a lookahead may read


def word_trie(words: Iterable[str], fold: bool = False) -> str:
    """An alternation of words as a trie (不低于|不少于 -> 不(?:低|少)于), longest first where one
    word extends another. It matches what the flat longest-first alternation matches, but ``re``
    follows one branch per character instead of trying every word at every position.
    ``fold``: for a pattern compiled with re.I (words differing only in case are one word)."""
    trie: dict = {}
    for w in set(words):
        node = trie
        for ch in w.lower() if fold else w:
            node = node.setdefault(ch, {})
        node[""] = None  # a word ends here

    def build(node: dict) -> str:
        branches = [
            re.escape(ch) + build(child)
            for ch, child in sorted((k, v) for k, v in node.items() if k)
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body  # the longer word first, then the end

    return build(trie)


def max_width(rx: re.Pattern) -> Optional[int]:
    """The longest text ``rx`` can match, or None when it is unbounded."""
    hi = _parser.parse(rx.pattern, rx.flags).getwidth()[1]
    return None if hi >= _parser.MAXREPEAT - 1 else hi


class AnchoredPattern:
    """A compiled pattern plus an anchor that every one of its matches contains."""

    def __init__(
        self,
        rx: re.Pattern,
        anchor: "Optional[str | re.Pattern | tuple[str, ...]]",
        fold: bool = False,
    ):
        """``anchor``: a tuple of literal strings (a literal scan, ten times faster than a
        regular expression's scan), a pattern string (compiled with rx's flags) or a compiled
        pattern. ``fold``: the literals are looked for in ``text.lower()`` (a pattern under re.I).
        A text that holds none of the literals is passed over whatever its length: so a pattern
        of unbounded width gains from literal anchors too."""
        self.rx = rx
        self.fold = fold
        self.literals: tuple[str, ...] = anchor if isinstance(anchor, tuple) else ()
        if fold:
            self.literals = tuple(sorted({lit.lower() for lit in self.literals}))
        if self.literals or anchor is None:
            self.anchor = None
        else:
            self.anchor = (
                anchor if isinstance(anchor, re.Pattern) else re.compile(str(anchor), rx.flags)
            )
        self.width = max_width(rx) if anchor else None
        # a text this short is searched whole: one window would cover it anyway (a parenthetical)
        self.short = 2 * (self.width + LOOKAROUND_MARGIN) if self.width is not None else 0

    @property
    def pattern(self) -> str:
        return self.rx.pattern

    def _next_anchor(self, text: str, pos: int, places: "Places") -> Optional[int]:
        """Start of the first anchor at or after pos."""
        if self.anchor is not None:
            a = self.anchor.search(text, pos)
            return a.start() if a else None
        return places.first(self.literals, pos)

    def finditer(self, text: str, places: "Optional[Places]" = None) -> Iterator[re.Match]:
        """``places``: the literals' places in ``text`` (``text.lower()`` when ``fold``), shared
        by several patterns over one text."""
        places = _places_for(text, self.fold, places=places)
        if places is None:
            yield from self.rx.finditer(text)
            return
        whole = (
            (self.anchor is None and not self.literals)
            or self.width is None
            or len(text) <= self.short
        )
        if whole:
            if not self.literals or any(lit in places.text for lit in self.literals):
                yield from self.rx.finditer(text)
            return  # (else no match: every one holds a literal)
        w, n, pos = self.width, len(text), 0
        assert w is not None  # (whole is True without a width)
        while pos <= n:
            a0 = self._next_anchor(text, pos, places)
            if a0 is None:
                return
            # a match starting at s >= pos contains an anchor at or after a0, so s >= a0 - w;
            # one starting at or before a0 ends by a0 + w, inside the window
            m = self.rx.search(text, max(pos, a0 - w), min(n, a0 + w + LOOKAROUND_MARGIN))
            if m is not None and m.start() <= a0:
                yield m
                pos = m.end() if m.end() > m.start() else m.end() + 1
            else:
                pos = a0 + 1


@lru_cache(maxsize=512)
def _literal(literal: str) -> re.Pattern:
    return re.compile(re.escape(literal))


class Places:
    """Every place of a literal in one text, found once (a literal scan in C) and then shared by
    the patterns that look for it: the Chinese deadline patterns share 月 and 年底, the English
    target and deadline patterns "by", "before", "to" …"""

    def __init__(self, text: str):
        self.text = text
        self._at: dict[str, list[int]] = {}
        self._starts: dict[str, list[int]] = {}

    def of(self, literal: str) -> list[int]:
        """Every place of ``literal``, overlapping ones too."""
        at = self._at.get(literal)
        if at is None:
            if not any(literal[:k] == literal[-k:] for k in range(1, len(literal))):
                # occurrences cannot overlap: one regex scan yields them all (a Python loop of
                # str.find cost a call per occurrence: "to" and "and" are hundreds a page)
                at = [m.start() for m in _literal(literal).finditer(self.text)]
            else:
                at, find, i = [], self.text.find, self.text.find(literal)
                while i != -1:
                    at.append(i)
                    i = find(literal, i + 1)
            self._at[literal] = at
        return at

    def word_starts(self, word: str) -> list[int]:
        """The places of ``word`` where it does not continue a run of letters and digits (for a
        word that opens with one): "in" in "within" is not one of them."""
        at = self._starts.get(word)
        if at is None:
            t = self.text
            at = self.of(word)
            if word[:1].isalnum():
                at = [i for i in at if i == 0 or not t[i - 1].isalnum()]
            self._starts[word] = at
        return at

    def first(self, literals: Iterable[str], pos: int) -> Optional[int]:
        """The first place at or after ``pos`` of any of ``literals``."""
        best = None
        for lit in literals:
            at = self.of(lit)
            k = bisect.bisect_left(at, pos)
            if k < len(at) and (best is None or at[k] < best):
                best = at[k]
        return best


def _places_for(
    text: str, fold: bool, lowered: Optional[str] = None, places: "Optional[Places]" = None
) -> "Optional[Places]":
    """The places in the text that literals are looked for in (``text.lower()`` when ``fold``):
    the caller's, shared by several patterns, when it has them; None when lowering changed the
    length (İ lowers to two characters): offsets would drift, the caller scans the plain way."""
    if places is not None and len(places.text) == len(text):
        return places
    hay = (lowered if lowered is not None else text.lower()) if fold else text
    return Places(hay) if len(hay) == len(text) else None


class LeadingWords:
    """A compiled pattern whose every match starts with one of ``words`` (in any case when
    ``fold``): the pattern is tried only where one of the words begins (``Places``: a literal
    scan in C per word and text).

    ``\\b(?:by|before|until)\\s+…`` compiled with re.I is tried at every character by ``re`` (no
    literal prefix survives re.I); here it is tried a few dozen times per page. The matches are
    exactly those of ``finditer``: a match can only start where one of its leading words does.
    The pattern must put ``\b`` before a word that opens with a letter or digit: such a word
    inside a longer one ("in" in "within") is passed over without trying the pattern."""

    def __init__(self, rx: re.Pattern, words: tuple[str, ...], fold: bool = True, after: str = ""):
        """``after``: characters right after which a match may also start (with the text's start),
        for a pattern that opens with ``^`` (re.M) or a lookbehind on them."""
        self.rx = rx
        self.fold = fold
        self.after = re.compile("[" + re.escape(after) + "]") if after else None
        self.words = tuple(sorted({w.lower() if fold else w for w in words}))

    @property
    def pattern(self) -> str:
        return self.rx.pattern

    def finditer(
        self, text: str, lowered: Optional[str] = None, places: "Optional[Places]" = None
    ) -> Iterator[re.Match]:
        """``lowered``: ``text.lower()`` when the caller has it; ``places``: a ``Places`` over the
        text the words are looked for in (``text.lower()`` when ``fold``, else ``text``), shared
        by several patterns over one text."""
        places = _places_for(text, self.fold, lowered, places)
        if places is None:
            yield from self.rx.finditer(text)
            return
        # where a leading word starts at a word boundary (each word found by a literal scan in C
        # once per text; "in" inside "within" cannot open a \b-led match and is dropped)
        starts = {i for w in self.words for i in places.word_starts(w)}
        if self.after is not None:
            starts.add(0)
            starts.update(m.end() for m in self.after.finditer(text))
        pos = 0
        for a0 in sorted(starts):
            if a0 < pos:
                continue
            m = self.rx.match(text, a0)
            if m is not None and m.end() > m.start():
                yield m
                pos = m.end()


def _is_word_char(c: str) -> bool:
    """What ``\\w`` matches in a str pattern (letters, digits, the underscore)."""
    return c.isalnum() or c == "_"


class LeadThenWord:
    """A pattern (re.I | re.M) of the form ``(?:^|(?<=[AFTER])\\s*|\\b(?:LEADS)\\s+)(?:WORDS)\\s…``:
    one of ``words`` at a line start, after one of the ``after`` characters and spaces, or after
    one of the ``leads`` and spaces ("to build 50 …", "; establish 10 …"). Tried only at the
    starts that the places of ``words`` imply, not at every lead word and punctuation mark:
    "to" and "and" are hundreds a page, the words a few dozen. The matches are exactly those of
    ``finditer``: every match starts at one of those places (a property test checks)."""

    def __init__(self, rx: re.Pattern, leads: tuple[str, ...], words: tuple[str, ...], after: str):
        self.rx = rx
        self.leads = tuple(sorted({w.lower() for w in leads}))
        self.words = tuple(sorted({w.lower() for w in words}))
        self.after = after

    @property
    def pattern(self) -> str:
        return self.rx.pattern

    def starts(self, text: str, hay: str, places: "Places") -> list[int]:
        """Every place where a match can start (``hay``: the text lowered, ``places`` over it)."""
        n, out = len(text), set()
        for word in self.words:
            for v in places.of(word):
                e = v + len(word)
                if e >= n or not text[e].isspace():
                    continue  # the word is followed by spaces
                if v == 0 or text[v - 1] == "\n":
                    out.add(v)  # ^
                r = v
                while r > 0 and text[r - 1].isspace():
                    r -= 1
                # (?<=[after])\s*: right after an ``after`` character, then only spaces
                out.update(s for s in range(max(r, 1), v + 1) if text[s - 1] in self.after)
                if r < v:  # \b lead \s+: the lead ends where the spaces start
                    for lead in self.leads:
                        b = r - len(lead)
                        if (
                            b >= 0
                            and hay.startswith(lead, b)
                            and (b == 0 or not _is_word_char(text[b - 1]))
                        ):
                            out.add(b)
        return sorted(out)

    def finditer(
        self, text: str, lowered: Optional[str] = None, places: "Optional[Places]" = None
    ) -> Iterator[re.Match]:
        """``lowered``: ``text.lower()`` if the caller has it; ``places``: ``Places`` over it."""
        places = _places_for(text, True, lowered, places)
        if places is None:
            yield from self.rx.finditer(text)
            return
        pos = 0
        for s in self.starts(text, places.text, places):
            if s < pos:
                continue
            m = self.rx.match(text, s)
            if m is not None:
                yield m
                pos = m.end()


_DIGIT_RUN = re.compile(r"\d+")


class WordThenNumber:
    """A compiled pattern whose every match is one of ``words``, whitespace, then a number
    (``\\b(?:at least|more than|…)\\s+\\d…``, any case): tried only where such a word ends right
    before a run of digits. Numbers are few; the words, eighty of them, were looked for at every
    character. The matches are exactly those of ``finditer``."""

    def __init__(self, rx: re.Pattern, words: tuple[str, ...]):
        self.rx = rx
        self.words = tuple(sorted({w.lower() for w in words}))
        self._tail = re.compile(r"\b(?:" + word_trie(self.words) + r")\Z")
        self._reach = max(map(len, self.words)) + 1

    @property
    def pattern(self) -> str:
        return self.rx.pattern

    def finditer(self, text: str, lowered: Optional[str] = None) -> Iterator[re.Match]:
        hay = lowered if lowered is not None else text.lower()
        if len(hay) != len(text):  # a character that lowers to two (İ): offsets would drift
            yield from self.rx.finditer(text)
            return
        pos = 0
        for d in _DIGIT_RUN.finditer(text):
            q = d.start()
            while q > pos and text[q - 1].isspace():
                q -= 1
            if q == d.start() or q <= pos:
                continue  # no whitespace before the number, or it belongs to the previous match
            w = self._tail.search(hay, max(pos, q - self._reach), q)
            m = self.rx.match(text, w.start()) if w else None
            if m is not None:
                yield m
                pos = m.end()
