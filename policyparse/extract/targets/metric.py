"""What a target measures: the noun phrase its clause names, in either language."""

from __future__ import annotations

import re
from typing import Optional

from ...findings import RawTarget
from .clauses import _SENTENCE_END, _ZH_CLAUSE, SENTENCE_MAX, _after_previous, _Frame, clause_start
from .rules import EnRules, Rules, ZhRules, en_rules, zh_rules
from .zh_frames import _LIST_JOINERS, _verb_before


def _metric_zh(text: str, clause_start: int, pos: int) -> str:
    """The metric: the clause before the number less its time phrases, aims and modal words,
    a current value written inside it (现行16%的) and the starting value of a change (由50%)."""
    zh = zh_rules()
    s = zh.strip_inner.sub("", text[clause_start:pos])
    s = zh.from_phrase.sub("", s, count=1)
    s = zh.strip_lead.sub("", s.lstrip(" ，、和及并"), count=1)
    s = zh.strip_tail.sub("", s, count=1).strip(" ，、")
    return "" if s in _NOT_A_METRIC else s  # (a preposition left alone names nothing)


_NOT_A_METRIC = frozenset("至到在于为对由从")


def _metric_en(text: str, clause_start: int, pos: int) -> str:
    """The metric: the clause before the number less connectives, verbs, articles, auxiliaries."""
    en = en_rules()
    s = text[clause_start:pos].strip()
    for rx in en.strip_lead:
        s = rx.sub("", s, count=1)
    for rx in en.strip_tail:
        s = rx.sub("", s, count=1)
    return s.strip(" ,")


def share_noun(text: str, m: re.Match, L: ZhRules) -> str:
    """What a population share measures: the share of what is counted (the words after 的 up to
    the action or a bracket: 市, 环境监察机构) that does the action (from its verb to the clause's
    end, past a share coordinated with this one): 开展稽查的市的比例."""
    e = m.end() + 1
    end = L.share_noun_end.search(text, e, e + 30)
    noun = text[e : end.start() if end else e].strip()
    clause = _ZH_CLAUSE.search(text, e, e + SENTENCE_MAX)
    stop = clause.start() if clause else min(len(text), e + SENTENCE_MAX)
    verb = L.share_action.search(text, end.start() if end else e, stop)
    if verb is not None and 0 < stop - verb.start() <= L.share_action_max:
        return f"{text[verb.start() : stop]}的{noun}的比例"
    return f"{noun}的比例" if noun else ""


def _metric_of(
    text: str,
    language: str,
    L: Rules,
    m: re.Match,
    fr: _Frame,
    pre: Optional[str],
    post: Optional[str],
    unit: str,
    out: list[RawTarget],
) -> Optional[str]:
    """What the target measures; None for a benefit's rate (报销比例由50%提高到60%)."""
    s_num, cs = m.start("num"), fr.cs
    if isinstance(L, EnRules):
        metric = _metric_en(text, cs, fr.metric_end)  # (English goals: _goal_en)
    elif fr.goal or (post and _verb_before(text[cs:s_num].strip(), L)):
        metric = _counted(text, L, m, fr, out)
    else:
        metric = _metric_zh(text, _after_previous(text, cs, fr.metric_end, out), fr.metric_end)
    if fr.share and isinstance(L, ZhRules):
        metric = share_noun(text, m, L)  # 30%以上的市: what is counted
    if fr.split is not None:
        metric = fr.split.group("obj")
    if fr.cont is not None:
        metric = fr.cont.metric
    # (out[-1] precedes the number unless an English frame found a later target first)
    if not metric and out and isinstance(L, ZhRules) and out[-1].end <= s_num:
        # 财政支出超过23万亿元，增长6.5%: a number whose clause names nothing measures what
        # the sentence's previous target measured
        if out[-1].end >= clause_start(text, s_num, _SENTENCE_END, SENTENCE_MAX):
            metric = out[-1].metric
    if not metric and out and cs <= out[-1].end <= s_num:
        metric = out[-1].metric  # 分别达到65%和55%: the second number measures what the first did
    if not metric and isinstance(L, ZhRules) and post and text.startswith("的", m.end()):
        # 用于1500万人次以上的职工技能提升培训: what is counted follows the number
        metric = re.split(r"[，,；;。：:\n]", text[m.end() + 1 : m.end() + 40], maxsplit=1)[0]
    if isinstance(L, ZhRules) and unit in L.shared_units:
        # 举办省级32场、各市每季度不少于2场的“直播带岗”活动: the noun after the list counts
        shared = L.shared_noun.match(text, m.end(), m.end() + 80)
        if shared and not metric.endswith(shared.group("noun")):
            metric += shared.group("noun")
    if isinstance(L, ZhRules) and metric and L.benefit.search(metric):
        return None  # 报销比例由50%提高到60%: a benefit's rate, set by a measure
    if not metric and isinstance(L, EnRules):
        after = L.of_after.match(text[m.end() : m.end() + 80])
        metric = after.group(1).strip() if after else ""
    if isinstance(L, EnRules) and metric:
        metric = _covered_en(metric, text, m, unit, L)
    return metric


