"""``policyparse diff``, ``track`` and ``align``: versions of a guideline compared, a series
followed over the years, an original set against its translation."""

from __future__ import annotations

import argparse
import functools
import json
from pathlib import Path
from typing import Callable

from .common import add_language, add_output, add_report_format, emit, err


def add(sub) -> None:
    s = sub.add_parser("diff", help="what changed between two versions of a guideline")
    s.add_argument("old", help="the earlier version (a document or its parsed JSON)")
    s.add_argument("new", help="the later version (a document or its parsed JSON)")
    add_report_format(s, ["md", "json", "html"])
    add_language(s, "the notices' language")
    add_output(s, "the report")
    s.set_defaults(func=cmd_diff)

    s = sub.add_parser(
        "track", help="timelines of tasks, targets and units over two or more versions"
    )
    s.add_argument(
        "files", nargs="+", help="two or more versions, oldest first (documents or parsed JSON)"
    )
    add_output(s, "the timeline")
    add_report_format(s, ["md", "json"])
    add_language(s, "the notices' language")
    s.set_defaults(func=cmd_track)

    s = sub.add_parser(
        "align",
        help="an original against its translation: pairs and what differs in substance",
    )
    s.add_argument("original", help="the original (a document or its parsed JSON)")
    s.add_argument("translation", help="the translation (a document or its parsed JSON)")
    add_report_format(s, ["md", "json", "html"])
    add_output(s, "the report")
    add_language(s, "the original's language")
    s.add_argument(
        "--learn-aliases",
        metavar="FILE",
        help="write English unit names the registry does not know, with the unit they render, "
        "as JSON lines for review (the registry is never changed)",
    )
    s.set_defaults(func=cmd_align)


def bounded(cmd: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """A comparison stopped, with one line, once it has run as long as parsing its documents
    may (POLICYPARSE_TIMEOUT_S for each): the limits that hold for parse hold here too."""

    @functools.wraps(cmd)
    def run(a: argparse.Namespace) -> int:
        from ..limits import Limits, TimeUp, time_limit

        n = len(getattr(a, "files", None) or (1, 1))
        seconds = Limits.resolve().timeout_s * max(n, 2)
        try:
            with time_limit(seconds):
                return cmd(a)
        except TimeUp:
            err(
                f"{a.cmd}: limits: took longer than {seconds} s "
                f"(POLICYPARSE_TIMEOUT_S={seconds // max(n, 2)} for each document); stopped"
            )
            return 1

    return run


@bounded
def cmd_diff(a: argparse.Namespace) -> int:
    from ..compare.diff import diff
    from ..compare.load import load_any
    from ..render.diff_report import to_html, to_markdown

    try:
        old, new = load_any(a.old, a.language), load_any(a.new, a.language)
    except Exception as e:  # noqa: BLE001 - any unreadable input is reported, not raised
        err(str(e))
        return 1
    if old.language != new.language:
        err(
            f"warning: comparing notices in two languages ({old.language} and {new.language}): "
            "tasks pair by their words, so nearly all will show as added and removed"
        )
    res = diff(old, new)
    if a.format == "json":
        out = json.dumps(res.to_dict(), ensure_ascii=False, indent=1)
    elif a.format == "html":
        out = to_html(res)
    else:
        out = to_markdown(res)
    emit(out, a.output, stdout_end="\n")
    return 0


@bounded
def cmd_align(a: argparse.Namespace) -> int:
    from ..compare.align import align
    from ..compare.load import load_any
    from ..render.align_report import to_html, to_markdown

    try:
        orig = load_any(a.original, a.language)
        trans = load_any(a.translation)
    except Exception as e:  # noqa: BLE001 - any unreadable input is reported, not raised
        err(str(e))
        return 1
    if orig.language == trans.language:
        err(
            f"warning: both documents are in {orig.language}: align compares an original with "
            "its translation (to compare two versions, use diff)"
        )
    res = align(orig, trans)
    if a.format == "json":
        out = res.to_json() + "\n"
    elif a.format == "html":
        out = to_html(res)
    else:
        out = to_markdown(res)
    emit(out, a.output)
    if a.learn_aliases:
        cands = res.alias_candidates()
        emit("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cands), a.learn_aliases)
        err(
            f"{len(cands)} alias candidate(s) written to {a.learn_aliases}: review them before "
            "adding any to the unit registry (nothing was added)"
        )
    err(repr(res)[1:-1])
    return 0


@bounded
def cmd_track(a: argparse.Namespace) -> int:
    from ..compare.load import load_any
    from ..compare.track import to_markdown, track

    try:
        docs = [load_any(f, a.language) for f in a.files]
    except Exception as e:  # noqa: BLE001 - an unreadable version is reported, not raised
        err(str(e))
        return 1
    res = track(docs, labels=[Path(f).stem for f in a.files])
    out = json.dumps(res, ensure_ascii=False, indent=1) if a.format == "json" else to_markdown(res)
    emit(out if out.endswith("\n") else out + "\n", a.output)
    return 0
