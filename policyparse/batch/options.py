"""What a batch is asked to do (``BatchOptions``) and what it did (``Summary``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..version import __version__


@dataclass
class BatchOptions:
    include: Optional[list[str]] = None
    exclude: list[str] = field(default_factory=list)
    jobs: int = 0
    force: bool = False
    formats: list[str] = field(default_factory=lambda: ["json"])
    # xlsx: one sheet of tasks for all documents (True), one each (False), or one each up to
    # render.tables.SHEETS_MAX documents (None)
    combined: Optional[bool] = None
    executor: str = "local"
    scheduler: Optional[str] = None
    progress: bool = True  # the progress bar
    summary: bool = True  # the closing summary on standard error
    timeout_s: Optional[float] = None  # None: Limits.timeout_s


@dataclass
class Summary:
    input: str = ""  # the input folder (or file), resolved: what a store keeps in step with
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
