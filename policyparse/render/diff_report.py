"""Diff reports: Markdown for reading in a terminal or a pull request, and a self-contained HTML
page (side by side, colour-coded, with a summary chart of changes per section and per unit)."""

from __future__ import annotations

import html
from functools import lru_cache
from importlib import resources
from typing import Optional

from ..compare.diff import DiffResult, TaskChange

COLOURS = {
    "added": "#2e7d32",
    "removed": "#c62828",
    "reworded": "#f9a825",
    "split": "#6a1b9a",
    "merged": "#1565c0",
    "moved": "#ef6c00",
    "unchanged": "#9e9e9e",
    "tightened": "#2e7d32",
    "loosened": "#c62828",
    "raised": "#1565c0",
    "lowered": "#6a1b9a",
    "changed": "#f9a825",
}
TASK_KINDS = ["added", "removed", "reworded", "split", "merged", "moved"]


def _md_redline(ops: list[dict]) -> str:
    out = []
    for o in ops:
        t = md_cell(o["text"].replace("\n", " "))
        out.append(t if o["op"] == "equal" else (f"~~{t}~~" if o["op"] == "delete" else f"**{t}**"))
    return "".join(out)


def _target_line(t) -> str:
    def fmt(d: Optional[dict]) -> str:
        return md_cell(d["text"]) if d else "—"

    return f"- {t.status}: {md_cell(t.metric) or '(metric)'}: {fmt(t.old)} → {fmt(t.new)}"


def md_cell(x: object) -> str:
    """Text from a notice in Markdown: no raw HTML (escaped) and no cell breaks (| escaped)."""
    return html.escape(str(x), quote=False).replace("|", "\\|")


def to_markdown(res: DiffResult) -> str:
    s = res.summary
    lines = [
        f"# What changed: {md_cell(res.old.get('title') or res.old.get('path'))} → "
        f"{md_cell(res.new.get('title') or res.new.get('path'))}",
        "",
    ]
    lines.append(
        "| tasks before | after | unchanged | reworded | added | removed | split | merged | moved |"
        " renumbered | renamed |"
    )
    lines.append("|---|---|---|---|---|---|---|---|---|---|---|")
    t = s["tasks"]
    lines.append(
        f"| {s['old_tasks']} | {s['new_tasks']} | {t['unchanged']} | {t['reworded']} | "
        f"{t['added']} | "
        f"{t['removed']} | {t['split']} | {t['merged']} | {s['moved']} | {s['renumbered']} | "
        f"{s.get('renamed', 0)} |"
    )
    lines.append("")
    for c in res.tasks:
        if c.status == "unchanged" and not (
            c.moved
            or c.renamed
            or c.units.any()
            or any(x.status != "unchanged" for x in c.targets)
            or any(x.status != "unchanged" for x in c.deadlines)
        ):
            continue
        head = (
            "## "
            f"{c.status}{' + moved' if c.moved else ''}{' + renumbered' if c.renumbered else ''}"
            f"{' + renamed' if c.renamed else ''}: "
            f"{md_cell(', '.join(c.old)) or '—'} → {md_cell(', '.join(c.new)) or '—'}"
        )
        lines.append(head)
        if c.moved:
            lines.append(f"*moved from* {md_cell(c.old_section)} *to* {md_cell(c.new_section)}")
        if c.renamed:
            lines.append(f"*renamed* {md_cell(c.old_section)} *to* {md_cell(c.new_section)}")
        if c.redline:
            lines.append("> " + _md_redline(c.redline))
        elif c.status == "added":
            lines.append("> **" + md_cell(c.new_text) + "**")
        elif c.status == "removed":
            lines.append("> ~~" + md_cell(c.old_text) + "~~")
        u = c.units
        if u.added:
            lines.append(f"- units added: {md_cell(_names(res, u.added))}")
        if u.dropped:
            lines.append(f"- units dropped: {md_cell(_names(res, u.dropped))}")
        if u.lead_changed and c.status not in ("added", "removed"):
            lines.append(
                f"- lead: {md_cell(_names(res, u.lead_before)) or '—'} → "
                f"{md_cell(_names(res, u.lead_after)) or '—'}"
            )
        for x in c.targets:
            if x.status != "unchanged":
                lines.append(_target_line(x))
        for d in c.deadlines:
            if d.status != "unchanged":
                lines.append(
                    f"- deadline {d.status}: {md_cell(d.old or '—')} → {md_cell(d.new or '—')}"
                )
        lines.append("")
    changed = [x for x in res.targets if x.status != "unchanged"]
    if changed:
        lines += ["## Targets", ""] + [_target_line(x) for x in changed] + [""]
    moved_units = [
        u for u in res.units if u["gained"] or u["lost"] or u["lead_gained"] or u["lead_lost"]
    ]
    if moved_units:
        lines += [
            "## Units",
            "",
            "| unit | tasks before | after | led before | after | gained | lost |",
            "|---|---|---|---|---|---|---|",
        ]
        for mu in moved_units:
            lines.append(
                f"| {md_cell(mu['name'])} | {mu['tasks_before']} | {mu['tasks_after']} | "
                f"{mu['led_before']} | {mu['led_after']} | "
                f"{md_cell(', '.join(mu['gained'])) or '—'} | "
                f"{md_cell(', '.join(mu['lost'])) or '—'} |"
            )
    return "\n".join(lines) + "\n"


