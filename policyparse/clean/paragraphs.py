"""Paragraphs of crawled text: what a crawler ran together is cut back into paragraphs.

Crawlers that join a page's text nodes keep paragraphs apart with two ideographic spaces
("…稳住。　　疫情要防住") or with nothing at all ("…如下：一、总体要求…（一）激励…"). The
numbering grammar reads labels at line starts, so the clean stage cuts such blocks: at a gap
of ideographic spaces between two stretches of text, and before a numbering label that follows
a sentence end, a closed attribution, or a short heading of its own (the knowledge is data:
``data/numbering.json``, "run_together").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from ..base import datafiles, marks
from ..base.numbers import label_number
from ..base.script import has_han
from ..units.shapes import en_head, name_start, zh_suffix
from .closing import closing_start

LABEL_MAX = 8  # characters a numbering label takes at most (（二十）, 第十二条)
HEAD = 600  # characters: a notice's header fields, number and addressees stand in its head
# a block shorter than this (and without a gap) is taken as one paragraph: what crawlers run
# together is a page, and a page's own paragraphs are asked nothing (they cost the check)
RUN_MIN = 120
# the characters a label of run_together's styles can open with (a look before the pattern)
LABEL_OPENERS = frozenset(
    "第一二三四五六七八九十（(0123456789０１２３４５６７８９①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
)


@dataclass(frozen=True)
class Rules:
    gap: re.Pattern  # a run of spaces between paragraphs (ideographic, no-break; see the data)
    gap_side_min: int  # characters on each side of a gap for it to part paragraphs
    label: re.Pattern  # a numbering label that may open a paragraph mid-block (group: its style)
    after: str  # characters after which a label opens a paragraph
    not_after: tuple[str, ...]  # ... unless they end one of these words (附件：1.…: a list)
    attribution: re.Pattern  # a closed parenthetical that ends a task
    field_label: re.Pattern  # the label of a field (完成时限：, 责任单位：)
    field_end: re.Pattern  # such a field's short value at the end of a text: a label may follow
    heading_max: int  # a heading run into its first sub-label is at most this long
    date_head: re.Pattern  # a full date that opens a stretch of crawled text, glued to what follows
    signature: re.Pattern  # …。人力资源社会保障部2016年2月2日更多信息…: issuer and date run in
    doc_number: re.Pattern  # …的通知国办发〔2023〕12号各省…: a title run into its number
    publication_note: re.Pattern  # …执行。2020年2月9日（此件主动公开）…: a date and its note
    title_end: re.Pattern  # …的通知各省、自治区…: a title run into its addressees (head only)
    head_max: int  # where a notice's head ends (title_end is read before it)
    title_inside: re.Pattern  # …。关于…措施一、…: a carried document's title, anywhere
    opening: re.Pattern  # a label right after a sentence end or a closing bracket (a quick look)
    label_scan: re.Pattern  # ``label`` for search and finditer: tried only at LABEL_OPENERS
    # a level-1 heading run into its lead paragraph ends before these words, when it is longer
    # than title_max (the outline reads them: structure/outline.py)
    body_openers: re.Pattern
    heading_joins: str  # characters that join a heading to more of it
    title_max: int
    styles: tuple[str, ...]  # the label styles, outermost first (their group names in ``label``)


@lru_cache(maxsize=1)
def rules() -> Rules:
    raw = datafiles.load("numbering.json")["run_together"]
    kinds = "|".join(sorted(raw["kinds"]["words"], key=len, reverse=True))

    def pattern(p: str) -> re.Pattern:
        """A rule's pattern with the kinds of document it names (%kinds%) written in."""
        return re.compile(p.replace("%kinds%", kinds))

    styles = tuple(x["style"] for x in raw["labels"])
    label = "|".join(f"(?P<{x['style']}>{x['pattern']})" for x in raw["labels"])
    label = f"(?:{label}){raw['label_follows']}"
    # a look at one character before the label's alternatives (exact: a property test holds
    # that every label opens with one of LABEL_OPENERS)
    openers = "(?=[" + re.escape("".join(sorted(LABEL_OPENERS))) + "])"
    return Rules(
        re.compile(raw["gap"]),
        raw["gap_side_min"],
        re.compile(label),
        raw["after"],
        tuple(raw["not_after"]),
        re.compile(raw["attribution"]),
        *_field(raw["field_max"]),
        raw["heading_max"],
        re.compile(raw["date_head"]),
        re.compile(raw["signature"]),
        pattern(raw["doc_number"]["pattern"]),
        re.compile(raw["publication_note"]["pattern"]),
        pattern(raw["title_end"]["pattern"]),
        raw["title_end"]["head_max"],
        pattern(raw["title_end"]["inside"]["pattern"]),
        # one character class first: re tries the rest only where such a character stands
        re.compile("[" + re.escape(raw["after"]) + "）)][ \u3000]*" + openers + label),
        re.compile(openers + label),
        re.compile("|".join(re.escape(w) for w in raw["body_openers"]["words"])),
        raw["heading_nouns"]["joins"],
        raw["body_openers"]["title_max"],
        styles,
    )


