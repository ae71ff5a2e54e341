"""What an unknown unit's name looks like (``data/unit_shapes.json``): a Chinese name ends with a
body word (…部, …委员会, …人民政府); an English one holds a head noun (department, ministry …).

Asked by the attribution grammar (is this part of a list a unit?) and by the signature reader
(is this line above a date an issuer?)."""

from __future__ import annotations

import re
from functools import lru_cache

from ..base.datafiles import load


@lru_cache(maxsize=1)
def _shapes() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    raw = load("unit_shapes.json")
    return (
        re.compile(raw["zh"]["suffix"]),
        re.compile(raw["en"]["head"], re.I),
        re.compile(raw["zh"]["limit_tail"]["pattern"]),
    )


def zh_suffix() -> re.Pattern:
    """A body word at the end of a Chinese name (search a name with it)."""
    return _shapes()[0]


def en_head() -> re.Pattern:
    """A head noun of an English name, as a word (search a name with it)."""
    return _shapes()[1]


@lru_cache(maxsize=1)
def _place_names() -> re.Pattern:
    """Where a body's name can open: a province's name (places.json) or a national body's
    opening word (unit_shapes.json zh.name_openers: 国务院, 国家 …)."""
    names = [j["name"] for j in load("places.json")["jurisdictions"]]
    names += load("unit_shapes.json")["zh"]["name_openers"]["words"]
    return re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True)))


def _closed_before(words: str) -> int:
    """Where the words are past a bracket run in before a name: after the bracket they open
    with, else after the last closing bracket whose opening lies before them; 0 when neither."""
    if words and words[0] in "（(":
        close = words.find("）" if words[0] == "（" else ")")
        return close + 1 if close > 0 else 0
    depth = end = 0
    for i, c in enumerate(words):
        if c in "（(":
            depth += 1
        elif c in "）)":
            if depth == 0:
                end = i + 1
            else:
                depth -= 1
    return end


def name_start(words: str) -> int:
    """Where a body's name begins in words a crawler ran into it ("年河北省公共就业服务专项活动
    安排河北省人力资源和社会保障厅": at the second 河北省). The words are cut where a province's
    name begins; from the end, the pieces that end like a body are the name (two co-issuers
    stay together: 河北省工业和信息化厅河北省发展和改革委员会); a bracket the words open with (an
    attribution run in before the signature) and a time limit's tail (月底前: limit_tail) are no
    part of it; 0 when nothing precedes the name."""
    lead = 0
    tail = _shapes()[2].match(words)
    if tail is not None:
        # …完成时限：2024年12月底前某市人民政府办公室: a time limit's tail run in before the name
        lead = tail.end()
        words = words[lead:]
    close = _closed_before(words)
    if close > 0 and zh_suffix().search(words[close:]):
        # …土地供应。（市自然资源局负责）市人民政府办公室, …（X负责，12月底前完成）某市人民政府
        # 办公室: a bracket (or its end) run in before the name
        lead += close
        words = words[close:]
    starts = [m.start() for m in _place_names().finditer(words)]
    bounds = [*starts, len(words)]
    start = None
    for a, b in reversed(list(zip(bounds, bounds[1:], strict=False))):
        if not zh_suffix().search(words[a:b].rstrip(" \u3000\u00a0")):
            break  # (a space between two co-issuers' names is no part of either)
        start = a
    return lead + (start if start is not None else 0)
