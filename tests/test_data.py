"""Knowledge files (policyparse/data): every example is matched by its own rule, the registry
is consistent, and each file is well-formed. Data changes are checked like code."""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

import policyparse
from policyparse.clean import _footer_start, is_boilerplate
from policyparse.extract.attributions import find_attributions, grammar
from policyparse.extract.deadlines import find_deadlines, words
from policyparse.extract.targets import find_targets, rules
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
    for text, cmp, value, unit, kind in rules(lang).data["examples"]:
        found = find_targets(text, lang)
        assert len(found) == 1, f"{text!r}: {found}"
        t = found[0]
        assert (t.comparator, t.value, t.unit, t.kind) == (cmp, value, unit, kind), text


@pytest.mark.parametrize("name", ["between", "verb_by", "verb_to", "goal", "count"])
def test_english_target_frames_find_their_examples(name):
    """Each English frame finds its own examples (one target each, with the comparator, value,
    unit and kind given) and nothing in its counter-examples."""
    frame = rules("en").data["patterns"][name]
    for text, cmp, value, unit, kind in frame["examples"]:
        found = find_targets(text, "en")
        assert [(t.comparator, t.value, t.unit, t.kind) for t in found] == [
            (cmp, value, unit, kind)
        ], text
    for text in frame["counter_examples"]:
        assert find_targets(text, "en") == [], text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_metric_examples(lang):
    for text, metric in rules(lang).data["metric"]["examples"]:
        # (a list: the metrics of each target of the example, in text order)
        expected = metric if isinstance(metric, list) else [metric]
        assert [t.metric for t in find_targets(text, lang)] == expected, text


@pytest.mark.parametrize(
    "family", data("target_families.json")["families"], ids=lambda f: f["name"]
)
def test_target_family_examples(family):
    """Each example of a family of error is put in that family, each counter-example is not."""
    from policyparse.evaluation.families import classify_example

    kind = "false" if "false" in family["applies"] else "miss"
    for ex in family["examples"]:
        assert classify_example(ex, kind) == family["name"], ex
    for ex in family["counter_examples"]:
        assert classify_example(ex, kind) != family["name"], ex


def test_target_counter_examples():
    for text in rules("zh").data["examples_not"]:
        assert find_targets(text, "zh") == [], text


@pytest.mark.parametrize("entry", words()["patterns"], ids=lambda p: f"{p['language']}-{p['kind']}")
def test_deadline_pattern_examples_are_found_by_their_own_pattern(entry):
    """Each example is one limit, found by this entry's pattern and resolved to its date
    against the file's example document date; each counter-example is no limit of this kind."""
    doc = date.fromisoformat(words()["example_document_date"])
    assert entry["examples"], "every pattern has an example"
    for ex in entry["examples"]:
        found = find_deadlines(ex["text"], entry["language"], doc, doc)
        assert [(d.kind, d.date, d.recurring) for d in found] == [
            (entry["kind"], ex["date"], ex.get("recurring", False))
        ], ex["text"]
    for text in entry["counter_examples"]:
        found = find_deadlines(text, entry["language"], doc, doc)
        assert entry["kind"] not in [d.kind for d in found], text


def test_registry_ids_unique_and_every_name_resolves_to_its_unit():
    reg = load_registry()
    raw = [
        json.loads(ln)
        for ln in resources.files("policyparse")
        .joinpath("data/units.jsonl")
        .read_text("utf-8")
        .splitlines()
        if ln.strip()
    ]
    assert len({u["id"] for u in raw}) == len(raw), "duplicate unit ids"
    seen: dict[str, str] = {}
    for u in raw:
        for name in [u["zh"], u["en"], *u.get("aliases", [])]:
            key = canonical(name)
            assert seen.setdefault(key, u["id"]) == u["id"], (
                f"{name!r} names both {seen[key]} and {u['id']}"
            )
            assert reg.resolve(name).unit_id == u["id"], name


def test_registry_file_is_sorted_sensibly_and_complete():
    for line in (
        resources.files("policyparse").joinpath("data/units.jsonl").read_text("utf-8").splitlines()
    ):
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
        assert (
            [m.start() for m in scan.finditer(text)]
            == [m.start() for m in g["_lead_decl"].finditer(text)]
            != []
        ), ex


# ---------- the data files themselves: schema, canonical form, every key read ----------

DATA = resources.files("policyparse").joinpath("data")
DATA_FILES = sorted(p.name for p in DATA.iterdir() if p.name.endswith((".json", ".jsonl")))
DOC_KEYS = {
    "_doc",
    "doc",
    "examples",
    "counter_examples",
    "examples_not",
    "example_document_date",
    "group_examples",  # (targets.json: examples of each word list, read by the tests)
}


def _records(name: str) -> list[dict]:
    text = DATA.joinpath(name).read_text("utf-8")
    return (
        [json.loads(line) for line in text.splitlines()]
        if name.endswith(".jsonl")
        else [json.loads(text)]
    )


def _canonical(name: str, records: list[dict]) -> str:
    if name.endswith(".jsonl"):
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    return json.dumps(records[0], ensure_ascii=False, indent=1) + "\n"


