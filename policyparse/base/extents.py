"""Cutting extents out of a text: a section's own words are its span less its tasks' spans."""

from __future__ import annotations

from bisect import bisect_left


def without(text: str, start: int, end: int, cuts: list[tuple[int, int]]) -> str:
    """text[start:end] without the spans in ``cuts`` (sorted by start), the pieces stripped and
    joined by a line break."""
    i = bisect_left(cuts, (start, -1))
    while i and cuts[i - 1][1] > start:  # a cut that began before ``start``
        i -= 1
    parts, at = [], start
    while i < len(cuts) and cuts[i][0] < end:
        a, b = cuts[i]
        if a > at:
            parts.append(text[at:a].strip())
        at = max(at, b)
        i += 1
    if at < end:
        parts.append(text[at:end].strip())
    return "\n".join(p for p in parts if p)
