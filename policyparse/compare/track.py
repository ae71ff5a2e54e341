"""Track a series (two or more years of one guideline or report): a timeline per task (first
seen, last seen), per target metric (one row, its values by year) and per unit (tasks led by
year).

Consecutive versions are aligned with ``diff``; a task or target keeps its track id while each
year's diff matches it to the next year's."""

from __future__ import annotations

from collections import defaultdict
from typing import Optional

from ..model import Document
from . import identity
from .diff import _doc_year, align_targets, diff


def track(docs: list[Document], labels: Optional[list[str]] = None) -> dict:
    """Timelines over two or more versions, oldest first: each task's track (which task it is
    in each version, split and merged ones with the track they came ``from``), each target's
    values by version (one row per metric), and the tasks each unit holds and leads."""
    labels = labels or [d.metadata.issued_on or d.source.path or str(i) for i, d in enumerate(docs)]
    if len(docs) < 2:
        raise ValueError("track needs at least two versions")
    return {
        "versions": labels,
        "tasks": _task_tracks(docs, labels),
        "targets": [
            t for t in _one_row_per_metric(_target_tracks(docs, labels)) if len(t["values"]) >= 1
        ],
        "units": _unit_tracks(docs, labels),
    }


def _task_tracks(docs: list[Document], labels: list[str]) -> list[dict]:
    """Each task's track across the versions, following the diff of each pair of versions."""
    task_track: dict[tuple[int, str], int] = {}
    tracks: dict[int, dict] = {}
    for t in docs[0].tasks:
        task_track[(0, t.id)] = len(tracks)
        tracks[len(tracks)] = {"track": len(tracks), "years": {labels[0]: t.id}, "text": t.text}
    for k in range(1, len(docs)):
        for c in diff(docs[k - 1], docs[k]).tasks:
            if c.status == "added":
                for tid in c.new:
                    nxt = len(tracks)
                    task_track[(k, tid)] = nxt
                    tracks[nxt] = {
                        "track": nxt,
                        "years": {labels[k]: tid},
                        "text": _text(docs[k], tid),
                    }
            elif c.status != "removed":
                base = task_track.get((k - 1, c.old[0]))
                for tid in c.new:
                    tr = base if base is not None and len(c.new) == 1 else None
                    if tr is None:
                        tr = len(tracks)
                        tracks[tr] = {
                            "track": tr,
                            "years": {},
                            "text": _text(docs[k], tid),
                            "from": base,
                        }
                    task_track[(k, tid)] = tr
                    tracks[tr]["years"][labels[k]] = tid
                    tracks[tr]["text"] = _text(docs[k], tid)
    for track_ in tracks.values():
        ys = [lab for lab in labels if lab in track_["years"]]
        track_["first_seen"], track_["last_seen"] = ys[0], ys[-1]
    return list(tracks.values())


def _target_tracks(docs: list[Document], labels: list[str]) -> list[dict]:
    """Each target's values by version, following the target alignment of each pair."""
    tgt_tracks: list[dict] = []
    prev_map: dict[int, int] = {}
    years = [_doc_year(d) for d in docs]
    for i, tg in enumerate(docs[0].targets):
        prev_map[i] = len(tgt_tracks)
        tgt_tracks.append(
            {
                "metric": tg.metric,
                "unit": tg.unit,
                "horizon": identity.horizon(tg, years[0]),
                "values": {labels[0]: _tv(tg)},
            }
        )
    for k in range(1, len(docs)):
        olds, news = docs[k - 1].targets, docs[k].targets
        changes = align_targets(olds, news, _doc_year(docs[k - 1]), _doc_year(docs[k]))
        cur_map: dict[int, int] = {}
        for ch in changes:
            if ch.new is None:
                continue
            j = next(n for n, t in enumerate(news) if t.text == ch.new["text"] and n not in cur_map)
            tr = None
            if ch.old is not None:
                i = next(n for n, t in enumerate(olds) if t.text == ch.old["text"])
                tr = prev_map.get(i)
            if tr is None:
                tr = len(tgt_tracks)
                tgt_tracks.append(
                    {
                        "metric": news[j].metric,
                        "unit": news[j].unit,
                        "horizon": identity.horizon(news[j], years[k]),
                        "values": {},
                    }
                )
            tgt_tracks[tr]["values"][labels[k]] = _tv(news[j])
            cur_map[j] = tr
        prev_map = cur_map
    return tgt_tracks


