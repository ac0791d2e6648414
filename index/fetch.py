"""Polite, bounded HTTP GETs: one User-Agent naming the project, timeouts, a size cap, a delay per host,
conditional requests, and a one-line reason for every failure (raised as FetchFailed, never a traceback).

The connection pool is trafilatura's (`trafilatura.downloads.create_pool`), so its SSRF guard vets every hop,
redirects included, unless NEWSRAG_WEB_ALLOW_PRIVATE is set. trafilatura's own `fetch_url` is not used: it
cannot send If-None-Match / If-Modified-Since, takes whole-second timeouts only, and returns None for a timeout,
a 404 and an oversized page alike, where the user must be told which.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit

import urllib3
from trafilatura.downloads import create_pool

from index.errors import FetchFailed
from index.settings import Settings
from index.urls import host_of, web_url

ACCEPT = ("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,"
          "text/xml;q=0.9,*/*;q=0.5")
MAX_REDIRECTS = 5
DOWNLOAD_FACTOR = 3  # a whole download may take this many times NEWSRAG_WEB_TIMEOUT_S


@dataclass
class Page:
    url: str  # the URL asked for
    final_url: str  # after redirects
    status: int  # 200 (or another 2xx), or 304 when a conditional request found nothing new
    content_type: str = ""
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""


class Fetcher:
    """GETs under the settings' limits. `sleep` and `clock` are injectable so pacing is testable without waiting."""

    def __init__(self, settings: Settings, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic):
        self.settings = settings
        self.max_bytes = int(settings.web_max_mb * 1_048_576)
        self.pool = create_pool(ssrf_protection=not settings.web_allow_private)
        self._sleep, self._clock = sleep, clock
        self._last: dict[str, float] = {}  # host -> when its last request ended

    def get(self, url: str, etag: str = "", last_modified: str = "") -> Page:
        """URL (+ validators from an earlier answer) -> Page; FetchFailed(url, reason) when it cannot be had."""
        if web_url(url) is None:
            raise FetchFailed(url, "not an http(s) URL")
        headers = {"User-Agent": self.settings.web_user_agent, "Accept": ACCEPT,
                   **urllib3.util.make_headers(accept_encoding=True)}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        host = host_of(url)
        self._wait(host)
        try:
            return self._get(url, headers)
        finally:
            self._last[host] = self._clock()

    def _wait(self, host: str) -> None:
        """Sleep until NEWSRAG_WEB_DELAY_S has passed since the last request to this host ended."""
        if host in self._last:
            left = self._last[host] + self.settings.web_delay_s - self._clock()
            if left > 0:
                self._sleep(left)

    def _get(self, url: str, headers: dict[str, str]) -> Page:
        timeout = self.settings.web_timeout_s
        retries = urllib3.Retry(total=MAX_REDIRECTS, connect=0, read=0, status=0, other=0,
                                redirect=MAX_REDIRECTS, raise_on_redirect=True, raise_on_status=False)
        try:
            resp = self.pool.request("GET", url, headers=headers, retries=retries, preload_content=False,
                                     timeout=urllib3.Timeout(connect=timeout, read=timeout))
        except Exception as err:
            raise _failure(url, err, timeout) from None
        try:
            final = _final_url(url, resp)
            page = Page(url, final, resp.status, resp.headers.get("Content-Type", ""),
                        etag=resp.headers.get("ETag", ""), last_modified=resp.headers.get("Last-Modified", ""))
            if resp.status == 304 and ("If-None-Match" in headers or "If-Modified-Since" in headers):
                return page
            if not 200 <= resp.status < 300:
                raise _status_failure(url, resp.status)
            page.body = self._read(url, resp, time.monotonic() + timeout * DOWNLOAD_FACTOR)
            return page
        finally:
            resp.release_conn()

    def _read(self, url: str, resp, deadline: float) -> bytes:
        """The body, decoded from its Content-Encoding, within the size cap and the download deadline."""
        limit = self.settings.web_max_mb
        length = resp.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            resp.close()
            raise FetchFailed(url, f"too large: {_mb(int(length))} MB, over the {limit:g} MB limit (NEWSRAG_WEB_MAX_MB)")
        data = bytearray()
        try:
            for chunk in resp.stream(65536, decode_content=True):
                data += chunk
                if len(data) > self.max_bytes:
                    resp.close()
                    raise FetchFailed(url, f"too large: over the {limit:g} MB limit (NEWSRAG_WEB_MAX_MB)")
                if time.monotonic() > deadline:
                    resp.close()
                    spent = self.settings.web_timeout_s * DOWNLOAD_FACTOR
                    raise FetchFailed(url, f"timed out: the download took over {spent:g} s", True)
        except FetchFailed:
            raise
        except Exception as err:
            raise _failure(url, err, self.settings.web_timeout_s) from None
        return gunzip(bytes(data), self.max_bytes, url)


