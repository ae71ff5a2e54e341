"""Evaluation: exact figures on a deliberately wrong output, counted by hand; golden files;
drafts; floors."""

from __future__ import annotations

import copy
import json

import pytest
from conftest import CORPUS, GOLDEN, ROOT

import policyparse
from policyparse.evaluation.golden import check_quotes, draft_from, load_golden
from policyparse.evaluation.score import PRF, bcubed, evaluate, score_document, token_f1


def seed_gold(shared):
    return json.loads((shared / "golden" / "cnipa-guideline-2023-en.json").read_text("utf-8"))


def test_prf_and_token_f1_by_hand():
    p = PRF(3, 1, 2)
    assert (p.precision, p.recall) == (0.75, 0.6) and abs(p.f1 - 2 * 0.75 * 0.6 / 1.35) < 1e-12
    assert token_f1("加强知识产权保护", "加强知识产权保护") == 1.0
    assert abs(token_f1("a b c d", "a b c x") - 0.75) < 1e-12
    # two gold keys merged into one predicted id: precision falls, recall stays
    prec, rec = bcubed([("A", "1"), ("A", "1"), ("B", "1")])
    assert abs(prec - (2 / 3 * 2 + 1 / 3) / 3) < 1e-12 and rec == 1.0


def test_seed_scores_one(shared, seed_path):
    rep = evaluate([shared / "golden" / "cnipa-guideline-2023-en.json"], [shared / "corpus"])
    assert not rep.failures
    assert {k: v.f1 for k, v in rep.total.items()} == {k: 1.0 for k in rep.total}


def test_deliberately_wrong_output_gives_exact_figures(shared, seed_path):
    """Break the parse of the seed in known ways and check every count by hand."""
    doc = policyparse.parse(seed_path)
    bad = copy.deepcopy(doc)
    # tasks: drop the last two (2 misses), and add one false task
    dropped = bad.tasks[-2:]
    bad.tasks = bad.tasks[:-2]
    fake = copy.deepcopy(bad.tasks[0])
    fake.text = "An invented task that no golden file contains at all."
    fake.responsible = fake.responsible[:1]
    bad.tasks.append(fake)
    # units: task 1 loses one of its 4 units; roles: one unit of task 2 becomes lead
    bad.tasks[0].responsible = bad.tasks[0].responsible[:3]
    bad.tasks[1].responsible[0].role = "lead"
    # unit ids: give 保护司 in task 4 a different id (splits one gold key)
    bad.tasks[3].responsible[0].unit_id = "x.wrong"
    # targets: drop 'stable at 7 months', change 93 -> 94 (a miss and a false hit)
    bad.targets = [t for t in bad.targets if t.value != 7]
    next(t for t in bad.targets if t.value == 93).value = 94
    # deadlines: wrong date for one
    bad.deadlines[1].date = "2023-12-16"
    # sections: drop one level-2 section
    bad.sections[0].children = bad.sections[0].children[:1]

    s = score_document(seed_gold(shared), bad)
    f = s.fields
    # tasks: 19 gold, 18 predicted = 17 matched + 1 false; 2 misses
    assert (f["tasks"].tp, f["tasks"].fp, f["tasks"].fn) == (17, 1, 2)
    # units: gold units in the 2 missed tasks (1 + 1) are misses; the fake task's 1 unit is false;
    # task 1 lost one unit: matched = 27 - 2 - 1 = 24
    assert (f["units"].tp, f["units"].fp, f["units"].fn) == (24, 1, 3)
    # roles: 24 matched units, one wrong (counted as a false and a miss)
    assert (f["roles"].tp, f["roles"].fp, f["roles"].fn) == (23, 1, 1)
    # targets: 5 gold; 4 predicted, 3 match by value+unit; 94% is false; 93% and 7 months missed
    assert (f["targets"].tp, f["targets"].fp, f["targets"].fn) == (3, 1, 2)
    assert round(f["targets"].f1, 4) == round(2 * 0.75 * 0.6 / 1.35, 4)
    # deadlines: 1 right, 1 wrong date (false + miss)
    assert (f["deadlines"].tp, f["deadlines"].fp, f["deadlines"].fn) == (1, 1, 1)
    # sections: 17 gold, one level-2 missing
    assert (f["sections"].tp, f["sections"].fp, f["sections"].fn) == (16, 0, 1)
    # unit ids: 保护司 has 4 matched mentions (tasks 1, 4, 8, 11); task 4's now has its own id.
    # B-cubed precision stays 1; recall = (20 other mentions + 3 x 3/4 + 1/4) / 24 = 22.5 / 24
    assert f["unit_ids"].precision == 1.0
    assert abs(f["unit_ids"].recall - 22.5 / 24) < 1e-12
    # every miss and false hit is listed with a quote
    kinds = {(e["field"], e["type"]) for e in s.errors}
    assert {
        ("tasks", "miss"),
        ("tasks", "false"),
        ("targets", "false"),
        ("deadlines", "miss"),
        ("roles", "wrong"),
    } <= kinds
    assert any(
        e["field"] == "tasks" and e["type"] == "miss" and dropped[-1].text[:10] in e["quote"]
        for e in s.errors
    )


