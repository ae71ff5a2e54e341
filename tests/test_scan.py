"""scan.AnchoredPattern gives exactly re.finditer's matches: same spans, groups and order."""

from __future__ import annotations

import copy
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse.extract.deadlines import patterns as deadline_patterns
from policyparse.fast.scan import AnchoredPattern, max_width

ANCHORED = [
    (k, p)
    for k, p in deadline_patterns("zh")
    if isinstance(p, AnchoredPattern) and (p.anchor is not None or p.literals)
]
# the characters the deadline patterns are made of, so that random text often almost matches
ALPHABET = "0123456789年月日底末前之以为止到至于在上下半第一二三四季度今内每—－-~ 。，"


def spans(it):
    return [(m.span(), m.groupdict()) for m in it]


def windowed(pat: AnchoredPattern) -> AnchoredPattern:
    """The pattern with its window search on every text, short ones too (what the tests check)."""
    pat = copy.copy(pat)
    pat.short = 0
    return pat


def test_every_anchored_deadline_pattern_is_bounded():
    assert ANCHORED and all(p.width is not None for _, p in ANCHORED)


@pytest.mark.parametrize("kind,pat", ANCHORED, ids=[k for k, _ in ANCHORED])
def test_anchored_equals_finditer_on_deadline_phrases(kind, pat):
    text = (
        "到2025年6月底前完成；2019年1月1日至12月31日；2023年上半年；今年年底前；第三季度；"
        "3年内；2024年前；2021年年底；到2030年12月；12月底前；—2025年前"
    ) * 3
    assert spans(windowed(pat).finditer(text)) == spans(pat.rx.finditer(text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=200))
def test_anchored_equals_finditer_on_random_text(text):
    for _, pat in ANCHORED:
        assert spans(windowed(pat).finditer(text)) == spans(pat.rx.finditer(text)), pat.pattern


def test_unbounded_pattern_falls_back_to_finditer():
    rx = re.compile(r"a+b")
    pat = AnchoredPattern(rx, "b")
    assert max_width(rx) is None and pat.width is None
    assert spans(pat.finditer("xaaab ab b")) == spans(rx.finditer("xaaab ab b"))


def test_literal_anchors_give_finditer_matches():
    rx = re.compile(r"(?:到|至)?20\d\d年(?:底|末)")
    pat = windowed(AnchoredPattern(rx, ("年底", "年末")))
    text = "到2025年底完成，2026年末前；至2027年底。年底年末2028年底"
    assert spans(pat.finditer(text)) == spans(rx.finditer(text)) != []


def test_anchor_far_from_match_start_is_still_found():
    rx = re.compile(r"(?:abc){0,5}X")
    pat = windowed(AnchoredPattern(rx, "X"))
    text = "abcabcabcabcabcX abcX X"
    assert spans(pat.finditer(text)) == spans(rx.finditer(text))


def _with_unit(m):
    return bool(m.group("unit") or m.group("u1") or m.group("num").startswith("百分之"))


ZH_PIECES = [
    "不低于",
    "达到",
    "提高到",
    "降至",
    "超过",
    "以上",
    "左右",
    "以内",
    "百分之",
    "个",
    "项",
    "万",
    "亿元",
    "%",
    "家",
    "年",
    "月",
    "—",
    "至",
    "3",
    "15",
    "2.5",
    "1,000",
    "５",
    "１２",
    "٣",
    "一",
    "十",
    "两",
    "百",
    "千",
    "，",
    "。",
    "的",
    "和",
]
EN_PIECES = [
    "at least ",
    "more than ",
    "over ",
    "reach ",
    "to ",
    "3",
    "15",
    "2.5",
    "1,000",
    "%",
    " percent",
    " days",
    " months",
    " or more",
    " and ",
    ", ",
    "-",
    " ",
    ".",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(ZH_PIECES), max_size=40),
    st.lists(st.sampled_from(EN_PIECES), max_size=40),
)
def test_target_candidates_equal_a_full_scan(zh, en):
    """targets._matches (from the numbers) finds what _rx.finditer finds (at every character)."""
    from policyparse.extract.targets import rules
    from policyparse.extract.targets.candidates import _matches

    for lang, text in (("zh", "".join(zh)), ("en", "".join(en))):
        L = rules(lang)
        full = [m.span() for m in L.rx.finditer(text) if _with_unit(m)]
        assert [m.span() for m in _matches(text, L) if _with_unit(m)] == full, (lang, text)


EN_PIECES_DL = [
    "by ",
    "By ",
    "before ",
    "no later than ",
    "until ",
    "within ",
    "in ",
    "at ",
    "during ",
    "the ",
    "end of ",
    "first ",
    "half of ",
    "2023",
    "2024",
    "June ",
    "30, ",
    "15 ",
    "days ",
    "of ",
    "issuance",
    "this year",
    "every year",
    "each ",
    ". ",
    "nearby ",
    "data ",
    "-",
    "5 ",
    "reduce the review cycle ",
    "Raise ",
    "to ",
    "between ",
    "and ",
    "%",
    "at least ",
    "more than ",
    "the number of cases ",
    "should be kept below ",
    "cut ",
    "by ",
    "months",
    "percent",
    ", ",
    "\n",
    "build ",
    "will ",
    "train ",
    "overseas warehouses",
    "; ",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(EN_PIECES_DL), max_size=30))
def test_leading_words_equal_finditer(pieces):
    """English deadline and target patterns tried only where their leading words begin find what
    a scan at every character finds."""
    from policyparse.extract.targets import rules

    text = "".join(pieces)
    pats = [p for _, p in deadline_patterns("en")] + [
        getattr(rules("en"), k) for k in ("between", "verb_to", "verb_by", "count", "goal")
    ]
    for p in pats:
        assert spans(p.finditer(text)) == spans(p.rx.finditer(text)), (p.pattern[:40], text)


def test_leading_words_fall_back_when_lowering_changes_length():
    from policyparse.fast.scan import LeadingWords

    rx = re.compile(r"\bby\s+20\d\d", re.I)
    text = "İstanbul: BY 2025, by 2030"
    assert spans(LeadingWords(rx, ("by",)).finditer(text)) == spans(rx.finditer(text)) != []


def test_leading_words_on_target_phrases():
    from policyparse.extract.targets import rules

    text = (
        "Reduce the average review cycle to 16 months by 2025. GDP should grow by between 6% and "
        "6.5%; "
        "raise the coverage rate to more than 95%, cut energy use per unit of GDP by 3%, and the "
        "number of "
        "major incidents should be kept below 5. Nearby raised fees rose by 2%. Expanding the "
        "programme by 10 percent.\n"
        "Build 50 overseas warehouses; and train 2,000 examiners. We will add 30 pilot cities."
    )
    L = rules("en")
    for k in ("between", "verb_to", "verb_by", "count", "goal"):
        got = spans(getattr(L, k).finditer(text))
        assert got == spans(getattr(L, k).rx.finditer(text)) != [], k


@pytest.mark.parametrize(
    "text", ["3千百个", "一万百分之3", "一百分之3个", "3千百分之3", "3—3", "一百分之百分之"]
)
def test_target_candidates_on_numeral_runs_found_by_hypothesis(text):
    from policyparse.extract.targets import rules
    from policyparse.extract.targets.candidates import _matches

    L = rules("zh")
    full = [m.span() for m in L.rx.finditer(text) if _with_unit(m)]
    assert [m.span() for m in _matches(text, L) if _with_unit(m)] == full


