"""Chinese frames: the clause a number stands in that makes it a target (a comparator, a goal
verb, a planned list, a share of a population, a 分别 list)."""

from __future__ import annotations

import re
from typing import Optional

from ...findings import RawTarget
from .clauses import _SENTENCE_END, _ZH_CLAUSE, SENTENCE_MAX, _Frame, clause_start, paragraph_bounds
from .filters import _excluded_zh_context, _excluded_zh_form
from .rules import GOAL_REACH, ZhRules


def _listed_plan(text: str, m: re.Match, cs: int, out: list, L: ZhRules) -> bool:
    """财政赤字2.76万亿元 after 赤字率拟按2.8%安排 in one sentence: a planned figure listed as a
    noun and an amount, with nothing after it in its clause (data: plan_list)."""
    if not out:
        return False
    prev, s_num = out[-1], m.start("num")
    if (
        not (0 <= s_num - prev.end <= L.data["plan_list"]["max_gap"])
        or "。" in text[prev.end : s_num]
    ):
        return False
    if not L.plan_noun.match(text[cs:s_num]) or L.goal.search(text, cs, s_num):
        return False  # (a goal verb in the clause governs it: 培育骨干企业300家 is a floor)
    if m.end() < len(text) and text[m.end()] not in "，；。,;\n":
        return False
    sent = clause_start(text, prev.start, _SENTENCE_END, SENTENCE_MAX)
    return bool(L.plan_lead.search(text, sent, prev.end))


VERB_LEAD_MAX = 2  # characters before a goal verb that ends right before a number (选树支持)


def _verb_before(before: str, L: ZhRules) -> bool:
    """The words before a number are a goal verb (选择, 选树支持): what it counts follows it."""
    gm = L.goal_end.search(before)
    return gm is not None and gm.start() <= VERB_LEAD_MAX


def _bound_ahead(text: str, pos: int, L: ZhRules) -> Optional[str]:
    """The comparator of the bound word (以上, 以下) that closes a 分别 list of values going on
    at ``pos`` (7%、2%以下), or None when no such word closes it."""
    for _ in range(8):
        if pos >= len(text) or text[pos] not in L.respectively_seps:
            return None
        nm = L.rx.match(text, pos + 1)
        if nm is None or nm.group("pre"):
            return None
        if nm.group("post"):
            return L.post_words[nm.group("post")]
        pos = nm.end()
    return None


def _bound_run(out: list[RawTarget], text: str, comparator: str, L: ZhRules) -> None:
    """The values before a bound word in a 分别 list take its comparator, unless they carry a
    bound word of their own (分别比2020年下降25%和20%以上: both cuts are floors)."""
    k = len(out) - 1
    while k >= 0:
        t = out[k]
        if not any(t.text.endswith(w) for w in L.post_words):
            t.comparator = comparator
        if k == 0 or text[out[k - 1].end : t.start] not in L.respectively_seps:
            break
        k -= 1


def _respective(runs: list[list[RawTarget]], L: ZhRules) -> None:
    """The values of a 分别 list (能耗和二氧化碳排放分别降低13.5%、18%) share one metric; when it
    lists as many nouns as there are values, each value measures its own."""
    for run in runs:
        parts = [p for p in L.respectively_split.split(run[0].metric) if p]
        if len(parts) == len(run) and all(t.metric == run[0].metric for t in run):
            last = parts[-1]
            for t, part in zip(run, parts, strict=True):
                t.metric = part + _shared_tail(
                    part, last, L.respectively_tail_min, L.respectively_tail_heads
                )


def _shared_tail(noun: str, last: str, min_tail: int, heads: tuple[str, ...]) -> str:
    """The words a 分别 list's last noun ends with that an earlier noun lacks and shares
    (乘用车 / 商用车|新车二氧化碳排放强度): the last noun's own head ends where it first ends as the
    earlier noun does (车), else after as many characters as the earlier noun has, when the last
    noun is at least ``min_tail`` longer and ends in a measure's head (锂电材料 / 光纤行业|非电能源
    占比); nothing for the last noun itself or one no longer than the earlier (能耗 / 二氧化碳排放),
    nor for two measures (能耗 / 二氧化碳排放量)."""
    if noun == last or len(last) <= len(noun):
        return ""
    k = last.find(noun[-1], 0, len(last) - 1)
    if k >= 0:
        return last[k + 1 :]
    if len(last) - len(noun) >= min_tail and last.endswith(heads):
        return last[len(noun) :]
    return ""


def population_share(text: str, m: re.Match, L: ZhRules) -> bool:
    """每年要对30%以上的市开展稽查: a bounded percentage, then 的 and what is counted, after a
    word that obliges in its sentence (targets.json population_share); a grant in the clause
    makes it a condition instead. Without such a word a share is one only as its clause's
    subject, doing an action, not a past one (100%的社区卫生服务中心完成标准化建设, 80%以上的
    环境监察机构达到标准化建设要求)."""
    s, e = m.start("num"), m.end()
    percent = "%" in m.group(0) or m.group("num").startswith("百分之")
    if not (percent and text.startswith("的", e)):
        return False
    end = _ZH_CLAUSE.search(text, e, e + SENTENCE_MAX)
    stop = end.start() if end else min(len(text), e + 60)
    if m.group("post"):
        reach = L.share_reach
        lo = max(clause_start(text, s, _SENTENCE_END, SENTENCE_MAX), s - reach)
        if L.share_obliged.search(text, lo, s):
            return not L.not_target.search(text, lo, stop)
    # 全省90%以上的县建成区域医疗中心: the share is its clause's subject, doing an action
    cs = clause_start(text, s, _ZH_CLAUSE, SENTENCE_MAX)
    return (
        L.share_opener.fullmatch(text, cs, s) is not None
        and L.share_action.search(text, e, stop) is not None
        and not L.past.search(text, cs, stop)
        and not L.not_target.search(text, cs, stop)
    )


