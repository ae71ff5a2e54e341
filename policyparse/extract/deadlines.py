"""Deadlines: time limits resolved to ISO dates against the document's own date, never today.

"by the end of 2023" / 2023年底前 -> 2023-12-31; 年底前 -> the document's year; 每年2月底前 -> the
first such day after the document's date; 自印发之日起30日内 -> issue date + 30 days. A date with
no limit word (the issue date, a period 2019年1月1日至12月31日) is not a deadline.
"""
from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Optional

from ..fast.scan import AnchoredPattern, LeadingWords, Places
from ..fast.spans import SpanSet
from .numbers import cn_to_int


@dataclass
class RawDeadline:
    start: int
    end: int
    text: str
    date: Optional[str]
    recurring: bool = False


@lru_cache(maxsize=None)
def words() -> dict:
    return json.loads(resources.files("policyparse").joinpath("data/deadlines.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def limit_labels() -> tuple[str, ...]:
    """The labels of a time-limit line ("完成时限：", "Deadline:"), lower-cased."""
    return tuple(lab.lower() for lab in words()["limit_labels"])


def _eom(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _safe(y: int, m: int, d: Optional[int] = None) -> Optional[date]:
    try:
        return date(y, m, d) if d else _eom(y, m)
    except ValueError:
        return None


def _n(s: str) -> Optional[int]:
    return int(s) if s.isdigit() else cn_to_int(s)


def _add(base: date, n: int, unit: str) -> date:
    if unit in ("日", "天", "day", "days", "working day", "working days"):
        return base + timedelta(days=n)
    if unit in ("周", "week", "weeks"):
        return base + timedelta(weeks=n)
    if unit in ("年", "year", "years"):
        return _safe(base.year + n, base.month, min(base.day, 28)) or base
    months = base.month - 1 + n
    y, m = base.year + months // 12, months % 12 + 1
    return date(y, m, min(base.day, calendar.monthrange(y, m)[1]))


def _next_after(doc: Optional[date], m: int, d: Optional[int]) -> Optional[date]:
    if doc is None:
        return None
    for y in (doc.year, doc.year + 1):
        cand = _safe(y, m, d)
        if cand and cand > doc:
            return cand
    return None


_BEFORE = "(?:前|之前|以前|为止)"
_N = r"(?:\d{1,3}|[一二三四五六七八九十两]{1,3})"
ZH_PATTERNS = [
    ("recurring_q", re.compile(rf"每(?P<per>季度|月|半年)(?:(?:末|底|结束){_BEFORE}?|{_BEFORE})")),
    ("recurring_md", re.compile(rf"每年(?P<m>\d{{1,2}})月(?:(?P<d>\d{{1,2}})日|底|末){_BEFORE}")),
    ("relative", re.compile(rf"自(?:本(?:通知|意见|办法|方案|决定))?(?:印发|发布|公布|施行|下发)之日起(?P<n>{_N})(?:个)?(?P<u>日|天|周|月|年)(?:内|以内|之内)")),
    ("ymd", AnchoredPattern(re.compile(rf"(?P<y>(?:19|20)\d{{2}})年(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日{_BEFORE}"),
                            ("月",))),  # shares its anchor's places with "ym"
    ("ym", AnchoredPattern(re.compile(rf"(?:到|至|于|在)?(?P<y>(?:19|20)\d{{2}})年(?P<m>\d{{1,2}})月(?:底|末)?{_BEFORE}|(?:到|至|于|在)?(?P<y2>(?:19|20)\d{{2}})年(?P<m2>\d{{1,2}})月(?:底|末)(?![\d日])|(?:到|至)(?P<y3>(?:19|20)\d{{2}})年(?P<m3>\d{{1,2}})月(?![\d日])"), ("月",))),
    ("half", AnchoredPattern(re.compile(r"(?P<y>(?:19|20)\d{2}年)?(?P<h>上|下)半年"), ("半年",))),
    ("quarter", AnchoredPattern(re.compile(r"(?P<y>(?:19|20)\d{2}年)?第(?P<q>[一二三四1-4])季度"), ("季度",))),
    ("y_end", AnchoredPattern(re.compile(rf"(?:到|至|于)?(?P<y>(?:19|20)\d{{2}})年(?:年)?(?:底|末){_BEFORE}?"), ("年底", "年末"))),
    ("by_year", AnchoredPattern(re.compile(r"(?:到|至)(?P<y>(?:19|20)\d{2})年(?![\d月—－\-至底末])"),
                                ("到19", "到20", "至19", "至20"))),
    ("y_before", AnchoredPattern(re.compile(rf"(?<![—－\-~至到])(?P<y>(?:19|20)\d{{2}})年{_BEFORE}"), ("前", "止"))),
    ("md", AnchoredPattern(re.compile(rf"(?<![年\d])(?P<m>\d{{1,2}})月(?:(?P<d>\d{{1,2}})日|底|末){_BEFORE}"), ("月",))),
    ("next_year_end", re.compile(r"今明两年")),
    ("year_end", AnchoredPattern(re.compile(r"(?:今年)?(?:年底|年末)(?:前|之前)?|(?<![一二两三四五六七八九十几\d])年内"), ("年底", "年末", "年内"))),
]

_MONTH = None


def _month_re() -> str:
    return "|".join(sorted(words()["en_months"], key=len, reverse=True))


@lru_cache(maxsize=None)
def en_patterns():
    """English limits. Every pattern opens with a limit word, and is tried only where one begins
    (``scan.LeadingWords``): with re.I, ``re`` would try each at every character."""
    M = _month_re()
    lim_words = ("before", "by", "no later than", "not later than", "prior to", "until")
    lim = "(?:" + "|".join(lim_words) + ")"
    by3 = ("by", "before", "no later than")

    def lead(pattern: str, words: tuple[str, ...]) -> LeadingWords:
        return LeadingWords(re.compile(pattern, re.I), words)

    return [
        ("recurring", lead(rf"\bby the end of (?P<mon>{M}) (?:every|each) year\b", ("by the end of",))),
        ("relative", lead(r"\bwithin (?P<n>\d{1,3}|one|two|three|six|thirty|fifteen|ten) (?P<u>days|months|years|weeks|working days) (?:of|after|from) (?:the )?(?:date of )?(?:its |this notice's |the notice's )?(?:issuance|issue|publication|release|promulgation)\b", ("within",))),
        ("mdy", lead(rf"\b{lim}\s+(?:the end of\s+)?(?P<mon>{M})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>(?:19|20)\d{{2}})\b", lim_words)),
        ("dmy", lead(rf"\b{lim}\s+(?P<d>\d{{1,2}})\s+(?P<mon>{M})\.?,?\s+(?P<y>(?:19|20)\d{{2}})\b", lim_words)),
        ("iso", lead(rf"\b{lim}\s+(?P<y>(?:19|20)\d{{2}})-(?P<m>\d{{2}})-(?P<d>\d{{2}})\b", lim_words)),
        ("end_my", lead(rf"\b(?:by|before|no later than)\s+(?:the\s+)?end of\s+(?P<mon>{M})\s+(?P<y>(?:19|20)\d{{2}})\b", by3)),
        ("end_y", lead(r"\b(?:by|before|no later than|at)\s+(?:the\s+)?end(?:\s+of|-)\s*(?P<y>(?:19|20)\d{2})\b", by3 + ("at",))),
        ("half", lead(r"\b(?:in|during|within|by the end of) the (?P<h>first|second) half of (?:(?P<y>(?:19|20)\d{2})|the year|this year)\b", ("in", "during", "within", "by the end of"))),
        ("end_year", lead(r"\b(?:by|before) the end of (?:the|this) year\b|\bwithin (?:the|this) year\b", ("by", "before", "within"))),
        ("end_m", lead(rf"\b(?:by|before|no later than)\s+(?:the\s+)?end of\s+(?P<mon>{M})\b(?!\s+(?:19|20)\d{{2}})(?!\s+(?:every|each))", by3)),
        ("my", lead(rf"\b(?:by|before|no later than)\s+(?P<mon>{M})\s+(?P<y>(?:19|20)\d{{2}})\b", by3)),
        ("by_year", lead(r"\b(?:by|before)\s+(?P<y>(?:19|20)\d{2})\b(?![-–/]\d)", ("by", "before"))),
    ]


_WORDNUM = {"one": 1, "two": 2, "three": 3, "six": 6, "ten": 10, "fifteen": 15, "thirty": 30}


def _resolve_zh(kind: str, m: re.Match, doc: Optional[date], issued: Optional[date]) -> tuple[Optional[date], bool]:
    g = m.groupdict()
    y = int(g["y"][:4]) if g.get("y") else None
    if kind == "recurring_q":
        if doc is None:
            return None, True
        step = {"季度": 3, "月": 1, "半年": 6}[g["per"]]
        m_end = ((doc.month - 1) // step + 1) * step
        return _safe(doc.year, m_end), True
    if kind == "recurring_md":
        return _next_after(doc, int(g["m"]), int(g["d"]) if g.get("d") else None), True
    if kind == "relative":
        base = issued or doc
        n = _n(g["n"])
        return (_add(base, n, g["u"]) if base and n else None), False
    if kind == "ymd":
        return _safe(y, int(g["m"]), int(g["d"])), False
    if kind == "ym":
        for yk, mk in (("y2", "m2"), ("y3", "m3")):
            if g.get(yk):
                return _safe(int(g[yk]), int(g[mk])), False
        return _safe(y, int(g["m"])), False
    if kind == "half":
        y = y or (doc.year if doc else None)
        return (_safe(y, 6 if g["h"] == "上" else 12) if y else None), False
    if kind == "quarter":
        y = y or (doc.year if doc else None)
        q = "一二三四".index(g["q"]) + 1 if g["q"] in "一二三四" else int(g["q"])
        return (_safe(y, q * 3) if y else None), False
    if kind in ("y_end", "by_year", "y_before"):
        return date(y, 12, 31), False
    if kind == "md":
        y = doc.year if doc else None
        return (_safe(y, int(g["m"]), int(g["d"]) if g.get("d") else None) if y else None), False
    if kind == "year_end":
        return (date(doc.year, 12, 31) if doc else None), False
    if kind == "next_year_end":
        return (date(doc.year + 1, 12, 31) if doc else None), False
    return None, False


def _resolve_en(kind: str, m: re.Match, doc: Optional[date], issued: Optional[date]) -> tuple[Optional[date], bool]:
    g = m.groupdict()
    months = words()["en_months"]
    y = int(g["y"]) if g.get("y") else None
    mon = months.get(g["mon"].lower().rstrip(".")) if g.get("mon") else None
    if kind == "recurring":
        return _next_after(doc, mon, None), True
    if kind == "relative":
        n = int(g["n"]) if g["n"].isdigit() else _WORDNUM.get(g["n"].lower())
        base = issued or doc
        return (_add(base, n, g["u"].lower()) if base and n else None), False
    if kind in ("mdy", "dmy"):
        return _safe(y, mon, int(g["d"])), False
    if kind == "iso":
        return _safe(y, int(g["m"]), int(g["d"])), False
    if kind in ("end_my", "my"):
        return _safe(y, mon), False
    if kind == "end_m":
        return (_safe(doc.year, mon) if doc else None), False
    if kind in ("end_y", "by_year"):
        return date(y, 12, 31), False
    if kind == "half":
        y = y or (doc.year if doc else None)
        return (_safe(y, 6 if g["h"].lower() == "first" else 12) if y else None), False
    if kind == "end_year":
        return (date(doc.year, 12, 31) if doc else None), False
    return None, False


def find_deadlines(text: str, language: str, doc_date: Optional[date] = None,
                   issued: Optional[date] = None) -> list[RawDeadline]:
    """Every time limit in ``text``; year-less limits resolve against ``doc_date``."""
    patterns = ZH_PATTERNS if language == "zh" else en_patterns()
    resolve = _resolve_zh if language == "zh" else _resolve_en
    taken = SpanSet()
    out = []
    lowered = text.lower() if language != "zh" else None  # the English patterns look for words in it
    # the anchor words of the Chinese patterns and the leading words of the English ones, each
    # found once for all the patterns
    places = Places(lowered if lowered is not None else text)
    for kind, rx in patterns:
        for m in (rx.finditer(text, lowered, places) if lowered is not None
                  else rx.finditer(text, places) if isinstance(rx, AnchoredPattern) else rx.finditer(text)):
            if taken.overlaps(m.start(), m.end()):
                continue
            if language == "zh" and _is_period(text, m):
                continue
            d, rec = resolve(kind, m, doc_date, issued)
            taken.add(m.start(), m.end())
            out.append(RawDeadline(m.start(), m.end(), m.group(0), d.isoformat() if d else None, rec))
    out.sort(key=lambda x: x.start)
    return out


def _is_period(text: str, m: re.Match) -> bool:
    """2019年1月1日至12月31日 / 2021—2035年: a span of time, not a limit."""
    after = text[m.end():m.end() + 2]
    before = text[max(0, m.start() - 1):m.start()]
    return bool(re.match(r"[至—－\-~]", after)) or before in ("—", "－", "-", "~")