def _field(field_max: int) -> tuple[re.Pattern, re.Pattern]:
    """A field's label: a time label (deadlines.json limit_labels) or a units label
    (attributions.json labels) and a colon; and the end of such a field run into what follows
    (the label, a short value with no sentence mark, the end of the text before a label)."""
    words = [w for w in datafiles.load("deadlines.json")["limit_labels"] if has_han(w)]
    words += list(datafiles.load("attributions.json")["zh"]["labels"])
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    label = rf"(?:(?:{alts})[ \u3000]*[:：]|【(?:{alts})】)"  # (责任单位： or 【责任单位】)
    return re.compile(label), re.compile(rf"{label}[^：:。；！？【\n]{{1,{field_max}}}\Z")


@lru_cache(maxsize=2)
def heading_pattern(top: bool = False) -> re.Pattern:
    """A standard section heading at a heading's start (heading_nouns; ``top``: a level-1
    heading's, top_words too). Compiled on first use: only a heading run into its paragraph
    asks, and the pattern, its noun list written twice, is a good part of a cold start."""
    return _heading_pattern(datafiles.load("numbering.json")["run_together"]["heading_nouns"], top)


def _heading_pattern(h: dict, top: bool = False) -> re.Pattern:
    words = h["words"] + (h["top_words"] if top else [])
    nouns = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    one = f"{h['prefix']}?[\u4e00-\u9fff]{{0,{h['modifier_max']}}}?(?:{nouns})"
    return re.compile(f"{one}(?:[和与及]?{one})*")


def has_gap(text: str) -> bool:
    """Whether ``text`` holds a gap that parts paragraphs (numbering.json run_together gap): a
    look for the spaces first, most blocks have none."""
    return (
        "\u3000\u3000" in text
        or "\u00a0" in text
        or "  " in text
        or "\u3000 " in text
        or " \u3000" in text
    ) and rules().gap.search(text) is not None


def may_be_run_together(text: str) -> bool:
    """A cheap look: only such blocks are cut (most blocks are one paragraph already)."""
    if has_gap(text):
        return True
    if len(text) >= RUN_MIN and _english(text):
        label, number, _, header, _ = _en_rules()
        found = label.finditer(text)
        many = sum(1 for _ in zip(range(EN_LABELS_MIN), found, strict=False)) >= EN_LABELS_MIN
        head = number.search(text, 0, HEAD) or header.search(text, 0, HEAD)
        return many or head is not None
    r = rules()
    if len(text) < RUN_MIN:
        return False  # a line of a page that kept its paragraphs (most lines) is left alone
    if r.opening.search(text):
        return True
    if ("：" in text or ":" in text) and r.field_label.search(text):
        return True  # 完成时限：2024年6月底前2.压缩…: a field run into the next item
    if "日" in text and r.signature.search(text):  # (every signature date holds 日)
        return True
    if "〔" in text and r.doc_number.search(text):
        return True
    if _zh_header_cuts(text):
        return True  # 索引号：…发文机关：…文号：…: a header block run together
    if "此件" in text and r.publication_note.search(text):
        return True
    if _title_ends(text, r):
        return True
    # a heading run into its first item: the block opens with a label and holds another within
    # a heading's length (a numbered paragraph is not searched to its end)
    return (
        text[0] in LABEL_OPENERS
        and r.label.match(text) is not None
        and r.label_scan.search(text, 1, r.heading_max + LABEL_MAX) is not None
    )


EN_LABELS_MIN = 3  # labels after sentence ends that make an English block a run of items


