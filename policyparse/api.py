"""The one obvious entry point: ``policyparse.parse(path_or_bytes)`` -> ``Document``.

Data flows one way: ingest -> clean text -> spaCy pipeline (outline, attributions, targets,
deadlines) -> tasks -> units resolved against the registry -> Document.
"""
from __future__ import annotations

import bisect
import contextlib
import re
from functools import lru_cache
from pathlib import Path
from typing import Optional, Union

import numpy as np

from . import ingest
from .fast.chars import char_mask, code_points, count_between, lookup
from .clean import CleanText, clean_blocks
from .errors import IngestError, LimitExceeded
from .limits import Limits
from .structure.metadata import detect_language, extract_metadata
from .model import (Deadline, Document, Responsibility, Source, Target, Task,
                    Warning)
from .structure.outline import build_tree_with_ids
from .units.registry import load_registry
from .extract.tasks import innermost, segment


def parse(source: Union[str, Path, bytes], *, language: Optional[str] = None, format: Optional[str] = None,
          name: Optional[str] = None, url: Optional[str] = None, limits: Union[Limits, dict, None] = None,
          nlp=None) -> Document:
    """Parse a notice from a file path or raw bytes (any of text, html, pdf, docx).

    ``language`` ("zh"/"en") and ``format`` are detected when not given. Raises
    ``PolicyParseError`` subclasses with the file named for input that cannot be read.
    """
    lim = Limits.resolve(limits)
    ing = ingest.read(source, format=format, name=name, url=url, limits=lim)
    return from_ingested(ing, language=language, limits=lim, nlp=nlp)


def parse_text(text: str, *, language: Optional[str] = None, name: Optional[str] = None, nlp=None) -> Document:
    """Parse a notice given as a string (plain text)."""
    return parse(text.encode("utf-8"), language=language, format="text", name=name, nlp=nlp)


def from_ingested(ing: ingest.Ingested, *, language: Optional[str] = None, limits: Optional[Limits] = None,
                  nlp=None) -> Document:
    lim = limits or Limits.resolve()
    clean = clean_blocks(ing.blocks)
    where = ing.path or ing.url
    if len(clean.text) > lim.max_chars:
        raise LimitExceeded(f"text has {len(clean.text)} characters, more than the limit of {lim.max_chars}", where)
    warnings = [Warning(w.split(":")[0].replace(" ", "_"), w) for w in ing.warnings]
    if not clean.text.strip():
        if ing.format == "pdf" and ing.warnings:
            lang = language or "zh"
            return _empty(ing, lang, warnings)
        raise IngestError("no text left after removing page furniture", where)
    lang = language or detect_language(clean.text)
    if lang not in ("zh", "en"):
        raise ValueError(f"language must be 'zh' or 'en', not {lang!r}")
    md = extract_metadata(clean.text, lang, ing.hints)
    from .nlp.pipeline import COMPONENTS, PIPELINE_LOCK, load
    from .nlp.tokenizer import ChunkTokenizer

    own = nlp is None
    if nlp is None:
        nlp = load(lang)
    # policyparse's own pipeline reads character offsets and needs only the unit names whole: its
    # Doc is cut at the names alone (ChunkTokenizer.unit_doc; the same output, a third less
    # time). A caller's pipeline (a trained NER before pp_units) gets its tokenizer's tokens.
    coarse = own and isinstance(nlp.tokenizer, ChunkTokenizer) and nlp.pipe_names == COMPONENTS
    view = matching_view(clean.text) if lang == "zh" else clean.text
    # the pipeline's tokens are chunks of text, nearly all new to the vocabulary: strings added
    # while parsing one notice are freed after it, so memory stays flat over a batch. A memory
    # zone is the vocabulary's, not the thread's: one document at a time (PIPELINE_LOCK)
    # (inside a caller's own zone the strings are theirs to free: zones do not nest)
    zone = contextlib.nullcontext() if getattr(nlp.vocab, "in_memory_zone", False) else nlp.memory_zone()
    with PIPELINE_LOCK, zone:
        doc = nlp.tokenizer.unit_doc(view) if coarse else nlp.make_doc(view)
        doc.user_data["policyparse"] = {"metadata": md}
        doc.user_data["policyparse_text"] = {"n": len(doc), "text": view}  # so no component rebuilds doc.text
        for name, proc in nlp.pipeline:
            if coarse and name == "pp_sentences":
                continue  # sentences of a Doc cut at unit names mean nothing, and parse() uses none
            doc = proc(doc)
        return assemble(doc, clean, md, ing, lang, warnings)


