"""The spaCy pipeline: a thin adapter over policyparse's stages.

    nlp = policyparse.load("zh")          # spacy.Language
    nlp.pipe_names  -> ['pp_sentences', 'pp_units', 'pp_structure', 'pp_attributions', 'pp_tasks',
                        'pp_targets', 'pp_deadlines', 'pp_document']
    doc = nlp(text)
    doc._.pp_document                     # the policyparse Document, as parse_text gives it

The components are made from the stage table (``policyparse.stages.STAGES``), the rows
``policyparse.parse`` runs: one component ``pp_<stage>`` per row, which calls the row's function
on the Doc extensions it needs and stores its typed result in ``doc._.pp_<stage>``;
``requires``/``assigns`` come from the same rows (``nlp.analyze_pipes()`` finds nothing
missing), and nothing travels outside them. ``pp_view`` computes the text as the rules read it
once (traditional characters mapped to simplified).
``pp_units`` is a spaCy PhraseMatcher filled from the unit registry, so ``doc.ents`` holds UNIT
spans whose ``ent_id_`` is the unit id (a trained NER added before it keeps its entities).
No model is downloaded: the tokenizer (``tokenizer.py``) cuts text into chunks (unit names
whole; sentences, each ending with its mark), not words, and the lexemes carry only LANG and
LOWER. Run documents inside ``nlp.memory_zone()`` when processing many: chunks are nearly all
new strings. ``policyparse.parse`` does not use this module (nor import spaCy).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable

import numpy as np
import spacy
from spacy.attrs import IDX, LANG, LENGTH, LOWER, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..assemble import assemble
from ..clean.language import matching_view
from ..fast.chars import WHITESPACE, char_mask, code_points, lookup
from ..findings import Block, CleanText, Ingested, UnitMatch
from ..stages import INPUTS, STAGES, Stage, packed, warnings_of
from ..units.registry import name_spans, names_of
from .tokenizer import ChunkTokenizer

# the adapter's own components around the table's rows
SENT_PUNCT = ["。", "！", "？", "；", "!", "?", ".", ";", "\n"]
EXTENSIONS = ("pp_view", *(f"pp_{st.name}" for st in STAGES), "pp_document")
for _name in EXTENSIONS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
COMPONENTS = ["pp_sentences", "pp_view", *(f"pp_{st.name}" for st in STAGES), "pp_document"]


def _lang(doc: Doc) -> str:
    return doc.lang_ if doc.lang_ in ("zh", "en") else "en"


class SentenceBoundaries:
    """A sentence ends with a token whose last character is one of ``punct_chars`` (。！？； . ! ? ;
    and line breaks; a "." only before a space or the end, so 3.5 and e.g. stay inside one). The
    rule of spaCy's Sentencizer, read from the token ends instead of one Python Token object per
    token, and the same for the chunk tokens of ``tokenizer.py`` (each sentence one or a few
    tokens, its end mark included) as for word tokens from another tokenizer."""

    def __init__(self, nlp: Language, punct_chars: list[str]):
        self.punct = char_mask(punct_chars)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        ends = doc.to_array([IDX, LENGTH]).sum(axis=1)
        chars = code_points(doc.text)
        last = chars[
            ends - 1
        ]  # each token's last character, and the one after it (a space at the end)
        after = np.append(chars, np.uint32(32))[ends]
        closes = lookup(self.punct, last) & ((last != ord(".")) | lookup(WHITESPACE.mask, after))
        # -1: not a start (as spaCy's Sentencizer marks); spaCy's arrays are uint64, so -1 wraps
        # to 2**64-1 and is read back as -1
        starts = np.where(closes, 1, -1)
        starts = np.concatenate(([1], starts[:-1])).astype("int64")
        doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))  # type: ignore[arg-type]
        return doc


@Language.factory(
    "pp_sentences", assigns=["token.is_sent_start"], default_config={"punct_chars": SENT_PUNCT}
)
def make_sentences(nlp: Language, name: str, punct_chars: list[str]) -> SentenceBoundaries:
    return SentenceBoundaries(nlp, punct_chars)


@Language.component("pp_view", assigns=["doc._.pp_view"])
def view_component(doc: Doc) -> Doc:
    """The text as the rules read it (traditional characters mapped to simplified), once."""
    doc._.pp_view = matching_view(doc.text) if _lang(doc) == "zh" else doc.text
    return doc


def _given(doc: Doc, name: str) -> Any:
    """A stage's input from the Doc: its text and language, the view, the value of an earlier
    stage; a Doc has no page hints, no cut paragraphs and no task-table cells."""
    if name == "text":
        return doc.text
    if name == "language":
        return _lang(doc)
    if name in ("hints", "cells"):
        return {} if name == "hints" else []
    if name == "run_together":
        return False
    return getattr(doc._, f"pp_{name}")


def _component(stage: Stage) -> Callable[[Doc], Doc]:
    def component(doc: Doc) -> Doc:
        setattr(doc._, f"pp_{stage.name}", stage.run(*(_given(doc, n) for n in stage.needs)))
        return doc

    component.__doc__ = f"The {stage.name} stage (``policyparse.stages``) on the Doc."
    return component


for _stage in STAGES:
    if _stage.name != "units":  # the units row is the PhraseMatcher below
        Language.component(
            f"pp_{_stage.name}",
            requires=[f"doc._.pp_{n}" for n in _stage.needs if n not in INPUTS or n == "view"],
            assigns=[f"doc._.pp_{_stage.name}"],
            func=_component(_stage),
        )


class UnitMatcher:
    """Known unit names (every registry alias) as UNIT entities whose ``ent_id_`` is the unit id.

    A spaCy PhraseMatcher on lower-cased tokens; longest match first, no overlaps, existing
    entities (a trained NER added before it) kept. The matches are also kept as
    ``policyparse.units.UnitMatch`` values in ``doc._.pp_units``, what the units stage gives."""

    def __init__(self, nlp: Language, name: str = "pp_units"):
        from spacy.matcher import PhraseMatcher

        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        lang = nlp.lang if nlp.lang in ("zh", "en") else "en"
        by_id: dict[str, list] = {}
        for p in unit_patterns(lang):
            by_id.setdefault(p["id"], []).append(nlp.make_doc(p["pattern"]))
        for uid, docs in by_id.items():
            self.matcher.add(uid, docs)

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens import Span
        from spacy.util import filter_spans

        spans = [
            Span(doc, s, e, label="UNIT", kb_id=doc.vocab.strings[m])
            for m, s, e in self.matcher(doc)
        ]
        spans = filter_spans(spans)
        for sp in spans:
            sp.id_ = sp.kb_id_
        existing = list(doc.ents) if doc.has_annotation("ENT_IOB") else []
        taken = {i for e in existing for i in range(e.start, e.end)}
        keep = [sp for sp in spans if not any(i in taken for i in range(sp.start, sp.end))]
        doc.set_ents(keep, default="unmodified")
        doc._.pp_units = [UnitMatch(sp.start_char, sp.end_char, sp.kb_id_) for sp in keep]
        return doc


@Language.factory("pp_units", assigns=["doc.ents", "doc._.pp_units"])
def make_unit_matcher(nlp: Language, name: str) -> UnitMatcher:
    return UnitMatcher(nlp, name)


@Language.component(
    "pp_document",
    requires=[f"doc._.pp_{st.name}" for st in STAGES],
    assigns=["doc._.pp_document"],
)
def document_component(doc: Doc) -> Doc:
    """The policyparse ``Document`` of the Doc's text, taken as plain text that is already clean
    (``policyparse.parse_text`` cleans first: give ``nlp`` its ``doc.text`` for the same result)."""
    import hashlib

    ing = Ingested([Block(doc.text)], "text", hashlib.sha256(doc.text.encode("utf-8")).hexdigest())
    clean = CleanText(doc.text, ing.blocks, [0])
    values = {st.name: getattr(doc._, f"pp_{st.name}") for st in STAGES}
    doc._.pp_document = assemble(
        ing, clean, _lang(doc), **packed(values), warnings=warnings_of(values)
    )
    return doc


def unit_patterns(language: str) -> list[dict]:
    """EntityRuler-style patterns (label UNIT, id = unit id) for every registry name."""
    return [{"label": "UNIT", "pattern": name, "id": uid} for name, uid in names_of(language)]


class LanguageId:
    """spaCy's LANG getter, giving every new lexeme the language as a string-store id.

    spaCy stores a getter's int as it is, but looks a string up in the string store (a hash of it)
    for every new lexeme; ``Vocab.lang`` asks the getter with "_" for the language's name, and
    gets the name. A test checks ``doc.lang_``, ``token.lang_`` and ``vocab.lang``."""

    def __init__(self, nlp: Language):
        self.lang = str(nlp.lang)
        self.lang_id = nlp.vocab.strings.add(self.lang)

    def __call__(self, text: str) -> "str | int":
        return self.lang if text == "_" else self.lang_id


def lexeme_attributes(nlp: Language) -> dict:
    """The lexical attributes a new lexeme gets: LANG and LOWER (the unit matcher matches LOWER).

    Tokens are chunks of text, nearly every one new; spaCy's dozen lexical attributes (shape,
    like_num, like_url …) for each cost more than the rest of the parse, and mean little for a
    sentence-long token (``norm_``, ``shape_`` … are empty)."""
    return {LANG: LanguageId(nlp), LOWER: str.lower}


@lru_cache(maxsize=4)
def load(language: str = "zh") -> Language:
    """A ready pipeline for ``zh`` or ``en`` (built once per process; treat it as read-only)."""
    if language not in ("zh", "en"):
        raise ValueError(f"language must be 'zh' or 'en', not {language!r}")
    nlp = spacy.blank(language)
    nlp.vocab.lex_attr_getters = lexeme_attributes(nlp)  # type: ignore[attr-defined]
    nlp.tokenizer = ChunkTokenizer(nlp.vocab, name_spans(language), language)
    nlp.max_length = 10**9  # policyparse.Limits.max_chars is the limit that applies
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp
