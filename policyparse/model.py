"""The document model: plain dataclasses that serialise to the published JSON Schema.

Every extracted item carries a ``Span`` into ``Document.text`` (and a page for PDFs), so a
user can always check an item against its source.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from datetime import date as _date
from functools import lru_cache
from typing import Any, Callable, Optional

import orjson

SCHEMA_VERSION = "1.2"


@dataclass(frozen=True)
class Span:
    """Character offsets ``[start, end)`` into ``Document.text``; ``page`` is 1-based (PDFs)."""

    start: int
    end: int
    page: Optional[int] = None

    def to_dict(self) -> dict:
        d = {"start": self.start, "end": self.end}
        if self.page is not None:
            d["page"] = self.page
        return d


@dataclass
class Responsibility:
    text: str
    unit_id: str
    name: str
    role: str = "responsible"  # lead | support | responsible
    division_of_duties: bool = False
    name_zh: Optional[str] = None
    name_en: Optional[str] = None
    known: bool = True
    span: Optional[Span] = None


@dataclass
class Magnitude:
    """A target's value in a normal unit, its scale multiplied in (1.3万亿斤: 1.3e12 jin)."""

    value: float
    unit: str
    value_max: Optional[float] = None


@dataclass
class Target:
    text: str
    metric: str
    comparator: str  # >= > <= < = between
    value: float
    unit: str
    kind: str  # level | change
    span: Span
    year: Optional[int] = None
    value_max: Optional[float] = None
    # a change target's sense: "down" for a cut (降低, 压减, "reduce by"), "up" for a rise
    direction: Optional[str] = None
    # the value in a normal unit, comparable across years and languages (schema 1.2)
    magnitude: Optional[Magnitude] = None


@dataclass
class Deadline:
    text: str
    date: Optional[str]
    span: Span
    recurring: bool = False


@dataclass
class Warning:
    code: str
    message: str
    span: Optional[Span] = None


@dataclass
class Section:
    id: str
    label: str
    level: int
    title: str
    span: Span
    style: str = ""
    title_span: Optional[Span] = None
    children: list["Section"] = field(default_factory=list)

    def walk(self):
        """Yield this section and all its descendants in document order."""
        yield self
        for c in self.children:
            yield from c.walk()


@dataclass
class Task:
    id: str
    section_id: Optional[str]
    text: str
    span: Span
    responsible: list[Responsibility] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    attribution: Optional[str] = None
    attribution_span: Optional[Span] = None

    @property
    def lead(self) -> list[Responsibility]:
        return [r for r in self.responsible if r.role == "lead"]


@dataclass
class Metadata:
    title: Optional[str] = None
    alt_titles: list[str] = field(default_factory=list)
    issuer: list[str] = field(default_factory=list)
    doc_number: Optional[str] = None
    issued_on: Optional[str] = None
    published_on: Optional[str] = None
    addressees: list[str] = field(default_factory=list)


@dataclass
class DocumentDate:
    """The date a notice speaks from: relative limits (年底前, "within 30 days of issuance")
    resolve against it. Its issue date, else its publication date; ``inferred`` when neither
    is given and it is 1 January of the latest year its headings (or its opening) name."""

    date: str
    inferred: bool = False

    @classmethod
    def of(cls, when: Optional[_date], inferred: bool) -> Optional["DocumentDate"]:
        return cls(when.isoformat(), inferred) if when else None

    @property
    def year(self) -> int:
        return int(self.date[:4])


@dataclass
class Source:
    format: str
    sha256: str
    path: Optional[str] = None
    url: Optional[str] = None


_LEAVES = frozenset({str, int, float, bool, type(None)})


def _plain(obj: Any) -> Any:
    """A dataclass tree as dicts and lists, without the None-valued optional keys that the schema
    leaves out. (``dataclasses.asdict`` deep-copies every leaf: it was a third of a parse.)"""
    t = type(obj)
    if t in _LEAVES:
        return obj
    if t is list:
        return [x if type(x) in _LEAVES else _plain(x) for x in obj]
    if t is Span:  # the commonest object by far
        return obj.to_dict()
    names = _field_names(t)  # type: ignore[arg-type]  # (a class is hashable)
    if names is None:
        return obj
    out: dict[str, Any] = {}
    for k in names:
        v = getattr(obj, k)
        if v is None:
            if k not in _OMIT_IF_NONE:
                out[k] = None
        else:
            out[k] = v if type(v) in _LEAVES else _plain(v)
    return out


def _shallow(obj: Any) -> Any:
    """One dataclass as a dict of its own values (the encoder's ``default`` hook): the encoder
    walks the lists and leaves itself and calls this only for objects, so ``to_json`` builds no
    intermediate tree. Gives what ``_plain`` gives, one level at a time (a test compares)."""
    return _packer(type(obj))(obj)  # type: ignore[arg-type]  # (a class is hashable)


@lru_cache(maxsize=None)
def _packer(cls: Any) -> Callable[[Any], dict]:
    """The function that packs one object of ``cls`` as ``_shallow`` does, written out field by
    field (as ``dataclasses`` writes ``__init__``): a notice's JSON packs ~120 objects, and a
    loop over the field names with getattr cost twice as much."""
    if cls is Span:
        return Span.to_dict
    names = _field_names(cls)
    if names is None:
        raise TypeError(f"{cls.__name__} is not JSON serialisable")
    body = ["def pack(o):", "    d = {}"]
    for k in names:
        if k in _OMIT_IF_NONE:
            body += [f"    v = o.{k}", f"    if v is not None: d[{k!r}] = v"]
        else:
            body.append(f"    d[{k!r}] = o.{k}")
    body.append("    return d")
    scope: dict[str, Any] = {}
    exec("\n".join(body), scope)  # noqa: S102 - field names of our own dataclasses only
    return scope["pack"]


