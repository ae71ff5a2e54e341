"""Read the notice, not its layout (#27): the same notice hard-wrapped as pdftotext wraps it
gives the same tasks, units and metadata; a text whose lines are its paragraphs is not touched.
A metamorphic test over every golden file (``bench/layouts.py`` prints all six layouts), a
property test over random widths, and the reflow's own examples and counter-examples."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policyparse
from policyparse.ingest.reflow import reflow, wrap_width

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import layouts  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _squash(s: str) -> str:
    return re.sub(r"\s", "", s)


def _reading(doc: policyparse.Document) -> tuple:
    """What a layout must not change: task texts, their units and roles, metadata."""
    return (
        [_squash(t.text) for t in doc.tasks],
        [[(r.unit_id, r.role) for r in t.responsible] for t in doc.tasks],
        doc.metadata.title,
        doc.metadata.doc_number,
        doc.metadata.issuer,
        doc.metadata.issued_on,
    )


PILOT = (ROOT / "corpus" / "zh" / "pilot-notice-zh.txt").read_text(encoding="utf-8")


@pytest.mark.slow
@settings(max_examples=12, deadline=None)
@given(width=st.integers(min_value=24, max_value=48))  # A4 CJK lines: 30-45
def test_a_chinese_notice_hard_wrapped_at_any_width_reads_the_same(width):
    text = policyparse.parse_text(PILOT).text
    wrapped = "\n".join(
        line[i : i + width] for line in text.split("\n") for i in range(0, len(line), width)
    )
    assert _reading(policyparse.parse_text(wrapped)) == _reading(policyparse.parse_text(text))


def test_an_english_notice_wrapped_between_words_reads_the_same():
    path = ROOT / "corpus" / "en" / "trade-opinions-en.txt"
    text = policyparse.parse(path).text
    got = policyparse.parse_text(layouts.hard_wrapped(text), language="en")
    assert _reading(got) == _reading(policyparse.parse_text(text, language="en"))


def test_lines_that_are_paragraphs_are_not_reflowed():
    """Each line its own length, many longer than any width: no width, every line kept."""
    assert wrap_width(PILOT.splitlines()) is None
    assert [ln for ln, _ in reflow(PILOT)] == [ln for ln in PILOT.splitlines() if ln.strip()]


def test_reflow_joins_a_wrapped_paragraph_and_keeps_paragraph_starts():
    """Paragraphs cut every 20 characters come back whole; a heading, a signature's name and
    date, and a label after a sentence end each open their own paragraph."""
    paragraphs = [
        "国家知识产权局办公室关于开展专利转化运用试点工作的通知",
        "一、总体要求",
        "（一）工作目标。到2025年，试点地区专利转化率达到百分之九十以上，新培育专利密集型企业"
        "一万家，高价值发明专利审查周期压减至13个月。",
        "（二）重点任务。推动高校和科研机构专利转化，建立健全转化运用机制，完善收益分配制度，"
        "加强知识产权金融服务，扩大质押融资规模。（各地方知识产权局负责）",
        "二、保障措施",
        "各试点单位要于自印发之日起30日内报送实施方案，按时报送。联系人：张三，电话：0101234。",
        "国家知识产权局办公室",
        "2023年3月23日",
    ]
    w = 20
    wrapped = "\n".join(p[i : i + w] for p in paragraphs for i in range(0, len(p), w))
    assert wrap_width(wrapped.splitlines()) == w
    assert [ln for ln, _ in reflow(wrapped)] == paragraphs


def test_golden_files_in_six_layouts(shared):
    """The figures of bench/layouts.py as a gate: hard-wrapped, "　　"-joined and
    "&nbsp;&nbsp;"-joined copies of every golden file's notice score as the notice does; run
    together or joined by one space, it keeps its tasks, units, targets, deadlines and metadata
    and nearly all sections (a second-level heading glued to its paragraph with no subject or
    opener after it is not read)."""
    goldens = sorted((ROOT / "golden").glob("*.json")) + sorted((shared / "golden").glob("*.json"))
    totals, kept = layouts.score(goldens)
    base = totals["as extracted"]
    for name in ("gap-joined", "hard-wrapped", "nbsp-joined"):
        got = totals[name]
        assert got["tasks"].f1 >= 0.99 and got["units"].f1 >= 0.99, name
        assert got["sections"].f1 >= base["sections"].f1 - 0.01, name
        assert got["deadlines"].f1 >= base["deadlines"].f1 - 0.01, name
        assert kept[name][0] == kept[name][1], name  # every metadata field found as extracted
    for name in ("run together", "space-joined"):
        run = totals[name]
        assert run["tasks"].f1 >= 0.99 and run["units"].f1 >= 0.99, name
        assert run["targets"].f1 >= base["targets"].f1 - 0.01, name
        assert run["deadlines"].f1 >= base["deadlines"].f1 - 0.01, name
        assert run["sections"].f1 >= 0.975 and kept[name][0] == kept[name][1], name


@pytest.mark.parametrize("width", [38])
def test_bench_wrap_matches_pdftotext_width(width):
    assert all(len(x) <= width for x in layouts.hard_wrapped("一" * 100, width).split("\n"))


def test_short_paragraphs_each_closed_by_its_mark_are_not_taken_for_wrapped_lines():
    """A text of short paragraphs whose longest lines cluster at one length is no wrapped text:
    its lines end with their sentence marks, not mid-sentence."""
    lines = [f"各地要加强第{i}项工作的组织领导，确保各项任务落到实处。" for i in range(1, 30)]
    assert wrap_width(lines) is None
    text = "\n".join(lines)
    assert [ln for ln, _ in reflow(text)] == lines


def test_a_short_notice_run_together_is_read_with_its_outline():
    """A notice of under 200 characters run together by a crawler (a title, its addressees,
    headings run into their first items, a second-level heading run into its paragraph, and
    the signature after an attribution) is read as the same notice with its line breaks."""
    t = (
        "关于印发工作方案的通知各区人民政府：现将方案印发给你们，请认真贯彻执行。一、总体要求"
        "（一）指导思想以习近平新时代中国特色社会主义思想为指导，全面贯彻党的精神。（二）工作目标"
        "到2025年，全市营商环境显著改善。二、重点任务（一）优化政务服务推行一网通办，压缩审批时限。"
        "（市政务服务局负责）（二）加强要素保障加快土地供应。（市自然资源局负责）"
        "市人民政府办公室2024年3月1日"
    )
    d = policyparse.parse_text(t)
    assert d.metadata.title == "关于印发工作方案的通知"
    assert d.metadata.issuer == ["市人民政府办公室"] and str(d.metadata.issued_on) == "2024-03-01"
    assert [(s.id, s.title) for s in d.iter_sections()][:3] == [
        ("1", "总体要求"),
        ("1.1", "指导思想"),
        ("1.2", "工作目标"),
    ]
    assert [[r.text for r in t.responsible] for t in d.tasks] == [
        ["市政务服务局"],
        ["市自然资源局"],
    ]


FIELD_LINES = """某市人民政府办公室关于印发2024年数字政府建设工作要点的通知
各县（市、区）人民政府，市政府各部门：
现将《2024年数字政府建设工作要点》印发给你们，请认真贯彻执行。
一、夯实基础支撑
（一）完善基础设施
1.扩容政务云平台。新增算力资源30%以上。
责任单位：市大数据局、市财政局
完成时限：2024年6月底前
2.推进网络融合。整合部门专网，实现电子政务外网全覆盖。
牵头单位：市委网信办；配合单位：市通信管理办、各县（市、区）人民政府
完成时限：2024年10月31日前
（二）强化数据治理
3.编制数据目录。完成公共数据资源目录编制。
责任单位：市大数据局
完成时限：2024年9月底前
二、提升服务效能
4.推行一件事一次办。新增集成服务事项20项。
责任单位：市政务服务局
完成时限：2024年12月底前
某市人民政府办公室
2024年3月1日
"""


@pytest.mark.parametrize("join", ["", "\u3000\u3000"])
def test_a_task_list_of_field_lines_run_together_reads_the_same(join):
    """Items whose units and time limit stand on field lines (责任单位：… / 完成时限：…), run
    together by a crawler ("…市财政局完成时限：2024年6月底前2.推进…"), give the same items, tasks,
    units with their roles and deadlines: a field's units end before the time label, a label
    after a field opens the next item, and the time field stays the task's."""

    def reading(doc):
        return (
            [(s.label, s.title) for s in doc.iter_sections()],
            [[(r.unit_id, r.role) for r in t.responsible] for t in doc.tasks],
            [[d.date for d in t.deadlines] for t in doc.tasks],
        )

    lines = policyparse.parse_text(FIELD_LINES)
    joined = policyparse.parse_text(join.join(FIELD_LINES.split("\n")))
    assert reading(joined) == reading(lines)
    assert len(lines.tasks) == 4 and lines.tasks[1].responsible[0].role == "lead"
    assert [d.date for t in lines.tasks for d in t.deadlines] == [
        "2024-06-30",
        "2024-10-31",
        "2024-09-30",
        "2024-12-31",
    ]


