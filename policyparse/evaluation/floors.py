"""Quality floors: the F1 figures eval has reached, pinned with a checksum of the golden set.

A check fails when any field falls below its floor. Raising a floor is routine; lowering one
needs ``allow_lower=True`` (``--allow-lower``) and a note in the file saying why.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Iterable, Optional

from .score import Report

SLACK = 1e-9


def golden_checksum(paths: Iterable[str | Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(str(x) for x in paths):
        h.update(Path(p).name.encode())
        h.update(Path(p).read_bytes())
    return h.hexdigest()[:16]


def current(report: Report) -> dict[str, float]:
    return {k: round(v.f1, 4) for k, v in report.total.items() if v.tp + v.fp + v.fn}


def check(report: Report, floors_path: str | Path, golden_paths: Iterable[str | Path]) -> list[str]:
    """Fields below their floor (empty when all hold); a checksum change is reported too."""
    data = json.loads(Path(floors_path).read_text("utf-8"))
    now = current(report)
    problems = []
    for k, floor in data["floors"].items():
        got = now.get(k)
        if got is None:
            problems.append(f"{k}: no figure (floor {floor:.4f})")
        elif got + SLACK < floor:
            problems.append(f"{k}: F1 {got:.4f} is below the floor {floor:.4f}")
    cs = golden_checksum(golden_paths)
    if data.get("golden_checksum") and data["golden_checksum"] != cs:
        problems.append(
            f"golden set changed (checksum {cs}, floors pinned at {data['golden_checksum']}); "
            "re-pin with --update-floors"
        )
    return problems


def update(
    report: Report,
    floors_path: str | Path,
    golden_paths: Iterable[str | Path],
    allow_lower: bool = False,
    note: Optional[str] = None,
) -> dict:
    p = Path(floors_path)
    old = json.loads(p.read_text("utf-8")) if p.exists() else {"floors": {}}
    now = current(report)
    lowered = {k: (v, now.get(k)) for k, v in old["floors"].items() if now.get(k, 0) + SLACK < v}
    if lowered and not allow_lower:
        raise ValueError(
            "refusing to lower floors "
            + ", ".join(f"{k} {a:.4f}->{b}" for k, (a, b) in lowered.items())
            + " (pass --allow-lower and a --note saying why)"
        )
    data = {
        "golden_checksum": golden_checksum(golden_paths),
        "floors": now,
        "notes": old.get("notes", []) + ([note] if note else []),
    }
    p.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", "utf-8")
    return data