def _bar_chart(title: str, rows: list[tuple[str, dict]], kinds: list[str], width: int = 560) -> str:
    """An inline SVG stacked bar chart: one bar per row, one colour per kind of change."""
    rows = [r for r in rows if any(r[1].get(k) for k in kinds)][:20]
    if not rows:
        return f"<p class='empty'>{html.escape(title)}: no changes</p>"
    bar_h, gap, label_w = 18, 6, 220
    total = max(sum(r[1].get(k, 0) for k in kinds) for r in rows) or 1
    scale = (width - label_w - 40) / total
    h = len(rows) * (bar_h + gap) + 40
    parts = [
        f"<svg class='chart' xmlns='http://www.w3.org/2000/svg' width='{width}' height='{h}' "
        f"role='img' aria-label='{html.escape(title)}'>",
        f"<text x='0' y='14' font-size='13' font-weight='bold'>{html.escape(title)}</text>",
    ]
    for n, (label, cnt) in enumerate(rows):
        y = 24 + n * (bar_h + gap)
        short = label if len(label) <= 28 else label[:27] + "…"
        parts.append(f"<text x='0' y='{y + 13}' font-size='11'>{html.escape(short)}</text>")
        x = label_w
        for k in kinds:
            v = cnt.get(k, 0)
            if v:
                w = max(v * scale, 2)
                parts.append(
                    f"<rect x='{x:.1f}' y='{y}' width='{w:.1f}' height='{bar_h}' "
                    f"fill='{COLOURS[k]}'><title>{k}: {v}</title></rect>"
                )
                x += w
        parts.append(
            f"<text x='{x + 4:.1f}' y='{y + 13}' font-size='11'>"
            f"{sum(cnt.get(k, 0) for k in kinds)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _html_redline(ops: list[dict], side: str) -> str:
    out = []
    for o in ops:
        t = html.escape(o["text"])
        if o["op"] == "equal":
            out.append(t)
        elif o["op"] == "delete" and side == "old":
            out.append(f"<del>{t}</del>")
        elif o["op"] == "insert" and side == "new":
            out.append(f"<ins>{t}</ins>")
    return "".join(out)


def _names(res: DiffResult, ids: list[str]) -> str:
    """Unit ids as the notice names them (in its language), comma-joined."""
    names = {u["unit_id"]: u["name"] for u in res.units}
    return ", ".join(names.get(i, i) for i in ids)


def _row(c: TaskChange, res: DiffResult) -> str:
    if c.redline:
        old, new = _html_redline(c.redline, "old"), _html_redline(c.redline, "new")
    else:
        old, new = html.escape(c.old_text), html.escape(c.new_text)
    if c.status == "removed":
        old = f"<del>{old}</del>"
    if c.status == "added":
        new = f"<ins>{new}</ins>"
    notes = []
    if c.moved:
        notes.append(f"moved: {html.escape(c.old_section)} → {html.escape(c.new_section)}")
    if c.renumbered:
        notes.append("renumbered")
    if c.renamed:
        notes.append(f"renamed: {html.escape(c.old_section)} → {html.escape(c.new_section)}")
    if c.units.added:
        notes.append("units added: " + html.escape(_names(res, c.units.added)))
    if c.units.dropped:
        notes.append("units dropped: " + html.escape(_names(res, c.units.dropped)))
    if c.units.lead_changed and c.status not in ("added", "removed"):
        notes.append(
            f"lead: {html.escape(_names(res, c.units.lead_before)) or '—'} → "
            f"{html.escape(_names(res, c.units.lead_after)) or '—'}"
        )
    for t in c.targets:
        if t.status != "unchanged":
            notes.append(
                f"<span class='t {t.status}'>{t.status}</span> {html.escape(t.metric)}: "
                f"{html.escape(t.old['text']) if t.old else '—'} → "
                f"{html.escape(t.new['text']) if t.new else '—'}"
            )
    for d in c.deadlines:
        if d.status != "unchanged":
            notes.append(
                f"deadline {d.status}: {html.escape(d.old or '—')} → {html.escape(d.new or '—')}"
            )
    status = c.status + (" moved" if c.moved else "")
    return (
        f"<tr class='{c.status}{' moved' if c.moved else ''}'><td class='st'><span class='badge "
        f"{c.status}'>{html.escape(status)}</span>"
        f"<div class='ids'>{html.escape(', '.join(c.old)) or '—'} → "
        f"{html.escape(', '.join(c.new)) or '—'}</div></td>"
        f"<td>{old}</td><td>{new}</td><td class='notes'>{'<br>'.join(notes)}</td></tr>"
    )


@lru_cache(maxsize=1)
def _css() -> str:
    """The report's style sheet (diff_report.css beside this module) and the status colours."""
    sheet = resources.files("policyparse").joinpath("render/diff_report.css").read_text("utf-8")
    return sheet + "".join(
        f".badge.{k},.card.{k}{{background:{v}}}.t.{k}{{color:{v}}}" for k, v in COLOURS.items()
    )


def _metric_shown(t) -> str:
    """A target change's metric; "old → new" when the two versions word it differently."""
    before = (t.old or {}).get("metric")
    if before and t.new and t.new.get("metric") and before != t.new["metric"]:
        return f"{before} → {t.new['metric']}"
    return str(t.metric or "")


def to_html(res: DiffResult) -> str:
    s = res.summary
    old_name = res.old.get("title") or res.old.get("path")
    new_name = res.new.get("title") or res.new.get("path")
    title = f"{old_name} → {new_name}"
    counts = {k: s["moved"] if k == "moved" else s["tasks"].get(k, s.get(k, 0)) for k in TASK_KINDS}
    cards = "".join(f"<div class='card {k}'><b>{counts[k]}</b>{k}</div>" for k in TASK_KINDS)
    tcards = "".join(
        f"<div class='card {k}'><b>{v}</b>targets {k}</div>"
        for k, v in s["targets"].items()
        if k != "unchanged"
    )
    sec_rows = [(r["section"], {**{k: r.get(k, 0) for k in TASK_KINDS}}) for r in res.sections]
    unit_rows = [
        (
            u["name"],
            {
                "added": len(u["gained"]),
                "removed": len(u["lost"]),
                "moved": len(u["lead_gained"]) + len(u["lead_lost"]),
            },
        )
        for u in res.units
    ]
    rows = "".join(_row(c, res) for c in res.tasks)
    tgt = "".join(
        f"<tr><td><span class='badge {t.status}'>{t.status}</span></td><td>"
        f"{html.escape(_metric_shown(t))}</td>"
        f"<td>{html.escape(t.old['text']) if t.old else '—'}</td>"
        f"<td>{html.escape(t.new['text']) if t.new else '—'}</td></tr>"
        for t in res.targets
        if t.status != "unchanged"
    )
    changed_units = [
        u for u in res.units if u["gained"] or u["lost"] or u["lead_gained"] or u["lead_lost"]
    ]
    unit_table = "".join(
        f"<tr><td>{html.escape(u['name'])}</td><td>{len(u['gained'])}</td>"
        f"<td>{len(u['lost'])}</td><td>{len(u['lead_gained'])}</td><td>{len(u['lead_lost'])}</td>"
        "</tr>"
        for u in changed_units
    )
    show = (
        "document.querySelectorAll('tr.unchanged')"
        ".forEach(r=>r.style.display=this.checked?'table-row':'none')"
    )
    units_chart = _bar_chart(
        "Duties gained / lost / lead changed per unit", unit_rows, ["added", "removed", "moved"]
    )
    lang = html.escape(res.language)
    old_date = html.escape(str(res.old.get("issued_on") or "—"))
    new_date = html.escape(str(res.new.get("issued_on") or "—"))
    return f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
<title>policyparse diff: {html.escape(title)}</title><style>{_css()}</style></head><body>
<h1>What changed</h1>
<p>{html.escape(str(old_name))} ({old_date})
→ {html.escape(str(new_name))} ({new_date})</p>
<section id="summary" class="summary">
<div><h2>Tasks: {s["old_tasks"]} → {s["new_tasks"]}</h2><div class="cards">{cards}</div>
<div class="cards" style="margin-top:10px">{tcards}</div></div>
<div>{_bar_chart("Changes per section", sec_rows, TASK_KINDS)}</div>
<div>{units_chart}</div></section>
<h2 id="targets">Targets</h2>
<table><thead><tr><th>change</th><th>metric</th><th>before</th><th>after</th></tr></thead>
<tbody>{tgt or "<tr><td colspan=4>no target changes</td></tr>"}</tbody></table>
<h2 id="units">Units</h2>
<table><thead><tr><th>unit</th><th>duties gained</th><th>duties lost</th><th>lead gained</th>
<th>lead lost</th></tr></thead>
<tbody>{unit_table or "<tr><td colspan=5>no unit gained or lost a duty</td></tr>"}</tbody></table>
<h2 id="tasks">Tasks side by side</h2>
<p><label><input type="checkbox" onclick="{show}"> show unchanged</label></p>
<table><thead><tr><th>change</th><th>before</th><th>after</th><th>notes</th></tr></thead>
<tbody>{rows}</tbody></table>
</body></html>"""
