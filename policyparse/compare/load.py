"""The documents a comparison reads: a ``Document``, its JSON (a dict or a .json file, checked
against the contract first) or any notice file, parsed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

from ..model import Document


def load_any(x, language: Optional[str] = None) -> Document:
    """A Document from a Document, a dict, a parsed-JSON file or any document file."""
    from ..api import parse
    from ..errors import IngestError

    if isinstance(x, Document):
        return x
    if isinstance(x, dict):
        return _from_json(_valid(x, "the given dict"))
    p = Path(x)
    if p.suffix.lower() == ".json":
        try:
            d = json.loads(p.read_text("utf-8"))
        except (OSError, ValueError, RecursionError) as e:
            raise IngestError(
                f"cannot read parsed JSON ({type(e).__name__}: {e})", str(p)
            ) from None
        return _from_json(_valid(d, str(p)))
    return parse(p, language=language)


def _valid(d: object, where: str) -> dict:
    """A parsed document's JSON, checked against the contract (schemas/document.schema.json):
    a batch summary, a golden file or a crafted file is refused with what is wrong."""
    import jsonschema

    from ..errors import IngestError
    from ..schemas import validate_document

    if not isinstance(d, dict) or "tasks" not in d or "schema_version" not in d:
        raise IngestError("not a policyparse document's JSON (no schema_version and tasks)", where)
    try:
        validate_document(d)
    except jsonschema.ValidationError as e:
        at = "/".join(str(x) for x in e.absolute_path) or "(top)"
        raise IngestError(
            f"not a valid policyparse document: {at}: {e.message[:200]}", where
        ) from None
    return d


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