def test_english_field_lines_run_together_keep_every_label():
    """English field lines run together ("…authoritiesDeadline: by the end of June 2024Article
    4…"): each units label is read, the time label ends the units before it."""
    text = (
        "Article 1 Build a classification system. Publish the guide.\n"
        "Lead unit: Cybersecurity Administration Bureau; cooperating units: Department of "
        "Science and Technology\nDeadline: by the end of June 2024\n"
        "Article 2 Strengthen supervision. Carry out annual spot checks.\n"
        "Responsible units: Cybersecurity Administration Bureau\n"
        "Deadline: by the end of November 2024\n"
    )
    lines = policyparse.parse_text(text, language="en")
    joined = policyparse.parse_text(text.replace("\n", ""), language="en")
    units = [[(r.name, r.role) for r in t.responsible] for t in lines.tasks]
    assert units == [
        [
            ("Cybersecurity Administration Bureau", "lead"),
            ("Department of Science and Technology", "support"),
        ],
        [("Cybersecurity Administration Bureau", "responsible")],
    ]
    assert [[(r.name, r.role) for r in t.responsible] for t in joined.tasks] == units


@pytest.mark.parametrize("layout", ["as extracted", "run together", "hard-wrapped"])
def test_a_mixed_section_sets_goals_from_its_second_periods_sentence_in_any_layout(layout):
    """A section titled for a review and for goals (“十三五”时期发展成就和“十四五”时期主要目标任务)
    sets goals from the first line or sentence that opens with the second period: with the line
    breaks, run together, or hard-wrapped, the goals after it are targets and the results before
    it are not."""
    text = (
        "二、“十三五”时期发展成就和“十四五”时期主要目标任务\n"
        "“十三五”规划主要目标任务胜利完成，常住人口城镇化率提高到60.6%。\n"
        "“十四五”时期经济社会发展要以推动高质量发展为主题。"
        "深入推进新型城镇化战略，常住人口城镇化率提高到65%，森林覆盖率达到24.1%。\n"
    )
    doc = policyparse.parse_text(layouts.LAYOUTS[layout](text))
    assert [(t.value, t.metric) for t in doc.targets] == [
        (65, "常住人口城镇化率"),
        (24.1, "森林覆盖率"),
    ]


