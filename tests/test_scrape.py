"""The scraper against a real HTTP server on 127.0.0.1 (started here, nothing else contacted):
saved pages, a GBK page, a redirect loop, a slow response, an oversized body, robots.txt,
retries, attachments, the cache — and refusals tested with the socket layer disabled."""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from builders import to_html, to_pdf
from conftest import CORPUS

from policyparse.ingest.scrape import ScrapeError, ScrapeOptions, Scraper, check_url, safe_name

NOTICE = (CORPUS / "zh" / "pilot-notice-zh.txt").read_text("utf-8")
PAGE = to_html(
    NOTICE,
    title="国家知识产权局办公室关于开展专利转化运用试点工作的通知",
    issuer="国家知识产权局办公室",
    issued="2023年03月23日",
    pub="2023-03-29",
    docno="国知办发运字〔2023〕12号",
)
GBK_PAGE = to_html(NOTICE, title="通知", charset="gbk")


def _gzip(chunks) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    return b"".join([c.compress(x) for x in chunks] + [c.flush()])


# 200 MB of zeros gzipped twice: a few hundred bytes (made a megabyte at a time)
GZIP_BOMB = gzip.compress(_gzip(b"\0" * (1 << 20) for _ in range(200)), 9)
PDF = to_pdf(
    "Notice of the Ministry of Commerce on Pilots\n1. Tasks\nBuild 20 pilot zones by 2025. (The "
    "Ministry of Commerce is responsible)",
    cjk=False,
)


class Handler(BaseHTTPRequestHandler):
    hits: dict[str, int] = {}

    def log_message(self, *a):
        pass

    def _send(self, code, body=b"", ctype="text/html; charset=utf-8", headers=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        if body is not None:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_GET(self):  # noqa: N802
        Handler.hits[self.path] = Handler.hits.get(self.path, 0) + 1
        ua = self.headers.get("User-Agent", "")
        p = self.path
        if p == "/robots.txt":
            return self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if p == "/notice.html":
            assert ua.startswith("policyparse/")
            return self._send(200, PAGE)
        if p == "/gbk.html":
            return self._send(200, GBK_PAGE, "text/html; charset=gbk")
        if p == "/loop":
            return self._send(302, b"", headers=[("Location", "/loop")])
        if p == "/moved":
            return self._send(301, b"", headers=[("Location", "/notice.html")])
        if p == "/slow":
            time.sleep(1.5)
            return self._send(200, PAGE)
        if p == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()  # no length: the client must count
            try:
                for _ in range(64):
                    self.wfile.write(b"<p>" + b"x" * 65536 + b"</p>")
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if p == "/flaky":
            if Handler.hits[p] < 3:
                return self._send(503, b"busy")
            return self._send(200, PAGE)
        if p == "/private/secret.html":
            return self._send(200, PAGE)
        if p == "/with-attachment.html":
            body = (
                "<html><head><meta charset='utf-8'></head><body><div id='content'><p>Notice of the "
                "Ministry of Commerce on Pilots</p>"
                "<p>1. Tasks</p><p>See the attachment. (The Ministry of Commerce is "
                "responsible)</p>"
                "<a href='/files/plan.pdf'>plan.pdf</a></div></body></html>"
            ).encode()
            return self._send(200, body)
        if p == "/files/plan.pdf":
            return self._send(200, PDF, "application/pdf")
        if p == "/gzip-twice.html":  # 200 MB of zeros, gzipped twice: a few hundred bytes
            return self._send(200, GZIP_BOMB, headers=[("Content-Encoding", "gzip, gzip")])
        if p == "/gzip.html":
            return self._send(200, gzip.compress(PAGE), headers=[("Content-Encoding", "gzip")])
        if p == "/trickle.html":  # a byte every 0.1 s: each read is quick, the body never ends
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.1)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if p in ("/self-linking.html", "/files/loop.docx"):
            # a page whose attachment is itself a page (a .docx link that serves HTML) listing
            # itself and the PDF again: followed blindly, it recurses without end
            body = (
                "<html><head><meta charset='utf-8'></head><body><div id='content'><p>Notice of "
                "the Ministry of Commerce on Pilots</p><p>1. Tasks</p><p>See the attachments. "
                "(The Ministry of Commerce is responsible)</p>"
                "<a href='/files/loop.docx'>loop.docx</a><a href='/files/plan.pdf'>plan.pdf</a>"
                "</div></body></html>"
            ).encode()
            return self._send(200, body)
        if p == "/undefined-charset.html":
            return self._send(200, PAGE, "text/html; charset=undefined")
        if p.startswith("/clash/a.html"):  # /clash/a.html is a file, /clash/a.html/b a folder
            return self._send(200, PAGE)
        return self._send(404, b"not found")


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def scraper(tmp_path, **kw) -> Scraper:
    o = ScrapeOptions(
        out_dir=tmp_path / "out",
        allow_private=True,
        delay_s=0.0,
        retries=2,
        backoff_s=0.05,
        read_timeout_s=0.5,
        connect_timeout_s=0.5,
        max_bytes=1_000_000,
        **kw,
    )
    return Scraper(o)


