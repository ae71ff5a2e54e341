"""policyparse: government policy notices (zh/en; text, HTML, PDF, DOCX) -> structured task lists.

import policyparse
doc = policyparse.parse("notice.html")     # a Document
print(doc)                                 # summary
doc.to_json()                              # the contract's JSON
nlp = policyparse.load("zh")               # the spaCy pipeline behind it
"""

from .api import parse, parse_text
from .errors import GoldenError, IngestError, LimitExceeded, OutputError, PolicyParseError
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

__version__ = "0.4.0"


def load(language: str = "zh"):
    """The spaCy pipeline for ``zh`` or ``en`` (blank Language + policyparse components)."""
    from .nlp.pipeline import load as _load

    return _load(language)


def diff(old, new, **kw):
    """Compare two versions of a guideline (Documents, paths or parsed JSON)."""
    from .changes import diff as _diff

    return _diff(old, new, **kw)


__all__ = [
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
    "SCHEMA_VERSION",
    "__version__",
]
