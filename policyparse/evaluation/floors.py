"""Quality floors: the F1 figures eval has reached, pinned to the golden files and documents.

A check fails when any field falls below its floor. Raising a floor is routine; lowering one
needs ``allow_lower=True`` (``--allow-lower``) and a note in the file saying why.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Iterable, Optional

from .golden import find_document
from .score import Report

SLACK = 1e-9


def pins(golden_paths: Iterable[str | Path], corpus_dirs: Iterable[str | Path]) -> dict[str, dict]:
    """For each golden file, the sha256 of the file and of the document it annotates: the floors
    hold for exactly these (a changed annotation or a changed document is another measurement)."""
    out: dict[str, dict] = {}
    dirs = list(corpus_dirs)
    for gp in sorted(Path(x) for x in golden_paths):
        raw = gp.read_bytes()
        doc = find_document(json.loads(raw)["document"], dirs)
        out[gp.name] = {
            "golden": hashlib.sha256(raw).hexdigest()[:16],
            "document": hashlib.sha256(doc.read_bytes()).hexdigest()[:16] if doc else None,
        }
    return out


def current(report: Report) -> dict[str, float]:
    return {k: round(v.f1, 4) for k, v in report.total.items() if v.tp + v.fp + v.fn}


def check(
    report: Report,
    floors_path: str | Path,
    golden_paths: Iterable[str | Path],
    corpus_dirs: Iterable[str | Path],
) -> list[str]:
    """What is wrong (empty when all holds): a field below its floor, or a golden file or
    document that is not the one the floors were pinned on (added, missing or changed)."""
    data = json.loads(Path(floors_path).read_text("utf-8"))
    now = current(report)
    problems = []
    for k, floor in data["floors"].items():
        got = now.get(k)
        if got is None:
            problems.append(f"{k}: no figure (floor {floor:.4f})")
        elif got + SLACK < floor:
            problems.append(f"{k}: F1 {got:.4f} is below the floor {floor:.4f}")
    pinned = data.get("pinned", {})
    now_pins = pins(golden_paths, corpus_dirs)
    floor_problems = len(problems)
    for name in sorted(set(pinned) | set(now_pins)):
        was, now_pin = pinned.get(name), now_pins.get(name)
        if was is None:
            problems.append(f"{name}: not among the golden files the floors were pinned on")
        elif now_pin is None:
            problems.append(f"{name}: pinned but not evaluated (missing golden file)")
        elif now_pin["document"] is None:
            problems.append(f"{name}: its document was not found")
        else:
            for part in ("golden", "document"):
                if was[part] != now_pin[part]:
                    problems.append(f"{name}: the {part} changed since the floors were pinned")
    if len(problems) > floor_problems:
        problems.append("re-pin with --update-floors once the change is reviewed")
    return problems


def update(
    report: Report,
    floors_path: str | Path,
    golden_paths: Iterable[str | Path],
    corpus_dirs: Iterable[str | Path],
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
        "pinned": pins(golden_paths, corpus_dirs),
        "floors": now,
        "notes": old.get("notes", []) + ([note] if note else []),
    }
    p.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", "utf-8")
    return data
