"""Numeric targets: "压减至16个月", "达到93%以上", "增长6%－6.5%", "reduced to 16 months".

A target is a number with a unit that a comparator word (before: 不低于, "at least"; after: 以上,
"or more") or a goal verb in a goal sentence (到2025年…推出100项) makes an obligation or aim.
Numbers that are granted or permitted (可, 给予…补贴, "may"), attributive eligibility conditions
(超过100人的企业), last year's results (去年, 过去一年, a work report's review section), years,
ordinals and document numbers are not targets. Words are data (``data/targets.json``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator, Optional, Sequence, Union

from ..base import marks
from ..base.datafiles import load
from ..base.numbers import ARABIC, ARABIC_TAIL, CN_CHARS, CN_NUM, CN_TAIL, DIGIT, fmt, to_number
from ..base.script import has_han
from ..fast.scan import LeadingWords, LeadThenWord, Places, WordThenNumber
from ..fast.scan import word_trie as _alt  # word lists as tries
from ..findings import RawTarget, SectionRoles
from ..structure.roles import section_roles

GOAL_REACH = 20  # characters between a goal verb and its number (新培育专利密集型企业一万家)
RANGE_SEP = r"\s*(?:[－—–~～至到]|-(?!\d{2}(?![\d.%％]))|to)\s*"
_ZH_CLAUSE = re.compile(r"[，,；;。：:！？!?\n]")
_EN_CLAUSE = re.compile(r"[;:\n]|,\s+(?:and|while|with)\b|\.\s|,\s")


def clause_start(text: str, pos: int, boundary: re.Pattern, reach: int) -> int:
    """Start of the clause holding pos: just after the last boundary within ``reach`` characters."""
    lo = max(0, pos - reach)
    m = _last(boundary).match(text, lo, pos)
    return m.end() if m else lo


@lru_cache(maxsize=None)
def _last(boundary: re.Pattern) -> re.Pattern:
    """The text up to and including the last match of ``boundary`` (one call, no Python loop)."""
    return re.compile(r"(?s:.*)(?:" + boundary.pattern + ")", boundary.flags)


@lru_cache(maxsize=None)
def unit_names(language: str) -> dict[str, str]:
    """Units of measure as written -> their normal name (``data/measures.json``)."""
    return dict(load("measures.json")[language])


class TargetRules:
    """The target rules of one language, compiled from ``data/targets.json`` (``data``: its
    entries as written, for the examples and the few values read as they stand). Each
    attribute is one rule; a language's own rules are on its subclass."""

    lang: str
    data: dict[str, Any]
    unit_norm: dict[str, str]  # units of measure as written -> their normal name
    pre_words: dict[str, dict]  # a comparator word before a number -> its group
    post_words: dict[str, str]  # a comparator word after a number -> its comparator
    not_target: re.Pattern[str]  # a word that grants or permits
    rx: re.Pattern[str]  # a number with its unit, range and comparator words
    cand: re.Pattern[str]  # where a match can start (see _matches)
    cand_at: re.Pattern[str]
    pre_tail: re.Pattern[str]
    pre_max: int
    budget: re.Pattern[str]

    def __init__(self, lang: str) -> None:
        data = load("targets.json")[lang]
        self.data = data
        self.unit_norm = unit_names(lang)
        self.pre_words = {w: g for g in data["pre"] for w in g["words"]}
        self.post_words = {w: g["comparator"] for g in data["post"] for w in g["words"]}
        self.not_target = re.compile(
            "|".join(data["not_target"])
            if lang == "zh"
            else r"\b(?:" + _alt(data["not_target"]) + r")\b",
            0 if lang == "zh" else re.I,
        )
        self.lang = lang

    def compiled(self) -> list[str]:
        """The names of the rules this language declares (every one set by its compiler)."""
        return [k for c in type(self).__mro__ for k in getattr(c, "__annotations__", {})]

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__}: {len(self.compiled())} rules from targets.json {self.lang}>"
        )


