"""Diff and track: pairs built by editing a notice (renumber, move, split, merge, tighten a
target, swap a unit) give exactly the expected changes; the real work-report series gives the
real target changes; the HTML report renders in headless Chromium."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter

import pytest
from conftest import CORPUS

import policyparse
from policyparse.compare.diff import diff, redline
from policyparse.compare.track import to_markdown as to_markdown_track
from policyparse.compare.track import track
from policyparse.render.diff_report import to_html, to_markdown

BASE = (CORPUS / "zh" / "pilot-notice-zh.txt").read_text("utf-8")


def parse(text: str, lang: str = "zh"):
    return policyparse.parse_text(text, language=lang)


def changes(res, status):
    return [c for c in res.tasks if c.status == status]


def test_identical_versions_have_no_changes():
    res = diff(parse(BASE), parse(BASE))
    assert res.summary["tasks"] == {
        "unchanged": 6,
        "units_changed": 0,
        "reworded": 0,
        "added": 0,
        "removed": 0,
        "split": 0,
        "merged": 0,
    }
    assert (
        res.summary["moved"] == 0
        and res.summary["renumbered"] == 0
        and res.summary["targets_changed"] == 0
    )


def test_renumbered_task_is_matched_by_content():
    # a new item 1 pushes the old items 1-3 down: same tasks, new numbers
    new = BASE.replace(
        "1.建立专利开放许可制度。",
        "1.开展专利导航。围绕重点产业开展专利导航服务。（运用促进司负责）\n2.建立专利开放许可制度。",
        1,
    )
    for n, title in reversed(
        list(
            enumerate(
                ["优化审查服务", "强化数据支撑", "落实资金政策", "加强金融服务", "推进示范建设"], 2
            )
        )
    ):
        new = new.replace(f"{n}.{title}。", f"{n + 1}.{title}。")
    res = diff(parse(BASE), parse(new))
    s = res.summary
    assert s["tasks"]["added"] == 1 and s["tasks"]["unchanged"] == 6 and s["tasks"]["removed"] == 0
    assert s["renumbered"] == 6 and s["moved"] == 0
    assert changes(res, "added")[0].new_text == "围绕重点产业开展专利导航服务。"


def test_moved_task_to_another_section():
    item = (
        "6.推进示范建设。上半年完成试点地区评估，年内发布评估报告。（保护司牵头，"
        "知识产权数据管理中心参与）\n"
    )
    new = BASE.replace(item, "").replace("（三）加大政策支持。\n", "3.5推进示范建设。\n", 1)
    new = new.replace(
        "3.强化数据支撑。完善转化运用统计监测，每年2月底前报送上一年度数据。（战略规划司会同各地方知识产权局负责）\n",
        "3.强化数据支撑。完善转化运用统计监测，每年2月底前报送上一年度数据。（战略规划司会同各地方知识产权局负责）\n（三）加大政策支持。\n",
        1,
    )
    new = new.replace(
        "三、工作要求\n",
        "三、工作要求\n（四）示范建设。上半年完成试点地区评估，年内发布评估报告。（保护司牵头，知识产权数据管理中心参与）\n",
        1,
    )
    res = diff(parse(BASE), parse(new))
    moved = [c for c in res.tasks if c.moved]
    assert len(moved) == 1 and moved[0].status == "unchanged"
    assert "重点任务" in moved[0].old_section and "工作要求" in moved[0].new_section


def test_split_and_merge():
    old_item = (
        "5.加强金融服务。推动知识产权质押融资增长10%以上，服务中小企业数量增长6%－6.5%。"
        "（运用促进司、人民银行等有关部门按职责分工负责）"
    )
    split = (
        "5.加强金融服务。推动知识产权质押融资增长10%以上。（运用促进司负责）"
        "服务中小企业数量增长6%－6.5%。（人民银行负责）"
    )
    res = diff(parse(BASE), parse(BASE.replace(old_item, split)))
    sp = changes(res, "split")
    assert len(sp) == 1 and len(sp[0].old) == 1 and len(sp[0].new) == 2
    assert res.summary["tasks"]["unchanged"] == 5
    # and back: the two tasks merge into one
    res = diff(parse(BASE.replace(old_item, split)), parse(BASE))
    mg = changes(res, "merged")
    assert len(mg) == 1 and len(mg[0].old) == 2 and len(mg[0].new) == 1


def test_target_tightened_and_loosened_and_deadline_earlier():
    new = BASE.replace("压减至13个月", "压减至12个月").replace(
        "达到百分之九十以上", "达到百分之八十五以上"
    )
    new = new.replace("控制在16个月以内", "控制在15个月以内").replace(
        "2023年12月15日前", "2023年10月31日前"
    )
    res = diff(parse(BASE), parse(new))
    by_metric = {t.metric: t.status for t in res.targets}
    assert by_metric["高价值发明专利审查周期"] == "tightened"  # 13 -> 12 months, a ceiling
    assert by_metric["发明专利平均审查周期"] == "tightened"  # 16 -> 15 months
    assert by_metric["试点地区专利转化率"] == "loosened"  # 90% -> 85%, a floor
    assert res.summary["targets"] == {"unchanged": 3, "tightened": 2, "loosened": 1}
    t1 = next(c for c in res.tasks if "许可项目遴选" in c.new_text)
    assert t1.status == "reworded" and [(d.status, d.old, d.new) for d in t1.deadlines] == [
        ("earlier", "2023-12-15", "2023-10-31")
    ]
    t2 = next(c for c in res.tasks if "审查周期" in c.new_text)
    assert [x.status for x in t2.targets] == ["tightened"]


def test_units_swapped_and_lead_changed():
    new = BASE.replace("（运用促进司、条法司负责）", "（运用促进司、保护司负责）")
    new = new.replace(
        "（专利局审查业务管理部牵头，公共服务司、战略规划司配合）",
        "（公共服务司牵头，专利局审查业务管理部、战略规划司配合）",
    )
    res = diff(parse(BASE), parse(new))
    t1 = next(c for c in res.tasks if "许可项目遴选" in c.new_text)
    assert (
        t1.status == "unchanged"
        and t1.units.added == ["cnipa.protection"]
        and t1.units.dropped == ["cnipa.treaty-law"]
    )
    t2 = next(c for c in res.tasks if "审查周期" in c.new_text)
    assert t2.units.lead_before == ["cnipa.patent-exam-mgmt"] and t2.units.lead_after == [
        "cnipa.public-services"
    ]
    # the two tasks kept their words but not their units: not "unchanged" in the summary
    assert res.summary["tasks"]["units_changed"] == 2
    assert res.summary["tasks"]["unchanged"] == sum(
        1 for c in res.tasks if c.status == "unchanged" and not c.units.any()
    )
    units = {u["unit_id"]: u for u in res.units}
    assert units["cnipa.protection"]["gained"] and units["cnipa.treaty-law"]["lost"]
    assert (
        units["cnipa.public-services"]["lead_gained"]
        and units["cnipa.patent-exam-mgmt"]["lead_lost"]
    )


def test_reworded_english_task_has_word_redline():
    base = (CORPUS / "en" / "trade-opinions-en.txt").read_text("utf-8")
    new = base.replace(
        "Help enterprises secure orders and expand markets",
        "Help enterprises secure orders and explore new markets",
    )
    res = diff(parse(base, "en"), parse(new, "en"))
    rw = changes(res, "reworded")
    assert len(rw) == 1
    ops = [(o["op"], o["text"]) for o in rw[0].redline if o["op"] != "equal"]
    assert ops == [("delete", "expand"), ("insert", "explore new")]


def test_chinese_redline_is_by_character():
    ops = [o for o in redline("压减至13个月", "压减至12个月", "zh") if o["op"] != "equal"]
    assert ops == [{"op": "delete", "text": "3"}, {"op": "insert", "text": "2"}]


def test_real_work_report_series(shared):
    gwr = shared / "corpus" / "zh" / "gwr"
    a, b = policyparse.parse(gwr / "gwr-2018.txt"), policyparse.parse(gwr / "gwr-2019.txt")
    res = diff(a, b)
    got = {
        t.metric: (t.status, t.old["text"] if t.old else None, t.new["text"] if t.new else None)
        for t in res.targets
    }
    assert got["国内生产总值"] == ("lowered", "增长6.5%左右", "增长6%－6.5%")
    assert got["城镇新增就业"] == ("unchanged", "1100万人以上", "1100万人以上")
    assert (
        got["城镇调查失业率"][0] == "changed"
    )  # 5.5%以内 -> 5.5%左右: same number, comparator changed
    series = track(
        [policyparse.parse(gwr / f"gwr-{y}.txt") for y in (2015, 2016, 2017, 2018, 2019, 2021)],
        labels=["2015", "2016", "2017", "2018", "2019", "2021"],
    )
    gdp = next(t for t in series["targets"] if t["metric"] == "国内生产总值")
    assert [gdp["values"][y]["text"] for y in series["versions"]] == [
        "增长7%左右",
        "增长6.5%－7%",
        "增长6.5%左右",
        "增长6.5%左右",
        "增长6%－6.5%",
        "增长6%以上",
    ]
    jobs = next(
        t for t in series["targets"] if t["metric"] == "城镇新增就业" and "2015" in t["values"]
    )
    assert [jobs["values"][y]["value"] for y in series["versions"]] == [
        1000,
        1000,
        1100,
        1100,
        1100,
        1100,
    ]


def test_track_units_by_year():
    v1, v2 = (
        parse(BASE),
        parse(
            BASE.replace(
                "（保护司牵头，知识产权数据管理中心参与）", "（运用促进司牵头，保护司参与）"
            )
        ),
    )
    res = track([v1, v2, v2], labels=["2023", "2024", "2025"])
    assert res["units"]["cnipa.utilization"]["led"] == {"2023": 2, "2024": 3, "2025": 3}
    assert res["units"]["cnipa.protection"]["led"] == {"2023": 1}
    assert all(t["first_seen"] == "2023" and t["last_seen"] == "2025" for t in res["tasks"])


def test_diff_json_validates_and_markdown_reads(tmp_path):
    from importlib import resources

    import jsonschema

    res = diff(parse(BASE), parse(BASE.replace("压减至13个月", "压减至12个月")))
    schema = json.loads(
        resources.files("policyparse").joinpath("schemas/diff.schema.json").read_text("utf-8")
    )
    jsonschema.validate(res.to_dict(), schema)
    md = to_markdown(res)
    assert "tightened" in md and "压减至13个月 → 压减至12个月" in md


def test_cli_diff_of_parsed_json_files(tmp_path):
    from policyparse.cli import main

    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(parse(BASE).to_json(), "utf-8")
    b.write_text(
        parse(BASE.replace("（运用促进司、条法司负责）", "（运用促进司、保护司负责）")).to_json(),
        "utf-8",
    )
    out = tmp_path / "d.json"
    assert main(["diff", str(a), str(b), "--format", "json", "-o", str(out)]) == 0
    d = json.loads(out.read_text("utf-8"))
    assert d["summary"]["units_changed"] == 2


CHROMIUM = (
    shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
)


@pytest.mark.slow
def test_html_report_renders_in_headless_chromium(tmp_path):
    import os

    if not CHROMIUM:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (.ci/run installs Debian's chromium)")
        pytest.skip("chromium not installed (apt-get install chromium)")
    from PIL import Image

    new = BASE.replace("压减至13个月", "压减至12个月").replace(
        "（运用促进司、条法司负责）", "（运用促进司、保护司负责）"
    )
    new = new.replace(
        "6.推进示范建设。上半年完成试点地区评估，年内发布评估报告。（保护司牵头，知识产权数据管理中心参与）\n",
        "",
    )
    page = tmp_path / "diff.html"
    page.write_text(to_html(diff(parse(BASE), parse(new))), "utf-8")
    shot = tmp_path / "diff.png"
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--screenshot={shot}",
        "--window-size=1200,800",
        page.as_uri(),
    ]
    subprocess.run(cmd, capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 5000
    img = Image.open(shot).convert("RGB")
    top = img.crop((0, 0, 1200, 400))
    colours = {rgb for _, rgb in top.getcolors(maxcolors=1 << 22)}
    near = lambda rgb: any(sum(abs(a - b) for a, b in zip(rgb, c)) < 30 for c in colours)  # noqa: E731
    # the summary cards and the chart: removed (red), tightened/added (green), reworded (amber)
    assert near((0xC6, 0x28, 0x28)) and near((0x2E, 0x7D, 0x32))


def test_policyparse_diff_stays_the_function_after_it_is_called():
    """The module behind policyparse.diff must not shadow the function once imported (it did:
    a second call raised "'module' object is not callable")."""
    a = policyparse.parse_text("一、任务\n推进工作。（商务部负责）")
    b = policyparse.parse_text("一、任务\n推进这项工作。（商务部负责）")
    first = policyparse.diff(a, b)
    second = policyparse.diff(a, b)
    assert first.to_dict() == second.to_dict()
    assert callable(policyparse.diff)


def test_work_reports_year_to_year_pair_continuing_items_and_refuse_false_merges(shared):
    """Work reports (no attributions) rewrite every paragraph: items that continue pair by their
    titles and place, and no merge or split is reported at a similarity a reader would reject."""
    gwr = shared / "corpus" / "zh" / "gwr"
    a, b = policyparse.parse(gwr / "gwr-2018.txt"), policyparse.parse(gwr / "gwr-2019.txt")
    res = diff(a, b)

    def title(doc, tid):
        t = next(x for x in doc.tasks if x.id == tid)
        return doc.section(t.section_id).title

    pairs = {(title(a, c.old[0]), title(b, c.new[0])) for c in res.tasks if c.status == "reworded"}
    assert ("2018年经济社会发展总体要求和政策取向", "2019年经济社会发展总体要求和政策取向") in pairs
    assert ("深化基础性关键领域改革", "深化重点领域改革，加快完善市场机制") in pairs
    assert ("提高保障和改善民生水平", "加快发展社会事业，更好保障和改善民生") in pairs
    for y in range(2015, 2020):
        pair = [gwr / f"gwr-{y}.txt", gwr / f"gwr-{y + 1 if y < 2019 else 2021}.txt"]
        counts = diff(*pair).summary["tasks"]
        assert counts["merged"] == counts["split"] == 0, (y, counts)


def test_a_larger_required_cut_is_a_tightening():
    """Reduction targets have their own direction: 能耗降低2.5% -> 降低3% asks for more (#17);
    a growth goal that rises is 'raised'."""
    a = policyparse.parse_text(
        "关于2024年工作的报告\n一、2024年主要目标\n单位国内生产总值能耗降低2.5%左右。\n国内生产总值增长5%左右。"
    )
    b = policyparse.parse_text(
        "关于2025年工作的报告\n一、2025年主要目标\n单位国内生产总值能耗降低3%左右。\n国内生产总值增长5.5%左右。"
    )
    assert [(t.metric, t.direction) for t in a.targets] == [
        ("单位国内生产总值能耗", "down"),
        ("国内生产总值", "up"),
    ]
    got = {t.metric: t.status for t in diff(a, b).targets}
    assert got == {"单位国内生产总值能耗": "tightened", "国内生产总值": "raised"}


def test_track_gives_one_row_per_metric_and_a_readable_table(shared, tmp_path):
    gwr = sorted((shared / "corpus" / "zh" / "gwr").glob("*.txt"))
    out = tmp_path / "track.md"
    assert main_cli(["track", *map(str, gwr), "-o", str(out)]) == 0
    md = out.read_text("utf-8")
    rows = [ln for ln in md.splitlines() if ln.startswith("| ")]
    assert sum(1 for ln in rows if ln.startswith("| 国内生产总值 |")) == 1
    assert sum(1 for ln in rows if ln.startswith("| 单位国内生产总值能耗 |")) == 1
    # every table line has its columns: no line break from a task's text inside a row
    tasks = [ln for ln in md.split("## Tasks", 1)[1].splitlines()[1:] if not ln.startswith("|---")]
    assert tasks and all(ln.startswith("| ") and ln.endswith(" |") for ln in tasks if ln)
    assert "No version names responsible units" in md  # work reports have no attributions
    assert "two or more" in build_parser_help("track")
    # the central budget investment, written "安排N亿元" after its name, is one row with a value
    # for every report (its metric was empty, and each year a row of its own)
    invest = [ln for ln in rows if ln.startswith("| 中央预算内投资 |")]
    assert len(invest) == 1
    for value in ("4776", "5000", "5076", "5376", "5776", "6100"):
        assert value in invest[0]


def test_work_report_allocations_pair_by_what_they_measure_and_say_which_way(shared):
    """2018 -> 2019: the figures a careful reader lists as changed pair by their metric, each
    once, with its direction; a level that moves is raised or lowered (it was 'changed', or
    one target removed and one added)."""
    gwr = shared / "corpus" / "zh" / "gwr"
    res = diff(policyparse.parse(gwr / "gwr-2018.txt"), policyparse.parse(gwr / "gwr-2019.txt"))
    by = {}
    for t in res.targets:
        by.setdefault(t.metric, []).append(t)
    expect = {
        "中央预算内投资": ("raised", 5376, 5776),
        "赤字率": ("raised", 2.6, 2.8),
        # the deficit figures listed after the ratio (财政赤字2.76万亿元，其中中央财政赤字…)
        "财政赤字": ("raised", 2.38, 2.76),
        "中央财政赤字": ("raised", 1.55, 1.83),
        "地方财政赤字": ("raised", 8300, 9300),
        "地方政府专项债券": ("raised", 1.35, 2.15),
        "铁路投资": ("raised", 7320, 8000),  # 完成…8000亿元: a planned level (=), raised
        "国内生产总值": ("lowered", 6.5, 6),
    }
    for metric, (status, old, new) in expect.items():
        assert len(by.get(metric, [])) == 1, (metric, by.get(metric))
        t = by[metric][0]
        assert (t.status, t.old["value"], t.new["value"]) == (status, old, new), metric
    # the 2019 report's new figures are named, not blank
    added = [t.metric for t in res.targets if t.status == "added"]
    for metric in ("财政支出", "制造业等行业税率", "“三公”经费", "一般性支出"):
        assert metric in added
    # a benefit's rate a measure sets (报销比例由50%提高到60%) is no planned figure
    assert not {"报销比例", "小规模纳税人增值税起征点"} & {t.metric for t in res.targets}


def main_cli(argv):
    from policyparse.cli import main

    return main(argv)


def build_parser_help(cmd: str) -> str:
    from policyparse.cli import build_parser

    sub = next(a for a in build_parser()._actions if a.__class__.__name__ == "_SubParsersAction")
    return sub.choices[cmd].format_help() + " ".join(
        a.help or "" for a in sub._choices_actions if a.dest == cmd
    )


def test_english_diffs_name_units_in_english_and_mixed_languages_warn(tmp_path, capsys):
    from policyparse.cli import main as cli
    from policyparse.render.diff_report import to_markdown

    en = (CORPUS_DIR / "en" / "data-plan-en.txt").read_text("utf-8")
    new = en.replace(
        ", China Academy of Information and Communications Technology", ", Ministry of Finance", 1
    )
    res = diff(policyparse.parse_text(en), policyparse.parse_text(new))
    names = {u["name"] for u in res.units}
    assert names and not any("\u4e00" <= c <= "\u9fff" for n in names for c in n)
    md = to_markdown(res)
    assert "units added: Ministry of Finance" in md
    assert "units dropped: China Academy of Information and Communications Technology" in md
    zh = CORPUS_DIR / "zh" / "pilot-notice-zh.txt"
    assert cli(["diff", str(zh), str(CORPUS_DIR / "en" / "data-plan-en.txt")]) == 0
    assert "comparing notices in two languages (zh and en)" in capsys.readouterr().err


CORPUS_DIR = __import__("conftest").CORPUS


def test_targets_compare_by_magnitude_across_scales():
    """3.9万亿元 -> 40000亿元 is a higher floor, though the units as written differ; the same
    sum in another scale is no change of value."""

    def one(text):
        return policyparse.parse_text("一、目标\n" + text)

    a = one("地方政府专项债券规模不少于3.9万亿元。城镇新增就业1100万人以上。")
    b = one("地方政府专项债券规模不少于40000亿元。城镇新增就业11000000人以上。")
    got = [(t.status, t.metric) for t in policyparse.diff(a, b).targets]
    assert got == [("tightened", "地方政府专项债券规模"), ("unchanged", "城镇新增就业")]


def _next_year_of_the_employment_services_notice(text: str) -> str:
    """hb-rst-2022 as next year's notice would read: 春风行动 and 就业援助月 merged into one item,
    大中城市联合招聘… renamed "“职引未来”——…", 马兰花 trainers' contest dropped, items renumbered,
    years and editions moved on (the changes the issue lists for this annual series)."""
    a = text.index("（一）就业援助月。")
    b = text.index("（二）春风行动。")
    c = text.index("（三）厅局长校园行。")
    aid, spring = text[a:b], text[b:c]
    merged = (
        "（一）春风行动暨就业援助月。"
        + spring[len("（二）春风行动。") :].rstrip("。")
        + "；同时"
        + aid[len("（一）就业援助月。") :]
    )
    text = text[:a] + merged + text[c:]
    text = text.replace(
        "（五）大中城市联合招聘高校毕业生专场活动。",
        "（五）“职引未来”——大中城市联合招聘高校毕业生专场活动。",
    )
    d0, d1 = text.index("（十二）第三届河北省马兰花创业培训讲师大赛。"), text.index("（十三）")
    text = text[:d0] + text[d1:]
    for old, new in (
        ("2022", "2023"),
        ("2021", "2022"),
        ("第一届", "第二届"),
        ("第五届", "第六届"),
    ):
        text = text.replace(old, new)
    cn = "二 三 四 五 六 七 八 九 十 十一 十二 十三 十四 十五 十六 十七 十八 十九".split()
    head, rest = text.split("（一）春风行动暨就业援助月。", 1)
    body, tail = rest.split("三、工作要求", 1)
    labels = iter(cn)
    body = re.sub(
        r"（[一二三四五六七八九十]+）(?=[^（）]{2,40}。)", lambda m: f"（{next(labels)}）", body
    )
    return head + "（一）春风行动暨就业援助月。" + body + "三、工作要求" + tail


def test_an_annual_activities_notice_keeps_renames_merges_and_drops_apart(shared):
    """Activities keep their names, are renamed, dropped and merged from one year to the next:
    each is reported as what happened, and the activities that go on (one the merged item
    mentions among them) pair with themselves."""
    path = shared / "corpus" / "zh" / "hebei" / "hb-rst-2022-gonggong-jiuye-fuwu-zhuanxiang.txt"
    old = policyparse.parse(path)
    new = policyparse.parse_text(
        _next_year_of_the_employment_services_notice(path.read_text("utf-8"))
    )
    res = diff(old, new)
    by = {}
    for c in res.tasks:
        by.setdefault(c.status, []).append(c)
    assert [(c.old, c.new) for c in by["merged"]] == [(["t2", "t3"], ["t2"])]
    assert [c.old for c in by["removed"]] == [["t13"]]
    assert "added" not in by and "reworded" not in by  # a year moved on is no rewording
    renamed = [c for c in res.tasks if c.renamed]
    assert [(c.old, c.new) for c in renamed] == [(["t6"], ["t5"])]
    assert "“职引未来”" in renamed[0].new_section
    assert res.summary["tasks"]["unchanged"] == 22 and res.summary["renamed"] == 1
    assert "## unchanged + renumbered + renamed: t6 → t5" in to_markdown(res)


def test_rewritten_and_retitled_items_pair_by_their_vocabulary(shared):
    """高校毕业生就业创业 2016 -> 2017 (four items, no attributions, every one rewritten): each
    continues, the 创业 item under a new title and place (三 -> 二)."""
    h = shared / "corpus" / "zh" / "hebei"
    res = diff(
        policyparse.parse(h / "mohrss-2016-gaoxiao-biyesheng-jiuye.txt"),
        policyparse.parse(h / "mohrss-2017-gaoxiao-biyesheng-jiuye.txt"),
    )
    pairs = sorted((c.old, c.new) for c in res.tasks)
    assert pairs == [(["t1"], ["t1"]), (["t2"], ["t3"]), (["t3"], ["t2"]), (["t4"], ["t4"])]
    assert {c.status for c in res.tasks} == {"reworded"}


def test_paragraphs_condensed_into_one_are_a_merge_and_sections_apart_never_are(shared):
    """义务教育招生入学 2020 -> 2021 (Hebei): 2020's 民办 paragraphs 2.1 (审批地统一管理) and 2.2
    (电脑随机派位) are written as one 2021 paragraph: one merge of the two; 2.3 is dropped; the
    deadline 3月底前 -> 6月底前 is reported. Work reports, whose review and government chapters
    both feed the next year's review, get no merge."""
    h = shared / "corpus" / "zh" / "hebei"
    r = policyparse.diff(
        h / "hb-jyt-2020-yiwu-jiaoyu-zhaosheng.txt", h / "hb-jyt-2021-yiwu-jiaoyu-zhaosheng.txt"
    )
    merged = [(c.old, c.new) for c in r.tasks if c.status == "merged"]
    assert merged == [(["t3", "t4"], ["t4"])]
    assert [c.old for c in r.tasks if c.status == "removed"] == [["t5"]]
    later = [(d.old, d.new) for c in r.tasks for d in c.deadlines if d.status == "later"]
    assert later and all(o < n for o, n in later)
    gwr = sorted((shared / "corpus" / "zh" / "gwr").glob("*.txt"))
    for old, new in zip(gwr, gwr[1:], strict=False):
        assert policyparse.diff(old, new).summary["tasks"]["merged"] == 0, (old.name, new.name)


def test_target_scores_equal_the_plain_loop_they_replace():
    """The vectorised weighing of target pairs (rapidfuzz cdist + numpy) gives exactly what
    the plain double loop gave, on random targets with missing metrics, units, kinds, years."""
    import random

    import numpy as np
    from rapidfuzz import fuzz

    from policyparse.compare.diff import _measure, _norm, _target_scores
    from policyparse.model import Magnitude, Span, Target

    rng = random.Random(7)
    words = ["城镇新增就业", "城镇调查失业率", "单位GDP能耗", "Coverage rate", "审查周期", ""]

    def target() -> Target:
        unit = rng.choice(["%", "month", "万人", None])
        return Target(
            text="x",
            metric=rng.choice(words) + rng.choice(["", "达到", " rate"]) or None,
            comparator=">=",
            value=1.0,
            unit=unit,
            kind=rng.choice(["level", "change"]),
            span=Span(0, 1),
            year=rng.choice([None, 2020, 2021, 2025]),
            magnitude=Magnitude(1.0, unit) if unit else None,
        )

    for _ in range(20):
        old = [target() for _ in range(rng.randint(1, 12))]
        new = [target() for _ in range(rng.randint(1, 12))]
        ya, yb = rng.choice([(None, None), (2020, 2021)])
        plain = np.zeros((len(old), len(new)))
        for i, a in enumerate(old):
            for j, b in enumerate(new):
                s = (
                    fuzz.ratio(_norm(a.metric), _norm(b.metric)) / 100
                    if a.metric and b.metric
                    else 0.0
                )
                s += 0.1 if _measure(a)[2] == _measure(b)[2] else 0.0
                s += 0.05 if a.kind == b.kind else 0.0
                if ya and yb and a.year and b.year and a.year - ya == b.year - yb:
                    s += 0.05
                plain[i, j] = s
        assert np.array_equal(_target_scores(old, new, ya, yb), plain)


@pytest.mark.slow
def test_diff_of_two_documents_of_50000_targets_is_bounded(tmp_path):
    """#34 item 4: weighing every pairing of 50,000 x 50,000 targets took minutes and
    gigabytes; past 2,000 x 2,000 targets pair on identical metrics only (linear)."""
    import copy
    import time

    d = policyparse.parse(CORPUS / "zh" / "pilot-notice-zh.txt").to_dict()
    t0 = d["targets"][0]

    def many(shift: int) -> dict:
        e = copy.deepcopy(d)
        e["targets"] = [{**copy.deepcopy(t0), "metric": f"指标{i + shift}"} for i in range(50000)]
        return e

    start = time.monotonic()
    res = policyparse.diff(many(0), many(7))
    assert time.monotonic() - start < 60
    counts = Counter(t.status for t in res.targets)
    assert sum(counts.values()) == 50000 + 7  # 49,993 paired; 7 removed and 7 added
    assert counts["added"] == counts["removed"] == 7


def test_work_reports_never_pair_two_different_quantities(shared):
    """#33: 城镇登记失业率 4.5%以内 paired with 城镇调查失业率 5.5%左右, a yearly SO₂/NOx cut with a
    five-year CO₂ one. On every consecutive pair of the work reports 2015-2021, a target paired
    across versions is one quantity (its qualifiers and horizon agree), and the planned 赤字率
    is followed through every report with its comparator (2015's was missed, 2016's read as a
    floor)."""
    from policyparse.compare import identity
    from policyparse.model import Span, Target

    years = [2015, 2016, 2017, 2018, 2019, 2021]
    gwr = shared / "corpus" / "zh" / "gwr"
    docs = [policyparse.parse(gwr / f"gwr-{y}.txt") for y in years]

    def target(d: dict) -> Target:
        return Target(
            d["text"],
            d["metric"],
            d["comparator"],
            d["value"],
            d["unit"],
            d["kind"],
            Span(0, 1),
            year=d["year"],
        )

    paired = 0
    for (ya, a), (yb, b) in zip(zip(years, docs), zip(years[1:], docs[1:])):
        for t in diff(a, b).targets:
            if t.old and t.new:
                paired += 1
                assert identity.same_quantity(target(t.old), target(t.new), ya, yb), (
                    ya,
                    t.old,
                    t.new,
                )
    assert paired >= 40
    res = diff(docs[4], docs[5])
    jobless = [(t.old and t.old["metric"], t.new and t.new["metric"]) for t in res.targets]
    assert ("城镇登记失业率", "城镇调查失业率") not in jobless
    series = track(docs, labels=[str(y) for y in years])
    deficit = [t for t in series["targets"] if t["metric"] == "赤字率"]
    assert len(deficit) == 1, deficit
    assert {y: (v["comparator"], v["value"]) for y, v in deficit[0]["values"].items()} == {
        "2015": ("=", 2.3),
        "2016": ("=", 3),
        "2017": ("=", 3),
        "2018": ("=", 2.6),
        "2019": ("=", 2.8),
        "2021": ("=", 3.2),
    }
    md = to_markdown_track(series)
    assert "### In one version only" in md


def test_the_html_report_leads_with_targets_and_units_then_the_redlines():
    """#33: a reader of the diff page sees what changed in targets and in units first, then the
    tasks side by side; a metric worded two ways shows both."""
    from bs4 import BeautifulSoup

    new = BASE.replace("压减至13个月", "压减至12个月").replace(
        "（运用促进司、条法司负责）", "（运用促进司、保护司负责）"
    )
    page = BeautifulSoup(to_html(diff(parse(BASE), parse(new))), "lxml")
    heads = [h.get("id") for h in page.find_all("h2") if h.get("id")]
    assert heads == ["targets", "units", "tasks"]
    units = page.find(id="units").find_next("table").get_text(" ")
    assert "保护司" in units and "条法司" in units
    assert "12个月" in page.find(id="targets").find_next("table").get_text(" ")


def test_the_identity_mask_is_same_quantity_pair_by_pair():
    """identity.mask (codes compared by numpy) answers as same_quantity does for every pair, on
    metrics with and without qualifiers and targets with and without years."""
    import random

    from policyparse.base.datafiles import load
    from policyparse.compare import identity
    from policyparse.model import Span, Target

    metrics = [m for g in load("target_identity.json")["groups"] for p in g["examples"] for m in p]
    metrics += ["能耗", "", None]
    rng = random.Random(5)

    def t() -> Target:
        return Target(
            "x",
            rng.choice(metrics),
            "=",
            1.0,
            "%",
            "level",
            Span(0, 1),
            year=rng.choice([None, 2020, 2021, 2025]),
        )

    for _ in range(30):
        old, new = [t() for _ in range(rng.randint(1, 9))], [t() for _ in range(rng.randint(1, 9))]
        ya, yb = rng.choice([(None, None), (2020, 2021), (2021, None)])
        m = identity.mask(old, new, ya, yb)
        assert [[bool(v) for v in row] for row in m] == [
            [identity.same_quantity(a, b, ya, yb) for b in new] for a in old
        ]
