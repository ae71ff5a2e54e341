"""HTML pages: Beautiful Soup over lxml.

Finds the notice body (known content containers such as gov.cn's ``#UCAP-CONTENT``, else the
element with the most paragraph text and the least link text), keeps paragraph and heading
boundaries, reads the metadata Chinese government pages carry (meta tags ArticleTitle / PubDate /
ContentSource, and the 发文机关 / 发文字号 / 成文日期 header table) and lists attachment links.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate
from typing import Optional

from bs4 import BeautifulSoup, NavigableString, Tag

from ..base.datafiles import load
from ..base.script import has_han
from ..errors import IngestError, LimitExceeded
from ..findings import Block
from ..limits import Limits
from ..model import Warning
from .tables import table_to_blocks
from .text import decode

CONTENT_HINTS = [
    "#UCAP-CONTENT",
    "#zoom",
    ".TRS_Editor",
    ".pages_content",
    "#Zoom",
    ".article-content",
    ".article_content",
    "#content",
    ".content",
    "article",
    "main",
    "[role=main]",
    ".article",
]
BLOCK_TAGS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "table",
    "section",
    "article",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "center",
    "ul",
    "ol",
    "header",
    "footer",
    "td",
    "th",
}
DROP_TAGS = [
    "head",
    "title",
    "script",
    "style",
    "noscript",
    "iframe",
    "nav",
    "form",
    "button",
    "select",
    "svg",
    "template",
    "input",
    "textarea",
]
DROP_CLASSES = re.compile(
    r"share|nav|menu|breadcrumb|footer|header|sidebar|related|comment|toolbar|print|qrcode|erweima|bottom",
    re.I,
)
ATTACHMENT = re.compile(r"\.(pdf|docx?|wps|ofd|xlsx?|zip|rar)(?:$|\?)", re.I)


@lru_cache(maxsize=1)
def _table_keys() -> dict[str, str]:
    """The labels of a page's header table (发文机关, 成文日期 …) and the field each names: the
    Chinese labels of metadata.json's header_labels (one home with the line reader's) and the
    fields only a header table gives (标题, 索引号, 主题分类)."""
    h = load("metadata.json")["header_labels"]
    keys = {w: f for f, words in h["fields"].items() for w in words if has_han(w)}
    keys.update({w: f for f, words in h["table_only"].items() if f != "_note" for w in words})
    return keys


META_TAGS = {
    "articletitle": "title",
    "pubdate": "published_on",
    "contentsource": "source",
    "firstimgsrc": None,
    "columnname": "column",
    "description": "description",
    "dc.title": "title",
    "dc.date": "published_on",
    "og:title": "title",
}
# bounded and stopping at the next tag: "<meta <meta <meta …" without ">" is linear
_CHARSET = re.compile(rb"""<meta[^<>]{1,1024}?charset\s*=\s*["']?([\w-]+)""", re.I)


def sniff_charset(data: bytes, header_charset: Optional[str] = None) -> Optional[str]:
    """The charset the HTTP header or a <meta> anywhere in the page declares."""
    if header_charset:
        return header_charset
    m = _CHARSET.search(data[:200_000]) or _CHARSET.search(data)
    return m.group(1).decode("ascii", "ignore") if m else None


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^<>]{0,4096}?(/?)>")
# tags that open nothing (void elements, and those whose end tag pages leave out)
_NOT_NESTING = frozenset(
    "br img meta link hr input col area base wbr source p li td tr option".split()
)


def _depth_ok(data: str, limit: int) -> bool:
    """Cheap nesting check before parsing: count open-minus-close tags along the document (one
    findall in C, the running depth by accumulate)."""
    # a tag's attributes stop at the next "<" and are bounded: "<a <a <a …" is linear
    steps = [
        -1 if close else 1
        for close, tag, empty in _TAG.findall(data)
        if not empty and tag.lower() not in _NOT_NESTING
    ]
    return not steps or max(accumulate(steps)) <= limit


@lru_cache(maxsize=1)
def _meta_label() -> re.Pattern:
    """A string whose whole text is a header-table label (spaces and colons around and inside)."""
    return re.compile(
        r"^[\s\u3000：:]*(?:"
        + "|".join("[\\s\u3000：:]*".join(k) for k in _table_keys())
        + r")[\s\u3000：:]*$"
    )


