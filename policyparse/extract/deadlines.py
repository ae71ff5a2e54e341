"""Deadlines: time limits resolved to ISO dates against the document's own date, never today.

"by the end of 2023" / 2023年底前 -> 2023-12-31; 年底前 -> the document's year; 每年2月底前 -> the
first such day after the document's date; 自印发之日起30日内 -> issue date + 30 days. A date with
no limit word (the issue date, a period 2019年1月1日至12月31日) is not a deadline.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache
from typing import Iterator, Optional, Sequence, Union

from ..base.datafiles import load
from ..base.numbers import cn_to_int
from ..fast.scan import AnchoredPattern, LeadingWords, Places
from ..fast.spans import SpanSet
from ..findings import Deadlines, RawDeadline
from ..model import Span, Warning
from ..structure.dates import en_months, five_year_plans, month_thirds


@lru_cache(maxsize=None)
def words() -> dict:
    return load("deadlines.json")


@lru_cache(maxsize=1)
def limit_labels() -> tuple[str, ...]:
    """The labels of a time-limit line ("完成时限：", "Deadline:"), lower-cased."""
    return tuple(lab.lower() for lab in words()["limit_labels"])


def _eom(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _safe(y: Optional[int], m: Optional[int], d: Optional[int] = None) -> Optional[date]:
    """The date, the month's last day when ``d`` is None; None when it is no date."""
    if y is None or m is None:
        return None
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


def _year_end(y: Optional[int]) -> Optional[date]:
    return date(y, 12, 31) if y is not None else None


def _next_after(doc: Optional[date], m: Optional[int], d: Optional[int]) -> Optional[date]:
    if doc is None:
        return None
    for y in (doc.year, doc.year + 1):
        cand = _safe(y, m, d)
        if cand and cand > doc:
            return cand
    return None


def _monthly(doc: Optional[date], day: int) -> Optional[date]:
    """每月10日前, "by the 10th of each month": the first such day after the notice."""
    if doc is None:
        return None
    this = _safe(doc.year, doc.month, day)
    if this and this > doc:
        return this
    nxt = date(doc.year + doc.month // 12, doc.month % 12 + 1, 1)
    return _safe(nxt.year, nxt.month, day)


def _expand(pattern: str, macros: dict[str, str]) -> str:
    """``%name%`` in a data pattern replaced by its macro."""
    return re.sub(r"%(\w+)%", lambda m: macros[m.group(1)], pattern)


def _macros() -> dict[str, str]:
    w = words()
    macros = {k: v for k, v in w["macros"].items() if k not in ("en_month", "en_count")}
    macros["en_month"] = "|".join(sorted(en_months(), key=len, reverse=True))
    macros["en_count"] = "|".join(sorted(en_counts(), key=len, reverse=True))
    return macros


@lru_cache(maxsize=1)
def en_counts() -> dict[str, int]:
    """The English words that count ("thirty" days), from number_words.json: one home for the
    number words align reads too."""
    nw = load("number_words.json")
    skip = set(nw["not_counts"])
    return {w: int(v) for w, v in nw["en"].items() if w not in skip and float(v).is_integer()}


Scanner = Union[re.Pattern, AnchoredPattern, LeadingWords]


@lru_cache(maxsize=None)
def patterns(language: str) -> tuple[tuple[str, Scanner], ...]:
    """(kind, scanner) of every limit pattern of a language, in the data's order. A Chinese
    pattern with anchors is tried only around them (``AnchoredPattern``); an English one only
    where one of its leading words begins (``LeadingWords``: with re.I, ``re`` would try each
    at every character)."""
    macros = _macros()
    out: list[tuple[str, Scanner]] = []
    for p in words()["patterns"]:
        if p["language"] != language:
            continue
        if language == "en":
            rx = re.compile(_expand(p["pattern"], macros), re.I)
            out.append((p["kind"], LeadingWords(rx, tuple(p["leading_words"]))))
        else:
            rx = re.compile(_expand(p["pattern"], macros))
            out.append(
                (p["kind"], AnchoredPattern(rx, tuple(p["anchors"])) if p.get("anchors") else rx)
            )
    return tuple(out)


def _resolve_zh(
    kind: str, m: re.Match, doc: Optional[date], issued: Optional[date]
) -> tuple[Optional[date], bool]:
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
    if kind == "recurring_d":
        return _monthly(doc, int(g["d"])), True
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
        qs = g.get("q") or g["q2"]
        q = "一二三四".index(qs) + 1 if qs in "一二三四" else int(qs)
        return (_safe(y, q * 3) if y else None), False
    if kind in ("y_end", "by_year", "y_before", "labelled_year", "y_within", "tier"):
        return _year_end(y), False
    if kind == "plan_end":  # 到“十四五”末: the plan period's last year
        return _year_end(five_year_plans().get(g["plan"] or g["plan2"])), False
    # 今年 / 明年: the notice's year, the next
    rel = 1 if g.get("rel") == "明年" or kind.startswith("next_") else 0
    if kind in ("md", "rel_md"):
        y = doc.year + rel if doc else None
        return (_safe(y, int(g["m"]), int(g["d"]) if g.get("d") else None) if y else None), False
    if kind == "xun":  # 上旬 ends on the 10th, 中旬 on the 20th, 下旬 with the month
        y = y or (doc.year + rel if doc else None)
        return _safe(y, int(g["m"]), month_thirds()[g["x"]]), False
    if kind in ("year_end", "next_y_end"):
        return (date(doc.year + rel, 12, 31) if doc else None), False
    if kind == "next_year_end":
        return (date(doc.year + 1, 12, 31) if doc else None), False
    return None, False


_EN_QUARTERS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
}


