"""Terminal rendering of an evaluation report (rich tables)."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table

from ..evaluate import FIELDS, LEVELS, Report


def _cell(prf) -> str:
    if prf is None:
        return "—"
    return f"{prf.precision:.2f}/{prf.recall:.2f}/[bold]{prf.f1:.2f}[/bold]"


def print_report(rep: Report, show_errors: bool = True, console: Console | None = None) -> None:
    con = console or Console(width=200)
    t = Table(title="policyparse eval — precision/recall/F1 per field", show_lines=False)
    t.add_column("document", overflow="fold")
    for f in FIELDS:
        t.add_column(f, justify="center")
    for d in rep.documents:
        t.add_row(d.document, *[_cell(d.fields.get(f)) for f in FIELDS])
    tot = rep.total
    t.add_row("[bold]TOTAL[/bold]", *[_cell(tot[f]) if tot[f].tp + tot[f].fp + tot[f].fn else "—" for f in FIELDS])
    con.print(t)
    lv = Table(title="matching levels (GROBID-style): strict / soft / fuzzy F1")
    lv.add_column("field")
    for name in LEVELS:
        lv.add_column(name, justify="center")
    tl = rep.total_levels
    for f in ("sections", "tasks"):
        lv.add_row(f, *[f"{tl[name][f].f1:.3f}" for name in LEVELS])
    con.print(lv)
    for fail in rep.failures:
        con.print(f"[red]FAILED[/red] {fail['golden']}: {fail['error']}")
    if show_errors:
        for d in rep.documents:
            if not d.errors:
                continue
            con.print(f"\n[bold]{d.document}[/bold]: {len(d.errors)} misses / false hits")
            for e in d.errors:
                extra = {k: v for k, v in e.items() if k not in ("field", "type", "quote")}
                con.print(f"  {e['field']:<12} {e['type']:<6} {e.get('quote', '')!s}  {extra if extra else ''}",
                          markup=False, highlight=False)
