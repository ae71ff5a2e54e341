"""The one obvious entry point: ``policyparse.parse(path_or_bytes)`` -> ``Document``.

This module only orchestrates. A notice goes down one path of plain functions, each taking and
returning typed values, each fact found once and handed on:

    ingest.read        source          -> Ingested (paragraph blocks, pages, header hints)
    clean_blocks       blocks          -> CleanText (one text, page furniture out, offsets kept)
    detect_language    text            -> "zh" | "en"
    matching_view      text            -> the text as the rules read it (traditional -> simplified)
    stages.run         the stage table -> structure, roles, units, attributions, targets,
                                          deadlines, tasks, resolution, target years
    assemble           their values    -> Document

The stage table (``stages.STAGES``) is written once; the spaCy pipeline of
``policyparse.load()`` (``policyparse.nlp``) makes its components from the same rows. This path
needs no spaCy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Union

from . import ingest, stages
from .assemble import assemble, empty
from .clean import clean_blocks
from .clean.language import detect_language, matching_view
from .errors import IngestError, LimitExceeded
from .ingest.tables import table_cells
from .limits import Limits
from .model import Document


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
    """The stages after ingestion: clean, then the stage table (``stages.STAGES``), then
    ``assemble``."""
    lim = limits or Limits.resolve()
    clean = clean_blocks(ing.blocks)
    where = ing.path or ing.url
    if len(clean.text) > lim.max_chars:
        raise LimitExceeded(
            f"text has {len(clean.text)} characters, more than the limit of {lim.max_chars}", where
        )
    warnings = list(ing.warnings)
    if not clean.text.strip():
        if ing.format == "pdf" and ing.warnings:
            return empty(ing, language or "zh", warnings)
        raise IngestError("no text left after removing page furniture", where)
    lang = language or detect_language(clean.text)
    if lang not in ("zh", "en"):
        raise ValueError(f"language must be 'zh' or 'en', not {lang!r}")
    # the rules read the view; spans found in it quote the text as written (same length)
    view = matching_view(clean.text) if lang == "zh" else clean.text
    values = stages.run(
        {
            "text": clean.text,
            "view": view,
            "language": lang,
            "hints": ing.hints,
            "run_together": clean.run_together,
            "cells": table_cells(clean),
        }
    )
    return assemble(
        ing, clean, lang, **stages.packed(values), warnings=warnings + stages.warnings_of(values)
    )
