"""Regenerate the hostile test files (python tests/hostile/make_hostile.py). Each file is named
after the problem it carries; expect.json says what policyparse must do with it."""

from __future__ import annotations

import io
import json
import random
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

NOTICE = (
    "关于加强管理的通知\n一、重点任务\n（一）加强领导。各地要加强组织领导，确保覆盖率达到95%以上。"
    "（商务部负责）\n二、保障措施\n2023年12月31日前报送。\n"
)
TRAD = (
    "關於加強管理的通知\n一、重點任務\n（一）加強領導。各地要加強組織領導，確保覆蓋率達到95%以上。"
    "（商務部負責）\n"
)
EN = (
    "Notice on Management\n1. Tasks\n(1) Strengthen leadership. Coverage should reach at least "
    "95%. (The Ministry of Commerce is responsible)\n"
)


def files() -> dict[str, tuple[bytes, dict]]:
    from builders import to_docx, to_pdf

    rnd = random.Random(7)
    out: dict[str, tuple[bytes, dict]] = {}

    def add(name, data, expect="ok", match=None, warning=None):
        out[name] = (
            data,
            {
                "expect": expect,
                **({"match": match} if match else {}),
                **({"warning": warning} if warning else {}),
            },
        )

    add("empty.txt", b"", "error", "empty")
    add("whitespace-only.txt", b"  \n\n\t \r\n", "error", "empty")
    add("random-bytes.bin", bytes(rnd.randrange(256) for _ in range(4096)), "error", "binary")
    add(
        "nul-bytes-in-text.txt",
        NOTICE.encode()[:60] + b"\x00" * 64 + NOTICE.encode()[60:],
        "error",
        "binary",
    )
    add("utf16le-bom.txt", NOTICE.encode("utf-16"))
    add("utf16le-no-bom.txt", NOTICE.encode("utf-16-le"))
    add("utf8-bom.txt", NOTICE.encode("utf-8-sig"))
    add("gb18030.txt", NOTICE.encode("gb18030"))
    add("big5-traditional.txt", TRAD.encode("big5"))
    add(
        "mojibake-utf8-as-latin1.txt",
        NOTICE.encode("utf-8").decode("latin-1").encode("utf-8"),
        "ok",
        warning="mojibake",
    )
    add(
        "full-width-digits.txt",
        "一、任务\n（１）加强监管。覆盖率达到９５％以上，２０２４年底前完成。（商务部负责）\n".encode(),
    )
    add(
        "deep-nesting.html",
        b"<html><body>" + b"<div>" * 5000 + b"text" + b"</div>" * 5000 + b"</body></html>",
        "error",
        "nesting",
    )
    add("no-body.html", b"<html><head><title>x</title></head></html>", "error", "no readable body")
    add(
        "script-only.html",
        b"<html><body><script>document.write('<p>x</p>')</script><style>p{}</style></body></html>",
        "error",
        "no readable body",
    )
    add(
        "malformed.html",
        (
            "<html><body><div><p>关于加强管理的通知<p>一、重点任务<div><p>（一）加强领导。各地要加强组织领导&amp确保覆盖率达到95%以上。"
            "（商务部负责）<table><tr><td>unclosed</div></span></body>"
        ).encode(),
    )
    add(
        "wrong-declared-charset.html",
        b"<html><head><meta charset='utf-8'></head><body><p>"
        + NOTICE.replace("\n", "</p><p>").encode("gb18030")
        + b"</p></body></html>",
    )
    add(
        "charset-meta-after-padding.html",
        b"<html><head><!--"
        + b" " * 3000
        + b"--><meta charset='gbk'></head><body><p>"
        + NOTICE.replace("\n", "</p><p>").encode("gbk")
        + b"</p></body></html>",
    )
    add(
        "entities-only.html",
        (
            "<html><body><p>"
            + "".join(f"&#x{ord(c):x};" for c in NOTICE.replace("\n", "</p><p>"))
            + "</p></body></html>"
        )
        .replace("&#x3c;&#x2f;&#x70;&#x3e;&#x3c;&#x70;&#x3e;", "</p><p>")
        .encode(),
    )
    add(
        "svg-and-iframes.html",
        (
            "<html><body><svg><text>图</text></svg><iframe src='x'></iframe><div id='zoom'>"
            + NOTICE.replace("\n", "<br>")
            + "</div></body></html>"
        ).encode(),
    )
    pdf = to_pdf(NOTICE, cjk=True)
    add("truncated.pdf", pdf[: len(pdf) // 2], "error", "PDF")
    add("header-only.pdf", b"%PDF-1.7\n", "error", "PDF")
    add(
        "bytes-flipped.pdf",
        bytes(b ^ 0xFF if 200 < i < 900 else b for i, b in enumerate(pdf)),
        "ok",
        warning="garbled_text",
    )
    add("text-named-pdf.pdf", NOTICE.encode())
    docx = to_docx(NOTICE)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "word/document.xml", b"<w:document>" + b"A" * (70 * 1024 * 1024) + b"</w:document>"
        )
    add("zip-bomb.docx", buf.getvalue(), "error", "zip bomb")
    add("not-a-zip.docx", b"PK\x03\x04" + b"junk" * 100, "error", "not a zip")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "no word document here")
    add("zip-without-document.docx", buf.getvalue(), "error", "no word/document.xml")
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(buf, "w") as z:
        for info in src.infolist():
            z.writestr(
                info,
                b"<w:document><<not xml"
                if info.filename == "word/document.xml"
                else src.read(info),
            )
    add("corrupt-document-xml.docx", buf.getvalue(), "error", "corrupt .docx")
    add(
        "legacy-word.doc",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024,
        "error",
        "unsupported format .doc",
    )
    add("kingsoft.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x01" * 512, "error", "unsupported")
    add(
        "numbering-chaos.txt",
        "九、先出现\n一、\n3.孤立条目\n（二十）跳号\n999.不是条目\n（一）再来\n二、然后\n四、跳过三\n".encode(),
        "ok",
        warning="numbering_gap",
    )
    add(
        "attribution-without-units.txt",
        "一、任务\n推进工作。（负责）\n加强协调。（有关负责）\n落实责任。（按职责分工负责）\n".encode(),
    )
    add(
        "unbalanced-brackets.txt",
        "一、任务\n推进工作（（（商务部负责\n加强协调）））（财政部负责）\n".encode(),
    )
    add(
        "emoji-rtl-zero-width.txt",
        ("一、任务😀\n推进\u200b工作\u202e。（商务部\u200d负责）\nمرحبا 2023年底前\n").encode(),
    )
    add("control-characters.txt", ("一、任务\n推进\x1b[31m工作\x07。（商务部负责）\n").encode())
    add("only-numbers.txt", ("1 2 3 4 5 6 7 8 9 10 " * 200).encode())
    add(
        "attribution-500-units.txt",
        (
            "一、任务\n推进工作。（" + "、".join(f"第{i}部" for i in range(500)) + "负责）\n"
        ).encode(),
    )
    add(
        "english-no-structure.txt",
        ("This page has words but no numbering and no responsible units at all. " * 50).encode(),
    )
    add("mixed-languages.txt", (NOTICE + EN).encode())
    add("carriage-returns.txt", NOTICE.replace("\n", "\r").encode())
    # no sentence end and no line break: each number's context was read to the text's ends
    # (20,000 of them took 26 s; bench.py's run-on row measures the growth)
    add("run-on-targets.txt", ("提高到90%" * 10_000).encode())
    return out


def main() -> None:
    expect = {}
    for name, (data, exp) in files().items():
        (HERE / name).write_bytes(data)
        expect[name] = exp
    (HERE / "expect.json").write_text(
        json.dumps(expect, ensure_ascii=False, indent=1) + "\n", "utf-8"
    )
    print(f"{len(expect)} hostile files written")


if __name__ == "__main__":
    main()
