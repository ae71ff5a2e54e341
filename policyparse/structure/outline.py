"""Outline: numbered items at line starts -> a tree of Sections.

The numbering styles are data (``data/numbering.json``). A style's level is the depth at which it
first appears (a stack of open styles, as a reader infers it), so 一、/（一）/1. and 1./(1)/——
both nest correctly without fixed levels. A label counts only if its number starts or continues
its style's sequence, which keeps "2023." or a stray "3." inside prose out of the outline.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from ..base import datafiles, marks
from ..base.numbers import CIRCLED, cn_to_int, roman_int
from ..base.script import all_han, has_han
from ..clean import paragraphs
from ..findings import Item
from ..model import Span, Warning
from ..units import find_units

TITLE_LINE_MAX = 40  # a title standing on the line after its label is at most this long
_WORD = re.compile(r"\w")
MAX_GAP = 2  # a jump of up to this many numbers is accepted with a warning


@lru_cache(maxsize=4096)
def read_number(raw: str, kind: str) -> Optional[int]:
    """A label's number in its style's kind of numeral (a few hundred distinct labels recur
    on every page: each is read once)."""
    if kind == "cn":
        return cn_to_int(raw)
    if kind == "arabic":
        return int(raw)
    if kind == "roman":
        return roman_int(raw)
    if kind == "roman_unicode":
        return int(unicodedata.numeric(raw))  # Ⅱ -> 2
    if kind == "roman_lower":
        return roman_int(raw.upper())  # (iv) -> 4
    if kind == "roman_or_arabic":
        return int(raw) if raw.isdigit() else roman_int(raw)
    if kind == "alpha":
        return ord(raw.lower()) - ord("a") + 1
    if kind == "circled":
        return CIRCLED.index(raw) + 1
    if kind == "decimal":
        return int(raw.rsplit(".", 1)[-1])  # 2.1.3: the third item of 2.1
    return None  # unnumbered bullets


@dataclass(frozen=True)
class Style:
    name: str
    regex: re.Pattern
    number: str
    titled: bool = True


@lru_cache(maxsize=None)
def styles() -> tuple[Style, ...]:
    raw = datafiles.load("numbering.json")
    return tuple(
        Style(
            s["name"],
            re.compile(rf"(?:{s['pattern']})(?:{s['after']})"),
            s["number"],
            s.get("titled", True),
        )
        for s in raw["styles"]
    )


@lru_cache(maxsize=1)
def title_sentence_rules() -> tuple[int, int, re.Pattern]:
    """(Chinese characters, English words, statement openers): what a first sentence read as a
    title sentence may be (data: numbering.json, title_sentence)."""
    raw = datafiles.load("numbering.json")["title_sentence"]
    return raw["zh_max"], raw["en_max"], re.compile(raw["body_openers"])


def is_title_sentence(sentence: str) -> bool:
    """A first sentence that reads like a heading: short, and not opening as a statement does
    (对…, 各地…, 凡…)."""
    zh_max, en_max, openers = title_sentence_rules()
    if has_han(sentence):
        return len(sentence) <= zh_max and not openers.match(sentence)
    return len(sentence.split()) <= en_max


@lru_cache(maxsize=1)
def any_label() -> re.Pattern:
    """Matches a line that some style's label opens: most lines open with none, and are passed
    over with one match instead of one per style. The match's ``lastgroup`` (``s<i>``) names
    the first style, in order, whose label opens the line: the styles before it need no look."""
    return re.compile(
        "|".join(
            f"(?P<s{i}>%s)" % re.sub(r"\(\?P<\w+>", "(?:", st.regex.pattern)
            for i, st in enumerate(styles())
        )
    )


_EN_SENT_END = re.compile(r"[.!?](?=\s|[A-Z\"“‘(]|$)")
_ZH_SENT_END = re.compile(marks.cls(marks.ZH_SENTENCE))
ATTRIBUTION_OPEN = re.compile(r"[（(]")


def title_bounds(line: str, offset: int) -> tuple[int, int, int]:
    """(title_start, title_end, body_start) for the text after a label: its first sentence."""
    lead = len(line) - len(line.lstrip())
    s = offset + lead
    body = line.strip()
    if has_han(body):
        m = _ZH_SENT_END.search(body)
    else:
        m = _EN_SENT_END.search(body)
    if not m:
        t = body.rstrip("：:;；")
        return s, s + len(t), s + len(body)
    title = body[: m.start()]
    # a title sentence closed directly by an attribution keeps the attribution out of the title
    rest = len(body[m.end() :]) - len(body[m.end() :].lstrip())
    return s, s + len(title), s + m.end() + rest


def _heading_run_into_body(
    text: str, ts: int, te: int, bs: int, openers: bool = True
) -> tuple[int, int, int]:
    """A level-1 heading that a crawler joined to its lead paragraph ("一、总体要求以习近平新时代…")
    ends where the paragraph's opening words begin (data: numbering.json, "body_openers") or
    after a standard section heading (工作目标, 2018年工作回顾: "heading_nouns"), whichever
    comes first; a heading a sentence end closes within ``title_max`` characters is left as it
    is."""
    r = paragraphs.rules()
    if te - ts <= r.title_max:
        return ts, te, bs
    cuts = []
    m = r.body_openers.search(text, ts + 2, min(te, ts + r.heading_max + 20)) if openers else None
    if m is not None:
        cuts.append(m.start())
    if not openers:
        subject = _item_subject(text, ts, min(te, ts + r.heading_max + 20))
        if subject is not None:
            cuts.append(subject)  # （一）全面实施…承诺制税务部门在…: the paragraph's subject
    h = paragraphs.heading_pattern(openers).match(text, ts, min(te, ts + r.heading_max + 20))
    if h is not None and h.end() < te and text[h.end()] not in r.heading_joins:
        cuts.append(h.end())  # 一、工作目标2024年底前…: a standard heading, then its paragraph
    if openers:
        again = _restated(text, ts, min(te, ts + r.heading_max + 20))
        if again is not None:
            cuts.append(again)  # 二、…车辆外观专用号牌分为…: the paragraph restates the heading
    if not cuts:
        return ts, te, bs
    return ts, min(cuts), min(cuts)


@lru_cache(maxsize=1)
def _restate_rules() -> tuple[int, int, str]:
    raw = datafiles.load("numbering.json")["run_together"]["heading_restated"]
    return raw["min_repeat"], raw["min_title"], raw["prepositions"]


def _restated(text: str, ts: int, end: int) -> Optional[int]:
    """Where a level-1 heading run into its paragraph ends when the paragraph opens by restating
    the heading's first words (numbering.json run_together.heading_restated), a preposition
    before them opening the paragraph too; None when they do not come again."""
    k, min_title, preps = _restate_rules()
    head = text[ts : ts + k]
    if len(head) < k or not all_han(head):
        return None
    at = text.find(head, ts + min_title, end)
    if at < 0 or any(c in text[ts:at] for c in "，,、；;：:"):
        return None  # (after a mark the heading's own sentence goes on: 坚持…，坚持…)
    return at - 1 if text[at - 1] in preps else at


@lru_cache(maxsize=1)
def _subject_rules() -> tuple[re.Pattern, re.Pattern, int]:
    """(what follows a subject, a generic department or an opener, min_title): numbering.json
    run_together.item_subject."""
    raw = datafiles.load("numbering.json")["run_together"]["item_subject"]
    follows = "|".join(re.escape(w) for w in sorted(raw["follows"], key=len, reverse=True))
    openers = "|".join(re.escape(w) for w in raw["openers"])
    return (
        re.compile(f"(?:{follows})"),
        re.compile(f"(?P<generic>{raw['generic']})|(?P<opener>{openers})"),
        raw["min_title"],
    )


def _item_subject(text: str, ts: int, end: int) -> Optional[int]:
    """Where a second-level heading run into its paragraph ends: at the paragraph's subject (a
    body, known or named generically, followed as a subject is: 税务总局以…, 各地区、各部门要…)
    or an opener (对于…), at least min_title characters into the heading."""
    follows, shapes, min_title = _subject_rules()
    lo = ts + min_title
    if lo >= end:
        return None
    found = [(u.start + lo, u.end + lo) for u in find_units(text[lo:end], "zh")]
    for m in shapes.finditer(text, lo, end):
        if m.group("opener"):
            found.append((m.start(), -1))
        else:
            found.append(m.span())
    # a list of subjects (各地区、各部门要) opens at its first, followed after its last; a
    # heading runs into its paragraph with nothing between (after a comma the sentence goes on)
    for start, stop in sorted(found):
        before = text[ts:start].rstrip(" \u3000\u00a0")
        if not before or not has_han(before[-1]):
            continue
        if stop < 0:
            return start
        after = stop
        while after < end and text[after] == "、":
            nxt = next((e for s, e in found if s == after + 1 and e > 0), None)
            if nxt is None:
                break
            after = nxt
        if follows.match(text, after):
            return start
    return None


def _style_numbered(name: str) -> bool:
    return _numbered_styles().get(name, True)


@lru_cache(maxsize=1)
def _numbered_styles() -> dict[str, bool]:
    """Each style's name -> whether its labels carry a number (a bullet's do not)."""
    out: dict[str, bool] = {}
    for s in styles():
        out.setdefault(s.name, s.number != "none")
    return out


def find_items(text: str, run_together: bool = False) -> tuple[list[Item], list[Warning]]:
    """Scan line starts for numbering; infer levels from the order styles appear.
    ``run_together``: the text's paragraphs were cut apart from crawled text, so a level-1
    heading may run into its lead paragraph."""
    items: list[Item] = []
    warnings: list[Warning] = []
    stack: list[str] = []  # open styles, outermost first
    last: dict[str, int] = {}
    pos = 0
    label_rx = any_label()
    all_styles = styles()
    lines = text.split("\n")
    for k, line in enumerate(lines):
        line_start, line_end = pos, pos + len(line)
        pos = line_end + 1
        opened = label_rx.match(line)
        if opened is None:
            continue
        first = int(opened.lastgroup[1:]) if opened.lastgroup else 0
        for st in all_styles[first:]:
            m = st.regex.match(line)
            if not m:
                continue
            n = read_number(m.group("n"), st.number)
            if n is not None:
                if not _in_sequence(n, last.get(st.name)):
                    continue
                gap = _gap(st.name, n, last.get(st.name), line_start, line_end)
                if gap is not None:
                    warnings.append(gap)
                last[st.name] = n
            rest, rest_at = line[m.end() :], line_start + m.end()
            if not _WORD.search(rest):
                # a label alone on its line names the line after it ("（五）\n资源效率"); else
                # a bare label is not an item
                nxt = lines[k + 1] if k + 1 < len(lines) else ""
                if (
                    st.number == "none"
                    or not nxt.strip()
                    or len(nxt.strip()) > TITLE_LINE_MAX
                    or label_rx.match(nxt)
                ):
                    continue
                rest, rest_at, line_end = nxt, pos, pos + len(nxt)
            opened_at = _opened(stack, st)
            if opened_at is None:
                break
            stack = opened_at
            ts, te, bs = title_bounds(rest, rest_at)
            if run_together and st.name in ("cn_dun", "cn_paren"):
                # (an item of the second level opens with its own words more often than with a
                # heading: only a standard heading noun cuts it, 指导思想以…, not an opener)
                ts, te, bs = _heading_run_into_body(text, ts, te, bs, st.name == "cn_dun")
            if not st.titled:
                bs = ts  # an article's first sentence names it but is part of its body
            elif bs < line_end and not is_title_sentence(text[ts:te]):
                bs = ts  # an untitled item: its long first sentence is its title and its task's
            label = m.group(0).strip().rstrip("、.．")
            items.append(Item(st.name, label, n, len(stack), line_start, line_end, ts, te, bs))
            break
    _close(items, len(text))
    return items, warnings


def _in_sequence(n: int, prev: Optional[int]) -> bool:
    """Whether a label's number starts or continues its style's run: 1 always (a new run under
    a new parent), the first of a run at most MAX_GAP past 1, a later one at most MAX_GAP past
    the one before (a jump back or a long jump is a number in prose, not a label)."""
    if prev is None:
        return n <= 1 + MAX_GAP
    return n == 1 or prev < n <= prev + 1 + MAX_GAP


def _gap(style: str, n: int, prev: Optional[int], start: int, end: int) -> Optional[Warning]:
    """A ``numbering_gap`` warning for a run that skips a number (or opens past 1)."""
    if (prev is None and n != 1) or (prev is not None and n > prev + 1):
        return Warning(
            "numbering_gap",
            f"{style} item {n} follows {prev if prev else 'nothing'}",
            Span(start, end),
        )
    return None


def _opened(stack: list[str], st: Style) -> Optional[list[str]]:
    """The open styles once ``st`` opens an item (outermost first); None for an unnumbered
    bullet (——) before any numbered item: a subtitle, not a section. A bullet hangs under the
    innermost numbered item and never becomes a parent."""
    if st.number == "none":
        numbered = [x for x in stack if x != st.name]
        if not numbered:
            return None
        return numbered + [st.name]
    if st.name in stack:
        return stack[: stack.index(st.name) + 1]
    return [x for x in stack if _style_numbered(x)] + [st.name]


def _close(items: list[Item], length: int) -> None:
    """An item ends where the next item of the same or a higher level begins (one pass, a
    stack); the last ones at the end of the text."""
    open_items: list[Item] = []
    for it in items:
        while open_items and open_items[-1].level >= it.level:
            open_items.pop().end = it.start - 1
        open_items.append(it)
    for it in open_items:
        it.end = length