_META_CELLS = ("td", "th", "span", "li", "div")


def _norm_label(el) -> str:
    return re.sub(r"[\s\u3000：:]", "", el.get_text())


def _meta_table(soup: BeautifulSoup) -> dict:
    """The 发文机关 / 成文日期 … header table: a cell whose whole text is a label, and the cell
    after it.

    Found from the label strings (a few per page) rather than by reading the text of every cell
    and div on the page, which cost more than parsing it. (A label split over two strings,
    ``<b>发文</b>机关``, is not seen.)"""
    out: dict = {}
    rx = _meta_label()
    # (a walk over the strings: bs4's find_all(string=…) filter cost a tenth of reading a page)
    for s in (x for x in soup.descendants if isinstance(x, NavigableString) and rx.search(x)):
        label = _norm_label(s)
        key = _table_keys().get(label)
        if not key or key in out:
            continue
        # the cells whose whole text is the label, outermost first (as a document-order scan meets
        # them)
        chain, el = [], s.parent
        while (
            el is not None
            and el.name not in ("[document]", "body", "html")
            and _norm_label(el) == label
        ):
            chain.append(el)
            el = el.parent
        for cell in reversed(chain):
            if cell.name not in _META_CELLS:
                continue
            sib = cell.find_next_sibling(["td", "th", "span", "div"])
            if sib is not None:
                val = re.sub(r"\s+", " ", sib.get_text(" ")).strip()
                if val and len(val) < 300:
                    out[key] = val
                    break
        if key not in out and chain and chain[-1].parent is not None:
            # label and value in one cell: <td><b>发文机关:</b> 江西省人民政府</td>
            whole = chain[-1].parent.get_text(" ")
            at = whole.find(str(s))
            val = (
                re.sub(r"\s+", " ", whole[at + len(str(s)) :]).strip(" \u3000：:")
                if at >= 0
                else ""
            )
            if val and len(val) < 120 and not _meta_label().search(val):
                out[key] = val
    if "issuer" in out:
        out["issuer"] = [x for x in re.split(r"[，,、\s]+", out["issuer"]) if x]
    for k in ("issued_on", "published_on"):
        if k in out:
            m = re.search(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})", out[k])
            out[k] = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None
    return out


def _meta_tags(soup: BeautifulSoup) -> dict:
    out: dict[str, Optional[str]] = {}
    for meta in soup.find_all("meta"):
        name = str(meta.get("name") or meta.get("property") or "").lower()
        key = META_TAGS.get(name)
        if key and meta.get("content") and key not in out:
            out[key] = str(meta["content"]).strip()
    if "published_on" in out:
        m = re.search(r"(\d{4})-(\d{1,2})-(\d{1,2})", out["published_on"] or "")
        out["published_on"] = (
            f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None
        )
    return out


def _score(el: Tag) -> float:
    text = el.get_text(" ", strip=True)
    if not text:
        return 0.0
    links = sum(len(a.get_text(" ", strip=True)) for a in el.find_all("a"))
    puncts = len(re.findall(r"[。，；.,;]", text))
    return (len(text) - 2 * links) * (1 + min(puncts, 200) / 50)


def find_main(soup: BeautifulSoup) -> Tag:
    for sel in CONTENT_HINTS:
        el = soup.select_one(sel)
        if el is not None and len(el.get_text(strip=True)) > 80:
            return el
    body = soup.body or soup
    best, best_score = body, _score(body) * 0.6
    for el in body.find_all(["div", "article", "section", "td", "main"], limit=5000):
        s = _score(el)
        # prefer the innermost element holding most of the text
        if s >= best_score * 0.85 and s > 0 and (best is body or el in best.descendants):
            best, best_score = el, max(s, best_score * 0.85)
    return best


_TITLE_CLASS = re.compile(r"title|biaoti|bt\b", re.I)


def _page_title(main: Tag) -> Optional[str]:
    """The title a page shows above its main body (an old site's table layout sets it in a cell
    of its own: <td class="title">, or a heading); the reader falls back to the <title>
    element, and the metadata stage takes either only when the body holds no title and it
    reads as one."""
    for el in main.find_all_previous(["h1", "h2", "td", "div", "p", "span"], limit=60):
        cls = " ".join(el.get("class") or []) + " " + str(el.get("id") or "")
        if el.name in ("h1", "h2") or _TITLE_CLASS.search(cls):
            text = el.get_text("", strip=True)
            if 4 <= len(text) <= 200:
                return text
    return None