@pytest.mark.parametrize("name", DATA_FILES)
def test_data_file_validates_against_its_schema(name):
    import jsonschema

    schema = json.loads(
        resources.files("policyparse")
        .joinpath(f"schemas/data/{name.split('.')[0]}.schema.json")
        .read_text("utf-8")
    )
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for record in _records(name):
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(record)]
        assert not errors, errors[:5]


@pytest.mark.parametrize("name", DATA_FILES)
def test_data_file_is_in_canonical_form(name):
    """One form per file (indent 1, UTF-8 as written; one object a line for .jsonl), so a diff
    shows only what changed. POLICYPARSE_REWRITE_DATA=1 rewrites a file into it."""
    import os

    text = DATA.joinpath(name).read_text("utf-8")
    want = _canonical(name, _records(name))
    if text != want and os.environ.get("POLICYPARSE_REWRITE_DATA") == "1":
        with resources.as_file(DATA.joinpath(name)) as path:
            path.write_text(want, "utf-8")
        text = want
    assert text == want, f"{name} is not in canonical form: run with POLICYPARSE_REWRITE_DATA=1"


class _Tracked(dict):
    """A dict that records in ``sink`` which of its keys were read."""

    def __init__(self, pairs, sink: set):
        super().__init__(pairs)
        self.sink = sink

    def _mark(self, key):
        self.sink.add(key)

    def __getitem__(self, key):
        self._mark(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._mark(key)
        return super().get(key, default)

    def __contains__(self, key):
        self._mark(key)
        return super().__contains__(key)

    def _all(self):
        for k in super().keys():
            self._mark(k)

    def items(self):
        self._all()
        return super().items()

    def values(self):
        self._all()
        return super().values()

    def keys(self):
        self._all()
        return super().keys()

    def __iter__(self):
        self._all()
        return super().__iter__()


def _schema_keys(schema, out: set) -> set:
    """The property names a schema declares, at any depth (a mapping's entries are not keys)."""
    if isinstance(schema, dict):
        for k, v in schema.get("properties", {}).items():
            if k not in DOC_KEYS:
                out.add(k)
                _schema_keys(v, out)
        for k in ("items", "additionalProperties"):
            _schema_keys(schema.get(k), out)
    return out


def _data_keys(x, out: set) -> set:
    if isinstance(x, dict):
        for k, v in x.items():
            if k not in DOC_KEYS:
                out.add(k)
                _data_keys(v, out)
    elif isinstance(x, list):
        for v in x:
            _data_keys(v, out)
    return out


def test_every_data_key_is_read(monkeypatch):
    """Every key of every data file is read by the parser (documentation and example keys by
    the tests above): a key nobody reads is knowledge that does nothing."""
    import functools
    import gc

    import policyparse

    by_text = {DATA.joinpath(n).read_text("utf-8"): n for n in DATA_FILES}
    by_line = {
        line: n
        for n in DATA_FILES
        if n.endswith(".jsonl")
        for line in DATA.joinpath(n).read_text("utf-8").splitlines()
    }
    read: dict[str, set] = {n: set() for n in DATA_FILES}
    real_loads = json.loads

    def loads(s, *a, **kw):
        name = by_text.get(s) or by_line.get(s)
        if name is None:
            return real_loads(s, *a, **kw)
        return real_loads(s, object_hook=lambda d: _Tracked(d, read[name]))

    monkeypatch.setattr(json, "loads", loads)
    cached = [
        f
        for f in gc.get_objects()
        if isinstance(f, functools._lru_cache_wrapper)
        and getattr(f, "__module__", "").startswith("policyparse")
    ]
    for f in cached:
        f.cache_clear()
    try:
        root = Path(__file__).resolve().parents[1] / "corpus"
        for p in sorted(root.rglob("*.txt")):
            policyparse.parse(p)
        from builders import table_docx

        policyparse.parse(
            table_docx(
                [
                    ["序号", "任务", "牵头单位", "配合单位", "完成时限"],
                    ["1", "开展专项督查", "市场监管总局", "公安部", "2024年11月底前"],
                ]
            ),
            name="t.docx",
        )
        policyparse.parse(  # (columns named by words: table_columns.json task_words)
            table_docx(
                [
                    ["序号", "工作事项", "主要内容", "牵头单位", "完成时限"],
                    ["1", "督查", "开展专项督查", "市场监管总局", "2024年11月底前"],
                ]
            ),
            name="w.docx",
        )
        policyparse.parse(  # (an indicator table: table_columns.json indicators)
            table_docx([["指标", "单位", "2025年目标"], ["覆盖率", "%", "95"]]), name="i.docx"
        )
        policyparse.parse_text(
            LEAD + "一、总体要求以习近平新时代中国特色社会主义思想为指导，"
            "全面贯彻党的精神。（一）工作目标。年底前完成。" + TAIL
        )
        policyparse.parse_text(  # (calendar.json month_thirds: a limit in a third of a month)
            "关于开展检查的通知\n一、任务\n（一）开展检查。11月中旬前完成。（财政部负责）\n2023年3月1日\n"
        )
        policyparse.parse_text(  # (numbering.json run_together.item_subject)
            LEAD + "一、任务（一）全面实施个人所得税申报信用承诺制税务部门在申报表中设立承诺书。"
            "（二）加强组织领导和统筹协调对于违反规定的，依法处理。" + TAIL
        )
        policyparse.parse_text(
            "1. Report within thirty days of issuance. (The General Office is responsible)\n"
            "Issued on March 1, 2023"
        )
        policyparse.parse(  # (a page's header table: metadata.json header_labels)
            "<html><body><table><tr><td>发文机关：</td><td>国务院办公厅</td></tr>"
            "<tr><td>标题：</td><td>国务院办公厅关于加强工作的通知</td></tr></table>"
            "<p>一、任务</p><p>（一）加强监管。（财政部负责）</p></body></html>".encode(),
            name="h.html",
        )
        policyparse.parse_text(  # (calendar.json five_year_plans: a plan period's end)
            "关于推进建设的通知\n一、任务\n（一）推进建设。到“十四五”末基本建成。（财政部负责）\n"
        )
        policyparse.parse_text(  # (a page's information table run together: closed_values)
            "发布机构：某市人民政府办公室发文字号：某政办〔2023〕5号有效性：有效"
            "某市人民政府办公室关于印发方案的通知一、任务（一）加强监管。（市财政局负责）"
            "（二）加强指导。（市商务局负责）（三）加强服务。（市民政局负责）" + TAIL
        )
        from policyparse.clean import paragraphs

        paragraphs.split(  # (English run together: numbering.json run_together.en)
            "The guidelines are formulated.1. Overall requirements(1) Guiding ideology. Adhere."
            "(2) Main objectives. Grow.2. Key tasks(3) Do it. (The Office is responsible)"
        )
        from policyparse.store.sql import Refused, _sqlite_authorizer, check_postgres, policy

        _sqlite_authorizer()  # (store/sql.py reads sql_policy.json: its examples are statements)
        rules = policy()
        for q in (
            rules["allowed"]
            + rules["postgresql"]["refused_examples"]
            + rules["sqlite"]["refused_examples"]
            + rules["sqlite"]["pragmas"]["examples"]
            + [f["example"] for f in rules["postgresql"]["refused_functions"]]
        ):
            try:
                check_postgres(q)
            except Refused:
                pass
        from policyparse.compare import identity
        from policyparse.model import Span, Target

        identity.same_quantity(  # (diff and track read target_identity.json)
            Target("x", "城镇调查失业率", "=", 5.5, "%", "level", Span(0, 1), year=2021),
            Target("x", "城镇调查失业率", "<=", 4.5, "%", "level", Span(0, 1), year=2025),
            2021,
            2021,
        )
        from policyparse.compare.align import numbers

        numbers("coordinate the two markets", "en")  # (align reads number_words.json)
        from policyparse.evaluation.families import classify

        # (the evaluation reads target_families.json; restatement and no_comparator by their checks)
        classify("去年增长了6%，今年增长6%", 12, 15, "false", "zh", 6.0, "%", [(6.0, "%")])
        classify("Allocate 700 billion yuan", 9, 25, "miss", "en")
    finally:
        monkeypatch.undo()
        for f in cached:
            f.cache_clear()
    for name in DATA_FILES:
        schema = json.loads(
            resources.files("policyparse")
            .joinpath(f"schemas/data/{name.split('.')[0]}.schema.json")
            .read_text("utf-8")
        )
        declared = _schema_keys(schema, set())
        present = set()
        for record in _records(name):
            present |= _data_keys(record, set())
        unread = {k for k in (declared & present) - read[name] if not k.endswith("_note")}
        assert not unread, f"{name}: keys never read: {sorted(unread)}"


def test_metadata_shapes_match_their_examples_and_not_their_counter_examples():
    from policyparse.structure.metadata import words

    raw, w = data("metadata.json"), words()
    cases = [(w.title[lang], raw["title"][lang]) for lang in ("zh", "en")]
    cases += [(w.doc_number, raw["doc_number"]), (w.published, raw["published_label"])]
    cases += [(w.publication_note, raw["publication_note"])]
    for rx, entry in cases:
        for ex in entry["examples"]:
            assert rx.search(ex), ex
        for ex in entry["counter_examples"]:
            assert not rx.search(ex), ex
    for ex in raw["doc_number"]["examples"]:
        assert [m.group(0) for m in w.doc_number_scan.finditer("正文。" + ex + "。")] == [ex]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_addressee_examples(lang):
    from policyparse.structure.metadata import _addressees

    entry = data("metadata.json")["addressee"][lang]
    for ex in entry["examples"]:
        assert _addressees(["Title", ex], lang), ex
    for ex in entry["counter_examples"]:
        assert _addressees(["Title", ex], lang) == [], ex


def test_unit_shapes_examples():
    from policyparse.units.shapes import en_head, zh_suffix

    raw = data("unit_shapes.json")
    for rx, entry in ((zh_suffix(), raw["zh"]), (en_head(), raw["en"])):
        assert all(rx.search(ex) for ex in entry["examples"]), entry["examples"]
        assert not any(rx.search(ex) for ex in entry["counter_examples"]), entry["counter_examples"]


def test_a_time_limits_tail_is_no_part_of_a_name():
    """unit_shapes.json zh limit_tail: a limit's tail a crawler ran into a signature's name is cut
    off (月底前某市人民政府办公室); a name that opens like one (前海管理局) keeps its words;
    words run in before a national body's name (…指标国务院办公厅) give way where it opens
    (name_openers)."""
    from policyparse.units.shapes import name_start

    for key in ("limit_tail", "name_openers"):
        raw = data("unit_shapes.json")["zh"][key]
        for run_in, name in raw["examples"]:
            assert run_in[name_start(run_in) :] == name, run_in
        for name in raw["counter_examples"]:
            assert name_start(name) == 0, name


def test_calendar_examples():
    from policyparse.structure.dates import parse_date

    for text, iso in data("calendar.json")["examples"]:
        assert parse_date(text) == date.fromisoformat(iso), text


def test_measures_examples():
    for text, unit in data("measures.json")["examples"]:
        lang = "zh" if re.search(r"[\u4e00-\u9fff]", text) else "en"
        assert [t.unit for t in find_targets(text, lang)] == [unit], text


def test_run_together_examples_are_cut_into_their_paragraphs():
    """Crawled text (paragraphs joined by ideographic spaces or by nothing) is cut before the
    labels and at the gaps the data names; the counter-examples stay whole."""
    from policyparse.clean import paragraphs

    rules = data("numbering.json")["run_together"]
    for text, want in rules["examples"]:
        assert paragraphs.split(text) == want, text
    for text in rules["counter_examples"]:
        assert paragraphs.split(text) == [text.strip()], text


@pytest.mark.parametrize("rule", ["body_openers", "heading_nouns", "heading_restated"])
def test_headings_run_into_their_lead_paragraph_end_before_its_opening_words(rule):
    openers = data("numbering.json")["run_together"][rule]
    for text, title in openers["examples"] + openers["counter_examples"]:
        # (a crawled block: long, its paragraphs run together; a short line is left alone)
        doc = policyparse.parse_text(LEAD + text + TAIL)
        assert doc.sections[0].title == title, text


# a crawled page run together is long: these open and close the short examples above
LEAD = (
    "为深入贯彻落实党中央、国务院关于稳就业保就业决策部署，推进实施提升就业服务质量工程，促进更加充分"
    "更高质量就业，按照有关通知要求，结合我省实际，现就统筹开展有关工作的事项通知如下："
)
TAIL = (
    "各地要认真抓好落实，确保各项任务落到实处。各市要加强组织领导，明确责任分工，制定具体实施方案，"
    "做好安全保障，注重宣传引导，营造浓厚氛围，及时总结经验做法，推动工作取得实效。"
    "工作中遇到的重大问题，要及时向省人力资源社会保障厅报告，确保各项工作有序推进。"
)


def _magnitude_cases():
    raw = data("magnitudes.json")
    for kind in ("scales", "units"):
        for entry in raw[kind]:
            for text, value, unit in entry["examples"]:
                yield pytest.param(kind, entry, text, value, unit, id=f"{kind}:{text}")


@pytest.mark.parametrize("kind,entry,text,value,unit", list(_magnitude_cases()))
def test_magnitude_examples(kind, entry, text, value, unit):
    """Each example of data/magnitudes.json: the number and unit as written give the magnitude
    and normal unit it says, and it shows its own entry (the scale word, or a unit word)."""
    from policyparse.extract.magnitudes import magnitude

    m = re.match(r"([\d.]+)\s*(.+)$", text)
    assert m, text
    lang = "zh" if re.search(r"[\u4e00-\u9fff]", text) else "en"
    assert magnitude(float(m.group(1)), None, m.group(2), lang) == (value, None, unit)
    if kind == "scales":
        assert entry["word"] in text and entry["language"] == lang
    else:
        assert unit == entry["normal"] and any(text.lower().endswith(w) for w in entry[lang])


def test_plan_list_examples_and_counter_examples():
    """A planned figure listed after another (财政赤字2.76万亿元 after 赤字率拟按2.8%安排) is a
    target; a count in a sentence whose first figure is not planned is not."""
    P = rules("zh").data["plan_list"]
    for text, metrics in P["examples"]:
        assert [t.metric for t in find_targets(text, "zh")] == metrics, text
    for text, metrics in P["counter_examples"]:
        assert [t.metric for t in find_targets(text, "zh")] == metrics, text


def test_benefit_parameters_are_no_targets():
    B = rules("zh").data["benefit_metrics"]
    for text in B["examples"]:
        assert find_targets(text, "zh") == [], text
    for text, metric in B["counter_examples"]:
        assert [t.metric for t in find_targets(text, "zh")] == [metric], text


def test_count_units_examples():
    C = rules("zh").data["count_units"]
    for text, metric in C["examples"]:
        assert [t.metric for t in find_targets(text, "zh")] == [metric], text


def test_baseline_examples_and_counter_examples():
    B = rules("zh").data["baseline"]
    for text, metric in B["examples"]:
        assert [t.metric for t in find_targets(text, "zh")] == [metric], text
    for text in B["counter_examples"]:
        assert find_targets(text, "zh") == [], text


def test_restatement_examples_and_counter_examples():
    """A goal restated is found once (at its first statement); a goal named so once is found."""
    R = rules("zh").data["restatement"]
    for text in R["examples"]:
        assert len(find_targets(text, "zh")) == 1, text
    for text in R["counter_examples"]:
        assert len(find_targets(text, "zh")) == 1, text


def test_mixed_title_examples_and_counter_examples():
    """A title that reviews one period and sets the next one's goals names the second period."""
    from policyparse.base.datafiles import load
    from policyparse.structure.roles import patterns

    M, P = load("section_roles.json")["zh"]["mixed_titles"], patterns()
    for title, period in M["examples"]:
        m = P["zh_mixed"].search(title)
        assert m and m.group("period") == period, title
    for title in M["counter_examples"]:
        assert P["zh_mixed"].search(title) is None, title


def test_section_role_examples_and_counter_examples():
    """Review and goal titles, both languages, as data/section_roles.json gives them."""
    from policyparse.base.datafiles import load
    from policyparse.structure.roles import section_roles

    d = load("section_roles.json")
    cases = [
        ("zh", d["zh"]["review_titles"], 0),
        ("zh", d["zh"]["goal_section_titles"], 1),
        ("en", d["en"]["review_titles"], 0),
    ]
    for lang, entry, k in cases:
        for title in entry["examples"]:
            assert section_roles([(title, 0, 10)], lang)[k] == [(0, 10)], title
        for title in entry["counter_examples"]:
            assert section_roles([(title, 0, 10)], lang)[k] == [], title


def test_respectively_examples_and_counter_examples():
    """Values listed after 分别 share the comparison; each takes its own noun when they match."""
    R = rules("zh").data["respectively"]
    for text, metrics in R["examples"]:
        found = find_targets(text, "zh")
        assert [t.metric for t in found] == metrics, text
        assert len({(t.comparator, t.kind, t.direction) for t in found}) == 1, text
    for text in R["counter_examples"]:
        assert len(find_targets(text, "zh")) <= 1, text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_target_word_list_has_examples_of_its_own(lang):
    """targets.json group_examples: each flat word list (pre, goal_verbs, past_cues …) shows its
    words at work: a sentence that is a target by them, or is kept from being one."""
    ge = rules(lang).data["group_examples"]
    groups = [k for k in ge if k != "_doc"]
    assert all(k in rules(lang).data for k in groups), groups
    for k in groups:
        assert ge[k]["examples"] or ge[k]["counter_examples"], k
        for text in ge[k]["examples"]:
            assert find_targets(text, lang), (k, text)
        for text in ge[k]["counter_examples"]:
            assert find_targets(text, lang) == [], (k, text)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_target_rule_a_language_declares_is_compiled(lang):
    """The typed holders (ZhRules, EnRules) declare each rule; its compiler sets every one."""
    r = rules(lang)
    missing = [k for k in r.compiled() if not hasattr(r, k)]
    assert missing == [] and len(r.compiled()) > 15, missing
    assert repr(r) == f"<{type(r).__name__}: {len(r.compiled())} rules from targets.json {lang}>"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_budget_line_examples_and_counter_examples(lang):
    B = rules(lang).data["budget_line"]
    for text, metric in B["examples"]:
        assert [t.metric for t in find_targets(text, lang)] == [metric], text
    for text in B["counter_examples"]:
        assert find_targets(text, lang) == [], text


def test_split_comparator_examples_and_counter_examples():
    S = rules("zh").data["split_comparator"]
    for text, metric in S["examples"]:
        assert [t.metric for t in find_targets(text, "zh")] == [metric], text
    for text in S["counter_examples"]:
        assert find_targets(text, "zh") == [], text


def test_place_examples():
    """A notice's jurisdiction from its issuer, title or document number; its own bodies written
    without it (省财政厅) are named in full, tiers and lists of tiers (省级, 省市县) are not."""
    from policyparse.model import Metadata
    from policyparse.structure.places import _places, jurisdiction

    raw = data("places.json")
    for ex in raw["examples"]:
        got = jurisdiction(
            Metadata(title=ex["title"], issuer=ex["issuer"], doc_number=ex["doc_number"])
        )
        assert (got.name if got else None) == ex["jurisdiction"], ex
    by_prefix = {j.prefix: j for j in _places().by_name.values()}
    for prefix, name in raw["own_body"]["examples"]:
        assert by_prefix[prefix].full_name(name) == by_prefix[prefix].name + name[len(prefix) :]
    for prefix, name in raw["own_body"]["counter_examples"]:
        assert by_prefix[prefix].full_name(name) is None, name


def test_an_english_titles_issuer_names_the_jurisdiction():
    """places.json own_body.en title_issuer: the province an English title names as its issuer
    (… of Jiangxi Provincial People's Government on …) is the notice's; one named as its topic
    (… on the Development of Jiangxi Province) is not."""
    from policyparse.model import Metadata
    from policyparse.structure.places import jurisdiction

    rule = data("places.json")["own_body"]["en"]["title_issuer"]
    for title, en in rule["examples"]:
        got = jurisdiction(Metadata(title=title))
        assert got is not None and got.en_name == en, title
    for title in rule["counter_examples"]:
        assert jurisdiction(Metadata(title=title)) is None, title


def test_kinds_of_document_end_their_examples_only():
    """numbering.json run_together.kinds: the words a title ends with, one list for the rules
    that find a title's end."""
    from policyparse.base.datafiles import load

    k = load("numbering.json")["run_together"]["kinds"]
    assert all(x.endswith(tuple(k["words"])) for x in k["examples"])
    assert not any(x.rstrip("：:").endswith(tuple(k["words"])) for x in k["counter_examples"])


def test_doc_number_run_into_the_title_examples_and_counter_examples():
    """A title run into its document number is cut before and after the number; a number cited
    in running text is not cut (data/numbering.json, run_together.doc_number)."""
    from policyparse.base.datafiles import load
    from policyparse.clean import paragraphs

    d = load("numbering.json")["run_together"]["doc_number"]
    for text, number in d["examples"]:
        assert number in paragraphs.split(text), text
    for text in d["counter_examples"]:
        assert paragraphs.split(text) == [text], text


@pytest.mark.parametrize("rule", ["publication_note", "title_end", "title_end.inside"])
def test_run_together_head_and_signature_rules_examples_and_counter_examples(rule):
    """A date closed by its publication note, a title run into its addressees, a carried
    document's title run into its first heading: cut as the data says (numbering.json
    run_together), and text that only looks like them is not cut."""
    from policyparse.base.datafiles import load
    from policyparse.clean import paragraphs

    d = load("numbering.json")["run_together"]
    for key in rule.split("."):
        d = d[key]
    for text, parts in d["examples"]:
        assert paragraphs.split(text) == parts, text
    for text in d["counter_examples"]:
        assert paragraphs.split(text) == [text], text


def test_label_grammar_examples_and_counter_examples():
    """A label written as a role word, a few characters and a noun gives its role word's role
    (attributions.json zh and en label_grammar); a label without a role word or noun is none."""
    from policyparse.extract.attributions import grammar, label_role

    for lang, units in (("zh", "市财政局"), ("en", "Municipal Finance Bureau")):
        L = grammar()[lang]
        lg = L["label_grammar"]
        for label, role in lg["examples"]:
            assert L["_label"].match(f"{label}：{units}"), label
            assert label_role(label, lang) == role, label
        for label in lg["counter_examples"]:
            assert not L["_label"].match(f"{label}：{units}"), label


def test_limit_clause_examples_and_counter_examples():
    """A clause that says when (6月底完成, 持续推进) is no unit; a clause that names one is."""
    from policyparse.extract.attributions import grammar, limit_clause

    for lang, key in (("zh", "limit_clause"), ("zh", "score_clause"), ("en", "limit_clause")):
        lc = grammar()[lang][key]
        assert all(limit_clause(x, lang) for x in lc["examples"]), key
        assert not any(limit_clause(x, lang) for x in lc["counter_examples"]), key


@pytest.mark.parametrize(
    "bracket, units, deadline",
    [
        (
            "（6月底完成，牵头考核单位：市工业和信息化局）",
            [("市工业和信息化局", "lead")],
            "2023-06-30",
        ),
        (
            "（5月底取得阶段性成效并持续推进，牵头考核单位：市数据资源局、市发展改革委）",
            [("市数据资源局", "lead"), ("市发展改革委", "lead")],
            "2023-05-31",
        ),
        (
            "（2022年底前，责任单位：市科技局、市财政局）",
            [("市科技局", "responsible"), ("市财政局", "responsible")],
            "2022-12-31",
        ),
        ("（持续推进，市营商环境办牵头）", [("市营商环境办", "lead")], None),
        # a score term is how the task is assessed: no unit and, 上半年 or not, no deadline
        (
            "（上半年考评分值：25分，牵头考核单位：市地方金融监管局）",
            [("市地方金融监管局", "lead")],
            None,
        ),
        ("（10分，市统计局负责）", [("市统计局", "responsible")], None),
        ("（市大数据局负责，三季度末前完成）", [("市大数据局", "responsible")], "2023-09-30"),
        ("（市政务服务局负责，2023年内完成）", [("市政务服务局", "responsible")], "2023-12-31"),
        ("（市大数据局负责，每季度末前报送进展）", [("市大数据局", "responsible")], "2023-03-31"),
        (
            "（市发展改革委牵头，市财政局、市审计局按职责分工配合）",
            [("市发展改革委", "lead"), ("市财政局", "support"), ("市审计局", "support")],
            None,
        ),
    ],
)
def test_a_bracket_that_carries_a_time_limit_and_the_units(bracket, units, deadline):
    """#28: the units are attributed with their roles and the limit is the task's deadline."""
    text = (
        "某市人民政府办公室关于印发2023年工作要点的通知\n一、重点任务\n（一）推进建设。加快推进项目建设。"
        + bracket
        + "\n2023年3月1日\n"
    )
    doc = policyparse.parse_text(text)
    (task,) = doc.tasks
    assert [(r.text, r.role) for r in task.responsible] == units
    assert [d.date for d in task.deadlines] == ([deadline] if deadline else [])
    assert doc.metadata.issued_on == "2023-03-01"  # a date on a line of its own closes it


@pytest.mark.parametrize(
    "bracket, units, deadline",
    [
        (
            "(All county people's governments are responsible, to be completed by the end of "
            "October 2023)",
            [("All county people's governments", "responsible")],
            "2023-10-31",
        ),
        (
            "(To be completed by the end of June; lead assessment unit: Municipal Bureau of "
            "Commerce)",
            [("Municipal Bureau of Commerce", "lead")],
            "2023-06-30",
        ),
        (
            "(Before the end of 2022, responsible unit: Municipal Bureau of Science and "
            "Technology)",
            [("Municipal Bureau of Science and Technology", "responsible")],
            "2022-12-31",
        ),
        (
            "(Continuously promoted, led by the Municipal Business Environment Office)",
            [("Municipal Business Environment Office", "lead")],
            None,
        ),
    ],
)
def test_an_english_bracket_that_carries_a_time_limit_and_the_units(bracket, units, deadline):
    """#28/#29 in English: the limit clause names no unit; the units keep their roles and the
    limit is the task's deadline."""
    text = (
        "Notice of the General Office of the X Municipal People's Government on the 2023 Work "
        "Plan\nI. Key Tasks\n(1) Promote construction. Accelerate project construction. "
        + bracket
        + "\nMarch 1, 2023\n"
    )
    doc = policyparse.parse_text(text)
    (task,) = doc.tasks
    assert [(r.text, r.role) for r in task.responsible] == units
    assert [d.date for d in task.deadlines] == ([deadline] if deadline else [])


def test_header_label_examples_and_counter_examples():
    """Labelled header fields, one to a line or parted by '|' (metadata.json header_labels)."""
    from policyparse.base.datafiles import load
    from policyparse.structure.metadata import header_fields

    d = load("metadata.json")["header_labels"]
    for line, want in d["examples"]:
        got = header_fields([line])
        assert {k: (v[0] if k == "issuer" else v) for k, v in got.items()} == want, line
    for line in d["counter_examples"]:
        assert header_fields([line]) == {}, line


def test_english_run_together_examples_and_counter_examples():
    """English text run together is cut at its labels, its document number and its signature
    (numbering.json run_together.en); prose with numbers and article references is not."""
    from policyparse.base.datafiles import load
    from policyparse.clean import paragraphs

    en = load("numbering.json")["run_together"]["en"]
    for text, parts in en["examples"]:
        assert paragraphs.split(text) == parts, text
    for text in en["counter_examples"]:
        assert paragraphs.split(text) == [text], text


def test_a_date_that_qualifies_a_class_of_things_is_no_deadline():
    """deadlines.json cohort: 2005年底前注册营运的黄标车 names vehicles, it limits no work (the
    work report of 2015 gave a 2005 deadline); the work itself keeps its date."""
    c = data("deadlines.json")["cohort"]
    for text in c["examples"]:
        assert find_deadlines(text, "zh", date(2023, 3, 1)) == [], text
    for text in c["counter_examples"]:
        assert len(find_deadlines(text, "zh", date(2023, 3, 1))) == 1, text


def test_planned_level_examples_and_counter_examples():
    """A rising word in a sentence that lays out a budget's plan sets the planned level (=);
    elsewhere it is a floor."""
    P = rules("zh").data["planned_level"]
    for text, metric, cmp in P["examples"] + P["counter_examples"]:
        got = {t.metric: t.comparator for t in find_targets(text, "zh")}
        assert got.get(metric) == cmp, (text, got)


def test_every_unit_with_a_magnitude_is_a_unit_targets_read():
    """magnitudes.json normalises units (公顷 -> hectare) that targets.json must also read after
    a number: a unit in one table and not the other made "66.7万公顷" a target whose metric was
    公顷 (work report 2015)."""
    units = set(rules("zh").data["units"])
    missing = [w for u in data("magnitudes.json")["units"] for w in u["zh"] if w not in units]
    assert missing == []


def test_target_identity_examples_and_counter_examples():
    """target_identity.json: each group's examples are two quantities (never paired), its
    counter-examples one quantity said two ways; the horizon's examples ([version year, target
    year] twice) are this year's against a plan's."""
    from policyparse.compare import identity
    from policyparse.model import Span, Target

    def t(metric: str, year=None) -> Target:
        return Target("x", metric, "=", 1.0, "%", "level", Span(0, 1), year=year)

    raw = data("target_identity.json")
    for g in raw["groups"]:
        for a, b in g["examples"]:
            assert not identity.same_quantity(t(a), t(b)), (g["_note"], a, b)
        for a, b in g["counter_examples"]:
            assert identity.same_quantity(t(a), t(b)), (g["_note"], a, b)
    h = raw["horizon"]
    for va, ya, vb, yb in h["examples"]:
        assert not identity.same_quantity(t("能耗", ya), t("能耗", yb), va, vb)
    for va, ya, vb, yb in h["counter_examples"]:
        assert identity.same_quantity(t("能耗", ya), t("能耗", yb), va, vb)


def test_a_notice_closing_is_no_task_text():
    """metadata.json closing: a contact block or a list of attachments before the signature
    (lines kept, or run together by a crawler) ends the last task; a sentence that merely
    mentions 联系人 does not."""
    c = data("metadata.json")["closing"]
    for text, last in c["examples"] + c["counter_examples"]:
        d = policyparse.parse_text(text)
        assert d.tasks and d.tasks[-1].text == last, (text, [t.text for t in d.tasks])
        assert d.metadata.issuer, text


@pytest.mark.parametrize(
    "words, name",
    [
        (
            "年河北省公共就业服务专项活动安排河北省人力资源和社会保障厅",
            "河北省人力资源和社会保障厅",
        ),
        ("附件2江西省工作任务清单江西省财政厅", "江西省财政厅"),
        (
            "河北省工业和信息化厅河北省发展和改革委员会",
            "河北省工业和信息化厅河北省发展和改革委员会",
        ),
        ("国务院办公厅", "国务院办公厅"),
        ("江西省人民政府", "江西省人民政府"),
        ("（市自然资源局负责）市人民政府办公室", "市人民政府办公室"),
    ],
)
def test_a_signature_a_crawler_ran_words_into_keeps_the_bodys_name(words, name):
    """#33: an issuer came out as "年河北省公共就业服务专项活动安排河北省人力资源和社会保障厅" (an
    attachment's title run into the signature); the name begins at the province that opens the
    pieces ending like a body (places.json, unit_shapes.json)."""
    from policyparse.units.shapes import name_start

    assert words[name_start(words) :] == name
    text = "关于开展活动的通知\n一、工作任务\n（一）加强宣传。各地要加大宣传力度。\n"
    d = policyparse.parse_text(text + words + "\n2022年12月30日")
    assert "".join(d.metadata.issuer) == name


def test_reach_of_examples_and_counter_examples():
    """targets.json en reach_of: "achieve a coverage rate of 90%" names its metric between the
    verb and 'of' and is a floor; an amount after 'of' with no verb of reaching is no target."""
    r = rules("en").data["reach_of"]
    for text, metric, cmp, value in r["examples"]:
        got = [(t.metric, t.comparator, t.value) for t in find_targets(text, "en")]
        assert got == [(metric, cmp, value)], text
    for text in r["counter_examples"]:
        assert find_targets(text, "en") == [], text


def test_half_examples_and_counter_examples():
    """targets.json zh half: 半个月, 一个半月, 两个半工作日 are 0.5, 1.5, 2.5 of a unit of time;
    上半年, 半年内 and 半数 are no numbers."""
    H = rules("zh").data["half"]
    for text, metric, cmp, value, unit in H["examples"]:
        got = [(t.metric, t.comparator, t.value, t.unit) for t in find_targets(text, "zh")]
        assert got == [(metric, cmp, value, unit)], text
    for text in H["counter_examples"]:
        assert find_targets(text, "zh") == [], text


def test_population_share_examples_give_the_share_of_what_is_counted():
    """targets.json zh population_share: each example's first target has the comparator, value,
    unit and kind given and measures the share of what is counted that does the action
    (开展稽查的市的比例); a coordinated share (和5%以上的县) shares the action; a counter-example
    (a condition of a grant, a past result) gives no target."""
    rule = rules("zh").data["population_share"]
    for text, cmp, value, unit, kind, metric in rule["examples"]:
        t = find_targets(text, "zh")[0]
        assert (t.comparator, t.value, t.unit, t.kind, t.metric) == (cmp, value, unit, kind, metric)
    both = find_targets(rule["examples"][0][0], "zh")
    assert [t.metric for t in both] == ["开展稽查的市的比例", "开展稽查的县的比例"]
    for text in rule["counter_examples"]:
        assert find_targets(text, "zh") == [], text


def test_indicator_table_header_examples_and_counter_examples():
    """table_columns.json indicators: which header rows make an indicator table, and which
    column is its target and due which year; a task table or a table naming no target is not."""
    from policyparse.ingest.tables import columns, indicator_roles

    ind = columns()["indicators"]
    for header, roles in ind["examples"]:
        assert indicator_roles(header) == roles, header
    for header in ind["counter_examples"]:
        assert indicator_roles(header) is None, header


def test_english_covering_metric_examples_and_counter_examples():
    """targets.json en.metric.covering: a count of what an action reaches measures what is
    counted, covered by the action; a rate that is named as such keeps its own name."""
    cov = data("targets.json")["en"]["metric"]["covering"]
    for text, metric in cov["examples"]:
        assert [t.metric for t in find_targets(text + ".", "en")] == [metric], text
    for text in cov["counter_examples"]:
        assert all("covered by" not in t.metric for t in find_targets(text + ".", "en")), text


def test_second_level_heading_run_into_its_paragraph_examples_and_counter_examples():
    """numbering.json run_together.item_subject: in crawled text a second-level heading ends
    where its paragraph's subject (a body followed as a subject is) or an opener begins; a
    body inside the heading, as its object, does not end it."""
    from policyparse.structure.outline import find_items

    rule = data("numbering.json")["run_together"]["item_subject"]
    for text, title in rule["examples"] + rule["counter_examples"]:
        (item,), _ = find_items(text, run_together=True)
        assert text[item.title_start : item.title_end] == title, text
