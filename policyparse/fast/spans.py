"""Sets of non-overlapping character spans with logarithmic overlap tests (long documents hold
thousands of attributions and deadlines; a linear scan per candidate turns quadratic)."""

from __future__ import annotations

import bisect
from typing import Iterable, Sequence


class SpanSet:
    def __init__(self, spans: Iterable[tuple[int, int]] = ()):
        self.starts: list[int] = []
        self.ends: list[int] = []
        for a, b in sorted(spans):
            self.add(a, b)

    def add(self, a: int, b: int) -> None:
        i = bisect.bisect_left(self.starts, a)
        self.starts.insert(i, a)
        self.ends.insert(i, b)

    def overlaps(self, a: int, b: int) -> bool:
        """Does [a, b) overlap any span? (Spans in the set may overlap each other.)"""
        i = bisect.bisect_left(self.starts, b)
        # any span starting before b whose end is after a; spans are few per neighbourhood
        j = i - 1
        while j >= 0:
            if self.ends[j] > a:
                return True
            if self.starts[j] < a - 10_000:  # spans are short: stop looking far back
                break
            j -= 1
        return False

    def within(self, a: int, b: int) -> list[tuple[int, int]]:
        """The spans that start inside [a, b)."""
        i, j = bisect.bisect_left(self.starts, a), bisect.bisect_left(self.starts, b)
        return list(zip(self.starts[i:j], self.ends[i:j], strict=False))


class FixedSpans:
    """A fixed set of spans asked many times whether one overlaps or holds a range: sorted once
    with the running maximum of their ends, each question one bisection, however the spans nest
    or touch (``SpanSet`` takes additions and walks back from its bisection instead). A list of
    thousands of units asks once per separator."""

    def __init__(self, spans: Sequence[tuple[int, int]]):
        self.spans = sorted(spans)
        self.starts = [a for a, _ in self.spans]
        self.max_end: list[int] = []
        for _, e in self.spans:
            self.max_end.append(max(e, self.max_end[-1]) if self.max_end else e)

    def overlaps(self, a: int, b: int) -> bool:
        """Some span [s, e) has s < b and a < e."""
        i = bisect.bisect_left(self.starts, b)
        return i > 0 and self.max_end[i - 1] > a

    def holds(self, a: int, b: int) -> bool:
        """Some span (s, e) has s <= a and b <= e (the inside of an inner bracket)."""
        i = bisect.bisect_right(self.starts, a)
        return i > 0 and self.max_end[i - 1] >= b
