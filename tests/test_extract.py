"""Attributions, targets and deadlines: tables of real phrasings, positive and negative."""

from __future__ import annotations

from datetime import date

import pytest

import policyparse
from policyparse import parse_text
from policyparse.extract.attributions import find_attributions
from policyparse.extract.deadlines import find_deadlines
from policyparse.extract.targets import find_targets

# ---------- attributions ----------

ZH_ATT = [
    ("（X部负责）", None),  # unknown but unit-shaped
    (
        "（国家发展改革委牵头，工业和信息化部、财政部参与）",
        [("国家发展改革委", "lead"), ("工业和信息化部", "support"), ("财政部", "support")],
    ),
    (
        "（科技部、教育部、财政部牵头负责）",
        [("科技部", "lead"), ("教育部", "lead"), ("财政部", "lead")],
    ),
    ("（商务部会同海关总署负责）", [("商务部", "lead"), ("海关总署", "support")]),
    (
        "（文化和旅游部、住房城乡建设部负责）",
        [("文化和旅游部", "responsible"), ("住房城乡建设部", "responsible")],
    ),
    ("（各省级人民政府负责）", [("各省级人民政府", "responsible")]),
    # local bodies whose name ends in a word other than 局/厅/委 (海关, 支队, 总队, 台)
    ("（市商务局会同市海关负责）", [("市商务局", "lead"), ("市海关", "support")]),
    ("（省消防救援总队负责）", [("省消防救援总队", "responsible")]),
    (
        "（市气象台、市消防救援支队按职责分工负责）",
        [("市气象台", "responsible"), ("市消防救援支队", "responsible")],
    ),
    # an adverb before the duty verb
    ("（市自然资源局具体负责）", [("市自然资源局", "responsible")]),
    ("（市财政局主要负责）", [("市财政局", "responsible")]),
]


@pytest.mark.parametrize("paren,expected", ZH_ATT)
def test_zh_attributions(paren, expected):
    atts = find_attributions("推进相关工作。" + paren, "zh")
    assert len(atts) == 1
    if expected:
        assert [(u.text, u.role) for u in atts[0].units] == expected


@pytest.mark.parametrize(
    "text",
    [
        "加快推进工作（以下简称“方案”）。",
        "（此件公开发布）",
        "依法查处（技工院校内由人力资源社会保障行政部门负责），并公开结果。",
        "制定规划（2021—2035年）。",
    ],
)
def test_zh_parentheticals_that_are_not_attributions(text):
    assert find_attributions(text, "zh") == []


def test_first_listed_lead_declaration_applies_to_later_attributions_only_with_two_or_more():
    text = (
        "甲。（商务部、财政部负责，列第一位者为牵头单位）乙。（海关总署负责）丙。"
        "（科技部、教育部负责）"
    )
    atts = find_attributions(text, "zh")
    assert [[u.role for u in a.units] for a in atts] == [
        ["lead", "responsible"],
        ["responsible"],
        ["lead", "responsible"],
    ]


def test_no_declaration_no_lead():
    atts = find_attributions("甲。（商务部、财政部负责）", "zh")
    assert [u.role for u in atts[0].units] == ["responsible", "responsible"]


@pytest.mark.parametrize(
    "text", ['(hereinafter referred to as the "Plan")', "(2021-2035)", "(PPH)"]
)
def test_en_parentheticals_that_are_not_attributions(text):
    assert find_attributions("Implement the plan " + text + ".", "en") == []


def test_en_unit_names_with_and_stay_whole():
    atts = find_attributions(
        "Do it. (The Ministry of Industry and Information Technology and the Ministry of Culture "
        "and Tourism are responsible)",
        "en",
    )
    assert [u.text for u in atts[0].units] == [
        "Ministry of Industry and Information Technology",
        "Ministry of Culture and Tourism",
    ]


# ---------- targets ----------

