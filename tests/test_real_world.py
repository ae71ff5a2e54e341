"""Notices as crawlers and provincial web pages deliver them (../shared/corpus/zh/jiangxi and
hebei): each family's metadata and structure, against the SOURCES.md tables and a reading of
the notices. Crawled run-together text must give the structure a clean page gives."""

from __future__ import annotations

import pytest

import policyparse

JIANGXI = {
    # file: (doc number, issuer, issue date, title start)
    "jx-2020-ganfutingfa7-liutong-xiaofei.html": (
        "赣府厅发〔2020〕7号",
        ["省政府办公厅"],
        "2020-02-28",
        "江西省人民政府办公厅关于加快发展流通",
    ),
    "jx-2020-ganfufa6-qiangshijian-baojindu.html": (
        "赣府发〔2020〕6号",
        ["江西省人民政府"],
        "2020-03-02",
        "江西省人民政府关于抢时间保进度",
    ),
    "jx-2020-ganfufa8-kaifaqu.html": (
        "赣府发〔2020〕8号",
        ["江西省人民政府"],
        "2020-03-06",
        "江西省人民政府关于推进全省国家级开发区",
    ),
    "jx-2020-ganfutingfa4-gaozhong-yuren.html": (
        "赣府厅发〔2020〕4号",
        ["省政府办公厅"],
        "2020-02-05",
        "江西省人民政府办公厅关于新时代推进",
    ),
    "jx-2020-ganfutingzi14-jinrong-fangyi.html": (
        "赣府厅字〔2020〕14号",
        ["省政府办公厅"],
        "2020-02-09",
        "江西省人民政府办公厅印发关于金融支持",
    ),
    "jx-2020-ganliangbanfa3-liangchu-yaodian.html": (
        "赣粮办发〔2020〕3号",
        ["省粮食和物资储备局"],
        "2020-03-13",
        "2020年全省粮食和物资储备改革发展",
    ),
}


@pytest.mark.parametrize("name", sorted(JIANGXI))
def test_jiangxi_header_block_gives_the_notices_own_metadata(shared, name):
    """The page's 索引号/发文机关/文号/成文日期 block (label and value in one cell) wins; the
    numbers the body cites (国发〔2019〕11号) are not the notice's."""
    number, issuer, issued, title = JIANGXI[name]
    md = policyparse.parse(shared / "corpus/zh/jiangxi" / name).metadata
    assert (md.doc_number, md.issuer, md.issued_on) == (number, issuer, issued)
    assert md.title and md.title.startswith(title)


HEBEI = {
    # file: (title or None when the crawler left it out, doc number, issuer, issue date)
    "gwy-2017-guofa37-shuangchuang.txt": (
        "国务院关于强化实施创新驱动发展战略进一步推进大众创业万众创新深入发展的意见",
        "国发〔2017〕37号",
        ["国务院"],
        "2017-07-21",
    ),
    "hb-2017-jizhengbanzi-daji-qinquan-jiamao.txt": (
        "河北省人民政府办公厅关于新形势下加强打击侵犯知识产权和制售假冒伪劣商品工作的实施意见",
        "冀政办字〔2017〕73号",
        ["河北省人民政府办公厅"],
        "2017-06-22",
    ),
    "hb-2022-wending-jingji-yilanzi.txt": (None, None, ["河北省人民政府"], "2022-06-01"),
    "hb-2023-gongye-tandafeng.txt": (
        None,
        "冀工信节函〔2023〕133号",
        ["河北省工业和信息化厅", "河北省发展和改革委员会", "河北省生态环境厅"],
        "2023-03-22",
    ),
    "hb-jyt-2020-yiwu-jiaoyu-zhaosheng.txt": (None, None, ["河北省教育厅"], "2020-01-19"),
    "hb-jyt-2021-yiwu-jiaoyu-zhaosheng.txt": (None, None, ["河北省教育厅"], "2021-05-24"),
    "hb-rst-2022-gonggong-jiuye-fuwu-zhuanxiang.txt": (
        None,
        None,
        ["河北省人力资源和社会保障厅"],
        "2022-01-07",
    ),
    "mohrss-2016-gaoxiao-biyesheng-jiuye.txt": (
        None,
        "人社部函〔2016〕18号",
        ["人力资源社会保障部"],
        "2016-02-02",
    ),
    "mohrss-2017-gaoxiao-biyesheng-jiuye.txt": (
        None,
        "人社部函〔2017〕20号",
        ["人力资源社会保障部"],
        "2017-02-06",
    ),
}


