"""Metadata: title, issuer, 发文字号, issue and publication dates, addressees.

Pages often carry these in a header table or meta tags (``hints`` from the ingester win); the
text itself carries them as a title line, a signature (issuer over a date line) and an
addressee line that ends in a colon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Optional

from ..base import marks
from ..base.datafiles import load
from ..fast.scan import AnchoredPattern
from ..model import Metadata
from ..units import find_units
from ..units.shapes import en_head, name_start, zh_suffix
from .dates import parse_date


@dataclass(frozen=True)
class Words:
    """The compiled shapes of ``data/metadata.json``."""

    title: dict[str, re.Pattern]
    doc_number: re.Pattern
    doc_number_scan: AnchoredPattern
    published: re.Pattern
    not_addressee: re.Pattern
    publication_note: re.Pattern  # （此件公开发布）: follows the signature's date
    addressee: dict[str, tuple[re.Pattern, re.Pattern]]  # language -> (words, split)
    # words that make what stands before a colon a sentence, not addressees run into one
    run_in_not: dict[str, re.Pattern]


def _compile(entry: dict) -> re.Pattern:
    pattern = entry["pattern"] if isinstance(entry["pattern"], str) else "|".join(entry["pattern"])
    return re.compile(pattern, re.I if entry.get("flags") == "i" else 0)


@lru_cache(maxsize=1)
def words() -> Words:
    raw = load("metadata.json")
    number = _compile(raw["doc_number"])
    ad = raw["addressee"]
    return Words(
        title={lang: _compile(e) for lang, e in raw["title"].items()},
        doc_number=number,
        doc_number_scan=AnchoredPattern(number, raw["doc_number"]["anchor"]),
        published=_compile(raw["published_label"]),
        not_addressee=re.compile(ad["not_addressee"]),
        publication_note=_compile(raw["publication_note"]),
        addressee={
            lang: (
                re.compile(ad[lang]["words"], re.I if ad[lang].get("flags") == "i" else 0),
                re.compile(ad[lang]["split"]),
            )
            for lang in ("zh", "en")
        },
        run_in_not={lang: re.compile(ad[lang]["run_in_not"], re.I) for lang in ("zh", "en")},
    )


# a line that ends a sentence or holds a label's colon names no body (a signature's issuer)
_NOT_A_NAME = re.compile(r"[。；;:：.，,]$|[:：]")
_WORDS_APART = re.compile(r"\s{2,}|\u3000+|\s")


def _own_number(text: str, m: re.Match) -> bool:
    """A notice's own number opens a line (its own, or the addressee line a crawler ran into it)
    or stands in brackets on a line of its own; one inside a sentence or in brackets after a
    title (《…》（国发〔2015〕43号）) cites another."""
    start = text.rfind("\n", 0, m.start()) + 1
    before = text[start : m.start()].strip(" \u3000")
    if not before:
        return True
    # a line that is only the number in brackets (（皖政办〔2023〕5号）, under the title) is the
    # notice's own; a number in brackets after other words cites another
    end = text.find("\n", m.end())
    after = text[m.end() : end if end >= 0 else len(text)].strip(" \u3000")
    if after not in ("）", ")") or not before.endswith(("（", "(")):
        return False
    # …的通知（合政办〔2022〕9号）: the title's own line, the number wrapped onto it (pdftotext,
    # a crawler): the notice's own; after 《…》 or a sentence it cites another
    rest = before[:-1].rstrip(" \u3000")
    return not rest or (len(rest) < 300 and words().title["zh"].search(rest) is not None)


def _without_own_number(line: str) -> str:
    """A title line less the notice's own number in brackets run in after it."""
    if not line.endswith(("）", ")")):
        return line
    o = max(line.rfind("（"), line.rfind("("))
    if o <= 0 or words().doc_number.fullmatch(line[o + 1 : -1].strip()) is None:
        return line
    return line[:o].rstrip(" \u3000")


_HAN_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000\u00a0]+(?=[\u4e00-\u9fff《“（])")


def _title(lines: list[str], language: str) -> tuple[Optional[str], int]:
    """The title and the index of the line it starts on (None, -1 when there is none): the
    first title in the head, set on one line or several (a plan's title further down is not
    the notice's)."""
    w = words()
    rx = w.title[language]
    head = lines[:15]
    joined = _title_over_lines(head, rx)
    for i, line in enumerate(head[: joined[1] + 1 if joined[0] else len(head)]):
        line = _without_own_number(line)
        if len(line) < 300 and rx.search(line) and not w.doc_number.match(line):
            # a title set over two lines that a crawler joined with a space is one title, as
            # two lines are (国务院关于促进综合保税区 高水平开放…的若干意见)
            return (_HAN_SPACE.sub("", line) if language == "zh" else line), i
    return joined