@pytest.mark.parametrize(
    "join", ["\u00a0\u00a0", "  ", "\u3000\u3000", "\u3000\u00a0", " ", "\u3000"]
)
@pytest.mark.parametrize("source", ["field lines", "pilot"])
def test_paragraphs_a_crawler_joined_with_spaces_read_as_with_line_breaks(join, source):
    """A crawler that kept a page's &nbsp;&nbsp; indents, or put one or two spaces of any kind
    where each line break was, gives the same sections, tasks, units, deadlines and metadata: a
    run of spaces between a Chinese character and a Chinese character or a digit parts
    paragraphs outside quotes and brackets, labels and signatures are cut with spaces around
    them, and a name and a date on one line are the signature."""

    def reading(doc):
        return (
            [(s.label, s.title) for s in doc.iter_sections()],
            [[(r.unit_id, r.role) for r in t.responsible] for t in doc.tasks],
            [[d.date for d in t.deadlines] for t in doc.tasks],
            doc.metadata.title,
            doc.metadata.doc_number,
            doc.metadata.issuer,
            doc.metadata.issued_on,
        )

    text = FIELD_LINES if source == "field lines" else policyparse.parse_text(PILOT).text
    lines = policyparse.parse_text(text)
    joined = policyparse.parse_text(join.join(text.split("\n")))
    assert reading(joined) == reading(lines)
    assert lines.metadata.issued_on is not None and lines.tasks