def test_project_golden_files_validate_and_quote_once(corpus_dirs):
    from policyparse.evaluation.golden import find_document

    files = sorted(GOLDEN.glob("*.json"))
    assert len(files) >= 7
    for g in files:
        gold = load_golden(g)
        path = find_document(gold["document"], corpus_dirs)
        if path is None:
            continue  # a golden file of a shared document, checked when ../shared is present
        assert check_quotes(gold, policyparse.parse(path).text) == [], g


def test_draft_is_refused_as_gold_until_cleared(tmp_path):
    src = CORPUS / "zh" / "pilot-notice-zh.txt"
    doc = policyparse.parse(src)
    draft = draft_from(doc, src.name)
    p = tmp_path / "draft.json"
    p.write_text(json.dumps(draft, ensure_ascii=False), "utf-8")
    with pytest.raises(policyparse.GoldenError, match="draft"):
        load_golden(p)
    rep = evaluate([p], [CORPUS])
    assert rep.failures and "draft" in rep.failures[0]["error"]
    # an annotator clears the mark: now it is gold (and, being the parser's own output, scores 1)
    del draft["draft"]
    p.write_text(json.dumps(draft, ensure_ascii=False), "utf-8")
    rep = evaluate([p], [CORPUS])
    assert not rep.failures and rep.total["tasks"].f1 == 1.0 and rep.total["targets"].f1 == 1.0
    assert check_quotes(draft, doc.text) == []


def test_golden_file_with_a_wrong_quote_is_reported(tmp_path):
    gold = json.loads((GOLDEN / "pilot-notice-zh.json").read_text("utf-8"))
    gold["targets"][0]["quote"] = "这句话不在文中"
    gold["deadlines"][0]["quote"] = "年"
    problems = check_quotes(gold, policyparse.parse(CORPUS / "zh" / "pilot-notice-zh.txt").text)
    assert any("occurs 0 times" in p for p in problems) and any(
        "occurs" in p and "年" in p for p in problems
    )


def test_quality_floors_hold(shared, corpus_dirs):
    """Regression gate: eval over the project's golden set and the shared gold must not fall
    below the floors pinned in tests/floors.json, on exactly the golden files and documents
    they were pinned on."""
    from policyparse.evaluation.floors import check

    files = sorted(GOLDEN.glob("*.json")) + sorted((shared / "golden").glob("*.json"))
    rep = evaluate(files, corpus_dirs)
    assert not rep.failures, rep.failures
    assert check(rep, ROOT / "tests" / "floors.json", files, corpus_dirs) == []
    floors = json.loads((ROOT / "tests" / "floors.json").read_text("utf-8"))
    assert set(floors["floors"]) >= {
        "sections",
        "tasks",
        "units",
        "unit_ids",
        "targets",
        "deadlines",
    }
    assert set(floors["pinned"]) == {f.name for f in files}