class ZhRules(TargetRules):
    """The Chinese rules (``targets.json`` zh)."""

    goal: re.Pattern[str]
    goal_prefix: re.Pattern[str]
    goal_end: re.Pattern[str]
    cue: re.Pattern[str]
    share_obliged: re.Pattern[str]
    share_noun_end: re.Pattern[str]
    share_reach: int
    share_action: re.Pattern[str]
    share_action_max: int
    share_opener: re.Pattern[str]
    past: re.Pattern[str]
    baseline: re.Pattern[str]
    compare_after: re.Pattern[str]
    restated: re.Pattern[str]
    respectively: re.Pattern[str]
    respectively_seps: frozenset[str]
    respectively_split: re.Pattern[str]
    respectively_tail_min: int
    respectively_tail_heads: tuple[str, ...]
    not_after: re.Pattern[str]
    strip_lead: re.Pattern[str]
    strip_tail: re.Pattern[str]
    from_phrase: re.Pattern[str]
    strip_inner: re.Pattern[str]
    generic_verbs: frozenset[str]
    shared_noun: re.Pattern[str]
    shared_units: frozenset[str]
    benefit: re.Pattern[str]
    count_units: frozenset[str]
    split: re.Pattern[str]
    split_down: frozenset[str]
    plan_noun: re.Pattern[str]
    plan_lead: re.Pattern[str]
    planned_lead: re.Pattern[str]
    planned_words: frozenset[str]
    start_before: re.Pattern[str]
    start_after: re.Pattern[str]


class EnRules(TargetRules):
    """The English rules (``targets.json`` en)."""

    pre_rx: re.Pattern[str]
    between: LeadingWords
    goal: LeadThenWord
    verb_to: LeadingWords
    verb_by: LeadingWords
    count: WordThenNumber
    change_cue: re.Pattern[str]
    reach_of: re.Pattern[str]
    falling_by: re.Pattern[str]
    falling_to: re.Pattern[str]
    not_counted: re.Pattern[str]
    not_counted_anywhere: re.Pattern[str]
    counted: re.Pattern[str]
    purpose: re.Pattern[str]
    money: re.Pattern[str]
    strip_lead: list[re.Pattern[str]]
    strip_tail: list[re.Pattern[str]]
    of_after: re.Pattern[str]
    covering: re.Pattern[str]


Rules = Union[ZhRules, EnRules]


@lru_cache(maxsize=1)
def zh_rules() -> ZhRules:
    """The Chinese rules, compiled on first use."""
    return _compile_zh(ZhRules("zh"))


@lru_cache(maxsize=1)
def en_rules() -> EnRules:
    """The English rules, compiled on first use (a Chinese notice does not pay for the English
    patterns: compiling them is a tenth of a cold start)."""
    return _compile_en(EnRules("en"))


def rules(language: str) -> Rules:
    """The target rules of a language: ``rules("zh").data`` is its part of targets.json."""
    return zh_rules() if language == "zh" else en_rules()


