"""What an unknown unit's name looks like (``data/unit_shapes.json``): a Chinese name ends with a
body word (…部, …委员会, …人民政府); an English one holds a head noun (department, ministry …).

Asked by the attribution grammar (is this part of a list a unit?) and by the signature reader
(is this line above a date an issuer?)."""

from __future__ import annotations

import re
from functools import lru_cache

from ..base.datafiles import load


@lru_cache(maxsize=1)
def _shapes() -> tuple[re.Pattern, re.Pattern]:
    raw = load("unit_shapes.json")
    return re.compile(raw["zh"]["suffix"]), re.compile(raw["en"]["head"], re.I)


def zh_suffix() -> re.Pattern:
    """A body word at the end of a Chinese name (search a name with it)."""
    return _shapes()[0]


def en_head() -> re.Pattern:
    """A head noun of an English name, as a word (search a name with it)."""
    return _shapes()[1]
