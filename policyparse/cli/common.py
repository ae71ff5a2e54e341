"""What every command shares: the error line, the options several commands take (written once),
one place that writes a command's output, and one place that checks options that conflict."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Optional

DEFAULT_CORPORA = ["corpus", "../shared/corpus"]


def err(msg: str) -> None:
    """One line on standard error, named for the program (never a traceback)."""
    print(f"policyparse: {msg}", file=sys.stderr)


def add_language(s: argparse.ArgumentParser, what: str = "the notice's language") -> None:
    s.add_argument("--language", choices=["zh", "en"], help=f"{what} (default: detected)")


def add_output(s: argparse.ArgumentParser, what: str, default: Optional[str] = None) -> None:
    s.add_argument(
        "-o",
        "--output",
        default=default,
        help=f"write {what} here (default: {default or 'standard output'})",
    )


def add_report_format(s: argparse.ArgumentParser, choices: list[str]) -> None:
    s.add_argument("--format", choices=choices, default=choices[0], help=f"default: {choices[0]}")


def add_corpus(s: argparse.ArgumentParser, what: str) -> None:
    s.add_argument(
        "--corpus",
        action="append",
        help=f"folder holding {what} (repeatable; default: corpus and ../shared/corpus)",
    )


def add_db(s: argparse.ArgumentParser, create: bool = False) -> None:
    s.add_argument(
        "--db",
        required=True,
        help="a SQLite file (made if missing) or postgresql:// URL"
        if create
        else "a SQLite file or postgresql:// URL",
    )


def emit(text: str, output: Optional[str], stdout_end: str = "") -> None:
    """A command's output: written whole to ``output`` (atomically: a reader never sees half a
    file), or to standard output with ``stdout_end`` after it."""
    if output:
        from ..render.files import write_atomic

        note = write_atomic(Path(output), text)
        if note:
            err(note)
    else:
        sys.stdout.write(text + stdout_end)


def _same_file(a: Optional[str], b: Optional[str]) -> bool:
    if not a or not b or a == "-" or b == "-":
        return False
    return Path(a).expanduser().resolve() == Path(b).expanduser().resolve()


def conflicts(a: argparse.Namespace) -> Optional[str]:
    """What is wrong with a command's options taken together, or None: checked once, before
    any work, for every command."""
    if getattr(a, "jobs", 0) and a.jobs < 0:
        return "--jobs must be 0 (all cores) or more"
    if getattr(a, "executor", None) == "dask" and not a.scheduler:
        return "--executor dask needs --scheduler ADDRESS"
    if getattr(a, "allow_lower", False) and not a.note:
        return "--allow-lower needs --note (say why a floor is lowered)"
    if getattr(a, "cmd", None) == "track" and len(a.files) < 2:
        return "track needs two or more versions of a series"
    aliases = getattr(a, "learn_aliases", None)
    if aliases:
        for other in (a.output, a.original, a.translation):
            if _same_file(aliases, other):
                return (
                    f"--learn-aliases {aliases} is also an input or the output: "
                    "give it a file of its own"
                )
    inputs = [*getattr(a, "files", []), getattr(a, "old", None), getattr(a, "new", None)]
    for f in inputs:
        if _same_file(getattr(a, "output", None), f):
            return f"-o {a.output} is also an input: it would be overwritten"
    return None
