"""A/B timing of two checkouts on the work reports (or the typical notices), alternating, so
that both see the same machine: this shared machine has slow spells in which everything runs up
to a fifth slower, and a figure taken before a change and another taken after it can differ by
that much for no reason.

    git worktree add /tmp/before HEAD~3
    python bench/ab.py /tmp/before .            # 4 rounds: A then B, each best of 8
    python bench/ab.py /tmp/before . --rounds 6
    python bench/ab.py /tmp/before . --typical  # the 54 gov.cn pages' texts (~8 KB) instead

Each round runs ``python bench/ab.py --one CHECKOUT`` in a fresh process for A and then for B; a
process imports ``policyparse`` from its checkout (checked) and prints the best of 8 passes of
``parse(...).to_json()`` over the six work reports of ``../shared/corpus/zh/gwr``. With
``--typical`` the inputs are the texts of the 54 pages of ``../shared/corpus/zh/govcn``, taken
once (by the checkout running this script) into a temporary folder that both sides read.
"""

from __future__ import annotations

import argparse
import gc
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "zh"
REPORTS = CORPUS / "gwr"


def one(checkout: Path, inputs: Path, passes: int = 8) -> float:
    """Best time in seconds of one pass over the ``*.txt`` of ``inputs``, with the policyparse
    of ``checkout``."""
    sys.path.insert(0, str(checkout))
    import policyparse

    if not Path(policyparse.__file__).resolve().is_relative_to(checkout):
        sys.exit(f"imported {policyparse.__file__}, not the one in {checkout}")
    datas = [p.read_bytes() for p in sorted(inputs.glob("*.txt"))]
    if not datas:
        sys.exit(f"no texts in {inputs}")
    for d in datas:
        policyparse.parse(d, format="text").to_json()
    best = float("inf")
    for _ in range(passes):
        gc.collect()
        t = time.perf_counter()
        for d in datas:
            policyparse.parse(d, format="text").to_json()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("a", nargs="?", help="the checkout before")
    ap.add_argument("b", nargs="?", help="the checkout after")
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument(
        "--typical", action="store_true", help="time the 54 gov.cn pages' texts (~8 KB each)"
    )
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--inputs", default=str(REPORTS), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(one(Path(args.one).resolve(), Path(args.inputs)))
        return
    if not (args.a and args.b):
        ap.error("give two checkouts")
    with tempfile.TemporaryDirectory(prefix="ppab-") as tmp:
        inputs = _typical(Path(tmp)) if args.typical else REPORTS
        _rounds(args.a, args.b, inputs, args.rounds)


def _typical(tmp: Path) -> Path:
    """The texts of the gov.cn pages, as the bench's "typical notices" row takes them."""
    import policyparse

    for i, page in enumerate(sorted((CORPUS / "govcn").glob("*.html"))):
        (tmp / f"govcn-text-{i:02d}.txt").write_text(policyparse.parse(page).text, "utf-8")
    return tmp


def _rounds(a: str, b: str, inputs: Path, rounds: int) -> None:
    nbytes = sum(p.stat().st_size for p in inputs.glob("*.txt"))
    ratios = []
    for r in range(rounds):
        t = {}
        for side, checkout in (("a", a), ("b", b)):
            out = subprocess.run(
                [sys.executable, __file__, "--one", checkout, "--inputs", str(inputs)],
                capture_output=True,
                text=True,
                check=True,
            )
            t[side] = float(out.stdout.strip().splitlines()[-1])
        ratios.append(t["b"] / t["a"])
        print(
            f"round {r + 1}: A {t['a'] * 1e3:6.1f} ms {nbytes / 1e6 / t['a']:5.2f} MB/s   "
            f"B {t['b'] * 1e3:6.1f} ms {nbytes / 1e6 / t['b']:5.2f} MB/s   B/A {ratios[-1]:.2f}"
        )
    print(f"B/A: {min(ratios):.2f}-{max(ratios):.2f}")


if __name__ == "__main__":
    main()
