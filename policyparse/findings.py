"""The typed values that travel between the stages: what each stage finds, in offsets of the
text, before ``assemble`` packs it into the contract's ``Document``.

They live here, not in the stage that makes them, so that a reader of one stage (and
``assemble``, which reads them all) imports values, not another stage's rules.
"""

from __future__ import annotations

import bisect
import datetime
import re
from dataclasses import dataclass, field
from typing import NamedTuple, Optional

from .model import Magnitude, Metadata, Span, Warning

# ---- ingest -> clean ----------------------------------------------------------------------


@dataclass
class Block:
    """One paragraph-like unit of the source: a line of text, an HTML <p>, a PDF paragraph."""

    text: str
    page: Optional[int] = None
    bbox: Optional[tuple[float, float, float, float]] = None
    kind: str = "para"  # para | heading | meta | table
    # (offset in block, page) where a later page begins
    page_breaks: tuple[tuple[int, int], ...] = ()
    # a cell of a task table: (row number, column: task | lead | support | units | deadline | seq)
    cell: Optional[tuple[int, str]] = None
    # lines a tool hard-wrapped, joined by the reader (ingest/reflow.py): the clean stage asks
    # such a block, however short, whether a crawler's cut (a label, a signature) is inside it
    joined: bool = False


@dataclass
class Ingested:
    """What a reader found in a source: its blocks, its format and digest, and the hints of
    its metadata (an HTML page's <meta>, a .docx's core properties)."""

    blocks: list[Block]
    format: str
    sha256: str
    path: Optional[str] = None
    url: Optional[str] = None
    hints: dict = field(default_factory=dict)
    warnings: list[Warning] = field(default_factory=list)  # what the reader met (coded)


@dataclass
class CleanText:
    """The notice's own text (blocks joined by line breaks) and where each block starts, which
    gives every offset its page."""

    text: str
    blocks: list[Block]
    offsets: list[int]  # start of each kept block in ``text``
    removed: int = 0  # number of blocks dropped as boilerplate
    run_together: bool = False  # paragraphs a crawler ran together were cut apart (paragraphs.py)
    paged: bool = field(init=False, default=False)  # whether any block has a page (PDFs)

    def __post_init__(self) -> None:
        self.paged = any(b.page is not None or b.page_breaks for b in self.blocks)

    def page_at(self, offset: int) -> Optional[int]:
        """The page of the block that holds ``offset`` (None for sources without pages)."""
        if not self.paged:
            return None
        i = bisect.bisect_right(self.offsets, offset) - 1
        if not 0 <= i < len(self.blocks):
            return None
        b = self.blocks[i]
        page = b.page
        for at, pg in b.page_breaks:
            if offset - self.offsets[i] >= at:
                page = pg
        return page

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.page_at(start))


# ---- structure ------------------------------------------------------------------------------


@dataclass
class Item:
    """A numbered item found at a line start (flat form of a Section)."""

    style: str
    label: str
    number: Optional[int]
    level: int
    start: int  # label start
    line_end: int
    title_start: int
    title_end: int
    body_start: int  # first character after the title sentence
    end: int = -1  # end of the section (set after all items are known)


@dataclass(frozen=True)
class Jurisdiction:
    """A provincial-level jurisdiction: its full ``name`` (河北省) and the ``prefix`` its own
    bodies are written with (省)."""

    name: str
    prefix: str
    own_body: re.Pattern  # a name written with the prefix that is one body of this jurisdiction
    en_name: str = ""  # Jiangxi
    en_prefix: str = ""  # Provincial: its own bodies in English (Provincial Department of …)

    def full_name(self, unit: str) -> Optional[str]:
        """河北省财政厅 for 省财政厅 in a Hebei notice, "Jiangxi Provincial Department of Finance"
        for "Provincial Department of Finance" in a Jiangxi one; None for a name that is not one
        of the jurisdiction's own bodies written without it (省级人民政府, 市财政局, "provincial
        governments")."""
        if self.own_body.match(unit):
            return self.name + unit[len(self.prefix) :]
        if self.en_prefix and unit.startswith(self.en_prefix + " ") and unit[0].isupper():
            return f"{self.en_name} {unit}"
        return None


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


class SectionRoles(NamedTuple):
    """Spans of the top-level sections that review the past (no targets, no time limits) and of
    those that set goals (a number needs no goal word there)."""

    review: list[tuple[int, int]]
    goals: list[tuple[int, int]]


# ---- units and attributions -----------------------------------------------------------------


@dataclass(frozen=True)
class UnitMatch:
    """A known unit name found in the text, with its registry id."""

    start: int
    end: int
    unit_id: str


@dataclass(frozen=True)
class ResolvedUnit:
    """A named body as the registry knows it (``known``), or by the words the notice wrote."""

    unit_id: str
    name: str
    name_zh: Optional[str]
    name_en: Optional[str]
    known: bool


@dataclass
class UnitMention:
    text: str
    start: int  # offsets in the document text
    end: int
    role: str = "responsible"
    unit_id: Optional[str] = None  # the registry id, when the units stage found this name
    resolved: Optional[ResolvedUnit] = None  # set by the resolution stage


@dataclass
class Attribution:
    start: int  # span of the whole parenthetical, brackets included
    end: int
    text: str
    units: list[UnitMention] = field(default_factory=list)
    division_of_duties: bool = False
    declares_first_lead: bool = False
    covers_to: Optional[int] = None  # a table row: the end of its last cell


# ---- tasks, targets, deadlines --------------------------------------------------------------


@dataclass
class RawTask:
    start: int
    end: int
    item: Optional[int]  # index into items of the innermost item holding the task
    attribution: Optional[Attribution]
    extent: int = -1  # where the items the task lists (targets, deadlines) end


@dataclass
class Tasks:
    """The tasks stage's result: task runs in document order, and its warnings (the notice
    names no responsible units; after resolution, each unit name the registry does not know).
    Warnings carry offsets; ``assemble`` gives them their pages."""

    tasks: list[RawTask]
    warnings: list[Warning]


@dataclass
class RawTarget:
    start: int
    end: int
    text: str
    metric: str
    comparator: str
    value: float
    unit: str
    kind: str
    value_max: Optional[float] = None
    direction: Optional[str] = None
    year: Optional[int] = None  # the year it is due (set by the target-years stage)
    magnitude: Optional[Magnitude] = None  # the value at its unit's scale (set with the year)


@dataclass
class RawDeadline:
    start: int
    end: int
    text: str
    date: Optional[str]
    recurring: bool = False
    kind: str = ""  # the pattern that found it (data/deadlines.json)


@dataclass
class Deadlines:
    """The deadlines stage's result, and a warning for each limit it cannot date."""

    deadlines: list[RawDeadline]
    warnings: list[Warning]
