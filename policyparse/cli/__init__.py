"""The command line: it parses arguments and calls the library functions users call.

One module per command family, each with its options next to its function (``add`` registers
them): ``documents`` (parse, annotate), ``quality`` (eval, validate), ``batch``, ``store`` (db,
query), ``compare`` (diff, track, align), ``scrape``; ``common`` holds the shared options, the
one output writer and the one check of options that conflict.

Exit codes: 0 success; 1 some input failed or a quality floor was missed; 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..version import __version__
from . import batch, compare, documents, quality, scrape, store
from .common import conflicts, err

COMMANDS = (documents, quality, batch, store, compare, scrape)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="policyparse", description="Policy notices -> structured task lists."
    )
    p.add_argument("--version", action="version", version=f"policyparse {__version__}")
    sub = p.add_subparsers(dest="cmd", required=True)
    for command in COMMANDS:
        command.add(sub)
    return p


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    problem = conflicts(args)
    if problem:
        err(problem)
        return 2
    try:
        from ..limits import Limits

        Limits.resolve()  # a bad POLICYPARSE_* setting is said before any work
    except ValueError as e:
        err(str(e))
        return 2
    from ..errors import PolicyParseError

    try:
        return args.func(args)
    except KeyboardInterrupt:
        err("interrupted")
        return 130
    except BrokenPipeError:
        return 0
    except PolicyParseError as e:  # an output that cannot be written, and what else names a file
        err(str(e))
        return 2
    except OSError as e:  # a folder the command makes or reads, in the way or not allowed
        from ..render.files import why_not

        err(f"{e.filename}: {why_not(Path(e.filename), e)}" if e.filename else str(e))
        return 2


if __name__ == "__main__":
    sys.exit(main())
