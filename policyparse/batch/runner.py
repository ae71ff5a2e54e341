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
import signal
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Optional

from .. import __version__
from ..render.files import write_atomic
from ..ingest import EXTENSIONS

SUPPORTED = tuple(sorted(set(EXTENSIONS)))
MANIFEST = "manifest.jsonl"
ERRORS = "errors.jsonl"
SUMMARY = "summary.json"


@dataclass
class BatchOptions:
    include: Optional[list[str]] = None
    exclude: list[str] = field(default_factory=list)
    jobs: int = 0
    force: bool = False
    formats: list[str] = field(default_factory=lambda: ["json"])
    combined: bool = False
    executor: str = "local"
    scheduler: Optional[str] = None
    progress: bool = True
    timeout_s: Optional[int] = None


@dataclass
class Summary:
    inputs: int = 0
    parsed: int = 0
    skipped: int = 0
    errors: int = 0
    languages: dict = field(default_factory=dict)
    formats: dict = field(default_factory=dict)
    tasks: int = 0
    units: int = 0
    targets: int = 0
    deadlines: int = 0
    seconds: float = 0.0
    parser_version: str = __version__


def discover(root: Path, include: Optional[list[str]] = None, exclude: list[str] = ()) -> list[Path]:
    """Supported files under root (sorted), filtered by include/exclude globs on the relative path."""
    if root.is_file():
        return [root]
    out = []
    for p in sorted(root.rglob("*")):
        if not p.is_file() or any(part.startswith(".") for part in p.relative_to(root).parts):
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


def sha256_file(p: Path) -> str:
    h = hashlib.sha256()
    with open(p, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def output_path(out_dir: Path, rel: str) -> Path:
    return out_dir / (rel + ".json")


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout()


def process_one(path: str, rel: str, out_dir: str, timeout_s: Optional[int] = None) -> dict:
    """Parse one file and write its JSON; return a small record (never raises)."""
    from ..api import parse
    from ..errors import PolicyParseError

    import threading

    rec = {"file": rel, "status": "ok"}
    # SIGALRM stops a runaway parse; signals work only in a process's main thread
    use_alarm = bool(timeout_s) and hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    if use_alarm:
        old = signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(int(timeout_s))
    try:
        doc = parse(path)
        doc.source.path = rel  # relative, so outputs do not depend on where the batch ran
        write_atomic(output_path(Path(out_dir), rel), doc.to_json() + "\n")
        rec.update(sha256=doc.source.sha256, language=doc.language, format=doc.source.format,
                   tasks=len(doc.tasks), units=len(doc.units), targets=len(doc.targets),
                   deadlines=len(doc.deadlines), warnings=len(doc.warnings))
    except _Timeout:
        rec.update(status="error", stage="timeout", error="Timeout",
                   message=f"parsing took longer than {timeout_s} s; stopped")
    except PolicyParseError as e:
        rec.update(status="error", **{k: v for k, v in e.to_record().items() if k != "file"})
    except Exception as e:  # noqa: BLE001 - one bad file must not stop a batch; the record says what broke
        rec.update(status="error", stage="parse", error=type(e).__name__, message=str(e)[:500])
    finally:
        if use_alarm:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, old)
    return rec


def _warm() -> None:
    """Worker initialiser: build both pipelines once per process."""
    from ..nlp.pipeline import load
    load("zh")
    load("en")


def read_manifest(out_dir: Path) -> dict[str, dict]:
    m = {}
    p = out_dir / MANIFEST
    if p.exists():
        for line in p.read_text("utf-8").splitlines():
            try:
                r = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut by a kill
            m[r["file"]] = r
    return m


