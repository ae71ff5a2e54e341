"""When two targets of two versions measure the same quantity: the qualifiers of their metrics
(登记 / 调查, the substance, 强度, 新增, the kind of transfer) and their horizon (this year's or a
plan's) must agree, whatever their words' similarity (data/target_identity.json). diff and
track pair targets only then; a pair that fails is a target removed and another added."""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

import numpy as np

from ..base.datafiles import load
from ..model import Target

Signature = tuple[frozenset[str], ...]


@lru_cache(maxsize=1)
def _groups() -> tuple[tuple[tuple[str, tuple[str, ...]], ...], ...]:
    return tuple(
        tuple((cls, tuple(w.lower() for w in words)) for cls, words in g["classes"].items())
        for g in load("target_identity.json")["groups"]
    )


def signature(metric: Optional[str]) -> Signature:
    """The qualifier classes a metric holds, group by group."""
    m = (metric or "").lower()
    return tuple(
        frozenset(cls for cls, words in group if any(w in m for w in words)) for group in _groups()
    )


def horizon(t: Target, version_year: Optional[int]) -> Optional[str]:
    """ "own" (due within a year of its version), "plan" (later), or None (no year known)."""
    if not t.year or not version_year:
        return None
    own = load("target_identity.json")["horizon"]["own_years"]
    return "own" if t.year - version_year <= own else "plan"


def _agree(ha: Optional[str], hb: Optional[str]) -> bool:
    """Two horizons agree when they are the same or either is unknown."""
    return ha is None or hb is None or ha == hb


def same_quantity(
    a: Target, b: Target, a_year: Optional[int] = None, b_year: Optional[int] = None
) -> bool:
    """Whether two targets can be one quantity followed across versions."""
    return signature(a.metric) == signature(b.metric) and _agree(
        horizon(a, a_year), horizon(b, b_year)
    )


def mask(
    old: list[Target], new: list[Target], old_year: Optional[int], new_year: Optional[int]
) -> np.ndarray:
    """``same_quantity`` for every pair, as a boolean matrix: each target's signature and
    horizon worked out once, as codes compared by numpy (2,000 x 2,000 pairs is no Python
    loop); the horizon code 0 is "unknown", which agrees with any."""
    sa, sb = [signature(t.metric) for t in old], [signature(t.metric) for t in new]
    codes = {s: k for k, s in enumerate(dict.fromkeys(sa + sb))}
    same = np.array([codes[s] for s in sa])[:, None] == np.array([codes[s] for s in sb])[None, :]
    h = {None: 0, "own": 1, "plan": 2}
    ha = np.array([h[horizon(t, old_year)] for t in old])[:, None]
    hb = np.array([h[horizon(t, new_year)] for t in new])[None, :]
    return same & ((ha == 0) | (hb == 0) | (ha == hb))
