"""Metadata: title, issuer, 发文字号, issue and publication dates, addressees.

Pages often carry these in a header table or meta tags (``hints`` from the ingester win); the
text itself carries them as a title line, a signature (issuer over a date line) and an
addressee line that ends in a colon.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Optional

from ..model import Metadata
from .dates import parse_date
from ..fast.scan import AnchoredPattern

ZH_TITLE = re.compile(r"(?:关于|转发).{2,120}的(?:通知|意见|决定|批复|复函|函|通报|方案|办法|规定|报告|指导意见|实施意见|若干意见|答复|公告|决议)$"
                      r"|^.{2,40}(?:条例|办法|规定|细则|规划|纲要|方案|指引|指南)(?:（[^）]{1,20}）)?$")
EN_TITLE = re.compile(r"^(?:Notice|Opinions?|Circular|Guidelines?|Measures|Decision|Announcement|Plan|Provisions|"
                      r"Regulations?|Reply|Implementation Plan|Action Plan|Guiding Opinions)\b.{5,300}$", re.I)
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,14}[〔\[［(（](?:19|20)\d{2}[〕\]］)）]\s?第?\d{1,4}\s?号|国令第\d{1,4}号"
                        r"|\b[A-Z][a-z]{1,20}(?: [A-Z][a-z]{1,20}){1,6} ?[\[〔(](?:19|20)\d{2}[\]〕)] ?No\. ?\d{1,4}\b")
# only around the bracketed year or 国令第 that every document number holds
_DOC_NUMBER_SCAN = AnchoredPattern(DOC_NUMBER, r"[〔\[［(（](?:19|20)\d{2}[〕\]］)）]|国令第")
PUBLISHED = re.compile(r"(?:Release Time|Published|Publication Date|Date Published|发布日期|发布时间|发文日期)[:：]\s*$|"
                       r"(?:Release Time|Published|Publication Date|发布日期|发布时间)[:：]\s*(\S.*)$", re.I)


def _title(lines: list[str], language: str) -> Optional[str]:
    rx = ZH_TITLE if language == "zh" else EN_TITLE
    head = lines[:15]
    for line in head:
        if rx.search(line) and len(line) < 300 and not DOC_NUMBER.match(line):
            return line
    # a title set over two lines ("国务院关于在市场监管领域全面推行" / "部门联合…的意见")
    for i, line in enumerate(head[:-1]):
        if len(line) < 60 and not DOC_NUMBER.search(line) and not parse_date(line) and rx.search(line + head[i + 1]):
            return line + head[i + 1]
    return None


def _alt_titles(title: Optional[str], text: str) -> list[str]:
    if not title or not re.search(r"印发|转发|Issuing|Issuance|Printing and Distributing|Forwarding", title, re.I):
        return []
    out = []
    for m in re.finditer(r"《([^》]{4,120})》|[\"“]([^\"”]{4,200})[\"”]", title):
        t = m.group(1) or m.group(2)
        if t not in out:
            out.append(t)
    return out


def _signature(lines: list[str]) -> tuple[list[str], Optional[date]]:
    """The first issuer-over-date signature: short name line(s) directly above a date line
    (``lines`` stripped)."""
    for i, line in enumerate(lines):
        if i == 0 or len(line) > 40:
            continue  # (parse_date's own test, before the call: most lines are paragraphs)
        d = parse_date(line)
        if not d:
            continue
        names: list[str] = []
        j = i - 1
        while j >= 0 and len(names) < 4:
            prev = lines[j].strip()
            if not (1 < len(prev) <= 60) or re.search(r"[。；;:：.，,]$|[:：]", prev) or parse_date(prev) \
                    or PUBLISHED.search(prev) or (names and len(prev) > 30) or not _org_like(prev):
                break
            names.insert(0, prev)
            j -= 1
        if names:
            issuers = [p for n in names for p in re.split(r"\s{2,}|\u3000+|(?<=[厅局部委署办院府会])\s(?=\S)", n) if p]
            return issuers, d
    return [], None


def _org_like(line: str) -> bool:
    """A signature line names a body: it ends like one (…办公厅, …局) or holds an English head noun."""
    from ..extract.attributions import grammar

    g = grammar()
    parts = [p for p in re.split(r"\s{2,}|\u3000+|\s", line) if p]
    return any(g["zh"]["_suffix"].search(p) for p in parts) or bool(g["en"]["_head"].search(line))


def extract_metadata(text: str, language: str, hints: Optional[dict] = None) -> Metadata:
    hints = hints or {}
    lines = [x.strip() for x in text.split("\n")]
    md = Metadata()
    md.title = hints.get("title") or _title(lines, language)
    md.alt_titles = _alt_titles(md.title, text)
    m = next(_DOC_NUMBER_SCAN.finditer(text[:3000]), None) or DOC_NUMBER.search(md.title or "")
    md.doc_number = hints.get("doc_number") or (m.group(0) if m else None)
    issuers, issued = _signature(lines)
    md.issuer = hints.get("issuer") or issuers
    hd = parse_date(hints["issued_on"]) if hints.get("issued_on") else None
    md.issued_on = (hd or issued).isoformat() if (hd or issued) else None
    pub = parse_date(hints["published_on"]) if hints.get("published_on") else None
    if pub is None:
        for i, line in enumerate(lines[:40]):
            # a label line, not a paragraph, and every label ends with a colon
            pm = PUBLISHED.search(line) if len(line) < 150 and (":" in line or "：" in line) else None
            if pm:
                cand = pm.group(1) if pm.group(1) else (lines[i + 1] if i + 1 < len(lines) else "")
                pub = parse_date(cand.split()[0] if cand.split() else "")
                if pub:
                    break
    md.published_on = pub.isoformat() if pub else None
    md.addressees = hints.get("addressees") or _addressees(lines, language)
    return md


def _addressees(lines: list[str], language: str) -> list[str]:
    for line in lines[:25]:
        if not re.search(r"[:：]$", line) or len(line) > 600 or len(line) < 4:
            continue
        if PUBLISHED.search(line) or re.match(r"^(?:Attachment|附件)", line):
            continue
        if language == "zh" and re.search(r"各|人民政府|部门|单位|机构|委员会|局", line):
            return [p.strip() for p in re.split(r"[，；]", line.rstrip("：:")) if p.strip()]
        if language == "en" and re.search(r"\b(?:all|offices?|departments?|governments?|units)\b", line, re.I):
            return [p.strip() for p in re.split(r";", line.rstrip(":：")) if p.strip()]
    return []
