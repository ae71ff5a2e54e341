"""The spaCy pipeline: a blank ``en``/``zh`` Language with policyparse's registered components.

    nlp = policyparse.load("zh")          # spacy.Language
    nlp.pipe_names  -> ['pp_sentences', 'pp_units', 'pp_outline', 'pp_attributions', 'pp_targets', 'pp_deadlines']

Components read ``doc.text`` and write Doc extensions (``doc._.pp_outline`` …); ``pp_units`` is
a spaCy PhraseMatcher filled from the unit registry, so ``doc.ents`` holds UNIT spans whose
``ent_id_`` is the canonical unit id, and the attribution component uses them to keep unit names
that contain a conjunction whole. (spaCy's EntityRuler does the same but reads ``doc.ents``
several times per document, which costs a Python object per token each time.) A user can add a
trained NER before ``pp_units``. No model is downloaded: the tokenizer (``tokenizer.py``) cuts
text into chunks (unit names whole; sentences, each ending with its mark), not words, and the
lexemes carry only LANG and LOWER. ``policyparse.parse`` cuts its Doc at unit names
only (``ChunkTokenizer.unit_doc``) and skips ``pp_sentences``: its components read character
offsets, and sentence tokens are for users of ``doc.sents``. Run a document inside
``nlp.memory_zone()`` when parsing many (as ``policyparse.parse`` does): chunks are nearly all new
strings.
"""
from __future__ import annotations

import threading
from datetime import date
from functools import lru_cache

import numpy as np
import spacy
from spacy.attrs import IDX, LANG, LENGTH, LOWER, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..fast.chars import WHITESPACE, char_mask, code_points, lookup
from ..extract.attributions import find_attributions
from ..extract.deadlines import find_deadlines
from ..extract.targets import find_targets, goal_spans, review_spans
from ..structure.metadata import document_date
from ..structure.outline import find_items
from ..units.registry import name_spans, names_of
from .tokenizer import ChunkTokenizer

for _name in ("pp_units", "pp_outline", "pp_attributions", "pp_targets", "pp_deadlines", "pp_warnings"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

# spaCy's memory zones switch the vocabulary's allocator for everyone using it, so a pipeline
# runs one document at a time: ``policyparse.parse`` holds this lock while it uses a pipeline (in
# batch workers with several threads, a Dask worker, a web server). Hold it too when calling a
# pipeline from ``policyparse.load()`` in threads that run alongside ``parse``.
PIPELINE_LOCK = threading.RLock()

SENT_PUNCT = ["。", "！", "？", "；", "!", "?", ".", ";", "\n"]
COMPONENTS = ["pp_sentences", "pp_units", "pp_outline", "pp_attributions", "pp_targets", "pp_deadlines"]


def _text(doc: Doc) -> str:
    """doc.text, read once: spaCy rebuilds it from every token on each access."""
    cache = doc.user_data.setdefault("policyparse_text", {})
    if cache.get("n") != len(doc):
        cache["n"], cache["text"] = len(doc), doc.text
    return cache["text"]


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
        chars = code_points(_text(doc))
        last = chars[ends - 1]  # each token's last character, and the one after it (a space at the end)
        after = np.append(chars, np.uint32(32))[ends]
        closes = lookup(self.punct, last) & ((last != ord(".")) | lookup(WHITESPACE, after))
        # -1: not a start (as spaCy's Sentencizer marks); spaCy's arrays are uint64, so -1 wraps
        # to 2**64-1 and is read back as -1
        starts = np.where(closes, 1, -1)
        starts = np.concatenate(([1], starts[:-1])).astype("int64")
        doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))
        return doc


@Language.factory("pp_sentences", assigns=["token.is_sent_start"], default_config={"punct_chars": SENT_PUNCT})
def make_sentences(nlp: Language, name: str, punct_chars: list[str]) -> SentenceBoundaries:
    return SentenceBoundaries(nlp, punct_chars)


@Language.component("pp_outline", assigns=["doc._.pp_outline", "doc._.pp_warnings"])
def outline_component(doc: Doc) -> Doc:
    items, warnings = find_items(_text(doc))
    doc._.pp_outline = items
    doc._.pp_warnings = (doc._.pp_warnings or []) + warnings
    return doc


