"""A polite scraper: fetch notices over HTTP(S) and parse them.

Timeouts, a size cap, a redirect cap, retries with backoff, a per-host delay, robots.txt, an
on-disk cache keyed by URL and a clear user agent. It refuses non-http(s) URLs and, unless told
otherwise, hosts that resolve to private, loopback, link-local or reserved addresses — checked
for every redirect hop before any connection is made. Raw bytes and the parsed JSON are saved
side by side under the output folder, never outside it whatever the URL path says.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import re
import socket
import time
import urllib.robotparser
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional
from urllib.parse import unquote, urljoin, urlsplit

import httpx

from ..errors import OutputError
from ..limits import Limits, TimeUp, time_limit
from ..version import __version__
from .inflate import InflatesPastLimit, inflate

USER_AGENT = f"policyparse/{__version__} (document research scraper; respects robots.txt)"
RETRY_STATUS = {429, 500, 502, 503, 504}


class ScrapeError(Exception):
    """A URL that cannot or may not be fetched; the message says why."""


@dataclass
class ScrapeOptions:
    out_dir: Path = Path("scraped")
    user_agent: str = USER_AGENT
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 30.0
    max_bytes: int = 20 * 1024 * 1024  # the body as sent and as decoded, each
    total_timeout_s: float = 120.0  # one response, headers to last byte (a trickled body)
    max_redirects: int = 5
    retries: int = 3
    backoff_s: float = 0.5  # doubles after each failed try
    delay_s: float = 1.0  # between two requests to one host
    respect_robots: bool = True
    allow_private: bool = False
    follow_attachments: bool = False
    use_cache: bool = True


@dataclass
class FetchResult:
    url: str
    final_url: Optional[str] = None
    status: Optional[int] = None
    content_type: str = ""
    raw_path: Optional[Path] = None
    json_path: Optional[Path] = None
    from_cache: bool = False
    error: Optional[str] = None
    attachments: list["FetchResult"] = field(default_factory=list)


def _public(ip: "ipaddress.IPv4Address | ipaddress.IPv6Address") -> bool:
    """Whether an address is one the scraper may reach: globally routable (not private, loopback,
    link-local, shared 100.64.0.0/10, reserved, multicast), and, for the IPv6 forms that carry an
    IPv4 address (mapped ::ffff:, 6to4 2002::/16, Teredo, NAT64 64:ff9b::/96), that address too."""
    if not ip.is_global or ip.is_multicast:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
        if ip in ipaddress.ip_network("64:ff9b::/96"):
            embedded.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        return all(e is None or (e.is_global and not e.is_multicast) for e in embedded)
    return True


def check_url(url: str, allow_private: bool = False) -> tuple[str, int, Optional[str]]:
    """Refuse what must not be fetched; return (host, port, address to connect to). Resolves
    the host (no connection): every address it resolves to must be public, and the request
    then goes to the address checked here, so a name that answers public first and private
    second (DNS rebinding) cannot reach the private one. With ``allow_private`` the address is
    None: the client resolves as usual."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise ScrapeError(
            f"refused: only http and https URLs are fetched, not {parts.scheme or 'no scheme'}:"
        )
    try:
        host = parts.hostname
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as e:  # a port that is not a number, or out of range
        raise ScrapeError(f"refused: bad URL ({e})") from None
    if not host:
        raise ScrapeError("refused: the URL has no host")
    if allow_private:
        return host, port, None
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as e:
        raise ScrapeError(f"cannot resolve host {host!r} ({getattr(e, 'strerror', e)})") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    for ip in addresses:
        if not _public(ip):
            raise ScrapeError(
                f"refused: {host} resolves to a non-public address ({ip}); "
                "pass allow_private=True (--allow-private) to fetch it"
            )
    if not addresses:
        raise ScrapeError(f"cannot resolve host {host!r}")
    return host, port, str(addresses[0])


def pinned(url: str, address: Optional[str]) -> tuple[str, dict, dict]:
    """The URL to request so that the connection goes to ``address`` (the one checked), with the
    Host header and, for https, the TLS server name of the URL's own host."""
    if address is None:
        return url, {}, {}
    parts = urlsplit(url)
    host = parts.hostname or ""
    ip = f"[{address}]" if ":" in address else address
    netloc = ip + (f":{parts.port}" if parts.port else "")
    headers = {"Host": host + (f":{parts.port}" if parts.port else "")}
    ext = {"sni_hostname": host} if parts.scheme == "https" else {}
    return parts._replace(netloc=netloc).geturl(), headers, ext


def safe_name(url: str) -> Path:
    """A relative path under the output folder for a URL: host/path with every component made
    safe, so '..', absolute paths and odd characters cannot climb out of the folder."""
    parts = urlsplit(url)
    host = re.sub(r"[^A-Za-z0-9.\-]", "_", (parts.hostname or "host")) + (
        f"_{parts.port}" if parts.port else ""
    )
    segs = [re.sub(r"[^\w.\-\u4e00-\u9fff]", "_", unquote(s)) for s in parts.path.split("/") if s]
    segs = [s.strip(".") or "_" for s in segs if s not in ("", ".", "..")][-6:]
    name = segs.pop() if segs else "index"
    if parts.query:
        name += "_" + hashlib.sha1(parts.query.encode()).hexdigest()[:8]
    if "." not in name:
        name += ".html"
    return Path(_fit(host), *(_fit(x) for x in segs), _fit(name))