def test_fetch_and_parse_saves_raw_and_json_side_by_side(server, tmp_path):
    with scraper(tmp_path) as s:
        r = s.fetch_and_parse(server + "/notice.html")
    assert r.error is None and r.status == 200
    assert r.raw_path.read_bytes() == PAGE and r.json_path.name == "notice.html.json"
    d = json.loads(r.json_path.read_text("utf-8"))
    assert d["metadata"]["doc_number"] == "国知办发运字〔2023〕12号" and len(d["tasks"]) == 6
    assert d["source"]["url"] == server + "/notice.html"


def test_gbk_page(server, tmp_path):
    with scraper(tmp_path) as s:
        r = s.fetch_and_parse(server + "/gbk.html")
    d = json.loads(r.json_path.read_text("utf-8"))
    assert r.error is None and "专利转化运用试点" in d["text"]


def test_redirects_followed_and_loops_capped(server, tmp_path):
    with scraper(tmp_path) as s:
        assert s.fetch(server + "/moved").final_url == server + "/notice.html"
        r = s.fetch(server + "/loop")
    assert r.error and "too many redirects" in r.error


@pytest.mark.slow
def test_slow_response_times_out_after_retries(server, tmp_path):
    t0 = time.monotonic()
    with scraper(tmp_path) as s:
        r = s.fetch(server + "/slow")
    assert r.error and "timed out after 3 tries" in r.error
    assert time.monotonic() - t0 < 10


def test_oversized_body_is_cut(server, tmp_path):
    with scraper(tmp_path) as s:
        r = s.fetch(server + "/big")
    assert r.error and "larger than the limit" in r.error and r.raw_path is None


def test_retry_with_backoff_then_success(server, tmp_path):
    Handler.hits.pop("/flaky", None)
    with scraper(tmp_path) as s:
        r = s.fetch(server + "/flaky")
    assert r.error is None and Handler.hits["/flaky"] == 3


def test_robots_txt_is_respected(server, tmp_path):
    with scraper(tmp_path) as s:
        r = s.fetch(server + "/private/secret.html")
    assert r.error == "disallowed by robots.txt"
    assert "/private/secret.html" not in Handler.hits


def test_cache_serves_repeat_requests(server, tmp_path):
    with scraper(tmp_path) as s:
        s.fetch(server + "/notice.html")
        n = Handler.hits["/notice.html"]
        r = s.fetch(server + "/notice.html")
    assert r.from_cache and Handler.hits["/notice.html"] == n