def _zh_frame(
    text: str,
    L: ZhRules,
    m: re.Match,
    pre: Optional[str],
    g: Optional[dict],
    post: Optional[str],
    unit_raw: str,
    out: list[RawTarget],
    goals: list[tuple[int, int]],
) -> Optional[_Frame]:
    """A Chinese number's frame, or None when its form or context says it is no target."""
    s_num = m.start("num")
    share = population_share(text, m, L)  # (read once: the form, the frame and the metric ask)
    if _excluded_zh_form(text, m, unit_raw, L, share):
        return None
    cs = clause_start(text, s_num, _ZH_CLAUSE, 120)
    ce = _ZH_CLAUSE.search(text, m.end(), m.end() + SENTENCE_MAX)
    clause = text[cs : ce.start() if ce else min(len(text), m.end() + SENTENCE_MAX)]
    before = text[cs:s_num]  # with the comparator word: 可降至 is permission, 降至 an aim
    # 提高代偿容忍度至10%: the verb parted from its 至 by what it changes
    split = None if pre else L.split.search(text, max(cs, s_num - 24), s_num)
    if split is not None:
        down = split.group("verb") in L.split_down
        g = {"comparator": "<=" if down else ">=", "kind": "level"}
    listed = not pre and not post and not split and _listed_plan(text, m, cs, out, L)
    # (a listed figure is read in its own clause: the sentence's "比去年预算高0.2个百分点"
    # compares, it does not report)
    in_goals = bool(goals) and any(a <= s_num < b for a, b in goals)
    if _excluded_zh_context(text, m, clause, before, L, sentence=not listed, goal=in_goals):
        return None
    if pre in L.planned_words and g and g.get("comparator") == ">=":
        sent = clause_start(text, s_num, _SENTENCE_END, SENTENCE_MAX)
        if L.planned_lead.search(text, sent, s_num):
            g = {**g, "comparator": "="}  # 拟安排…赤字率提高到3%: the planned level, no floor
    fr = _Frame(g, cs, m.start("pre") if pre else s_num, listed=listed, split=split, share=share)
    prev = out[-1] if out else None
    if (
        not pre
        and prev is not None
        and text[prev.end : s_num] in L.respectively_seps
        and L.respectively.search(text, cs, prev.start)
    ):
        # 能耗和二氧化碳排放分别降低13.5%、18%: the next value of the same comparison;
        # a bound word after the last value bounds them all (分别下降25%和20%以上)
        fr.resp = fr.cont = prev
        fr.g = {"comparator": prev.comparator, "kind": prev.kind, "down": prev.direction == "down"}
        if post:
            _bound_run(out, text, L.post_words[post], L)
    elif (
        not pre
        and not post
        and L.respectively.search(text, cs, s_num)
        and (ahead := _bound_ahead(text, m.end(), L)) is not None
    ):
        # 非电能源占比分别在7%、2%以下: the first value, bounded by the word after the last
        fr.g = {"comparator": ahead, "kind": "level"}
    elif not pre and not post and not listed and split is None and share:
        # 100%的社区卫生服务中心完成…: the share itself, the goal of its clause
        fr.g, fr.goal = {"comparator": "=", "kind": "level"}, True
    elif not pre and not post and not listed and split is None:
        governed = _zh_goal(text, L, m, cs, out, goals)
        if governed is None:
            return None
        fr.goal, fr.verb_start = True, governed[0]
    return fr


# what joins a list's items (建设50所学校和150个专业, 培育企业50家、平台30个)
_LIST_JOINERS = ("和", "、", "及")


def _zh_goal(
    text: str,
    L: ZhRules,
    m: re.Match,
    cs: int,
    out: list[RawTarget],
    goals: list[tuple[int, int]],
) -> Optional[tuple[Optional[int]]]:
    """A bare number (no comparator word) is a goal when a goal verb governs it in a paragraph
    with a goal cue (or in a goals section): (where the verb starts,), else None."""
    s_num = m.start("num")
    para_start, para_end = paragraph_bounds(text, s_num, m.end())
    window = max(cs, s_num - GOAL_REACH)
    verbs = list(L.goal.finditer(text, window, s_num))
    gm = verbs[-1] if verbs else None  # the goal verb closest to the number governs it
    # 建设50所高水平高等职业学校和150个骨干专业, 培育国家级企业50家、省级专精特新中小企业500家:
    # one goal verb governs the numbers of a list (joined right after the last target, or
    # right before this number, with no clause break between)
    continued = (
        gm is None
        and bool(out)
        and 0 <= s_num - out[-1].end <= 30
        and out[-1].comparator in (">=", "=")
        and (
            text[s_num - 1 : s_num] in _LIST_JOINERS
            or (
                text[out[-1].end : out[-1].end + 1] in _LIST_JOINERS
                and _ZH_CLAUSE.search(text, out[-1].end, s_num) is None
            )
        )
    )
    # (the goal cue is looked for in the paragraph only for a number a goal verb governs)
    if not (
        (gm or continued)
        and (L.cue.search(text, para_start, para_end) or any(a <= s_num < b for a, b in goals))
    ):
        # "城镇调查失业率5.5%左右" has a post word; a bare number needs a goal verb and cue
        return None
    if re.fullmatch(r"[零〇一二两三四五六七八九十几]+", m.group("num")):
        # 培育一批, “四个全面”, 零部件: a small Chinese numeral (or a 零 that is part of a word)
        # with no comparator is not a goal
        return None
    return (gm.start() if gm else None,)
