"""End-to-end parsing of real notices (../shared) and of the project's own corpus."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import policyparse
from policyparse.evaluation.golden import validate_document

from conftest import CORPUS


def test_seed_parses_to_the_contract(seed_path):
    doc = policyparse.parse(seed_path)
    assert doc.language == "en" and doc.source.format == "text"
    # the one-line table of contents in the preamble is not an outline
    assert [s.label for s in doc.sections] == ["1", "2", "3", "4", "5"]
    assert len(doc.tasks) == 19
    # boilerplate gone: nav at the top, agency footer at the bottom
    assert not doc.text.startswith("News Updates") and "Copyright" not in doc.text and "Telephone" not in doc.text
    t = doc.tasks[6]
    assert t.text.startswith("Cooperate with the Ministry of Justice") and t.responsible[0].name == "条法司"
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
            assert text[t["span"]["start"]:t["span"]["end"]] == t["text"], p


def test_own_corpus_documents_validate():
    for p in sorted(CORPUS.rglob("*.txt")):
        validate_document(policyparse.parse(p).to_dict())


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


def test_pipeline_is_a_spacy_language_with_unit_entities():
    nlp = policyparse.load("zh")
    assert nlp.pipe_names == ["pp_sentences", "pp_units", "pp_outline", "pp_attributions", "pp_targets", "pp_deadlines"]
    doc = nlp("一、任务\n推进工作。（工业和信息化部、财政部负责）")
    assert [(e.text, e.ent_id_) for e in doc.ents] == [("工业和信息化部", "miit"), ("财政部", "mof")]
    assert len(list(doc.sents)) >= 2
    assert [u.text for u in doc._.pp_attributions[0].units] == ["工业和信息化部", "财政部"]


@pytest.mark.parametrize("data,problem", [
    (b"", "empty file"),
    (b"\x00\x01\x02\x03" * 100, "binary"),
    (b"%PDF-1.4 garbage", "PDF"),
    (b"PK\x03\x04 not really a zip", "docx"),
    (b"<html><body><script>x()</script></body></html>", "no readable body"),
])
def test_bad_input_gives_a_clear_error_naming_the_file(data, problem, tmp_path):
    p = tmp_path / "bad.bin"
    p.write_bytes(data)
    with pytest.raises(policyparse.PolicyParseError) as e:
        policyparse.parse(p)
    assert str(p) in str(e.value) and problem.lower() in str(e.value).lower()


def test_text_without_numbering_or_attributions_is_a_clear_result():
    doc = policyparse.parse_text("这是一段没有编号、也没有责任单位的文字。")
    assert doc.sections == [] and doc.tasks == []
    doc = policyparse.parse_text("一、加强领导\n各地要加强组织领导。\n二、强化保障\n各部门要强化经费保障。")
    assert [t.text for t in doc.tasks] == ["各地要加强组织领导。", "各部门要强化经费保障。"]
    assert all(t.responsible == [] for t in doc.tasks)
    assert "no_attributions" in {w.code for w in doc.warnings}


def test_unknown_unit_warns_with_nearest_known():
    doc = policyparse.parse_text("一、任务\n推进试点。（知识产权数据管理中心负责）")
    w = [w for w in doc.warnings if w.code == "unknown_unit"]
    assert len(w) == 1 and "知识产权数据管理中心" in w[0].message and "nearest known unit" in w[0].message
    assert doc.tasks[0].responsible[0].unit_id.startswith("x.")


def test_labelled_attributions_in_a_real_notice(shared):
    """govcn-57 closes every item with （负责部门：X、Y，适用范围：…）: a label form, not a verb form."""
    doc = policyparse.parse(shared / "corpus" / "zh" / "govcn" / "govcn-57.html")
    assert len(doc.tasks) >= 50 and all(t.responsible for t in doc.tasks)
    assert [r.unit_id for r in doc.tasks[0].responsible] == ["mohrss", "mohurd", "mofcom"]
    t16 = next(t for t in doc.tasks if t.text.startswith("加强顶层设计"))
    assert [r.unit_id for r in t16.responsible] == ["ndrc", "nfsra"]  # 适用范围 is not a unit
    assert not [w for w in doc.warnings if w.code == "unknown_unit"]


def test_vocabulary_does_not_grow_over_many_documents():
    """Tokens are chunks of text, nearly all new: the strings of one parse are freed after it, so a
    batch of thousands of notices does not grow the pipeline's vocabulary (memory stays flat)."""
    import random

    nlp = policyparse.load("zh")
    policyparse.parse_text("一、任务\n推进工作。（商务部负责）")
    before = len(nlp.vocab.strings)
    rnd = random.Random(7)
    chars = "推进建设完善加强工作机制体系到年底前达成以上万元个项家部门地区"
    for _ in range(30):
        body = "。".join("".join(rnd.choice(chars) for _ in range(30)) for _ in range(20))
        policyparse.parse_text(f"一、任务\n{body}。（财政部负责）")
    assert len(nlp.vocab.strings) == before


