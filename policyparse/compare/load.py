"""The documents a comparison reads: a ``Document``, its JSON (a dict or a .json file, checked
against the contract first) or any notice file, parsed."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..model import Document


def load_any(x, language: Optional[str] = None) -> Document:
    """A Document from a Document, a dict, a parsed-JSON file or any document file."""
    from ..api import parse
    from ..errors import IngestError
    from ..schemas import InvalidDocument, check_document, read_document

    if isinstance(x, Document):
        return x
    p = Path(x) if not isinstance(x, dict) else None
    if p is not None and p.suffix.lower() != ".json":
        return parse(p, language=language)
    try:
        d = check_document(x) if p is None else read_document(p.read_bytes())
    except OSError as e:
        raise IngestError(f"cannot read parsed JSON ({e.strerror or e})", str(p)) from None
    except InvalidDocument as e:
        raise IngestError(str(e), "the given dict" if p is None else str(p)) from None
    return _from_json(d)


def _from_json(d: dict) -> Document:
    """A Document from its JSON; JSON written before schema 1.1 has no ``document_date``, which
    is then worked out as the parser works it out."""
    doc = Document.from_dict(d)
    if "document_date" not in d:
        from ..model import DocumentDate
        from ..structure.dates import document_date

        when, inferred = document_date(doc.metadata, doc.text, [s.title for s in doc.sections])
        doc.document_date = DocumentDate.of(when, inferred)
    return doc
