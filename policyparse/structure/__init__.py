"""The structure stage: the outline (numbered items), the metadata, and the document's date.

Found together because each needs the others' ground: the date relative limits resolve against
comes from the metadata (issue or publication date) or, failing that, from the years that the
top-level headings name.
"""

from __future__ import annotations

from typing import Optional

from ..clean.closing import closing_start
from ..findings import Structure
from ..model import Warning
from .dates import document_date
from .metadata import read_metadata
from .outline import find_items
from .places import jurisdiction


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
    # an item open where the notice closes ends there: a contact block or a list of attachments
    # before the signature, the issuer, the date, the page furniture and an attachment after
    # them are no item's text (items after the signature, an attachment's or a plan's that a
    # signed cover letter issues, are untouched)
    anchor = signed_at if signed_at is not None else len(text)
    close = closing_start(text, anchor)
    if signed_at is not None or close < anchor:
        end = close - 1 if close < anchor else signed_at - 1  # type: ignore[operator]
        while end > 0 and text[end - 1] in " \n\u3000":
            end -= 1
        # (a list of attachments is no outline: "附件：1.统计表 2.任务分工表")
        items = [it for it in items if not close <= it.start < anchor]
        for it in items:
            if it.start < close <= it.end or (
                signed_at is not None and it.start < signed_at < it.end
            ):
                it.end = max(end, it.line_end)
    titles = [view[it.title_start : it.title_end] for it in items if it.level == 1]
    when, inferred = document_date(md, view, titles)
    place = jurisdiction(md)
    if inferred and when:
        warnings.append(
            Warning(
                "document_date_inferred",
                f"no issue or publication date; relative limits resolve against {when.year}",
            )
        )
    return Structure(items, warnings, md, when, inferred, place)
