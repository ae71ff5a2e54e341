"""The knowledge files in ``policyparse/data``, each read and parsed once (callers read them,
never change them: the parsed object is shared)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=None)
def load(name: str) -> Any:
    """``data/<name>`` (a JSON file) parsed."""
    return json.loads(resources.files("policyparse").joinpath(f"data/{name}").read_text("utf-8"))
