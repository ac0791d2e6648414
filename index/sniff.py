"""What a fetched body is: an HTML page, an RSS/Atom feed, a sitemap, or none of them.

Decided from the body's first element and the Content-Type header, never from how the URL is spelled:
`/feed` may serve HTML and `/story.html` a feed.
"""

from __future__ import annotations

import re

HTML, FEED, SITEMAP = "html", "feed", "sitemap"
_ROOTS = {"html": HTML, "rss": FEED, "rdf": FEED, "feed": FEED, "urlset": SITEMAP, "sitemapindex": SITEMAP}
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_FIRST_ELEMENT = re.compile(
    r"\A(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE\s+(?P<doctype>\w+)[^>]*>)*<(?P<name>[A-Za-z][\w:.-]*)",
    re.DOTALL | re.IGNORECASE,
)
_MAGIC = {b"%PDF": "a PDF document", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image",
          b"GIF8": "a GIF image", b"PK\x03\x04": "a ZIP archive"}


def root_name(body: bytes) -> str:
    """Body -> the local name of its first element, lower case ("" when none).

    b'<?xml version="1.0"?><rdf:RDF ...>' -> "rdf"; b"<!DOCTYPE html><html>" -> "html"
    """
    head = body[:4096].lstrip(b"\xef\xbb\xbf")
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    text = head.decode("utf-16", errors="ignore") if utf16 else head.decode("latin-1")
    m = _FIRST_ELEMENT.match(text)
    if not m:
        return ""
    if (m.group("doctype") or "").lower() == "html":
        return "html"
    return m.group("name").split(":")[-1].lower()


def kind_of(content_type: str, body: bytes) -> str | None:
    """(Content-Type, body) -> "html", "feed", "sitemap", or None for anything else.

    ("application/xml", b"<rss version='2.0'>...") -> "feed"; ("application/pdf", b"%PDF-1.7") -> None
    """
    if _magic(body) or b"\x00" in body[:1024]:
        return None
    kind = _ROOTS.get(root_name(body))
    if kind:
        return kind
    return HTML if media_type(content_type) in _HTML_TYPES else None


def what_it_is(content_type: str, body: bytes) -> str:
    """(Content-Type, body) of a rejected source -> a short description for its reason.

    ("application/pdf", b"%PDF-1.7") -> "a PDF document (application/pdf)"
    """
    media = media_type(content_type) or "no Content-Type"
    found = _magic(body)
    return f"{found} ({media})" if found else media


def media_type(content_type: str) -> str:
    """Content-Type header -> its media type. "text/html; charset=UTF-8" -> "text/html" """
    return content_type.split(";")[0].strip().lower()


def charset_of(content_type: str) -> str | None:
    """Content-Type header -> its charset parameter, if any. "text/html; charset=EUC-KR" -> "euc-kr" """
    m = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
    return m.group(1).lower() if m else None


def _magic(body: bytes) -> str:
    return next((name for magic, name in _MAGIC.items() if body.startswith(magic)), "")
