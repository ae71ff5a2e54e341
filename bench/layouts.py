"""The same notices in six layouts, scored against the same golden files: a parser that reads
language, not layout, scores the same on each (issue #27).

    python bench/layouts.py golden ../shared/golden        # F1 per field and layout

Layouts of a document's cleaned text: as extracted; every line break removed (run together);
paragraphs joined by "　　" (a crawler's cell); every paragraph hard-wrapped at 38 characters
(pdftotext output); joined by two no-break spaces (a page's &nbsp;&nbsp; indents); joined by
one space. Metadata kept: of the metadata found as extracted, the share still found.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path
from typing import Callable

import policyparse
from policyparse.base.script import has_han
from policyparse.evaluation.golden import find_document, load_golden
from policyparse.evaluation.score import FIELDS, PRF, score_document

WRAP = 38
ROOT = Path(__file__).resolve().parents[1]
CORPORA = (ROOT / "corpus", ROOT.parent / "shared" / "corpus")


def run_together(text: str) -> str:
    return text.replace("\n", "")


def gap_joined(text: str) -> str:
    return "\u3000\u3000".join(text.split("\n"))


def nbsp_joined(text: str) -> str:
    """A page's &nbsp;&nbsp; indents kept where the line breaks were."""
    return "\u00a0\u00a0".join(text.split("\n"))


def space_joined(text: str) -> str:
    """One space where each line break was."""
    return " ".join(text.split("\n"))


def hard_wrapped(text: str, width: int = WRAP) -> str:
    """Chinese lines cut every ``width`` characters (anywhere, as pdftotext cuts CJK); English
    lines wrapped between words at 72 characters, as a mail client or pdftotext wraps them."""
    out = []
    for line in text.split("\n"):
        if has_han(line):
            out += [line[i : i + width] for i in range(0, len(line), width)] or [""]
        else:
            out += textwrap.wrap(line, 72, break_long_words=False, break_on_hyphens=False) or [""]
    return "\n".join(out)


LAYOUTS: dict[str, Callable[[str], str]] = {
    "as extracted": lambda t: t,
    "run together": run_together,
    "gap-joined": gap_joined,
    "hard-wrapped": hard_wrapped,
    "nbsp-joined": nbsp_joined,
    "space-joined": space_joined,
}
META = ("title", "issuer", "doc_number", "issued_on", "published_on")


def score(goldens: list[Path]) -> tuple[dict[str, dict[str, PRF]], dict[str, list[int]]]:
    """F1 counts per layout and field, and per layout (metadata kept, metadata found)."""
    totals = {name: {f: PRF() for f in FIELDS} for name in LAYOUTS}
    kept = {name: [0, 0] for name in LAYOUTS}
    for gp in goldens:
        g = load_golden(gp)
        path = find_document(g["document"], CORPORA)
        if path is None:
            continue
        text = policyparse.parse(path, language=g.get("language")).text
        base = None
        for name, f in LAYOUTS.items():
            doc = policyparse.parse_text(f(text), language=g.get("language"))
            ds = score_document(g, doc, str(gp))
            for k, v in ds.fields.items():
                if not (k == "tasks" and "tasks" in ds.skipped):
                    totals[name][k] += v
            md = {k: getattr(doc.metadata, k) for k in META}
            if base is None:
                base = md
            found = [k for k in META if base[k]]
            kept[name][0] += sum(1 for k in found if md[k] == base[k])
            kept[name][1] += len(found)
    return totals, kept


def main(dirs: list[str]) -> None:
    goldens = sorted(p for d in dirs for p in Path(d).glob("*.json"))
    totals, kept = score(goldens)
    fields = ["sections", "tasks", "units", "targets", "deadlines"]
    print(f"{'layout':14}" + "".join(f"{f:>11}" for f in fields) + "  metadata kept")
    for name in LAYOUTS:
        row = "".join(f"{totals[name][f].f1:>11.3f}" for f in fields)
        k, n = kept[name]
        print(f"{name:14}{row}  {k}/{n}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["golden", "../shared/golden"])
