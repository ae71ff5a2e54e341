"""Errors a user can act on: each names the file, the stage and the problem."""

from __future__ import annotations

from typing import Optional


class PolicyParseError(Exception):
    """Base class. ``str(err)`` reads "FILE: STAGE: problem" so a batch log is self-explaining."""

    stage = "parse"

    def __init__(self, message: str, path: Optional[str] = None, stage: Optional[str] = None):
        self.message = message
        self.path = path
        if stage:
            self.stage = stage
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{where}{self.stage}: {self.message}"

    def to_record(self) -> dict:
        return {
            "file": self.path,
            "stage": self.stage,
            "error": type(self).__name__,
            "message": self.message,
        }


class IngestError(PolicyParseError):
    """The input could not be read as a document (corrupt, encrypted, wrong type, empty)."""

    stage = "ingest"


class LimitExceeded(PolicyParseError):
    """The input is larger or deeper than a configured limit allows."""

    stage = "limits"


class GoldenError(PolicyParseError):
    """A golden file does not follow the golden format or does not match its document."""

    stage = "golden"


class OutputError(PolicyParseError, OSError):
    """An output could not be written (a folder where a file goes, a file where a folder goes,
    no permission, a full disk). Also an ``OSError``, as the failed write was."""

    stage = "output"


class StoreError(PolicyParseError):
    """The store cannot be opened or written: not a database, not a policyparse store, written
    by a newer version, locked by another writer past the wait, a server that cannot be reached."""

    stage = "store"


class StoreBusy(StoreError):
    """Another writer held the store past the wait: no document is at fault (a load stops, it
    does not skip documents)."""
