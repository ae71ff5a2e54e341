"""Parse every document of the corpora and the hostile set and write each result as JSON, so
that a change meant to be behaviour-preserving (a speed-up) can be checked against the output of
the revision before it:

    git worktree add /tmp/before HEAD~1
    (cd /tmp/before && python /path/to/bench/snapshot.py /tmp/snap-before)
    python bench/snapshot.py /tmp/snap-after
    diff -r /tmp/snap-before /tmp/snap-after && echo identical

Run it with the working directory at the checkout to measure: it parses with the ``policyparse``
found there. A file that fails to parse is written as its error message.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import policyparse

PATTERNS = [
    "corpus/**/*.txt",
    "corpus/**/*.html",
    "corpus/**/*.pdf",
    "corpus/**/*.docx",
    "tests/hostile/*",
]
SKIP = {"SOURCES.md", "expect.json", "make_hostile.py"}


def documents(root: Path) -> list[Path]:
    shared = root.parent / "shared"
    out: list[Path] = []
    for pat in PATTERNS:
        out += sorted(root.glob(pat))
        if pat.startswith("corpus/") and shared.exists():
            out += sorted(shared.glob(pat))
    return [p for p in out if p.is_file() and p.name not in SKIP]


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: python bench/snapshot.py OUT_DIR")
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    root = Path.cwd()
    n = 0
    for p in documents(root):
        # the name must not depend on where the checkout is (/tmp/before and the working one)
        rp = p.resolve()
        rel = str(
            rp.relative_to(root.resolve())
            if rp.is_relative_to(root.resolve())
            else rp.relative_to(root.parent.resolve())
        )
        key = hashlib.md5(rel.encode()).hexdigest()[:8] + "_" + p.name + ".json"
        try:
            d = json.loads(policyparse.parse(p).to_json())  # what a user gets
            d["source"].pop("path", None)
            s = json.dumps(d, ensure_ascii=False, indent=1, sort_keys=True)
        except Exception as e:  # noqa: BLE001 - the error is the output to compare
            s = f"ERROR {type(e).__name__}: {e}".replace(str(root), "<checkout>")
        (out / key).write_text(s + "\n", "utf-8")
        n += 1
    print(f"{n} documents -> {out}")


if __name__ == "__main__":
    main()
