"""Numeric targets: "压减至16个月", "达到93%以上", "增长6%－6.5%", "reduced to 16 months".

A target is a number with a unit that a comparator word (before: 不低于, "at least"; after: 以上,
"or more") or a goal verb in a goal sentence (到2025年…推出100项) makes an obligation or aim.
Numbers that are granted or permitted (可, 给予…补贴, "may"), attributive eligibility conditions
(超过100人的企业), last year's results (去年, 过去一年, a work report's review section), years,
ordinals and document numbers are not targets. Words are data (``data/targets.json``).

The stage, as eyecite builds its citations: candidate numbers with their unit and comparator
words (``candidates``) -> the frame of their clause (``zh_frames``, ``en_frames``; ``filters``
say what is no target) -> their measure, metric (``metric``) and quote; the rules compiled
once per language (``rules``), the clause bounds all of them read in ``clauses``.
"""

from __future__ import annotations

import re
from typing import Optional, Sequence

from ...base.numbers import fmt, to_number
from ...findings import RawTarget, SectionRoles
from ...structure.roles import section_roles
from .candidates import _matches, _pre_of
from .clauses import _after_previous, _Frame, paragraph_bounds
from .en_frames import _en_frame, _english_frames
from .metric import _metric_of
from .rules import EnRules, Rules, ZhRules, rules, unit_names
from .zh_frames import _respective, _zh_frame

__all__ = ["find_targets", "paragraph_bounds", "rules", "unit_names"]


def find_targets(
    text: str,
    language: str,
    sections: Sequence[tuple[str, int, int]] = (),
    roles: Optional[SectionRoles] = None,
) -> list[RawTarget]:
    """Every numeric target in ``text``. ``sections`` are the top-level sections (title, start,
    end): those whose titles say they review the past hold no targets, and in those whose titles
    announce goals or tasks a number needs no goal word; ``roles`` are those spans when the
    caller has found them already (``section_roles``).

    Candidates (numbers with a unit, ``_matches``) are read one by one: the frame of their
    clause (``_zh_frame``, ``_en_frame``), their measure (``_measure``), what they measure
    (``_metric_of``) and where their quote starts (``_start_of``); each step may drop the
    candidate. English frames that read a whole phrase run first (``_english_frames``)."""
    L = rules(language)
    review, goals = roles if roles is not None else section_roles(sections, language, text)
    out: list[RawTarget] = _english_frames(text, L) if isinstance(L, EnRules) else []
    taken = [(t.start, t.end) for t in out]
    runs: list[list[RawTarget]] = []  # the values of each 分别 list
    for m in _matches(text, L, review):
        if taken and any(a <= m.start("num") < b for a, b in taken):
            continue
        target, resp = _candidate(text, language, L, m, out, goals)
        if target is None:
            continue
        out.append(target)
        if isinstance(L, ZhRules) and resp is not None:
            if runs and runs[-1][-1] is resp:
                runs[-1].append(target)
            else:
                runs.append([resp, target])
    if isinstance(L, ZhRules):
        _respective(runs, L)
    out.sort(key=lambda t: t.start)  # text order: the frames above run before the rest
    return out


def _candidate(
    text: str,
    language: str,
    L: Rules,
    m: re.Match,
    out: list[RawTarget],
    goals: list[tuple[int, int]],
) -> tuple[Optional[RawTarget], Optional[RawTarget]]:
    """One candidate number as a target (or None), and the 分别 list value it continues."""
    if not m.group("num"):
        return None, None
    unit_raw = (
        m.group("unit") or m.group("u1") or ("%" if m.group("num").startswith("百分之") else "")
    )
    if not unit_raw:
        return None, None
    pre, g = _pre_of(m, L)
    post = m.group("post")
    if isinstance(L, ZhRules):
        fr = _zh_frame(text, L, m, pre, g, post, unit_raw, out, goals)
    else:
        fr = _en_frame(text, L, m, pre, g, post, out)
    if fr is None:
        return None, None
    measure = _measure(text, language, L, m, fr, pre, post, unit_raw)
    if measure is None:
        return None, None
    value, value2, unit, kind, comparator, direction = measure
    metric = _metric_of(text, language, L, m, fr, pre, post, unit, out)
    if metric is None:
        return None, None
    start = _start_of(text, language, L, m, fr, pre, value, unit, out)
    if start is None:
        return None, None
    target = RawTarget(
        start,
        m.end(),
        text[start : m.end()].strip(),
        metric,
        comparator,
        fmt(value),
        unit,
        kind,
        fmt(value2) if value2 is not None else None,
        direction,
    )
    return target, fr.resp


