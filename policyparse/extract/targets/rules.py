"""Target rules: ``data/targets.json`` compiled into one typed holder per language."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Union

from ...base.datafiles import load
from ...base.numbers import ARABIC, ARABIC_TAIL, CN_CHARS, CN_NUM, CN_TAIL, DIGIT
from ...fast.scan import LeadingWords, LeadThenWord, WordThenNumber
from ...fast.scan import word_trie as _alt  # word lists as tries

GOAL_REACH = 20  # characters between a goal verb and its number (新培育专利密集型企业一万家)


RANGE_SEP = r"\s*(?:[－—–~～至到]|-(?!\d{2}(?![\d.%％]))|to)\s*"


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
    held: re.Pattern[str]  # keep … at N: a level held (=)
    currency_before: re.Pattern[str]  # RMB before a number: its scale is in yuan
    post_after: re.Pattern[str]  # a comparator word after a frame's unit (or above)
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
    r.held = re.compile(_alt(P["verb_to"]["held"]), re.I)
    r.post_after = re.compile(rf"\s+(?P<post>{_alt(r.post_words)})\b", re.I)
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
    # a currency written before the number ("reaching RMB 20 billion") stands between the
    # comparator word and the number
    cur = rf"(?:(?:{_alt(en['currency_before'])})\s?)?"
    r.pre_tail = re.compile(
        rf"\b(?:{_alt(r.pre_words)})\s+(?:(?:{_alt(r.pre_words)})\s+)?{cur}\Z", re.I
    )
    r.pre_max = 2 * max(map(len, r.pre_words)) + 8 + max(map(len, en["currency_before"])) + 1
    r.currency_before = re.compile(rf"(?:{_alt(en['currency_before'])})\s?\Z")
    r.rx = re.compile(
        rf"(?:(?P<pre>\b(?:{_alt(r.pre_words)}))\s+(?:(?:{_alt(r.pre_words)})\s+)?{cur})?"
        rf"(?P<num>(?<![\d.,])(?>\d++(?:,\d{{3}})*+(?:\.\d++)?))\s*(?P<u1>%)?(?:{RANGE_SEP}(?P<num2>(?>\d++(?:\.\d++)?)))?\s*"
        # (a word after a percent sign is no unit of it: "10% year on year")
        rf"(?<!%)(?<!%\s)(?P<unit>{en_units})(?!\w)(?:\s+(?P<post>{_alt(r.post_words)}))?",
        re.I,
    )
    return r
