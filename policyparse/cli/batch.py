"""``policyparse batch``: a folder of notices parsed in parallel, resumable, into a folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import err


def add(sub) -> None:
    s = sub.add_parser("batch", help="parse a folder of documents")
    s.add_argument("input", help="a folder of documents (or one document)")
    s.add_argument("-o", "--output", required=True, help="the output folder (made if missing)")
    s.add_argument("--include", action="append", help="glob of files to take (repeatable)")
    s.add_argument("--exclude", action="append", help="glob of files to skip (repeatable)")
    s.add_argument("--jobs", type=int, default=0, help="worker processes (default: all cores)")
    s.add_argument("--force", action="store_true", help="redo inputs already done")
    s.add_argument(
        "--format",
        action="append",
        choices=["json", "jsonl", "csv", "xlsx"],
        help="outputs besides one JSON per input (repeatable): "
        "documents.jsonl, tasks.csv, tasks.xlsx",
    )
    sheets = s.add_mutually_exclusive_group()
    sheets.add_argument(
        "--combined",
        action="store_true",
        default=None,
        help="xlsx: one sheet of tasks for all documents (the default past 10 documents)",
    )
    sheets.add_argument(
        "--sheet-per-document",
        dest="combined",
        action="store_false",
        help="xlsx: a sheet of tasks for each document (the default up to 10)",
    )
    s.add_argument(
        "--executor",
        choices=["local", "dask"],
        default="local",
        help="where to parse (default: local)",
    )
    s.add_argument("--scheduler", help="dask scheduler address, e.g. tcp://127.0.0.1:8786")
    s.add_argument(
        "--timeout",
        type=float,
        default=None,
        help="seconds per document (default: Limits.timeout_s, POLICYPARSE_TIMEOUT_S)",
    )
    s.add_argument(
        "--no-progress", action="store_true", help="no progress bar (the summary is still printed)"
    )
    s.add_argument(
        "--db",
        help="also load the outputs into this store (a SQLite file, or a postgresql:// URL); "
        "incremental: changed documents are written again, those whose input is gone removed",
    )
    s.set_defaults(func=cmd_batch)


def cmd_batch(a: argparse.Namespace) -> int:
    from ..batch.runner import BatchOptions, run_batch

    if not Path(a.input).exists():
        err(f"{a.input}: no such file or folder")
        return 2
    opts = BatchOptions(
        include=a.include or None,
        exclude=a.exclude or [],
        jobs=a.jobs,
        force=a.force,
        formats=a.format or ["json"],
        combined=a.combined,
        executor=a.executor,
        scheduler=a.scheduler,
        progress=not a.no_progress,
        timeout_s=a.timeout,
    )
    summary = run_batch(a.input, a.output, opts)
    if a.db:
        from ..store import open_store

        with open_store(a.db) as store:
            rep = store.load(a.output)
        err(f"store {store.where}: {rep}")
        for f, why in rep.errors:
            err(f"  {f}: {why}")
    return 1 if summary.errors else 0
