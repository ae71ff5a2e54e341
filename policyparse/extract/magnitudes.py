"""A target's magnitude: its value times the scale its unit opens with, in a normal unit
(``data/magnitudes.json``): 1.3万亿斤 -> 1.3e12 jin, "1 billion kilowatts" -> 1e9 kW. The unit
as written stays on the target; the magnitude is what compares across years and languages."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Optional

from ..base.datafiles import load
from .targets import unit_names


@dataclass(frozen=True)
class Scale:
    word: str
    factor: int


@lru_cache(maxsize=None)
def _table(language: str) -> tuple[tuple[Scale, ...], dict[str, str]]:
    """(the scale words of ``language``, longest first; unit as written -> normal name)."""
    raw = load("magnitudes.json")
    scales = sorted(
        (Scale(s["word"], s["factor"]) for s in raw["scales"] if s["language"] == language),
        key=lambda s: -len(s.word),
    )
    units = {w: u["normal"] for u in raw["units"] for w in u[language]}
    return tuple(scales), units


@lru_cache(maxsize=None)
def scale_factors(language: str) -> dict[str, int]:
    """Scale word -> factor (万 -> 10000, "billion" -> 1e9): what a number written with it is
    worth (alignment compares numbers written in either form)."""
    return {s.word: s.factor for s in _table(language)[0]}


def magnitude(
    value: float, value_max: Optional[float], unit: str, language: str
) -> tuple[float, Optional[float], str]:
    """(value, value_max, unit) with the unit's scale multiplied in and the unit named as
    ``data/magnitudes.json`` (or ``measures.json``) names it; a unit neither knows is kept as
    written, less its scale."""
    scales, units = _table(language)
    rest, factor = unit.strip(), 1
    for s in scales:
        if language == "zh" and rest.startswith(s.word):
            rest, factor = rest[len(s.word) :], s.factor
            break
        if language != "zh" and (rest.lower() == s.word or rest.lower().startswith(s.word + " ")):
            rest, factor = rest[len(s.word) :].strip(), s.factor
            break
    key = rest.lower() if language != "zh" else rest
    normal = units.get(key) or unit_names(language).get(key) or rest

    def scaled(v: float) -> float:
        # (powers of ten times a decimal as written: exact in Decimal, 1.3 x 1e12 is not in float)
        return float(Decimal(repr(v)) * factor) if factor != 1 else v

    return scaled(value), (scaled(value_max) if value_max is not None else None), normal