@lru_cache(maxsize=1)
def _en_rules() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern, frozenset[str]]:
    en = datafiles.load("numbering.json")["run_together"]["en"]
    return (
        re.compile(en["label"]),
        re.compile(en["number"]),
        re.compile(en["signature"]),
        re.compile(rf"(?<=[A-Za-z)\"”'’.])\s*(?=(?:{_en_header_labels()})\s?:)"),
        frozenset(en["name_words"]),  # the lower-case words a body's name holds
    )


def _header_labels(han: bool) -> str:
    """The labels of a notice's header fields (metadata.json header_labels: the list the
    metadata stage reads them by), Chinese or English, as one alternation."""
    h = datafiles.load("metadata.json")["header_labels"]
    labels = [w for words in h["fields"].values() for w in words]
    if han:
        labels += [w for f, words in h["table_only"].items() if f != "_note" for w in words]
    labels = [w for w in labels if has_han(w) == han]
    return "|".join(re.escape(x) for x in sorted(labels, key=len, reverse=True))


def _en_header_labels() -> str:
    return _header_labels(han=False)


@lru_cache(maxsize=1)
def _zh_header() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """A header label at a block's start, one run in after the field before it
    (…00012发文机关：…文号：…), and a date label's date with the text run in after it
    (成文日期：2022年3月18日合肥市…)."""
    alts = _header_labels(han=True)
    date = r"(?:19|20)\d{2}年\d{1,2}月\d{1,2}日|(?:19|20)\d{2}-\d{1,2}-\d{1,2}"
    h = datafiles.load("metadata.json")["header_labels"]
    # a field whose value is one of a few words (有效性：有效) ends where its value does
    closed = "|".join(
        rf"(?:{'|'.join(map(re.escape, h['table_only'][f]))})[ \u3000]*[：:][ \u3000]*"
        rf"(?:{'|'.join(map(re.escape, values))})"
        for f, values in h["closed_values"].items()
        if f != "_doc"
    )
    return (
        re.compile(rf"(?:{alts})[ \u3000]*[：:]"),
        re.compile(rf"(?<=[^\s：:])[ \u3000\u00a0]*(?=(?:{alts})[ \u3000]*[：:])"),
        re.compile(
            rf"(?:(?:{alts})[ \u3000]*[：:][ \u3000]*(?:{date})|{closed})"
            r"(?=[ \u3000\u00a0]?[\u4e00-\u9fff])"
        ),
    )


def _zh_header_cuts(text: str) -> list[int]:
    """Where a header block a crawler ran together parts into its fields: before each label
    when two or more labels stand in the head (one label may be a word of a sentence), and
    after a date label's date."""
    if text.count("：", 0, HEAD) + text.count(":", 0, HEAD) < 2:
        return []  # (two labels hold two colons: most blocks hold fewer)
    opening, run_in, dated = _zh_header()
    # (not inside a longer label: 信息索引号 holds 索引号)
    labels = [m.span() for m in opening.finditer(text, 0, HEAD)]
    cuts = [
        m.end()
        for m in run_in.finditer(text, 0, HEAD)
        if not any(a < m.end() < b for a, b in labels)
    ]
    if len(cuts) + (opening.match(text) is not None) < 2:
        return []
    return cuts + [m.end() for m in dated.finditer(text, 0, HEAD)]


@lru_cache(maxsize=1)
def _en_header_value() -> re.Pattern:
    """A header label and the date it gives, with text run in after it."""
    date = datafiles.load("numbering.json")["run_together"]["en"]["header_date"]
    return re.compile(rf"(?:{_en_header_labels()})\s?:\s?(?:{date})(?=\s*[A-Z])")


@lru_cache(maxsize=1)
def _en_addressees() -> re.Pattern:
    """A title run into its addressees at a notice's head (…EnvironmentAll provincial …:)."""
    return re.compile(datafiles.load("numbering.json")["run_together"]["en"]["addressees"])


@lru_cache(maxsize=1)
def _en_title_end() -> re.Pattern:
    """A title run straight into the first Roman heading at a notice's head."""
    return re.compile(datafiles.load("numbering.json")["run_together"]["en"]["title_end"])


