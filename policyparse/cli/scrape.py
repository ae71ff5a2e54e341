"""``policyparse scrape``: notices fetched politely from the web and parsed."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import add_output, err


def add(sub) -> None:
    s = sub.add_parser("scrape", help="fetch notices politely and parse them")
    s.add_argument("urls", nargs="+", help="http(s) URLs of notices")
    add_output(s, "pages and their JSON", default="scraped")
    s.add_argument("--delay", type=float, default=1.0, help="seconds between requests to one host")
    s.add_argument(
        "--attachments", action="store_true", help="also fetch linked PDF/DOCX attachments"
    )
    s.add_argument(
        "--allow-private", action="store_true", help="allow private and loopback addresses"
    )
    s.add_argument("--ignore-robots", action="store_true", help="do not read robots.txt")
    s.set_defaults(func=cmd_scrape)


def cmd_scrape(a: argparse.Namespace) -> int:
    from ..ingest.scrape import ScrapeOptions, Scraper

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
        err(f"{indent}{res.url}: {res.error}")
        rc = 1
    else:
        print(f"{indent}{res.url} -> {res.json_path}")
    for att in res.attachments:
        rc = max(rc, _report_fetch(att, indent + "  attachment: "))
    return rc