ZH_TARGETS = [
    ("发明专利审查周期压减至16个月。", ("<=", 16, "month", "level")),
    ("结案准确率达到93%以上。", (">=", 93, "%", "level")),
    ("城镇调查失业率5.5%左右。", ("=", 5.5, "%", "level")),
    ("城镇登记失业率4.5%以内。", ("<=", 4.5, "%", "level")),
    ("国内生产总值增长6%－6.5%。", ("between", 6, "%", "change")),
    ("研发投入强度不低于2.5%。", (">=", 2.5, "%", "level")),
    ("新增就业超过1000万人。", (">", 1000, "万人", "level")),
    ("单位国内生产总值能耗下降3%左右。", ("=", 3, "%", "change")),
    ("覆盖率达到百分之九十。", (">=", 90, "%", "level")),
    ("常住人口城镇化率提高到65%。", (">=", 65, "%", "level")),
    ("粮食产量稳定在1.3万亿斤以上。", (">=", 1.3, "万亿斤", "level")),
]


@pytest.mark.parametrize("text,expected", ZH_TARGETS)
def test_zh_targets(text, expected):
    found = find_targets(text, "zh")
    assert len(found) == 1, found
    t = found[0]
    assert (t.comparator, t.value, t.unit, t.kind) == expected


@pytest.mark.parametrize(
    "text",
    [
        "对符合条件的企业，给予不超过实际投入50%的资金补贴。",
        "单个项目最高不超过15万元。",
        "对超过100人的企业，可给予一次性奖励。",
        "返还失业保险费的50%。",
        "参保1年以上的职工可申请。",
        "建设第二批示范区。",
        "国发〔2019〕5号。",
        "2019年1月12日。",
        "纪念建党100周年。",
        "过去一年，国内生产总值增长6.6%。",
        "去年城镇新增就业1361万人以上。",
        "培育一批企业。",
    ],
)
def test_zh_non_targets(text):
    assert find_targets(text, "zh") == []


def test_two_values_of_one_phrase_are_two_targets():
    # (分别: each value measures the noun in its place)
    zh = find_targets("到2025年，常住人口城镇化率和户籍人口城镇化率分别达到65%和55%。", "zh")
    assert [(t.value, t.comparator, t.metric) for t in zh] == [
        (65, ">=", "常住人口城镇化率"),
        (55, ">=", "户籍人口城镇化率"),
    ]
    en = find_targets("The two rates should reach 65% and 55% respectively.", "en")
    assert [(t.value, t.comparator, t.metric) for t in en] == [
        (65, ">=", "two rates"),
        (55, ">=", "two rates"),
    ]
    assert [
        t.value
        for t in find_targets("Increase exports by 5% and 6 months later review them.", "en")
    ] == [5]
    one = find_targets("种植、收获机械化率均达到45%。", "zh")
    assert [t.value for t in one] == [45]  # one number, one target


def test_a_count_closed_by_a_list_of_examples_is_a_goal_whatever_its_time_word():
    # ANNOTATION.md: 等58项事项 names examples of a goal (=); 等3个 after three names tallies them
    for lead in ("到年底", "到今年底", "到2025年，", "年底前，"):
        found = find_targets(f"{lead}实现户籍证明、驾驶证公证等58项事项跨省通办。", "zh")
        assert [(t.comparator, t.value, t.unit) for t in found] == [("=", 58, "项")], lead
    assert find_targets("推动户籍证明、驾驶证公证、社保转移等3个事项跨省通办。", "zh") == []


def test_work_report_review_section_is_not_targets():
    text = (
        "一、2018年工作回顾\n国内生产总值增长6.6%，调查失业率稳定在5%左右的较低水平。\n"
        "二、2019年经济社会发展总体要求和政策取向\n今年经济社会发展的主要预期目标是：国内生产总值增长6%－6.5%；城镇新增就业1100万人以上。"
    )
    doc = parse_text(text)
    assert [(t.value, t.value_max, t.unit, t.year) for t in doc.targets] == [
        (6, 6.5, "%", 2019),
        (1100, None, "万人", 2019),
    ]


