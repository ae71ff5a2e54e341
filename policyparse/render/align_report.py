"""The alignment of an original and its translation as Markdown or one self-contained HTML
page: both texts side by side, pairs linked (each side's anchor points at the other), each
discrepancy marked on its row and listed at the top with a link to it. What a notice wrote is
escaped everywhere; the page loads nothing."""

from __future__ import annotations

import html
from typing import Optional

from ..compare.align import Alignment, Discrepancy, Pair
from ..model import Document
from .diff_report import md_cell

KIND_LABEL = {
    "section_unpaired": "section with no counterpart",
    "task_unpaired": "task with no counterpart",
    "task_merged": "tasks merged or split",
    "sentence_unpaired": "sentence with no counterpart",
    "target_differs": "target differs",
    "deadline_differs": "deadline differs",
    "number_missing": "number on one side only",
    "unit_missing": "unit on one side only",
    "unit_role_differs": "unit in another role",
    "unit_name_unknown": "unit name the registry does not know",
}

CSS = """
body{font:14px/1.5 system-ui,"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:24px;
color:#222;max-width:1400px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px}
.cards{display:flex;gap:8px;flex-wrap:wrap}.card{padding:6px 10px;border-radius:6px;
background:#eef2f7}.card b{font-size:18px;margin-right:6px}.card.bad{background:#fde2e1}
table{border-collapse:collapse;width:100%;table-layout:fixed}
td,th{border-top:1px solid #ddd;padding:6px 8px;vertical-align:top;text-align:left}
td.id,th.id{width:64px;color:#666;font-size:12px}th.what{width:24%}
mark{background:#f9d57a;padding:0 1px}tr.section td{background:#f6f7f9;font-weight:600}
tr.flag td{background:#fff6e5}tr.flag td.none{background:#fde2e1}
td.none{color:#999;font-style:italic}a.pair{color:#06c;text-decoration:none;font-size:12px}
ul.found{margin:0;padding-left:18px}ul.found li{margin:2px 0}
.kind{display:inline-block;font-size:11px;padding:1px 6px;border-radius:8px;background:#f5c26b;
margin-right:4px}td:target{outline:2px solid #06c}
"""


def _marked(text: str, quotes: set[str]) -> str:
    """The text escaped, with each quoted part of it (a target, a sentence with no counterpart)
    in a <mark>; a quote that is the whole text marks nothing."""
    spans = sorted((i, i + len(q)) for q in quotes if q != text and (i := text.find(q)) >= 0)
    out, at = [], 0
    for a, b in spans:
        if a < at:
            continue
        out.append(html.escape(text[at:a]) + "<mark>" + html.escape(text[a:b]) + "</mark>")
        at = b
    return "".join(out) + html.escape(text[at:])


def _texts(doc: Document) -> dict[str, str]:
    out = {s.id: f"{s.label} {s.title}".strip() for s in doc.iter_sections()}
    out.update({t.id: t.text for t in doc.tasks})
    return out


def _ids(ids: Optional[list[str]]) -> str:
    return "+".join(ids) if ids else "—"


def to_markdown(al: Alignment) -> str:
    a, b = al.original, al.translation
    lines = [
        f"# {_md(str(a.metadata.title or a.source.path))} ↔ "
        f"{_md(str(b.metadata.title or b.source.path))}",
        "",
        f"{repr(al)[1:-1]}",
        "",
        "| kind | original | translation | what differs |",
        "| --- | --- | --- | --- |",
    ]
    for d in al.discrepancies:
        lines.append(
            f"| {KIND_LABEL[d.kind]} | {_ids(d.original)} | {_ids(d.translation)} | "
            f"{_md(d.detail)} |"
        )
    if not al.discrepancies:
        lines.append("| — | | | no discrepancy found |")
    lines += [
        "",
        "## Pairs",
        "",
        "| | original | translation | score |",
        "| --- | --- | --- | --- |",
    ]
    for p in al.pairs:
        lines.append(f"| {p.kind} | {_ids(p.original)} | {_ids(p.translation)} | {p.score:.2f} |")
    return "\n".join(lines) + "\n"


def _md(s: str) -> str:
    """A cell on one line, escaped as the diff report's are (no raw HTML from a notice)."""
    return md_cell(" ".join(s.split()))


