"""Knowledge files (policyparse/data): every example is matched by its own rule, the registry
is consistent, and each file is well-formed. Data changes are checked like code."""
from __future__ import annotations

import copy
import json
import re
from datetime import date
from importlib import resources

import pytest

from policyparse.clean import is_boilerplate, _footer_start
from policyparse.extract.attributions import find_attributions, grammar
from policyparse.extract.deadlines import find_deadlines, words
from policyparse.extract.targets import find_targets, lexicon
from policyparse.structure.outline import read_number, styles
from policyparse.units.registry import canonical, load_registry


def data(name: str) -> dict:
    return json.loads(resources.files("policyparse").joinpath(f"data/{name}").read_text("utf-8"))


@pytest.mark.parametrize("style", data("numbering.json")["styles"], ids=lambda s: s["name"])
def test_numbering_examples_match_their_style(style):
    compiled = {s.name: s for s in styles()}[style["name"]]
    for ex in style["examples"]:
        m = compiled.regex.match(ex)
        assert m, f"{style['name']} does not match its example {ex!r}"
        if style["number"] != "none":
            assert read_number(m.group("n"), style["number"]) >= 1


def test_numbering_styles_do_not_claim_each_others_examples():
    """The first style that matches an example is the style the example belongs to."""
    for style in data("numbering.json")["styles"]:
        for ex in style["examples"]:
            first = next(s.name for s in styles() if s.regex.match(ex))
            assert first == style["name"], f"{ex!r} is read as {first}, not {style['name']}"


def test_boilerplate_examples():
    raw = data("boilerplate.json")
    for rule in raw["drop"]:
        for ex in rule["examples"]:
            assert is_boilerplate(ex), ex
    for rule in raw["footer"]:
        for ex in rule["examples"]:
            assert _footer_start(["正文第一段。"] * 3 + [ex]) == 3, ex
    assert not is_boilerplate("一、总体要求")
    assert not is_boilerplate("Home ownership rates should reach 70%.")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_attribution_examples(lang):
    for content, expected in grammar()[lang]["examples"]:
        text = ("推进试点工作。（%s）" if lang == "zh" else "Promote the pilot. (%s)") % content
        atts = find_attributions(text, lang)
        assert len(atts) == 1, content
        assert [[u.text, u.role] for u in atts[0].units] == expected, content


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_target_examples(lang):
    for text, cmp, value, unit, kind in lexicon()[lang]["examples"]:
        found = find_targets(text, lang)
        assert len(found) == 1, f"{text!r}: {found}"
        t = found[0]
        assert (t.comparator, t.value, t.unit, t.kind) == (cmp, value, unit, kind), text


@pytest.mark.parametrize("name", ["between", "verb_by", "verb_to", "goal", "count"])
def test_english_target_frames_find_their_examples(name):
    """Each English frame finds its own examples (one target each, with the comparator, value,
    unit and kind given) and nothing in its counter-examples."""
    frame = lexicon()["en"]["patterns"][name]
    for text, cmp, value, unit, kind in frame["examples"]:
        found = find_targets(text, "en")
        assert [(t.comparator, t.value, t.unit, t.kind) for t in found] == [(cmp, value, unit, kind)], text
    for text in frame["counter_examples"]:
        assert find_targets(text, "en") == [], text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_metric_examples(lang):
    for text, metric in lexicon()[lang]["metric"]["examples"]:
        assert [t.metric for t in find_targets(text, lang)] == [metric], text


def test_target_counter_examples():
    for text in lexicon()["zh"]["examples_not"]:
        assert find_targets(text, "zh") == [], text


@pytest.mark.parametrize("entry", words()["patterns"], ids=lambda p: f"{p['language']}-{p['kind']}")
def test_deadline_pattern_examples_are_found_by_their_own_pattern(entry):
    """Each example is one limit, found by this entry's pattern and resolved to its date
    against the file's example document date; each counter-example is no limit of this kind."""
    doc = date.fromisoformat(words()["example_document_date"])
    assert entry["examples"], "every pattern has an example"
    for ex in entry["examples"]:
        found = find_deadlines(ex["text"], entry["language"], doc, doc)
        assert [(d.kind, d.date, d.recurring) for d in found] == \
            [(entry["kind"], ex["date"], ex.get("recurring", False))], ex["text"]
    for text in entry["counter_examples"]:
        found = find_deadlines(text, entry["language"], doc, doc)
        assert entry["kind"] not in [d.kind for d in found], text


def test_registry_ids_unique_and_every_name_resolves_to_its_unit():
    reg = load_registry()
    raw = [json.loads(l) for l in resources.files("policyparse").joinpath("data/units.jsonl").read_text("utf-8").splitlines() if l.strip()]
    assert len({u["id"] for u in raw}) == len(raw), "duplicate unit ids"
    seen: dict[str, str] = {}
    for u in raw:
        for name in [u["zh"], u["en"], *u.get("aliases", [])]:
            key = canonical(name)
            assert seen.setdefault(key, u["id"]) == u["id"], f"{name!r} names both {seen[key]} and {u['id']}"
            assert reg.resolve(name).unit_id == u["id"], name


def test_registry_file_is_sorted_sensibly_and_complete():
    for line in resources.files("policyparse").joinpath("data/units.jsonl").read_text("utf-8").splitlines():
        u = json.loads(line)
        assert set(u) <= {"id", "zh", "en", "kind", "aliases", "scope"}, u
        assert u["zh"] and u["en"] and u["kind"], u
        assert re.fullmatch(r"[a-z0-9][a-z0-9.\-]*", u["id"]), u["id"]


def test_lead_declaration_examples_are_found_in_running_text():
    """The declaration pattern is scanned only around its anchor words: every example must hold one,
    as written and in upper and title case."""
    g = grammar()
    examples = g["lead_declaration"]["examples"]
    for ex in examples + [e.upper() for e in examples] + [e.title() for e in examples]:
        text = "各地区各部门要抓好落实（" + ex + "）。"
        assert any(a in text.lower() for a in g["lead_declaration"]["anchor"]), ex
        scan = copy.copy(g["_lead_decl_scan"])
        scan.short = 0  # the window search even on a short text
        assert [m.start() for m in scan.finditer(text)] == [m.start() for m in g["_lead_decl"].finditer(text)] != [], ex
