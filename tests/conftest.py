"""Shared fixtures. Tests that need ../shared (the team's real corpus) skip with a reason when it
is absent on a developer machine, and fail in CI (CI=true), where it must be present."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = ROOT / "corpus"
GOLDEN = ROOT / "golden"


def _need_shared() -> Path:
    if (SHARED / "corpus").is_dir():
        return SHARED
    if os.environ.get("CI"):
        pytest.fail(
            f"../shared is missing at {SHARED}; CI must run with the shared corpus beside the clone"
        )
    pytest.skip(f"../shared not found at {SHARED} (the real corpus lives there; see README)")


@pytest.fixture(scope="session")
def shared() -> Path:
    return _need_shared()


@pytest.fixture(scope="session")
def seed_path(shared) -> Path:
    return shared / "corpus" / "seed" / "cnipa-guideline-2023-en.txt"


@pytest.fixture(scope="session")
def corpus_dirs() -> list[Path]:
    dirs = [CORPUS]
    if (SHARED / "corpus").is_dir():
        dirs.append(SHARED / "corpus")
    return dirs