def _title_over_lines(head: list[str], rx: re.Pattern) -> tuple[Optional[str], int]:
    """The first title set over two or three short lines ("国务院关于在市场监管领域全面推行" /
    "部门联合…的意见"), unless a later line reads as a title alone (a site's name above the
    title); (None, -1) when there is none."""
    w = words()
    for i in range(len(head) - 1):
        for n in (2, 3):
            part = head[i : i + n]
            if len(part) < n:
                break
            if (
                all(len(x) < 60 and not w.doc_number.search(x) and not parse_date(x) for x in part)
                and rx.search("".join(part))
                and not any(rx.search(x) for x in part[1:])
            ):
                return "".join(part), i
    return None, -1


def _title_part(line: str) -> bool:
    """A short line that can open a title set over two lines: not a date, a note or a number."""
    w = words()
    return (
        1 < len(line) < 40
        and not parse_date(line)
        and not w.publication_note.search(line)
        and not w.doc_number.search(line)
        and not _NOT_A_NAME.search(line)
    )


_TITLE_PARTS = re.compile(r"\s*(?:[_｜|]|\s[-–—]\s|——)\s*")


def _named_title(hints: dict, language: str, alt_titles: list[str]) -> Optional[str]:
    """The title a file names outside its text (an HTML page's title element or heading, a
    .docx's or a PDF's title property), the part of it that reads as a notice's title (a page's
    "<title>_<site>" loses the site's name); None when none does."""
    rx = words().title[language]
    for key in ("page_title", "docx_title", "pdf_title"):
        for part in _TITLE_PARTS.split(str(hints.get(key) or "")):
            part = part.strip()
            if part and len(part) < 300 and rx.search(part) and part not in alt_titles:
                return part
    return None


_ISSUES = re.compile(r"印发|转发|Issuing|Issuance|Printing and Distributing|Forwarding", re.I)


def _alt_titles(title: Optional[str], text: str) -> list[str]:
    if not title or not _ISSUES.search(title):
        return []
    out = []
    for m in re.finditer(r"《([^》]{4,120})》|[\"“]([^\"”]{4,200})[\"”]", title):
        t = m.group(1) or m.group(2)
        if t not in out:
            out.append(t)
    return out


# a line that holds a sentence's end, or opens with a numbering label, is an item ("(2) Improve
# services. Do more. (The State Post Bureau is responsible)"), not a signing body's name
_IN_SENTENCES = re.compile(r"[。；！？]|[.;!?]\s|^\s*(?:\(\d{1,3}\)|\d{1,3}\.\s|[IVX]{1,5}\.\s)")
_NAME_DATE = re.compile(r"(?P<name>\S.*?)[ \u3000\u00a0]+(?P<date>\S+)")


def _signature(lines: list[str]) -> tuple[list[str], Optional[date], int, int]:
    """The first issuer-over-date signature: short name line(s) directly above a date line, or
    a name and a date on one line (``lines`` stripped). A publication note after the date
    ("（此件公开发布）", on the date's line or the next) marks a date line as the signature's even
    with no issuer above it.
    Returns (issuers, date, the date line's index, the signature's first line's index)."""
    note = words().publication_note
    for i, line in enumerate(lines):
        if i == 0 or len(line) > 60:
            continue  # (parse_date's own test, before the call: most lines are paragraphs)
        # (the note is looked for only where 此件 stands: most short lines are headings)
        bare = note.sub("", line).strip() if ("此件" in line or "ocument" in line) else line
        if len(bare) > 40 or not bare or not (bare[-1] == "日" or bare[-1].isdecimal()):
            continue  # (parse_date's own tests, before the call: most short lines are headings)
        d = parse_date(bare)
        names: list[str] = []
        if not d:
            # "国家知识产权局办公室 2023年3月23日": the issuer and the date on one line (a crawler
            # put a space where the line break was)
            both = _NAME_DATE.fullmatch(bare)
            if both is None or not (d := parse_date(both.group("date"))):
                continue
            name = both.group("name")
            if _NOT_A_NAME.search(name) or not _org_like(name):
                continue
            names = [name]
        j = i - 1
        while j >= 0 and len(names) < 4:
            prev = lines[j].strip()
            if (
                # (an English name is longer: "General Office of the China National
                # Intellectual Property Administration" is 73 characters)
                not (1 < len(prev) <= (120 if prev.isascii() else 60))
                or _NOT_A_NAME.search(prev)
                or parse_date(prev)
                or words().published.search(prev)
                or (names and len(prev) > (90 if prev.isascii() else 30))
                or _IN_SENTENCES.search(prev)
                or not _org_like(prev)
            ):
                break
            names.insert(0, prev)
            j -= 1
        if names:
            # (a line a crawler ran other words into keeps the body's name: 年…安排河北省…厅)
            names[0] = names[0][name_start(names[0]) :]
            issuers = [
                q
                for n in names
                for p in re.split(r"\s{2,}|\u3000+|(?<=[厅局部委署办院府会])\s(?=\S)", n)
                for q in _co_issuers(p)
                if q
            ]
            return issuers, d, i, j + 1
        if bare != line or (i + 1 < len(lines) and note.fullmatch(lines[i + 1].strip())):
            return [], d, i, i
    return _closing_date(lines)


