"""Attributions: the "(X is responsible)" / "（X、Y负责）" parentheticals that close a task.

The grammar is data (``data/attributions.json``): Chinese clauses end in a duty verb (负责, 牵头,
配合 …) with 会同 for "X together with Y"; English clauses follow frames ("Responsible for X",
"X is responsible", "Led by X, with Y participating"). Unit names that contain a conjunction
(工业和信息化部, "Ministry of Industry and Information Technology") are protected from splitting
by the spans of known units, which the pipeline's EntityRuler supplies.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Iterator, Optional, Sequence

from ..base import marks
from ..base.datafiles import load
from ..base.script import has_han
from ..fast.scan import AnchoredPattern, LeadingWords
from ..fast.spans import FixedSpans, SpanSet
from ..findings import Attribution, UnitMatch, UnitMention
from ..ingest.tables import TableCell
from ..units.shapes import en_head, zh_suffix

# a parenthetical with at most one level of nested brackets inside; 【…】 or […] as some provinces
# write an attribution (【责任单位：市商务局】, [责任单位：市商务局])
# (bounded by the line it stands on, not by a count: an English list of ten bodies runs to 500
# characters)
# (atomic: the content runs to the first bracket that does not close a short inner one, so a
# line of unclosed brackets costs one pass, not one per bracket)
PAREN = re.compile(
    r"[（(【\[]((?:[^（）()【】\[\]\n]|[（(][^（）()\n]{0,40}[）)]|\[[^\[\]\n]{0,40}\]){2,}+)"
    r"[）)】\]]"
)
# tried only where a bracket opens (found by a literal scan): a scan for the class [（(] tests
# every character against a class with a non-Latin member, several times slower
_PAREN_SCAN = LeadingWords(PAREN, ("（", "(", "【", "["), fold=False)


class _OnFirstUse(dict):
    """A language's rules: its data entries as written, and its compiled rules each built on
    first use (a Chinese notice never compiles the English frames, a third of the attribution
    rules' compile time at a cold start)."""

    def __init__(self, raw: dict, build: dict) -> None:
        super().__init__(raw)
        self._build = build

    def __missing__(self, key: str):
        if key not in self._build:
            raise KeyError(key)
        value = self[key] = self._build[key](self)
        return value


def _labels_rx(labels: list[str], grammar_source: str) -> re.Pattern:
    """A label closed by a colon (责任单位：), or set in square brackets (【责任单位】)."""
    alts = "|".join(re.escape(x) for x in sorted(labels, key=len, reverse=True))
    alts += "|" + grammar_source
    return re.compile(
        r"(?:(?:^|(?<=[；;，,。.\s]))(?P<l>" + alts + r")\s*[:：]|【(?P<b>" + alts + r")】)\s*",
        re.I,
    )


_EN_RULES = {
    "_division": lambda en: re.compile(en["division"], re.I),
    "_frames": lambda en: [(re.compile(f["pattern"], re.I), f["role"]) for f in en["frames"]],
    "_comma": lambda en: re.compile(en["separators"]),
    "_and": lambda en: re.compile(en["conjunctions"], re.I),
    "_tail": lambda en: re.compile(en["generic_tail"], re.I),
    "_role_end": lambda en: re.compile(en["role_end"], re.I),
    "_after_tail": lambda en: re.compile(en["after_tail"], re.I),
    "_head": lambda en: en_head(),
    "_division_scan": lambda en: AnchoredPattern(
        en["_division"], tuple(en["division_anchor"]), fold=True
    ),
    "_label_grammar": lambda en: re.compile(_label_grammar_source(en["label_grammar"], "en"), re.I),
    "_limit_clause": lambda en: re.compile(en["limit_clause"]["pattern"], re.I),
    "_label": lambda en: _labels_rx(en["labels"], en["_label_grammar"].pattern),
}


@lru_cache(maxsize=None)
def grammar() -> dict:
    g = json.loads(
        resources.files("policyparse").joinpath("data/attributions.json").read_text("utf-8")
    )
    zh = g["zh"]
    verbs = sorted(zh["verbs"], key=lambda v: -len(v["verb"]))
    zh["_verb_re"] = re.compile("(" + "|".join(re.escape(v["verb"]) for v in verbs) + r")\s*$")
    zh["_verb"] = {v["verb"]: v for v in verbs}
    zh["_sep"] = re.compile(zh["separators"])
    zh["_conj"] = re.compile(zh["conjunctions"])
    zh["_tail"] = re.compile(zh["generic_tail"])
    zh["_suffix"] = zh_suffix()
    zh["_place"] = re.compile(zh["place"])
    en = g["en"] = _OnFirstUse(g["en"], _EN_RULES)
    g["_lead_decl"] = re.compile(g["lead_declaration"]["pattern"], re.I)
    # over a whole text: only around the word every declaration holds (牵头, "lead")
    g["_lead_decl_scan"] = AnchoredPattern(
        g["_lead_decl"], tuple(g["lead_declaration"]["anchor"]), fold=True
    )
    zh["_label_grammar"] = re.compile(_label_grammar_source(zh["label_grammar"]))
    zh["_limit_clause"] = re.compile(zh["limit_clause"]["pattern"])
    zh["_score_clause"] = re.compile(zh["score_clause"]["pattern"])
    zh["_agent"] = re.compile(
        r"^[ \u3000]*(?:"
        + "|".join(map(re.escape, sorted(zh["agent"], key=len, reverse=True)))
        + ")"
    )
    zh["_label"] = _labels_rx(zh["labels"], zh["_label_grammar"].pattern)
    # every label of both languages and the label grammar, longest first (one alternation for
    # the label line, the label run in after a sentence, and what ends a label's units)
    g["_any_label"] = (
        "|".join(
            re.escape(x)
            for lang in ("zh", "en")
            for x in sorted(g[lang]["labels"], key=len, reverse=True)
        )
        + "|"
        + zh["_label_grammar"].pattern
        + "|"
        + _label_grammar_source(en["label_grammar"], "en")
    )
    g["_label_tail"] = re.compile(
        r"(?<=[。.；;])[ \u3000]*(?P<label>" + _closed(g["_any_label"]) + r"[^\n]+)$",
        re.I | re.M,
    )
    g["_label_line"] = re.compile(
        r"^[ \u3000]*" + _closed(g["_any_label"], lead=r"(?:[（(][ \u3000]*)?") + r".+$",
        re.I | re.M,
    )
    return g


# what closes a label: a colon, or the square bracket it is set in (【责任单位】)
_LABEL_ENDS = ("：", ":", "】")


def _closed(labels: str, lead: str = "") -> str:
    """A label of ``labels`` closed by a colon (责任单位：, after ``lead``) or set in square
    brackets (【责任单位】): the two forms every label reader takes."""
    return rf"(?:{lead}(?:{labels})[ \t\u3000]*[:：]|【(?:{labels})】)"


def _label_grammar_source(lg: dict, lang: str = "zh") -> str:
    """A label written as a role word, a few characters (words, in English) and a noun
    (牵头考核单位, 责任处室, "lead assessment unit"), as a pattern's source."""
    roles = "|".join(re.escape(w) for w in sorted(lg["roles"], key=len, reverse=True))
    nouns = "|".join(re.escape(w) for w in sorted(lg["nouns"], key=len, reverse=True))
    if lang == "en":
        return rf"(?:{roles})(?:\s+[a-z]+){{0,{lg['infix_max']}}}?\s+(?:{nouns})(?:\(s\)|\b)"
    return f"(?:{roles})[\u4e00-\u9fff]{{0,{lg['infix_max']}}}?(?:{nouns})"


def label_role(label: str, lang: str) -> str:
    """The role a label gives its units: a fixed label's, else its role word's (牵头考核单位:
    lead)."""
    L = grammar()[lang]
    role = L["labels"].get(label) or L["labels"].get(label.lower())
    if role:
        return role
    roles = L["label_grammar"]["roles"]
    return next(
        r for w, r in sorted(roles.items(), key=lambda x: -len(x[0])) if label.lower().startswith(w)
    )


def limit_clause(clause: str, lang: str = "zh") -> bool:
    """A clause that says when, not who (6月底完成, 持续推进, "to be completed by the end of
    June"): read by the deadlines stage; or how the task is scored (上半年考评分值：25分), which
    names no unit either."""
    c = clause.strip(" \u3000（()）")
    if not c:
        return False
    if lang == "en":
        return grammar()["en"]["_limit_clause"].match(c.rstrip(" .")) is not None
    zh = grammar()["zh"]
    return zh["_limit_clause"].match(c) is not None or zh["_score_clause"].match(c) is not None


def only_limits(words: str, lang: str = "zh") -> bool:
    """Whether the words before a label say only when (each of their clauses a limit clause, or
    nothing at all)."""
    return all(
        limit_clause(c, lang) for c in re.split(r"[，,；;]", words) if c.strip(" \u3000（()）")
    )


def _limits_trimmed(content: str) -> tuple[int, int]:
    """The part of an English attribution that names units: limit clauses at its start or end
    ("Continuously promoted, led by X", "X is responsible, to be completed by the end of June")
    left out."""
    lo, hi = 0, len(content)
    while True:
        first = re.search(r"[,;]", content[lo:hi])
        if first is None or not limit_clause(content[lo : lo + first.start()], "en"):
            break
        lo += first.end()
    while True:
        last = max(content.rfind(",", lo, hi), content.rfind(";", lo, hi))
        if last < 0 or not limit_clause(content[last + 1 : hi], "en"):
            break
        hi = last
    return lo, hi


def _colon_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line that holds a colon (or a square bracket's close: 【责任单位】),
    in order, each once (looked for with a literal scan: most lines hold none)."""
    lines = set()
    for colon in _LABEL_ENDS:
        i = text.find(colon)
        while i != -1:
            nl = text.find("\n", i)
            lines.add((text.rfind("\n", 0, i) + 1, nl if nl != -1 else len(text)))
            i = text.find(colon, nl) if nl != -1 else -1
    return sorted(lines)


def label_lines(text: str) -> Iterator[re.Match]:
    """``_label_line.finditer(text)``, tried only at the start of lines that hold a colon (every
    match is one line with a colon): ``^`` under re.M has ``re`` try the pattern at every
    character."""
    rx = grammar()["_label_line"]
    for start, _ in _colon_lines(text):
        m = rx.match(text, start)
        if m is not None:
            yield m


def label_runs(text: str) -> list[tuple[int, int, int, str, bool]]:
    """Attributions written as labels, not in brackets, as candidates (start, end, where the
    content starts, the content, True): a label line, with the label lines right below it
    ("牵头单位：A" then "配合单位：B": one attribution, read as "牵头单位：A；配合单位：B"), and a
    label run into the end of the line after a sentence ("…优化流程。牵头单位：A；配合单位：B";
    "… the process. Lead unit: A; Participating units: B")."""
    out: list[tuple[int, int, int, str, bool]] = []
    prev_end = -2
    for m in label_lines(text):
        line = m.group(0)
        lead = len(line) - len(line.lstrip(" \u3000（("))
        opener = line.lstrip(" \u3000")[:1]
        if opener in "（(" or (opener == "【" and line.rstrip(" \u3000。").endswith("】")):
            prev_end = -2
            continue  # a parenthesised label is found as a parenthetical
        if out and m.start() == prev_end + 1:  # the next line of the same attribution
            start, _, cstart, _, _ = out.pop()
        else:
            start, cstart = m.start(), m.start() + lead
        end = _units_end(text, cstart, m.end())
        content = text[cstart:end].replace("\n", "；").rstrip(" 。.")
        out.append((start, end, cstart, content, True))
        prev_end = m.end()
    taken = SpanSet((a, b) for a, b, _, _, _ in out)
    for cstart, end in _label_tails(text):
        if not taken.overlaps(cstart, end):
            out.append((cstart, end, cstart, text[cstart:end].rstrip(" 。."), True))
    return out


def _units_end(text: str, start: int, end: int) -> int:
    """Where the units a label line names end: the line's end, or before what a crawler ran into
    it ("责任单位：A、B完成时限：2024年6月底前2.压缩审批时限。…"): a time label, a sentence end
    that no other label follows, a numbering label."""
    colons = [i for i in (text.find(c, start, end) for c in _LABEL_ENDS) if i >= 0]
    if not colons:
        return end
    stop = _label_stop().search(text, min(colons) + 1, end)
    return stop.start() if stop is not None else end


@lru_cache(maxsize=1)
def _label_stop() -> re.Pattern:
    """What ends a label's list of units inside a line: a time label (deadlines.json
    limit_labels), a sentence end no label of this grammar follows, a numbering label
    (numbering.json's run-together labels)."""
    labels = grammar()["_any_label"]
    limits = "|".join(
        re.escape(x) for x in sorted(load("deadlines.json")["limit_labels"], key=len, reverse=True)
    )
    numbering = "|".join(x["pattern"] for x in load("numbering.json")["run_together"]["labels"])
    return re.compile(
        rf"【?(?:{limits})(?:】|[ \u3000]*[:：])"
        rf"|。(?![ \u3000]*【?(?:{labels})(?:】|[ \u3000]*[:：]))"
        rf"|(?<![\d.．])(?:{numbering})"
    )


def _label_tails(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each label run into a line after a sentence end: to the line's end, or
    to what ends its units (``_units_end``), after which the line is read on (only lines with a
    colon are looked at)."""
    rx = grammar()["_label_tail"]
    for start, end in _colon_lines(text):
        pos = start
        while (m := rx.search(text, pos, end)) is not None:
            cut = _units_end(text, m.start("label"), m.end())
            yield m.start("label"), cut
            pos = max(cut, m.start("label") + 1)


# (a Chinese label may follow a space alone: "责任单位：市商务局 完成时限：2024年底前")
_OTHER_LABEL = re.compile(
    r"[，,；;]\s*(?:[\u4e00-\u9fff]{2,6}|[A-Za-z][A-Za-z ]{2,20})\s*[：:]"
    r"|[ \u3000]+[\u4e00-\u9fff]{2,6}[：:]"
)


def _parse_labelled(content: str, base: int, lang: str, protected) -> Optional[Attribution]:
    """ "责任单位：X、Y" / "牵头单位：X；配合单位：Y" / "Responsible units: X, Y": a label form."""
    g = grammar()
    L = g[lang]
    marks = list(L["_label"].finditer(content))
    if not marks:
        return None
    # what stands before the first label may only say when (（6月底完成，牵头考核单位：…）)
    head = content[: marks[0].start()]
    if head.strip(" （(，,；;") and not only_limits(head, lang):
        return None
    att = Attribution(base, base + len(content), "")
    for i, m in enumerate(marks):
        role = label_role(m.group("l") or m.group("b"), lang)
        end = marks[i + 1].start() if i + 1 < len(marks) else len(content)
        # another, non-unit label ends the list: "负责部门：商务部，适用范围：浙江自贸试验区"
        other = _OTHER_LABEL.search(content, m.end(), end)
        if other:
            end = other.start()
        seg = content[m.end() : end].rstrip(" ；;。.）)，,")
        _add_units(att, seg, base + m.end(), role, lang, protected)
    return att if att.units else None


def _add_units(att: Attribution, seg: str, base: int, role: str, lang: str, protected) -> None:
    """The units a label or a table column gives (``seg`` at ``base``), with ``role``; a Chinese
    list written with its own duty verbs ("市场监管总局牵头，公安部配合") is read by the verbs."""
    L = grammar()[lang]
    decl = _lead_decl_in(seg)
    if decl:
        att.declares_first_lead = True
        seg = seg[: decl.start()]
    if lang == "zh":
        if L["_verb_re"].search(seg.rstrip("；;。")) or L["together"] in seg:
            inner = _parse_zh(seg.rstrip("；;。"), base, protected, role)
            if inner is not None:
                att.units += inner.units
                att.division_of_duties |= inner.division_of_duties
                att.declares_first_lead |= inner.declares_first_lead
                return
        if re.search(r"按(?:照)?职责分工", seg):
            att.division_of_duties = True
            seg = re.sub(r"按(?:照)?职责分工(?:负责)?", "", seg)
        att.units += _zh_units(seg, base, role, protected)
    else:
        division = L["_division"].search(seg)
        if division:
            att.division_of_duties = True
            seg = seg[: division.start()]
        att.units += _en_units(seg, base, role, protected)


# the role a task table's column gives the units in it (ingest/tables.py names the columns)
TABLE_ROLES = {"lead": "lead", "support": "support", "units": "responsible"}


def table_attributions(
    cells: Sequence[TableCell], text: str, language: str, units: Sequence[UnitMatch] = ()
) -> list[Attribution]:
    """One attribution per row of a task table whose units columns name units: its span covers
    those cells as written (no label is made up), and it covers its row to the last cell (the
    time limit column) for the targets and deadlines a task lists."""
    protected = SpanSet((u.start, u.end) for u in units)
    ids = {(u.start, u.end): u.unit_id for u in units}
    rows: dict[int, list[TableCell]] = {}
    for c in cells:
        rows.setdefault(c.row, []).append(c)
    out = []
    for row in rows.values():
        unit_cells = [c for c in row if c.column in TABLE_ROLES]
        if not unit_cells:
            continue
        start, end = unit_cells[0].start, unit_cells[-1].end
        att = Attribution(start, end, text[start:end], covers_to=max(c.end for c in row))
        for c in unit_cells:
            seg = text[c.start : c.end].rstrip(" ；;。.）)，,")
            lang = "zh" if language == "zh" and has_han(seg) else "en"
            _add_units(
                att,
                seg,
                c.start,
                TABLE_ROLES[c.column],
                lang,
                FixedSpans(protected.within(c.start, c.end)),
            )
        for u in att.units:
            u.unit_id = ids.get((u.start, u.end))
        if att.units:
            out.append(att)
    return out


_INNER_BRACKETS = re.compile(r"[（(〔][^（）()〔〕]*[）)〕]")


def _split(
    s: str,
    base: int,
    sep: re.Pattern,
    protected: list[tuple[int, int]],
    extra: Optional[re.Pattern] = None,
) -> list[tuple[str, int, int]]:
    """Split s (at document offset base) at separators that fall outside protected spans and
    outside brackets inside it (各市（含定州、辛集市）人民政府 is one body)."""
    inner = FixedSpans([(m.start() + 1, m.end() - 1) for m in _INNER_BRACKETS.finditer(s)])
    guarded = protected if isinstance(protected, FixedSpans) else FixedSpans(protected)
    cuts = []
    for pat in (sep, extra):
        if pat is None:
            continue
        for m in pat.finditer(s):
            if guarded.overlaps(base + m.start(), base + m.end()):
                continue
            if inner.holds(m.start(), m.end()):
                continue
            cuts.append((m.start(), m.end()))
    cuts.sort()
    out, pos = [], 0
    for a, b in cuts:
        if a < pos:
            continue
        out.append((s[pos:a], base + pos, base + a))
        pos = b
    out.append((s[pos:], base + pos, base + len(s)))
    res = []
    for piece, a, _b in out:
        lead = len(piece) - len(piece.lstrip(" \u3000"))
        piece_s = piece.strip(" \u3000.")
        if piece_s:
            res.append((piece_s, a + lead, a + lead + len(piece_s)))
    return res


def _zh_units(s: str, base: int, role: str, protected) -> list[UnitMention]:
    g = grammar()["zh"]
    # "X、Y等有关部门" -> the generic tail after 等 is not a body; "等和Z" continues the list
    out: list[UnitMention] = []
    pos = 0
    chunks = []
    for m in g["_tail"].finditer(s):
        chunks.append((s[pos : m.start()], base + pos))
        pos = m.end()
    chunks.append((s[pos:], base + pos))
    for chunk, cbase in chunks:
        for piece, a, _b in _join_places(_split(chunk, cbase, g["_sep"], protected), chunk, cbase):
            parts = _split(piece, a, _NEVER, protected, g["_conj"])
            out += [
                UnitMention(p, pa, pb, role)
                for p, pa, pb in _merge_parts(
                    parts,
                    lambda x: (
                        (bool(g["_suffix"].search(x)) or x in _known_names())
                        and x.strip() not in g["bare_nouns"]
                    ),
                    a,
                    piece,
                )
            ]
    return out


_NEVER = re.compile(r"(?!)")


# the tier words a list of places sharing one body word goes on with (各市、县（区）人民政府)
_TIER_HEADS = tuple("省市县区州盟旗乡镇（(")


def _join_places(
    pieces: list[tuple[str, int, int]], whole: str, base: int
) -> list[tuple[str, int, int]]:
    """A list of places before one body word is one unit: "有关设区市、县〔区〕人民政府",
    "各市、县（区）人民政府" (a piece that names no body joins the piece after it)."""
    g = grammar()["zh"]
    out: list[tuple[str, int, int]] = []
    carry: Optional[int] = None
    for text, a, b in pieces:
        if carry is not None and not text.startswith(_TIER_HEADS):
            # 各设区市、赣江新区管委会: a body of its own, not the tier the places share a head
            # with (各市、县（区）人民政府): the places before it stay as written
            out += [(t, x, y) for t, x, y in pieces if carry <= x < a]
            carry = None
        start = a if carry is None else carry
        if g["_suffix"].search(text) or text in _known_names() or not g["_place"].search(text):
            out.append((whole[start - base : b - base], start, b))
            carry = None
        else:
            carry = start
    if carry is not None:  # places with no body after them stay as they were written
        out += [(t, a, b) for t, a, b in pieces if a >= carry]
    return out


def _merge_parts(parts, is_unit, base: int, whole: str) -> list[tuple[str, int, int]]:
    """Undo conjunction splits that cut a name in two: a part that is not a whole unit name
    joins its neighbour (市自然资源和规划局, "Department of Science and Technology")."""
    parts = list(parts)
    i = 0
    while len(parts) > 1 and i < len(parts):
        if is_unit(parts[i][0]):
            i += 1
            continue
        j = i + 1 if i == 0 else i - 1
        lo, hi = sorted((i, j))
        a, b = parts[lo][1], parts[hi][2]
        parts[lo : hi + 1] = [(whole[a - base : b - base], a, b)]
        i = max(lo - 1, 0) if lo else 0
        if lo == 0 and len(parts) > 1 and is_unit(parts[0][0]):
            i = 1
    return parts


def _parse_zh(
    content: str, base: int, protected, label_role: Optional[str] = None
) -> Optional[Attribution]:
    """A Chinese attribution: clauses that end in a duty verb; a clause without one lists units
    that take the role of the label it stands under (``label_role``) or of the next verb."""
    g = grammar()
    zh = g["zh"]
    # (every label ends with a colon: a bracket without one is not searched for a label)
    first = zh["_label"].search(content) if any(c in content for c in _LABEL_ENDS) else None
    if first is not None and only_limits(content[: first.start()]):
        return _parse_labelled(content, base, "zh", protected)
    att = Attribution(base - 1, base + len(content) + 1, "")
    pos = 0
    clauses = []
    for m in re.finditer(r"[，,；;。]", content + "，"):
        clauses.append((content[pos : m.start()], base + pos))
        pos = m.end()
    # "A、B，各省级人民政府按职责分工负责": a list with no verb of its own takes the next clause's
    pending: list[tuple[str, int]] = []
    for clause, cbase in clauses:
        c = clause.strip()
        if not c or limit_clause(c):
            continue  # (a time limit or a working mode: 持续推进 names no unit)
        decl = _lead_decl_in(c)
        if decl or c in ("下同", "以下同", "下同。"):
            att.declares_first_lead = att.declares_first_lead or bool(decl)
            continue
        vm = zh["_verb_re"].search(clause)
        if not vm and label_role:
            att.units += _zh_units(clause, cbase, label_role, protected)
            continue
        if not vm:
            pending.append((clause, cbase))
            continue
        verb = zh["_verb"][vm.group(1)]
        att.division_of_duties |= bool(verb.get("division"))
        body = clause[: vm.start()]
        agent = zh["_agent"].match(body)
        if agent is not None:  # 由省税务局负责: 由 marks who, it is no part of the name
            body, cbase = body[agent.end() :], cbase + agent.end()
        if "按职责分工" in body or "按照职责分工" in body:
            att.division_of_duties = True
            body = re.sub(r"按(?:照)?职责分工", "", body)
        for earlier, ebase in pending:
            att.units += _zh_units(earlier, ebase, verb["role"], protected)
        pending = []
        tm = body.find(zh["together"])
        if tm > 0:
            att.units += _zh_units(body[:tm], cbase, "lead", protected)
            att.units += _zh_units(
                body[tm + len(zh["together"]) :],
                cbase + tm + len(zh["together"]),
                "support",
                protected,
            )
        else:
            att.units += _zh_units(body, cbase, verb["role"], protected)
    if pending:
        return None
    if not att.units:
        return None
    for u in att.units:
        if len(u.text) > 30 or not (zh["_suffix"].search(u.text) or u.text in _known_names()):
            return None
    return att


def _parse_en(content: str, base: int, protected) -> Optional[Attribution]:
    g = grammar()
    en = g["en"]
    lo, hi = _limits_trimmed(content)
    if (lo, hi) != (0, len(content)):
        return _parse_en(content[lo:hi], base + lo, protected) if hi > lo else None
    if en["_label"].match(content):
        return _parse_labelled(content, base, "en", protected)
    att = Attribution(base - 1, base + len(content) + 1, "")
    low = content
    dm = _first(en["_division_scan"], low)
    if dm:
        att.division_of_duties = True
    if _lead_decl_in(low):
        att.declares_first_lead = True
    for clause, cbase in _en_clauses(content, base):
        decl = _lead_decl_in(clause)
        if decl:
            # "A, B and C are responsible, and the department listed first is the lead
            # department, the same below": the list before the declaration still names units
            clause = re.sub(
                r"[\s,]*(?:and|while|of which|whereby)?[\s,]*$", "", clause[: decl.start()]
            )
            if not clause.strip():
                continue
        cut = _first(en["_division_scan"], clause)
        core = clause[: cut.start()] if cut else clause
        core_s = core.rstrip(" .,")
        for frame, role in en["_frames"]:
            m = frame.match(core_s.lstrip())
            if not m:
                continue
            off = cbase + (len(core_s) - len(core_s.lstrip()))
            for grp, r in (("u", role), ("s", "support"), ("r", "responsible")):
                if grp in frame.groupindex and m.group(grp):
                    att.units += _en_units(m.group(grp), off + m.start(grp), r, protected)
            break
        else:
            return None
    if not att.units:
        return None
    for u in att.units:
        if len(u.text) > 120 or not (en["_head"].search(u.text) or u.text in _known_names()):
            return None
    return att


def _en_clauses(content: str, base: int) -> Iterator[tuple[str, int]]:
    """The clauses of an English attribution, each with one role: cut at ';' and after a role
    phrase that a comma closes ("X takes the lead, and Y and Z are responsible"; "X is
    responsible, and Y cooperates"), a joining "and"/"with" left out of the next clause."""
    cut = grammar()["en"]["_role_end"]
    for part in re.finditer(r"[^;]+", content):
        at = part.start()
        for m in cut.finditer(content, part.start(), part.end()):
            # "Responsible for X, and Y cooperates": a clause that opens with its role word
            # names its units after it, up to the comma
            opens = not content[at : m.start("role")].strip()
            comma = content.rfind(",", m.end("role"), m.end()) if opens else -1
            yield content[at : comma if comma >= 0 else m.end("role")], base + at
            at = m.end()
        yield content[at : part.end()], base + at


def _en_units(s: str, base: int, role: str, protected) -> list[UnitMention]:
    en = grammar()["en"]
    m = en["_tail"].search(s)
    after: list[UnitMention] = []
    if m:
        # "… and other relevant departments of the State Council and all localities": a body
        # named after the collective tail is a unit of its own
        rest = en["_after_tail"].match(s, m.end())
        if rest is not None and rest.group("u"):
            after = _en_units(rest.group("u"), base + rest.start("u"), role, protected)
        s = s[: m.start()]
    out = []
    for piece, a, _b in _split(s, base, en["_comma"], protected):
        parts = _split(piece, a, _NEVER, protected, en["_and"])
        for part, pa, _pb in _merge_parts(
            parts,
            lambda x: (
                (bool(en["_head"].search(x)) or x in _known_names())
                and x.strip().lower() not in en["bare_nouns"]
            ),
            a,
            piece,
        ):
            p = re.sub(r"^the\s+(?=\S)", "", part, flags=re.I)
            pa += len(part) - len(p)
            if p:
                out.append(UnitMention(p, pa, pa + len(p), role))
    return out + after


@lru_cache(maxsize=None)
def _known_names() -> frozenset:
    from ..units.registry import load_registry

    return frozenset(n for n, _ in load_registry().names())


_EN_CUE = re.compile(
    r"responsib|in charge|\blead|\bled by|participat|cooperat|supporting unit|\bimplement",
    re.I,
)
_ZH_CUE = re.compile(
    r"负责|牵头|配合|参与|指导|落实|会同|协助|实施|支持|协同|责任单位|责任部门|负责单位|主责单位|协办单位"
)


def find_attributions(
    text: str, language: str, units: Sequence[UnitMatch] = ()
) -> list[Attribution]:
    """Every parenthetical in ``text`` that parses as a responsibility attribution, in order.

    ``units`` are the known names the units stage found: a list of units is never split inside
    one, and a mention that is one of them carries its registry id."""
    protected = SpanSet((u.start, u.end) for u in units)
    ids = {(u.start, u.end): u.unit_id for u in units}
    decls = declares_first_lead(text)
    out: list[Attribution] = []
    lead_from_here = False
    taken = SpanSet()
    cands = [
        (m.start(), m.end(), m.start(1), m.group(1), False) for m in _PAREN_SCAN.finditer(text)
    ]
    cands += label_runs(text)
    cands.sort()
    for start, end, cstart, content, is_line in cands:
        if taken.overlaps(start, start + 1):
            continue
        is_zh = has_han(content) if language == "zh" else False
        if not (_ZH_CUE if is_zh else _EN_CUE).search(content):
            continue  # no duty word: not an attribution (checked before the name search)
        prot = FixedSpans(protected.within(cstart, cstart + len(content)))
        att = (_parse_zh if is_zh else _parse_en)(content, cstart, prot)
        if att is None or not (is_line or _closes_run(text, start, end)):
            continue
        att.start, att.end, att.text = start, end, text[start:end]
        for u in att.units:
            u.unit_id = ids.get((u.start, u.end))
        taken.add(start, end)
        # a declaration inside an attribution applies from there on; one elsewhere to the whole text
        lead_from_here = (
            lead_from_here
            or att.declares_first_lead
            or any(not (start <= d < end) and not _inside_any(d, out) for d in decls)
        )
        if lead_from_here and len(att.units) >= 2 and att.units[0].role == "responsible":
            att.units[0].role = "lead"
        out.append(att)
    return out


def _first(scan: AnchoredPattern, s: str) -> Optional[re.Match]:
    """``scan.rx.search(s)``, run only when ``s`` holds one of the scan's anchor words."""
    return next(scan.finditer(s), None)


def _lead_decl_in(s: str) -> Optional[re.Match]:
    """``_lead_decl.search(s)``, tried only around its anchor words."""
    return _first(grammar()["_lead_decl_scan"], s)


def declares_first_lead(text: str) -> list[int]:
    """Offsets of declarations that the first-listed body leads (列第一位者为牵头单位)."""
    return [m.start() for m in grammar()["_lead_decl_scan"].finditer(text)]


def _inside_any(offset: int, atts: list[Attribution]) -> bool:
    return any(a.start <= offset < a.end for a in atts)


_TERMINATORS = marks.SENTENCE + marks.CLAUSE  # (a run ends at a sentence or a clause)


def _closes_run(text: str, start: int, end: int) -> bool:
    """An attribution closes a run: a sentence ends just before it, or it ends the sentence
    ("…试点（商务部负责）。"). A parenthetical inside a sentence ("…（技工院校内由…负责），…") does
    not."""
    i = start - 1
    while i >= 0 and text[i] in " \u3000":
        i -= 1
    j = end
    while j < len(text) and text[j] in " \u3000":
        j += 1
    return (i < 0 or text[i] in _TERMINATORS + "\n") or (
        j >= len(text) or text[j] in _TERMINATORS + "\n"
    )