def matching_view(text: str) -> str:
    """Traditional characters mapped to simplified ones, character for character (OpenCC t2s),
    so that 商務部 matches 商务部 and 負責 reads as 负责. The view has the same length as the
    text, so every span found in it quotes the text as written."""
    table, traditional = _t2s_table()
    head = text[:5_000]  # the script of a notice shows in its first page
    cp = code_points(head)
    cjk = count_between(cp, 0x3400, 0x9FFF)
    # a simplified text with a stray variant (著, 乾) is left alone: only traditional text is mapped
    if not cjk or np.count_nonzero(lookup(traditional, cp)) < 0.05 * cjk:
        return text
    return text.translate(table)




@lru_cache(maxsize=1)
def _t2s_table() -> tuple[dict[int, str], np.ndarray]:
    """OpenCC's t2s mapping for every CJK character that maps to one other character (read-only,
    built once in one OpenCC call), and a lookup table of those characters (``char_mask``)."""
    import opencc

    chars = [chr(i) for i in (*range(0x3400, 0xA000), *range(0xF900, 0xFB00))]
    out = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(out) != len(chars):  # a newline-spanning rule would misalign: map one by one
        conv = opencc.OpenCC("t2s")
        out = [conv.convert(c) for c in chars]
    table = {ord(a): b for a, b in zip(chars, out) if len(b) == 1 and b != a}
    return table, char_mask(map(chr, table))


def _empty(ing, lang, warnings) -> Document:
    from .model import Metadata
    return Document(lang, Source(ing.format, ing.sha256, ing.path, ing.url), "", Metadata(), [], [], [], [],
                    warnings)


def assemble(doc, clean: CleanText, md, ing, lang: str, warnings: list[Warning]) -> Document:
    text = clean.text
    sp = clean.span
    items = doc._.pp_outline or []
    sections, item_ids = build_tree_with_ids(items, text, clean.page_at)
    warnings = warnings + list(doc._.pp_warnings or [])
    ctx = doc.user_data.get("policyparse", {})
    if ctx.get("doc_date_inferred") and ctx.get("doc_date"):
        warnings.append(Warning("document_date_inferred",
                                f"no issue or publication date; relative limits resolve against {ctx['doc_date'].year}"))
    reg = load_registry()

    deadlines = [Deadline(text[d.start:d.end], d.date, sp(d.start, d.end), d.recurring) for d in (doc._.pp_deadlines or [])]
    for d in deadlines:
        if d.date is None:
            warnings.append(Warning("deadline_unresolved", f"cannot date {d.text!r} (the notice carries no date)", d.span))

    targets = []
    dl_starts = [d.span.start for d in deadlines]
    item_starts = [it.start for it in items]
    for t in doc._.pp_targets or []:
        k = bisect.bisect_right(dl_starts, t.end) - 1
        if k >= 0 and deadlines[k].span.end > t.start:
            continue  # "within 30 days of issuance" is a time limit, not a target
        tg = Target(text[t.start:t.end], t.metric, t.comparator, t.value, t.unit, t.kind, sp(t.start, t.end),
                    _target_year(text, t.start, deadlines, dl_starts, ctx.get("doc_date"), items, item_starts),
                    t.value_max)
        targets.append(tg)
    tg_starts = [t.span.start for t in targets]

    atts = doc._.pp_attributions or []
    raw = segment(text, items, atts)
    if not atts and raw:
        warnings.append(Warning("no_attributions", "the notice names no responsible units; "
                                "each lowest-level item is a task with an empty 'responsible'"))
    tasks = []
    warned: set[str] = set()
    for n, rt in enumerate(raw, 1):
        resp = []
        att = rt.attribution
        if att is not None:
            for u in att.units:
                res = reg.resolve(u.text)
                if not res.known and u.text not in warned:
                    warned.add(u.text)
                    near = f"; nearest known unit: {res.nearest.zh} ({res.nearest.en}, {res.nearest_score:.0f}/100)" if res.nearest else ""
                    warnings.append(Warning("unknown_unit", f"unit {u.text!r} is not in the registry{near}",
                                            sp(u.start, u.end)))
                resp.append(Responsibility(text=text[u.start:u.end], unit_id=res.unit_id,
                                           name=res.unit.zh if res.unit else res.name, role=u.role,
                                           division_of_duties=att.division_of_duties,
                                           name_zh=res.unit.zh if res.unit else None,
                                           name_en=res.unit.en if res.unit else None,
                                           known=res.known, span=sp(u.start, u.end)))
        span = sp(rt.start, rt.end)
        extent = _extent_end(text, att.end if att else rt.end)
        within = lambda starts, xs: xs[bisect.bisect_left(starts, rt.start):bisect.bisect_left(starts, extent)]  # noqa: E731
        task = Task(id=f"t{n}", section_id=item_ids[rt.item] if rt.item is not None else None,
                    text=text[rt.start:rt.end], span=span, responsible=resp,
                    targets=within(tg_starts, targets),
                    deadlines=within(dl_starts, deadlines),
                    attribution=text[att.start:att.end] if att else None,
                    attribution_span=sp(att.start, att.end) if att else None)
        tasks.append(task)
    return Document(language=lang, source=Source(ing.format, ing.sha256, ing.path, ing.url), text=text,
                    metadata=md, sections=sections, tasks=tasks, targets=targets, deadlines=deadlines,
                    warnings=warnings)