@lru_cache(maxsize=1)
def _en_item_rule() -> tuple[re.Pattern, int, re.Pattern]:
    """The item label, the heading's reach, and where a heading ends in what follows it: glued
    (GoalsBy 2025) or, in text joined by spaces, at a word a heading writes in lower case
    (Goals By 2025)."""
    en = datafiles.load("numbering.json")["run_together"]["en"]
    ends = f"{en['heading_glue']}|{en['heading_opener']}"
    return re.compile(en["item_label"]), int(en["heading_max"]), re.compile(ends)


_EN_SENTENCE_END = re.compile(r"[.;:!?]")
_EN_NUMBERED = re.compile(r"\((\d{1,2})\)|(\d{1,2})\.(?!\d)")  # (1) or 1.: two styles
_EN_LABEL_HEAD = re.compile(r"(?:[IVX]{1,5}\.|\(\d{1,2}\)|\d{1,2}\.|Chapter \S+|Article \d+)\s?")


def _en_headings_run_into_items(text: str, labels: set[int]) -> set[int]:
    """Cuts before a number glued after a heading ("1. Overall requirements(1) Guiding
    ideology.", "I. Support enterprises1. Reduce costs."): within heading_max characters of the
    label that opened the heading, no sentence end between, and the number 1 or the next of
    those of its style ((1) or 1.) before it."""
    rx, heading_max, _ = _en_item_rule()
    opened = sorted(labels)
    cuts: set[int] = set()
    last = {True: 0, False: 0}  # the last number of each style (bracketed or not)
    found = sorted(
        [
            (m.start(), int(m.group(1) or m.group(2)), m.group(1) is not None, False)
            for m in _EN_NUMBERED.finditer(text)
            if m.start() in labels
        ]
        + [
            (m.start("label"), int(m.group("n") or m.group("d")), m.group("n") is not None, True)
            for m in rx.finditer(text)
        ]
    )
    for at, n, bracketed, glued in found:
        if not glued:
            last[bracketed] = n
            continue
        k = bisect.bisect_right(opened, at) - 1
        if k < 0 or at - opened[k] > heading_max:
            continue
        head = _EN_LABEL_HEAD.match(text, opened[k])  # (the label's own full stop is no end)
        if _EN_SENTENCE_END.search(text, head.end() if head else opened[k], at):
            continue
        if n in (1, last[bracketed] + 1):
            cuts.add(at)
            last[bracketed] = n
    return cuts


def _en_headings_run_into_paragraphs(text: str, labels: set[int]) -> set[int]:
    """Cuts where a heading a label opened runs into its paragraph with nothing between ("I.
    Overall GoalsBy 2025, …"): the first lower-case letter glued to a capital word within
    heading_max characters of the label, with no sentence end before it."""
    _, heading_max, glue = _en_item_rule()
    cuts: set[int] = set()
    for at in labels:
        head = _EN_LABEL_HEAD.match(text, at)
        start = head.end() if head else at
        stop = _EN_SENTENCE_END.search(text, start, start + heading_max)
        g = glue.search(text, start, stop.start() if stop else start + heading_max)
        if g is not None:
            cuts.add(g.start())
    return cuts


def _english(text: str) -> bool:
    return not has_han(text[:400]) and " " in text[:400]


def _body_name(name: str, small: frozenset[str]) -> bool:
    """An English body's name: a head noun (Office, Ministry …) and no lower-case word but the
    few a name holds (of, the, and …): "The State Council approved it on" is a sentence."""
    words = name.split()
    return bool(en_head().search(name)) and all(w[0].isupper() or w in small for w in words)


def _split_en(text: str) -> list[str]:
    """English run together: cut before labels after a sentence end, around a document number
    between its title and what follows, and around a signature at the end (its body's name, then
    its date in words)."""
    label, number, signature, header, small = _en_rules()
    cuts = {0, len(text)}
    labels = {m.end() for m in label.finditer(text)}
    first = _en_title_end().search(text, 0, HEAD)  # …EnvironmentI. Key Tasks
    if first is not None:
        labels.add(first.end())
    if len(labels) >= EN_LABELS_MIN:  # a run of items, not one list run into a paragraph
        cuts |= labels
        items = _en_headings_run_into_items(text, labels)
        cuts |= items
        cuts |= _en_headings_run_into_paragraphs(text, labels | items)
    for m in number.finditer(text, 0, HEAD):
        cuts |= {m.start("number"), m.end("number")}
    cuts |= {m.end() for m in header.finditer(text, 0, HEAD)}
    cuts |= {m.end() for m in _en_header_value().finditer(text, 0, HEAD)}
    cuts |= {m.end() for m in _en_addressees().finditer(text, 0, HEAD)}
    for sig in signature.finditer(text):
        if _body_name(sig.group("issuer"), small):
            cuts |= {sig.start("issuer"), sig.start("date"), sig.end("date")}
    bounds = sorted(cuts)
    parts = (text[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False))
    return [p for p in parts if p]