def test_a_slogan_spaced_inside_quotes_stays_one_paragraph():
    """Spaces a page put inside quotes (“江西好粮油 \u00a0赣粮行天下”) part no paragraphs."""
    text = (
        "一、重点任务\n1.搞活流通。开展“江西好粮油\u00a0\u00a0赣粮行天下”推介活动，"
        "拓展合作平台。（省粮食局负责）\n"
    )
    doc = policyparse.parse_text(text)
    assert len(doc.tasks) == 1 and "\n" not in doc.tasks[0].text


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.sampled_from(["中", "文", "a", "b", "-", " ", "\u3000", "1"]), min_size=1
        ),
        min_size=1,
        max_size=8,
    ).filter(lambda xs: all(x.strip(" \u3000") for x in xs))
)
def test_a_paragraph_kept_as_pieces_joins_as_the_plain_fold(lines):
    """reflow keeps a paragraph as its pieces (joining as it grew copied it at every line): the
    pieces join to what folding ``_join`` over the lines gives."""
    from policyparse.ingest.reflow import _add_piece, _join

    plain = lines[0]
    for b in lines[1:]:
        plain = _join(plain, b)
    parts = [lines[0]]
    for b in lines[1:]:
        _add_piece(parts, b)
    assert "".join(parts) == (plain if len(lines) > 1 else lines[0])


def test_a_long_wrapped_table_reflows_in_linear_time():
    """40,000 lines of near-equal length (read as wrapped text) reflow in well under a second
    per 10,000 lines: the paragraph is not copied at every line."""
    import time

    rows = "\n".join(" ".join(str(i * k) for k in range(6)) for i in range(40000))
    start = time.perf_counter()
    out = reflow("统计表\n" + rows)
    assert out and time.perf_counter() - start < 4.0


CITY_PAGE = """全文 排序方式 按时间 按相关度
索引号：11340100MB1234567X/202203-00012
发文机关：某市人民政府办公室
文号：某政办〔2022〕9号
成文日期：2022年3月18日
某市人民政府办公室关于印发2022年优化营商环境重点任务清单的通知
（某政办〔2022〕9号）
各县（市）、区人民政府，市政府各部门、各直属机构：
现将《2022年优化营商环境重点任务清单》印发给你们，请认真贯彻落实。
一、提升政务服务效能
（一）深化“一网通办”。政务服务事项全程网办率达到90%以上（6月底完成，牵头考核单位：市数据资源局）。推行“免证办”服务，新增免证事项200项（年底前，责任单位：市数据资源局、市政务服务管理局）。
（二）加强融资支持。普惠小微贷款余额增长20%以上（上半年考评分值：25分，牵头考核单位：市地方金融监管局）。
某市人民政府办公室
2022年3月18日
"""


@pytest.mark.parametrize("layout", list(layouts.LAYOUTS))
def test_a_city_pages_header_block_and_number_under_the_title_in_every_layout(layout):
    """#27/#28: a page's header fields (索引号 | 发文机关 | 文号 | 成文日期) run together with
    the title and the number in brackets under it still give title, number and date, and the
    tasks with their brackets (a time limit, a score term) read the same."""
    doc = policyparse.parse_text(layouts.LAYOUTS[layout](CITY_PAGE))
    md = doc.metadata
    assert (md.title, md.doc_number, md.issued_on) == (
        "某市人民政府办公室关于印发2022年优化营商环境重点任务清单的通知",
        "某政办〔2022〕9号",
        "2022-03-18",
    )
    assert [[(r.text, r.role) for r in t.responsible] for t in doc.tasks] == [
        [("市数据资源局", "lead")],
        [("市数据资源局", "responsible"), ("市政务服务管理局", "responsible")],
        [("市地方金融监管局", "lead")],
    ]
    assert [[d.date for d in t.deadlines] for t in doc.tasks] == [
        ["2022-06-30"],
        ["2022-12-31"],
        [],
    ]


def test_a_number_in_brackets_after_a_title_like_phrase_in_running_text_is_cited():
    text = "国务院关于加快发展的意见（国发〔2016〕5号）精神，现提出如下实施意见。\n一、总体要求\n"
    cited = "为贯彻落实《国务院关于加快发展的意见》（国发〔2016〕5号），现提出如下实施意见。\n"
    assert policyparse.parse_text(cited).metadata.doc_number is None
    assert policyparse.parse_text("根据" + text).metadata.doc_number is None


def test_a_bracket_left_open_at_a_lines_end_is_a_wrap_in_a_text_too_short_to_show_a_width():
    """Too few lines to read a wrap width from, a bracket broken over two lines still joins
    them (a bracket never spans paragraphs); a line that does not close it stays apart."""
    lines = [
        "一、任务",
        "（一）深化改革。网办率达到90%以上（6月底完成，牵",
        "头考核单位：市数据资源局）。推行免证办（年底前",
        "，责任单位：市政务服务管理局）。",
        "（二）加强融资（见附件",
        "二、保障",
    ]
    assert [p for p, _ in reflow("\n".join(lines))] == [
        "一、任务",
        "（一）深化改革。网办率达到90%以上（6月底完成，牵头考核单位：市数据资源局）。推行免证办"
        "（年底前，责任单位：市政务服务管理局）。",
        "（二）加强融资（见附件",
        "二、保障",
    ]


