"""Chinese filters: what makes a number no target by its form or its context (an ordinal, a
year, a condition, a grant, a past result, the name of a programme)."""

from __future__ import annotations

import re
from typing import Optional

from ...base.script import has_han
from .clauses import _CLAUSE_BREAK, _SENTENCE_END, SENTENCE_MAX, _within, clause_start
from .rules import Rules, ZhRules

# what may follow a target's 以上/以下 and still leave it a target (并, 和, 的目标…): any other
# Chinese character opens the noun the number qualifies
_ATTR_OK = frozenset("并且和及与等的，。；、")


def _in_quoted_name(text: str, s: int, e: int) -> bool:
    """The number stands inside a name: a short quoted one (“稳增长20条”: its quotes a few
    characters either side, no clause break between) or a title in 《》 (《…稳定经济增长20条政策
    措施的通知》)."""
    for left, right, reach, breaks in (("“", "”", 12, "，。；：\n"), ("《", "》", 80, "。\n")):
        o = text.rfind(left, max(0, s - reach), s)
        if o < 0 or text.find(right, o, s) >= 0:
            continue
        c = text.find(right, e, e + reach)
        if c >= 0 and not any(b in text[o:c] for b in breaks):
            return True
    return False


def _excluded_zh_form(text: str, m: re.Match, unit: str, L: ZhRules, share: bool) -> bool:
    """Not a target by its own form and neighbours: an ordinal, a document number, a year, a date,
    a span of time, a vague quantity, an attributive condition (no clause needed: tried first).
    ``share``: the number is a population share (``population_share``), no condition."""
    s, e = m.start("num"), m.end()
    num = m.group("num")
    prev = text[max(0, s - 1) : s]
    after = text[e : e + 2]
    if prev in "第〔[（(" and prev:
        if prev == "第":
            return True
    if (
        after.startswith("号")
        or after.startswith("周年")
        or text[e : e + 1] in ("月",)
        and unit == "年"
    ):
        return True
    if unit == "年" and len(num) == 4 and num.isdigit():
        return True  # a year
    if unit in ("日", "天", "月", "年") and not m.group("pre") and not m.group("post"):
        return True
    if unit in ("年", "天", "日", "个月") and any(
        text.startswith(w, e) for w in L.data["duration_after"]
    ):
        return True  # 经过5—10年左右时间: a span of time, not a goal
    if unit in ("", None) and len(num) == 4 and num.isdigit():
        return True
    if unit in ("批", "个", "项", "些", "种", "套", "家") and num in ("一", "两", "几"):
        return True  # 降低一批, 建设一个: a vague quantity, not a number
    counted = unit in L.count_units  # 1500万人次以上的…培训: a programme's size
    if (
        after.startswith("的")
        and not counted
        and not text[e : e + 3].startswith("的目标")
        and not (m.group("pre") and L.goal.search(text, max(0, s - 30), s))
        and not share
    ):
        # attributive: an eligibility condition (超过100人的企业); but what a goal verb sets is
        # a target however it is phrased (举办不少于2场的活动)
        return True
    post = m.group("post")
    if (
        post in ("以上", "以下")
        and unit != "%"  # 85%以上地市: a share of what follows, the goal itself
        and not counted
        and e < len(text)
        and has_han(text[e])
        and text[e] not in _ATTR_OK
        and not L.goal.search(text, max(0, s - 4), s)  # 组织50场以上…活动: counted, a goal
    ):
        return True  # 56人以上大班额, 2000万美元以上重点外资企业: a threshold inside a noun
    if _in_quoted_name(text, s, e):
        return True  # “稳增长20条”, “金融15条”: a policy's name, not a number it sets
    first = m.start("pre") if m.group("pre") else s
    if L.start_after.match(text, e) and L.start_before.search(text, max(0, first - 14), first):
        return True  # 由不低于80%提高至…: where a change starts, not a target
    # inside a longer number (the "" of a number at the very start of the text is not inside one)
    return bool(prev) and (prev.isdigit() or prev in ".．")


def _not_word(text: str, before: str, s: int, e: int, L: Rules) -> bool:
    """A word before the number that makes it no target (可, 给予, 按照…). 按 is read again with
    a little of the text after the number: 按照…的目标 introduces a goal, 按照…的标准 an amount."""
    pos = 0
    while (hit := L.not_target.search(before, pos)) is not None:
        at = s - len(before) + hit.start()
        if L.budget.match(text, at + len(hit.group())):
            pos = hit.end()  # 奖补资金等增幅均超过10%: a budget line, not a grant
            continue
        if not hit.group().startswith("按"):
            return True
        if L.not_target.match(text, at, min(len(text), e + 80)):
            return True
        pos = hit.end()
    return False


def _excluded_zh_context(
    text: str,
    m: re.Match,
    clause: str,
    before: str,
    L: ZhRules,
    sentence: bool = True,
    goal: bool = False,
) -> bool:
    """Not a target by its clause: granted or permitted, a condition, or last year's result
    (in its clause, and unless ``sentence`` is False in its sentence before it). ``goal``: the
    number stands in a section that sets goals."""
    s, e = m.start("num"), m.end()
    if _not_word(text, before, s, e, L) or L.not_after.match(text, e):
        return True  # granted, permitted or penal amounts and eligibility conditions
    # (the clause starts where before does)
    if _past(clause, L, text, s, s - len(before), goal=goal):
        return True
    if not sentence:
        return False
    sent_start = clause_start(text, s, _SENTENCE_END, SENTENCE_MAX)
    # 过去一年…增长6.6%: a result
    return _past(text[sent_start:s], L, text, s, sent_start, s - len(before), goal)


def _past(
    words: str,
    L: ZhRules,
    text: str,
    s: int,
    at: int,
    clause_at: Optional[int] = None,
    goal: bool = False,
) -> bool:
    """Words (``text[at:…]``) that say the number at ``s`` is a result: a past cue, unless it
    is a comparison with last year inside a goal (确保…较上年度再降0.5个百分点: the baseline of
    the change it sets; the sentence is read for a goal cue only then), or a comparison that
    is not the number's own: after it (拟按3.2%左右安排、比去年有所下调: the figure set, compared
    with last year's) or in an earlier clause than its own (``clause_at``: 增长7.8%、增幅明显高于
    去年，其中…增幅均超过10% compares the 7.8%). In a section that sets goals (``goal``) a
    baseline word needs no cue (研发经费投入年均增长7%以上: a plan's yearly average)."""
    for hit in L.past.finditer(words):
        h = at + hit.start()
        if (h > s or clause_at is not None and h < clause_at) and L.compare_after.search(
            text, max(at, h - 8), h
        ):
            continue
        if h < s and _opens_start(text, h, s, L):
            continue  # 赤字率从去年的2.1%提高到2.3%: where the change starts, not a result
        if not _within(words, hit, L.baseline):
            return True
        if goal:
            continue
        sent_start = clause_start(text, s, _SENTENCE_END, SENTENCE_MAX)
        if not L.cue.search(text, sent_start, s):
            return True
    return False


def _opens_start(text: str, h: int, s: int, L: ZhRules) -> bool:
    """The word at ``h`` is inside the starting phrase (由/从 …) of a from-to change that
    reaches the number at ``s`` in the same clause (data: baseline, starting_value)."""
    return (
        L.start_before.search(text, max(0, h - 12), h) is not None
        and L.start_after.search(text, h, s) is not None
        and not _CLAUSE_BREAK.search(text, h, s)
    )
