"""Batch: a folder of notices -> one JSON per input (mirroring the tree), task tables, a summary.

Resumable: ``manifest.jsonl`` in the output folder records, per input, its sha256 and the parser
version; a re-run skips inputs whose record matches and whose output exists (``force`` redoes).
Every output is written atomically (temp file + rename), so a killed run leaves no half file and
the next run completes it. A bad file becomes a record in ``errors.jsonl``; the batch goes on.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict
from pathlib import Path
from typing import Callable, Iterator, Optional, Sequence

from ..ingest import EXTENSIONS
from ..limits import Limits
from ..model import Document
from ..render.files import write_atomic
from ..version import __version__
from .options import BatchOptions, Summary
from .worker import output_path, process_one, readable

# one input to parse: (path, path relative to the input folder, sha256)
Job = tuple[str, str, str]

SUPPORTED = tuple(sorted(set(EXTENSIONS)))
MANIFEST = "manifest.jsonl"
ERRORS = "errors.jsonl"
SUMMARY = "summary.json"


def discover(
    root: Path,
    include: Optional[list[str]] = None,
    exclude: Sequence[str] = (),
    skip: Optional[Path] = None,
) -> list[Path]:
    """Supported files under root (sorted), filtered by include/exclude globs on their paths.
    Hidden files, links that lead outside ``root`` (a link to /etc/passwd) and the folder
    ``skip`` (the batch's own output, when it sits inside its input) are never inputs."""
    if root.is_file():
        return [root]
    top = root.resolve()
    out = []
    for p in sorted(root.rglob("*")):
        if not p.is_file() or any(part.startswith(".") for part in p.relative_to(root).parts):
            continue
        real = p.resolve()
        if not real.is_relative_to(top) or (skip is not None and real.is_relative_to(skip)):
            continue
        rel = p.relative_to(root).as_posix()
        if include:
            if not any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(p.name, g) for g in include):
                continue
        elif p.suffix.lower() not in SUPPORTED:
            continue
        if any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(p.name, g) for g in exclude):
            continue
        out.append(p)
    return out


def _end_torn_line(manifest: Path) -> None:
    """A run killed mid-write leaves a last line without its line feed: end it, so that the
    next record starts a line of its own (the torn one is skipped when read)."""
    if manifest.exists() and manifest.stat().st_size:
        with open(manifest, "rb+") as f:
            f.seek(-1, os.SEEK_END)
            if f.read(1) != b"\n":
                f.write(b"\n")


