"""Sets of non-overlapping character spans with logarithmic overlap tests (long documents hold
thousands of attributions and deadlines; a linear scan per candidate turns quadratic)."""

from __future__ import annotations

import bisect
from typing import Iterable


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
