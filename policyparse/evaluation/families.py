"""Families of error in targets (condition, grant, past, forecast, restatement…), for the
confusion report of ``policyparse eval``: which kinds of number the parser takes for targets and
which kinds of target it misses. The families and their cues are data
(``data/target_families.json``, with examples); this module only reads the windows around a
target and asks them in order. It judges errors after the fact and never feeds the parser."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Sequence

from ..base.datafiles import load
from ..extract.targets import rules

BEFORE = 60  # characters read before the number, within its sentence
AFTER = 12
_SENTENCE = re.compile(r"[。；;！？!?\n]|\.\s")


@dataclass(frozen=True)
class Family:
    name: str
    applies: frozenset[str]
    check: Optional[str]
    cues: dict[str, dict[str, tuple[re.Pattern, ...]]]  # language -> window -> patterns
    all: bool  # every window with cues must match (else any one)


@lru_cache(maxsize=1)
def families() -> tuple[Family, ...]:
    out = []
    for f in load("target_families.json")["families"]:
        cues = {
            lang: {w: tuple(re.compile(p, re.I) for p in ps) for w, ps in f.get(lang, {}).items()}
            for lang in ("zh", "en")
        }
        out.append(
            Family(f["name"], frozenset(f["applies"]), f.get("check"), cues, f.get("all", False))
        )
    return tuple(out)


@lru_cache(maxsize=2)
def _comparator_words(language: str) -> re.Pattern:
    data = rules(language).data
    words = [w for g in data["pre"] + data["post"] for w in g["words"]]
    words = sorted(set(words), key=len, reverse=True)
    flags = re.I if language == "en" else 0
    return re.compile("|".join(re.escape(w) for w in words), flags)


def _windows(text: str, start: int, end: int) -> dict[str, str]:
    lo = max(0, start - BEFORE)
    ends = [c.end() for c in _SENTENCE.finditer(text, lo, start)]
    before = text[ends[-1] if ends else lo : start]
    return {"before": before, "quote": text[start:end], "after": text[end : end + AFTER]}


def classify(
    text: str,
    start: int,
    end: int,
    kind: str,
    language: str,
    value: Optional[float] = None,
    unit: str = "",
    earlier: Sequence[tuple[float, str]] = (),
) -> str:
    """The family of a false (``kind`` 'false') or missed ('miss') target at ``text[start:end]``:
    the first family of that kind whose cues are found around it, else 'other'. ``earlier`` are
    the (value, unit) of the document's targets before it, for restatements."""
    win = _windows(text, start, end)
    for f in families():
        if kind not in f.applies:
            continue
        if f.check == "restatement":
            if value is not None and (value, unit) in earlier:
                return f.name
            continue
        if f.check == "no_comparator":
            if not _comparator_words(language).search(win["quote"]):
                return f.name
            continue
        cues = f.cues.get(language, {})
        if not cues:
            continue
        hits = [any(p.search(win[w]) for p in ps) for w, ps in cues.items()]
        if all(hits) if f.all else any(hits):
            return f.name
    return "other"


def classify_example(example: str, kind: str) -> str:
    """An example of the data file (a context with the target in [brackets]) classified."""
    a, b = example.index("["), example.index("]")
    text = example[:a] + example[a + 1 : b] + example[b + 1 :]
    language = "zh" if re.search(r"[\u4e00-\u9fff]", example) else "en"
    return classify(text, a, b - 1, kind, language)
