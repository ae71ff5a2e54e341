"""Golden evaluation: precision, recall and F1 per field, per document and in total.

Matching follows CONTRACT.md: one to one, greedy on similarity — sections by level and title
(similarity >= 0.85), tasks by token F1 of their text (>= 0.8; a Chinese character is a token),
units by written form inside matched tasks, canonical ids by B-cubed agreement with the gold
keys, targets by value and unit, deadlines by date. Sections and tasks are also reported at
GROBID-style levels: strict (identical text), soft (identical after dropping case, spaces and
punctuation) and fuzzy (the contract's thresholds, the headline figure).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Sequence

from rapidfuzz import fuzz

from ..extract.targets import unit_names
from ..model import Document
from .families import classify
from .golden import QuoteIndex, find_document, load_golden

FIELDS = [
    "metadata",
    "sections",
    "tasks",
    "units",
    "roles",
    "division",
    "unit_ids",
    "targets",
    "targets_cmp",
    "metrics",
    "deadlines",
]
TASK_FIELDS = {"tasks", "units", "roles", "division", "unit_ids"}
SECTION_SIM = 0.85
TASK_F1 = 0.8
UNIT_SIM = 0.85
LEVELS = ("strict", "soft", "fuzzy")


@dataclass
class PRF:
    tp: float = 0
    fp: float = 0
    fn: float = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if not self.fn else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else (1.0 if not self.fp else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __iadd__(self, o: "PRF") -> "PRF":
        self.tp += o.tp
        self.fp += o.fp
        self.fn += o.fn
        return self

    def to_dict(self) -> dict:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class DocScore:
    document: str
    golden: str
    fields: dict[str, PRF] = field(default_factory=dict)
    levels: dict[str, dict[str, PRF]] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)  # every miss and false hit, quoted
    skipped: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "document": self.document,
            "golden": self.golden,
            "fields": {k: v.to_dict() for k, v in self.fields.items()},
            "levels": {
                lv: {k: v.to_dict() for k, v in fs.items()} for lv, fs in self.levels.items()
            },
            "skipped": self.skipped,
            "errors": self.errors,
        }


# ---------- normalisation and similarity ----------


def norm(s: Optional[str]) -> str:
    s = unicodedata.normalize("NFKC", s or "")
    return re.sub(r"\s+", "", s).replace("“", '"').replace("”", '"').replace("’", "'")


def soft(s: str) -> str:
    return re.sub(r"[\W_]+", "", norm(s).lower())


def tokens(s: str) -> list[str]:
    return re.findall(r"[\u3400-\u9fff]|[a-z0-9]+", unicodedata.normalize("NFKC", s).lower())


def token_f1(a: str, b: str) -> float:
    ta, tb = Counter(tokens(a)), Counter(tokens(b))
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    p, r = common / sum(tb.values()), common / sum(ta.values())
    return 2 * p * r / (p + r)


# where an English noun phrase's head ends: a preposition or relative word, or a participle after
# a plural noun ("enterprises covered by…", "key enterprises completing…")
_EN_POSTMODIFIER = re.compile(
    r"\s+(?:for|of|in|on|by|with|that|which|who|where)\s+|(?<=s)\s+(?=\w+(?:ing|ed)\s)"
)


def metric_names(gold: str, pred: str) -> bool:
    """The predicted metric names what the golden one measures: it shares at least half its
    words (token F1 >= 0.5; a Chinese character is a token) and holds its head (the last token,
    or in English the last word before what modifies it: "enterprises covered by…")."""
    if not pred.strip():
        return False
    g = tokens(gold)
    if not g:
        return True  # (a golden file that names nothing asks nothing)
    head = g[-1]
    if not re.search(r"[\u3400-\u9fff]", gold):
        head = (tokens(_EN_POSTMODIFIER.split(gold.lower(), maxsplit=1)[0]) or g)[-1]
    return token_f1(gold, pred) >= 0.5 and head in tokens(pred)


def sim(a: str, b: str) -> float:
    return fuzz.ratio(norm(a).lower(), norm(b).lower()) / 100


def greedy(
    gold: list, pred: list, score: Callable, threshold: float
) -> list[tuple[int, int, float]]:
    """One-to-one matching, best pairs first, pairs below the threshold never matched."""
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            s = score(g, p)
            if s >= threshold:
                pairs.append((s, i, j))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_g, used_p, out = set(), set(), []
    for s, i, j in pairs:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        out.append((i, j, s))
    return out


def bcubed(pairs: list[tuple[str, str]]) -> tuple[float, float]:
    """B-cubed precision and recall of predicted ids against gold keys over the same mentions."""
    if not pairs:
        return 1.0, 1.0
    p_sum = r_sum = 0.0
    for g, p in pairs:
        same_p = [x for x in pairs if x[1] == p]
        same_g = [x for x in pairs if x[0] == g]
        both = sum(1 for x in pairs if x[0] == g and x[1] == p)
        p_sum += both / len(same_p)
        r_sum += both / len(same_g)
    return p_sum / len(pairs), r_sum / len(pairs)


def unit_key(u: str) -> str:
    """A unit as compared: NFKC, lower case, by its normal name in either language."""
    u = unicodedata.normalize("NFKC", u or "").strip().lower()
    return unit_names("en").get(u) or unit_names("zh").get(u) or u


def _unit_text(s: str) -> str:
    s = re.sub(r"^(?:the|each|all)\s+", "", unicodedata.normalize("NFKC", s).strip(), flags=re.I)
    return norm(s).lower()


# ---------- scoring one document ----------


def score_document(g: dict, doc: Document, golden_name: str = "") -> DocScore:
    """One document against its golden file: P/R/F1 per field (and per matching level for
    sections and tasks), with every miss, false hit and wrong value listed in ``errors``."""
    ds = DocScore(g["document"], golden_name)
    F = {f: PRF() for f in FIELDS}
    L = {lv: {"sections": PRF(), "tasks": PRF()} for lv in LEVELS}
    qi = QuoteIndex(doc.text)
    _score_metadata(g, doc, F, ds.errors)
    _score_sections(g, doc, F, L, ds.errors)
    if g.get("tasks_scored", True) is False:
        ds.skipped += sorted(TASK_FIELDS)
    else:
        gold_tasks, matched = _score_tasks(g, doc, qi, F, L, ds.errors)
        _score_units(gold_tasks, matched, doc, F, ds.errors)
    F.update(score_targets(g, doc.text, doc.language, doc.targets, qi, ds.errors))
    _score_deadlines(g, doc, qi, F, ds.errors)
    ds.fields = {k: v for k, v in F.items() if k not in ds.skipped}
    ds.levels = L
    return ds


def _score_metadata(g: dict, doc: Document, F: dict[str, PRF], err: list[dict]) -> None:
    """Title (an alt title counts), issuers (as a set), number and dates."""
    gm, pm = g.get("metadata", {}), doc.metadata
    for key in ("title", "issuer", "doc_number", "issued_on", "published_on"):
        gv = gm.get(key)
        pv = getattr(pm, key)
        if key == "issuer":
            gv = sorted(norm(x) for x in ([gv] if isinstance(gv, str) else (gv or [])))
            pv = sorted(norm(x) for x in pv)
            gv, pv = (gv or None), (pv or None)
        elif key == "title":
            ok_titles = {norm(gv)} | {norm(x) for x in gm.get("alt_titles", [])} if gv else set()
            gv, pv = (norm(gv) if gv else None), (norm(pv) if pv else None)
            if gv and pv in ok_titles:
                pv = gv
        if gv is None and pv is None:
            continue
        if gv is not None and pv == gv:
            F["metadata"].tp += 1
        else:
            if gv is not None:
                F["metadata"].fn += 1
                err.append(
                    {"field": "metadata", "type": "miss", "key": key, "gold": gv, "pred": pv}
                )
            if pv is not None:
                F["metadata"].fp += 1
                if gv is None:
                    err.append({"field": "metadata", "type": "false", "key": key, "pred": pv})


def _score_sections(
    g: dict, doc: Document, F: dict[str, PRF], L: dict[str, dict[str, PRF]], err: list[dict]
) -> None:
    """Sections of levels 1-2, matched by title at each level (strict, soft, fuzzy)."""
    gs = g.get("sections", [])
    ps = [s for s in doc.iter_sections() if s.level <= 2]
    level_tests = {
        "strict": (lambda a, b: 1.0 if norm(a) == norm(b) else 0.0, 1.0),
        "soft": (lambda a, b: 1.0 if soft(a) == soft(b) else 0.0, 1.0),
        "fuzzy": (sim, SECTION_SIM),
    }
    for lv, (fn, th) in level_tests.items():
        m = greedy(
            gs, ps, lambda a, b, fn=fn: fn(a["title"], b.title) if a["level"] == b.level else -1, th
        )
        L[lv]["sections"] += PRF(len(m), len(ps) - len(m), len(gs) - len(m))
        if lv == "fuzzy":
            F["sections"] = PRF(len(m), len(ps) - len(m), len(gs) - len(m))
            mg, mp = {i for i, _, _ in m}, {j for _, j, _ in m}
            err += [
                {
                    "field": "sections",
                    "type": "miss",
                    "quote": f"{s['label']} {s['title']}",
                    "level": s["level"],
                }
                for i, s in enumerate(gs)
                if i not in mg
            ]
            err += [
                {
                    "field": "sections",
                    "type": "false",
                    "quote": f"{s.label} {s.title}",
                    "level": s.level,
                }
                for j, s in enumerate(ps)
                if j not in mp
            ]


def _score_tasks(
    g: dict,
    doc: Document,
    qi: QuoteIndex,
    F: dict[str, PRF],
    L: dict[str, dict[str, PRF]],
    err: list[dict],
) -> tuple[list[tuple[dict, str]], list[tuple[int, int, float]]]:
    """Tasks matched by their text at each level; the gold tasks (with their text as quoted in
    the document) and the fuzzy matches, which the units are scored on."""
    text = doc.text
    gold_tasks = []
    for t in g.get("tasks", []):
        s = qi.find(t["start"])
        e = qi.find(t["end"], s[0] if s else 0)
        gtext = text[s[0] : e[1]] if s and e else f"{t['start']} … {t['end']}"
        gold_tasks.append((t, gtext))
    pt = doc.tasks
    task_tests = {
        "strict": (lambda a, b: 1.0 if norm(a) == norm(b) else 0.0, 1.0),
        "soft": (lambda a, b: 1.0 if soft(a) == soft(b) else 0.0, 1.0),
        "fuzzy": (token_f1, TASK_F1),
    }
    matched = []
    for lv, (fn, th) in task_tests.items():
        m = greedy(gold_tasks, pt, lambda a, b, fn=fn: fn(a[1], b.text), th)
        L[lv]["tasks"] += PRF(len(m), len(pt) - len(m), len(gold_tasks) - len(m))
        if lv == "fuzzy":
            matched = m
    F["tasks"] = PRF(len(matched), len(pt) - len(matched), len(gold_tasks) - len(matched))
    mg, mp = {i for i, _, _ in matched}, {j for _, j, _ in matched}
    for i, (t, gtext) in enumerate(gold_tasks):
        if i not in mg:
            err.append(
                {
                    "field": "tasks",
                    "type": "miss",
                    "quote": _short(gtext),
                    "attribution": t.get("attribution"),
                }
            )
            F["units"].fn += len(t["units"])
    for j, t in enumerate(pt):
        if j not in mp:
            err.append(
                {
                    "field": "tasks",
                    "type": "false",
                    "quote": _short(t.text),
                    "attribution": t.attribution,
                }
            )
            F["units"].fp += len(t.responsible)
    return gold_tasks, matched


def _score_units(
    gold_tasks: list[tuple[dict, str]],
    matched: list[tuple[int, int, float]],
    doc: Document,
    F: dict[str, PRF],
    err: list[dict],
) -> None:
    """The units of each matched task (text, role, division of duties) and their ids
    (B-cubed over the matched mentions)."""
    pt = doc.tasks
    id_pairs = []
    for i, j, _ in matched:
        gt, ptask = gold_tasks[i][0], pt[j]
        gd, pd = (
            bool(gt.get("division_of_duties", False)),
            any(r.division_of_duties for r in ptask.responsible),
        )
        F["division"] += PRF(int(gd and pd), int(pd and not gd), int(gd and not pd))
        gu, pu = gt["units"], ptask.responsible
        um = greedy(
            gu,
            pu,
            lambda a, b: (
                1.0
                if _unit_text(a["text"]) == _unit_text(b.text)
                else sim(_unit_text(a["text"]), _unit_text(b.text))
            ),
            UNIT_SIM,
        )
        F["units"] += PRF(len(um), len(pu) - len(um), len(gu) - len(um))
        umg, ump = {a for a, _, _ in um}, {b for _, b, _ in um}
        err += [
            {"field": "units", "type": "miss", "quote": u["text"], "task": _short(ptask.text)}
            for k, u in enumerate(gu)
            if k not in umg
        ]
        err += [
            {"field": "units", "type": "false", "quote": u.text, "task": _short(ptask.text)}
            for k, u in enumerate(pu)
            if k not in ump
        ]
        for a, b, _ in um:
            grole = gu[a].get("role", "responsible")
            if grole == pu[b].role:
                F["roles"].tp += 1
            else:
                F["roles"].fp += 1
                F["roles"].fn += 1
                err.append(
                    {
                        "field": "roles",
                        "type": "wrong",
                        "quote": gu[a]["text"],
                        "gold": grole,
                        "pred": pu[b].role,
                    }
                )
            id_pairs.append((gu[a]["key"], pu[b].unit_id))
    bp, br = bcubed(id_pairs)
    n = len(id_pairs)
    # B-cubed as counts over the n matched mentions (tp = n, and fp/fn chosen so that
    # precision and recall equal B-cubed's), so that documents add up weighted by mentions
    F["unit_ids"] = PRF(n, n * (1 / bp - 1), n * (1 / br - 1)) if n else PRF()
    groups: dict[str, set] = {}
    for gk, pid in id_pairs:
        groups.setdefault(gk, set()).add(pid)
    err += [
        {"field": "unit_ids", "type": "split", "gold": gk, "pred": sorted(v)}
        for gk, v in groups.items()
        if len(v) > 1
    ]
    pgroups: dict[str, set] = {}
    for gk, pid in id_pairs:
        pgroups.setdefault(pid, set()).add(gk)
    err += [
        {"field": "unit_ids", "type": "merged", "pred": pid, "gold": sorted(v)}
        for pid, v in pgroups.items()
        if len(v) > 1
    ]


def _score_deadlines(
    g: dict, doc: Document, qi: QuoteIndex, F: dict[str, PRF], err: list[dict]
) -> None:
    """Deadlines matched by date, the nearest quote first."""
    text = doc.text
    gd_list = []
    for d in g.get("deadlines", []):
        pos = qi.find(d["quote"])
        gd_list.append((d, pos[0] if pos else -1))
    pdl = doc.deadlines
    m = greedy(
        gd_list,
        pdl,
        lambda a, b: (
            -1
            if a[0]["date"] != b.date
            else (1.0 / (1 + abs(b.span.start - a[1]) / 1000) if a[1] >= 0 else 0.5)
        ),
        0.0,
    )
    F["deadlines"] = PRF(len(m), len(pdl) - len(m), len(gd_list) - len(m))
    mg, mp = {i for i, _, _ in m}, {j for _, j, _ in m}
    err += [
        {"field": "deadlines", "type": "miss", "quote": d["quote"], "gold": d["date"]}
        for i, (d, _) in enumerate(gd_list)
        if i not in mg
    ]
    err += [
        {
            "field": "deadlines",
            "type": "false",
            "quote": _context(text, p.span.start, p.span.end),
            "pred": p.date,
        }
        for j, p in enumerate(pdl)
        if j not in mp
    ]


def score_targets(
    g: dict,
    text: str,
    lang: str,
    ptg: Sequence[Any],
    qi: Optional[QuoteIndex] = None,
    err: Optional[list[dict]] = None,
) -> dict[str, PRF]:
    """Targets, their comparators and their metrics scored against the golden file ``g``; the
    misses and false hits (each with its family of error) are appended to ``err``. ``ptg`` are
    the predicted targets (anything with value, unit, comparator, kind, value_max, metric and
    span), so that another version's output can be scored by today's rules (bench/confusion.py)."""
    qi = qi or QuoteIndex(text)
    err = err if err is not None else []
    gt_list: list[tuple[dict, int]] = []
    gt_ends: list[int] = []
    for t in g.get("targets", []):
        found = qi.find(t["quote"])
        gt_list.append((t, found[0] if found else -1))
        gt_ends.append(found[1] if found else -1)
    ptg = list(ptg)

    def tscore(a, b):
        t, pos = a
        if abs(float(t["value"]) - float(b.value)) > 1e-9 or unit_key(t["unit"]) != unit_key(
            b.unit
        ):
            return -1
        return 1.0 / (1 + abs(b.span.start - pos) / 1000) if pos >= 0 else 0.5

    m = greedy(gt_list, ptg, tscore, 0.0)
    F: dict[str, PRF] = {}
    F["targets"] = PRF(len(m), len(ptg) - len(m), len(gt_list) - len(m))
    ok = named = 0
    for i, j, _ in m:
        t, p = gt_list[i][0], ptg[j]
        good = (
            t["comparator"] == p.comparator
            and t["kind"] == p.kind
            and (
                t.get("value_max") is None
                or p.value_max is not None
                and abs(float(t["value_max"]) - p.value_max) < 1e-9
            )
        )
        ok += good
        if not good:
            err.append(
                {
                    "field": "targets_cmp",
                    "type": "wrong",
                    "quote": t["quote"],
                    "gold": f"{t['comparator']} {t['kind']}",
                    "pred": f"{p.comparator} {p.kind}",
                }
            )
        if metric_names(t["metric"], p.metric):
            named += 1
        else:
            err.append(
                {
                    "field": "metrics",
                    "type": "wrong",
                    "quote": t["quote"],
                    "gold": t["metric"],
                    "pred": p.metric,
                }
            )
    F["targets_cmp"] = PRF(ok, len(ptg) - ok, len(gt_list) - ok)
    F["metrics"] = PRF(named, len(m) - named, len(m) - named)
    mg, mp = {i for i, _, _ in m}, {j for _, j, _ in m}
    for i, (t, at) in enumerate(gt_list):
        if i not in mg:
            fam = classify(text, at, gt_ends[i], "miss", lang) if at >= 0 else "other"
            err.append({"field": "targets", "type": "miss", "quote": t["quote"], "family": fam})
    for j, p in enumerate(ptg):
        if j not in mp:
            earlier = [(q.value, q.unit) for q in ptg if q.span.start < p.span.start]
            fam = classify(text, p.span.start, p.span.end, "false", lang, p.value, p.unit, earlier)
            err.append(
                {
                    "field": "targets",
                    "type": "false",
                    "quote": _context(text, p.span.start, p.span.end),
                    "family": fam,
                }
            )

    return F


def _short(s: str, n: int = 80) -> str:
    s = re.sub(r"\s+", " ", s)
    return s if len(s) <= n else s[: n // 2 - 1] + " … " + s[-n // 2 + 2 :]


def _context(text: str, a: int, b: int, n: int = 25) -> str:
    return re.sub(r"\s+", " ", f"…{text[max(0, a - n) : a]}[{text[a:b]}]{text[b : b + n]}…")


# ---------- many documents ----------


@dataclass
class Report:
    documents: list[DocScore]
    failures: list[dict] = field(default_factory=list)

    @property
    def total(self) -> dict[str, PRF]:
        out = {f: PRF() for f in FIELDS}
        for d in self.documents:
            for k, v in d.fields.items():
                out[k] += v
        return out

    @property
    def total_levels(self) -> dict[str, dict[str, PRF]]:
        out = {lv: {"sections": PRF(), "tasks": PRF()} for lv in LEVELS}
        for d in self.documents:
            for lv, fs in d.levels.items():
                for k, v in fs.items():
                    if k == "tasks" and "tasks" in d.skipped:
                        continue
                    out[lv][k] += v
        return out

    @property
    def confusion(self) -> dict[str, dict[str, int]]:
        """False and missed targets counted by family (``families.classify``): which kinds of
        number are taken for targets, and which kinds of target are missed."""
        out: dict[str, Counter] = {"false": Counter(), "miss": Counter()}
        for d in self.documents:
            for e in d.errors:
                if e["field"] == "targets":
                    out[e["type"]][e["family"]] += 1
        return {k: dict(sorted(v.items(), key=lambda kv: (-kv[1], kv[0]))) for k, v in out.items()}

    def to_dict(self) -> dict:
        return {
            "documents": [d.to_dict() for d in self.documents],
            "total": {k: v.to_dict() for k, v in self.total.items()},
            "confusion": self.confusion,
            "total_levels": {
                lv: {k: v.to_dict() for k, v in fs.items()} for lv, fs in self.total_levels.items()
            },
            "failures": self.failures,
        }


DEFAULT_CORPORA = ("corpus", "../shared/corpus")


def evaluate(
    golden_paths: Iterable[str | Path],
    corpus_dirs: Iterable[str | Path] = DEFAULT_CORPORA,
    parse: Optional[Callable] = None,
) -> Report:
    """Parse each golden file's document and score it. A file that cannot be used is a failure
    record, not an exception, so one bad golden file does not hide the others' figures."""
    from ..api import parse as default_parse
    from ..errors import PolicyParseError

    parse = parse or default_parse
    corpus_dirs = list(corpus_dirs)
    rep = Report([])
    for gp in golden_paths:
        try:
            g = load_golden(gp)
            path = find_document(g["document"], corpus_dirs)
            if path is None:
                rep.failures.append(
                    {
                        "golden": str(gp),
                        "error": f"document {g['document']!r} not found under "
                        + ", ".join(map(str, corpus_dirs)),
                    }
                )
                continue
            doc = parse(path, language=g.get("language"))
            rep.documents.append(score_document(g, doc, str(gp)))
        except PolicyParseError as e:
            rep.failures.append({"golden": str(gp), "error": str(e)})
    return rep