NAME_MAX_BYTES = 200  # of one path component in UTF-8 (file systems allow 255)


def _fit(component: str) -> str:
    """A path component within NAME_MAX_BYTES, its extension kept and a hash of the whole
    name added when it had to be cut (two long names that share a start stay two files)."""
    if len(component.encode()) <= NAME_MAX_BYTES:
        return component
    stem, dot, ext = component.rpartition(".")
    if not dot or len(ext) > 10:
        stem, ext = component, ""
    tag = "_" + hashlib.sha1(component.encode()).hexdigest()[:10] + ("." + ext if ext else "")
    room = NAME_MAX_BYTES - len(tag.encode())
    cut = stem.encode()[:room].decode("utf-8", errors="ignore")
    return cut + tag


def decode_body(raw: bytes, content_encoding: str, limit: int) -> bytes:
    """The body with its Content-Encoding layers undone (the last listed was applied last),
    each inflated a chunk at a time and refused past ``limit`` bytes."""
    data = raw
    for enc in reversed([e.strip().lower() for e in content_encoding.split(",")]):
        if enc in ("", "identity"):
            continue
        if enc not in ("gzip", "x-gzip", "deflate"):
            raise ScrapeError(f"body in an encoding not asked for (Content-Encoding: {enc})")
        try:
            if enc != "deflate":
                data = inflate(data, 31, limit)
            else:  # zlib-wrapped as the RFC says, or raw as some servers send
                try:
                    data = inflate(data, 15, limit)
                except zlib.error:
                    data = inflate(data, -15, limit)
        except InflatesPastLimit:
            raise ScrapeError(f"body inflates past the limit of {limit} bytes ({enc})") from None
        except zlib.error as e:
            raise ScrapeError(f"body is not valid {enc} data ({e})") from None
    return data


