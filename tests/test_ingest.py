"""Formats: HTML pages (encodings, main content, meta), PDFs (pages, furniture, CJK lines),
DOCX (Word numbering) — and the same notice in every format gives the same parse."""

from __future__ import annotations

import io
import zipfile

import pytest
from builders import to_docx, to_html, to_pdf
from conftest import CORPUS

import policyparse
from policyparse.evaluation.score import norm
from policyparse.ingest import read, sniff_format
from policyparse.ingest.html import read_html

NOTICES = [
    CORPUS / "zh" / "pilot-notice-zh.txt",
    CORPUS / "zh" / "business-plan-zh.txt",
    CORPUS / "en" / "trade-opinions-en.txt",
    CORPUS / "en" / "data-plan-en.txt",
]


def signature(doc):
    return {
        "sections": [(s.level, s.label, norm(s.title)) for s in doc.iter_sections()],
        "tasks": [norm(t.text) for t in doc.tasks],
        "units": [[(r.unit_id, r.role) for r in t.responsible] for t in doc.tasks],
        "targets": [(t.value, t.unit, t.comparator) for t in doc.targets],
        "deadlines": [d.date for d in doc.deadlines],
    }


@pytest.mark.parametrize("path", NOTICES, ids=lambda p: p.name)
@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_same_notice_in_every_format_gives_the_same_parse(path, fmt):
    text = path.read_text("utf-8")
    base = policyparse.parse(path)
    zh = "/zh/" in str(path)
    md = base.metadata
    data = {
        "html": lambda: to_html(
            text,
            title=md.title or "",
            issuer="".join(md.issuer),
            issued=md.issued_on or "",
            pub="2023-04-01",
            docno=md.doc_number or "",
        ),
        "pdf": lambda: to_pdf(
            text, header="内部资料 注意保存" if zh else "For internal use", cjk=zh
        ),
        "docx": lambda: to_docx(text),
    }[fmt]()
    doc = policyparse.parse(data, name=f"{path.stem}.{fmt}")
    assert doc.source.format == fmt
    assert signature(doc) == signature(base)
    assert doc.metadata.issued_on == md.issued_on
    if fmt == "pdf":
        assert doc.tasks and all(t.span.page for t in doc.tasks)
        assert "For internal use" not in doc.text and "— 2 —" not in doc.text


def test_gbk_page_with_meta_charset_and_gov_header_table():
    text = (CORPUS / "zh" / "pilot-notice-zh.txt").read_text("utf-8")
    data = to_html(
        text,
        title="关于开展专利转化运用试点工作的通知",
        issuer="国家知识产权局办公室",
        issued="2023年03月23日",
        pub="2023-03-29",
        docno="国知办发运字〔2023〕12号",
        charset="gbk",
    )
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    doc = policyparse.parse(data, name="page.html")
    assert doc.metadata.published_on == "2023-03-29" and doc.metadata.issued_on == "2023-03-23"
    assert (
        doc.metadata.issuer == ["国家知识产权局办公室"]
        and doc.metadata.doc_number == "国知办发运字〔2023〕12号"
    )
    # navigation, share widget, related links and footer are not the notice
    for noise in ("分享到", "相关新闻", "另一则通知", "网站标识码", "当前位置"):
        assert noise not in doc.text
    assert len(doc.tasks) == 6


def test_html_main_content_without_known_container_and_attachments():
    page = """<html><head><meta charset="utf-8"><title>t</title></head><body>
    <nav><a href="/">首页</a><a href="/b">新闻</a><a href="/c">政策</a></nav>
    <div class="side"><a href="/x">链接一</a><a href="/y">链接二</a></div>
    <div class="main"><h1>关于加强管理的通知</h1><p>一、总体要求</p>
    <p>各地要加强管理，确保覆盖率达到95%以上。（商务部负责）</p>
    <p>附件：<a href="/files/plan.pdf">实施方案.pdf</a> <a
    href="/files/table.docx">任务表.docx</a></p></div>
    <footer>版权所有 示例</footer></body></html>"""
    blocks, hints, _ = read_html(page.encode("utf-8"), "x.html")
    text = "\n".join(b.text for b in blocks)
    assert "链接一" not in text and "一、总体要求" in text
    assert hints["attachments"] == ["/files/plan.pdf", "/files/table.docx"]
    doc = policyparse.parse(page.encode("utf-8"), name="x.html")
    assert doc.tasks[0].responsible[0].unit_id == "mofcom" and doc.targets[0].value == 95


