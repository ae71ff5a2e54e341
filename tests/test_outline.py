"""The numbering grammar and level inference."""

from __future__ import annotations

from policyparse import parse_text
from policyparse.base.numbers import cn_to_int
from policyparse.structure.outline import find_items


def levels(text: str) -> list[tuple[int, str, str]]:
    items, _ = find_items(text)
    return [(it.level, it.label, text[it.title_start : it.title_end]) for it in items]


def test_chinese_three_levels_inferred_from_order():
    text = (
        "一、总体要求\n（一）指导思想。坚持稳中求进。\n1.拓展两个市场。积极推进。\n2.提前适用政策。"
        "\n（二）基本原则\n二、主要任务"
    )
    assert levels(text) == [
        (1, "一", "总体要求"),
        (2, "（一）", "指导思想"),
        (3, "1", "拓展两个市场"),
        (3, "2", "提前适用政策"),
        (2, "（二）", "基本原则"),
        (1, "二", "主要任务"),
    ]


def test_english_styles_and_item_numbering_continuing_across_sections():
    text = (
        "1. General requirements\n(1) Guiding ideology. Adhere to it.\n(2) Main objectives. By "
        "2025.\n"
        "2. Key tasks\n(3) Strengthen legal protection and macro policy reserves.Cooperate with "
        "MOJ.\n3. Work requirements"
    )
    got = levels(text)
    assert [lvl for lvl, _, _ in got] == [1, 2, 2, 1, 2, 1]
    assert got[4] == (2, "(3)", "Strengthen legal protection and macro policy reserves")


def test_half_and_full_width_and_roman_alpha():
    text = "I. Goals\nA. Targets\n(a) first\n(b) second\nII. Tasks\n（1）全角\n（2）全角二"
    got = levels(text)
    assert [(lvl, lab) for lvl, lab, _ in got][:5] == [
        (1, "I"),
        (2, "A"),
        (3, "(a)"),
        (3, "(b)"),
        (1, "II"),
    ]
    assert got[5][1] == "（1）"


def test_numbers_in_prose_are_not_items():
    text = "一、目标\n2023. 这是年份。\n3.5%的增长不是条目。\n二、任务"
    assert [lab for _, lab, _ in levels(text)] == ["一", "二"]


def test_gap_is_warned():
    _, warnings = find_items("一、甲\n二、乙\n四、丁")
    assert [w.code for w in warnings] == ["numbering_gap"]


def test_chapters_then_articles():
    text = (
        "第一章 总则\n第一条 为了规范管理，制定本办法。\n第二条 本办法适用于全国。\n第二章 职责\n"
        "第三条 国务院负责。"
    )
    assert [(lvl, lab) for lvl, lab, _ in levels(text)] == [
        (1, "第一章"),
        (2, "第一条"),
        (2, "第二条"),
        (1, "第二章"),
        (2, "第三条"),
    ]


def test_cn_numerals():
    assert [cn_to_int(x) for x in ("一", "十", "十二", "二十", "二十三", "一百零五")] == [
        1,
        10,
        12,
        20,
        23,
        105,
    ]


def test_section_tree_ids_and_spans():
    doc = parse_text(
        "一、总体要求\n（一）指导思想。内容。\n（二）基本原则。内容。\n二、主要任务\n（三）任务。内容。"
    )
    top = doc.sections
    assert [s.id for s in top] == ["1", "2"] and [c.id for c in top[0].children] == ["1.1", "1.2"]
    for s in doc.iter_sections():
        assert doc.text[s.title_span.start : s.title_span.end] == s.title
        assert doc.text[s.span.start :].startswith(s.label)


def test_title_sentence_examples():
    """numbering.json's title_sentence examples: a heading-like first sentence is a title
    sentence (the task begins after it); a long one is the first sentence of the task too."""
    import json
    from importlib import resources

    import policyparse
    from policyparse.structure.outline import is_title_sentence

    raw = json.loads(
        resources.files("policyparse").joinpath("data/numbering.json").read_text("utf-8")
    )
    for text, titled in raw["title_sentence"]["examples"]:
        first = text.split("。", 1)[0]
        first = first[first.index("）") + 1 :] if "）" in first[:5] else first.split(".", 1)[-1]
        assert is_title_sentence(first) is titled, text
        doc = policyparse.parse_text(
            "关于开展试点的通知\n一、重点任务\n" + text + "（省财政厅负责）\n"
        )
        task = doc.tasks[0].text
        assert task.startswith(first) is (not titled), task


def test_unicode_roman_headings_and_lower_roman_items():
    """Translations number with Ⅰ. Ⅱ. (Unicode Roman numerals, as Chinese notices also write
    them) and (i) (ii): both are outline levels, and an attribution naming all cities is read."""
    import policyparse

    t = (
        "Circular of the General Office of the People's Government of Jiangxi Province on the "
        "Work Plan\nⅠ. General Requirements\n(i) Guiding ideology. Adhere to the plan.\n"
        "Ⅱ. Key Tasks\n(i) Optimize services. Shorten approval time. (Provincial Department of "
        "Commerce is responsible)\n(ii) Support firms. Provide support. (Provincial Department "
        "of Finance is responsible)\nⅢ. Safeguards\n(i) Strengthen leadership. Improve "
        "coordination. (All cities are responsible)\n"
    )
    d = policyparse.parse_text(t)
    assert [(s.id, s.label) for s in d.iter_sections()] == [
        ("1", "Ⅰ"),
        ("1.1", "(i)"),
        ("2", "Ⅱ"),
        ("2.1", "(i)"),
        ("2.2", "(ii)"),
        ("3", "Ⅲ"),
        ("3.1", "(i)"),
    ]
    assert [t.section_id for t in d.tasks] == ["2.1", "2.2", "3.1"]
    assert [r.text for r in d.tasks[2].responsible] == ["All cities"]