def gunzip(body: bytes, max_bytes: int, url: str) -> bytes:
    """A gzip file served as is (sitemap.xml.gz) -> its content, capped; any other body unchanged."""
    if body[:3] != b"\x1f\x8b\x08":
        return body
    try:
        out = zlib.decompressobj(31).decompress(body, max_bytes + 1)
    except zlib.error:
        raise FetchFailed(url, "corrupt gzip data") from None
    if len(out) > max_bytes:
        raise FetchFailed(url, f"too large once unzipped: over the {max_bytes / 1_048_576:g} MB limit (NEWSRAG_WEB_MAX_MB)")
    return out


def _final_url(url: str, resp) -> str:
    """The URL that answered: the last redirect's target, resolved against the URL that sent it."""
    history = getattr(getattr(resp, "retries", None), "history", ()) or ()
    last = history[-1] if history else None
    return urljoin(last.url or url, last.redirect_location) if last and last.redirect_location else url


def _status_failure(url: str, status: int) -> FetchFailed:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "error"
    transient = status == 429 or status >= 500
    return FetchFailed(url, f"HTTP {status} {phrase}", transient)


def _failure(url: str, err: Exception, timeout: float) -> FetchFailed:
    """A urllib3 exception -> FetchFailed with a reason a person can act on."""
    cause = getattr(err, "reason", None) or err
    text = str(cause)
    host = urlsplit(url).hostname
    if "SSRF protection" in text:
        return FetchFailed(url, f"refused: {host} is a private or local address "
                                "(set NEWSRAG_WEB_ALLOW_PRIVATE=true to allow it)")
    # NewConnectionError subclasses urllib3's ConnectTimeoutError: test the specific failures first.
    if isinstance(cause, urllib3.exceptions.NameResolutionError):
        return FetchFailed(url, f"cannot resolve host {host}", True)
    if isinstance(cause, urllib3.exceptions.NewConnectionError):
        return FetchFailed(url, f"cannot connect to {host}: connection refused or unreachable", True)
    if isinstance(cause, (urllib3.exceptions.TimeoutError, TimeoutError)):
        return FetchFailed(url, f"timed out: no answer within {timeout:g} s (NEWSRAG_WEB_TIMEOUT_S)", True)
    if isinstance(err, urllib3.exceptions.MaxRetryError) and "redirect" in text.lower():
        return FetchFailed(url, f"too many redirects (more than {MAX_REDIRECTS})")
    if isinstance(cause, urllib3.exceptions.SSLError):
        return FetchFailed(url, "TLS error: the certificate could not be verified")
    if isinstance(cause, (urllib3.exceptions.ProtocolError, OSError)):
        return FetchFailed(url, "the server broke off the connection", True)
    return FetchFailed(url, f"cannot fetch: {type(cause).__name__}", True)


def _mb(n: int) -> str:
    return f"{n / 1_048_576:.1f}"
