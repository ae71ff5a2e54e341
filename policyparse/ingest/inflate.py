"""Inflating zlib, gzip and raw deflate data a chunk at a time, so that a limit stops a bomb
before memory does: pdfminer and httpx inflate a whole stream or chunk in one call, and a few
kilobytes can ask for gigabytes. Used to check PDF streams and to decode HTTP bodies."""

from __future__ import annotations

import zlib
from collections.abc import Iterator

CHUNK = 1 << 20  # output bytes per step
FEED = 1 << 16  # input bytes per step


class InflatesPastLimit(Exception):
    """The data inflates to more than the limit it was inflated against."""


def inflate_chunks(data: bytes, wbits: int, start: int = 0) -> Iterator[bytes]:
    """The inflated bytes of the stream at ``data[start:]``, at most CHUNK at a time, up to the
    stream's end (what follows it is not read). ``wbits`` as zlib's: 15 zlib, 31 gzip, -15 raw
    deflate. Raises ``zlib.error`` (when iterated) for data that is no such stream."""
    inflate, view, at = zlib.decompressobj(wbits), memoryview(data), start
    while not inflate.eof:
        if inflate.unconsumed_tail:
            out = inflate.decompress(inflate.unconsumed_tail, CHUNK)
        elif at < len(data):
            out = inflate.decompress(view[at : at + FEED], CHUNK)
            at += FEED
        else:
            out = inflate.decompress(b"", CHUNK)  # what zlib held back once the input ran out
            if not out:
                return
        if out:
            yield out


def inflated_size(data: bytes, wbits: int, limit: int, start: int = 0) -> int:
    """How many bytes the stream at ``data[start:]`` inflates to, counted no further than just
    past ``limit``; nothing is kept."""
    size = 0
    for chunk in inflate_chunks(data, wbits, start):
        size += len(chunk)
        if size > limit:
            break
    return size


def inflate(data: bytes, wbits: int, limit: int) -> bytes:
    """The inflated stream, or ``InflatesPastLimit`` as soon as it passes ``limit`` bytes."""
    out, size = [], 0
    for chunk in inflate_chunks(data, wbits):
        size += len(chunk)
        if size > limit:
            raise InflatesPastLimit(limit)
        out.append(chunk)
    return b"".join(out)