class UnitMatcher:
    """Known unit names (every registry alias) as UNIT entities whose ``ent_id_`` is the unit id.

    A spaCy PhraseMatcher on lower-cased tokens; longest match first, no overlaps, existing
    entities (a trained NER added before it) kept. The spans are also kept as character offsets in ``doc._.pp_units`` for
    the attribution component."""

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

        spans = [Span(doc, s, e, label="UNIT", kb_id=doc.vocab.strings[m]) for m, s, e in self.matcher(doc)]
        spans = filter_spans(spans)
        for sp in spans:
            sp.id_ = sp.kb_id_
        existing = list(doc.ents) if doc.has_annotation("ENT_IOB") else []
        taken = {i for e in existing for i in range(e.start, e.end)}
        keep = [sp for sp in spans if not any(i in taken for i in range(sp.start, sp.end))]
        doc.set_ents(keep, default="unmodified")
        doc._.pp_units = [(sp.start_char, sp.end_char, sp.kb_id_) for sp in keep]
        return doc


@Language.factory("pp_units", assigns=["doc.ents", "doc._.pp_units"])
def make_unit_matcher(nlp: Language, name: str) -> UnitMatcher:
    return UnitMatcher(nlp, name)


@Language.component("pp_attributions", requires=["doc._.pp_outline"], assigns=["doc._.pp_attributions"])
def attributions_component(doc: Doc) -> Doc:
    protected = [(a, b) for a, b, _ in (doc._.pp_units or [])]
    doc._.pp_attributions = find_attributions(_text(doc), _lang(doc), protected)
    return doc


@Language.component("pp_targets", requires=["doc._.pp_outline"], assigns=["doc._.pp_targets"])
def targets_component(doc: Doc) -> Doc:
    items = doc._.pp_outline or []
    text = _text(doc)
    tops = [(text[it.title_start:it.title_end], it.start, max(it.end, it.line_end)) for it in items if it.level == 1]
    doc._.pp_targets = find_targets(_text(doc), _lang(doc), review_spans(tops, _lang(doc)), goal_spans(tops, _lang(doc)))
    return doc


@Language.component("pp_deadlines", requires=["doc._.pp_outline"], assigns=["doc._.pp_deadlines"])
def deadlines_component(doc: Doc) -> Doc:
    """Resolves year-less limits against the document's date (``doc.user_data['policyparse']``:
    ``metadata``), inferred from top-level headings when the notice carries no date."""
    ctx = doc.user_data.setdefault("policyparse", {})
    md = ctx.get("metadata")
    titles = [_text(doc)[it.title_start:it.title_end] for it in (doc._.pp_outline or []) if it.level == 1]
    if md is not None:
        doc_date, inferred = document_date(md, _text(doc), titles)
    else:
        doc_date, inferred = None, True
    ctx["doc_date"], ctx["doc_date_inferred"] = doc_date, inferred
    issued = date.fromisoformat(md.issued_on) if md is not None and md.issued_on else None
    doc._.pp_deadlines = find_deadlines(_text(doc), _lang(doc), doc_date, issued)
    return doc


def unit_patterns(language: str) -> list[dict]:
    """EntityRuler-style patterns (label UNIT, id = unit id) for every registry name of a language."""
    return [{"label": "UNIT", "pattern": name, "id": uid} for name, uid in names_of(language)]


class LanguageId:
    """spaCy's LANG getter, giving every new lexeme the language as a string-store id.

    spaCy stores a getter's int as it is, but looks a string up in the string store (a hash of it)
    for every new lexeme; ``Vocab.lang`` asks the getter with "_" for the language's name, and
    gets the name. A test checks ``doc.lang_``, ``token.lang_`` and ``vocab.lang``."""

    def __init__(self, nlp: Language):
        self.lang = nlp.lang
        self.lang_id = nlp.vocab.strings.add(nlp.lang)

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
    nlp.vocab.lex_attr_getters = lexeme_attributes(nlp)
    nlp.tokenizer = ChunkTokenizer(nlp.vocab, name_spans(language), language)
    nlp.max_length = 10 ** 9  # policyparse.Limits.max_chars is the limit that applies
    nlp.add_pipe("pp_sentences")
    nlp.add_pipe("pp_units")
    nlp.add_pipe("pp_outline")
    nlp.add_pipe("pp_attributions")
    nlp.add_pipe("pp_targets")
    nlp.add_pipe("pp_deadlines")
    return nlp