_LINE_PIECES = [
    " ",
    "  ",
    "\t",
    "\u00a0",
    "\u200b",
    "\u2003",
    "\ufeff",
    "\x00",
    "\x0c",
    "\x01",
    "\x7f",
    "\u3000",
    "\r",
    "推进",
    "abc",
    "第1页",
    "打印",
    "关闭",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(_LINE_PIECES), max_size=8).map("".join), max_size=12),
    st.booleans(),
)
def test_clean_blocks_normalises_as_block_by_block(lines, long):
    """clean_blocks searches all blocks at once for whitespace to fix (with regular expressions in
    a short notice, over code points in a long one): the result is that of normalising every
    block on its own."""
    from policyparse.clean import (
        Block,
        _footer_start,
        clean_blocks,
        is_boilerplate,
        normalize_block,
        paragraphs,
    )

    if long:
        lines = lines + ["推进" * 2100] + lines  # past the short-notice length
    # (paragraphs a crawler ran together are cut apart first: paragraphs.py, tested on its own)
    pieces = [
        q
        for x in lines
        for q in (paragraphs.split(x) if paragraphs.may_be_run_together(x) else [x])
    ]
    expected = [t for t in (normalize_block(x) for x in pieces) if t and not is_boilerplate(t)]
    cut = _footer_start(expected)
    expected = expected[:cut] if cut is not None else expected
    got = clean_blocks([Block(x) for x in lines])
    assert [b.text for b in got.blocks] == expected
    assert got.text == "\n".join(expected)


_FOOTER_LINES = [
    "相关新闻",
    "相关链接",
    "Related Links",
    "打印本页",
    "第一条 推进",
    "推进" * 50,
    "",
    "x",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FOOTER_LINES), max_size=14))
def test_footer_start_equals_the_line_by_line_rule(lines):
    """_footer_start skips to after the last long line; the rule it implements: the first line in
    the second half that a footer pattern matches and after which every line is short."""
    from policyparse.clean import _footer_start, _rules

    _, footer, max_len = _rules()
    expected = next(
        (
            i
            for i in range(len(lines) // 2, len(lines))
            if len(lines[i]) <= max_len
            and any(p.match(lines[i]) for p in footer)
            and all(len(x) <= max_len for x in lines[i:])
        ),
        None,
    )
    assert _footer_start(lines) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("Aaz Z@[`{中国㐀龥鿿\u4dff\ufb00Ａé\U00020000\n。1")))