def _compile_zh(r: ZhRules) -> ZhRules:
    zh = r.data
    half_units = _alt(zh["half"]["units"])
    # (一个半月: 月 is a unit only right after 个半; data: half)
    units = (
        rf"(?:(?:{_alt(zh['magnitudes'])})?(?:{_alt(zh['units'])})|{_alt(zh['magnitudes'])}"
        r"|(?<=个半)月)"
    )
    # (bounded: a run of a million numeral characters is read once, not once per character)
    half = rf"(?:[{DIGIT}]{{1,6}}|[{CN_CHARS}]{{1,6}})个半(?=月|{half_units})|半(?={half_units})"
    num = rf"(?:{half}|{ARABIC}|百分之(?:{CN_NUM}|\d+(?:\.\d+)?)|{CN_NUM})"
    r.rx = re.compile(
        rf"(?P<pre>{_alt(r.pre_words)})?(?P<num>{num})(?P<u1>{units})?"
        rf"(?:{RANGE_SEP}(?P<num2>{num}))?(?P<unit>{units})?(?P<post>{_alt(r.post_words)})?"
    )
    # where a match can be: a number followed by a unit or a range (a number with neither is
    # never a target), and the comparator word that may end right before it (see _matches)
    # (one leading character class, then the kind of number chosen by what that character was)
    unit_next = rf"(?=(?:{units})|{RANGE_SEP}(?:{num}))"
    # A Chinese numeral does not start inside a run of numeral characters, where a scan has read
    # the run as one number (else a million numeral characters cost a million tries); the one
    # place it can, where the previous match ended (3千|五百个), is tried with "_cand_at".
    cand = (
        rf"[{DIGIT}{CN_CHARS}半](?:(?<=百)分之(?:{CN_NUM}|\d)|(?<=\d){ARABIC_TAIL}{unit_next}"
        rf"|(?<=[{CN_CHARS}])<not_in_run>{CN_TAIL}{unit_next}"
        rf"|(?<=[{DIGIT}{CN_CHARS}])[{DIGIT}{CN_CHARS}]{{0,6}}个半(?=月|{half_units})"
        rf"|(?<=半)(?={half_units}))"
    )
    r.cand = re.compile(cand.replace("<not_in_run>", f"(?<![{CN_CHARS}][{CN_CHARS}])"))
    r.cand_at = re.compile(cand.replace("<not_in_run>", ""))
    r.pre_tail = re.compile(rf"(?:{_alt(r.pre_words)})\Z")
    r.pre_max = max(map(len, r.pre_words))
    r.goal = re.compile(_alt(zh["goal_verbs"]))
    r.goal_prefix = re.compile("^(?:" + _alt(zh["goal_verbs"]) + ")")
    r.goal_end = re.compile("(?:" + _alt(zh["goal_verbs"]) + ")$")
    r.cue = re.compile("|".join(zh["goal_cues"]))
    share = zh["population_share"]
    r.share_obliged = re.compile(share["obliged"])
    r.share_noun_end = re.compile(f"{share['noun_end']}|{share['action_verbs']}")
    r.share_reach = share["reach"]
    r.share_action = re.compile(share["action_verbs"])
    r.share_action_max = share["action_max"]
    opener = f"{share['obliged']}|{share['subject_openers']}"
    r.share_opener = re.compile(rf"\s*(?:(?:{opener})\s*)*")
    r.past = re.compile("|".join(zh["past_cues"]))
    r.baseline = re.compile("|".join(zh["baseline"]["words"]))
    r.compare_after = re.compile(zh["baseline"]["compare_after"])
    r.restated = re.compile(zh["restatement"]["before"])
    r.respectively = re.compile(zh["respectively"]["word"])
    r.respectively_seps = frozenset(zh["respectively"]["separators"])
    r.respectively_split = re.compile(zh["respectively"]["split"])
    r.respectively_tail_min = zh["respectively"]["shared_tail_min"]
    r.respectively_tail_heads = tuple(zh["respectively"]["tail_heads"])
    r.budget = re.compile(zh["budget_line"]["pattern"])
    r.not_after = re.compile(zh["not_target_after"])
    r.strip_lead = re.compile(zh["metric"]["strip_lead"])
    r.strip_tail = re.compile(zh["metric"]["strip_tail"])
    r.from_phrase = re.compile(zh["metric"]["from_phrase"])
    r.strip_inner = re.compile(zh["metric"]["strip_inner"])
    r.generic_verbs = frozenset(zh["metric"]["generic_verbs"])
    r.shared_noun = re.compile(zh["metric"]["shared_noun"]["pattern"])
    r.shared_units = frozenset(zh["metric"]["shared_noun"]["units"])
    r.benefit = re.compile("(?:" + _alt(zh["benefit_metrics"]["words"]) + ")$")
    r.count_units = frozenset(zh["count_units"]["words"])
    sc = zh["split_comparator"]
    r.split = re.compile(
        rf"(?P<verb>{_alt(sc['up'] + sc['down'])})"
        rf"(?P<obj>[^，。；、：,;:\s\d０-９]{{1,{sc['max_object']}}}?)(?:至|到)$"
    )
    r.split_down = frozenset(sc["down"])
    r.plan_noun = re.compile(zh["plan_list"]["noun"])
    r.plan_lead = re.compile(_alt(zh["plan_list"]["lead_words"]) + "|" + zh["plan_list"]["tier"])
    r.planned_lead = re.compile(_alt(zh["planned_level"]["lead_words"]))
    r.planned_words = frozenset(zh["planned_level"]["words"])
    r.start_before = re.compile(zh["starting_value"]["before"])
    r.start_after = re.compile(zh["starting_value"]["after"])
    return r