class Scraper:
    def __init__(
        self,
        options: Optional[ScrapeOptions] = None,
        transport: Optional[httpx.BaseTransport] = None,
    ):
        self.o = options or ScrapeOptions()
        self.o.out_dir = Path(self.o.out_dir)
        self.client = httpx.Client(
            # (only the encodings decode_body inflates, a chunk at a time)
            headers={"User-Agent": self.o.user_agent, "Accept-Encoding": "gzip, deflate"},
            follow_redirects=False,
            timeout=httpx.Timeout(self.o.read_timeout_s, connect=self.o.connect_timeout_s),
            transport=transport,
        )
        self._last: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}

    def close(self) -> None:
        self.client.close()

    def __enter__(self):
        return self

    def __exit__(self, *a):
        self.close()

    # ---- politeness ----
    def _wait(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            pause = self.o.delay_s - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)
        self._last[host] = time.monotonic()

    def allowed(self, url: str) -> bool:
        if not self.o.respect_robots:
            return True
        p = urlsplit(url)
        root = f"{p.scheme}://{p.netloc}"
        rp = self._robots.get(root)
        if rp is None:
            rp = urllib.robotparser.RobotFileParser()
            try:
                status, _, body, _ = self._get(root + "/robots.txt", cache=False)
                if status == 200:
                    rp.parse(body.decode("utf-8", "replace").splitlines())
                else:
                    rp.allow_all = True  # type: ignore[attr-defined]  # no robots.txt: all allowed
            except ScrapeError:
                rp.allow_all = True  # type: ignore[attr-defined]
            self._robots[root] = rp
        return rp.can_fetch(self.o.user_agent, url)

    # ---- fetching ----
    def _cache_path(self, url: str) -> Path:
        return self.o.out_dir / ".cache" / hashlib.sha256(url.encode()).hexdigest()

    def _get(self, url: str, cache: bool = True) -> tuple[int, str, bytes, str]:
        """(status, content type, body, final url) with redirects, retries, caps and the cache."""
        cp = self._cache_path(url)
        if cache and self.o.use_cache and cp.exists():
            meta = json.loads((cp.with_suffix(".json")).read_text("utf-8"))
            return meta["status"], meta["content_type"], cp.read_bytes(), meta["final_url"]
        current = url
        for _hop in range(self.o.max_redirects + 1):
            host, _, address = check_url(current, self.o.allow_private)
            status, headers, body = self._try(current, host, address)
            if status in (301, 302, 303, 307, 308) and "location" in headers:
                current = urljoin(current, headers["location"])
                continue
            ctype = headers.get("content-type", "")
            if cache and self.o.use_cache and status == 200:
                cp.parent.mkdir(parents=True, exist_ok=True)
                from ..render.files import write_atomic

                write_atomic(cp, body)
                write_atomic(
                    cp.with_suffix(".json"),
                    json.dumps(
                        {"url": url, "final_url": current, "status": status, "content_type": ctype}
                    ),
                )
            return status, ctype, body, current
        raise ScrapeError(f"too many redirects (more than {self.o.max_redirects})")

    def _try(self, url: str, host: str, address: Optional[str] = None) -> tuple[int, dict, bytes]:
        delay = self.o.backoff_s
        last_err = None
        target, headers, ext = pinned(url, address)
        for attempt in range(self.o.retries + 1):
            self._wait(host)
            try:
                started = time.monotonic()
                with self.client.stream("GET", target, headers=headers, extensions=ext) as r:
                    n = int(r.headers.get("content-length") or 0)
                    if n > self.o.max_bytes:
                        raise ScrapeError(
                            f"body is {n} bytes, more than the limit of {self.o.max_bytes}"
                        )
                    chunks, size = [], 0
                    # the body as sent (httpx would inflate each chunk whole: gzip on gzip
                    # inflates a few KB to gigabytes before a count could stop it); a transport
                    # that hands over a body it has read (httpx.MockTransport) gives it decoded
                    read = r.is_stream_consumed
                    for chunk in [r.content] if read else r.iter_raw():
                        size += len(chunk)
                        if size > self.o.max_bytes:
                            raise ScrapeError(
                                f"body larger than the limit of {self.o.max_bytes} bytes"
                            )
                        if time.monotonic() - started > self.o.total_timeout_s:
                            raise ScrapeError(
                                f"body still arriving after {self.o.total_timeout_s:g} s; stopped"
                            )
                        chunks.append(chunk)
                    if r.status_code in RETRY_STATUS and attempt < self.o.retries:
                        last_err = f"HTTP {r.status_code}"
                    else:
                        return (
                            r.status_code,
                            {k.lower(): v for k, v in r.headers.items()},
                            decode_body(
                                b"".join(chunks),
                                "" if read else r.headers.get("content-encoding", ""),
                                self.o.max_bytes,
                            ),
                        )
            except httpx.TimeoutException:
                last_err = "timed out"
            except httpx.TransportError as e:
                last_err = f"connection failed ({type(e).__name__})"
            if attempt < self.o.retries:
                time.sleep(delay)
                delay *= 2
        raise ScrapeError(f"{last_err} after {self.o.retries + 1} tries")

    def fetch(self, url: str) -> FetchResult:
        res = FetchResult(url)
        try:
            # (every request checks its own address as it resolves it: _get; a check here would
            # be a second lookup, which a rebinding name could answer differently)
            if not self.allowed(url):
                raise ScrapeError("disallowed by robots.txt")
            cached = self.o.use_cache and self._cache_path(url).exists()
            status, ctype, body, final = self._get(url)
            res.status, res.content_type, res.final_url, res.from_cache = (
                status,
                ctype,
                final,
                cached,
            )
            if status != 200:
                raise ScrapeError(f"HTTP {status}")
            raw = self._target(safe_name(final))
            from ..render.files import write_atomic

            try:
                write_atomic(raw, body)
            except OutputError as e:  # a folder where a file goes, a read-only output, a full disk
                raise ScrapeError(f"cannot save {raw}: {e.message}") from None
            res.raw_path = raw
        except ScrapeError as e:
            res.error = str(e)
        return res

    def _target(self, rel: Path) -> Path:
        out = self.o.out_dir.resolve()
        p = (out / rel).resolve()
        if not p.is_relative_to(out):
            raise ScrapeError(f"refused: {rel} would be written outside {out}")
        return p

    def fetch_and_parse(self, url: str, _attachment: bool = False) -> FetchResult:
        """Fetch a page, save its bytes and its parsed JSON side by side, and (on request) do
        the same for the PDF/DOC/DOCX attachments it links to (once each; an attachment's own
        links are not followed, and a page that lists itself is not fetched again)."""
        from .. import ingest
        from ..api import from_ingested
        from ..errors import PolicyParseError
        from ..render.files import write_atomic

        res = self.fetch(url)
        if res.error:
            return res
        charset = None
        m = re.search(r"charset=([\w-]+)", res.content_type or "", re.I)
        if m:
            charset = m.group(1)
        assert res.raw_path is not None  # (saved above)
        seconds = Limits.resolve().timeout_s
        try:
            with time_limit(seconds):  # a hostile page is stopped, and the next URL fetched
                ing = ingest.read(
                    res.raw_path.read_bytes(),
                    name=res.raw_path.name,
                    url=res.final_url,
                    charset=charset,
                )
                doc = from_ingested(ing)
        except PolicyParseError as e:
            res.error = str(e)
            return res
        except TimeUp:
            res.error = f"parsing took longer than {seconds} s; stopped"
            return res
        json_path = res.raw_path.with_name(res.raw_path.name + ".json")
        try:
            write_atomic(json_path, doc.to_json() + "\n")
        except OutputError as e:
            res.error = f"cannot save {json_path}: {e.message}"
            return res
        res.json_path = json_path
        if self.o.follow_attachments and ing.format == "html" and not _attachment:
            seen = {url, res.final_url}
            for href in ing.hints.get("attachments", []):
                target = urljoin(res.final_url or url, href)
                if target not in seen:
                    seen.add(target)
                    res.attachments.append(self.fetch_and_parse(target, _attachment=True))
        return res