def split(text: str) -> list[str]:
    """The paragraphs of ``text`` (itself, whole, when nothing marks a paragraph in it)."""
    if _english(text):
        return [q for p in _split_gaps(text) for q in _split_en(p)]
    out: list[str] = []
    for part in _split_gaps(text):
        out += _split_labels(part)
    return out


def _split_gaps(text: str) -> list[str]:
    r = rules()
    pieces: list[str] = []
    pos = 0
    gaps = list(r.gap.finditer(text))
    for k, g in enumerate(gaps):
        before = text[pos : g.start()].strip()
        nxt = gaps[k + 1].start() if k + 1 < len(gaps) else len(text)
        after = text[g.end() : nxt].strip()
        # 标　　题 (a label spaced out) is one word, not two paragraphs; a gap inside quotes
        # or brackets is a spaced name ("江西好粮油  赣粮行天下"), not a paragraph's end
        if (
            len(before) >= r.gap_side_min
            and len(after) >= r.gap_side_min
            and not _open_pair(before)
        ):
            pieces.append(before)
            pos = g.end()
    pieces.append(text[pos:].strip())
    if len(pieces) > 1:
        # …　　2023年3月22日河北省工业领域碳达峰实施方案: a signature's date, then what follows it
        pieces = [q for p in pieces for q in _date_head(p, r)]
    return [p for p in pieces if p]


# (a bracket opened in one width is closed in either: …技工教育)、高等教育（…）)
_PAIRS = (("“", "”"), ("《", "》"), ("（(", "）)"))


def _open_pair(text: str) -> bool:
    """Whether ``text`` leaves a quote or a bracket open (a gap after it is inside them)."""
    return any(
        sum(map(text.count, opens)) > sum(map(text.count, closes)) for opens, closes in _PAIRS
    )


def _date_head(piece: str, r: Rules) -> list[str]:
    m = r.date_head.match(piece)
    return [piece[: m.end()], piece[m.end() :]] if m else [piece]


def _rank(m: re.Match) -> int:
    """The label's style, by its place in the data's list (outermost first)."""
    return rules().styles.index(next(k for k, v in m.groupdict().items() if v is not None))


def _split_labels(text: str) -> list[str]:
    r = rules()
    cuts = [0]
    if "日" in text:
        for m in r.signature.finditer(text):
            if zh_suffix().search(m.group("issuer")):
                at = m.start("issuer") + name_start(m.group("issuer"))
                cuts += [at, m.start("date"), m.end("date")]
                # …得到。联系人：…电子信箱：…@126.com河北省…厅2022年1月7日: the contact block too
                cuts.append(closing_start(text, at))
    cuts += _zh_header_cuts(text)
    if "〔" in text:
        for m in r.doc_number.finditer(text):
            if m.group("open") and not _own_bracketed_number(text, m, r):
                continue
            cuts += [m.start("number"), m.end("number")]
    if "此件" in text:
        for m in r.publication_note.finditer(text):
            cuts += [m.start("date"), m.start("note"), m.end("note")]
    cuts += _title_ends(text, r)
    # a label after a sentence end or a bracket may stand anywhere; without one, only a heading's
    # first item can be cut, and it stands within a heading's length of the start (or of the
    # last cut above: a plan's title after the signature, its heading after it)
    end = (
        len(text)
        if r.opening.search(text) or r.field_label.search(text)
        else min(len(text), max(cuts) + r.heading_max + LABEL_MAX)
    )
    # the number each style reached in the labels cut so far: a heading's first item may also
    # continue its style's run (三、…（四）…: the second-level count runs on across parents)
    reached: dict[int, int] = {}
    head = r.label.match(text)
    if head is not None:
        _reach(reached, head)
    # the cuts made above (signature, header, number, titles), in text order: a label's
    # paragraph opens at the last of them or of the labels cut below, whichever is later
    fixed = sorted(set(cuts))
    last_label = 0
    for m in r.label_scan.finditer(text, 1, end):
        at = m.start()
        prev = text[:at].rstrip(" \u3000")
        if not prev:
            continue
        k = bisect.bisect_right(fixed, at) - 1
        last = max(fixed[k] if k >= 0 else 0, last_label)
        since = text[last:at]
        # the label that opened this paragraph, if any (after the spaces a crawler left there)
        para = last + len(since) - len(since.lstrip(" \u3000\u00a0"))
        opener = r.label.match(text, para)
        if prev[-1] in r.after:
            cut = not prev.endswith(r.not_after)
        elif prev[-1] in "）)" and r.attribution.search(prev):
            cut = True  # …（省发展改革委负责）2.加快…
        elif r.field_end.search(prev, max(0, len(prev) - r.heading_max - 20)):
            cut = True  # …完成时限：2024年6月底前2.压缩…: a field, then the next item
        else:
            # 一、持续强化创新主体地位（一）激励…: a heading, then its first item
            cut = (
                opener is not None
                and len(since) <= r.heading_max
                and not any(c in since for c in marks.ZH_SENTENCE + "；")
                and _rank(m) > _rank(opener)
                and (_is_first(m) or _number(m) == reached.get(_rank(m), -1) + 1)
            )
        if cut:
            cuts.append(at)
            last_label = at
        if cut or (k >= 0 and fixed[k] == at):
            _reach(reached, m)
    cuts = sorted(set(cuts)) + [len(text)]
    return [text[a:b].strip() for a, b in zip(cuts, cuts[1:], strict=False) if text[a:b].strip()]


