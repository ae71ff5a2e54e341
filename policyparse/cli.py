"""The command line: it parses arguments and calls the library functions users call.

Exit codes: 0 success; 1 some input failed or a quality floor was missed; 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .version import __version__


def _err(msg: str) -> None:
    print(f"policyparse: {msg}", file=sys.stderr)


def cmd_parse(a) -> int:
    from .api import parse
    from .errors import PolicyParseError
    from .limits import Limits, TimeUp, time_limit

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
            _err(str(e))
            rc = 1
            continue
        except TimeUp:
            _err(
                f"{f}: limits: parsing took longer than {seconds} s "
                "(POLICYPARSE_TIMEOUT_S); stopped"
            )
            rc = 1
            continue
        outs.append(doc.to_dict())
        if a.summary:
            from .render.summary import summary

            print(summary(doc))
    if not a.summary and outs:  # (nothing parsed: nothing written, an old output kept)
        # one input gives one object, several a list, whichever of them failed
        payload = outs[0] if len(a.files) == 1 else outs
        s = json.dumps(payload, ensure_ascii=False, indent=None if a.compact else 1)
        if a.output:
            from .render.files import write_atomic

            write_atomic(Path(a.output), s + "\n")
        else:
            print(s)
    return rc


def cmd_eval(a) -> int:
    from .evaluation.score import evaluate
    from .render.report import print_report

    paths = _golden_paths(a.golden)
    if not paths:
        _err("no golden files given or found")
        return 2
    corpus_dirs = a.corpus or ["corpus", "../shared/corpus"]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        _err(f"no such golden file: {', '.join(missing)}")
        return 2
    rep = evaluate(paths, corpus_dirs)
    if not rep.documents:
        for f in rep.failures:
            _err(f"{f.get('golden', '')}: {f.get('error', f)}")
        _err("nothing was scored (every golden file failed to load or its document is missing)")
        return 1
    if a.json:
        print(json.dumps(rep.to_dict(), ensure_ascii=False, indent=1))
    else:
        print_report(rep, show_errors=not a.no_errors)
    rc = 1 if rep.failures else 0
    if a.update_floors:
        from .evaluation.floors import update

        try:
            update(rep, a.update_floors, paths, corpus_dirs, a.allow_lower, a.note)
        except ValueError as e:
            _err(str(e))
            return 1
    if a.floors:
        from .evaluation.floors import check

        problems = check(rep, a.floors, paths, corpus_dirs)
        for p in problems:
            _err(f"floors: {p}")
        rc = rc or (1 if problems else 0)
    return rc


def _golden_paths(items: list[str]) -> list[Path]:
    out = []
    for x in items:
        p = Path(x)
        out += sorted(p.glob("*.json")) if p.is_dir() else [p]
    return out


def cmd_validate(a) -> int:
    from .errors import PolicyParseError
    from .evaluation.golden import check_quotes, find_document, load_golden
    from .schemas import validate_document

    rc = 0
    for f in a.files:
        if a.golden:
            try:
                g = load_golden(f, allow_draft=True)
            except PolicyParseError as e:
                _err(str(e))
                rc = 1
                continue
            path = find_document(g["document"], a.corpus or ["corpus", "../shared/corpus"])
            if path is None:
                dirs = ", ".join(a.corpus or ["corpus", "../shared/corpus"])
                _err(
                    f"{f}: document {g['document']!r} not found in {dirs} "
                    "(give its folder with --corpus DIR)"
                )
                rc = 1
                continue
            from .api import parse

            doc = parse(path, language=g.get("language"))
            problems = check_quotes(g, doc.text)
            if g.get("draft"):
                problems.insert(0, 'is still a draft (remove "draft": true once checked)')
            for p in problems:
                _err(f"{f}: {p}")
            rc = rc or (1 if problems else 0)
            if not problems:
                print(
                    f"{f}: ok ({len(g['tasks'])} tasks, {len(g['targets'])} targets, "
                    f"{len(g['deadlines'])} deadlines)"
                )
        else:
            import jsonschema

            try:
                validate_document(json.loads(Path(f).read_text("utf-8")))
                print(f"{f}: ok")
            except (OSError, ValueError, RecursionError, jsonschema.ValidationError) as e:
                msg = "nested too deeply to read" if isinstance(e, RecursionError) else e
                _err(f"{f}: {getattr(e, 'message', msg)}")
                rc = 1
    return rc


def cmd_annotate(a) -> int:
    from .api import parse
    from .errors import PolicyParseError
    from .evaluation.golden import draft_from

    try:
        doc = parse(a.file, language=a.language)
    except PolicyParseError as e:
        _err(str(e))
        return 1
    draft = draft_from(doc, Path(a.file).name)
    s = json.dumps(draft, ensure_ascii=False, indent=1) + "\n"
    if a.output:
        from .render.files import write_atomic

        write_atomic(Path(a.output), s)
        print(
            f'draft written to {a.output}: correct it against the text, then remove "draft": true',
            file=sys.stderr,
        )
    else:
        print(s, end="")
    return 0


def cmd_batch(a) -> int:
    from .batch.runner import BatchOptions, run_batch

    if not Path(a.input).exists():
        _err(f"{a.input}: no such file or folder")
        return 2
    if a.executor == "dask" and not a.scheduler:
        _err("--executor dask needs --scheduler ADDRESS")
        return 2

    opts = BatchOptions(
        include=a.include or None,
        exclude=a.exclude or [],
        jobs=a.jobs,
        force=a.force,
        formats=a.format or ["json"],
        combined=a.combined,
        executor=a.executor,
        scheduler=a.scheduler,
        progress=not a.no_progress,
        timeout_s=a.timeout,
    )
    summary = run_batch(a.input, a.output, opts)
    if a.db:
        from .store import open_store

        with open_store(a.db) as store:
            rep = store.load(a.output)
        _err(f"store {store.where}: {rep}")
        for f, why in rep.errors:
            _err(f"  {f}: {why}")
    return 1 if summary.errors else 0


def cmd_db_load(a) -> int:
    from .store import open_store

    rc = 0
    with open_store(a.db) as store:
        for src in a.sources:
            rep = store.load(src)
            _err(f"{src} -> {store.where}: {rep}")
            for f, why in rep.errors:
                _err(f"  {f}: {why}")
                rc = 1
    return rc


def cmd_db_info(a) -> int:
    from .store import open_store

    with open_store(a.db, create=False) as store:
        print(store)
        for name, n in store.counts().items():
            print(f"  {name:<17} {n:>9}")
    return 0


TABLE_PAGE = 100  # rows a query shows as a table unless --limit says otherwise


def cmd_query(a) -> int:
    from .render.rows import render_rows
    from .store import TaskQuery, open_store
    from .store.query import flat

    with open_store(a.db, create=False) as store:
        if a.sql:
            rows = store.sql(a.sql)
        else:
            q = TaskQuery(
                unit=a.unit,
                role=a.role,
                due_before=a.due_before,
                due_after=a.due_after,
                has_target=a.has_target,
                metric=a.metric,
                search=a.search,
                language=a.language,
                document=a.document,
                # a table on a screen shows a page, as datasette does; CSV and JSON every row
                limit=a.limit if a.limit is not None or a.format != "table" else TABLE_PAGE + 1,
            )
            rows = store.tasks(**vars(q))
            if a.limit is None and a.format == "table" and len(rows) > TABLE_PAGE:
                rows = rows[:TABLE_PAGE]
                total = store.count_tasks(**{**vars(q), "limit": None})
                _err(
                    f"the first {TABLE_PAGE} of {total} tasks; --limit 0 for all of them, "
                    "--format csv or json to keep them"
                )
            if a.format != "json":
                rows = [flat(r) for r in rows]
        no_unit = bool(not rows and a.unit and not a.sql and not store.unit_ids(a.unit))
    out = render_rows(rows, a.format)
    if a.output:
        if a.format == "csv":
            out = "\ufeff" + out  # so that Excel opens Chinese CSV correctly
        from .render.files import write_atomic

        write_atomic(Path(a.output), out)
    else:
        sys.stdout.write(out)
    if not rows:
        why = f": no unit is named {a.unit!r} here (by id, name, alias or as written)"
        _err(f"no rows{why if no_unit else ''}")
    return 0


def cmd_diff(a) -> int:
    from .compare.diff import diff
    from .compare.load import load_any
    from .render.diff_report import to_html, to_markdown

    try:
        old, new = load_any(a.old, a.language), load_any(a.new, a.language)
    except Exception as e:  # noqa: BLE001 - any unreadable input is reported, not raised
        _err(str(e))
        return 1
    if old.language != new.language:
        _err(
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
    if a.output:
        from .render.files import write_atomic

        write_atomic(Path(a.output), out)
    else:
        print(out)
    return 0


def cmd_align(a) -> int:
    from .compare.align import align
    from .compare.load import load_any
    from .render.align_report import to_html, to_markdown

    try:
        orig = load_any(a.original, a.language)
        trans = load_any(a.translation)
    except Exception as e:  # noqa: BLE001 - any unreadable input is reported, not raised
        _err(str(e))
        return 1
    if orig.language == trans.language:
        _err(
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
    from .render.files import write_atomic

    if a.output:
        write_atomic(Path(a.output), out)
    else:
        sys.stdout.write(out)
    if a.learn_aliases:
        cands = res.alias_candidates()
        write_atomic(
            Path(a.learn_aliases),
            "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cands),
        )
        _err(
            f"{len(cands)} alias candidate(s) written to {a.learn_aliases}: review them before "
            "adding any to the unit registry (nothing was added)"
        )
    _err(repr(res)[1:-1])
    return 0


def cmd_track(a) -> int:
    from .compare.load import load_any
    from .compare.track import track

    if len(a.files) < 2:
        _err("track needs two or more versions of a series")
        return 2
    try:
        docs = [load_any(f, a.language) for f in a.files]
    except Exception as e:  # noqa: BLE001 - an unreadable version is reported, not raised
        _err(str(e))
        return 1
    res = track(docs, labels=[Path(f).stem for f in a.files])
    out = json.dumps(res, ensure_ascii=False, indent=1) if a.format == "json" else res_to_md(res)
    if a.output:
        from .render.files import write_atomic

        write_atomic(Path(a.output), out if out.endswith("\n") else out + "\n")
    else:
        print(out)
    return 0


def res_to_md(res: dict) -> str:
    from .compare.track import to_markdown

    return to_markdown(res)


def cmd_scrape(a) -> int:
    from .ingest.scrape import ScrapeOptions, Scraper

    s = Scraper(
        ScrapeOptions(
            out_dir=Path(a.output),
            allow_private=a.allow_private,
            delay_s=a.delay,
            follow_attachments=a.attachments,
            respect_robots=not a.ignore_robots,
        )
    )
    rc = 0
    for url in a.urls:
        rc = max(rc, _report_fetch(s.fetch_and_parse(url), ""))
    return rc


def _report_fetch(res, indent: str) -> int:
    """One line per page fetched, and one per attachment under it (indented)."""
    rc = 0
    if res.error:
        _err(f"{indent}{res.url}: {res.error}")
        rc = 1
    else:
        print(f"{indent}{res.url} -> {res.json_path}")
    for att in res.attachments:
        rc = max(rc, _report_fetch(att, indent + "  attachment: "))
    return rc


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="policyparse", description="Policy notices -> structured task lists."
    )
    p.add_argument("--version", action="version", version=f"policyparse {__version__}")
    sub = p.add_subparsers(dest="cmd", required=True)

    s = sub.add_parser("parse", help="parse documents and print their JSON")
    s.add_argument(
        "files", nargs="+", help="documents (.txt .html .pdf .docx); - reads standard input"
    )
    s.add_argument(
        "--language", choices=["zh", "en"], help="the notice's language (default: detected)"
    )
    s.add_argument(
        "--format",
        choices=["text", "html", "pdf", "docx"],
        help="the input format (default: detected)",
    )
    s.add_argument("-o", "--output", help="write the JSON to this file (default: standard output)")
    s.add_argument("--compact", action="store_true", help="one-line JSON")
    s.add_argument("--summary", action="store_true", help="a readable task list instead of JSON")
    s.set_defaults(func=cmd_parse)

    s = sub.add_parser("eval", help="score the parser against golden files")
    s.add_argument("golden", nargs="+", help="golden JSON files or folders of them")
    s.add_argument(
        "--corpus",
        action="append",
        help="folder holding the documents (repeatable; default: corpus and ../shared/corpus)",
    )
    s.add_argument("--json", action="store_true", help="the report as JSON on standard output")
    s.add_argument(
        "--no-errors", action="store_true", help="omit the list of misses and false hits"
    )
    s.add_argument("--floors", help="fail when F1 falls below the floors in this file")
    s.add_argument("--update-floors", help="pin today's F1 figures as floors in this file")
    s.add_argument(
        "--allow-lower",
        action="store_true",
        help="let --update-floors lower a floor (needs --note)",
    )
    s.add_argument("--note", help="why floors change (kept in the floors file)")
    s.set_defaults(func=cmd_eval)

    s = sub.add_parser("validate", help="validate output JSON, or golden files with --golden")
    s.add_argument("files", nargs="+", help="parsed JSON files, or golden files with --golden")
    s.add_argument(
        "--golden", action="store_true", help="the files are golden files: check their quotes too"
    )
    s.add_argument(
        "--corpus",
        action="append",
        help="folder holding the golden files' documents (repeatable; "
        "default: corpus, ../shared/corpus)",
    )
    s.set_defaults(func=cmd_validate)

    s = sub.add_parser("annotate", help="write a golden draft from the parser's output")
    s.add_argument("file", help="the document to annotate")
    s.add_argument("-o", "--output", help="write the draft here (default: standard output)")
    s.add_argument(
        "--language", choices=["zh", "en"], help="the notice's language (default: detected)"
    )
    s.set_defaults(func=cmd_annotate)

    s = sub.add_parser("batch", help="parse a folder of documents")
    s.add_argument("input", help="a folder of documents (or one document)")
    s.add_argument("-o", "--output", required=True, help="the output folder (made if missing)")
    s.add_argument("--include", action="append", help="glob of files to take (repeatable)")
    s.add_argument("--exclude", action="append", help="glob of files to skip (repeatable)")
    s.add_argument("--jobs", type=int, default=0, help="worker processes (default: all cores)")
    s.add_argument("--force", action="store_true", help="redo inputs already done")
    s.add_argument(
        "--format",
        action="append",
        choices=["json", "jsonl", "csv", "xlsx"],
        help="outputs besides one JSON per input (repeatable): "
        "documents.jsonl, tasks.csv, tasks.xlsx",
    )
    s.add_argument("--combined", action="store_true", help="xlsx: one sheet for all documents")
    s.add_argument(
        "--executor",
        choices=["local", "dask"],
        default="local",
        help="where to parse (default: local)",
    )
    s.add_argument("--scheduler", help="dask scheduler address, e.g. tcp://127.0.0.1:8786")
    s.add_argument(
        "--timeout",
        type=float,
        default=None,
        help="seconds per document (default: Limits.timeout_s, POLICYPARSE_TIMEOUT_S)",
    )
    s.add_argument(
        "--no-progress", action="store_true", help="no progress bar (the summary is still printed)"
    )
    s.add_argument(
        "--db",
        help="also load the outputs into this store (a SQLite file, or a postgresql:// URL); "
        "incremental: changed documents are written again, those whose input is gone removed",
    )
    s.set_defaults(func=cmd_batch)

    s = sub.add_parser("db", help="the store of parsed notices (SQLite or PostgreSQL)")
    dbs = s.add_subparsers(dest="db_command", required=True, help="load | info")
    t = dbs.add_parser("load", help="load parsed JSON (batch output folders or files)")
    t.add_argument("sources", nargs="+", help="batch output folders, folders of JSON, JSON files")
    t.add_argument(
        "--db", required=True, help="a SQLite file (made if missing) or postgresql:// URL"
    )
    t.set_defaults(func=cmd_db_load)
    t = dbs.add_parser("info", help="what a store holds")
    t.add_argument("--db", required=True, help="a SQLite file or postgresql:// URL")
    t.set_defaults(func=cmd_db_info)

    s = sub.add_parser(
        "query",
        help="ask a store which tasks match (one row per task), or run read-only SQL",
        description="Filters combine with AND. Example: policyparse query --db notices.sqlite "
        "--unit 海关总署 --role lead --due-before 2024-12-31",
    )
    s.add_argument("--db", required=True, help="a SQLite file or postgresql:// URL")
    s.add_argument("--unit", help="a unit: its id, Chinese or English name, or an alias")
    s.add_argument("--role", choices=["lead", "support", "responsible"], help="the unit's role")
    s.add_argument("--due-before", help="a deadline on or before this date (YYYY-MM-DD)")
    s.add_argument("--due-after", help="a deadline on or after this date (YYYY-MM-DD)")
    s.add_argument("--has-target", action="store_true", help="tasks that set a numeric target")
    s.add_argument("--metric", help="tasks with a target whose metric contains these words")
    s.add_argument("--search", help="tasks whose text contains these words (Chinese or English)")
    s.add_argument("--language", choices=["zh", "en"], help="documents in this language")
    s.add_argument("--document", help="documents whose path contains this")
    s.add_argument(
        "--limit",
        type=int,
        help="at most this many rows, 0 for all (default: all; a table shows the first 100)",
    )
    s.add_argument("--sql", help='read-only SQL instead of the filters, e.g. "SELECT …"')
    s.add_argument(
        "--format", choices=["table", "csv", "json"], default="table", help="default: table"
    )
    s.add_argument("-o", "--output", help="write the rows here (default: standard output)")
    s.set_defaults(func=cmd_query)

    s = sub.add_parser("diff", help="what changed between two versions of a guideline")
    s.add_argument("old", help="the earlier version (a document or its parsed JSON)")
    s.add_argument("new", help="the later version (a document or its parsed JSON)")
    s.add_argument(
        "--format", choices=["md", "json", "html"], default="md", help="report format (default: md)"
    )
    s.add_argument(
        "--language", choices=["zh", "en"], help="the notices' language (default: detected)"
    )
    s.add_argument("-o", "--output", help="write the report here (default: standard output)")
    s.set_defaults(func=cmd_diff)

    s = sub.add_parser(
        "track", help="timelines of tasks, targets and units over two or more versions"
    )
    s.add_argument(
        "files", nargs="+", help="two or more versions, oldest first (documents or parsed JSON)"
    )
    s.add_argument("-o", "--output", help="write the timeline here (default: standard output)")
    s.add_argument(
        "--format", choices=["md", "json"], default="md", help="report format (default: md)"
    )
    s.add_argument(
        "--language", choices=["zh", "en"], help="the notices' language (default: detected)"
    )
    s.set_defaults(func=cmd_track)

    s = sub.add_parser(
        "align",
        help="an original against its translation: pairs and what differs in substance",
    )
    s.add_argument("original", help="the original (a document or its parsed JSON)")
    s.add_argument("translation", help="the translation (a document or its parsed JSON)")
    s.add_argument("--format", choices=["md", "json", "html"], default="md", help="default: md")
    s.add_argument("-o", "--output", help="write the report here (default: standard output)")
    s.add_argument(
        "--language", choices=["zh", "en"], help="the original's language (default: detected)"
    )
    s.add_argument(
        "--learn-aliases",
        metavar="FILE",
        help="write English unit names the registry does not know, with the unit they render, "
        "as JSON lines for review (the registry is never changed)",
    )
    s.set_defaults(func=cmd_align)

    s = sub.add_parser("scrape", help="fetch notices politely and parse them")
    s.add_argument("urls", nargs="+", help="http(s) URLs of notices")
    s.add_argument(
        "-o",
        "--output",
        default="scraped",
        help="folder for pages and their JSON (default: ./scraped)",
    )
    s.add_argument("--delay", type=float, default=1.0, help="seconds between requests to one host")
    s.add_argument(
        "--attachments", action="store_true", help="also fetch linked PDF/DOCX attachments"
    )
    s.add_argument(
        "--allow-private", action="store_true", help="allow private and loopback addresses"
    )
    s.add_argument("--ignore-robots", action="store_true", help="do not read robots.txt")
    s.set_defaults(func=cmd_scrape)
    return p


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "jobs", 0) and args.jobs < 0:
        _err("--jobs must be 0 (all cores) or more")
        return 2
    try:
        from .limits import Limits

        Limits.resolve()  # a bad POLICYPARSE_* setting is said before any work
    except ValueError as e:
        _err(str(e))
        return 2
    from .errors import PolicyParseError

    try:
        return args.func(args)
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        return 0
    except PolicyParseError as e:  # an output that cannot be written, and what else names a file
        _err(str(e))
        return 2
    except OSError as e:  # a folder the command makes or reads, in the way or not allowed
        from .render.files import why_not

        _err(f"{e.filename}: {why_not(Path(e.filename), e)}" if e.filename else str(e))
        return 2


if __name__ == "__main__":
    sys.exit(main())