def _compile_en(r: EnRules) -> EnRules:
    en = r.data
    en_units = _alt(en["units"])
    r.pre_rx = re.compile(rf"\b(?:{_alt(r.pre_words)})\b", re.I)
    level_pre = tuple(w for g in en["pre"] if g.get("kind") != "change" for w in g["words"])
    macros = {"units": en_units, "goal_verbs": _alt(en["goal_verbs"]), "level_pre": _alt(level_pre)}
    P = en["patterns"]

    def frame(name: str, flags: int = re.I) -> re.Pattern:
        return re.compile(
            re.sub(r"%(\w+)%", lambda m: macros[m.group(1)], P[name]["pattern"]), flags
        )

    # each English frame opens with one of a few words: it is tried only where one begins
    r.between = LeadingWords(frame("between"), tuple(P["between"]["leading_words"]))
    r.goal = LeadThenWord(
        frame("goal", re.I | re.M),
        tuple(P["goal"]["leading_words"]),
        tuple(en["goal_verbs"]),
        after=P["goal"]["after"],
    )
    r.verb_to = LeadingWords(frame("verb_to"), tuple(P["verb_to"]["leading_words"]))
    r.verb_by = LeadingWords(frame("verb_by"), tuple(P["verb_by"]["leading_words"]))
    r.count = WordThenNumber(frame("count", re.I | re.M), level_pre)
    r.change_cue = re.compile(P["between"]["change_cue"], re.I)
    r.reach_of = re.compile(en["reach_of"]["pattern"], re.I)
    r.falling_by = re.compile(_alt(P["verb_by"]["falling"]), re.I)
    r.falling_to = re.compile(_alt(P["verb_to"]["falling"]), re.I)
    r.not_counted = re.compile(P["goal"]["not_counted"], re.I)
    r.not_counted_anywhere = re.compile(P["goal"]["not_counted_anywhere"], re.I)
    r.counted = re.compile(P["count"]["counted"], re.I)
    r.purpose = re.compile(P["goal"]["purpose"], re.I)
    r.money = re.compile(P["goal"]["money"], re.I)
    r.budget = re.compile(en["budget_line"]["pattern"], re.I)
    M = en["metric"]
    r.strip_lead = [re.compile(x, re.I) for x in M["strip_lead"]]
    r.strip_tail = [re.compile(x, re.I) for x in M["strip_tail"]]
    r.of_after = re.compile(M["of_after"])
    cov = M["covering"]
    verbs = "|".join(re.escape(v) for v in sorted(cov["verbs"], key=len, reverse=True))
    r.covering = re.compile(cov["pattern"].replace("%verbs%", verbs), re.I)
    # a number the unit follows (as _rx requires): years and counts with no unit are passed over
    r.cand = r.cand_at = re.compile(
        rf"\d(?<![\d.,]\d)(?>\d*+(?:,\d{{3}})*+(?:\.\d++)?)"
        rf"(?=\s*%?(?:{RANGE_SEP}(?>\d++(?:\.\d++)?))?\s*(?:{en_units})(?!\w))",
        re.I,
    )
    r.pre_tail = re.compile(rf"\b(?:{_alt(r.pre_words)})\s+(?:(?:{_alt(r.pre_words)})\s+)?\Z", re.I)
    r.pre_max = 2 * max(map(len, r.pre_words)) + 8
    r.rx = re.compile(
        rf"(?:(?P<pre>\b(?:{_alt(r.pre_words)}))\s+(?:(?:{_alt(r.pre_words)})\s+)?)?"
        rf"(?P<num>(?<![\d.,])(?>\d++(?:,\d{{3}})*+(?:\.\d++)?))\s*(?P<u1>%)?(?:{RANGE_SEP}(?P<num2>(?>\d++(?:\.\d++)?)))?\s*"
        rf"(?P<unit>{en_units})(?!\w)(?:\s+(?P<post>{_alt(r.post_words)}))?",
        re.I,
    )
    return r