def test_floors_gate_fails_on_a_changed_golden_file_or_document(tmp_path):
    """A floor holds for the annotation and the document it was measured on: editing either,
    or adding a golden file, fails the gate even when every F1 still clears its floor."""
    import shutil

    from policyparse.evaluation.floors import check, update

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    gold = tmp_path / "golden"
    gold.mkdir()
    shutil.copy(GOLDEN / "pilot-notice-zh.json", gold)
    files = sorted(gold.glob("*.json"))
    floors = tmp_path / "floors.json"
    rep = evaluate(files, [corpus])
    update(rep, floors, files, [corpus])
    assert check(rep, floors, files, [corpus]) == []
    doc = corpus / "zh" / "pilot-notice-zh.txt"
    doc.write_text(doc.read_text("utf-8") + "\n", "utf-8")
    problems = check(rep, floors, files, [corpus])
    assert problems[0] == "pilot-notice-zh.json: the document changed since the floors were pinned"
    shutil.copy(GOLDEN / "business-plan-zh.json", gold)
    problems = check(rep, floors, sorted(gold.glob("*.json")), [corpus])
    assert "business-plan-zh.json: not among the golden files the floors were pinned on" in problems


def _target(text, quote, value, unit, metric, comparator=">=", kind="level"):
    from types import SimpleNamespace

    a = text.index(quote)
    return SimpleNamespace(
        value=value,
        unit=unit,
        comparator=comparator,
        kind=kind,
        value_max=None,
        metric=metric,
        span=SimpleNamespace(start=a, end=a + len(quote)),
    )


def test_metrics_and_families_of_error_counted_by_hand():
    """Of three matched targets one names the wrong quantity (metrics 2/3); a past result taken
    for a target is a 'past' false hit, a forecast a 'forecast' one, a goal stated once already
    a 'restatement'; a goal without a comparator word missed is 'no_comparator'."""
    from policyparse.evaluation.score import score_targets

    text = (
        "过去一年国内生产总值增长6.6%。预计今年高校毕业生超过1170万人。"
        "今年国内生产总值增长6%以上，城镇新增就业1100万人以上，粮食产量保持在1.3万亿斤以上。"
        "经济增速预期目标设定为6%以上。建设100个示范区。"
    )
    gold = {
        "targets": [
            {
                "quote": "国内生产总值增长6%以上",
                "metric": "国内生产总值",
                "comparator": ">=",
                "value": 6,
                "unit": "%",
                "kind": "change",
            },
            {
                "quote": "城镇新增就业1100万人以上",
                "metric": "城镇新增就业",
                "comparator": ">=",
                "value": 1100,
                "unit": "万人",
                "kind": "level",
            },
            {
                "quote": "粮食产量保持在1.3万亿斤以上",
                "metric": "粮食产量",
                "comparator": ">=",
                "value": 1.3,
                "unit": "万亿斤",
                "kind": "level",
            },
            {
                "quote": "建设100个示范区",
                "metric": "示范区",
                "comparator": ">=",
                "value": 100,
                "unit": "个",
                "kind": "level",
            },
        ]
    }
    pred = [
        _target(text, "增长6.6%", 6.6, "%", "国内生产总值", "=", "change"),
        _target(text, "超过1170万人", 1170, "万人", "高校毕业生", ">"),
        _target(text, "增长6%以上", 6, "%", "国内生产总值", kind="change"),
        _target(text, "1100万人以上", 1100, "万人", "城镇新增就业"),
        _target(text, "保持在1.3万亿斤以上", 1.3, "万亿斤", "今年"),  # names nothing measured
        _target(text, "为6%以上", 6, "%", "", kind="change"),
    ]
    # (the restated 6% lies far from the gold quote: the first statement is the one matched)
    err: list[dict] = []
    F = score_targets(gold, text, "zh", pred, err=err)
    assert (F["targets"].tp, F["targets"].fp, F["targets"].fn) == (3, 3, 1)
    assert (F["metrics"].tp, F["metrics"].fp) == (2, 1)
    fams = sorted((e["type"], e["family"]) for e in err if e["field"] == "targets")
    assert fams == [
        ("false", "forecast"),
        ("false", "past"),
        ("false", "restatement"),
        ("miss", "no_comparator"),
    ]


def test_eval_report_carries_the_confusion_by_family(shared, corpus_dirs):
    rep = evaluate([ROOT / "golden" / "gwr-2019.json"], corpus_dirs)
    conf = rep.to_dict()["confusion"]
    assert set(conf) == {"false", "miss"}
    errors = [e for d in rep.documents for e in d.errors if e["field"] == "targets"]
    assert sum(conf["false"].values()) + sum(conf["miss"].values()) == len(errors) > 0
