"""Ingest: bytes of any supported format -> Blocks (paragraphs with page/box) + metadata hints."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import Optional, Union

from ..errors import IngestError, LimitExceeded
from ..findings import Ingested
from ..limits import Limits
from ..model import Warning

FORMATS = ("text", "html", "pdf", "docx")
EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}


def sniff_format(data: bytes, name: Optional[str] = None) -> str:
    """The format from magic bytes first, then the file extension."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    low = head[:512].lower()
    if (
        low.startswith((b"<!doctype html", b"<html", b"<?xml"))
        or b"<html" in low
        or b"<body" in low
        or (
            low.startswith(b"<")
            and (b"<div" in low or b"<p" in low or b"<table" in low or b"<meta" in low)
        )
    ):
        return "html"
    if name:
        ext = os.path.splitext(name)[1].lower()
        if ext in (".doc", ".wps", ".ofd"):
            return ext[1:]
        if ext in EXTENSIONS:
            fmt = EXTENSIONS[ext]
            if fmt in ("pdf", "docx"):
                # the name says PDF/DOCX but the bytes lack its signature: trust the bytes
                from .text import looks_binary

                return fmt if looks_binary(data) else "text"
            return fmt
    return "text"


def read(
    source: Union[str, Path, bytes],
    *,
    format: Optional[str] = None,
    name: Optional[str] = None,
    url: Optional[str] = None,
    charset: Optional[str] = None,
    limits: Optional[Limits] = None,
    sha256: Optional[str] = None,
) -> Ingested:
    """Read a file path or raw bytes into Blocks. Raises IngestError / LimitExceeded with the file
    named.

    ``sha256``: the caller's hash of these bytes when it has one (batch hashes every input to
    decide what to skip), so they are not hashed twice."""
    limits = limits or Limits.resolve()
    path = None
    if isinstance(source, (str, Path)):
        path = str(source)
        p = Path(source)
        try:
            st = os.stat(p)  # (one stat answers all three questions; Path's methods each ask)
        except FileNotFoundError:
            raise IngestError("no such file", path) from None
        except OSError as e:
            raise IngestError(f"cannot read ({e.strerror})", path) from None
        if stat.S_ISDIR(st.st_mode):
            raise IngestError("is a directory, not a document", path)
        if not stat.S_ISREG(st.st_mode):
            # a pipe would block for ever and /dev/zero never ends: only regular files are read
            raise IngestError("not a regular file (a device, a pipe or a socket)", path)
        size = st.st_size
        if size > limits.max_bytes:
            raise LimitExceeded(
                f"file is {size} bytes, more than the limit of {limits.max_bytes}", path
            )
        try:
            data = p.read_bytes()
        except OSError as e:
            raise IngestError(f"cannot read ({e.strerror})", path) from None
    else:
        data = bytes(source)
        path = name
        if len(data) > limits.max_bytes:
            raise LimitExceeded(
                f"input is {len(data)} bytes, more than the limit of {limits.max_bytes}", path
            )
    if not data or data.isspace():  # (data.strip() would copy the whole file)
        raise IngestError("empty file", path or url)
    fmt = format or sniff_format(data, name or path)
    where = path or url
    if fmt in ("doc", "wps", "ofd"):
        raise IngestError(f"unsupported format .{fmt} (convert it to .docx or PDF first)", where)
    if fmt == "pdf":
        from .pdf import read_pdf

        blocks, hints, warnings = read_pdf(data, where, limits)
    elif fmt == "docx":
        from .docx import read_docx

        blocks, hints, warnings = read_docx(data, where, limits)
    elif fmt == "html":
        from .html import read_html

        blocks, hints, warnings = read_html(data, where, charset, limits)
    elif fmt == "text":
        from .text import read_text

        blocks, hints, warnings = read_text(data, where)
    else:
        raise IngestError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})", where)
    named = EXTENSIONS.get(os.path.splitext(name or path or "")[1].lower())
    if named in ("pdf", "docx") and fmt == "text":
        # a .docx or .pdf that holds plain text is read as what it holds, and says so
        warnings = [
            Warning(
                "format_mismatch",
                f"format mismatch: named .{named} but holds plain text; read as text",
            ),
            *warnings,
        ]
    return Ingested(
        blocks, fmt, sha256 or hashlib.sha256(data).hexdigest(), path, url, hints, warnings
    )