@pytest.mark.parametrize("name", sorted(HEBEI))
def test_hebei_crawler_dumps_give_their_metadata(shared, name):
    """Titles over several gap-separated lines, numbers run into the addressee line, signatures
    run into the text and followed by a WeChat footer: the notice's own fields all the same."""
    title, number, issuer, issued = HEBEI[name]
    md = policyparse.parse(shared / "corpus/zh/hebei" / name).metadata
    assert (md.title, md.doc_number, md.issuer, md.issued_on) == (title, number, issuer, issued)


def test_a_plan_after_the_signature_is_what_the_notice_issues(shared):
    md = policyparse.parse(shared / "corpus/zh/hebei/hb-2023-gongye-tandafeng.txt").metadata
    assert md.title is None and md.alt_titles == ["河北省工业领域碳达峰实施方案"]
    assert md.addressees == ["各市（含定州、辛集市）人民政府、雄安新区管委会", "省有关部门"]


HEBEI_OUTLINES = {
    # file: top-level section titles, and the number of sections in all
    "hb-2017-jizhengbanzi-daji-qinquan-jiamao.txt": (
        [
            "总体要求",
            "推进跨部门跨区域综合治理",
            "提高市场监管和预警防范能力",
            "健全法规标准和司法保护体系",
            "构建多方参与的共治格局",
            "开展国际交流合作",
            "加强组织领导",
        ],
        21,
    ),
    "hb-2023-gongye-tandafeng.txt": (
        ["总体要求", "主要任务", "重大行动", "政策保障", "组织实施"],
        61,
    ),
    "hb-rst-2022-gonggong-jiuye-fuwu-zhuanxiang.txt": (["总体要求", "活动安排", "工作要求"], 27),
    "mohrss-2017-gaoxiao-biyesheng-jiuye.txt": (
        [
            "落实完善就业创业政策，进一步拓宽高校毕业生就业渠道",
            "引领高校毕业生自主创业，促进以创业带动就业",
            "实施高校毕业生就业创业促进计划，强化有针对性的就业服务",
            "加强组织领导和部门联动，协同各方共同做好高校毕业生就业创业工作",
        ],
        4,
    ),
}


@pytest.mark.parametrize("name", sorted(HEBEI_OUTLINES))
def test_run_together_text_gives_its_outline(shared, name):
    """Paragraphs joined by 　　 or by nothing: numbering is found wherever it stands, and a
    level-1 heading run into its lead paragraph keeps only its own words as its title."""
    tops, total = HEBEI_OUTLINES[name]
    doc = policyparse.parse(shared / "corpus/zh/hebei" / name)
    assert [s.title for s in doc.sections] == tops
    assert sum(1 for _ in doc.iter_sections()) == total


def test_crawled_and_clean_copies_of_a_notice_give_the_same_outline():
    """The same notice as a clean text and as a crawler stores it (paragraphs joined by nothing,
    or by two ideographic spaces) gives the same sections and tasks."""
    clean = (
        "关于加强管理的通知\n各市人民政府：\n为深入贯彻落实党中央、国务院决策部署，推进实施提升服务质量工程，"
        "促进经济社会高质量发展，按照有关通知要求，结合我省实际，现就有关事项通知如下：\n一、总体要求\n"
        "以习近平新时代中国特色社会主义思想为指导。\n二、重点任务\n（一）加强组织领导。"
        "各地要加强领导。（省发展改革委负责）\n（二）强化资金保障。落实补助资金。（省财政厅负责）\n"
        "三、保障措施\n1.健全机制。建立调度机制。\n2.加强督查。开展专项督查。\n河北省人民政府\n2022年1月7日"
    )
    joined = clean.replace("\n", "")
    spaced = clean.replace("\n", "\u3000\u3000")
    want = policyparse.parse_text(clean)
    for crawled in (joined, spaced):
        got = policyparse.parse_text(crawled)
        assert [(s.label, s.title) for s in got.iter_sections()] == [
            (s.label, s.title) for s in want.iter_sections()
        ]
        assert [(t.text, [r.unit_id for r in t.responsible]) for t in got.tasks] == [
            (t.text, [r.unit_id for r in t.responsible]) for t in want.tasks
        ]
        assert got.metadata.issued_on == want.metadata.issued_on == "2022-01-07"