@lru_cache(maxsize=None)
def _field_names(cls: Any) -> Optional[tuple[str, ...]]:
    return tuple(f.name for f in fields(cls)) if hasattr(cls, "__dataclass_fields__") else None


# the contract's top-level keys, in the order they are written
_DOCUMENT_KEYS = (
    "schema_version",
    "language",
    "source",
    "text",
    "metadata",
    "document_date",
    "sections",
    "tasks",
    "targets",
    "deadlines",
    "warnings",
)

_OMIT_IF_NONE = {
    "direction",
    "magnitude",
    "page",
    "value_max",
    "name_zh",
    "name_en",
    "span",
    "path",
    "url",
    "title_span",
    "attribution",
    "attribution_span",
    "year",
}


@dataclass
class Document:
    """A parsed notice. ``doc.to_json()`` gives the contract's JSON; ``print(doc)`` a summary."""

    language: str
    source: Source
    text: str
    metadata: Metadata
    sections: list[Section]
    tasks: list[Task]
    targets: list[Target]
    deadlines: list[Deadline]
    warnings: list[Warning]
    document_date: Optional[DocumentDate] = None
    schema_version: str = SCHEMA_VERSION

    # ---- navigation helpers ----
    def iter_sections(self):
        for s in self.sections:
            yield from s.walk()

    def section(self, section_id: str) -> Optional[Section]:
        return next((s for s in self.iter_sections() if s.id == section_id), None)

    def quote(self, span: Span) -> str:
        return self.text[span.start : span.end]

    @property
    def units(self) -> dict[str, str]:
        """unit_id -> canonical name for every unit named in a task."""
        out: dict[str, str] = {}
        for t in self.tasks:
            for r in t.responsible:
                out.setdefault(r.unit_id, r.name)
        return out

    # ---- serialisation ----
    def to_dict(self) -> dict:
        return {k: _plain(getattr(self, k)) for k in _DOCUMENT_KEYS}

    def to_json(self, indent: Optional[int] = None) -> str:
        """The contract's JSON; compact (no spaces) unless ``indent`` is given. The same value as
        ``json.dumps(self.to_dict())``, written without building the dict tree first: the
        compact form by orjson (a notice's JSON is five times its text, and json's encoder
        was a tenth of a parse), the indented one, and anything orjson refuses (a lone
        surrogate, an integer past 64 bits), by json."""
        top = {k: getattr(self, k) for k in _DOCUMENT_KEYS}
        if indent is None:
            try:
                return orjson.dumps(
                    top, default=_shallow, option=orjson.OPT_PASSTHROUGH_DATACLASS
                ).decode("utf-8")
            except orjson.JSONEncodeError:
                pass
        return json.dumps(
            top,
            ensure_ascii=False,
            indent=indent,
            separators=(",", ":") if indent is None else None,
            check_circular=False,  # a tree
            default=_shallow,
        )

    @classmethod
    def from_dict(cls, d: dict) -> "Document":
        """Rebuild a Document from its JSON form (as written by ``to_dict``)."""

        def sp(x: Optional[dict]) -> Optional[Span]:
            return Span(**x) if x else None

        def req(x: dict) -> Span:
            return Span(**x)

        def sec(s):
            return Section(
                id=s["id"],
                label=s["label"],
                level=s["level"],
                title=s["title"],
                span=req(s["span"]),
                style=s.get("style", ""),
                title_span=sp(s.get("title_span")),
                children=[sec(c) for c in s.get("children", [])],
            )

        def tgt(t):
            mag = t.get("magnitude")
            return Target(
                **{
                    **t,
                    "span": sp(t["span"]),
                    "magnitude": Magnitude(**mag) if mag else None,
                }
            )

        def dl(x):
            return Deadline(**{**x, "span": sp(x["span"])})

        def resp(r):
            return Responsibility(**{**r, "span": sp(r.get("span"))})

        tasks = [
            Task(
                id=t["id"],
                section_id=t.get("section_id"),
                text=t["text"],
                span=req(t["span"]),
                responsible=[resp(r) for r in t.get("responsible", [])],
                targets=[tgt(x) for x in t.get("targets", [])],
                deadlines=[dl(x) for x in t.get("deadlines", [])],
                attribution=t.get("attribution"),
                attribution_span=sp(t.get("attribution_span")),
            )
            for t in d.get("tasks", [])
        ]
        return cls(
            language=d["language"],
            source=Source(**d["source"]),
            text=d["text"],
            metadata=Metadata(**d["metadata"]),
            sections=[sec(s) for s in d.get("sections", [])],
            tasks=tasks,
            targets=[tgt(x) for x in d.get("targets", [])],
            deadlines=[dl(x) for x in d.get("deadlines", [])],
            warnings=[
                Warning(code=w["code"], message=w["message"], span=sp(w.get("span")))
                for w in d.get("warnings", [])
            ],
            document_date=DocumentDate(**d["document_date"]) if d.get("document_date") else None,
            schema_version=d.get("schema_version", SCHEMA_VERSION),
        )

    def __repr__(self) -> str:
        title = self.metadata.title or "untitled"
        if len(title) > 60:  # cut at a word's end, not inside one
            title = title[:60].rsplit(" ", 1)[0] if " " in title[:60] else title[:59]
            title = title.rstrip(" ,;:") + "…"
        return (
            f"<Document {self.language} {title!r}: {sum(1 for _ in self.iter_sections())} sections,"
            " "
            f"{len(self.tasks)} tasks, {len(self.units)} units, {len(self.targets)} targets, "
            f"{len(self.deadlines)} deadlines, {len(self.warnings)} warnings>"
        )

    __str__ = __repr__