def _row(p: Pair, ta: dict[str, str], tb: dict[str, str], found: list[Discrepancy]) -> str:
    key = f"{p.kind}-{_ids(p.original)}-{_ids(p.translation)}"
    oid = "o-" + "-".join(p.original) if p.original else ""
    tid = "t-" + "-".join(p.translation) if p.translation else ""

    def cell(ids: Optional[list[str]], texts: dict[str, str], anchor: str, other: str) -> str:
        if not ids:
            return "<td class='none'>no counterpart</td>"
        side = "original_text" if anchor.startswith("o-") else "translation_text"
        quotes = {q for d in found if (q := getattr(d, side)) and len(q) > 1}
        body = "<br>".join(_marked(texts.get(i, ""), quotes) for i in ids)
        link = (
            f" <a class='pair' href='#{html.escape(other)}' title='its counterpart'>↔</a>"
            if other
            else ""
        )
        return f"<td id='{html.escape(anchor)}'>{body}{link}</td>"

    notes = "".join(
        f"<li><span class='kind'>{html.escape(KIND_LABEL[d.kind])}</span>"
        f"{html.escape(d.detail)}</li>"
        for d in found
    )
    cls = " ".join(
        c for c in ("section" if p.kind == "section" else "", "flag" if found else "") if c
    )
    return (
        f"<tr class='{cls}' data-pair='{html.escape(key)}'>"
        f"<td class='id'>{html.escape(_ids(p.original))}</td>"
        f"{cell(p.original, ta, oid, tid)}"
        f"<td class='id'>{html.escape(_ids(p.translation))}</td>"
        f"{cell(p.translation, tb, tid, oid)}"
        f"<td>{'<ul class=found>' + notes + '</ul>' if notes else ''}</td></tr>"
    )


def to_html(al: Alignment) -> str:
    a, b = al.original, al.translation
    ta, tb = _texts(a), _texts(b)
    by_pair: dict[tuple, list[Discrepancy]] = {}
    for d in al.discrepancies:
        k = (d.on, tuple(d.original or ()), tuple(d.translation or ()))
        by_pair.setdefault(k, []).append(d)
    rows = "".join(
        _row(
            p,
            ta,
            tb,
            by_pair.get((p.kind, tuple(p.original or ()), tuple(p.translation or ())), []),
        )
        for p in _in_text_order(al)
    )
    counts = al.counts()
    cards = (
        "".join(
            f"<div class='card bad'><b>{n}</b>{html.escape(KIND_LABEL[k])}</div>"
            for k, n in counts.items()
        )
        or "<div class='card'><b>0</b>discrepancies</div>"
    )
    listing = "".join(
        f"<li><span class='kind'>{html.escape(KIND_LABEL[d.kind])}</span>"
        f"<a href='#{html.escape(_anchor(d))}'>{html.escape(_ids(d.original))} ↔ "
        f"{html.escape(_ids(d.translation))}</a>: {html.escape(d.detail)}</li>"
        for d in al.discrepancies
    )
    name_a = html.escape(a.metadata.title or a.source.path or "original")
    name_b = html.escape(b.metadata.title or b.source.path or "translation")
    return f"""<!DOCTYPE html><html lang="{html.escape(b.language)}"><head><meta charset="utf-8">
<title>policyparse align: {name_a}</title><style>{CSS}</style></head><body>
<h1>Original and translation</h1>
<p>{name_a} ({html.escape(a.language)}) ↔ {name_b} ({html.escape(b.language)})</p>
<div class="cards">{cards}</div>
<h2>Discrepancies</h2><ul class="found">{listing or "<li>none found</li>"}</ul>
<h2>Side by side</h2>
<table><thead><tr><th class="id">original</th><th></th><th class="id">translation</th><th></th>
<th class="what">what differs</th></tr></thead><tbody>{rows}</tbody></table>
</body></html>"""


def _anchor(d: Discrepancy) -> str:
    return "o-" + "-".join(d.original) if d.original else "t-" + "-".join(d.translation or [])


def _in_text_order(al: Alignment) -> list[Pair]:
    """Sections and tasks interleaved as the original reads (a translation-only item where its
    neighbour is)."""
    starts: dict[str, int] = {s.id: s.span.start for s in al.original.iter_sections()}
    starts.update({t.id: t.span.start for t in al.original.tasks})
    keyed: list[tuple[int, int, int, Pair]] = []
    last = -1
    for n, p in enumerate(al.pairs):
        if p.original:
            last = starts.get(p.original[0], last)
        keyed.append((last, 0 if p.kind == "section" else 1, n, p))
    return [p for *_, p in sorted(keyed, key=lambda x: (x[0], x[1], x[2]))]