def _matches(text: str, L: Rules, skip: Sequence[tuple[int, int]] = ()) -> Iterator[re.Match]:
    """The matches of ``L.rx.finditer(text)`` that have a unit, found from the numbers.

    ``_rx`` opens with an optional comparator word, so ``re`` would try it at every character (a
    third of the pipeline's time); numbers are few, comparator words are short and hold no digits,
    so the match at a number starts at the comparator word that ends there, or at the number.
    Numbers inside ``skip`` spans (sections that review the past) are passed over whole."""
    skip = sorted(skip)
    skip_starts = [a for a, _ in skip]
    rx, tail, reach, cand, cand_at = (
        L.rx,
        L.pre_tail,
        L.pre_max,
        L.cand,
        L.cand_at,
    )
    pos = at = 0
    while True:
        c = (
            cand_at.match(text, pos)
            if at == pos and 0 < pos < len(text) and text[pos - 1] in CN_CHARS
            else None
        )
        c = c or cand.search(text, at)
        if c is None:
            return
        p = c.start()
        at = c.end()
        if p < pos:
            at = pos  # inside the previous match (its range or unit): go on from its end
            continue
        k = bisect.bisect_right(skip_starts, p) - 1
        if k >= 0 and p < skip[k][1]:
            pos = at = skip[k][1]
            continue
        if _inside_cn_number(text, p, pos):
            at = p + 1  # 一万百|分之三: look again after the 百
            continue
        lo = max(pos, p - reach)
        pre = tail.search(text, lo, p) if p > lo else None
        m = rx.match(text, pre.start()) if pre else None
        if m is None or m.start("num") != p:
            m = rx.match(text, p)
        if m is None:
            continue
        pos = at = m.end()
        yield m


_CN_NUM_RX = re.compile(CN_NUM)
_CN_RUN = set(CN_CHARS + "万亿")


def _inside_cn_number(text: str, p: int, pos: int) -> bool:
    """Whether 百分之 at p continues a Chinese numeral that a left-to-right scan from pos reads
    first (一万百分之三 is 一万百 then 分之三): the only candidate that can start inside a
    number."""
    if not text.startswith("百", p) or p - 1 < pos or text[p - 1] not in _CN_RUN:
        return False  # (a character before pos belongs to the previous match)
    r = p - 1
    while r > pos and text[r - 1] in _CN_RUN:
        r -= 1
    while r < p and text[r] in "万亿":
        r += 1  # a numeral opens with a digit character
    m = _CN_NUM_RX.match(text, r)
    return r < p and m is not None and m.end() > p


def _pre_of(m: re.Match, L: Rules) -> tuple[Optional[str], Optional[dict]]:
    """The comparator word before the number and its group (comparator, kind)."""
    pre = m.group("pre")
    if not pre:
        return None, None
    g = L.pre_words.get(pre) or L.pre_words.get(pre.lower())
    return pre, g


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


def _after_previous(text: str, cs: int, end: int, out: list) -> int:
    """A clause's start moved past a target earlier in it (铁路投资8000亿元、公路水运投资…: the
    second metric does not reach back over the first) and the list word after it."""
    if out and cs <= out[-1].end <= end:
        cs = out[-1].end
        while cs < end and text[cs] in "、，,和及与以并 ":
            cs += 1
    return cs


def _metric_en(text: str, clause_start: int, pos: int) -> str:
    """The metric: the clause before the number less connectives, verbs, articles, auxiliaries."""
    en = en_rules()
    s = text[clause_start:pos].strip()
    for rx in en.strip_lead:
        s = rx.sub("", s, count=1)
    for rx in en.strip_tail:
        s = rx.sub("", s, count=1)
    return s.strip(" ,")


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


# how far a clause, a sentence and a paragraph are read from a number, in characters: text a
# crawler left without a sentence end or a line break ("提高到90%" twenty thousand times) would
# otherwise be read to its ends for every number in it
SENTENCE_MAX = 400
PARAGRAPH_MAX = 3000
_SENTENCE_END = re.compile(marks.cls(marks.ZH_STOP, marks.LINE))


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph (line) holding ``text[start:end]``, read at most PARAGRAPH_MAX characters
    either way."""
    lo = max(0, start - PARAGRAPH_MAX)
    a = max(lo, text.rfind("\n", lo, start) + 1)
    b = text.find("\n", end, end + PARAGRAPH_MAX)
    return a, (b if b >= 0 else min(len(text), end + PARAGRAPH_MAX))


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


_CLAUSE_BREAK = re.compile(r"[，。；,;\n]")


def _within(words: str, hit: re.Match, phrases: re.Pattern) -> bool:
    """The match is part of one of the phrases (上年 in 较上年度, 比2020年 in 比2020年下降)."""
    lo, hi = max(0, hit.start() - 8), min(len(words), hit.end() + 8)
    return any(
        p.start() <= hit.start() and hit.end() <= p.end() for p in phrases.finditer(words, lo, hi)
    )


@dataclass
class _Frame:
    """How one candidate number reads in its clause: the comparator group it takes (``g``),
    where its clause (``cs``) and its metric's words end, and what governs it (a goal verb, a
    plan's list, a change verb parted from its 至, the earlier value of a 分别 list)."""

    g: Optional[dict]
    cs: int
    metric_end: int
    goal: bool = False
    verb_start: Optional[int] = None
    listed: bool = False
    split: Optional[re.Match] = None
    cont: Optional[RawTarget] = None  # the earlier value whose comparison this one continues
    resp: Optional[RawTarget] = None  # the previous value of a 分别 list
    share: bool = False  # a population share (30%以上的市): it measures what is counted


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


