"""Terminal rendering of an evaluation report (rich tables)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from ..evaluation.score import FIELDS, LEVELS, Report

SHORT = {
    "metadata": "meta",
    "sections": "sect",
    "tasks": "tasks",
    "units": "units",
    "roles": "roles",
    "division": "div",
    "unit_ids": "ids",
    "targets": "tgts",
    "targets_cmp": "t.cmp",
    "metrics": "metr",
    "deadlines": "dl",
}


def print_report(rep: Report, show_errors: bool = True, console: Console | None = None) -> None:
    con = console or Console(width=140)
    t = Table(title="F1 per document and field (— = nothing to score)")
    t.add_column("document", overflow="fold", max_width=34)
    for f in FIELDS:
        t.add_column(SHORT[f], justify="right")
    for d in rep.documents:
        t.add_row(
            d.document,
            *[
                f"{d.fields[f].f1:.2f}"
                if f in d.fields and (d.fields[f].tp + d.fields[f].fp + d.fields[f].fn)
                else "—"
                for f in FIELDS
            ],
        )
    con.print(t)
    tot = Table(title="TOTAL over all documents (micro-averaged)")
    for col in ("field", "precision", "recall", "F1", "tp", "fp", "fn"):
        tot.add_column(col, justify="right" if col != "field" else "left")
    for f, v in rep.total.items():
        if v.tp + v.fp + v.fn:
            tot.add_row(
                f,
                f"{v.precision:.3f}",
                f"{v.recall:.3f}",
                f"[bold]{v.f1:.3f}[/bold]",
                f"{v.tp:g}",
                f"{v.fp:g}",
                f"{v.fn:g}",
            )
    con.print(tot)
    lv = Table(title="matching levels (GROBID-style): strict / soft / fuzzy F1")
    lv.add_column("field")
    for name in LEVELS:
        lv.add_column(name, justify="right")
    tl = rep.total_levels
    for f in ("sections", "tasks"):
        lv.add_row(f, *[f"{tl[name][f].f1:.3f}" for name in LEVELS])
    con.print(lv)
    conf = rep.confusion
    if any(conf.values()):
        ct = Table(title="targets wrong, by family (data/target_families.json)")
        ct.add_column("family")
        ct.add_column("false", justify="right")
        ct.add_column("missed", justify="right")
        for fam in sorted(set(conf["false"]) | set(conf["miss"])):
            ct.add_row(fam, str(conf["false"].get(fam, 0)), str(conf["miss"].get(fam, 0)))
        con.print(ct)
    for fail in rep.failures:
        con.print(f"[red]FAILED[/red] {fail['golden']}: {fail['error']}")
    if show_errors:
        for d in rep.documents:
            if not d.errors:
                continue
            con.print(f"\n[bold]{d.document}[/bold]: {len(d.errors)} misses / false hits")
            for e in d.errors:
                extra = {k: v for k, v in e.items() if k not in ("field", "type", "quote")}
                con.print(
                    f"  {e['field']:<12} {e['type']:<6} {e.get('quote', '')!s}  "
                    f"{extra if extra else ''}",
                    markup=False,
                    highlight=False,
                )
