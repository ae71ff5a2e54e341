"""The structure stage: the outline (numbered items), the metadata, and the document's date.

Found together because each needs the others' ground: the date relative limits resolve against
comes from the metadata (issue or publication date) or, failing that, from the years that the
top-level headings name.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Optional

from ..model import Metadata, Warning
from .dates import document_date
from .metadata import read_metadata
from .outline import Item, find_items
from .places import Jurisdiction, jurisdiction


@dataclass
class Structure:
    """What the structure stage found: ``items`` in document order (each nested in the ones
    before it of a lower level), numbering ``warnings``, ``metadata``, and ``date`` (the issue or
    publication date; 1 January of the latest year the headings name when ``date_inferred``),
    and the ``jurisdiction`` the notice is issued in (a province's: its 省X bodies are that
    province's)."""

    items: list[Item]
    warnings: list[Warning]
    metadata: Metadata
    date: Optional[datetime.date]
    date_inferred: bool
    jurisdiction: Optional[Jurisdiction] = None

    @property
    def issued(self) -> Optional[datetime.date]:
        md = self.metadata
        return datetime.date.fromisoformat(md.issued_on) if md.issued_on else None

    def top_titles(self, text: str) -> list[tuple[str, int, int]]:
        """(title, start, end) of every top-level item."""
        return [
            (text[it.title_start : it.title_end], it.start, max(it.end, it.line_end))
            for it in self.items
            if it.level == 1
        ]


def find_structure(
    text: str,
    language: str,
    hints: Optional[dict] = None,
    view: Optional[str] = None,
    run_together: bool = False,
) -> Structure:
    """Outline and date read from ``view`` (the text as the rules read it: traditional
    characters mapped to simplified), metadata from ``text`` as written."""
    view = text if view is None else view
    items, warnings = find_items(view, run_together)
    md, signed_at = read_metadata(text, language, hints)
    if signed_at is not None:
        # an item open where the notice is signed ends there: the issuer, the date, the page
        # furniture and an attachment after them are no item's text (items after the signature,
        # an attachment's or a plan's that a signed cover letter issues, are untouched)
        end = signed_at - 1
        while end > 0 and text[end - 1] in " \n\u3000":
            end -= 1
        for it in items:
            if it.start < signed_at < it.end:
                it.end = max(end, it.line_end)
    titles = [view[it.title_start : it.title_end] for it in items if it.level == 1]
    when, inferred = document_date(md, view, titles)
    place = jurisdiction(md)
    return Structure(items, warnings, md, when, inferred, place)
