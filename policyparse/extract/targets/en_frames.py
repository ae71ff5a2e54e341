"""English frames: whole phrases (between, verb by, verb to, goal, count) and the clause of a
comparator word."""

from __future__ import annotations

import re
from typing import Optional

from ...base.numbers import fmt
from ...fast.scan import Places
from ...findings import RawTarget
from .clauses import _EN_CLAUSE, _Frame, clause_start
from .metric import _metric_en
from .rules import EnRules, Rules


def _english_frames(text: str, L: EnRules) -> list[RawTarget]:
    """The English frames that read a whole phrase (between, verb by, verb to, goal, count)."""
    low = text.lower()  # the leading words of every English pattern are looked for in it,
    places = Places(low)  # each found once for all the patterns
    return (
        _between_en(text, L, low, places)
        + _verb_by_en(text, L, low, places)
        + _verb_to_en(text, L, low, places)
        + _goal_en(text, L, low, places)
        + _count_en(text, L, low)
    )


def _en_frame(
    text: str,
    L: EnRules,
    m: re.Match,
    pre: Optional[str],
    g: Optional[dict],
    post: Optional[str],
    out: list[RawTarget],
) -> Optional[_Frame]:
    """An English number's frame, or None (a bare number that continues no list, a negation)."""
    s_num = m.start("num")
    cs = clause_start(text, s_num, _EN_CLAUSE, 200)
    before = text[cs : m.start()]
    cont = None
    if not pre and not post and L.reach_of.search(before):
        # "achieve a coverage rate of 90%": a level the verb reaches (data: reach_of)
        return _Frame({"comparator": L.data["reach_of"]["comparator"], "kind": "level"}, cs, s_num)
    if not pre and not post:
        # "reach 65% and 55% respectively": the second number shares the first's comparator
        prev = out[-1] if out else None
        if not (
            prev
            and 0 <= m.start() - prev.end <= 6
            and re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", text[prev.end : m.start()])
        ):
            return None
        g = {"comparator": prev.comparator, "kind": prev.kind}
        cont = prev
    if _grants_en(text, cs, m.start(), L):
        return None
    return _Frame(g, cs, m.start("pre") if pre else s_num, cont=cont)


def _obliged_clause_en(text: str, at: int, L: Rules) -> Optional[int]:
    """The start of the clause an English frame's match at ``at`` stands in, or None when the
    clause grants or permits rather than obliges ("may receive subsidies of up to 50%"): the
    check every English frame makes first."""
    cs = clause_start(text, at, _EN_CLAUSE, 200)
    return None if _grants_en(text, cs, at, L) else cs


def _grants_en(text: str, lo: int, hi: int, L: Rules) -> bool:
    """Whether the words between ``lo`` and ``hi`` grant or permit ("may", "subsidies"), a grant
    word that names an aggregate the notice sets ("the balance of inclusive loans … will
    increase by": targets.json en.budget_line) aside."""
    return any(not L.budget.match(text, hit.end()) for hit in L.not_target.finditer(text, lo, hi))


def _unit_en(m: re.Match, L: Rules) -> str:
    """A frame's unit as the rules name it (months -> month, working days -> working day)."""
    unit = m.group("unit").lower()
    return L.unit_norm.get(unit, unit)


def _comparator(m: re.Match, L: EnRules, default: str) -> str:
    """The comparator of the word a frame matched before its number ("at least"), else
    ``default``."""
    return L.pre_words[m.group("cmp").lower()]["comparator"] if m.group("cmp") else default


def _comparator_after(
    text: str, m: re.Match, L: EnRules, comparator: str
) -> tuple[str, Optional[int]]:
    """A comparator word right after a frame's match ("… or above") sets the comparator and ends
    the quote after it; else ``comparator`` and no end of its own."""
    post = L.post_after.match(text, m.end())
    if post is None:
        return comparator, None
    return L.post_words[post.group("post").lower()], post.end()


def _target(
    text: str,
    m: re.Match,
    start: int,
    metric: str,
    comparator: str,
    unit: str,
    kind: str = "level",
    num2: Optional[str] = None,
    down: Optional[bool] = None,
    end: Optional[int] = None,
) -> RawTarget:
    """An English frame's target: quoted from ``start`` to the match's end (or ``end``: a
    comparator word after it), the match's number its value (and ``num2`` the range's end); a
    change's ``down`` sets its direction."""
    end = m.end() if end is None else end
    return RawTarget(
        start,
        end,
        text[start:end],
        metric,
        comparator,
        fmt(float(m.group("num").replace(",", ""))),
        unit,
        kind,
        fmt(float(num2)) if num2 is not None else None,
        None if down is None else ("down" if down else "up"),
    )