def test_per_host_delay(server, tmp_path):
    o = ScrapeOptions(
        out_dir=tmp_path / "o",
        allow_private=True,
        delay_s=0.4,
        use_cache=False,
        respect_robots=False,
    )
    with Scraper(o) as s:
        t0 = time.monotonic()
        s.fetch(server + "/notice.html")
        s.fetch(server + "/notice.html")
    assert time.monotonic() - t0 >= 0.4


def test_attachments_followed_on_request(server, tmp_path):
    with scraper(tmp_path, follow_attachments=True) as s:
        r = s.fetch_and_parse(server + "/with-attachment.html")
    assert r.error is None and len(r.attachments) == 1
    a = r.attachments[0]
    d = json.loads(a.json_path.read_text("utf-8"))
    assert d["source"]["format"] == "pdf" and d["targets"][0]["value"] == 20


def test_cli_lists_the_attachments_it_saved(server, tmp_path, capsys):
    from policyparse.cli import main

    url = server + "/with-attachment.html"
    rc = main(
        [
            "scrape",
            url,
            "-o",
            str(tmp_path / "o"),
            "--attachments",
            "--allow-private",
            "--delay",
            "0",
            "--ignore-robots",
        ]
    )
    lines = capsys.readouterr().out.splitlines()
    assert rc == 0 and lines[0].startswith(url + " -> ")
    assert lines[1].startswith("  attachment: " + server + "/files/plan.pdf -> ")