def run_batch(input_dir: str | Path, out_dir: str | Path, opts: Optional[BatchOptions] = None) -> Summary:
    opts = opts or BatchOptions()
    root, out = Path(input_dir), Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.rglob(".*.tmp"):
        stale.unlink()  # temp files of a run that was killed mid-write
    t0 = time.time()
    files = discover(root, opts.include, opts.exclude)
    manifest = {} if opts.force else read_manifest(out)
    todo, summary = [], Summary(inputs=len(files))
    for p in files:
        rel = p.relative_to(root).as_posix() if root.is_dir() else p.name
        sha = sha256_file(p)
        prev = manifest.get(rel)
        if prev and prev.get("status") == "ok" and prev.get("sha256") == sha \
                and prev.get("parser_version") == __version__ and output_path(out, rel).exists():
            summary.skipped += 1
            continue
        todo.append((str(p), rel, sha))
    with open(out / MANIFEST, "a", encoding="utf-8") as mf:
        def record(rec: dict, sha: str) -> None:
            """Journal each result as it arrives, so a killed run loses no finished work."""
            rec = {**rec, "sha256": rec.get("sha256", sha), "parser_version": __version__}
            mf.write(json.dumps(rec, ensure_ascii=False) + "\n")
            mf.flush()

        _execute(todo, out, opts, record)
    final = read_manifest(out)
    langs, fmts = Counter(), Counter()
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
    write_atomic(out / ERRORS, "".join(json.dumps({k: r.get(k) for k in ("file", "stage", "error", "message")},
                                                  ensure_ascii=False) + "\n" for r in errs))
    _write_tables(out, oks, opts)
    write_atomic(out / SUMMARY, json.dumps(asdict(summary), ensure_ascii=False, indent=1) + "\n")
    if opts.progress:
        _print_summary(summary, out)
    return summary


def _execute(todo: list[tuple[str, str, str]], out: Path, opts: BatchOptions, record) -> None:
    if not todo:
        return
    if opts.executor == "dask":
        from .dask_runner import run_dask
        for rec, sha in run_dask(todo, out, opts):
            record(rec, sha)
        return
    jobs = opts.jobs or os.cpu_count() or 1
    progress = _progress(opts.progress, len(todo))
    errors = 0
    with progress as bar:
        task = bar.add_task("parsing", total=len(todo), errors=0) if bar else None
        if jobs == 1:
            for path, rel, sha in todo:
                rec = process_one(path, rel, str(out), opts.timeout_s)
                record(rec, sha)
                errors += rec["status"] != "ok"
                if bar:
                    bar.update(task, advance=1, errors=errors)
        else:
            with ProcessPoolExecutor(max_workers=jobs, initializer=_warm) as ex:
                futs = {ex.submit(process_one, path, rel, str(out), opts.timeout_s): (rel, sha)
                        for path, rel, sha in todo}
                for f in as_completed(futs):
                    rel, sha = futs[f]
                    try:
                        rec = f.result()
                    except Exception as e:  # noqa: BLE001 - a worker that died is an error record
                        rec = {"file": rel, "status": "error", "stage": "worker", "error": type(e).__name__,
                               "message": f"worker process failed: {e}"}
                    record(rec, sha)
                    errors += rec["status"] != "ok"
                    if bar:
                        bar.update(task, advance=1, errors=errors)


class _NoBar:
    def __enter__(self):
        return None

    def __exit__(self, *a):
        return False


def _progress(enabled: bool, total: int):
    if not enabled:
        return _NoBar()
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn,
                               TimeElapsedColumn)
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task):
            return Text(f"{task.speed:.1f} docs/s" if task.speed else "– docs/s")

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), RateColumn(),
                    TextColumn("errors: {task.fields[errors]}"), TimeElapsedColumn(), transient=False)


def _print_summary(s: Summary, out: Path) -> None:
    from rich.console import Console
    c = Console(stderr=True)
    c.print(f"[bold]{s.inputs}[/bold] inputs: {s.parsed} parsed, {s.skipped} unchanged (skipped), "
            f"[{'red' if s.errors else 'green'}]{s.errors} errors[/] in {s.seconds:.1f} s")
    c.print(f"languages {s.languages}  formats {s.formats}  tasks {s.tasks}  units {s.units}  "
            f"targets {s.targets}  deadlines {s.deadlines}")
    if s.errors:
        c.print(f"errors listed in {out / ERRORS}")


def _write_tables(out: Path, rels: list[str], opts: BatchOptions) -> None:
    from ..render.tables import task_rows, write_csv, write_jsonl, write_xlsx

    wanted = set(opts.formats)
    if not wanted & {"jsonl", "csv", "xlsx"}:
        return
    docs = []
    for rel in rels:
        p = output_path(out, rel)
        if p.exists():
            docs.append((rel, json.loads(p.read_text("utf-8"))))
    if "jsonl" in wanted:
        write_jsonl(out / "documents.jsonl", docs)
    rows = [r for rel, d in docs for r in task_rows(rel, d)]
    if "csv" in wanted:
        write_csv(out / "tasks.csv", rows)
    if "xlsx" in wanted:
        write_xlsx(out / "tasks.xlsx", rows, combined=opts.combined)
