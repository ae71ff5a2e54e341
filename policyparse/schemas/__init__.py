"""The contract's JSON Schemas (``document``, ``golden``, ``diff``, ``align``) and the check of a
parsed document against it: one home for what a valid output is, read by the evaluation, the
diff's loader, the store and the CLI alike. (``data/`` holds the knowledge files' schemas.)

A document read back (``read_document``) is checked for more than the schema says, for what
every reader downstream assumes: numbers JSON can write back (no ``1e999``, no ``NaN``), integers
a database column holds, nesting no deeper than a notice's outline can be.
"""

from __future__ import annotations

import copy
import json
import math
import re
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any, Union

MAX_DEPTH = 200  # JSON levels (a section nested in a section is two): a notice has 4 or 5
MAX_INT = 2**63 - 1  # what a database integer column holds


class InvalidDocument(ValueError):
    """A parsed document's JSON that breaks the contract; the message says where and how."""


@lru_cache(maxsize=None)
def schema(name: str) -> dict:
    """``schemas/<name>.schema.json`` parsed (read once)."""
    return json.loads(
        resources.files("policyparse").joinpath(f"schemas/{name}.schema.json").read_text("utf-8")
    )


@lru_cache(maxsize=None)
def _validator(name: str) -> Any:
    """The schema's validator, built and its schema checked once (``jsonschema.validate``
    does both at every call: most of the time of checking a small document)."""
    import jsonschema  # (not on parse()'s path: a command-line parse does not pay its import)

    cls = jsonschema.validators.validator_for(schema(name))
    cls.check_schema(schema(name))
    return cls(schema(name), format_checker=jsonschema.FormatChecker())


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _is_date(v: object) -> bool:
    """The "date" format as jsonschema's FormatChecker reads it: YYYY-MM-DD, a real day."""
    if not isinstance(v, str):
        return True  # (a format says nothing of a value that is no string)
    if not _DATE.fullmatch(v):
        return False
    try:
        date.fromisoformat(v)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=None)
def _fast(name: str) -> Any:
    """The schema compiled to Python by fastjsonschema (20x jsonschema on a document of 50,000
    targets: validating was half of such a diff's time); the schema's keywords are draft 7's."""
    import fastjsonschema

    s = copy.deepcopy(schema(name))
    s["$schema"] = "http://json-schema.org/draft-07/schema#"
    return fastjsonschema.compile(s, formats={"date": _is_date})


def validate_document(d: dict) -> None:
    """Raise jsonschema.ValidationError if a parsed document's JSON breaks the contract. A
    document the compiled schema passes is valid (tests/test_parse.py checks the two agree on
    valid and broken documents); one it fails is checked by jsonschema, which says why."""
    import fastjsonschema

    try:
        _fast("document")(d)
        return
    except fastjsonschema.JsonSchemaException:
        pass
    _validator("document").validate(d)


def _sound(d: Any) -> None:
    """What the schema cannot say: every number finite and within a 64-bit integer, nesting
    within MAX_DEPTH. Iterative: a crafted 100,000-deep file is refused, not a RecursionError."""
    stack: list[tuple[Any, str, int]] = [(d, "", 0)]
    while stack:
        x, at, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise InvalidDocument(f"nested more than {MAX_DEPTH} levels deep (at {at[:80]}…)")
        if isinstance(x, dict):
            stack.extend((v, f"{at}/{k}", depth + 1) for k, v in x.items())
        elif isinstance(x, list):
            stack.extend((v, f"{at}/{i}", depth + 1) for i, v in enumerate(x))
        elif isinstance(x, float) and not math.isfinite(x):
            raise InvalidDocument(f"{at or '(top)'}: {x} is not a number JSON can hold")
        elif isinstance(x, int) and not isinstance(x, bool) and abs(x) > MAX_INT:
            raise InvalidDocument(f"{at or '(top)'}: {x:.3g} is out of range")


def check_document(d: Any) -> dict:
    """``d`` if it is a parsed document's JSON that every reader can take; else
    ``InvalidDocument`` saying what is wrong (the first problem found)."""
    import jsonschema

    if not isinstance(d, dict) or "tasks" not in d or "schema_version" not in d:
        what = (
            f"a JSON object with keys {', '.join(sorted(map(str, d))[:5])}"
            if isinstance(d, dict)
            else f"a JSON {type(d).__name__}"
        )
        raise InvalidDocument(
            f"not a policyparse document's JSON ({what}; no schema_version and tasks)"
        )
    _sound(d)
    try:
        validate_document(d)
    except jsonschema.ValidationError as e:
        at = "/".join(str(x) for x in e.absolute_path) or "(top)"
        raise InvalidDocument(
            f"not a valid policyparse document: {at}: {e.message[:200]}"
        ) from None
    return d


def read_document(raw: Union[str, bytes]) -> dict:
    """A parsed document's JSON text, parsed and checked (``check_document``)."""
    try:
        d = json.loads(raw)
    except RecursionError:
        raise InvalidDocument(f"nested more than {MAX_DEPTH} levels deep") from None
    except (ValueError, UnicodeDecodeError) as e:
        raise InvalidDocument(f"not JSON ({e})") from None
    return check_document(d)