@pytest.fixture()
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test: refusals must happen before the socket."""

    def boom(*a, **kw):
        raise AssertionError("a network connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", boom)
    monkeypatch.setattr(socket.socket, "connect_ex", boom)
    monkeypatch.setattr(socket, "create_connection", boom)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/x",
        "http://localhost:8080/x",
        "http://10.1.2.3/",
        "http://192.168.0.10/notice",
        "http://172.16.5.4/",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/",
        "http://0.0.0.0/",
        "http://[::ffff:10.0.0.1]/",
        "http://100.64.0.1/",  # shared address space (a cloud's metadata service lives there)
        "http://100.100.100.200/latest/meta-data",
        "http://[2002:7f00:1::]/",  # 6to4 around 127.0.0.1
        "http://[2002:a9fe:a9fe::]/",  # 6to4 around 169.254.169.254
        "http://[64:ff9b::a00:1]/",  # NAT64 around 10.0.0.1
    ],
)
def test_private_and_loopback_addresses_are_refused_without_connecting(url, tmp_path, no_network):
    with pytest.raises(ScrapeError, match="non-public"):
        check_url(url)
    with Scraper(ScrapeOptions(out_dir=tmp_path / "o", delay_s=0)) as s:
        r = s.fetch(url)
    assert "non-public" in r.error


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.org/a.pdf", "data:text/html,<p>x</p>", "gopher://x/"],
)
def test_other_schemes_are_refused(url, no_network):
    with pytest.raises(ScrapeError, match="only http and https"):
        check_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://h/../../../../etc/passwd",
        "http://h/%2e%2e/%2e%2e/x.html",
        "http://h/a/..%2f..%2fb",
        "http://h//abs/path",
        "http://h/",
        "http://h/q?a=1&b=../../x",
    ],
)
def test_saved_paths_stay_inside_the_output_folder(url, tmp_path):
    out = tmp_path / "out"
    p = (out / safe_name(url)).resolve()
    assert p.is_relative_to(out.resolve()) and ".." not in safe_name(url).parts


def test_the_request_goes_to_the_address_that_was_checked(tmp_path, monkeypatch):
    """DNS rebinding: a name that answers a public address to the check and loopback to a
    second lookup. The scraper resolves once and connects to the address it checked, with the
    name in the Host header; the second answer is never asked for."""
    answers = iter(["93.184.216.34", "127.0.0.1"])

    def getaddrinfo(host, port, *a, **kw):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    seen = []

    def handler(request):
        seen.append((str(request.url), request.headers["host"]))
        return httpx.Response(
            200,
            text="<html><body><p>一、任务</p><p>推进。（商务部负责）</p></body></html>",
            headers={"content-type": "text/html; charset=utf-8"},
        )

    o = ScrapeOptions(out_dir=tmp_path / "o", delay_s=0, respect_robots=False, use_cache=False)
    with Scraper(o, transport=httpx.MockTransport(handler)) as s:
        r = s.fetch("http://rebind.example/notice.html")
    assert r.error is None
    assert seen == [("http://93.184.216.34/notice.html", "rebind.example")]


@pytest.mark.parametrize("url", ["http://example.org:99999/", "http://example.org:port/"])
def test_a_bad_port_is_a_clear_refusal(url, no_network):
    with pytest.raises(ScrapeError, match="bad URL"):
        check_url(url)


def test_stacked_gzip_is_inflated_a_chunk_at_a_time_and_refused_at_the_limit(server, tmp_path):
    """gzip on gzip: a few hundred bytes that inflate to 200 MB. Refused at max_bytes of the
    decoded body, not after inflating it (httpx inflates each chunk whole); a gzipped page
    still reads."""
    import tracemalloc

    assert len(GZIP_BOMB) < 2_000
    with scraper(tmp_path) as s:
        tracemalloc.start()
        try:
            r = s.fetch(f"{server}/gzip-twice.html")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert r.error == "body inflates past the limit of 1000000 bytes (gzip)"
        assert peak < 8_000_000, peak
        ok = s.fetch_and_parse(f"{server}/gzip.html")
    assert ok.error is None and ok.raw_path.read_bytes() == PAGE


def test_a_trickled_body_is_stopped_by_the_overall_deadline(server, tmp_path):
    with scraper(tmp_path, total_timeout_s=0.5) as s:
        t0 = time.monotonic()
        r = s.fetch(f"{server}/trickle.html")
    assert r.error is not None and "still arriving after 0.5 s" in r.error
    assert time.monotonic() - t0 < 9  # three tries of ~0.6 s, not 10 s each


def test_attachments_are_fetched_once_and_a_page_that_lists_itself_is_not_followed(
    server, tmp_path
):
    Handler.hits.clear()
    with scraper(tmp_path, follow_attachments=True, respect_robots=False) as s:
        r = s.fetch_and_parse(f"{server}/self-linking.html")
    assert r.error is None
    assert [a.url for a in r.attachments] == [
        f"{server}/files/loop.docx",
        f"{server}/files/plan.pdf",
    ]
    assert all(a.json_path is not None and not a.attachments for a in r.attachments)
    assert Handler.hits == {"/self-linking.html": 1, "/files/loop.docx": 1, "/files/plan.pdf": 1}


def test_a_page_declaring_no_real_charset_is_read_as_if_it_declared_none(server, tmp_path):
    with scraper(tmp_path) as s:
        r = s.fetch_and_parse(f"{server}/undefined-charset.html")
    assert r.error is None
    doc = json.loads(r.json_path.read_text("utf-8"))
    assert doc["metadata"]["title"] == "国家知识产权局办公室关于开展专利转化运用试点工作的通知"


def test_long_names_fit_and_a_file_folder_clash_is_an_error_for_that_url(server, tmp_path):
    long = "关于开展专利转化运用试点工作的通知" * 12 + ".html"  # 612 bytes in UTF-8
    rel = safe_name(f"http://example.org/{long}")
    assert all(len(part.encode()) <= 200 for part in rel.parts)
    assert rel.suffix == ".html" and rel != safe_name(f"http://example.org/x{long}")
    with scraper(tmp_path) as s:
        first = s.fetch(f"{server}/clash/a.html")
        second = s.fetch(f"{server}/clash/a.html/b.html")
        third = s.fetch(f"{server}/notice.html")
    assert first.error is None and second.error is not None
    assert second.error.startswith("cannot save ") and "a.html" in second.error
    assert third.error is None  # the run goes on