EN_TARGETS = [
    (
        "The invention patent review cycle has been reduced to 16 months.",
        ("<=", 16, "month", "level"),
    ),
    ("the accuracy rate of case closure has reached over 93%.", (">=", 93, "%", "level")),
    ("the trademark registration cycle is stable at 7 months.", ("=", 7, "month", "level")),
    ("both increasing by more than 10%.", (">=", 10, "%", "change")),
    ("GDP growth of between 6% and 6.5% is expected.", ("between", 6, "%", "change")),
    (
        "The processing time shall be no more than 15 working days.",
        ("<=", 15, "working day", "level"),
    ),
    ("Reduce energy consumption per unit of GDP by 3%.", ("=", 3, "%", "change")),
    ("Raise the coverage rate of basic medical insurance to 95%.", (">=", 95, "%", "level")),
    ("Reduce the average review cycle to 16 months.", ("<=", 16, "month", "level")),
    ("Keep the unemployment rate below 5.5%.", ("<", 5.5, "%", "level")),
]


@pytest.mark.parametrize("text,expected", EN_TARGETS)
def test_en_targets(text, expected):
    found = find_targets(text, "en")
    assert len(found) == 1, found
    t = found[0]
    assert (t.comparator, t.value, t.unit, t.kind) == expected


@pytest.mark.parametrize(
    "text",
    [
        "celebrating the 50th anniversary of cooperation",
        "the Outline (2021-2035) and the 14th Five-Year Plan",
        "build the first batch of national demonstration zones",
        "Guo Zhi Fa Yun Zi [2023] No. 7",
        "Enterprises may receive subsidies of up to 50% of their costs.",
        "Released on March 23, 2023",
    ],
)
def test_en_non_targets(text):
    assert find_targets(text, "en") == []


def test_run_on_text_without_sentence_ends_keeps_every_target_and_its_context_rules():
    """A crawler's text with no sentence end or line break: every number is still found (the
    clause, sentence and paragraph around each are read within a bound, not to the text's
    ends), and a past-tense cue in the number's own sentence still excludes it."""
    text = "提高到90%" * 3000
    found = find_targets(text, "zh")
    assert len(found) == 3000
    assert all(text[t.start : t.end].endswith("90%") for t in found)
    assert [t.start for t in found[:3]] == [0, 6, 12]
    # the bound does not cut a real sentence: its cue, 60 characters back, still counts
    past = "过去一年" + "经济运行总体平稳" * 7 + "城镇化率提高到60%。" + "城镇化率提高到65%。"
    assert [t.value for t in find_targets(past, "zh")] == [65.0]


def test_time_limit_is_not_a_target():
    doc = parse_text(
        "Notice of X on Y\nMinistry of Commerce\nMarch 1, 2023\n1. Tasks\nAll localities shall "
        "report within 30 days of issuance.",
        language="en",
    )
    assert doc.targets == [] and [d.date for d in doc.deadlines] == ["2023-03-31"]


# ---------- deadlines ----------


@pytest.mark.parametrize(
    "text", ["2019年1月1日至12月31日", "（2018—2035年）", "自2019年1月1日起施行", "2019年1月12日"]
)
def test_zh_periods_and_dates_are_not_deadlines(text):
    assert find_deadlines(text, "zh", date(2019, 1, 1)) == []


@pytest.mark.parametrize(
    "text", ["from January 1, 2019", "Released on March 23, 2023", "the 2021-2035 outline"]
)
def test_en_periods_and_dates_are_not_deadlines(text):
    assert find_deadlines(text, "en", date(2019, 1, 1)) == []


@pytest.mark.parametrize(
    "text,lang,iso",
    [
        ("于2024年3月底完成", "zh", "2024-03-31"),
        ("到2020年6月", "zh", "2020-06-30"),
        ("before the end of June", "en", "2016-06-30"),
        ("by end-2024", "en", "2024-12-31"),
    ],
)
def test_more_limit_forms(text, lang, iso):
    assert [d.date for d in find_deadlines(text, lang, date(2016, 5, 1))] == [iso]


