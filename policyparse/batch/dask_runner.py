"""Run a batch on a Dask distributed cluster (optional extra: ``pip install policyparse[dask]``).

Workers run the same ``process_one`` as the local pool, so outputs are byte-identical. Inputs
and the output folder must be on a filesystem every worker sees (a shared volume or one host).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..limits import Limits
from .options import BatchOptions
from .worker import process_one


def run_dask(
    todo: list[tuple[str, str, str]], out: Path, opts: BatchOptions
) -> Iterator[tuple[dict, dict[str, list[dict]], str]]:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise RuntimeError(
            "the dask executor needs the optional extra: pip install 'policyparse[dask]'"
        ) from None
    if not opts.scheduler:
        raise RuntimeError("--executor dask needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)")
    with Client(opts.scheduler, timeout="30s") as client:
        futures = {}
        for path, rel, sha in todo:
            f = client.submit(
                process_one,
                path,
                rel,
                str(out),
                opts.timeout_s or Limits.resolve().timeout_s,
                sha,
                key=f"policyparse-{sha[:16]}-{rel}",
                pure=False,
            )
            futures[f] = (rel, sha)
        for f in as_completed(futures):
            rel, sha = futures[f]
            try:
                rec, rows = f.result()
            except Exception as e:  # noqa: BLE001 - a lost worker is an error record, not a crash
                rec = {
                    "file": rel,
                    "status": "error",
                    "stage": "worker",
                    "error": type(e).__name__,
                    "message": f"dask worker failed: {e}",
                }
                rows = []
            yield rec, rows, sha
