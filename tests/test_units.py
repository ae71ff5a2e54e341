"""Unit registry resolution: aliases that differ in words map together, spelling variants map by
rapidfuzz, unknown units keep a stable id and say which known unit is nearest."""

from __future__ import annotations

import pytest

import policyparse
from policyparse.units.registry import load_registry, stable_id

SAME = [
    # seed: aliases that differ in words, not spelling
    ("Department of Articles and Laws", "Department of Treaty and Law", "条法司"),
    ("Protection Department", "Department of Conservation", "保护司"),
    ("Application Promotion Department", "Utilization Promotion Department", "运用促进司"),
    (
        "Patent Office Examination Department",
        "Examination Department of the Patent Office",
        "专利局审查业务管理部",
    ),
    ("Department of Public Services", "Public Services Department", "公共服务司"),
    # zh short and full names, and across languages
    ("发展改革委", "国家发展和改革委员会", "国家发展改革委"),
    (
        "人力资源和社会保障部",
        "Ministry of Human Resources and Social Security",
        "人力资源社会保障部",
    ),
    ("市场监管总局", "State Administration for Market Regulation", "市场监管总局"),
    ("国家知识产权局", "State Intellectual Property Office", "知识产权局"),
]


@pytest.mark.parametrize("a,b,zh", SAME)
def test_aliases_share_an_id(a, b, zh):
    reg = load_registry()
    ra, rb = reg.resolve(a), reg.resolve(b)
    assert ra.known and rb.known
    assert ra.unit_id == rb.unit_id
    assert ra.unit.zh == zh


def test_spelling_variant_maps_by_fuzzy_match():
    r = load_registry().resolve("Ministry of Industry and Information Techology")
    assert r.unit_id == "miit" and 90 <= r.score < 100


def test_local_body_is_not_the_national_one():
    reg = load_registry()
    assert not reg.resolve("市发展改革委").known
    assert not reg.resolve("省市场监管局").known


def test_unknown_unit_has_stable_id_and_nearest():
    reg = load_registry()
    r1, r2 = reg.resolve("知识产权数据管理中心"), reg.resolve("知识产权数据管理中心")
    assert not r1.known and r1.unit_id == r2.unit_id == stable_id("知识产权数据管理中心")
    assert r1.nearest is not None and r1.nearest_score > 0
    assert (
        reg.resolve("Cybersecurity Administration Bureau").unit_id
        == "x.cybersecurity-administration-bureau"
    )


def test_a_provinces_own_bodies_in_english_are_keyed_with_the_province():
    """#29: "Provincial Department of Finance" in a Jiangxi notice is Jiangxi's, the body
    "Jiangxi Provincial Department of Finance" names: one id for both spellings (places.json
    own_body.en); a notice with no province keeps the words as written."""
    import policyparse
    from policyparse.base.datafiles import load
    from policyparse.structure.places import _places

    own = load("places.json")["own_body"]["en"]
    for place, unit, full in own["examples"]:
        assert _places().by_name[place].full_name(unit) == full
    for place, unit in own["counter_examples"]:
        assert _places().by_name[place].full_name(unit) is None
    head = "Issuing authority: General Office of Jiangxi Provincial People's Government\n"
    body = (
        "1. Expand consumption. Build streets. (Responsible units: Provincial Department of "
        "Finance)\n2. Support firms. Give support. (Jiangxi Provincial Department of Finance is "
        "responsible)\n"
    )
    doc = policyparse.parse_text(head + body, language="en")
    ids = [t.responsible[0].unit_id for t in doc.tasks]
    assert len(ids) == 2 and ids[0] == ids[1]
    national = policyparse.parse_text(body, language="en")
    assert national.tasks[0].responsible[0].unit_id != national.tasks[1].responsible[0].unit_id


@pytest.mark.parametrize(
    "full, short",
    [
        ("省人力资源和社会保障厅", "省人力资源社会保障厅"),
        ("省发展和改革委员会", "省发展改革委"),
        ("省市场监督管理局", "省市场监管局"),
        ("省科学技术厅", "省科技厅"),
        ("省卫生健康委员会", "省卫生健康委"),
    ],
)
def test_a_local_body_written_in_full_or_short_is_one_body(full, short):
    """A province's or a city's body, written with its full name or the short one the registry
    knows for the ministry it mirrors, gets one id; other bodies and other provinces do not."""
    text = (
        "河北省人民政府办公厅关于印发方案的通知\n一、任务\n"
        f"（一）加强保障。（{full}负责）\n（二）强化督查。（{short}、省财政厅负责）\n"
    )
    doc = policyparse.parse_text(text)
    a, (b, other) = doc.tasks[0].responsible[0], doc.tasks[1].responsible
    assert a.unit_id == b.unit_id and a.text == full and b.text == short
    assert other.unit_id != a.unit_id
    jx = policyparse.parse_text(text.replace("河北", "江西"))
    assert jx.tasks[0].responsible[0].unit_id != a.unit_id


def test_an_english_local_body_in_any_word_order_is_one_body():
    """Translations order a province's body's words every way; the key puts the province
    first, so they are one body, and another province's or another department is not."""
    same = [
        "Jiangxi Provincial Department of Finance",
        "Finance Department of Jiangxi Province",
        "Jiangxi Finance Department",
        "Department of Finance of Jiangxi Province",
    ]
    assert len({stable_id(n) for n in same}) == 1
    assert stable_id("Hebei Provincial Department of Finance") != stable_id(same[0])
    assert stable_id("Jiangxi Provincial Department of Education") != stable_id(same[0])


def test_a_tier_of_government_is_no_spelling_variant():
    """Fuzzy matching takes spelling variants, not another tier: 各县级人民政府 is not the
    provincial governments, 各级人民政府 are the governments at all levels."""
    reg = load_registry()
    assert reg.resolve("各级人民政府").unit_id == "local-gov"
    assert reg.resolve("各省人民政府").unit_id == "provincial-gov"  # (a spelling variant)
    for name in ("各县级人民政府", "各市级人民政府"):
        res = reg.resolve(name)
        assert not res.known and res.unit_id not in ("provincial-gov", "local-gov"), name
