"""The one obvious entry point: ``policyparse.parse(path_or_bytes)`` -> ``Document``.

This module only orchestrates. A notice goes down one path of plain functions, each taking and
returning typed values, each fact found once and handed on:

    ingest.read        source          -> Ingested (paragraph blocks, pages, header hints)
    clean_blocks       blocks          -> CleanText (one text, page furniture out, offsets kept)
    detect_language    text            -> "zh" | "en"
    matching_view      text            -> the text as the rules read it (traditional -> simplified)
    find_structure     text            -> Structure (outline items, metadata, document date)
    find_units         text            -> [UnitMatch] (known names with their registry ids)
    find_attributions  text, units     -> [Attribution] ("（X负责）", "(X is responsible)"),
    table_attributions cells, units    ->   and the units columns of task tables
    segment            items, attrs    -> [RawTask] (the run of text each attribution covers)
    find_targets       text, sections  -> [RawTarget]
    find_deadlines     text, date      -> [RawDeadline]
    assemble           all of these    -> Document

The spaCy pipeline of ``policyparse.load()`` (``policyparse.nlp``) runs the same functions as
components; this path needs no spaCy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Union

from . import ingest
from .assemble import assemble, empty
from .clean import clean_blocks
from .clean.language import detect_language, matching_view
from .errors import IngestError, LimitExceeded
from .extract.attributions import find_attributions, table_attributions
from .extract.deadlines import find_deadlines
from .extract.targets import find_targets, section_roles
from .extract.tasks import segment
from .ingest.tables import table_cells
from .limits import Limits
from .model import Document, Warning
from .structure import find_structure
from .units import find_units


def parse(
    source: Union[str, Path, bytes],
    *,
    language: Optional[str] = None,
    format: Optional[str] = None,
    name: Optional[str] = None,
    url: Optional[str] = None,
    limits: Union[Limits, dict, None] = None,
) -> Document:
    """Parse a notice from a file path or raw bytes (any of text, html, pdf, docx).

    ``language`` ("zh"/"en") and ``format`` are detected when not given. Raises
    ``PolicyParseError`` subclasses with the file named for input that cannot be read.
    """
    lim = Limits.resolve(limits)
    ing = ingest.read(source, format=format, name=name, url=url, limits=lim)
    return from_ingested(ing, language=language, limits=lim)


def parse_text(
    text: str, *, language: Optional[str] = None, name: Optional[str] = None
) -> Document:
    """Parse a notice given as a string (plain text)."""
    return parse(text.encode("utf-8"), language=language, format="text", name=name)


def from_ingested(
    ing: ingest.Ingested, *, language: Optional[str] = None, limits: Optional[Limits] = None
) -> Document:
    """The stages after ingestion, in order (the module docstring lists them)."""
    lim = limits or Limits.resolve()
    clean = clean_blocks(ing.blocks)
    where = ing.path or ing.url
    if len(clean.text) > lim.max_chars:
        raise LimitExceeded(
            f"text has {len(clean.text)} characters, more than the limit of {lim.max_chars}", where
        )
    warnings = [Warning(w.split(":")[0].replace(" ", "_"), w) for w in ing.warnings]
    if not clean.text.strip():
        if ing.format == "pdf" and ing.warnings:
            return empty(ing, language or "zh", warnings)
        raise IngestError("no text left after removing page furniture", where)
    lang = language or detect_language(clean.text)
    if lang not in ("zh", "en"):
        raise ValueError(f"language must be 'zh' or 'en', not {lang!r}")
    # the rules read the view; spans found in it quote the text as written (same length)
    view = matching_view(clean.text) if lang == "zh" else clean.text
    structure = find_structure(clean.text, lang, ing.hints, view, clean.run_together)
    units = find_units(view, lang)
    attributions = sorted(
        find_attributions(view, lang, units)
        + table_attributions(table_cells(clean), view, lang, units),
        key=lambda a: a.start,
    )
    tasks = segment(view, structure.items, attributions)
    roles = section_roles(structure.top_titles(view), lang, view)
    targets = find_targets(view, lang, roles=roles)
    deadlines = find_deadlines(view, lang, structure.date, structure.issued, roles.review)
    return assemble(ing, clean, lang, structure, attributions, tasks, targets, deadlines, warnings)
