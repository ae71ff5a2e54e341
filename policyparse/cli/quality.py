"""``policyparse eval`` and ``policyparse validate``: the parser against golden files, and
outputs (or golden files) against the contract."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .common import DEFAULT_CORPORA, add_corpus, err


def add(sub) -> None:
    s = sub.add_parser("eval", help="score the parser against golden files")
    s.add_argument("golden", nargs="+", help="golden JSON files or folders of them")
    add_corpus(s, "the documents")
    s.add_argument("--json", action="store_true", help="the report as JSON on standard output")
    s.add_argument(
        "--no-errors", action="store_true", help="omit the list of misses and false hits"
    )
    s.add_argument("--floors", help="fail when F1 falls below the floors in this file")
    s.add_argument("--update-floors", help="pin today's F1 figures as floors in this file")
    s.add_argument(
        "--allow-lower",
        action="store_true",
        help="let --update-floors lower a floor (needs --note)",
    )
    s.add_argument("--note", help="why floors change (kept in the floors file)")
    s.set_defaults(func=cmd_eval)

    s = sub.add_parser("validate", help="validate output JSON, or golden files with --golden")
    s.add_argument("files", nargs="+", help="parsed JSON files, or golden files with --golden")
    s.add_argument(
        "--golden", action="store_true", help="the files are golden files: check their quotes too"
    )
    add_corpus(s, "the golden files' documents")
    s.set_defaults(func=cmd_validate)


def golden_paths(items: list[str]) -> list[Path]:
    """Golden files given as files or folders of them."""
    out = []
    for x in items:
        p = Path(x)
        out += sorted(p.glob("*.json")) if p.is_dir() else [p]
    return out


def cmd_eval(a: argparse.Namespace) -> int:
    from ..evaluation.score import evaluate
    from ..render.report import print_report

    paths = golden_paths(a.golden)
    if not paths:
        err("no golden files given or found")
        return 2
    corpus_dirs = a.corpus or DEFAULT_CORPORA
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        err(f"no such golden file: {', '.join(missing)}")
        return 2
    rep = evaluate(paths, corpus_dirs)
    if not rep.documents:
        for f in rep.failures:
            err(f"{f.get('golden', '')}: {f.get('error', f)}")
        err("nothing was scored (every golden file failed to load or its document is missing)")
        return 1
    if a.json:
        print(json.dumps(rep.to_dict(), ensure_ascii=False, indent=1))
    else:
        print_report(rep, show_errors=not a.no_errors)
    rc = 1 if rep.failures else 0
    if a.update_floors:
        from ..evaluation.floors import update

        try:
            update(rep, a.update_floors, paths, corpus_dirs, a.allow_lower, a.note)
        except ValueError as e:
            err(str(e))
            return 1
    if a.floors:
        from ..evaluation.floors import check

        problems = check(rep, a.floors, paths, corpus_dirs)
        for p in problems:
            err(f"floors: {p}")
        rc = rc or (1 if problems else 0)
    return rc


def cmd_validate(a: argparse.Namespace) -> int:
    return _validate_golden(a) if a.golden else _validate_outputs(a)


def _validate_golden(a: argparse.Namespace) -> int:
    from ..errors import PolicyParseError
    from ..evaluation.golden import check_golden

    rc = 0
    for f in a.files:
        try:
            g, problems = check_golden(f, a.corpus or DEFAULT_CORPORA)
        except PolicyParseError as e:
            err(str(e))
            rc = 1
            continue
        for p in problems:
            err(f"{f}: {p}")
        rc = rc or (1 if problems else 0)
        if not problems:
            print(
                f"{f}: ok ({len(g['tasks'])} tasks, {len(g['targets'])} targets, "
                f"{len(g['deadlines'])} deadlines)"
            )
    return rc


def _validate_outputs(a: argparse.Namespace) -> int:
    from ..schemas import InvalidDocument, read_document

    rc = 0
    for f in a.files:
        try:
            read_document(Path(f).read_bytes())
            print(f"{f}: ok")
        except OSError as e:
            err(f"{f}: {e.strerror or e}")
            rc = 1
        except InvalidDocument as e:
            err(f"{f}: {e}")
            rc = 1
    return rc
