"""The spaCy pipeline: a blank ``en``/``zh`` Language with policyparse's registered components.

    nlp = policyparse.load("zh")          # spacy.Language
    nlp.pipe_names  -> ['pp_sentences', 'pp_units', 'pp_outline', 'pp_attributions', 'pp_targets', 'pp_deadlines']

Components read ``doc.text`` and write Doc extensions (``doc._.pp_outline`` …); ``pp_units`` is
spaCy's EntityRuler filled from the unit registry, so ``doc.ents`` holds UNIT spans whose
``ent_id_`` is the canonical unit id, and the attribution component uses them to keep unit names
that contain a conjunction whole. A user can add a trained NER before ``pp_units``. No model is
downloaded: ``spacy.blank`` segments Chinese by character offline.
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .extract.attributions import find_attributions
from .extract.deadlines import find_deadlines
from .extract.targets import find_targets, review_spans
from .metadata import document_date
from .outline import build_tree, find_items
from .registry import load_registry
from .tokenizer import RegexTokenizer

for _name in ("pp_outline", "pp_attributions", "pp_targets", "pp_deadlines", "pp_warnings"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

SENT_PUNCT = ["。", "！", "？", "；", "!", "?", ".", ";", "\n"]
COMPONENTS = ["pp_sentences", "pp_units", "pp_outline", "pp_attributions", "pp_targets", "pp_deadlines"]


def _lang(doc: Doc) -> str:
    return doc.lang_ if doc.lang_ in ("zh", "en") else "en"


@Language.component("pp_outline", assigns=["doc._.pp_outline", "doc._.pp_warnings"])
def outline_component(doc: Doc) -> Doc:
    items, warnings = find_items(doc.text)
    doc._.pp_outline = items
    doc._.pp_warnings = (doc._.pp_warnings or []) + warnings
    return doc


@Language.component("pp_attributions", requires=["doc._.pp_outline"], assigns=["doc._.pp_attributions"])
def attributions_component(doc: Doc) -> Doc:
    protected = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "UNIT"]
    doc._.pp_attributions = find_attributions(doc.text, _lang(doc), protected)
    return doc


@Language.component("pp_targets", requires=["doc._.pp_outline"], assigns=["doc._.pp_targets"])
def targets_component(doc: Doc) -> Doc:
    items = doc._.pp_outline or []
    tops = [build_tree([it], doc.text)[0] for it in items if it.level == 1]
    doc._.pp_targets = find_targets(doc.text, _lang(doc), review_spans(tops, _lang(doc)))
    return doc


@Language.component("pp_deadlines", requires=["doc._.pp_outline"], assigns=["doc._.pp_deadlines"])
def deadlines_component(doc: Doc) -> Doc:
    """Resolves year-less limits against the document's date (``doc.user_data['policyparse']``:
    ``metadata``), inferred from top-level headings when the notice carries no date."""
    ctx = doc.user_data.setdefault("policyparse", {})
    md = ctx.get("metadata")
    titles = [doc.text[it.title_start:it.title_end] for it in (doc._.pp_outline or []) if it.level == 1]
    if md is not None:
        doc_date, inferred = document_date(md, doc.text, titles)
    else:
        doc_date, inferred = None, True
    ctx["doc_date"], ctx["doc_date_inferred"] = doc_date, inferred
    issued = date.fromisoformat(md.issued_on) if md is not None and md.issued_on else None
    doc._.pp_deadlines = find_deadlines(doc.text, _lang(doc), doc_date, issued)
    return doc


def unit_patterns(language: str) -> list[dict]:
    """EntityRuler patterns (label UNIT, id = unit id) for every registry name of a language."""
    import re

    reg = load_registry()
    pats = []
    for name, uid in reg.names():
        is_zh = bool(re.search(r"[\u4e00-\u9fff]", name))
        if is_zh == (language == "zh") and len(name) >= 2:
            pats.append({"label": "UNIT", "pattern": name, "id": uid})
    return pats


@lru_cache(maxsize=4)
def load(language: str = "zh") -> Language:
    """A ready pipeline for ``zh`` or ``en`` (built once per process; treat it as read-only)."""
    if language not in ("zh", "en"):
        raise ValueError(f"language must be 'zh' or 'en', not {language!r}")
    nlp = spacy.blank(language)
    nlp.tokenizer = RegexTokenizer(nlp.vocab)
    nlp.max_length = 10 ** 9  # policyparse.Limits.max_chars is the limit that applies
    nlp.add_pipe("sentencizer", name="pp_sentences", config={"punct_chars": SENT_PUNCT})
    ruler = nlp.add_pipe("entity_ruler", name="pp_units", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(unit_patterns(language))
    nlp.add_pipe("pp_outline")
    nlp.add_pipe("pp_attributions")
    nlp.add_pipe("pp_targets")
    nlp.add_pipe("pp_deadlines")
    return nlp
