"""The store's benchmark (#18): load rate, size against the JSON, and the common questions.

    python bench/store.py                   # 10,000 synthetic notices (parsed once, then kept)
    python bench/store.py --synthetic 2000  # quicker
    python bench/store.py --postgres URL    # the same on a PostgreSQL server

The notices are bench.py's synthetic corpus, parsed by ``policyparse batch`` into a work folder
(kept between runs: ``--work``); then a new SQLite store loads the outputs, a second load finds
them unchanged, and each common question is asked 15 times (the median is reported). Goals:
>= 1,000 documents/s loading, <= 50 ms a question, the store <= 3x the JSON it came from.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from bench import synthetic  # noqa: E402
from policyparse.batch.runner import BatchOptions, run_batch  # noqa: E402
from policyparse.store import open_store  # noqa: E402

QUESTIONS = {
    "which tasks does 运用促进司 lead, due before 2024-12-31": dict(
        unit="运用促进司", role="lead", due_before="2024-12-31"
    ),
    "which tasks does the Ministry of Finance lead": dict(unit="财政部", role="lead"),
    "tasks led by 运用促进司 (by its English name)": dict(
        unit="Utilization Promotion Department", role="lead"
    ),
    "which notices set a target for 审查周期": dict(metric="审查周期"),
    "where is 专利开放许可 mentioned (trigram index)": dict(search="专利开放许可"),
    "English tasks mentioning 'data security'": dict(search="data security", language="en"),
    "tasks with a target in English notices": dict(has_target=True, language="en"),
    "first 50 tasks due in 2025": dict(due_after="2025-01-01", due_before="2025-12-31", limit=50),
}


def parsed(n: int, work: Path) -> Path:
    """The synthetic notices parsed by batch (once; reused while the count matches)."""
    src, out = work / f"in-{n}", work / f"out-{n}"
    if not (out / "summary.json").exists():
        src.mkdir(parents=True, exist_ok=True)
        for i, text in enumerate(synthetic(n)):
            (src / f"{i // 1000:02d}" / f"n{i:05d}.txt").parent.mkdir(exist_ok=True)
            (src / f"{i // 1000:02d}" / f"n{i:05d}.txt").write_text(text, "utf-8")
        t0 = time.perf_counter()
        run_batch(src, out, BatchOptions(progress=False, summary=False, jobs=2))
        print(f"parsed {n} notices with batch --jobs 2 in {time.perf_counter() - t0:.1f} s")
    return out


def timed(fn, runs: int = 15) -> tuple[float, int]:
    """Median milliseconds of ``fn()`` over runs, and what it returned."""
    times, n = [], 0
    for _ in range(runs):
        t0 = time.perf_counter()
        n = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), n


def size_of(paths) -> int:
    return sum(p.stat().st_size for p in paths if p.exists())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--synthetic", type=int, default=10_000)
    ap.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "policyparse-bench-store"))
    ap.add_argument(
        "--postgres", help="also measure on this PostgreSQL URL (its tables are replaced)"
    )
    ap.add_argument("--json", help="write the figures here")
    a = ap.parse_args()
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    out = parsed(a.synthetic, work)
    jsons = [p for p in out.rglob("*.json") if p.name != "summary.json"]
    json_bytes = size_of(jsons)
    results: dict = {"documents": len(jsons), "json_MB": round(json_bytes / 1e6, 1)}
    targets = [("sqlite", str(work / "notices.sqlite"))]
    if a.postgres:
        targets.append(("postgresql", a.postgres))
    for name, where in targets:
        if name == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(where + suffix).unlink(missing_ok=True)
        else:
            from sqlalchemy import create_engine, text

            eng = create_engine(where.replace("postgresql://", "postgresql+psycopg://", 1))
            with eng.begin() as c:
                c.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            eng.dispose()
        r: dict = {}
        with open_store(where) as store:
            t0 = time.perf_counter()
            rep = store.load(out)
            secs = time.perf_counter() - t0
            r["load"] = {"seconds": round(secs, 2), "docs_per_s": round(rep.added / secs)}
            print(f"[{name}] load {rep}: {rep.added / secs:,.0f} documents/s")
            t0 = time.perf_counter()
            rep2 = store.load(out)
            r["reload_unchanged_s"] = round(time.perf_counter() - t0, 2)
            print(f"[{name}] second load: {rep2}")
            if name == "sqlite":
                with store.engine.connect() as c:
                    c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                db_bytes = size_of([Path(where), Path(where + "-wal")])
                r["store_MB"] = round(db_bytes / 1e6, 1)
                r["store_over_json"] = round(db_bytes / json_bytes, 2)
                print(
                    f"[{name}] store {db_bytes / 1e6:.1f} MB for "
                    f"{json_bytes / 1e6:.1f} MB of JSON: {db_bytes / json_bytes:.2f}x"
                )
            r["questions_ms"] = {}
            print(f"[{name}] median of 15: all the rows | the first 100 (what a screen shows)")
            for label, q in QUESTIONS.items():
                med, n = timed(lambda q=q: len(store.tasks(**q)))
                page, _ = timed(lambda q=q: len(store.tasks(**{**q, "limit": q.get("limit", 100)})))
                r["questions_ms"][label] = {
                    "median_ms": round(med, 1),
                    "rows": n,
                    "first_100_ms": round(page, 1),
                    "us_per_row": round(med * 1000 / max(n, 1)),
                }
                print(f"[{name}] {med:7.1f} ms {n:6d} rows | {page:6.1f} ms  {label}")
        results[name] = r
    if a.json:
        Path(a.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")


if __name__ == "__main__":
    main()
