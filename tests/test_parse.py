"""End-to-end parsing of real notices (../shared) and of the project's own corpus."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS

import policyparse
import policyparse.stages
from policyparse.schemas import validate_document


def test_seed_parses_to_the_contract(seed_path):
    doc = policyparse.parse(seed_path)
    assert doc.language == "en" and doc.source.format == "text"
    # the one-line table of contents in the preamble is not an outline
    assert [s.label for s in doc.sections] == ["1", "2", "3", "4", "5"]
    assert len(doc.tasks) == 19
    # boilerplate gone: nav at the top, agency footer at the bottom
    assert (
        not doc.text.startswith("News Updates")
        and "Copyright" not in doc.text
        and "Telephone" not in doc.text
    )
    t = doc.tasks[6]
    assert (
        t.text.startswith("Cooperate with the Ministry of Justice")
        and t.responsible[0].name == "条法司"
    )
    validate_document(doc.to_dict())


def test_every_span_quotes_the_text(seed_path):
    doc = policyparse.parse(seed_path)
    for t in doc.tasks:
        assert doc.quote(t.span) == t.text
        for r in t.responsible:
            assert doc.quote(r.span) == r.text
    for x in doc.targets:
        assert doc.quote(x.span) == x.text
    for d in doc.deadlines:
        assert doc.quote(d.span) == d.text


def _shared_docs(shared: Path) -> list[Path]:
    c = shared / "corpus"
    return sorted(p for p in c.rglob("*") if p.suffix in (".txt", ".html", ".pdf"))


def test_every_shared_corpus_document_validates_against_the_schema(shared):
    docs = _shared_docs(shared)
    assert len(docs) >= 60
    for p in docs:
        d = policyparse.parse(p).to_dict()
        validate_document(d)
        text = d["text"]
        for t in d["tasks"]:
            assert text[t["span"]["start"] : t["span"]["end"]] == t["text"], p


def test_own_corpus_documents_validate():
    """Every notice that ships with the project (the demo's sample) parses to a valid document
    with sections and tasks (an empty corpus or an empty parse fails)."""
    paths = sorted(CORPUS.rglob("*.txt"))
    assert len(paths) >= 4, CORPUS
    for p in paths:
        doc = policyparse.parse(p)
        validate_document(doc.to_dict())
        assert doc.sections and doc.tasks, p.name


def test_pdf_spans_carry_pages(shared):
    doc = policyparse.parse(shared / "corpus" / "zh" / "pdf" / "govdoc-cn-397.pdf")
    pages = {s.span.page for s in doc.iter_sections()}
    assert pages >= {1, 2, 3, 4} and None not in pages
    assert doc.metadata.doc_number == "发改办财金规〔2019〕860号"
    assert doc.metadata.issuer == ["国家发展改革委办公厅", "税务总局办公厅"]
    assert "— 1 —" not in doc.text and "税 务" not in doc.text


def test_gwr_targets_are_this_years_not_last_years(shared):
    doc = policyparse.parse(shared / "corpus" / "zh" / "gwr" / "gwr-2019.txt")
    got = {(t.metric, t.value, t.value_max, t.unit) for t in doc.targets}
    assert ("国内生产总值", 6, 6.5, "%") in got
    assert ("城镇新增就业", 1100, None, "万人") in got
    assert not any(t.value == 6.6 for t in doc.targets)  # 2018's result
    assert all(t.year in (2019, 2020, None) for t in doc.targets)


def test_document_object_prints_and_round_trips(seed_path):
    doc = policyparse.parse(seed_path)
    assert repr(doc).startswith("<Document en") and "19 tasks" in repr(doc)
    again = policyparse.Document.from_dict(json.loads(doc.to_json()))
    assert again.to_dict() == doc.to_dict()


@pytest.mark.parametrize("indent", [None, 1])
def test_to_json_writes_to_dict_exactly(shared, indent):
    """to_json skips building the dict tree (orjson's or json's default hook): the string must
    be the one json.dumps gives for to_dict, key order and omitted None-valued keys included
    (compact: no spaces after separators)."""
    paths = [
        shared / "corpus" / "seed" / "cnipa-guideline-2023-en.txt",
        *sorted((shared / "corpus" / "zh" / "govcn").glob("*.html"))[:6],
        *sorted((shared / "corpus" / "zh" / "pdf").glob("*.pdf"))[:1],
        *sorted(CORPUS.rglob("*.txt")),
    ]
    seps = (",", ":") if indent is None else None
    for p in paths:
        doc = policyparse.parse(p)
        want = json.dumps(doc.to_dict(), ensure_ascii=False, indent=indent, separators=seps)
        assert doc.to_json(indent=indent) == want, p.name
    assert '"page":' in policyparse.parse(paths[7]).to_json()  # a PDF's spans keep their page


def test_to_json_writes_what_orjson_refuses_the_same_way():
    """A lone surrogate (from a decoded byte or an entity) or an integer past 64 bits makes
    orjson refuse; json writes it instead, in the same compact form."""
    doc = policyparse.parse_text("一、总体要求\n（一）加强管理。（市场监管总局负责）\n")
    plain = doc.to_json()
    doc.text = doc.text + "\ud800"
    doc.tasks[0].span = policyparse.Span(0, 2**70)
    odd = doc.to_json()
    want = json.dumps(doc.to_dict(), ensure_ascii=False, separators=(",", ":"))
    assert odd == want and odd != plain
    assert '"end":1180591620717411303424' in odd


def test_pipeline_is_a_spacy_language_with_unit_entities():
    nlp = policyparse.load("zh")
    # the adapter's two components around one per row of the stage table parse() runs
    assert nlp.pipe_names == [
        "pp_sentences",
        "pp_view",
        "pp_structure",
        "pp_roles",
        "pp_units",
        "pp_attributions",
        "pp_targets",
        "pp_deadlines",
        "pp_tasks",
        "pp_resolution",
        "pp_target_years",
        "pp_document",
    ]
    assert nlp.pipe_names[2:-1] == [f"pp_{st.name}" for st in policyparse.stages.STAGES]
    assert not any(nlp.analyze_pipes()["problems"].values())
    doc = nlp("一、任务\n推进工作。（工业和信息化部、财政部负责）")
    assert [(e.text, e.ent_id_) for e in doc.ents] == [
        ("工业和信息化部", "miit"),
        ("财政部", "mof"),
    ]
    assert len(list(doc.sents)) >= 2
    assert [(u.text, u.unit_id) for u in doc._.pp_attributions[0].units] == [
        ("工业和信息化部", "miit"),
        ("财政部", "mof"),
    ]
    assert [r.unit_id for r in doc._.pp_document.tasks[0].responsible] == ["miit", "mof"]


def test_pipeline_declares_what_each_component_reads_and_writes():
    """requires/assigns are true: spaCy's analysis finds no component reading what nothing
    before it wrote, and removing a component that others need is reported."""
    nlp = policyparse.load("en")
    analysis = nlp.analyze_pipes(pretty=False)
    assert all(not problems for problems in analysis["problems"].values())
    assert analysis["summary"]["pp_document"]["requires"] == [
        f"doc._.pp_{st.name}" for st in policyparse.stages.STAGES
    ]
    assert analysis["summary"]["pp_resolution"]["requires"] == [
        "doc._.pp_tasks",
        "doc._.pp_structure",
    ]
    import spacy

    bare = spacy.blank("zh")
    bare.add_pipe("pp_attributions")
    assert bare.analyze_pipes(pretty=False)["problems"]["pp_attributions"] == [
        "doc._.pp_view",
        "doc._.pp_units",
    ]


def test_parse_does_not_import_spacy():
    """``import policyparse`` and ``parse()`` run the stages as plain functions: a command-line
    parse does not pay spaCy's import (about a second)."""
    code = (
        "import sys, policyparse; policyparse.parse_text('一、任务\\n推进工作。（商务部负责）'); "
        "print('spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    "data,problem",
    [
        (b"", "empty file"),
        (b"\x00\x01\x02\x03" * 100, "binary"),
        (b"%PDF-1.4 garbage", "PDF"),
        (b"PK\x03\x04 not really a zip", "docx"),
        (b"<html><body><script>x()</script></body></html>", "no readable body"),
    ],
)
def test_bad_input_gives_a_clear_error_naming_the_file(data, problem, tmp_path):
    p = tmp_path / "bad.bin"
    p.write_bytes(data)
    with pytest.raises(policyparse.PolicyParseError) as e:
        policyparse.parse(p)
    assert str(p) in str(e.value) and problem.lower() in str(e.value).lower()


def test_text_without_numbering_or_attributions_is_a_clear_result():
    doc = policyparse.parse_text("这是一段没有编号、也没有责任单位的文字。")
    assert doc.sections == [] and doc.tasks == []
    doc = policyparse.parse_text(
        "一、加强领导\n各地要加强组织领导。\n二、强化保障\n各部门要强化经费保障。"
    )
    assert [t.text for t in doc.tasks] == ["各地要加强组织领导。", "各部门要强化经费保障。"]
    assert all(t.responsible == [] for t in doc.tasks)
    assert "no_attributions" in {w.code for w in doc.warnings}


def test_unknown_unit_warns_with_nearest_known():
    doc = policyparse.parse_text("一、任务\n推进试点。（知识产权数据管理中心负责）")
    w = [w for w in doc.warnings if w.code == "unknown_unit"]
    assert (
        len(w) == 1
        and "知识产权数据管理中心" in w[0].message
        and "nearest known unit" in w[0].message
    )
    assert doc.tasks[0].responsible[0].unit_id.startswith("x.")


def test_labelled_attributions_in_a_real_notice(shared):
    """govcn-57 closes every item with （负责部门：X、Y，适用范围：…）: a label, not a verb."""
    doc = policyparse.parse(shared / "corpus" / "zh" / "govcn" / "govcn-57.html")
    assert len(doc.tasks) >= 50 and all(t.responsible for t in doc.tasks)
    assert [r.unit_id for r in doc.tasks[0].responsible] == ["mohrss", "mohurd", "mofcom"]
    t16 = next(t for t in doc.tasks if t.text.startswith("加强顶层设计"))
    assert [r.unit_id for r in t16.responsible] == ["ndrc", "nfsra"]  # 适用范围 is not a unit
    assert not [w for w in doc.warnings if w.code == "unknown_unit"]


def test_vocabulary_does_not_grow_over_many_documents():
    """Tokens are chunks of text, nearly all new: inside spaCy's memory zone the strings of one
    document are freed after it, so a pipeline from load() run over thousands of notices does
    not grow its vocabulary."""
    import random

    nlp = policyparse.load("zh")
    nlp("一、任务\n推进工作。（商务部负责）")
    before = len(nlp.vocab.strings)
    rnd = random.Random(7)
    chars = "推进建设完善加强工作机制体系到年底前达成以上万元个项家部门地区"
    for _ in range(30):
        body = "。".join("".join(rnd.choice(chars) for _ in range(30)) for _ in range(20))
        with nlp.memory_zone():
            doc = nlp(f"一、任务\n{body}。（财政部负责）")
            assert doc._.pp_document.tasks[0].responsible[0].unit_id == "mof"
    assert len(nlp.vocab.strings) == before


@pytest.mark.slow
def test_parsing_from_many_threads_gives_the_sequential_result():
    """parse() keeps no state between documents (its stages are plain functions over caches
    built once): notices parsed from eight threads give what they give one after another."""
    from concurrent.futures import ThreadPoolExecutor

    root = Path(__file__).resolve().parents[1] / "corpus"
    texts = [
        f"{p.read_text('utf-8')}\n附：第{i}号补充说明。"
        for i in range(60)
        for p in sorted(root.rglob("*.txt"))
    ]
    sequential = [policyparse.parse_text(t).to_json() for t in texts]
    with ThreadPoolExecutor(8) as ex:
        threaded = list(ex.map(lambda t: policyparse.parse_text(t).to_json(), texts))
    assert threaded == sequential


def _without_pages(x):
    """A Document's JSON less its page numbers (text given to nlp() has no pages)."""
    if isinstance(x, dict):
        return {k: _without_pages(v) for k, v in x.items() if k != "page"}
    if isinstance(x, list):
        return [_without_pages(v) for v in x]
    return x


def test_spacy_pipeline_gives_what_parse_gives(shared):
    """The pipeline from load() is an adapter over the same stages: nlp(text) on a notice's clean
    text gives the sections, tasks, targets and deadlines that parse() gives (less the page
    numbers: a text has none), on real notices in both languages and every format."""
    paths = (
        [shared / "corpus/seed/cnipa-guideline-2023-en.txt", shared / "corpus/zh/gwr/gwr-2019.txt"]
        + sorted((shared / "corpus/zh/govcn").glob("*.html"))[:12]
        + sorted((shared / "corpus/zh/pdf").glob("*.pdf"))
        + sorted(CORPUS.rglob("*.txt"))
    )
    assert len(paths) >= 18
    found = 0
    for p in paths:
        doc = policyparse.parse(p)
        found += len(doc.tasks) + len(doc.targets) + len(doc.deadlines)
        nlp = policyparse.load(doc.language)
        with nlp.memory_zone():
            via_spacy = nlp(doc.text)._.pp_document
        a, b = _without_pages(via_spacy.to_dict()), _without_pages(doc.to_dict())
        for field in ("sections", "tasks", "targets", "deadlines", "document_date"):
            assert a[field] == b[field], (p.name, field)
    assert found > 400  # the notices compared hold real findings (443 today)


def test_every_item_inside_a_task_is_listed_by_it_in_text_order(shared):
    """A task lists every target and deadline that lies inside its extent, and every list is in
    text order (the English frames ran before the general rule, and a bisection over an unsorted
    list missed "train at least 10,000 data security officers" in t1 of the sample)."""
    docs = [policyparse.parse(CORPUS / "en" / "data-plan-en.txt")]
    docs += [policyparse.parse(p) for p in sorted((shared / "corpus/zh/gwr").glob("*.txt"))[:2]]
    docs.append(policyparse.parse(shared / "corpus/seed/cnipa-guideline-2023-en.txt"))
    t1 = docs[0].tasks[0]
    assert "train at least 10,000 data security officers" in [x.text for x in t1.targets]
    for doc in docs:
        for items in (doc.targets, doc.deadlines):
            starts = [x.span.start for x in items]
            assert starts == sorted(starts)
        for t in doc.tasks:
            inside = [x for x in doc.targets if t.span.start <= x.span.start < t.span.end]
            assert all(x in t.targets for x in inside), (doc.metadata.title, t.id)


def test_targets_carry_a_magnitude_that_compares_across_units_and_languages():
    """The unit stays as written; the magnitude multiplies its scale in and names the unit in
    common: 7000亿元 and "700 billion yuan" are the same sum, 1.3万亿斤 is 1.3e12 jin."""
    zh = policyparse.parse_text(
        "一、目标\n粮食产量保持在1.3万亿斤以上。中央预算内投资拟安排7000亿元。培训3.5万名教师。"
        "审查周期压减至16个月。"
    )
    en = policyparse.parse_text(
        "1. Goals\nAllocate 700 billion yuan for central budget investment. Installed capacity "
        "will exceed 1 billion kilowatts."
    )
    got = [(t.unit, t.magnitude.value, t.magnitude.unit) for t in zh.targets + en.targets]
    assert got == [
        ("万亿斤", 1.3e12, "jin"),
        ("亿元", 7e11, "yuan"),
        ("万名", 35000, "person"),
        ("month", 16, "month"),
        ("billion yuan", 7e11, "yuan"),
        ("billion kilowatts", 1e9, "kW"),
    ]
    d = json.loads(zh.to_json())
    validate_document(d)
    assert d["schema_version"] == "1.2" and d["targets"][0]["magnitude"] == {
        "value": 1.3e12,
        "unit": "jin",
    }
    assert policyparse.Document.from_dict(d).targets[1].magnitude == zh.targets[1].magnitude


@pytest.mark.slow
def test_the_compiled_schema_agrees_with_jsonschema_on_valid_and_broken_documents():
    """schemas.validate_document trusts fastjsonschema's pass (20x faster) and asks jsonschema
    only when it fails: the two must give the same verdict. Every output of the project's
    corpus, and a thousand of them broken at random (a key removed, a value of another type, a
    string where a date, an id or an enum value goes), are judged alike."""
    import copy
    import random

    import fastjsonschema
    import jsonschema

    from policyparse.schemas import _fast, _validator

    fast, slow = _fast("document"), _validator("document")

    def verdicts(d):
        try:
            fast(d)
            a = True
        except fastjsonschema.JsonSchemaException:
            a = False
        try:
            slow.validate(d)
            b = True
        except jsonschema.ValidationError:
            b = False
        return a, b

    docs = [policyparse.parse(p).to_dict() for p in sorted(CORPUS.rglob("*.txt"))]
    rng = random.Random(11)
    odd = [None, 1, -1, 1.5, "", "x", "2024-02-30", "2024-13-01", "20240101", "1.2.3", [], {}, True]

    def places(x, path=()):
        if isinstance(x, dict):
            for k, v in x.items():
                yield x, k
                yield from places(v, path + (k,))
        elif isinstance(x, list):
            for i, v in enumerate(x):
                yield x, i
                yield from places(v, path + (i,))

    for d in docs:
        assert verdicts(d) == (True, True)
    broken = 0
    for _ in range(1000):
        d = copy.deepcopy(rng.choice(docs))
        holder, key = rng.choice(list(places(d)))
        if isinstance(holder, dict) and rng.random() < 0.3:
            del holder[key]
        else:
            holder[key] = rng.choice(odd)
        a, b = verdicts(d)
        assert a == b, (key, holder if len(str(holder)) < 300 else str(holder)[:300])
        broken += not b
    assert broken > 300  # the breakage was mostly real


def test_an_english_item_closed_by_its_attribution_above_the_signature_is_no_issuer():
    """The last item ("(2) … (The State Post Bureau is responsible)") stands right above the
    signature: it holds sentences and opens with a label, so it names no signing body."""
    text = (
        "Notice of the General Office of the State Council on Rural Logistics\n"
        "Document Number: Guo Ban Fa [2024] No. 17\nPromulgation Date: 2024-03-05\n"
        "All provincial people's governments:\nI. Key Tasks\n"
        "(1) Improve logistics. Build more centres. (The Ministry of Commerce is responsible)\n"
        "(2) Improve services. Do more. (The State Post Bureau is responsible)\n"
        "General Office of the State Council\nMarch 5, 2024\n"
    )
    md = policyparse.parse_text(text).metadata
    assert md.issuer == ["General Office of the State Council"]
    assert (md.doc_number, md.issued_on) == ("Guo Ban Fa [2024] No. 17", "2024-03-05")
