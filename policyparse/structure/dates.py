"""Dates: the whole-string forms notices write them in, and the date a document speaks from.

The document date is found once, at the structure stage, and carried on the ``Document``
(``document_date``): relative limits (年底前, "within 30 days of issuance") resolve against it,
and diff and track read it rather than working it out again.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Optional

from ..base.datafiles import load
from ..model import Metadata

ZH_DATE = re.compile(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
ISO_DATE = re.compile(r"^((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})$")


@lru_cache(maxsize=1)
def en_months() -> dict[str, int]:
    """English month names and abbreviations (lower case) -> month number (data/calendar.json)."""
    raw = load("calendar.json")
    return dict(raw["en_months"])


@lru_cache(maxsize=1)
def five_year_plans() -> dict[str, int]:
    """The last year of each five-year plan period, by its name (十四五, "14th": 2025;
    data/calendar.json)."""
    return dict(load("calendar.json")["five_year_plans"])


@lru_cache(maxsize=1)
def month_thirds() -> dict[str, Optional[int]]:
    """The day that ends each third of a month (上旬/early 10, 中旬/mid 20, 下旬/late None: the
    month's last day; data/calendar.json)."""
    return dict(load("calendar.json")["month_thirds"])


@lru_cache(maxsize=1)
def _en_date() -> re.Pattern:
    names = "|".join(sorted(en_months(), key=len, reverse=True))
    return re.compile(r"^(" + names + r")\.?\s+(\d{1,2}),?\s+((?:19|20)\d{2})$", re.I)


def parse_date(s: str) -> Optional[date]:
    """A whole-string date in any of the forms notices use; None if it is not one."""
    s = s.strip()
    if len(s) > 40:
        return None  # a paragraph, not a date ("September 30, 2023" and 2023年9月30日 are short)
    if not s or not (s[-1] == "日" or s[-1].isdecimal()):
        return None  # every form ends with 日 or a digit (\d: a decimal digit of any script)
    for rx, order in ((ZH_DATE, "ymd"), (ISO_DATE, "ymd"), (_en_date(), "mdy")):
        m = rx.match(s)
        if not m:
            continue
        try:
            if order == "ymd":
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return date(int(m.group(3)), en_months()[m.group(1).lower()], int(m.group(2)))
        except ValueError:
            return None
    return None


def document_date(
    md: Metadata, text: str, section_titles: list[str]
) -> tuple[Optional[date], bool]:
    """The date relative limits resolve against: issued, else published, else an inferred year.

    Returns (date, inferred). An inferred date is 1 January of the latest year a top-level
    heading names (a work report's "2019年经济社会发展总体要求"), else the latest year in the text.
    """
    for s in (md.issued_on, md.published_on):
        if s:
            return date.fromisoformat(s), False
    years = [int(y) for t in section_titles for y in re.findall(r"((?:19|20)\d{2})年", t)]
    if not years:
        years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?:年|\b)", text[:5000])]
    if years:
        return date(max(years), 1, 1), True
    return None, True