def _parent(items, k: int) -> Optional[int]:
    lvl = items[k].level
    for i in range(k - 1, -1, -1):
        if items[i].level < lvl:
            return i
    return None


def _extent_end(text: str, pos: int) -> int:
    """Where a task's own items end: its attribution, or a "完成时限：…" / "Deadline: …" line
    directly after it (task tables written as lines)."""
    nl = text.find("\n", pos)
    if nl < 0:
        return pos
    if text[pos:nl].strip():
        return pos
    nxt = text.find("\n", nl + 1)
    line = text[nl + 1:nxt if nxt >= 0 else len(text)].lstrip(" \u3000（(")
    if line.lower().startswith(_limit_labels()):
        return nxt if nxt >= 0 else len(text)
    return pos


@lru_cache(maxsize=1)
def _limit_labels() -> tuple[str, ...]:
    from .extract.deadlines import words

    return tuple(lab.lower() for lab in words()["limit_labels"])


_SENTENCE_MARK = re.compile(r"[。.;；\n]")
_IN_YEAR = re.compile(r"\b(?:in|for|during)\s+((?:19|20)\d{2})\b")
_THIS_YEAR = re.compile(r"今年|本年|this year")


def _target_year(text: str, pos: int, deadlines: list[Deadline], dl_starts: list[int], doc_date, items,
                 item_starts: list[int]) -> Optional[int]:
    """The year a target is due: the closest limit before it inside its numbered item (a dash
    bullet inherits its parent's: "(2) By the end of 2023 … ——… reduced to 16 months"), or in
    its paragraph; else the document's year when the paragraph says 今年 / "this year"."""
    para_start = text.rfind("\n", 0, pos) + 1
    sentence_tail = _SENTENCE_MARK.split(text[pos:pos + 200], maxsplit=1)[0]
    m = _IN_YEAR.search(sentence_tail)
    if m:
        return int(m.group(1))  # "grow by between 3% and 5% in 2023"
    window_start = para_start
    k = innermost(items, pos, item_starts)
    while k is not None and items[k].style == "dash":
        k = _parent(items, k)
    if k is not None:
        window_start = min(window_start, items[k].start)
    best = None
    for i in range(bisect.bisect_left(dl_starts, pos) - 1, bisect.bisect_left(dl_starts, window_start) - 1, -1):
        if deadlines[i].date:
            best = deadlines[i]
            break
    if best is None:
        para_end = text.find("\n", pos)
        para_end = para_end if para_end >= 0 else len(text)
        # (searches bounded by the paragraph: an unbounded ". " search read to the end of a
        # Chinese text once per target)
        sentence_end = min(x for x in (text.find("。", pos, para_end), text.find(". ", pos, para_end), para_end) if x >= 0)
        for i in range(bisect.bisect_right(dl_starts, pos), bisect.bisect_right(dl_starts, sentence_end)):
            if deadlines[i].date:
                best = deadlines[i]
                break
    if best is not None:
        return int(best.date[:4])
    para_end = text.find("\n", pos)
    if doc_date and _THIS_YEAR.search(text, para_start, para_end if para_end >= 0 else len(text)):
        return doc_date.year
    return None
