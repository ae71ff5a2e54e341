"""Build the same notice in other formats (a government-style HTML page, a typeset PDF, a Word
file) from its plain text, so tests can check that every format gives the same parse."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

GOV_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="{pub}">
<meta name="ContentSource" content="{issuer}"><title>{title}</title></head>
<body><div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a
href="/zc">政策</a></li></ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; 政策</div>
<table class="bd1"><tr><td><b>发文机关：</b></td><td>{issuer}</td>
<td><b>成文日期：</b></td><td>{issued}</td></tr>
<tr><td><b>标　　题：</b></td><td colspan="3">{title}</td></tr>
<tr><td><b>发文字号：</b></td><td>{docno}</td><td><b>发布日期：</b></td><td>{pub}</td></tr></table>
<div id="UCAP-CONTENT" class="pages_content">{body}</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
<div class="related"><h3>相关新闻</h3><ul><li><a href="/a.htm">另一则通知</a></li></ul></div>
<div class="footer">版权所有：示例网站 | 网站标识码 bm01000001 | 京ICP备05070218号</div>
<a href="/files/attachment.pdf">附件下载</a></body></html>"""


def to_html(
    text: str,
    *,
    title: str = "",
    issuer: str = "",
    issued: str = "",
    pub: str = "",
    docno: str = "",
    charset: str = "utf-8",
) -> bytes:
    """A page as a government site wraps a notice: nav, breadcrumb, header table, share, footer."""
    paras = "\n".join(
        f'<p style="text-indent:2em">{html.escape(line)}</p>'
        for line in text.splitlines()
        if line.strip()
    )
    page = GOV_PAGE.format(
        charset=charset,
        title=html.escape(title),
        issuer=html.escape(issuer),
        issued=issued,
        pub=pub,
        docno=html.escape(docno),
        body=paras,
    )
    return page.encode("gb18030" if charset.lower() in ("gbk", "gb2312", "gb18030") else charset)


def to_docx(text: str, numbered: bool = False) -> bytes:
    """A Word file, one paragraph per line; with ``numbered``, "1." items use Word's automatic
    numbering (List Number style) instead of typed labels."""
    import docx

    d = docx.Document()
    for line in text.splitlines():
        if not line.strip():
            continue
        m = re.match(r"^(\d+)[.．](?!\d)\s*", line)
        if numbered and m:
            d.add_paragraph(line[m.end() :], style="List Number")
        else:
            d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _wrap(line: str, width_pt: float, font: str, size: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    out, cur = [], ""
    tokens = re.findall(r"[A-Za-z0-9'’\-.,;:()%\"“”/]+\s*|\s+|.", line)
    for tok in tokens:
        if stringWidth(cur + tok, font, size) > width_pt and cur:
            out.append(cur.rstrip())
            cur = tok.lstrip()
        else:
            cur += tok
    if cur.strip():
        out.append(cur.rstrip())
    return out


def to_pdf(text: str, *, header: str = "", cjk: bool = True, lines_per_page: int = 14) -> bytes:
    """A typeset PDF: wrapped, first-line-indented paragraphs over several pages, a running
    header and a "— n —" page number on every page (which the parser must remove)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light" if cjk else "Helvetica"
    if cjk:
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    size, lead = 11, 17
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    w, h = A4
    left, right, top = 72, 72, h - 90
    page = 1
    y = top

    def furniture():
        c.setFont(font, 9)
        if header:
            c.drawString(left, h - 50, header)
        c.drawCentredString(w / 2, 40, f"— {page} —")
        c.setFont(font, size)

    furniture()
    n = 0
    for para in text.splitlines():
        if not para.strip():
            continue
        indent = 2 * size
        first = _wrap(para, w - left - right - indent, font, size)[:1]
        rest = para[len(first[0]) :].lstrip() if first else ""
        lines = first + (_wrap(rest, w - left - right, font, size) if rest else [])
        for i, ln in enumerate(lines):
            if n >= lines_per_page:
                c.showPage()
                page += 1
                furniture()
                y, n = top, 0
            c.drawString(left + (indent if i == 0 else 0), y, ln)
            y -= lead
            n += 1
    c.showPage()
    c.save()
    return buf.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


TASK_TABLE = [
    ["序号", "重点任务", "责任单位", "完成时限"],
    [
        "1",
        "建立跨部门数据共享机制，数据接入率达到95%以上",
        "市场监管总局、国家发展改革委",
        "2024年6月底前",
    ],
    ["2", "完善标准体系，制定相关标准10项以上", "国家标准委", "2024年12月底前"],
    ["3", "开展专项督查", "市场监管总局牵头，公安部配合", "每年11月底前"],
]
TABLE_INTRO = ["关于印发重点任务分工方案的通知", "附件：重点任务分工表"]
TABLE_SIGNATURE = ["市场监管总局办公厅", "2024年1月15日"]


def table_pdf(rows=TASK_TABLE) -> bytes:
    """A PDF whose tasks stand in a ruled table (序号 / 重点任务 / 责任单位 / 完成时限)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    st = ParagraphStyle("zh", fontName="STSong-Light", fontSize=10, leading=14)
    t = Table([[Paragraph(c, st) for c in r] for r in rows], colWidths=[30, 220, 130, 80])
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build(
        [
            Paragraph(TABLE_INTRO[0], st),
            Spacer(1, 12),
            Paragraph(TABLE_INTRO[1], st),
            Spacer(1, 8),
            t,
            Spacer(1, 12),
        ]
        + [Paragraph(x, st) for x in TABLE_SIGNATURE]
    )
    return buf.getvalue()


def table_docx(rows=TASK_TABLE) -> bytes:
    import docx

    d = docx.Document()
    for line in TABLE_INTRO:
        d.add_paragraph(line)
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    for i, r in enumerate(rows):
        for j, c in enumerate(r):
            t.cell(i, j).text = c
    for line in TABLE_SIGNATURE:
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def table_html(rows=TASK_TABLE) -> bytes:
    body = "".join(f"<p>{x}</p>" for x in TABLE_INTRO)
    body += (
        "<table>"
        + "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows)
        + "</table>"
    )
    body += "".join(f"<p>{x}</p>" for x in TABLE_SIGNATURE)
    page = f"<html><head><meta charset='utf-8'></head><body><div id='content'>{body}</div>"
    return (page + "</body></html>").encode("utf-8")


def table_text(rows=TASK_TABLE, markdown: bool = False) -> bytes:
    """The task table as plain text: cells parted by tabs, or a Markdown table ("| a | b |" rows
    under a rule row), between the same intro and signature lines."""
    if markdown:
        grid = ["| " + " | ".join(r) + " |" for r in rows]
        grid.insert(1, "|" + "---|" * len(rows[0]))
    else:
        grid = ["\t".join(r) for r in rows]
    return "\n".join([*TABLE_INTRO, *grid, *TABLE_SIGNATURE, ""]).encode("utf-8")
