"""Targets by family of error, before and after: another checkout's parser is run over the
golden files' documents and its targets are scored by today's rules (``score_targets``, the
families of ``data/target_families.json``), next to today's parser on the same documents.

    git worktree add /work/before 6493937      # the parser before the targets issue (#16)
    python bench/confusion.py /work/before      # Markdown table on standard output
    python bench/confusion.py /work/before --json

The other checkout runs in its own process (``python bench/confusion.py --dump CHECKOUT``): it is
given the documents to parse (found here) and prints their targets as JSON; nothing of today's
parser is imported there.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = [ROOT / "golden", ROOT.parent / "shared" / "golden"]
CORPORA = [ROOT / "corpus", ROOT.parent / "shared" / "corpus"]


def golden_files() -> list[Path]:
    return sorted(p for d in GOLDEN if d.is_dir() for p in d.glob("*.json"))


def dump(checkout: Path) -> None:
    """(In the other checkout's process.) The text, language and targets of each document named
    on standard input (a JSON list of [golden file name, document path, language])."""
    sys.path.insert(0, str(checkout))
    import policyparse

    if not Path(policyparse.__file__).resolve().is_relative_to(checkout.resolve()):
        sys.exit(f"imported {policyparse.__file__}, not the one in {checkout}")
    out = {}
    for name, path, language in json.load(sys.stdin):
        d = policyparse.parse(path, language=language).to_dict()
        out[name] = {"text": d["text"], "language": d["language"], "targets": d["targets"]}
    json.dump(out, sys.stdout, ensure_ascii=False)


def jobs() -> list[list]:
    """[golden file name, document path, language] of every golden file whose document is found
    (today's ``find_document``: the other checkout is only asked to parse)."""
    from policyparse.evaluation.golden import find_document, load_golden

    out = []
    for gp in golden_files():
        g = load_golden(gp)
        path = find_document(g["document"], CORPORA)
        if path is not None:
            out.append([gp.name, str(path), g.get("language")])
    return out


def _targets(ts: list[dict]) -> list[SimpleNamespace]:
    return [
        SimpleNamespace(
            value=t["value"],
            unit=t["unit"],
            comparator=t["comparator"],
            kind=t["kind"],
            value_max=t.get("value_max"),
            metric=t.get("metric", ""),
            span=SimpleNamespace(start=t["span"]["start"], end=t["span"]["end"]),
        )
        for t in ts
    ]


def score(docs: dict) -> dict:
    from policyparse.evaluation.golden import load_golden
    from policyparse.evaluation.score import PRF, score_targets

    total = {"targets": PRF(), "metrics": PRF()}
    fams: dict[str, Counter] = {"false": Counter(), "miss": Counter()}
    for gp in golden_files():
        if gp.name not in docs:
            continue
        g = load_golden(gp)
        d = docs[gp.name]
        err: list[dict] = []
        F = score_targets(g, d["text"], d["language"], _targets(d["targets"]), err=err)
        for k in total:
            total[k] += F[k]
        for e in err:
            if e["field"] == "targets":
                fams[e["type"]][e["family"]] += 1
    return {
        "targets": total["targets"].to_dict(),
        "metrics": total["metrics"].to_dict(),
        "false": dict(fams["false"]),
        "miss": dict(fams["miss"]),
    }


def run(checkout: Path, todo: list[list]) -> dict:
    r = subprocess.run(
        [sys.executable, __file__, "--dump", str(checkout)],
        input=json.dumps(todo, ensure_ascii=False),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(r.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("before", type=Path, help="the other checkout (a git worktree)")
    ap.add_argument("--after", type=Path, default=ROOT, help="default: this checkout")
    ap.add_argument("--dump", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    if a.dump:
        return dump(a.before)
    sys.path.insert(0, str(ROOT))
    todo = jobs()
    before, after = score(run(a.before, todo)), score(run(a.after, todo))
    if a.json:
        print(json.dumps({"before": before, "after": after}, ensure_ascii=False, indent=1))
        return
    print(f"{len(golden_files())} golden files; before = {a.before}, after = {a.after}\n")
    print("| | before | after |\n|---|---:|---:|")
    for k in ("precision", "recall", "f1"):
        print(f"| targets {k} | {before['targets'][k]:.3f} | {after['targets'][k]:.3f} |")
    print(f"| metrics named | {before['metrics']['f1']:.3f} | {after['metrics']['f1']:.3f} |")
    for kind, label in (("false", "false"), ("miss", "missed")):
        for fam in sorted(set(before[kind]) | set(after[kind])):
            print(f"| {label}: {fam} | {before[kind].get(fam, 0)} | {after[kind].get(fam, 0)} |")


if __name__ == "__main__":
    main()