def test_a_wrapped_heading_with_no_full_stop_ends_before_the_next_label_of_its_run():
    """A heading that ends with no mark, wrapped as pdftotext wraps it, and the next item's
    label at the start of the next line: the label goes on its run ((8) then (9)), so it opens
    the item, even where its first word would have fitted on the heading's last line."""
    body = " ".join(["Improve the system of rules and strengthen supervision of the market."] * 3)
    items = "\n".join(f"({k}) Task {k}. {body} (The General Office is responsible)" for k in (7, 8))
    text = (
        "Notice of the Office on the Work Plan\n"
        "3. Promote reform\n(6) Task 6. "
        + body
        + " (The General Office is responsible)\n"
        + items
        + "\n4. Strengthen monitoring and analysis to consolidate the statistical foundation"
        " for high-quality development of intellectual property rights\n"
        "(9) Task 9. " + body + " (The General Office is responsible)\n"
    )
    flat = policyparse.parse_text(text, language="en")
    wrapped = policyparse.parse_text(layouts.hard_wrapped(text), language="en")
    assert [(s.label, s.title) for s in wrapped.sections] == [
        (s.label, s.title) for s in flat.sections
    ]
    assert wrapped.sections[-1].title.endswith("development of intellectual property rights")
    # (the heading's last line is long: "(9)" would not have fitted on it)
    last = next(ln for ln in layouts.hard_wrapped(text).split("\n") if ln.startswith("foundation"))
    assert len(last) + len(" (9)") > 72


REGULATION = """某省促进科技成果转化若干规定
第一章　总则
第一条　为促进科技成果转化，制定本规定。
第二条　本规定适用于本省行政区域内的科技成果转化活动。
第二章　主要措施
第三条　建立科技成果转化基金，规模不低于10亿元。（省科技厅、省财政厅负责）
第四条　到2025年，全省技术合同成交额达到1000亿元。（省科技厅负责）
第三章　附则
第五条　本规定自2023年7月1日起施行。
"""

PROVINCE = """某省人民政府办公厅关于印发稳经济若干措施的通知
一、财政政策
（一）加快支出进度。加快预算执行。（牵头单位：省财政厅；责任单位：各市人民政府）
（二）支持中小企业。加大信贷投放。（省地方金融监管局负责，某银保监局参与，2023年底前完成）
（三）推进重大项目。加快项目建设。【牵头单位】省发展改革委【责任单位】各市人民政府
（四）优化营商环境。压减审批时间，推行承诺制审批和容缺受理。责任单位：省政务服务办
（五）稳定外贸外资。支持企业参加境内外展会，扩大出口信用保险覆盖面。（省商务厅负责）
（六）促进消费恢复。开展消费促进活动，发放消费券并支持汽车家电消费。（省商务厅负责）
（七）加强监测调度。建立运行监测机制。（省统计局负责，11月底前报送进展）
某省人民政府办公厅
2023年3月1日
"""

ENGLISH_PROVINCE = "\n".join(
    [
        (
            "Notice of the General Office of the People's Government of Jiangxi Province on "
            "Issuing the Work Plan for Optimizing the Business Environment"
        ),
        "I. Key Tasks",
        (
            "(1) Promote full online processing of business start-up. (The Provincial Market "
            "Supervision Administration takes the lead, and the Provincial Department of "
            "Public Security and the Provincial Taxation Bureau are responsible according to "
            "the division of responsibilities)"
        ),
        (
            "(2) Deepen reform of construction project approval. (Responsible units: "
            "Provincial Department of Housing and Urban-Rural Development, Provincial "
            "Department of Natural Resources)"
        ),
        (
            "(3) Optimize cross-border trade services. (Lead assessment unit: Provincial "
            "Department of Commerce; Participating units: Nanchang Customs, Provincial "
            "Department of Finance)"
        ),
        (
            "(4) Strengthen intellectual property protection. (Continuously promoted, led by "
            "the Provincial Market Supervision Administration, with the Provincial Department "
            "of Justice participating)"
        ),
        (
            "(5) Carry out business environment evaluation. (All county people's governments "
            "are responsible, to be completed by the end of October 2023)"
        ),
        (
            "(6) Promote government data sharing. (Jiangxi Provincial Department of Finance "
            "is responsible)"
        ),
        "General Office of the People's Government of Jiangxi Province",
        "March 1, 2023",
    ]
)


