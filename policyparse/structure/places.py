"""The jurisdiction a notice is issued in, and the full names of the bodies it writes without it.

A provincial notice writes its own bodies as 省财政厅 / 自治区发展改革委 (市教委 in a
municipality's); two provinces' 省财政厅 are two bodies, so once the notice's province is known
each such name is keyed with it (江西省财政厅, 河北省财政厅). Knowledge in ``data/places.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from ..base.datafiles import load
from ..findings import Jurisdiction
from ..model import Metadata


@dataclass(frozen=True)
class _Places:
    by_name: dict[str, Jurisdiction]
    names: re.Pattern  # any full or short name
    opening: re.Pattern  # a title that opens with one (after 关于印发《)
    en_issuer: re.Pattern  # an English title's issuer (… of Jiangxi Provincial … on …)
    by_abbr: dict[str, Jurisdiction]
    prefixes: tuple[str, ...]  # how a notice writes its own jurisdiction's bodies (省, 自治区, 市)


@lru_cache(maxsize=1)
def _places() -> _Places:
    raw = load("places.json")
    not_after = raw["own_body"]["not_after_prefix"]
    by_name, by_abbr = {}, {}
    for j in raw["jurisdictions"]:
        rx = re.compile(rf"{re.escape(j['prefix'])}(?!{not_after})\w")
        en_prefix = raw["own_body"]["en"]["prefixes"].get(j["prefix"], "")
        place = Jurisdiction(j["name"], j["prefix"], rx, j["en"], en_prefix)
        by_name[j["name"]] = by_name[j["short"]] = by_name[j["en"]] = place
        by_abbr[j["abbr"]] = place
    names = "|".join(sorted(map(re.escape, by_name), key=len, reverse=True))
    en_names = "|".join(
        sorted((re.escape(j["en"]) for j in raw["jurisdictions"]), key=len, reverse=True)
    )
    return _Places(
        by_name,
        re.compile(names),
        re.compile(f"(?:关于印发《|印发《)?({names})"),
        re.compile(raw["own_body"]["en"]["title_issuer"]["pattern"].replace("%names%", en_names)),
        by_abbr,
        tuple({j.prefix for j in by_name.values()}),
    )


def jurisdiction(md: Metadata) -> Optional[Jurisdiction]:
    """The province (autonomous region, municipality) a notice is issued in: the one its
    issuer names (河北省教育厅); when the issuer is written without it (省政府办公厅) or not
    given, the one that opens its title or a plan's title (江西省人民政府办公厅关于…,
    关于印发《河北省…》的通知), else the one whose abbreviation opens its document number
    (冀工信节函〔2023〕133号). None for a national or city notice (国务院, 石家庄市人民政府) or
    one that does not say: a national notice with a province in its title
    (关于印发《河北雄安新区规划纲要》的通知) is not that province's. An English title names its
    issuer after "of" and before " on " (Notice of the General Office of Jiangxi Provincial
    People's Government on …: places.json own_body.en title_issuer)."""
    p = _places()
    for line in md.issuer:
        m = p.names.search(line)
        if m:
            return p.by_name[m.group(0)]
    if any(not line.startswith(p.prefixes) for line in md.issuer):
        return None
    for line in (md.title or "", *md.alt_titles):
        m = p.opening.match(line) or p.en_issuer.match(line)
        if m:
            return p.by_name[m.group(1)]
    return p.by_abbr.get(md.doc_number[0]) if md.doc_number else None