def test_year_less_limits_resolve_against_the_documents_date_not_today():
    assert [d.date for d in find_deadlines("年底前完成", "zh", date(2016, 5, 1))] == ["2016-12-31"]
    assert [d.date for d in find_deadlines("每年3月底前报送", "zh", date(2016, 5, 1))] == [
        "2017-03-31"
    ]


def test_year_less_limit_without_any_date_is_unresolved_with_a_warning():
    doc = parse_text("关于开展工作的通知\n一、任务\n1.完成评估。年底前报送。（商务部负责）")
    assert doc.deadlines[0].date is None
    assert "deadline_unresolved" in {w.code for w in doc.warnings}


def test_target_at_the_very_start_of_a_text_is_kept():
    """The "inside a longer number" check once read the empty string before position 0 as a digit
    separator (an empty string is in every string) and dropped the target."""
    from policyparse.extract.targets import find_targets

    assert [(t.value, t.unit, t.comparator) for t in find_targets("95%以上", "zh")] == [
        (95, "%", ">=")
    ]


def test_a_review_section_holds_no_deadlines_and_a_mixed_title_reviews_then_sets_goals():
    """年末 in a work report's review dates a result, not a limit; a section titled
    “十三五”时期发展成就和“十四五”时期主要目标任务 reviews until its line on “十四五”时期 and sets
    goals after it (its 年均 growth is a plan's, its 分别 values each a target)."""
    text = (
        "一、2020年工作回顾\n城镇新增就业1186万人，年末全国城镇调查失业率降到5.2%。\n"
        "二、“十三五”时期发展成就和“十四五”时期主要目标任务\n"
        "过去五年，城镇棚户区住房改造超过2100万套，国内生产总值年均增长5.7%。\n"
        "“十四五”时期是开启新征程的第一个五年。\n"
        "全社会研发经费投入年均增长7%以上。单位国内生产总值能耗和二氧化碳排放分别降低13.5%、18%。\n"
        "三、2021年重点工作\n年底前完成城镇老旧小区改造。\n"
    )
    from policyparse import parse_text

    doc = parse_text(text, language="zh")
    assert [d.text for d in doc.deadlines] == ["年底前"]
    assert [(t.metric, t.value) for t in doc.targets] == [
        ("全社会研发经费投入", 7),
        ("单位国内生产总值能耗", 13.5),
        ("二氧化碳排放", 18),
    ]


LABELLED = {
    "zh_lines": "关于加强工作的通知\n一、任务\n（一）优化服务。优化流程。\n牵头单位：市商务局\n"
    "配合单位：市财政局、市税务局\n（二）统筹。制定计划。（市发展改革委负责）\n",
    "zh_inline": "关于加强工作的通知\n一、任务\n（一）优化服务。优化流程。牵头单位：市商务局；"
    "配合单位：市财政局、市税务局\n（二）统筹。制定计划。（市发展改革委负责）\n",
    "en_inline": "Notice on Strengthening Work\nI. Key Tasks\n(1) Improve services. Optimize the "
    "process. Lead unit: Ministry of Commerce; Participating units: Ministry of Finance, General "
    "Administration of Customs\n(2) Coordinate. Make plans. (The National Development and Reform "
    "Commission is responsible)\n",
    "en_lines": "Notice on Strengthening Work\nI. Key Tasks\n(1) Improve services. Optimize the "
    "process.\nLead unit: Ministry of Commerce\nParticipating units: Ministry of Finance, General "
    "Administration of Customs\n(2) Coordinate. Make plans. (The National Development and Reform "
    "Commission is responsible)\n",
}


@pytest.mark.parametrize("form", sorted(LABELLED))
def test_labels_outside_brackets_on_lines_or_after_a_sentence(form):
    """#28/#29: "牵头单位：A" with "配合单位：B" on the next line was read as A alone (the second
    line an attribution of no task); a label run in after the task's last sentence, in either
    language, was not read at all and the item was lost."""
    d = policyparse.parse_text(LABELLED[form])
    assert len(d.tasks) == 2
    first = [(r.text, r.role) for r in d.tasks[0].responsible]
    names = (
        ["Ministry of Commerce", "Ministry of Finance", "General Administration of Customs"]
        if form.startswith("en")
        else ["市商务局", "市财政局", "市税务局"]
    )
    assert first == list(zip(names, ["lead", "support", "support"], strict=True)), form
    assert len(d.tasks[1].responsible) == 1