# what the title_end rule's lookahead opens with (addressees 各…, a first heading 一、 第一章):
# a literal look before the pattern, most blocks' heads hold none
_TITLE_END_CUES = ("各", "一、", "第一", "第1")


_FIRST_HEADING = re.compile("一、|第一章")
TITLE_INSIDE_MAX = 90  # characters a carried document's title rule reads back from its heading


def _title_ends(text: str, r: Rules) -> list[int]:
    """Where a title run into its addressees or its first heading ends, at a notice's head;
    and, anywhere, where the title of a document a package carries begins and ends (…。关于…
    措施一、…)."""
    cuts = []
    # (looked for before each first heading, not tried at every character: the rule's second
    # branch opens with a look behind, which re tries everywhere)
    for a in _FIRST_HEADING.finditer(text):
        lo = max(0, a.start() - TITLE_INSIDE_MAX)
        for m in r.title_inside.finditer(text, lo, a.end()):
            if text[m.end() : a.start()].strip(" \u3000\u00a0"):
                continue  # (its first heading is another one)
            name = "title" if m.group("title") else "plan"
            cuts += [m.start(name), m.end(name)]
    head = text[: r.head_max]
    if not any(w in head for w in _TITLE_END_CUES):
        return cuts
    # (a title stands before the first sentence: 依照本办法第一条 in a sentence is no title's end)
    first_stop = text.find("。", 0, r.head_max)
    stop = r.head_max if first_stop < 0 else first_stop
    return cuts + [m.end() for m in r.title_end.finditer(text, 0, stop)]


def _own_bracketed_number(text: str, m: re.Match, r: Rules) -> bool:
    """…的通知（合政办〔2022〕9号）各县…: a number in brackets after a title is the notice's own
    at its head when the addressees (各…), a gap or the end of the text follow it; after a
    title-like phrase in running text (…的意见（国发〔2016〕5号）精神) it cites another."""
    after = text[m.end() : m.end() + 2].lstrip(" \u3000\u00a0")
    return m.start() <= r.head_max and (
        not after or after[0] == "各" or has_gap(text[m.end() : m.end() + 3])
    )


def _number(m: re.Match) -> Optional[int]:
    """A label's number (三、 3, （四） 4, 2. 2, ② 2), None when it has none to read."""
    return label_number(m.group(0))


def _reach(reached: dict[int, int], m: re.Match) -> None:
    """Note the number a style reached at a label that opens a paragraph."""
    n = _number(m)
    if n is not None:
        reached[_rank(m)] = n


def _is_first(m: re.Match) -> bool:
    """Whether a label is the first of its run (一, 1, ①)."""
    label = m.group(0)
    return any(c in label for c in "一1①") and not any(c in label for c in "十23456789")