def _english_frames(text: str, L: EnRules) -> list[RawTarget]:
    """The English frames that read a whole phrase (between, verb by, verb to, goal, count)."""
    low = text.lower()  # the leading words of every English pattern are looked for in it,
    places = Places(low)  # each found once for all the patterns
    return (
        _between_en(text, L, low, places)
        + _verb_by_en(text, L, low, places)
        + _verb_to_en(text, L, low, places)
        + _goal_en(text, L, low, places)
        + _count_en(text, L, low)
    )


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


def _en_frame(
    text: str,
    L: EnRules,
    m: re.Match,
    pre: Optional[str],
    g: Optional[dict],
    post: Optional[str],
    out: list[RawTarget],
) -> Optional[_Frame]:
    """An English number's frame, or None (a bare number that continues no list, a negation)."""
    s_num = m.start("num")
    cs = clause_start(text, s_num, _EN_CLAUSE, 200)
    before = text[cs : m.start()]
    cont = None
    if not pre and not post and L.reach_of.search(before):
        # "achieve a coverage rate of 90%": a level the verb reaches (data: reach_of)
        return _Frame({"comparator": L.data["reach_of"]["comparator"], "kind": "level"}, cs, s_num)
    if not pre and not post:
        # "reach 65% and 55% respectively": the second number shares the first's comparator
        prev = out[-1] if out else None
        if not (
            prev
            and 0 <= m.start() - prev.end <= 6
            and re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", text[prev.end : m.start()])
        ):
            return None
        g = {"comparator": prev.comparator, "kind": prev.kind}
        cont = prev
    if _grants_en(text, cs, m.start(), L):
        return None
    return _Frame(g, cs, m.start("pre") if pre else s_num, cont=cont)


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


def _obliged_clause_en(text: str, at: int, L: Rules) -> Optional[int]:
    """The start of the clause an English frame's match at ``at`` stands in, or None when the
    clause grants or permits rather than obliges ("may receive subsidies of up to 50%"): the
    check every English frame makes first."""
    cs = clause_start(text, at, _EN_CLAUSE, 200)
    return None if _grants_en(text, cs, at, L) else cs


def _grants_en(text: str, lo: int, hi: int, L: Rules) -> bool:
    """Whether the words between ``lo`` and ``hi`` grant or permit ("may", "subsidies"), a grant
    word that names an aggregate the notice sets ("the balance of inclusive loans … will
    increase by": targets.json en.budget_line) aside."""
    return any(not L.budget.match(text, hit.end()) for hit in L.not_target.finditer(text, lo, hi))


def _unit_en(m: re.Match, L: Rules) -> str:
    """A frame's unit as the rules name it (months -> month, working days -> working day)."""
    unit = m.group("unit").lower()
    return L.unit_norm.get(unit, unit)


def _between_en(
    text: str, L: EnRules, lowered: Optional[str] = None, places: Optional[Places] = None
) -> list[RawTarget]:
    """ "between 6% and 6.5%" -> one target with comparator 'between'."""
    out = []
    for m in L.between.finditer(text, lowered, places):
        cs = _obliged_clause_en(text, m.start(), L)
        if cs is None:
            continue
        unit = _unit_en(m, L)
        metric = _metric_en(text, cs, m.start())
        metric = re.sub(r"\s+(?:of|at|by|to)$", "", metric)
        out.append(
            RawTarget(
                m.start(),
                m.end(),
                m.group(0),
                metric,
                "between",
                fmt(float(m.group("num"))),
                unit,
                "change" if L.change_cue.search(text[cs : m.start()]) else "level",
                fmt(float(m.group("num2"))),
            )
        )
    return out


