"""The pipeline's tokenizer: tokens are the pieces the components need, not words.

A token is a known unit name (longest match, found by an Aho–Corasick automaton built from the
unit registry) or a run of text up to and including a sentence end (。！？；!?; a line break; a
full stop before a space or the end) or up to the next unit name. The components work on
character offsets; what they need from tokens is that every unit name is whole (so the
PhraseMatcher in ``pp_units`` can label it) and that every sentence ends at a token's end
(``pp_sentences``). A token per Chinese character cost ~0.7 µs each to build, more than the rest
of the pipeline together; chunks cut the token count about twentyfold. The cost is linear in the
text (one automaton pass, one regex split), so hostile input (10,000 brackets in a row) stays cheap.
"""
from __future__ import annotations

import re
from typing import Iterable

from spacy.tokens import Doc
from spacy.vocab import Vocab

from .names import NameSpans

# what ends a sentence: 。！？；!?; a line break, "." before a space or the end (3.5, e.g. stay
# whole). The pattern opens with a character class so that re skips to candidates
SENTENCE_END = re.compile(r"[。！？；!?;\n]|\.(?=\s|$)")


def ends_sentence(text: str, end: int) -> bool:
    """Whether a token ending at ``end`` in ``text`` closes a sentence (``SENTENCE_END``'s rule)."""
    if end <= 0:
        return False
    ch = text[end - 1]
    if ch == ".":
        return end == len(text) or text[end].isspace()
    return ch in "。！？；!?;\n"


class ChunkTokenizer:
    """Split text at known unit names and after sentence ends (see the module docstring).

    ``names`` are the unit names to keep whole; for ``language="en"`` they match case-insensitively
    and only at word boundaries."""

    def __init__(self, vocab: Vocab, names: "Iterable[str] | NameSpans" = (), language: str = "zh"):
        self.vocab = vocab
        self.language = language
        self.names = names if isinstance(names, NameSpans) else NameSpans(names, language)

    def unit_spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every known name, longest and leftmost first, not overlapping."""
        return self.names.spans(text)

    def words(self, text: str) -> list[str]:
        """The tokens' texts, in order; they join to ``text``."""
        cuts = [m.end() for m in SENTENCE_END.finditer(text)]
        cuts.append(len(text))
        words: list[str] = []
        pos = i = 0
        for s, e in self.unit_spans(text) + [(len(text), len(text))]:
            while cuts[i] <= s:  # sentences before the name (the last cut is the text's end)
                if cuts[i] > pos:
                    words.append(text[pos:cuts[i]])
                    pos = cuts[i]
                if cuts[i] == len(text):
                    break
                i += 1
            if s > pos:
                words.append(text[pos:s])
            if e > s:
                words.append(text[s:e])
                while cuts[i] < e:  # a "." inside a name ("U.S. Trade ...") cuts nothing
                    i += 1
            pos = max(pos, e)
        return words

    def __call__(self, text: str) -> Doc:
        words = self.words(text)
        return Doc(self.vocab, words=words, spaces=[False] * len(words))

    def pipe(self, texts, batch_size: int = 1000):
        for t in texts:
            yield self(t)

    # spaCy calls these when a pipeline is saved; the automaton is rebuilt from the registry on load
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "ChunkTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        pass

    def from_disk(self, path, **kwargs) -> "ChunkTokenizer":
        return self
