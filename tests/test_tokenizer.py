"""The chunk tokenizer and the sentence component: what the pipeline's tokens promise."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

import policyparse
from policyparse.nlp.tokenizer import SENTENCE_END


def _rule_sentences(text: str, names: list[tuple[int, int]]) -> list[str]:
    """Sentences by the rule itself: cut after every sentence end that is not inside a name."""
    cuts = [
        m.end() for m in SENTENCE_END.finditer(text) if not any(s < m.end() < e for s, e in names)
    ]
    out, pos = [], 0
    for c in cuts + [len(text)]:
        if c > pos:
            out.append(text[pos:c])
            pos = c
    return out


def test_zh_tokens_keep_unit_names_whole_and_end_sentences():
    nlp = policyparse.load("zh")
    doc = nlp("一、任务\n推进工作。（工业和信息化部、财政部负责）\n\n再推进！财政部。")
    assert [t.text for t in doc] == [
        "一、任务\n",
        "推进工作。",
        "（",
        "工业和信息化部",
        "、",
        "财政部",
        "负责）\n",
        "\n",
        "再推进！",
        "财政部",
        "。",
    ]
    assert [s.text for s in doc.sents] == [
        "一、任务\n",
        "推进工作。",
        "（工业和信息化部、财政部负责）\n",
        "\n",
        "再推进！",
        "财政部。",
    ]


def test_en_full_stop_ends_a_sentence_only_before_a_space_or_the_end():
    nlp = policyparse.load("en")
    doc = nlp("Cut it to 3.5 days, e.g. by Friday. The Ministry of Commerce is responsible.")
    assert [s.text for s in doc.sents] == [
        "Cut it to 3.5 days, e.g.",
        " by Friday.",
        " The Ministry of Commerce is responsible.",
    ]
    assert [(e.text, e.ent_id_) for e in doc.ents] == [("Ministry of Commerce", "mofcom")]


def test_lexemes_carry_the_language():
    for lang in ("zh", "en"):
        nlp = policyparse.load(lang)
        doc = nlp("财政部负责。" if lang == "zh" else "The Ministry of Finance is responsible. _")
        assert nlp.vocab.lang == doc.lang_ == lang
        assert {t.lang_ for t in doc} == {lang}
    assert [t.lower_ for t in policyparse.load("en")("The MOF.")] == ["the ", "mof", "."]
    assert [t.lower_ for t in policyparse.load("zh")("财政部和WTO。")] == ["财政部", "和wto。"]


_PIECES = [
    "。",
    "！",
    "；",
    ";",
    ".",
    ". ",
    "\n",
    "3.5",
    "财政部",
    "工业和信息化部",
    "推进",
    "（",
    "）",
    "a",
    " ",
    "？",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_zh_tokens_join_to_the_text_and_sentences_follow_the_rule(text):
    nlp = policyparse.load("zh")
    doc = nlp(text)
    assert "".join(t.text for t in doc) == text
    names = [(e.start_char, e.end_char) for e in doc.ents]
    assert [(n.text) for n in doc.ents] == [text[s:e] for s, e in nlp.tokenizer.unit_spans(text)]
    if text:
        assert [s.text for s in doc.sents] == _rule_sentences(text, names)


def test_long_runs_of_marks_and_names():
    nlp = policyparse.load("zh")
    doc = nlp("。" * 20000 + "财政部" * 5000)
    assert len(doc) == 25000 and len(list(doc.sents)) == 20001
    assert re.fullmatch("(财政部)+", doc[-5000:].text)


def test_whitespace_table_holds_every_space_character():
    import sys

    from policyparse.fast.chars import WHITESPACE

    assert WHITESPACE.mask.nonzero()[0].tolist() == [
        c for c in range(sys.maxunicode + 1) if chr(c).isspace()
    ]


def test_sentences_of_word_tokens_from_another_tokenizer():
    """pp_sentences reads token ends, so a Doc of ordinary word tokens gets the same sentences."""
    from spacy.tokens import Doc

    nlp = policyparse.load("en")
    doc = Doc(
        nlp.vocab,
        words=["Cut", "it", "to", "3.5", "days", ".", "Then", "stop", "!"],
        spaces=[True, True, True, True, False, True, True, False, False],
    )
    doc = nlp.get_pipe("pp_sentences")(doc)
    assert [s.text for s in doc.sents] == ["Cut it to 3.5 days.", "Then stop!"]