def _resolve_en(
    kind: str, m: re.Match, doc: Optional[date], issued: Optional[date]
) -> tuple[Optional[date], bool]:
    g = m.groupdict()
    months = en_months()
    y = int(g["y"]) if g.get("y") else None
    mon = months.get(g["mon"].lower().rstrip(".")) if g.get("mon") else None
    if kind == "recurring":
        return _next_after(doc, mon, int(g["d"]) if g.get("d") else None), True
    if kind == "recurring_d":
        return _monthly(doc, int(g["d"])), True
    if kind == "plan_end":  # "by the end of the 14th Five-Year Plan period"
        return _year_end(five_year_plans().get(g["plan"].lower())), False
    if kind == "part_m":  # early: the 10th, mid: the 20th, late: the month's end (上/中/下旬)
        y = y or (doc.year if doc else None)
        return _safe(y, mon, month_thirds()[g["x"].lower()]), False
    if kind == "end_q":
        q = _EN_QUARTERS[g["q"].lower()] if g.get("q") else int(g["qn"])  # (Q3 2024)
        y = y or (int(g["y2"]) if g.get("y2") else None) or (doc.year if doc else None)
        return (_safe(y, 3 * q) if y else None), False
    if kind == "relative":
        n = int(g["n"]) if g["n"].isdigit() else en_counts().get(g["n"].lower())
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
        return _year_end(y), False
    if kind == "half":
        y = y or (doc.year if doc else None)
        return (_safe(y, 6 if g["h"].lower() == "first" else 12) if y else None), False
    if kind == "end_year":
        return (date(doc.year + (1 if g.get("next") else 0), 12, 31) if doc else None), False
    return None, False


def find_deadlines(
    text: str,
    language: str,
    doc_date: Optional[date] = None,
    issued: Optional[date] = None,
    review_spans: Sequence[tuple[int, int]] = (),
) -> list[RawDeadline]:
    """Every time limit in ``text``; year-less limits resolve against ``doc_date``. A time inside
    ``review_spans`` (the sections that review the past: ``targets.section_roles``; a work
    report's 2020年工作回顾: "年末全国城镇调查失业率降到5.2%") limits nothing."""
    review = SpanSet()
    for a, b in review_spans:
        review.add(a, b)
    resolve = _resolve_zh if language == "zh" else _resolve_en
    taken = SpanSet()
    out = []
    lowered = (
        text.lower() if language != "zh" else None
    )  # the English patterns look for words in it
    # the anchor words of the Chinese patterns and the leading words of the English ones, each
    # found once for all the patterns
    places = Places(lowered if lowered is not None else text)
    for kind, rx in patterns(language):
        for m in _finditer(rx, text, lowered, places):
            if taken.overlaps(m.start(), m.end()) or review.overlaps(m.start(), m.end()):
                continue
            if language == "zh" and (_is_period(text, m) or _is_cohort(text, m)):
                continue
            if kind == "tier" and doc_date and int(m.group("y")) < doc_date.year:
                continue  # "2020年，…" in a notice of 2021 tells what happened, not a limit
            start_year = _start_year(text, m) if kind.startswith("recurring") else None
            base = (
                date(start_year - 1, 12, 31)
                if start_year and doc_date and start_year > doc_date.year
                else doc_date
            )
            d, rec = resolve(kind, m, base, issued)
            taken.add(m.start(), m.end())
            a, b = m.span("at") if "at" in m.re.groupindex else m.span()
            out.append(RawDeadline(a, b, text[a:b], d.isoformat() if d else None, rec, kind))
    out.sort(key=lambda x: x.start)
    return out


_STARTS = re.compile(r"((?:19|20)\d{2})年起")


def _start_year(text: str, m: re.Match) -> Optional[int]:
    """The year a recurring limit starts in, said earlier in its sentence ("2020年起，每年…")."""
    sentence = max(text.rfind("。", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
    found = _STARTS.findall(text, sentence, m.start())
    return int(found[-1]) if found else None


def _finditer(rx: Scanner, text: str, lowered: Optional[str], places: Places) -> Iterator[re.Match]:
    """The matches of one pattern, through its scanner (sharing ``places`` with the others)."""
    if isinstance(rx, LeadingWords):
        return rx.finditer(text, lowered, places)
    if isinstance(rx, AnchoredPattern):
        return rx.finditer(text, places)
    return rx.finditer(text)


@lru_cache(maxsize=1)
def _cohort() -> re.Pattern:
    c = words()["cohort"]
    verbs = "|".join(sorted(map(re.escape, c["verbs"]), key=len, reverse=True))
    return re.compile(rf"[^，。；、,;\n]{{0,{c['gap']}}}?(?:{verbs})[^，。；、,;\n的]{{0,4}}的")


def _is_cohort(text: str, m: re.Match) -> bool:
    """2005年底前注册营运的黄标车: the date qualifies a class of things (data: cohort)."""
    return bool(_cohort().match(text, m.end()))


def _is_period(text: str, m: re.Match) -> bool:
    """2019年1月1日至12月31日 / 2021—2035年: a span of time, not a limit."""
    after = text[m.end() : m.end() + 2]
    before = text[max(0, m.start() - 1) : m.start()]
    return bool(re.match(r"[至—－\-~]", after)) or before in ("—", "－", "-", "~")


def dated(text: str, deadlines: list[RawDeadline]) -> Deadlines:
    """The deadlines stage's result: the limits, and a ``deadline_unresolved`` warning (quoting
    ``text``, the notice as written) for each that cannot be dated."""
    warnings = [
        Warning(
            "deadline_unresolved",
            f"cannot date {text[d.start : d.end]!r} (the notice carries no date)",
            Span(d.start, d.end),
        )
        for d in deadlines
        if d.date is None
    ]
    return Deadlines(deadlines, warnings)