def sha256_file(p: Path) -> str:
    h = hashlib.sha256()
    with open(p, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_manifest(out_dir: Path) -> dict[str, dict]:
    m = {}
    p = out_dir / MANIFEST
    if p.exists():
        # split on line feeds only: a file name may hold U+2028 or U+0085, which splitlines()
        # would take for line ends
        for line in p.read_text("utf-8", errors="replace").split("\n"):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut by a kill
            m[r["file"]] = r
    return m


def run_batch(
    input_dir: str | Path, out_dir: str | Path, opts: Optional[BatchOptions] = None
) -> Summary:
    opts = opts or BatchOptions()
    root, out = Path(input_dir), Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.rglob(".*.tmp"):
        stale.unlink()  # temp files of a run that was killed mid-write
    t0 = time.time()
    files = discover(root, opts.include, opts.exclude, skip=out.resolve())
    manifest = {} if opts.force else read_manifest(out)
    todo: list[Job] = []
    summary = Summary(input=str(root.resolve()), inputs=len(files))
    for p in files:
        rel = p.relative_to(root).as_posix() if root.is_dir() else p.name
        sha = sha256_file(p)
        prev = manifest.get(rel)
        if (
            prev
            and prev.get("status") == "ok"
            and prev.get("sha256") == sha
            and prev.get("parser_version") == __version__
            and output_path(out, rel).exists()
        ):
            summary.skipped += 1
            continue
        todo.append((str(p), rel, sha))
    rows: dict[str, dict[str, list[dict]]] = {}  # table rows of the documents parsed now
    _end_torn_line(out / MANIFEST)
    with open(out / MANIFEST, "a", encoding="utf-8") as mf:

        def record(rec: dict, doc_rows: dict[str, list[dict]], sha: str) -> None:
            """Journal each result as it arrives, so a killed run loses no finished work."""
            rec = {**rec, "sha256": rec.get("sha256", sha), "parser_version": __version__}
            # ASCII: a name that is not UTF-8 (surrogate escapes) and U+2028 stay on one line
            mf.write(json.dumps(rec, ensure_ascii=True) + "\n")
            mf.flush()
            rows[rec["file"]] = doc_rows

        _execute(todo, out, opts, record)
    final = read_manifest(out)
    langs: Counter = Counter()
    fmts: Counter = Counter()
    current = {(p.relative_to(root).as_posix() if root.is_dir() else p.name) for p in files}
    for rel, r in final.items():
        if rel not in current:
            continue
        if r["status"] == "ok":
            summary.parsed += 1
            langs[r["language"]] += 1
            fmts[r["format"]] += 1
            summary.tasks += r.get("tasks", 0)
            summary.units += r.get("units", 0)
            summary.targets += r.get("targets", 0)
            summary.deadlines += r.get("deadlines", 0)
        else:
            summary.errors += 1
    summary.parsed -= summary.skipped  # parsed in this run
    summary.languages, summary.formats = dict(sorted(langs.items())), dict(sorted(fmts.items()))
    summary.seconds = round(time.time() - t0, 2)
    oks = sorted(rel for rel, r in final.items() if rel in current and r["status"] == "ok")
    errs = [final[rel] for rel in sorted(final) if rel in current and final[rel]["status"] != "ok"]
    write_atomic(
        out / ERRORS,
        "".join(
            json.dumps(
                {
                    k: readable(str(r[k])) if r.get(k) is not None else None
                    for k in ("file", "stage", "error", "message")
                },
                ensure_ascii=False,
            )
            + "\n"
            for r in errs
        ),
    )
    _write_tables(out, oks, rows, opts)
    write_atomic(out / SUMMARY, json.dumps(asdict(summary), ensure_ascii=False, indent=1) + "\n")
    if opts.summary:
        _print_summary(summary, out)
    return summary


Record = Callable[[dict, dict[str, list[dict]], str], None]


def _execute(todo: list[Job], out: Path, opts: BatchOptions, record: Record) -> None:
    if not todo:
        return
    if opts.executor == "dask":
        from .dask_runner import run_dask

        for rec, doc_rows, sha in run_dask(todo, out, opts):
            record(rec, doc_rows, sha)
        return
    jobs = opts.jobs or os.cpu_count() or 1
    progress = _progress(opts.progress, len(todo))
    errors = 0
    with progress as bar:
        task = bar.add_task("parsing", total=len(todo), errors=0) if bar else None
        for rec, doc_rows, sha in _results(todo, out, opts, jobs):
            record(rec, doc_rows, sha)
            errors += rec["status"] != "ok"
            if bar:
                bar.update(task, advance=1, errors=errors)


def _die_with_parent() -> None:
    """Worker initialiser: on Linux a worker gets SIGTERM when the batch process dies (kill -9
    included), so no worker outlives it."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: workers end when their queue closes


def _results(
    todo: list[Job], out: Path, opts: BatchOptions, jobs: int
) -> Iterator[tuple[dict, dict[str, list[dict]], str]]:
    """(record, task rows, sha256) of each input as it is done: in this process, or in a pool."""
    # a document that takes longer than the limit is stopped (Limits.timeout_s by default: one
    # hostile file must not stall a batch)
    timeout = opts.timeout_s if opts.timeout_s else Limits.resolve().timeout_s
    if jobs == 1:
        for path, rel, sha in todo:
            yield (*process_one(path, rel, str(out), timeout, sha), sha)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_die_with_parent) as ex:
        futs = {
            ex.submit(process_one, path, rel, str(out), timeout, sha): (rel, sha)
            for path, rel, sha in todo
        }
        for f in as_completed(futs):
            rel, sha = futs[f]
            try:
                rec, doc_rows = f.result()
            except Exception as e:  # noqa: BLE001 - a worker that died is an error record
                rec = {
                    "file": rel,
                    "status": "error",
                    "stage": "worker",
                    "error": type(e).__name__,
                    "message": f"worker process failed: {e}",
                }
                doc_rows = {}
            yield rec, doc_rows, sha


class _NoBar:
    def __enter__(self):
        return None

    def __exit__(self, *a):
        return False


def _progress(enabled: bool, total: int):
    if not enabled:
        return _NoBar()
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task):
            return Text(f"{task.speed:.1f} docs/s" if task.speed else "– docs/s")

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TextColumn("errors: {task.fields[errors]}"),
        TimeElapsedColumn(),
        transient=False,
    )


def _print_summary(s: Summary, out: Path) -> None:
    from rich.console import Console

    # soft wrap: off a terminal (80 columns) a line is not cut in the middle of an item
    c = Console(stderr=True, soft_wrap=True)
    c.print(
        f"[bold]{s.inputs}[/bold] inputs: {s.parsed} parsed, {s.skipped} unchanged (skipped), "
        f"[{'red' if s.errors else 'green'}]{s.errors} errors[/] in {s.seconds:.1f} s"
    )
    c.print(
        f"languages {s.languages}  formats {s.formats}  tasks {s.tasks}  units {s.units}  "
        f"targets {s.targets}  deadlines {s.deadlines}"
    )
    if s.errors:
        c.print(f"errors listed in {out / ERRORS}")


def _write_tables(
    out: Path, rels: list[str], rows: dict[str, dict[str, list[dict]]], opts: BatchOptions
) -> None:
    """The task tables over every document of the batch: rows of the documents parsed in this
    run come from their workers; those of unchanged documents from their JSON."""
    from ..render.tables import TARGET_COLUMNS, document_rows, write_csv, write_jsonl, write_xlsx

    wanted = set(opts.formats)
    if not wanted & {"jsonl", "csv", "xlsx"}:
        return
    texts: list[str] = []
    all_rows: list[dict] = []
    all_targets: list[dict] = []
    for rel in rels:
        p = output_path(out, rel)
        if not p.exists():
            continue
        if "jsonl" in wanted or rel not in rows:
            texts.append(p.read_text("utf-8"))
        tables = (
            rows[rel]
            if rel in rows
            else document_rows(readable(rel), Document.from_dict(json.loads(texts[-1])))
        )
        all_rows += tables["tasks"]
        all_targets += tables["targets"]
    if "jsonl" in wanted:
        write_jsonl(out / "documents.jsonl", texts)
    if "csv" in wanted:
        write_csv(out / "tasks.csv", all_rows)
        write_csv(out / "targets.csv", all_targets, TARGET_COLUMNS)
    if "xlsx" in wanted:
        write_xlsx(out / "tasks.xlsx", all_rows, combined=opts.combined, targets=all_targets)
