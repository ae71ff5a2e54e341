"""The units stage: every known unit name in the text, with its registry id, found once.

The unit registry (``registry.py``, data in ``data/units.jsonl``) says which bodies exist and
what they are called in both languages; ``names.py`` finds those names in running text with one
Aho-Corasick pass. What this stage finds is carried forward: the attribution grammar keeps the
names whole when it splits a list of units, and the assembly takes each name's id from here
instead of resolving the name again (only names the registry does not know are resolved, to
name the nearest known one).
"""

from __future__ import annotations

from ..findings import UnitMatch
from .registry import name_spans


def find_units(text: str, language: str) -> list[UnitMatch]:
    """Known unit names in ``text``: leftmost, then longest, never overlapping (English names
    match in any case, at word boundaries)."""
    return [UnitMatch(s, e, uid or "") for s, e, uid in name_spans(language).matches(text)]
