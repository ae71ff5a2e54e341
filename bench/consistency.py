"""Every corpus notice read in each layout against itself: no golden file needed.

    python bench/consistency.py ../shared/corpus              # all layouts
    python bench/consistency.py ../shared/corpus "run together"

The golden files are 15 notices; the corpus holds a hundred. Each notice's text as extracted is
parsed, then rewritten in a layout (bench/layouts.py: run together, "　　"-joined, hard-wrapped,
nbsp-joined, one space) and parsed again; the sections (label, title), the tasks (text, units
with roles), the targets (value, comparator, metric) and the metadata (title, number, date) of
the second parse are scored against the first (micro F1; metadata: the share kept). A parser
that reads language, not layout, scores 1.0 everywhere; the worst notices are listed.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path
from typing import Optional

import policyparse
from policyparse import PolicyParseError

sys.path.insert(0, str(Path(__file__).resolve().parent))
from layouts import LAYOUTS  # noqa: E402

SUFFIXES = (".html", ".htm", ".txt", ".pdf", ".docx")


_SPACE = re.compile(r"\s+")


def _words(text: Optional[str]) -> str:
    """A text less its whitespace: the layouts move line breaks and spaces, not words."""
    return _SPACE.sub("", text or "")


def _sections(doc: policyparse.Document) -> Counter:
    out: Counter = Counter()

    def walk(sections) -> None:
        for s in sections:
            out[(s.label, _words(s.title))] += 1
            walk(s.children)

    walk(doc.sections)
    return out


def _read(doc: policyparse.Document) -> dict[str, Counter]:
    md = doc.metadata
    return {
        "sections": _sections(doc),
        "tasks": Counter(
            (_words(t.text), tuple((r.name, r.role) for r in t.responsible)) for t in doc.tasks
        ),
        "targets": Counter((t.value, t.comparator, _words(t.metric)) for t in doc.targets),
        "metadata": Counter(
            {
                (k, v): 1
                for k, v in (("title", md.title), ("number", md.doc_number), ("date", md.issued_on))
                if v
            }
        ),
    }


def main(args: list[str]) -> None:
    root = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "shared" / "corpus"
    names = args[1:] or list(LAYOUTS)[1:]
    files = sorted(p for p in root.rglob("*") if p.suffix.lower() in SUFFIXES)
    bases = []
    for f in files:
        try:
            text = policyparse.parse(f).text
        except PolicyParseError:
            continue
        bases.append((f.name, text, _read(policyparse.parse_text(text))))
    print(f"{len(bases)} notices under {root}")
    print(f"{'layout':16} {'sections':>9} {'tasks':>9} {'targets':>9} {'metadata':>9}  worst")
    for name in names:
        tp: Counter = Counter()
        fp: Counter = Counter()
        fn: Counter = Counter()
        worst = []
        for fname, text, base in bases:
            got = _read(policyparse.parse_text(LAYOUTS[name](text)))
            for field in base:
                a, b = base[field], got[field]
                tp[field] += sum((a & b).values())
                fp[field] += sum((b - a).values())
                fn[field] += sum((a - b).values())
            lost = sum((base["sections"] - got["sections"]).values())
            if lost:
                worst.append((lost, fname))
        cells = []
        for field in ("sections", "tasks", "targets"):
            d = 2 * tp[field] + fp[field] + fn[field]
            cells.append(f"{2 * tp[field] / d:9.3f}" if d else f"{'-':>9}")
        kept = tp["metadata"] / max(1, tp["metadata"] + fn["metadata"])
        top = ", ".join(f"{n} {k}" for k, n in sorted(worst, reverse=True)[:3])
        print(f"{name:16} {' '.join(cells)} {kept:9.3f}  {top}")


if __name__ == "__main__":
    main(sys.argv[1:])