def test_the_signature_and_page_furniture_stay_out_of_the_last_task(shared):
    """The issuer, the date, the publication note and a licence or copyright footer after the
    last item are no task's text (a last item without an attribution ran to the end of the
    page; one notice had a task made of its signature alone)."""
    pages = sorted((shared / "corpus" / "zh" / "govcn").glob("*.html")) + sorted(
        (shared / "corpus" / "zh" / "hebei").glob("*.txt")
    )
    checked = 0
    for p in pages:
        d = policyparse.parse(p)
        if not d.tasks or not d.metadata.issued_on:
            continue
        checked += 1
        y, m, day = (int(x) for x in d.metadata.issued_on.split("-"))
        signed = f"{y}年{m}月{day}日"
        for t in d.tasks:
            assert "此件公开发布" not in t.text and not t.text.rstrip().endswith(signed), (
                p.name,
                t.id,
            )
    assert checked >= 40


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_last_item_without_attribution_ends_before_the_signature(language):
    if language == "zh":
        text = (
            "关于开展试点工作的通知\n一、重点任务\n（一）建立制度。完成首批项目遴选。\n"
            "（二）优化服务。压缩审查周期。\n国家知识产权局办公室\n2023年3月23日\n（此件公开发布）\n"
            "本网站所有内容，未经授权不得转载。\n"
        )
        last = "压缩审查周期。"
    else:
        text = (
            "Notice on Carrying Out the Pilot Work\n1. Build the system. Complete the selection "
            "before December 15, 2023.\n2. Optimize services. Keep the cycle within 16 months.\n"
            "General Office\nMarch 23, 2023\n(This document is released publicly)\n"
            "This work is licensed under a Creative Commons Attribution 4.0 International "
            "License.\nCopyright © 2023 China Policy Watch. All rights reserved.\n"
        )
        last = "Keep the cycle within 16 months."
    d = policyparse.parse_text(text, language=language)
    assert d.tasks[-1].text == last
    assert d.metadata.issued_on == "2023-03-23"
    assert d.text[d.sections[-1].span.end - 1] in "。."


def test_a_plan_issued_without_brackets_is_an_alt_title(shared):
    """ "…印发关于…若干措施的通知" names its plan without 《》: the plan's own heading after the
    signature is the alt title (over two lines when it is set so)."""
    cases = {
        "jiangxi/jx-2020-ganfutingzi14-jinrong-fangyi.html": (
            "关于金融支持防控疫情稳定经济增长的若干措施"
        ),
        "govcn/govcn-03.html": "国家职业教育改革实施方案",
        "govcn/govcn-18.html": "文化体制改革中经营性文化事业单位转制为企业的规定",
    }
    for rel, plan in cases.items():
        d = policyparse.parse(shared / "corpus" / "zh" / rel)
        assert d.metadata.alt_titles == [plan], rel
        assert d.metadata.title and "印发" in d.metadata.title


def _bodies(doc) -> dict[str, tuple[str, str]]:
    return {r.text: (r.name, r.unit_id) for t in doc.tasks for r in t.responsible}


def test_a_provinces_own_bodies_are_named_and_keyed_with_the_province(shared):
    """省发展改革委 in a Hebei notice and in a Jiangxi one are two bodies (ANNOTATION.md): each is
    named in full with the province its notice is issued in, whether the issuer names it (河北省工业
    和信息化厅) or only the title does (省政府办公厅 / 江西省人民政府办公厅关于…)."""
    hb = _bodies(policyparse.parse(shared / "corpus/zh/hebei/hb-2023-gongye-tandafeng.txt"))
    jx = _bodies(
        policyparse.parse(shared / "corpus/zh/jiangxi/jx-2020-ganfutingzi14-jinrong-fangyi.html")
    )
    assert hb["省发展改革委"][0] == "河北省发展改革委"
    assert jx["省发展改革委"][0] == "江西省发展改革委"
    assert hb["省发展改革委"][1] != jx["省发展改革委"][1]
    assert hb["省商务厅"][1] != jx["省商务厅"][1]
    # bodies that carry their place already, and tiers, keep their words
    assert hb["河北银保监局"][0] == "河北银保监局"
    # (a collective of a province's cities and counties is the registry's collective, in either
    # bracket, with no province key)
    assert jx["各市、县〔区〕人民政府"] == ("各市县人民政府", "city-county-gov")


def test_a_national_notice_keys_no_body_with_a_province():
    """国务院 issues it: a province in its title (关于印发《河北雄安新区…》) is not its
    jurisdiction; a 省X it names stays as written. A province's own notice written by hand: its
    省X is that province's."""
    national = policyparse.parse_text(
        "关于印发《河北雄安新区规划纲要》的通知\n"
        "一、加快建设。（省发展改革委负责）\n国务院\n2019年1月2日"
    )
    assert _bodies(national)["省发展改革委"][0] == "省发展改革委"
    provincial = policyparse.parse_text(
        "江西省人民政府关于加快建设的意见\n赣府发〔2020〕9号\n"
        "一、加快建设。（省发展改革委、省级有关部门负责）\n江西省人民政府\n2020年1月2日"
    )
    got = _bodies(provincial)
    assert got["省发展改革委"][0] == "江西省发展改革委"
    assert got["省级有关部门"][0] == "省级有关部门"