TAIL_LINES = 3  # a notice's closing date stands among its last lines


def _closing_date(lines: list[str]) -> tuple[list[str], Optional[date], int, int]:
    """A full date on a line of its own among the notice's last lines, with no signing body
    above it (a city notice that ends "2023年3月1日"): the date it was issued."""
    body = [i for i, ln in enumerate(lines) if ln.strip()]
    for i in reversed(body[-TAIL_LINES:]):
        line = lines[i].strip()
        if len(line) <= 12 and line.endswith("日") and (d := parse_date(line)):
            return [], d, i, i
    return [], None, -1, -1


def _co_issuers(name: str) -> list[str]:
    """Names a crawler glued together on one signature line ("河北省工业和信息化厅河北省发展和改革
    委员会"): cut after a body word where the line's opening words (its province) recur, or
    where a known body's name begins."""
    if len(name) < 10:
        return [name]
    head = re.escape(name[:2])
    parts = [p for p in re.split(rf"(?<=[厅局部委署办院府会])(?={head})", name) if p]
    if len(parts) > 1:
        return parts
    # 国家发展改革委办公厅税务总局办公厅: cut where a known body's name begins after a name
    # that ends like a body (two national bodies' offices, no shared province)
    cuts = [
        u.start
        for u in find_units(name, "zh")
        # (a name of four characters or more: 办公室 alone is an office of the body before it)
        if u.start >= 4 and u.end - u.start >= 4 and zh_suffix().search(name[: u.start])
    ]
    bounds = [0, *cuts, len(name)]
    return [name[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if name[a:b]]


def _org_like(line: str) -> bool:
    """A signature line names a body: it ends like one (…办公厅) or holds an English head noun."""
    parts = [p for p in _WORDS_APART.split(line) if p]
    return any(zh_suffix().search(p) for p in parts) or bool(en_head().search(line))


def extract_metadata(text: str, language: str, hints: Optional[dict] = None) -> Metadata:
    return read_metadata(text, language, hints)[0]


HEADER_LINES = 20  # labelled header fields stand in a notice's first lines


@lru_cache(maxsize=1)
def _header_labels() -> tuple[re.Pattern, dict[str, str]]:
    fields = load("metadata.json")["header_labels"]["fields"]
    by_label = {lab.lower(): f for f, labs in fields.items() for lab in labs}
    alts = "|".join(re.escape(x) for x in sorted(by_label, key=len, reverse=True))
    return re.compile(rf"^\s*({alts})\s*[:：]\s*(\S.*?)\s*$", re.I), by_label


def header_fields(lines: list[str]) -> dict:
    """Labelled header fields (发文机关：…, "Document No.: … | Date of issue: …"), as the
    reader's hints name them: issuer (a list), doc_number, issued_on, published_on."""
    rx, by_label = _header_labels()
    out: dict = {}
    for line in lines:
        if ":" not in line and "：" not in line:
            continue
        for part in re.split(r"\s*[|｜]\s*", line):
            m = rx.match(part)
            if m is None:
                continue
            field, value = by_label[m.group(1).lower()], m.group(2)
            if field in out:
                continue
            if field == "issuer":
                out[field] = [value]
            elif field in ("issued_on", "published_on"):
                d = parse_date(value)
                if d:
                    out[field] = d.isoformat()
            else:
                out[field] = value
    return out


def read_metadata(
    text: str, language: str, hints: Optional[dict] = None
) -> tuple[Metadata, Optional[int]]:
    """The metadata, and where the signature begins in ``text`` (None when there is none): the
    body ends there, whatever follows it (the page's furniture, a plan it issues)."""
    raw_lines = text.split("\n")
    lines = [x.strip() for x in raw_lines]
    # a page's own header table (the reader's hints) wins over labelled lines in its text
    hints = {**header_fields(lines[:HEADER_LINES]), **(hints or {})}
    md = Metadata()
    issuers, issued, signed_at, sig_first = _signature(lines)
    sig_offset = sum(len(x) + 1 for x in raw_lines[:sig_first]) if sig_first >= 0 else None
    title, title_at = _title(lines, language)
    if not hints.get("title") and title and 0 <= signed_at < title_at:
        # the title of a plan set out after the notice's signature: what it issues (印发), not
        # the notice's own title, which the page left out
        md.title, md.alt_titles = None, [title]
    else:
        md.title = hints.get("title") or title
        md.alt_titles = _alt_titles(md.title, text)
        if not md.alt_titles and md.title and _ISSUES.search(md.title) and signed_at >= 0:
            # "…印发关于…若干措施的通知" names its plan without 《》: the plan's own title is the
            # heading set out after the notice's signature
            after = lines[signed_at + 1 : signed_at + 6]
            plan, k = _title(after, language)
            if plan and k > 0 and _title_part(after[k - 1]):
                # a plan title set over two lines (文化体制改革中… / 转制为企业的规定)
                plan = after[k - 1] + plan
            if plan and plan != md.title:
                md.alt_titles = [plan]
    if md.title is None:
        # a page that sets its title outside the body it gives (an old site's table layout),
        # a .docx or PDF whose text has none: the title the file names, when it reads as one
        md.title = _named_title(hints, language, md.alt_titles)
    w = words()
    own = next((m for m in w.doc_number_scan.finditer(text[:3000]) if _own_number(text, m)), None)
    m = own or w.doc_number.search(md.title or "")
    md.doc_number = hints.get("doc_number") or (m.group(0) if m else None)
    md.issuer = hints.get("issuer") or issuers
    hd = parse_date(hints["issued_on"]) if hints.get("issued_on") else None
    when = hd or issued
    md.issued_on = when.isoformat() if when else None
    pub = parse_date(hints["published_on"]) if hints.get("published_on") else None
    if pub is None:
        # (and the lines a page shows above its body: 发布时间：… in a cell of its own)
        head = lines[:40] + [x.strip() for x in hints.get("page_head") or ()]
        for i, line in enumerate(head):
            # a label line, not a paragraph, and every label ends with a colon
            pm = (
                w.published.search(line)
                if len(line) < 150 and (":" in line or "：" in line)
                else None
            )
            if pm:
                cand = pm.group(1) if pm.group(1) else (head[i + 1] if i + 1 < len(head) else "")
                # "2023-03-23 10:00" (a time after it), "December 5, 2018" (a date in words)
                toks = cand.split()
                pub = parse_date(" ".join(toks[:3])) or parse_date(toks[0] if toks else "")
                if pub:
                    break
    md.published_on = pub.isoformat() if pub else None
    md.addressees = hints.get("addressees") or _addressees(lines, language)
    return md, sig_offset


ADDRESSEES_MAX = 200  # characters: a list of addressees run into the first sentence


def _run_in_addressees(line: str, language: str, split: re.Pattern) -> str:
    """The addressees and their colon at the head of ``line`` when a crawler ran the first
    sentence in after them, every part a body's name (各省…人民政府, 国务院各部委, "All
    provincial authorities"): each ends like a body (unit_shapes.json) and holds no word of a
    sentence (metadata.json run_in_not), so "各位代表：现在…" and "各地区要按照部署：…" are none;
    else ``line`` unchanged."""
    colon = min((i for i in (line.find("："), line.find(":")) if i > 0), default=-1)
    if colon < 0 or colon > ADDRESSEES_MAX or any(c in line[:colon] for c in marks.SENTENCE):
        return line
    parts = [p.strip() for p in split.split(line[:colon]) if p.strip()]
    shape = zh_suffix() if language == "zh" else en_head()
    rin = words().run_in_not[language]
    body = all(shape.search(p) and not rin.search(p) for p in parts)
    return line[: colon + 1] if parts and body else line


def _addressees(lines: list[str], language: str) -> list[str]:
    """The addressee line: near the top, ending in a colon, naming bodies (各…, "all …"); or
    opening a line a crawler ran the notice's first sentence into ("…各直属机构：为进一步…"),
    when every part before the colon is a body's name."""
    w = words()
    names, split = w.addressee[language]
    for line in lines[:25]:
        if _header_labels()[0].match(line):
            continue  # 发布机构：某市人民政府办公室 is a header field, not the addressees
        if not line.endswith((":", "：")):
            line = _run_in_addressees(line, language, split)
        if not line.endswith((":", "：")) or len(line) > 600 or len(line) < 4:
            continue
        if w.published.search(line) or w.not_addressee.match(line):
            continue
        if names.search(line):
            own = w.doc_number.match(line)  # a crawler ran the notice's number into the line
            line = line[own.end() :] if own else line
            return [p.strip() for p in split.split(line.rstrip("：:")) if p.strip()]
    return []
