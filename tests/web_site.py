"""A real news web site on 127.0.0.1 for the web-ingest tests: http.server in a thread on an ephemeral port.

It serves the pages under tests/data/web/ (modelled on real news pages) at paths like a news site's, an RSS
and an Atom feed and a sitemap (with ETag / Last-Modified and 304 answers), and every kind of bad source:
a 404, a page that never answers, pages over the size limit (with and without Content-Length) and a PDF.
Every request is recorded with its headers, so tests can check what the fetcher sent.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

WEB = Path(__file__).parent / "data" / "web"
HTML, UTF8 = "text/html", "text/html; charset=utf-8"
KT = "/www/nation/2024/07/113_378190.html"
KT_AMP = "/amp/www/nation/2024/07/113_378190.html"
BS = "/world-news/seoul-summit.html"
ODESSA = "/the-president-of-south-korea-called-for-international-solidarity"
JAKARTA = "/post/yoon-asean-jakarta"
JAKARTA_MIRROR = "/mirror/yoon-asean-jakarta.html"
SUMMIT = "/story/seoul-summit-luxon"
PAYWALL = "/exclusive/seoul-sanctions"
FERRY = "/news/2025/03/wellington-ferry-strike-ends"
RSS, ATOM, SITEMAP = "/feeds/korea.rss", "/category/diplomacy/feed/atom", "/sitemap-news.xml"
RSS_AS_HTML_PATH = "/latest.html"  # a feed whose URL looks like a page: detected from what is served
PDF, SLOW, HUGE, HUGE_STREAM = "/download?id=7", "/slow", "/huge.html", "/huge-stream.html"
MISSING = "/www/nation/2024/07/113_999999.html"
SHORT_LINK = "/go/378190"  # a short link that redirects to the Korea Times page
SITEMAP_GZ = "/sitemap-news.xml.gz"  # the sitemap gzipped, served as a file (not Content-Encoding)

PAGES = {
    KT: ("korea-times-nato.html", UTF8), KT_AMP: ("korea-times-nato-amp.html", HTML),
    BS: ("business-standard-seoul.html", "text/html; charset=UTF-8"),
    ODESSA: ("odessa-journal-asean.html", UTF8), JAKARTA: ("jakarta-yoon.html", HTML),
    JAKARTA_MIRROR: ("jakarta-yoon.html", HTML), SUMMIT: ("seoul-summit.html", HTML),
    PAYWALL: ("subscribe-wall.html", UTF8), FERRY: ("harbour-tribune-ferry.html", UTF8),
}
FEEDS = {
    RSS: ("rss.xml", "application/rss+xml; charset=utf-8"), ATOM: ("atom.xml", "application/atom+xml"),
    SITEMAP: ("sitemap.xml", "application/xml"), RSS_AS_HTML_PATH: ("rss.xml", "text/xml"),
}
LAST_MODIFIED = {"rss.xml": "Wed, 04 Sep 2024 08:12:00 GMT", "rss-updated.xml": "Mon, 03 Mar 2025 21:00:00 GMT"}


class Site:
    """The site's state: what each path serves, the requests it received, and the switch that ends /slow."""

    def __init__(self, huge_bytes: int):
        self.pages = dict(PAGES)
        self.feeds = dict(FEEDS)
        self.gone: set[str] = set()
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.huge_bytes = huge_bytes
        self.release = threading.Event()
        self.base = ""

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        """Request paths in order (query strings included)."""
        return [p for p, _ in self.requests]

    def headers_for(self, path: str) -> list[dict[str, str]]:
        return [h for p, h in self.requests if p == path]

    def body(self, name: str) -> bytes:
        return (WEB / name).read_text(encoding="utf-8").replace("{{BASE}}", self.base).encode("utf-8")


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep pytest output clean
            pass

        def do_GET(self):  # noqa: N802 - http.server's name
            site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            path = self.path.split("#")[0]
            if path.split("?")[0] in site.gone:
                return self._send(404, b"<html><body>Not found</body></html>", HTML)
            if path.startswith(SLOW):
                site.release.wait(30)  # never answers within any test timeout
                return None
            if path == PDF:
                return self._send(200, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" * 50,
                                  "application/pdf")
            if path == HUGE:
                return self._send(200, _huge_page(site.huge_bytes), UTF8)
            if path == HUGE_STREAM:
                return self._stream(_huge_page(site.huge_bytes))
            if path == SHORT_LINK:
                return self._send(301, b"", HTML, {"Location": KT})
            if path == SITEMAP_GZ:
                return self._send(200, gzip.compress(site.body("sitemap.xml")), "application/x-gzip")
            if path in site.feeds:
                return self._feed(*site.feeds[path])
            page = site.pages.get(path.split("?")[0])
            if page is None:
                return self._send(404, b"<html><body>Not found</body></html>", HTML)
            return self._send(200, site.body(page[0]), page[1])

        def _feed(self, name: str, content_type: str):
            body = site.body(name)
            etag = '"' + hashlib.sha1(body).hexdigest()[:12] + '"'
            modified = LAST_MODIFIED.get(name, "Thu, 11 Jul 2024 08:00:00 GMT")
            if self.headers.get("If-None-Match") == etag or (
                    not self.headers.get("If-None-Match") and self.headers.get("If-Modified-Since") == modified):
                return self._send(304, b"", content_type, {"ETag": etag, "Last-Modified": modified})
            return self._send(200, body, content_type, {"ETag": etag, "Last-Modified": modified})

        def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _stream(self, body: bytes):
            """No Content-Length: the size is only known by reading (HTTP/1.0 ends the body by closing)."""
            self.send_response(200)
            self.send_header("Content-Type", UTF8)
            self.end_headers()
            with contextlib.suppress(OSError):  # the fetcher hangs up once over its limit
                for at in range(0, len(body), 65536):
                    self.wfile.write(body[at:at + 65536])

    return Handler


def _huge_page(size: int) -> bytes:
    para = "<p>The harbour board met again on Monday to discuss the berth fees for the coming season.</p>\n"
    return ("<!DOCTYPE html><html><head><title>Harbour board minutes</title></head><body><article>"
            + para * (size // len(para) + 1) + "</article></body></html>").encode()


@contextlib.contextmanager
def news_site(huge_bytes: int = 400_000) -> Iterator[Site]:
    site = Site(huge_bytes)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
