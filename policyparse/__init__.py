"""policyparse: government policy notices (zh/en; text, HTML, PDF, DOCX) -> structured task lists.

import policyparse
doc = policyparse.parse("notice.html")     # a Document
print(doc)                                 # summary
doc.to_json()                              # the contract's JSON
nlp = policyparse.load("zh")               # the spaCy pipeline behind it
store = policyparse.open_store("notices.sqlite")   # a queryable store of parsed notices
policyparse.align("notice-zh.html", "notice-en.html")  # original against its translation
"""

from .api import parse, parse_text
from .errors import (
    GoldenError,
    IngestError,
    LimitExceeded,
    OutputError,
    PolicyParseError,
    StoreError,
)
from .limits import Limits
from .model import (
    SCHEMA_VERSION,
    Deadline,
    Document,
    Metadata,
    Responsibility,
    Section,
    Span,
    Target,
    Task,
    Warning,
)
from .version import __version__


def load(language: str = "zh"):
    """The spaCy pipeline for ``zh`` or ``en`` (blank Language + policyparse components)."""
    from .nlp.pipeline import load as _load

    return _load(language)


def diff(old, new, **kw):
    """Compare two versions of a guideline (Documents, paths or parsed JSON)."""
    from .compare.diff import diff as _diff

    return _diff(old, new, **kw)


def align(original, translation, **kw):
    """Pair an original's sections and tasks with its translation's and report what differs
    in substance (an ``Alignment``; Documents, parsed JSON or paths)."""
    from .compare.align import align as _align

    return _align(original, translation, **kw)


def open_store(target, **kw):
    """A store of parsed notices: a SQLite file (made if missing) or a ``postgresql://`` URL."""
    from .store import open_store as _open

    return _open(target, **kw)


def to_frames(source):
    """pandas DataFrames (documents, sections, tasks, responsibilities, targets, deadlines,
    warnings) of parsed documents or of a store. Needs ``policyparse[pandas]``."""
    from .store.frames import to_frames as _to_frames

    return _to_frames(source)


__all__ = [
    "align",
    "open_store",
    "to_frames",
    "parse",
    "parse_text",
    "load",
    "diff",
    "Document",
    "Section",
    "Task",
    "Responsibility",
    "Target",
    "Deadline",
    "Metadata",
    "Span",
    "Warning",
    "Limits",
    "PolicyParseError",
    "IngestError",
    "LimitExceeded",
    "GoldenError",
    "OutputError",
    "StoreError",
    "SCHEMA_VERSION",
    "__version__",
]