def test_real_govcn_page(shared):
    doc = policyparse.parse(shared / "corpus" / "zh" / "govcn" / "govcn-05.html")
    assert (
        doc.metadata.doc_number == "国发〔2019〕3号" and doc.metadata.published_on == "2019-01-25"
    )
    assert "扫一扫在手机打开当前页" not in doc.text
    assert doc.text.splitlines()[0] == "国务院关于促进综合保税区"


def test_docx_word_automatic_numbering_is_restored():
    text = (
        "关于开展工作的通知\n一、重点任务\n1.建立机制。推进数据共享。（商务部负责）\n2.完善标准。"
        "制定标准10项以上。（财政部负责）"
    )
    doc = policyparse.parse(to_docx(text, numbered=True), name="n.docx")
    assert [s.label for s in doc.iter_sections()] == ["一", "1", "2"]
    assert [t.text for t in doc.tasks] == ["推进数据共享。", "制定标准10项以上。"]


def test_docx_zip_bomb_and_non_zip_are_refused(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(
            "word/document.xml", b"<w:document>" + b" " * (80 * 1024 * 1024) + b"</w:document>"
        )
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(buf.getvalue())
    assert bomb.stat().st_size < 1_000_000
    with pytest.raises(policyparse.LimitExceeded, match="zip bomb"):
        policyparse.parse(bomb)
    fake = tmp_path / "fake.docx"
    fake.write_bytes(b"this is not a zip file at all")
    with pytest.raises(policyparse.IngestError, match="not"):
        policyparse.parse(fake, format="docx")


def _declare_size(archive: bytes, name: str, size: int) -> bytes:
    """The archive with ``name``'s uncompressed size rewritten, in its local header and its
    central directory entry (what a hostile archive does to pass a size check)."""
    import struct

    raw = bytearray(archive)
    info = zipfile.ZipFile(io.BytesIO(archive)).getinfo(name)
    struct.pack_into("<I", raw, info.header_offset + 22, size)
    pos = raw.find(b"PK\x01\x02")
    while pos != -1:
        n = struct.unpack_from("<H", raw, pos + 28)[0]
        if bytes(raw[pos + 46 : pos + 46 + n]) == name.encode():
            struct.pack_into("<I", raw, pos + 24, size)
        pos = raw.find(b"PK\x01\x02", pos + 4)
    return bytes(raw)


def test_docx_part_that_inflates_past_its_declared_size_is_refused_in_bounded_memory(tmp_path):
    """A part that declares 5,000 bytes and inflates to 40 MB passes every declared-size check;
    the reader would inflate it whole. It is refused, naming the part, and never held."""
    import tracemalloc

    src = zipfile.ZipFile(io.BytesIO(to_docx("一、总体要求\n加强管理。")))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                at = data.index(b"<w:body>") + len(b"<w:body>")
                data = data[:at] + b" " * (40 * 1024 * 1024) + data[at:]
            z.writestr(info.filename, data)
    hostile = tmp_path / "under.docx"
    hostile.write_bytes(_declare_size(buf.getvalue(), "word/document.xml", 5000))
    tracemalloc.start()
    try:
        with pytest.raises(policyparse.IngestError, match="word/document.xml.*checksum fails"):
            policyparse.parse(hostile)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 12 * 1024 * 1024, peak  # chunks of 1 MB, not the 40 MB part


def test_docx_part_in_a_compression_word_does_not_write_is_refused(tmp_path):
    src = zipfile.ZipFile(io.BytesIO(to_docx("一、总体要求\n加强管理。")))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for info in src.infolist():
            method = zipfile.ZIP_BZIP2 if info.filename == "word/document.xml" else None
            z.writestr(info.filename, src.read(info.filename), compress_type=method)
    with pytest.raises(policyparse.IngestError, match="document.xml uses compression method 12"):
        policyparse.parse(buf.getvalue(), name="bz.docx")
    # the archive as Word writes it still parses
    assert policyparse.parse(to_docx("一、总体要求\n加强管理。"), name="ok.docx").sections


def _one_page_pdf(content: bytes, image: bytes = b"") -> bytes:
    """A PDF whose one page's content stream is ``content``, flate-compressed (and, given
    ``image``, an RGB image XObject of those bytes, flate-compressed too)."""
    import zlib

    comp = zlib.compress(content, 9)
    pix = zlib.compress(image, 9)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(comp) + comp + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height 1 /ColorSpace /DeviceRGB "
        b"/BitsPerComponent 8 /Length %d /Filter /FlateDecode >>\nstream\n"
        % (max(1, len(image) // 3), len(pix))
        + pix
        + b"\nendstream",
    ]
    return _write_pdf(dict(enumerate(objs, 1)))


def _write_pdf(objs: dict[int, bytes]) -> bytes:
    """A PDF file of the objects numbered 1..n (object 1 the catalog), with its xref table."""
    out, offsets = bytearray(b"%PDF-1.4\n"), {}
    for i in sorted(objs):
        offsets[i] = len(out)
        out += b"%d 0 obj\n" % i + objs[i] + b"\nendobj\n"
    xref, n = len(out), max(objs) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % n
    out += b"".join(b"%010d 00000 n \n" % offsets[i] for i in range(1, n))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (n, xref)
    return bytes(out)


def test_pdf_flate_bomb_is_refused_before_pdfminer_inflates_it():
    """A 100 KB PDF whose content stream inflates to 100 MB: pdfminer would hold it whole (and
    the layout built from it). Refused by the limit, in chunks of 1 MB of memory."""
    import tracemalloc

    text = b"BT /F1 12 Tf 72 712 Td (Increase the rate to 95%) Tj ET\n"
    bomb = _one_page_pdf(text + b" " * (100 * 1024 * 1024))
    assert len(bomb) < 200_000
    tracemalloc.start()
    try:
        with pytest.raises(policyparse.LimitExceeded, match="flate bomb: the stream at byte"):
            policyparse.parse(bomb, name="bomb.pdf")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024, peak
    # under the limit the same shape of file is read, and the limit is the user's to raise
    doc = policyparse.parse(_one_page_pdf(text + b" " * 1000), name="ok.pdf")
    assert "Increase the rate to 95%" in doc.text
    with pytest.raises(policyparse.LimitExceeded):
        policyparse.parse(
            _one_page_pdf(text + b" " * 1000), name="ok.pdf", limits={"max_pdf_stream_bytes": 500}
        )
    # an image is not counted: text extraction never inflates it (a scan's pages are large)
    scan = _one_page_pdf(text + b"q 100 0 0 100 0 0 cm /Im1 Do Q", image=b"\x80" * 300_000)
    doc = policyparse.parse(scan, name="scan.pdf", limits={"max_pdf_stream_bytes": 100_000})
    assert "Increase the rate to 95%" in doc.text


def _dense_pdf(pages: int, per_page: int) -> bytes:
    """``pages`` pages sharing one content stream of ``per_page`` short strings of text."""
    import zlib

    ops = b"BT /F1 4 Tf " + b"".join(
        b"1 0 0 1 %d %d Tm (abcdefghij) Tj " % (10 + (i % 40) * 14, 10 + (i // 40) % 190 * 4)
        for i in range(per_page)
    )
    comp = zlib.compress(ops + b"ET", 9)
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(comp) + comp + b"\nendstream",
        4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    kids = list(range(5, 5 + pages))
    for k in kids:
        objs[k] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
            b"/Resources << /Font << /F1 4 0 R >> >> >>"
        )
    objs[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        pages,
    )
    return _write_pdf(objs)


@pytest.mark.slow
def test_pdf_pages_are_let_go_once_read():
    """pdfplumber caches every page's characters while the file is open: a dense 500-page PDF
    held 3.2 GB by its 60th second. Each page is closed once read, so memory is one page's."""
    import tracemalloc

    data = _dense_pdf(6, 300)
    policyparse.parse(data, name="warm.pdf")  # (imports and caches outside the measure)
    tracemalloc.start()
    try:
        doc = policyparse.parse(data, name="dense.pdf")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert doc.text.count("j") >= 6 * 240  # every page was read (less the edge lines)
    assert peak < 25_000_000, peak  # (the six pages cached: ~45 MB)


# (the dropped raise is what is tested: pytest reports it as a warning)
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_the_time_limit_stops_a_pdf_and_is_not_taken_for_a_corrupt_page():
    """A page's errors become "corrupt PDF page", but the time limit, raised in the middle of
    pdfminer, must reach its owner as what it is."""
    from policyparse.limits import TimeUp, time_limit

    with pytest.raises(TimeUp):
        with time_limit(0.5):
            policyparse.parse(_dense_pdf(200, 300), name="slow.pdf")


def test_encrypted_and_corrupt_and_scanned_pdfs(tmp_path):
    from reportlab.lib import pdfencrypt
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    enc = io.BytesIO()
    c = canvas.Canvas(enc, pagesize=A4, encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0))
    c.drawString(72, 700, "secret notice")
    c.save()
    with pytest.raises(policyparse.IngestError, match="encrypted"):
        policyparse.parse(enc.getvalue(), name="locked.pdf")

    good = to_pdf("Notice of X\n1. Tasks\nDo it.", cjk=False)
    with pytest.raises(policyparse.IngestError, match="PDF"):
        policyparse.parse(good[: len(good) // 3], name="cut.pdf")

    scan = io.BytesIO()
    c = canvas.Canvas(scan, pagesize=A4)
    c.rect(100, 100, 300, 300, fill=1)  # an image-only page: no text layer
    c.save()
    doc = policyparse.parse(scan.getvalue(), name="scan.pdf")
    assert doc.tasks == [] and any("scanned" in w.message for w in doc.warnings)


def test_pdf_letter_spaced_cjk_heading_gets_no_spaces(shared):
    doc = policyparse.parse(shared / "corpus" / "zh" / "pdf" / "govdoc-cn-397.pdf")
    assert "税务总局办公厅" in doc.text and "2019年8月20日" in doc.text


@pytest.mark.parametrize(
    "data,name,fmt",
    [
        (b"%PDF-1.7\n...", None, "pdf"),
        (b"PK\x03\x04...", None, "docx"),
        (b"<!DOCTYPE html><html>", None, "html"),
        (b"plain words", "a.txt", "text"),
        (b"plain words", "a.htm", "html"),
        (b"\xd0\xcf\x11\xe0rest", "a.doc", "doc"),
    ],
)
def test_sniff_format(data, name, fmt):
    assert sniff_format(data, name) == fmt


@pytest.mark.parametrize("enc", ["utf-8", "utf-8-sig", "utf-16", "gb18030", "big5"])
def test_text_encodings(enc):
    text = (
        "一、總體要求\n（一）加強領導。各地要加強組織領導。（商務部負責）"
        if enc == "big5"
        else "一、总体要求\n（一）加强领导。各地要加强组织领导。（商务部负责）"
    )
    doc = policyparse.parse(text.encode(enc), name="t.txt")
    assert doc.language == "zh" and doc.text.startswith("一、")
    assert len(doc.tasks) == 1


def test_old_word_doc_is_refused_with_advice():
    with pytest.raises(policyparse.IngestError, match="convert"):
        read(b"\xd0\xcf\x11\xe0" + b"\x00" * 600, name="old.doc")


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html", "tsv", "md"])
def test_task_tables_become_tasks_with_units_and_deadlines(fmt):
    """The same task table in a PDF, a DOCX, an HTML page and plain text (tab-parted cells, a
    Markdown table) gives the same tasks, units with their roles, and deadlines."""
    from builders import table_docx, table_html, table_pdf, table_text

    data = {
        "pdf": table_pdf,
        "docx": table_docx,
        "html": table_html,
        "tsv": table_text,
        "md": lambda: table_text(markdown=True),
    }[fmt]()
    name = f"table.{fmt}" if fmt in ("pdf", "docx", "html") else "table.txt"
    doc = policyparse.parse(data, name=name)
    assert [t.text for t in doc.tasks] == [
        "建立跨部门数据共享机制，数据接入率达到95%以上",
        "完善标准体系，制定相关标准10项以上",
        "开展专项督查",
    ]
    assert [[(r.unit_id, r.role) for r in t.responsible] for t in doc.tasks] == [
        [("samr", "responsible"), ("ndrc", "responsible")],
        [("sac", "responsible")],
        [("samr", "lead"), ("mps", "support")],
    ]
    assert [[d.date for d in t.deadlines] for t in doc.tasks] == [
        ["2024-06-30"],
        ["2024-12-31"],
        ["2024-11-30"],
    ]
    assert [x.value for x in doc.tasks[0].targets] == [95]
    assert doc.metadata.issuer == ["市场监管总局办公厅"] and doc.metadata.issued_on == "2024-01-15"
    if fmt == "pdf":
        assert all(t.span.page == 1 for t in doc.tasks)
    # the cells as written: no label is made up, and every span quotes the source's own words
    assert (
        "责任单位：" not in doc.text
        and "牵头单位：" not in doc.text
        and "完成时限：" not in doc.text
    )
    assert [t.attribution for t in doc.tasks] == [
        "市场监管总局、国家发展改革委",
        "国家标准委",
        "市场监管总局牵头，公安部配合",
    ]
    for t in doc.tasks:
        assert doc.quote(t.attribution_span) == t.attribution
        assert all(doc.quote(r.span) == r.text for r in t.responsible)
        assert all(doc.quote(d.span) == d.text for d in t.deadlines)


def test_a_table_that_is_not_a_task_table_is_left_as_text():
    from builders import table_docx

    rows = [["项目", "2022年", "2023年"], ["专利审查周期", "16.5个月", "16个月"]]
    doc = policyparse.parse(table_docx(rows), name="t.docx")
    assert doc.tasks == [] and "专利审查周期 16.5个月 16个月" in doc.text


def test_an_indicator_table_of_past_years_sets_no_goal():
    """指标 | 2022年 | 2023年 in a notice of 2024: figures of the past, no target; its cells stay
    in the text, each its own line."""
    from builders import table_docx

    rows = [["指标", "2022年", "2023年"], ["专利审查周期", "16.5个月", "16个月"]]
    doc = policyparse.parse(table_docx(rows), name="t.docx")
    assert doc.metadata.issued_on == "2024-01-15"
    assert doc.tasks == [] and doc.targets == []
    assert "专利审查周期\n16.5个月\n16个月" in doc.text


CITY_TABLE = [
    ["序号", "工作事项", "主要内容", "牵头单位", "配合单位", "完成时限"],
    [
        "1",
        "压缩企业开办时间",
        "企业开办时间压减至1个工作日以内",
        "市场监管总局",
        "公安部、税务总局",
        "2024年6月底前",
    ],
    [
        "2",
        "推行一网通办",
        "政务服务事项网上可办率达到98%以上",
        "国家发展改革委",
        "财政部",
        "2024年12月底前",
    ],
    [
        "3",
        "优化审批",
        "工程建设项目审批时间控制在60个工作日以内",
        "住房城乡建设部",
        "自然资源部",
        "持续推进",
    ],
]


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_a_city_task_table_reads_the_same_in_every_format(fmt):
    """#28: a 任务分工表 whose columns are named by words (工作事项 | 主要内容 | 牵头单位 | 配合单位
    | 完成时限): one task per row, its text the row's own content, lead and support units from
    their columns, the deadline from the 时限 column; HTML, DOCX and PDF give the same."""
    from builders import table_docx, table_html, table_pdf

    data = {"pdf": table_pdf, "docx": table_docx, "html": table_html}[fmt](CITY_TABLE)
    doc = policyparse.parse(data, name=f"city.{fmt}")
    assert [t.text for t in doc.tasks] == [r[2] for r in CITY_TABLE[1:]]
    assert [[(r.unit_id, r.role) for r in t.responsible] for t in doc.tasks] == [
        [("samr", "lead"), ("mps", "support"), ("sta", "support")],
        [("ndrc", "lead"), ("mof", "support")],
        [("mohurd", "lead"), ("mnr", "support")],
    ]
    assert [[d.date for d in t.deadlines] for t in doc.tasks] == [
        ["2024-06-30"],
        ["2024-12-31"],
        [],
    ]
    assert [[(x.comparator, x.value) for x in t.targets] for t in doc.tasks] == [
        [("<=", 1)],
        [(">=", 98)],
        [("<=", 60)],
    ]


def test_a_task_table_that_repeats_the_plans_items_gives_each_task_and_goal_once():
    """#28: the plan's items and the attached table's rows say the same thing: one task per
    row with the table's units, and each goal once, at its first statement, dated by its row."""
    from builders import table_html

    intro = (
        "<p>一、重点任务</p><p>（一）压缩企业开办时间。企业开办时间压减至1个工作日以内。</p>"
        "<p>（二）推行一网通办。政务服务事项网上可办率达到98%以上。</p>"
    )
    page = table_html(CITY_TABLE[:3]).decode("utf-8").replace("<table>", intro + "<table>", 1)
    doc = policyparse.parse(page.encode("utf-8"), name="repeat.html")
    assert [t.text for t in doc.tasks] == [CITY_TABLE[1][2], CITY_TABLE[2][2]]
    assert [(t.text, t.year) for t in doc.targets] == [
        ("压减至1个工作日以内", 2024),
        ("达到98%以上", 2024),
    ]


def test_a_text_grid_that_is_no_task_table_stays_lines():
    """Tab-parted lines and "|" rows whose header names no task and no units (a statistics
    grid, a Markdown table of figures) are read as the lines they are (tabs cleaned to spaces)."""
    text = (
        "各地区招生计划\n省份\t1995年\t1996年\n江苏\t100\t120\n上海\t105\t135\n"
        "| 项目 | 数量 |\n|---|---|\n| 基站 | 300 |\n"
    )
    doc = policyparse.parse_text(text)
    assert doc.text.split("\n") == [
        "各地区招生计划",
        "省份 1995年 1996年",
        "江苏 100 120",
        "上海 105 135",
        "| 项目 | 数量 |",
        "|---|---|",
        "| 基站 | 300 |",
    ]
    assert not doc.tasks


@pytest.mark.parametrize("markdown", [False, True])
def test_a_task_table_grid_with_rows_of_one_length_is_not_taken_for_wrapped_text(markdown):
    """A grid whose rows are padded to one length (an aligned Markdown table, a tab grid) looks
    like hard-wrapped text by its line lengths; its rows are a table's, never rejoined."""
    rows = [["序号", "重点任务", "责任单位", "完成时限"]] + [
        [str(i), f"开展专项督查工作第{i}项", "市场监管总局", "2024年11月底前"] for i in range(1, 10)
    ]
    widths = [max(len(r[k]) for r in rows) for k in range(4)]
    padded = [[r[k].ljust(widths[k], "\u3000") for k in range(4)] for r in rows]
    if markdown:
        lines = ["| " + " | ".join(r) + " |" for r in padded]
        lines.insert(1, "|---|---|---|---|")
    else:
        lines = ["\t".join(r) for r in padded]
    doc = policyparse.parse_text("关于印发方案的通知\n" + "\n".join(lines))
    assert [t.text.strip("\u3000") for t in doc.tasks] == [
        f"开展专项督查工作第{i}项" for i in range(1, 10)
    ]
    assert all([r.unit_id for r in t.responsible] == ["samr"] for t in doc.tasks)


INDICATOR_TABLE = [
    ["序号", "指标", "单位", "2022年", "2025年目标", "属性"],
    ["1", "数字经济核心产业增加值占地区生产总值比重", "%", "7.5", "10", "预期性"],
    ["2", "5G基站数量", "万个", "1.2", "1.5", "预期性"],
    ["3", "千兆光网覆盖率", "%", "80", "≥95%", "约束性"],
    ["4", "数据要素市场建设", "—", "—", "持续提升", "预期性"],
]


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html", "tsv", "md"])
def test_an_indicator_table_gives_one_target_per_row_in_every_format(fmt):
    """#28: a 主要指标表 (指标 | 单位 | 2022年 | 2025年目标): each row with a figure is a target,
    its metric the indicator, a bare figure `=` with the unit column's unit, a figure with its
    own words read by the target grammar, due in the target column's year; the base year's
    column (2022年) holds no target, and a row with no figure gives none."""
    from builders import table_docx, table_html, table_pdf, table_text

    data = {
        "pdf": table_pdf,
        "docx": table_docx,
        "html": table_html,
        "tsv": table_text,
        "md": lambda rows: table_text(rows, markdown=True),
    }[fmt](INDICATOR_TABLE)
    name = f"plan.{fmt}" if fmt in ("pdf", "docx", "html") else "plan.txt"
    doc = policyparse.parse(data, name=name)
    got = [(t.metric, t.comparator, t.value, t.unit, t.year) for t in doc.targets]
    assert got == [
        ("数字经济核心产业增加值占地区生产总值比重", "=", 10, "%", 2025),
        ("5G基站数量", "=", 1.5, "万个", 2025),
        ("千兆光网覆盖率", ">=", 95, "%", 2025),
    ]
    assert [doc.quote(t.span) for t in doc.targets] == ["10", "1.5", "≥95%"]


def test_a_goal_the_text_states_and_the_indicator_table_repeats_is_one_target():
    """ANNOTATION: a goal restated later is one target, at its first statement."""
    rows = "\n".join("\t".join(r) for r in INDICATOR_TABLE[:3])
    text = (
        "某市数字经济发展行动计划\n一、发展目标\n到2025年，5G基站数量达到1.5万个。\n"
        f"附件：主要指标\n{rows}\n"
    )
    doc = policyparse.parse_text(text)
    assert [(t.metric, t.value, t.unit, t.year, doc.quote(t.span)) for t in doc.targets] == [
        ("5G基站数量", 1.5, "万个", 2025, "达到1.5万个"),
        ("数字经济核心产业增加值占地区生产总值比重", 10, "%", 2025, "10"),
    ]


OLD_PAGE = """<html><head><meta charset="utf-8"><title>{page_title}</title></head><body>
<table><tr><td><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></td></tr></table>
<table class="main">
<tr><td class="{title_class}" align="center">
<b>某市人民政府办公室关于印发2023年工作要点的通知</b></td></tr>
<tr><td align="center">发布时间：2023-03-10　来源：市政府办公室　【字体：大 中 小】</td></tr>
<tr><td class="content">某政办〔2023〕5号<br>各县（市、区）人民政府，市政府各部门：<br>
　　现将《2023年工作要点》印发给你们，请认真贯彻落实，确保各项工作任务按期完成。<br>
　　一、提升政务服务水平<br>
　　（一）推进一网通办。政务服务事项网上可办率达到98%以上。（市数据资源局负责）<br>
　　（二）压缩审批时间。工程建设项目审批时间压缩至80个工作日以内。（市住房城乡建设局负责）<br>
　　某市人民政府办公室<br>　　2023年3月8日<br></td></tr>
</table></body></html>"""


@pytest.mark.parametrize(
    "page_title, title_class",
    [
        ("某市人民政府门户网站", "title"),  # the title in a cell of its own, classed as one
        ("某市人民政府办公室关于印发2023年工作要点的通知_某市人民政府", "head"),  # only <title>
    ],
)
def test_an_old_table_layout_page_keeps_the_title_and_date_it_sets_above_the_body(
    page_title, title_class
):
    """An old site sets the title and the publication date in cells of their own above the
    body cell the reader takes: the title is the one the page shows (its <title> less the
    site's name, when no cell is classed as the title), the date the one above the body."""
    page = OLD_PAGE.format(page_title=page_title, title_class=title_class)
    doc = policyparse.parse(page.encode("utf-8"), name="old.html")
    md = doc.metadata
    assert md.title == "某市人民政府办公室关于印发2023年工作要点的通知"
    assert (md.doc_number, md.issued_on, md.published_on) == (
        "某政办〔2023〕5号",
        "2023-03-08",
        "2023-03-10",
    )
    assert len(doc.tasks) == 2