def _covered_en(metric: str, text: str, m: re.Match, unit: str, L: EnRules) -> str:
    """ "Carry out annual spot checks covering not less than 300 enterprises": what is counted,
    covered by the action ("enterprises covered by annual spot checks"; targets.json covering)."""
    cov = L.covering.match(metric)
    if cov is None:
        return metric
    after = L.of_after.match(text[m.end() : m.end() + 80])
    counted = after.group(1).strip() if after else ("" if unit == "%" else unit)
    return f"{counted} covered by {cov.group('obj')}" if counted else metric


def _counted(text: str, L: ZhRules, m: re.Match, fr: _Frame, out: list[RawTarget]) -> str:
    """What a goal counts: 推出100项具有较大知名度的体育精品赛事, 选择10个左右城市, 选树支持200个
    左右绿色低碳示范项目 (what is counted follows the number), else the words between the goal
    verb and the number, else those before the verb. Moves ``fr.verb_start`` back to the
    clause's first goal verb when that one governs the number."""
    s_num, cs, verb_start = m.start("num"), fr.cs, fr.verb_start
    # (a bracket opens an aside, not what is counted: 新增免证事项200项（年底前，…）)
    tail = re.split(
        r"[，,；;。：:\n（(]|和(?=[\d一二三四五六七八九十])",
        text[m.end() : m.end() + 60],
        maxsplit=1,
    )[0]
    metric = re.sub(r"^(?:以上|左右|的)", "", tail).strip()
    if metric.startswith("、"):
        metric = ""  # 完成铁路投资8000亿元、公路…: the next item, not what is counted
    if not metric and verb_start is None and out and out[-1].end < s_num:
        # 培育国家级企业50家、省级专精特新中小企业500家: the list's next noun, after its joiner
        noun = text[out[-1].end : s_num].lstrip("".join(_LIST_JOINERS)).strip()
        return L.strip_tail.sub("", noun, count=1)
    if metric or verb_start is None:
        return metric
    # 新培育专利密集型企业一万家: what is counted stands between verb and number
    # (from after a target the verb already governed: 完成铁路投资8000亿元、公路投资…;
    # from the clause's first goal verb: 完成铁路建设投资8000亿元 counts 铁路建设投资)
    lo = _after_previous(text, cs, s_num, out)
    first = L.goal.search(text, lo, s_num)
    if first is not None and first.start() < verb_start:
        # (and the quote opens there too: 完成铁路建设投资8000亿元)
        verb_start = fr.verb_start = first.start()
    between = text[max(lo, verb_start) : s_num].strip()
    verb = L.goal_prefix.match(between)
    metric = between[verb.end() :].strip() if verb else between
    if not metric:
        # 中央预算内投资安排5776亿元, 农村危房改造366万户: what is counted stands before the
        # verb, and a verb that is not generic names the activity
        v = verb.group() if verb else ""
        named = "" if v in L.data["metric"]["generic_verbs"] else v
        head = _metric_zh(text, _after_previous(text, cs, verb_start, out), verb_start)
        metric = head + named if head else named
    return metric