INFO_TABLE = """信息索引号：11340100MB1234567X/202303-00012
发布机构：某市人民政府办公室
生成日期：2023-03-02
发文字号：某政办〔2023〕5号
有效性：有效
某市人民政府办公室关于印发某市2023年重点民生实事工作方案的通知
各县（市、区）人民政府，市政府各部门、各直属机构：
现将《某市2023年重点民生实事工作方案》印发给你们，请认真贯彻执行。
某市人民政府办公室
2023年3月1日
某市2023年重点民生实事工作方案
一、目标任务
（一）新增城镇就业3万人以上。（市人社局负责，2023年12月底前完成）
（二）新建改建公办幼儿园20所，新增学位6000个。（市教育局负责，2023年9月底前完成）
"""


@pytest.mark.parametrize("layout", list(layouts.LAYOUTS))
def test_a_pages_information_table_above_the_notice_in_every_layout(layout):
    """A crawled page's information table (信息索引号, 发布机构, 生成日期, 发文字号, 有效性) above
    the title: its fields are metadata, not addressees, and a field whose value is one of a few
    words (有效性：有效) ends where the value does when the block is run together."""
    doc = policyparse.parse_text(layouts.LAYOUTS[layout](INFO_TABLE))
    md = doc.metadata
    assert md.title == "某市人民政府办公室关于印发某市2023年重点民生实事工作方案的通知"
    assert (md.doc_number, md.issued_on, md.published_on) == (
        "某政办〔2023〕5号",
        "2023-03-01",
        "2023-03-02",
    )
    assert md.issuer == ["某市人民政府办公室"]
    assert md.addressees[0] == "各县（市、区）人民政府"
    assert [(t.metric, t.value) for t in doc.targets][:1] == [("新增城镇就业", 3)]


@pytest.mark.parametrize("layout", list(layouts.LAYOUTS))
def test_an_english_provincial_notice_reads_the_same_in_every_layout(layout):
    """A rendering's title run into its first heading, labels with words inside them, limit
    clauses in the brackets, a signature under a closing bracket when hard-wrapped: the same
    outline, tasks, units, deadlines and metadata in every layout."""
    base = policyparse.parse_text(ENGLISH_PROVINCE)
    got = policyparse.parse_text(layouts.LAYOUTS[layout](ENGLISH_PROVINCE))

    def read(doc):
        return (
            [(s.label, s.title) for s in doc.sections],
            [
                (tuple((r.name, r.role) for r in t.responsible), tuple(d.date for d in t.deadlines))
                for t in doc.tasks
            ],
            (doc.metadata.title, doc.metadata.issued_on),
        )

    assert len(base.tasks) == 6
    assert base.metadata.issued_on == "2023-03-01"
    assert [d.date for d in base.tasks[4].deadlines] == ["2023-10-31"]
    # one body, written two ways, is one unit
    assert base.tasks[2].responsible[2].unit_id == base.tasks[5].responsible[0].unit_id
    assert read(got) == read(base)


@pytest.mark.parametrize("layout", list(layouts.LAYOUTS))
@pytest.mark.parametrize("source", ["regulation", "province"])
def test_a_regulation_and_a_provincial_notice_read_the_same_in_every_layout(source, layout):
    """Chapters and articles (第一章　总则 / 第一条　为…) and a notice whose title runs straight
    into its first heading, with units in 【】 labels and brackets that end in a time limit:
    the same outline and the same tasks, whatever the layout."""
    text = REGULATION if source == "regulation" else PROVINCE
    base = policyparse.parse_text(text)
    got = policyparse.parse_text(layouts.LAYOUTS[layout](text))

    def outline(doc):
        out = []
        for s in doc.sections:
            out.append((s.label, s.title))
            out += [(c.label, c.title) for c in s.children]
        return out

    assert len(base.tasks) == (2 if source == "regulation" else 7)
    assert outline(got) == outline(base)
    assert got.metadata.title == base.metadata.title
    assert (got.metadata.issuer, got.metadata.issued_on) == (
        base.metadata.issuer,
        base.metadata.issued_on,
    )
    assert [[(r.text, r.role) for r in t.responsible] for t in got.tasks] == [
        [(r.text, r.role) for r in t.responsible] for t in base.tasks
    ]
