"""Golden files: load and validate (schema + every quote found exactly once), and draft new ones.

A golden file names its document (``document``); it is found under one of the corpus folders.
``annotate`` writes a draft from the parser's output, marked ``"draft": true``: an annotator
corrects it against the text and removes the mark; eval refuses drafts as gold.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

import jsonschema

from ..errors import GoldenError
from ..model import Document
from ..schemas import schema

_WS = re.compile(r"\s+")


def squash(s: str) -> tuple[str, list[int]]:
    """Text without whitespace, and for each kept char its offset in the original."""
    out, idx = [], []
    for i, ch in enumerate(s):
        if not ch.isspace():
            out.append(ch)
            idx.append(i)
    return "".join(out), idx


@dataclass
class QuoteIndex:
    """Finds quotes in a text whatever the whitespace (ANNOTATION.md: whitespace may differ)."""

    text: str
    flat: str = ""
    idx: list[int] = field(default_factory=list)

    def __post_init__(self):
        self.flat, self.idx = squash(self.text)

    def find_all(self, quote: str) -> list[tuple[int, int]]:
        q, _ = squash(quote)
        if not q:
            return []
        out: list[tuple[int, int]] = []
        pos = 0
        while True:
            i = self.flat.find(q, pos)
            if i < 0:
                return out
            out.append((self.idx[i], self.idx[i + len(q) - 1] + 1))
            pos = i + 1

    def find(self, quote: str, after: int = 0) -> Optional[tuple[int, int]]:
        for a, b in self.find_all(quote):
            if a >= after:
                return a, b
        return None


def load_golden(path: str | Path, allow_draft: bool = False) -> dict:
    p = Path(path)
    try:
        g = json.loads(p.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise GoldenError(f"cannot read golden file ({e})", str(p)) from None
    try:
        jsonschema.validate(g, schema("golden"))
    except jsonschema.ValidationError as e:
        loc = "/".join(str(x) for x in e.absolute_path) or "(root)"
        raise GoldenError(f"invalid golden file at {loc}: {e.message}", str(p)) from None
    if g.get("draft") and not allow_draft:
        raise GoldenError(
            "is a draft written by 'policyparse annotate'; check it against the text and "
            'remove "draft": true before using it as gold',
            str(p),
        )
    return g


def find_document(name: str, corpus_dirs: Iterable[str | Path]) -> Optional[Path]:
    """The first file called ``name`` under any corpus folder (searched recursively)."""
    for d in corpus_dirs:
        d = Path(d)
        if (d / name).is_file():
            return d / name
        hits = sorted(d.rglob(name)) if d.is_dir() else []
        if hits:
            return hits[0]
    return None


def check_quotes(g: dict, text: str) -> list[str]:
    """Problems with a golden file's quotes against a document text (each must occur once)."""
    qi = QuoteIndex(text)
    problems = []

    def once(q: str, what: str):
        n = len(qi.find_all(q))
        if n != 1:
            problems.append(
                f"{what} quote {q!r} occurs {n} times in the text (must be exactly once)"
            )

    for i, t in enumerate(g.get("tasks", []), 1):
        once(t["start"], f"task {i} start")
        once(t["end"], f"task {i} end")
        s, e = qi.find(t["start"]), qi.find(t["end"])
        if s and e and e[1] <= s[0]:
            problems.append(f"task {i}: end quote comes before start quote")
    for i, t in enumerate(g.get("targets", []), 1):
        once(t["quote"], f"target {i}")
    for i, d in enumerate(g.get("deadlines", []), 1):
        once(d["quote"], f"deadline {i}")
    return problems


def _quote(qi: QuoteIndex, a: int, b: int, start: bool = True) -> str:
    """A start/end quote of a task: 15-40 characters (more if needed), found once in the text."""
    text = qi.text
    for k in range(min(40, b - a), b - a + 1):
        q = text[a : a + k] if start else text[b - k : b]
        if len(qi.find_all(q)) == 1:
            return q
    return text[a:b]


def unique_quote(qi: QuoteIndex, a: int, b: int) -> str:
    """text[a:b], widened to the left until it occurs once in the text."""
    for k in range(0, 80):
        q = qi.text[max(0, a - k) : b]
        if len(qi.find_all(q)) == 1:
            return q
    return qi.text[a:b]


def draft_from(doc: Document, document_name: str) -> dict:
    """A golden draft from a parsed document, for an annotator to correct."""
    text = doc.text
    qi = QuoteIndex(text)
    secs = [
        {"level": s.level, "label": s.label, "title": s.title}
        for s in doc.iter_sections()
        if s.level <= 2
    ]
    tasks = []
    for t in doc.tasks:
        tasks.append(
            {
                "start": _quote(qi, t.span.start, t.span.end, True),
                "end": _quote(qi, t.span.start, t.span.end, False),
                "attribution": t.attribution,
                "units": [
                    {"text": r.text, "key": r.name_zh or r.name, "role": r.role}
                    for r in t.responsible
                ],
                "division_of_duties": any(r.division_of_duties for r in t.responsible),
            }
        )
    md = doc.metadata
    return {
        "golden_version": 1,
        "draft": True,
        "notes": "DRAFT written by 'policyparse annotate' from the parser's output. "
        "Read the document, "
        'correct every field, then delete the "draft" key.',
        "document": document_name,
        "language": doc.language,
        "metadata": {
            "title": md.title,
            "alt_titles": md.alt_titles,
            "issuer": md.issuer[0] if len(md.issuer) == 1 else md.issuer,
            "doc_number": md.doc_number,
            "issued_on": md.issued_on,
            "published_on": md.published_on,
        },
        "sections": secs,
        "tasks": tasks,
        "targets": [
            {
                "quote": unique_quote(qi, x.span.start, x.span.end),
                "metric": x.metric,
                "comparator": x.comparator,
                "value": x.value,
                "unit": x.unit,
                "kind": x.kind,
                **({"value_max": x.value_max} if x.value_max is not None else {}),
            }
            for x in doc.targets
        ],
        "deadlines": [
            {"quote": unique_quote(qi, x.span.start, x.span.end), "date": x.date}
            for x in doc.deadlines
            if x.date
        ],
    }


def check_golden(path: str | Path, corpus_dirs: Iterable[str | Path]) -> tuple[dict, list[str]]:
    """A golden file read and checked against its document: (the file, its problems). Problems:
    its document cannot be found, a quote is missing or not unique, it is still a draft. A
    file that cannot be read at all raises ``GoldenError``."""
    from ..api import parse

    g = load_golden(path, allow_draft=True)
    dirs = list(corpus_dirs)
    doc_path = find_document(g["document"], dirs)
    if doc_path is None:
        where = ", ".join(map(str, dirs))
        return g, [
            f"document {g['document']!r} not found in {where} (give its folder with --corpus DIR)"
        ]
    problems = check_quotes(g, parse(doc_path, language=g.get("language")).text)
    if g.get("draft"):
        problems.insert(0, 'is still a draft (remove "draft": true once checked)')
    return g, problems
