"""Limits that keep one hostile document from stalling a batch. Override per call or by env."""

from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from typing import Iterator, Optional, Union


def _env(name: str, default: int) -> int:
    """A limit from its environment variable; a value that is no positive whole number is an
    error that names the variable (a typo must not leave a limit silently at its default)."""
    key = f"POLICYPARSE_{name.upper()}"
    v = os.environ.get(key)
    if v is None or not v.strip():
        return default
    if not v.strip().isdigit() or int(v) <= 0:
        raise ValueError(f"{key}={v!r} is not a positive whole number")
    return int(v)


AGAIN_S = 0.05  # seconds before the time limit is raised again, should one raise be dropped


class TimeUp(BaseException):
    """Raised inside a ``time_limit`` block when its time is up (caught by the block's owner).
    A BaseException, as KeyboardInterrupt is: a library's ``except Exception`` around the code
    that was running (pdfminer's, ours around a PDF page) must not turn it into another error."""


@contextmanager
def time_limit(seconds: Optional[float]) -> Iterator[None]:
    """Stop the block after ``seconds`` of wall-clock time (raising ``TimeUp`` in it).

    A SIGALRM timer: it works in a process's main thread, where the command line and the
    batch workers run; elsewhere (a caller's thread) the block runs unbounded."""
    usable = (
        bool(seconds)
        and hasattr(signal, "SIGALRM")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def alarm(signum: int, frame: object) -> None:
        # raised inside a __del__ or a gc callback, an exception is printed and dropped: the
        # timer is set again, so the block is stopped at the next chance (the exit disarms it)
        signal.setitimer(signal.ITIMER_REAL, AGAIN_S)
        raise TimeUp()

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, float(seconds or 0))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 50 * 1024 * 1024  # input file size
    max_chars: int = 5_000_000  # cleaned text length
    max_pages: int = 500  # PDF pages
    max_html_depth: int = 400  # element nesting in HTML
    max_docx_part_bytes: int = 64 * 1024 * 1024  # decompressed size of one DOCX part (zip bombs)
    max_docx_ratio: int = 200  # decompressed / compressed size of one DOCX part
    max_pdf_stream_bytes: int = 64 * 1024 * 1024  # inflated size of one PDF stream (flate bombs)
    timeout_s: int = 60  # seconds per document (batch, the command line, scrape)

    @classmethod
    def resolve(cls, value: Union["Limits", dict, None] = None) -> "Limits":
        """None -> defaults (with POLICYPARSE_* environment overrides); dict -> overrides."""
        base = cls(**{f.name: _env(f.name, f.default) for f in fields(cls)})  # type: ignore[arg-type]
        if value is None:
            return base
        if isinstance(value, Limits):
            return value
        return replace(base, **value)