def _verb_by_en(
    text: str, L: EnRules, lowered: Optional[str] = None, places: Optional[Places] = None
) -> list[RawTarget]:
    """ "reduce energy consumption per unit of GDP by 3%": a change, the metric in between."""
    out = []
    for m in L.verb_by.finditer(text, lowered, places):
        if _obliged_clause_en(text, m.start(), L) is None:
            continue
        cmp = L.pre_words[m.group("cmp").lower()]["comparator"] if m.group("cmp") else "="
        unit = _unit_en(m, L)
        obj = re.sub(r"^the\s+", "", m.group("obj").strip(), flags=re.I)
        start = m.start("obj") + len(m.group("obj"))
        start = text.index("by", start)
        out.append(
            RawTarget(
                start,
                m.end(),
                text[start : m.end()],
                obj,
                cmp,
                fmt(float(m.group("num"))),
                unit,
                "change",
                None,
                "down" if L.falling_by.match(m.group("verb")) else "up",
            )
        )
    return out


def _verb_to_en(
    text: str, L: EnRules, lowered: Optional[str] = None, places: Optional[Places] = None
) -> list[RawTarget]:
    """ "raise the coverage rate to 95%", "reduce the review cycle to 16 months": a level target;
    rising verbs set a floor, falling ones a ceiling."""
    out = []
    for m in L.verb_to.finditer(text, lowered, places):
        if re.search(r"\bby\b", m.group("obj")) or _obliged_clause_en(text, m.start(), L) is None:
            continue
        verb = m.group("verb").lower()
        falling = L.falling_to.match(verb)
        cmp = "<=" if falling else ">="
        if m.group("prep").lower().split()[-1] in ("below", "under"):  # (to below 60%)
            cmp = "<"
        if m.group("cmp"):
            cmp = L.pre_words[m.group("cmp").lower()]["comparator"]
        obj = re.sub(r"^the\s+", "", m.group("obj").strip(), flags=re.I)
        unit = _unit_en(m, L)
        start = m.start("prep")
        out.append(
            RawTarget(
                start,
                m.end(),
                text[start : m.end()],
                obj,
                cmp,
                fmt(float(m.group("num"))),
                unit,
                "level",
            )
        )
    return out


def _goal_en(
    text: str, L: EnRules, lowered: Optional[str] = None, places: Optional[Places] = None
) -> list[RawTarget]:
    """ "Build 50 overseas warehouses": the size of a programme the notice sets."""
    out = []
    for m in L.goal.finditer(text, lowered, places):
        unit = m.group("unit")
        if L.not_counted.match(unit) or L.not_counted_anywhere.search(unit):
            continue
        # a goal with no comparator word is the figure itself (ANNOTATION.md): "Build 50" is =
        cmp = L.pre_words[m.group("cmp").lower()]["comparator"] if m.group("cmp") else "="
        if m.group("post"):
            cmp = L.post_words[m.group("post").lower()]
        metric = unit
        purpose = L.purpose.match(text, m.end())
        if purpose and L.money.search(unit):
            metric = purpose.group(1).strip()  # "… billion yuan for central budget investment"
        out.append(
            RawTarget(
                m.start("verb"),
                m.end(),
                text[m.start("verb") : m.end()],
                metric,
                cmp,
                fmt(float(m.group("num").replace(",", ""))),
                unit.lower(),
                "level",
            )
        )
    return out


def _count_en(text: str, L: EnRules, lowered: Optional[str] = None) -> list[RawTarget]:
    """ "the number of major incidents should be kept below 5": a count with no unit written."""
    out = []
    for m in L.count.finditer(text, lowered):
        cs = _obliged_clause_en(text, m.start(), L)
        if cs is None or not L.counted.search(text[cs : m.start()]):
            continue
        g = L.pre_words[m.group("pre").lower()]
        out.append(
            RawTarget(
                m.start(),
                m.end(),
                m.group(0),
                _metric_en(text, cs, m.start()),
                g["comparator"],
                fmt(float(m.group("num").replace(",", ""))),
                "",
                "level",
            )
        )
    return out