def _measure(
    text: str,
    language: str,
    L: Rules,
    m: re.Match,
    fr: _Frame,
    pre: Optional[str],
    post: Optional[str],
    unit_raw: str,
) -> Optional[tuple[float, Optional[float], str, str, str, Optional[str]]]:
    """(value, value_max, unit, kind, comparator, direction), or None: no number, a second
    value in another unit, a Chinese level with no word that makes it a goal."""
    value, is_pct = to_number(m.group("num"))
    if value is None:
        return None
    value2 = to_number(m.group("num2"))[0] if m.group("num2") else None
    unit = "%" if is_pct else unit_raw
    unit = L.unit_norm.get(unit.lower() if isinstance(L, EnRules) else unit, unit)
    if m.group("u1") and not m.group("unit"):
        unit = L.unit_norm.get(m.group("u1"), m.group("u1"))
    s_num = m.start("num")
    if isinstance(L, EnRules) and L.currency_before.search(text, max(0, s_num - 6), s_num):
        unit = L.unit_norm.get(f"{unit} yuan", f"{unit} yuan")  # RMB 20 billion: billion yuan
    if fr.cont is not None and unit != fr.cont.unit:
        return None  # "by 5% and 6 months": not a second value of the same measure
    g = fr.g or {}
    kind = g.get("kind", "level")
    # a goal with no comparator word is the figure itself (ANNOTATION.md): 新建50个 is =
    comparator = g.get("comparator", "=")
    if isinstance(L, EnRules) and pre:
        # "reached over 93%", "increasing by more than 10%": the second word carries the
        # comparator
        for w in L.pre_rx.findall(text, m.start(), m.start("num"))[1:]:
            g2 = L.pre_words.get(w.lower())
            if g2 and g2.get("kind") != "change":
                comparator = g2["comparator"]
    if post:
        comparator = L.post_words.get(post.lower() if isinstance(L, EnRules) else post, comparator)
    direction = None
    if kind == "change":
        direction = "down" if g.get("down") or (pre in L.data.get("down_words", [])) else "up"
    if value2 is not None:
        comparator = "between"
    if (
        isinstance(L, ZhRules)
        and kind == "level"
        and comparator == "="
        and not post
        and not fr.goal
        and pre is None
        and not fr.listed
    ):
        return None
    return value, value2, unit, kind, comparator, direction


def _start_of(
    text: str,
    language: str,
    L: Rules,
    m: re.Match,
    fr: _Frame,
    pre: Optional[str],
    value: float,
    unit: str,
    out: list[RawTarget],
) -> Optional[int]:
    """Where the target's quote starts (its comparator word, goal verb or number); None for a
    goal restated (今年预期目标设定为6%以上 after the list of goals)."""
    s_num = m.start("num")
    start = m.start("pre") if pre else (fr.verb_start if fr.verb_start is not None else s_num)
    if fr.split is not None:
        start = fr.split.start("verb")
    if (
        isinstance(L, ZhRules)
        and out
        and L.restated.search(text, max(0, start - 14), start)
        and any(t.value == fmt(value) and t.unit == unit for t in out)
    ):
        return None  # 今年预期目标设定为6%以上: a goal explained, stated once already
    if out and start < out[-1].end <= s_num:
        # (no two targets overlap: 建设50所…学校和150个…: the second opens after the list
        # word that introduces it)
        start = _after_previous(text, start, s_num, out)
        sep = max(text.rfind(c, start, s_num) for c in "和、，,及")
        if sep >= 0:
            start = sep + 1
    return start