def to_blocks(root: Tag) -> list[Block]:
    """Walk the element tree and emit one Block per paragraph; <br> breaks a line except in
    centred headings (a title set over two lines is one title)."""
    blocks: list[Block] = []
    buf: list[str] = []

    def flush(kind="para"):
        text = "".join(buf)
        buf.clear()
        for line in text.split("\n"):
            if line.strip():
                blocks.append(Block(line, kind=kind))

    def centred(el: Tag) -> bool:
        style = str(el.get("style") or "") + " " + str(el.get("align") or "")
        return "center" in style.lower()

    def walk(el, in_centre=False):
        for child in el.children:
            if isinstance(child, NavigableString):
                if child.__class__.__name__ in (
                    "Comment",
                    "Doctype",
                    "CData",
                    "ProcessingInstruction",
                ):
                    continue
                buf.append(re.sub(r"[\r\n\t]+", " ", str(child)))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name.lower()
            if name == "br":
                if not in_centre:
                    buf.append("\n")
                continue
            if name == "table":
                rows: list[list[Optional[str]]] = [
                    [c.get_text(" ", strip=True) for c in tr.find_all(["td", "th"])]
                    for tr in child.find_all("tr")
                ]
                task_blocks = table_to_blocks(rows)
                if task_blocks:
                    flush()
                    blocks.extend(task_blocks)
                    continue
            if name in BLOCK_TAGS:
                flush()
                walk(
                    child,
                    in_centre
                    or (name in ("p", "div", "h1", "h2", "h3", "center") and centred(child)),
                )
                flush("heading" if name.startswith("h") and len(name) == 2 else "para")
            else:
                walk(child, in_centre)

    walk(root)
    flush()
    return blocks


_DROP = frozenset(DROP_TAGS)


def _is_widget(el: Tag) -> bool:
    cls = el.get("class")
    if cls and any(DROP_CLASSES.search(c) for c in (cls if isinstance(cls, list) else [cls])):
        return True
    ident = el.get("id")
    return bool(ident and DROP_CLASSES.search(str(ident)))


def read_html(
    data: bytes,
    path: Optional[str] = None,
    charset: Optional[str] = None,
    limits: Optional[Limits] = None,
) -> tuple[list[Block], dict, list[Warning]]:
    limits = limits or Limits.resolve()
    enc = sniff_charset(data, charset)
    text, used = decode(data, enc, path)
    if not _depth_ok(text, limits.max_html_depth):
        raise LimitExceeded(f"HTML nesting deeper than {limits.max_html_depth} elements", path)
    soup = BeautifulSoup(text, "lxml")
    hints = {**_meta_tags(soup), **_meta_table(soup)}
    hints["encoding"] = used
    # (one walk over the elements for the links and the tags to drop: bs4's find_all builds a
    # filter and asks it of every element, which cost a third of reading a page)
    elements = [el for el in soup.descendants if isinstance(el, Tag)]
    hints["attachments"] = sorted(
        {
            str(href)
            for el in elements
            if el.name == "a"
            and (href := el.get("href")) is not None
            and ATTACHMENT.search(str(href))
        }
    )
    title_el = soup.title.get_text(" ", strip=True) if soup.title else ""
    for t in [el for el in elements if el.name in _DROP]:
        t.decompose()
    main = find_main(soup)
    hints["page_title"] = _page_title(main) or title_el or None
    # the short lines a page shows right above its body (发布时间：…, 来源：…), in order
    # (a comment, a script's text is no line: only plain strings)
    strings = main.find_all_previous(string=True, limit=40)
    hints["page_head"] = [
        t
        for t in reversed([str(x).strip() for x in strings if type(x) is NavigableString])
        if t and len(t) < 150
    ]
    # page widgets inside the body (share bars, related links, footers) by class or id
    # (one pass over the elements: bs4's attribute filters cost a filter object per element)
    widgets = [el for el in main.descendants if isinstance(el, Tag) and _is_widget(el)]
    for el in widgets:
        if el is not main:
            el.decompose()
    blocks = to_blocks(main)
    if not any(b.text.strip() for b in blocks):
        raise IngestError("HTML page has no readable body text", path)
    return blocks, hints, []
