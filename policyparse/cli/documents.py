"""``policyparse parse`` and ``policyparse annotate``: a notice in, its JSON or a golden draft
out."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .common import add_language, add_output, emit, err


def add(sub) -> None:
    s = sub.add_parser("parse", help="parse documents and print their JSON")
    s.add_argument(
        "files", nargs="+", help="documents (.txt .html .pdf .docx); - reads standard input"
    )
    add_language(s)
    s.add_argument(
        "--format",
        choices=["text", "html", "pdf", "docx"],
        help="the input format (default: detected)",
    )
    add_output(s, "the JSON")
    s.add_argument("--compact", action="store_true", help="one-line JSON")
    s.add_argument("--summary", action="store_true", help="a readable task list instead of JSON")
    s.set_defaults(func=cmd_parse)

    s = sub.add_parser("annotate", help="write a golden draft from the parser's output")
    s.add_argument("file", help="the document to annotate")
    add_output(s, "the draft")
    add_language(s)
    s.set_defaults(func=cmd_annotate)


def cmd_parse(a: argparse.Namespace) -> int:
    from ..api import parse
    from ..errors import PolicyParseError
    from ..limits import Limits, TimeUp, time_limit

    rc = 0
    outs = []
    seconds = Limits.resolve().timeout_s
    for f in a.files:
        try:
            with time_limit(seconds):  # a hostile document is stopped, not waited for
                if f == "-":  # standard input, as git and trafilatura read it
                    doc = parse(
                        sys.stdin.buffer.read(),
                        language=a.language,
                        format=a.format,
                        name="<stdin>",
                    )
                else:
                    doc = parse(f, language=a.language, format=a.format)
        except PolicyParseError as e:
            err(str(e))
            rc = 1
            continue
        except TimeUp:
            err(
                f"{f}: limits: parsing took longer than {seconds} s "
                "(POLICYPARSE_TIMEOUT_S); stopped"
            )
            rc = 1
            continue
        outs.append(doc.to_dict())
        if a.summary:
            from ..render.summary import summary

            print(summary(doc))
    if not a.summary and outs:  # (nothing parsed: nothing written, an old output kept)
        # one input gives one object, several a list, whichever of them failed
        payload = outs[0] if len(a.files) == 1 else outs
        emit(
            json.dumps(payload, ensure_ascii=False, indent=None if a.compact else 1) + "\n",
            a.output,
        )
    return rc


def cmd_annotate(a: argparse.Namespace) -> int:
    from ..api import parse
    from ..errors import PolicyParseError
    from ..evaluation.golden import draft_from

    try:
        doc = parse(a.file, language=a.language)
    except PolicyParseError as e:
        err(str(e))
        return 1
    draft = draft_from(doc, Path(a.file).name)
    emit(json.dumps(draft, ensure_ascii=False, indent=1) + "\n", a.output)
    if a.output:
        print(
            f'draft written to {a.output}: correct it against the text, then remove "draft": true',
            file=sys.stderr,
        )
    return 0
