"""The contract's JSON Schemas (``document``, ``golden``, ``diff``, ``align``) and the check of a
parsed document against it: one home for what a valid output is, read by the evaluation, the
diff's loader, the store and the CLI alike. (``data/`` holds the knowledge files' schemas.)"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def schema(name: str) -> dict:
    """``schemas/<name>.schema.json`` parsed (read once)."""
    return json.loads(
        resources.files("policyparse").joinpath(f"schemas/{name}.schema.json").read_text("utf-8")
    )


def validate_document(d: dict) -> None:
    """Raise jsonschema.ValidationError if a parsed document's JSON breaks the contract."""
    import jsonschema  # (not on parse()'s path: a command-line parse does not pay its import)

    jsonschema.validate(d, schema("document"), format_checker=jsonschema.FormatChecker())
