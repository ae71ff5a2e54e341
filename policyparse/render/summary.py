"""``policyparse parse --summary``: a notice as a reader scans it, one task a line.

The title whole; then each task on one line (its text with line breaks folded), its units by
role (lead, support, responsible, as the JSON gives them), its targets (what is measured, and
the value) and its deadline, units named in the notice's language.
"""

from __future__ import annotations

from ..model import Document
from .tables import ROLES, target_label, unit_name


def summary(doc: Document, width: int = 80) -> str:
    md = doc.metadata
    head = [md.title or "(untitled)"]
    facts = [x for x in (md.doc_number, md.issued_on and f"issued {md.issued_on}") if x]
    n_sections = sum(1 for _ in doc.iter_sections())
    counts = (
        f"{doc.language} · {n_sections} sections · {len(doc.tasks)} tasks · {len(doc.units)} units"
        f" · {len(doc.targets)} targets · {len(doc.deadlines)} deadlines"
    )
    head.append("  ".join(facts + [counts]))
    lines = head
    for t in doc.tasks:
        text = " ".join(t.text.split())
        if len(text) > width:
            text = text[: width - 1].rstrip() + "…"
        parts = [f"{t.id:>4} [{t.section_id or '-'}] {text}"]
        sep = "、" if doc.language == "zh" else ", "
        for role in ROLES:  # each unit under its role, as the JSON gives it (no guessed lead)
            who = [unit_name(r, doc.language) for r in t.responsible if r.role == role]
            if who:
                parts.append(f"{role}: {sep.join(who)}")
        if t.targets:
            parts.append("targets: " + "; ".join(target_label(x) for x in t.targets))
        if t.deadlines:
            parts.append("due: " + "; ".join(x.date or x.text for x in t.deadlines))
        lines.append(" | ".join(parts))
    return "\n".join(lines)