@pytest.mark.parametrize(
    "said, unit_id",
    [
        (
            "The relevant departments and units of the State Council are responsible",
            "state-council.relevant-departments-units",
        ),
        (
            "The people's governments of all cities and counties [districts] are responsible",
            "city-county-gov",
        ),
        ("All departments are responsible", "departments"),
        ("国务院有关部门和单位负责", "state-council.relevant-departments-units"),
        ("各市、县（区）人民政府负责", "city-county-gov"),
    ],
)
def test_collective_bodies_of_translations_and_originals_resolve(said, unit_id):
    """#29: "the relevant departments and units of the State Council" was two units, and the
    people's governments of all cities and counties an unknown one."""
    zh = not said.isascii()
    text = (
        f"关于加强工作的通知\n一、任务\n（一）加强监管。开展检查。（{said}）\n"
        if zh
        else f"Notice on Work\nI. Tasks\n(1) Strengthen supervision. Inspect. ({said})\n"
    )
    d = policyparse.parse_text(text)
    assert [r.unit_id for r in d.tasks[0].responsible] == [unit_id]


@pytest.mark.parametrize(
    "bracket, units, due",
    [
        ("【责任单位：市商务局】", [("市商务局", "responsible")], []),
        ("【市商务局牵头，市财政局配合】", [("市商务局", "lead"), ("市财政局", "support")], []),
        (
            "（责任单位：市商务局 完成时限：2024年底前）",
            [("市商务局", "responsible")],
            ["2024-12-31"],
        ),
    ],
)
def test_lenticular_brackets_and_a_label_after_a_space(bracket, units, due):
    """Some provinces write an attribution in 【】; a second label may follow the units after a
    space alone (完成时限：…): the units end there and the limit is the task's deadline."""
    t = (
        f"关于印发工作方案的通知\n一、重点任务\n（一）优化服务。推行一网通办。{bracket}\n"
        "（二）其他。继续推进。（市数据局负责）\n"
    )
    d = policyparse.parse_text(t)
    assert [(r.text, r.role) for r in d.tasks[0].responsible] == units
    assert [x.date for x in d.tasks[0].deadlines] == due
    # page furniture in 【】 names no one
    page = policyparse.parse_text(
        "关于通知\n【字体：大 中 小】【打印本页】\n一、任务\n（一）推进。（市数据局负责）\n"
    )
    assert [t.text for t in page.tasks] == ["推进。"]


@pytest.mark.parametrize(
    "attribution, units",
    [
        (
            "【牵头单位】省发展改革委【责任单位】各市人民政府",
            [("省发展改革委", "lead"), ("各市人民政府", "responsible")],
        ),
        (
            "【责任单位：省财政厅、省税务局】",
            [("省财政厅", "responsible"), ("省税务局", "responsible")],
        ),
        ("[责任单位：省政府督查室]", [("省政府督查室", "responsible")]),
        ("（由省税务局负责）", [("省税务局", "responsible")]),
        ("（均由各市人民政府负责）", [("各市人民政府", "responsible")]),
    ],
)
def test_labels_in_square_brackets_and_an_agent_marker(attribution, units):
    """Provinces set a label in 【】 with the units after it, or the whole attribution in square
    brackets; 由 marks who does the work and is no part of the name."""
    head = "某省人民政府办公厅关于印发措施的通知\n一、任务\n"
    text = f"{head}（一）推进项目。加快项目建设。{attribution}\n"
    (task,) = policyparse.parse_text(text).tasks
    assert [(r.text, r.role) for r in task.responsible] == units
    assert task.text == "加快项目建设。"
