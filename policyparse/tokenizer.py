"""A linear-time tokenizer for the pipeline: a Chinese character, a run of letters or digits, a
run of whitespace, or one other character is a token.

spaCy's rule-based English tokenizer splits affixes one character at a time, which turns a long
run of punctuation with no spaces (hostile input, or a scraped page's ASCII art) quadratic. The
pipeline's components work on character offsets, so they need tokens that are cheap and
consistent (phrase patterns are tokenized the same way), not linguistically fine ones."""
from __future__ import annotations

import re

from spacy.tokens import Doc
from spacy.vocab import Vocab

TOKEN = re.compile(r"\s+|[\u3400-\u9fff\uf900-\ufaff]|[^\W_]+|.", re.S)


class RegexTokenizer:
    def __init__(self, vocab: Vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words = TOKEN.findall(text)  # whitespace runs are tokens too: no per-token Python work
        return Doc(self.vocab, words=words, spaces=[False] * len(words))

    def pipe(self, texts, batch_size: int = 1000):
        for t in texts:
            yield self(t)

    # spaCy calls these when a pipeline is saved; there is nothing to save
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "RegexTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        pass

    def from_disk(self, path, **kwargs) -> "RegexTokenizer":
        return self
