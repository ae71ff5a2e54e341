"""The pipeline's tokenizer: tokens are the pieces the components need, not words.

A token is a known unit name (longest match, found by an Aho–Corasick automaton built from the
unit registry) or a run of text up to and including a sentence end (。！？；!?; a line break; a
full stop before a space or the end; with the line break that follows it) or up to the next unit
name. The components work on character offsets; what they need from tokens is that every unit
name is whole (so the PhraseMatcher in ``pp_units`` can label it) and that every sentence ends at
a token's end (``pp_sentences``). A token per Chinese character cost ~0.7 µs each to build, more
than the rest of the pipeline together; chunks cut the token count about twenty-five-fold. The
cost is linear in the text (one automaton pass over the windows where names can be, one regex
pass), so hostile input (10,000 brackets in a row) stays cheap.
"""

from __future__ import annotations

import re
from typing import Iterable

from spacy.tokens import Doc
from spacy.vocab import Vocab

from ..units.names import NameSpans

# what ends a sentence: 。！？；!?; a line break, "." before a space or the end (3.5, e.g. stay
# whole); a line break right after a mark belongs to it (no sentence of a lone line break)
SENTENCE_END = re.compile(r"(?:[。！？；!?;]|\.(?=\s|$))\n?|\n")
# a sentence with its end mark (the same rule, unrolled so that re runs through the text between
# marks in one loop and skips to them: it opens with a character class); findall gives the
# sentences and then an empty match at the end
SENTENCES = re.compile(
    r"[^。！？；!?;\n.]*(?:\.(?!\s|$)[^。！？；!?;\n.]*)*(?:[。！？；!?;.]\n?|\n)?"
)


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
        words: list[str] = []
        pos = 0
        for s, e in self.unit_spans(text) + [(len(text), len(text))]:
            if s > pos:
                # between two names, "." before the second one ends a token (not a
                # sentence: pp_sentences reads the whole text)
                words += SENTENCES.findall(text, pos, s)
                words.pop()  # the empty match at the end
            if e > s:
                words.append(text[s:e])
            pos = e
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