def _between_en(
    text: str, L: EnRules, lowered: Optional[str] = None, places: Optional[Places] = None
) -> list[RawTarget]:
    """ "between 6% and 6.5%" -> one target with comparator 'between'."""
    out = []
    for m in L.between.finditer(text, lowered, places):
        cs = _obliged_clause_en(text, m.start(), L)
        if cs is None:
            continue
        unit = _unit_en(m, L)
        metric = _metric_en(text, cs, m.start())
        metric = re.sub(r"\s+(?:of|at|by|to)$", "", metric)
        kind = "change" if L.change_cue.search(text[cs : m.start()]) else "level"
        out.append(_target(text, m, m.start(), metric, "between", unit, kind, m.group("num2")))
    return out


def _verb_by_en(
    text: str, L: EnRules, lowered: Optional[str] = None, places: Optional[Places] = None
) -> list[RawTarget]:
    """ "reduce energy consumption per unit of GDP by 3%": a change, the metric in between."""
    out = []
    for m in L.verb_by.finditer(text, lowered, places):
        if _obliged_clause_en(text, m.start(), L) is None:
            continue
        obj = re.sub(r"^the\s+", "", m.group("obj").strip(), flags=re.I)
        start = text.index("by", m.start("obj") + len(m.group("obj")))
        down = L.falling_by.match(m.group("verb"))
        cmp, unit = _comparator(m, L, "="), _unit_en(m, L)
        out.append(_target(text, m, start, obj, cmp, unit, "change", down=bool(down)))
    return out


def _verb_to_en(
    text: str, L: EnRules, lowered: Optional[str] = None, places: Optional[Places] = None
) -> list[RawTarget]:
    """ "raise the coverage rate to 95%", "reduce the review cycle to 16 months": a level target;
    rising verbs set a floor, falling ones a ceiling."""
    out = []
    for m in L.verb_to.finditer(text, lowered, places):
        if re.search(r"\bby\b", m.group("obj")) or _obliged_clause_en(text, m.start(), L) is None:
            continue
        verb = m.group("verb").lower()
        falling = L.falling_to.match(verb)
        cmp = "<=" if falling else ">="
        prep = m.group("prep").lower()
        if prep.split()[-1] in ("below", "under"):  # (to below 60%)
            cmp = "<"
        elif prep == "at" and L.held.match(verb):
            cmp = "="  # keep grain output at 650 million tons: a level held (保持在)
        cmp, end = _comparator_after(text, m, L, _comparator(m, L, cmp))  # … or above
        obj = re.sub(r"^the\s+", "", m.group("obj").strip(), flags=re.I)
        out.append(_target(text, m, m.start("prep"), obj, cmp, _unit_en(m, L), end=end))
    return out


def _goal_en(
    text: str, L: EnRules, lowered: Optional[str] = None, places: Optional[Places] = None
) -> list[RawTarget]:
    """ "Build 50 overseas warehouses": the size of a programme the notice sets."""
    out = []
    for m in L.goal.finditer(text, lowered, places):
        unit = m.group("unit")
        if m.group("cur") and not unit.lower().endswith("yuan"):
            unit += " yuan"  # "Allocate RMB 700 billion": billion yuan
        if L.not_counted.match(unit) or L.not_counted_anywhere.search(unit):
            continue
        # a goal with no comparator word is the figure itself (ANNOTATION.md): "Build 50" is =
        cmp = _comparator(m, L, "=")
        if m.group("post"):
            cmp = L.post_words[m.group("post").lower()]
        cmp, end = _comparator_after(text, m, L, cmp)  # "Add 11 million urban jobs or more"
        metric = unit
        purpose = L.purpose.match(text, m.end())
        if purpose and L.money.search(unit):
            metric = purpose.group(1).strip()  # "… billion yuan for central budget investment"
        out.append(_target(text, m, m.start("verb"), metric, cmp, unit.lower(), end=end))
    return out


def _count_en(text: str, L: EnRules, lowered: Optional[str] = None) -> list[RawTarget]:
    """ "the number of major incidents should be kept below 5": a count with no unit written."""
    out = []
    for m in L.count.finditer(text, lowered):
        cs = _obliged_clause_en(text, m.start(), L)
        if cs is None or not L.counted.search(text[cs : m.start()]):
            continue
        cmp = L.pre_words[m.group("pre").lower()]["comparator"]
        out.append(_target(text, m, m.start(), _metric_en(text, cs, m.start()), cmp, ""))
    return out