def _unit_tracks(docs: list[Document], labels: list[str]) -> dict[str, dict]:
    """The tasks each unit holds and leads, by version."""
    units: dict[str, dict] = defaultdict(lambda: {"name": "", "led": {}, "tasks": {}})
    for lab, d in zip(labels, docs, strict=False):
        for t in d.tasks:
            for r in t.responsible:
                u = units[r.unit_id]
                u["name"] = (r.name_en or r.text) if d.language == "en" else r.name
                u["tasks"][lab] = u["tasks"].get(lab, 0) + 1
                if r.role == "lead":
                    u["led"][lab] = u["led"].get(lab, 0) + 1
    return {k: v for k, v in sorted(units.items())}


def _one_row_per_metric(rows: list[dict]) -> list[dict]:
    """Rows of one metric (same words, same unit, same horizon: this year's or a plan's) whose
    years do not overlap are one row: the year-to-year alignment can lose a target in a year
    and find it again later."""
    out: list[dict] = []
    by_metric: dict[tuple[str, str, Optional[str]], list[dict]] = defaultdict(list)
    for row in rows:
        key = ("".join(row["metric"].split()), row["unit"], row.get("horizon"))
        home = (
            next((r for r in by_metric[key] if not set(r["values"]) & set(row["values"])), None)
            if key[0]
            else None
        )
        if home is None:
            out.append(row)
            by_metric[key].append(row)
        else:
            home["values"].update(row["values"])
    return out


def _tv(t) -> dict:
    d = {"text": t.text, "comparator": t.comparator, "value": t.value, "kind": t.kind}
    if t.value_max is not None:
        d["value_max"] = t.value_max
    return d


def _text(doc: Document, tid: str) -> str:
    return next((t.text for t in doc.tasks if t.id == tid), "")


def to_markdown(res: dict) -> str:
    labs = res["versions"]
    out = [
        "# Timeline",
        "",
        "## Targets",
        "",
        "| metric | unit | " + " | ".join(labs) + " |",
        "|---|---|" + "---|" * len(labs),
    ]
    followed = [t for t in res["targets"] if len(t["values"]) >= 2]
    for t in sorted(followed, key=lambda t: -len(t["values"])):
        out.append(
            f"| {_cell(t['metric']) or '—'} | {_cell(t['unit'])} | "
            + " | ".join(_cell(t["values"].get(lab, {}).get("text", "")) for lab in labs)
            + " |"
        )
    if not followed:
        out.append(
            "No target is set in two or more versions: nothing to follow."
            if res["targets"]
            else "No version sets a numeric target: nothing to follow."
        )
    once = [t for t in res["targets"] if len(t["values"]) == 1]
    if once:
        out += ["", "### In one version only", "", "| version | metric | target |", "|---|---|---|"]
        for t in sorted(once, key=lambda t: labs.index(next(iter(t["values"])))):
            lab, v = next(iter(t["values"].items()))
            out.append(f"| {_cell(lab)} | {_cell(t['metric']) or '—'} | {_cell(v['text'])} |")
    out += ["", "## Units: tasks led (held)", ""]
    if res["units"]:
        out += ["| unit | " + " | ".join(labs) + " |", "|---|" + "---|" * len(labs)]
        for u in res["units"].values():
            out.append(
                f"| {_cell(u['name'])} | "
                + " | ".join(f"{u['led'].get(lab, 0)} ({u['tasks'].get(lab, 0)})" for lab in labs)
                + " |"
            )
    else:
        out.append("No version names responsible units (no attributions): nothing to count.")
    out += ["", "## Tasks", "", "| track | first seen | last seen | text |", "|---|---|---|---|"]
    for t in res["tasks"]:
        text = _cell(t["text"])
        text = text if len(text) <= 60 else text[:59] + "…"
        out.append(f"| {t['track']} | {t['first_seen']} | {t['last_seen']} | {text} |")
    return "\n".join(out) + "\n"


def _cell(s: str) -> str:
    """Text as one Markdown table cell: line breaks folded, bars and HTML escaped."""
    import html

    return html.escape(" ".join(str(s).split()), quote=False).replace("|", "\\|")