def test_code_point_counts_equal_regex_counts(text):
    """detect_language and matching_view count characters over a code-point array, not with a
    regular expression: the counts are the same."""
    from policyparse.fast.chars import code_points, count_between

    cp = code_points(text)
    assert count_between(cp, 0x4E00, 0x9FFF) == len(re.findall(r"[\u4e00-\u9fff]", text))
    assert count_between(cp, 0x3400, 0x9FFF) == len(re.findall(r"[\u3400-\u9fff]", text))
    assert count_between(cp | 0x20, ord("a"), ord("z")) == len(re.findall(r"[A-Za-z]", text))


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from("Aaz Z@[`{中国㐀龥鿿\u4dff\ufb00Ａé\U00020000\n。1\u3000\x0b")
    ),
    st.sampled_from([0, 1, 2047, 2048, 5000]),
)
def test_short_and_long_paths_of_character_counts_agree(text, pad):
    """Below chars.SHORT characters, in a process that has not imported numpy, characters are
    counted in plain Python (no numpy import for a small notice); else over code points. Both
    paths, each forced in turn, give what a regular expression counts."""
    from unittest import mock

    from policyparse.fast import chars

    text = text + "x" * pad
    cjk = chars.CharSet("中国龥㐀")
    for numpy_path in (False, True):
        with mock.patch.object(
            chars, "_by_numpy", lambda t, _n=numpy_path: _n or len(t) >= chars.SHORT
        ):
            assert chars.count_range(text, 0x4E00, 0x9FFF) == len(
                re.findall(r"[\u4e00-\u9fff]", text)
            )
            assert chars.count_range(text, 0x3400, 0x9FFF) == len(
                re.findall(r"[\u3400-\u9fff]", text)
            )
            assert chars.count_ascii_letters(text) == len(re.findall(r"[A-Za-z]", text))
            assert cjk.count(text) == len(re.findall("[中国龥㐀]", text))
            assert cjk.any(text) == bool(re.search("[中国龥㐀]", text))
            assert chars.WHITESPACE.count(text) == sum(c.isspace() for c in text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["（", "）", "(", ")", "商务部", "负责", "\n", "、", "a"]), max_size=40
    ).map("".join)
)
def test_parenthetical_scan_equals_finditer(text):
    from policyparse.extract.attributions import _PAREN_SCAN, PAREN

    assert [m.span(1) for m in _PAREN_SCAN.finditer(text)] == [
        m.span(1) for m in PAREN.finditer(text)
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "责任单位",
                "牵头部门",
                "Responsible units",
                "LEAD UNIT",
                "：",
                ":",
                " ",
                "\u3000",
                "（",
                "商务部",
                "\n",
                "x",
            ]
        ),
        max_size=30,
    ).map("".join)
)
def test_label_lines_equal_finditer(text):
    from policyparse.extract.attributions import grammar, label_lines

    assert [m.span() for m in label_lines(text)] == [
        m.span() for m in grammar()["_label_line"].finditer(text)
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="ab前年底 ", max_size=40),
    st.sampled_from(["a", "ab", "aa", "aba", "前", "年底", "b a", "aaa"]),
)
def test_places_of_finds_every_occurrence(text, literal):
    from policyparse.fast.scan import Places

    assert Places(text).of(literal) == [i for i in range(len(text)) if text.startswith(literal, i)]


_NAME_PIECES = [
    "国务院",
    "国务院办公厅",
    "国家发展改革委",
    "发展改革委",
    "财政部",
    "财",
    "政部",
    "部",
    "国家",
    "务院",
    "中国人民银行",
    "人民银行",
    "各地区",
    "地区",
    "，",
    "负责",
    "\n",
    "国务",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_NAME_PIECES), max_size=40).map("".join))
def test_chinese_names_found_in_windows_equal_a_whole_text_scan(text):
    """NameSpans walks only the windows before a name's last two characters: the names found are
    those of the automaton over the whole text."""
    from policyparse.units.registry import name_spans

    ns = name_spans("zh")
    text = text + "，" * 2100 + text  # longer than chars.SHORT: the windows are used
    whole = [(end - n + 1, end + 1) for end, (n, _) in ns.automaton.iter_long(text)] if text else []
    assert ns.spans(text) == whole


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="aÂÃäéèàÿ锟\ufffd中文€", max_size=30),
    st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
)
def test_mojibake_prefilter_never_misses_an_opening_character(text, enc):
    """The bytes search for UTF-8 input answers as the look at the text's characters does
    (or says yes more often: the pattern itself decides then)."""
    from policyparse.ingest.text import _MOJIBAKE_CHARS, _may_hold_mojibake

    holds = any(c in _MOJIBAKE_CHARS.chars for c in text)
    data = text.encode(enc, errors="replace") if enc != "utf-8-sig" else text.encode("utf-8-sig")
    got = _may_hold_mojibake(data, text, enc)
    assert got or not holds
    if enc == "gb18030":
        assert got == holds


_EN_ATT_PIECES = [
    "According to",
    "according to",
    "IN ACCORDANCE WITH",
    "in accordance with",
    "Based On",
    "based on",
    " the ",
    " their ",
    "division of ",
    "responsibilities",
    "Duties",
    "functions",
    "labor",
    ", ",
    "each ",
    "respectively ",
    "The first listed unit is the LEAD unit",
    "lead",
    "Lead",
    "MOFCOM",
    " ",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_EN_ATT_PIECES), max_size=14).map("".join))