def test_parsing_from_many_threads_gives_the_sequential_result():
    """A spaCy memory zone belongs to the vocabulary, not the thread: without PIPELINE_LOCK a
    second thread's Doc failed inside spaCy (Vocab.get assertion) while the first one's zone was open."""
    from concurrent.futures import ThreadPoolExecutor

    root = Path(__file__).resolve().parents[1] / "corpus"
    texts = [f"{p.read_text('utf-8')}\n附：第{i}号补充说明。" for i in range(60) for p in sorted(root.rglob("*.txt"))]
    sequential = [policyparse.parse_text(t).to_json() for t in texts]
    with ThreadPoolExecutor(8) as ex:
        threaded = list(ex.map(lambda t: policyparse.parse_text(t).to_json(), texts))
    assert threaded == sequential


def test_parse_inside_a_callers_memory_zone():
    """A service may wrap its work in nlp.memory_zone() as spaCy advises; zones do not nest, so
    parse() then leaves the strings to the caller's zone."""
    nlp = policyparse.load("zh")
    before = len(nlp.vocab.strings)
    with nlp.memory_zone():
        doc = policyparse.parse_text("一、任务\n推进某项独特的试点工作。（商务部负责）", nlp=nlp)
        assert doc.tasks[0].responsible[0].unit_id == "mofcom"
    assert len(nlp.vocab.strings) == before


def test_parse_cut_at_unit_names_equals_parse_with_sentence_tokens(shared):
    """parse() gives its own pipeline a Doc cut at unit names only (ChunkTokenizer.unit_doc); a
    pipeline passed in gets sentence tokens (make_doc). Both give the same Document on real
    notices in both languages and every format."""
    paths = ([shared / "corpus/seed/cnipa-guideline-2023-en.txt", shared / "corpus/zh/gwr/gwr-2019.txt"]
             + sorted((shared / "corpus/zh/govcn").glob("*.html"))[:12] + sorted((shared / "corpus/zh/pdf").glob("*.pdf"))
             + sorted(CORPUS.rglob("*.txt")))
    assert len(paths) >= 18
    for p in paths:
        coarse = policyparse.parse(p)
        fine = policyparse.parse(p, nlp=policyparse.load(coarse.language))
        assert coarse.to_dict() == fine.to_dict(), p.name


def test_unit_doc_is_cut_at_unit_names_only():
    nlp = policyparse.load("zh")
    text = "一、任务\n推进工作。（工业和信息化部、财政部负责）\n再推进！"
    doc = nlp.tokenizer.unit_doc(text)
    assert [t.text for t in doc] == ["一、任务\n推进工作。（", "工业和信息化部", "、", "财政部", "负责）\n再推进！"]
    doc = nlp.get_pipe("pp_units")(doc)
    assert [(e.text, e.ent_id_) for e in doc.ents] == [(e.text, e.ent_id_) for e in nlp(text).ents] \
        == [("工业和信息化部", "miit"), ("财政部", "mof")]
    assert [t.text for t in nlp.tokenizer.unit_doc("")] == [] and [t.text for t in nlp.tokenizer.unit_doc("财政部")] == ["财政部"]