def test_folded_anchor_scans_equal_the_patterns_own_search(text):
    """The division and lead-declaration scans (fold=True anchors) find what a plain search finds,
    on short text (a parenthetical) and long (the window search)."""
    from policyparse.extract.attributions import grammar

    g = grammar()
    for scan in (g["en"]["_division_scan"], g["_lead_decl_scan"]):
        assert [m.span() for m in scan.finditer(text)] == [m.span() for m in scan.rx.finditer(text)]
        assert [m.span() for m in windowed(scan).finditer(text)] == [
            m.span() for m in scan.rx.finditer(text)
        ]


_GOAL_PIECES = [
    "to",
    "To",
    "and",
    "shall",
    "strive to",
    "plan to",
    "build",
    "Establish",
    "set up",
    "set",
    "up",
    "cultivate",
    "launch",
    "opened",
    "open",
    "50",
    "1,000",
    "3",
    "centers",
    "new pilot zones",
    "programs",
    "at least",
    "or more",
    " ",
    "  ",
    "\n",
    ". ",
    ";",
    ":",
    ",",
    "x",
    "_",
    "-",
    "abuild",
]


_GOAL_CLAUSE = st.tuples(
    st.sampled_from(["", "to", "And", "shall", "strive to", ".", ";", ":", "\n", "x", "_"]),
    st.sampled_from(["", " ", "  ", "\n", " \n "]),
    st.sampled_from(["build", "Establish", "set up", "open", "opened"]),
    st.sampled_from([" ", "  ", "\n", ""]),
    st.sampled_from(["", "at least ", "more than "]),
    st.sampled_from(["50", "1,000", "3"]),
    st.sampled_from([" centers", " new pilot zones", " programs", "x", " or more firms"]),
).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_GOAL_PIECES), _GOAL_CLAUSE), max_size=12).map("".join))
def test_lead_then_word_equals_finditer(text):
    """The English goal pattern is tried only at the starts its goal verbs imply: the matches are
    those of a full scan."""
    from policyparse.extract.targets import rules

    goal = rules("en").goal
    assert [m.span() for m in goal.finditer(text)] == [m.span() for m in goal.rx.finditer(text)]


def test_lead_then_word_on_goal_sentences():
    from policyparse.extract.targets import rules

    goal = rules("en").goal
    text = (
        "We will build 50 new centers and establish at least 30 pilot zones.\nLaunch 10 programs; "
        "strive to  cultivate 1,000 firms or more.  Train\n 200 examiners"
    )
    spans = [m.span() for m in goal.finditer(text)]
    assert spans == [m.span() for m in goal.rx.finditer(text)] and len(spans) >= 4


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "第一章",
                "一、",
                "（一）",
                "(二)",
                "1.",
                "１．",
                "２、",
                "（3）",
                "③",
                "推进",
                "。",
                "a",
                "第",
                "十二、",
                "(",
                "）",
                "x",
            ]
        ),
        max_size=12,
    ).map("".join)
)
def test_label_openers_hold_every_character_a_label_opens_with(text):
    """may_be_run_together looks at a block's first character before trying the label pattern:
    whatever the pattern matches at the start opens with one of LABEL_OPENERS."""
    from policyparse.clean import paragraphs

    if paragraphs.rules().label.match(text):
        assert text[0] in paragraphs.LABEL_OPENERS


@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12)), max_size=25),
    st.integers(0, 70),
    st.integers(0, 12),
)
def test_fixed_spans_answer_as_a_scan_of_every_span(raw, a, width):
    """FixedSpans' bisection with the running maximum equals asking every span (nested,
    touching and overlapping spans included)."""
    from policyparse.fast.spans import FixedSpans

    spans = [(s, s + w) for s, w in raw]
    b = a + width
    fs = FixedSpans(spans)
    assert fs.overlaps(a, b) == any(s < b and a < e for s, e in spans)
    assert fs.holds(a, b) == any(s <= a and b <= e for s, e in spans)
