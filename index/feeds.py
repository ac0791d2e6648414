"""RSS, Atom and sitemap bodies -> the article URLs they list, newest first. Pure: nothing is fetched here.

Why not trafilatura's own link extraction (`trafilatura.feeds.extract_links`, `SitemapObject`): both vet links
with courlan, which drops every URL on an IP address with a port (an intranet server, a test server); the
feed extractor also returns the channel's own home-page link among the entries and sorts the links
alphabetically, losing the newest-first order the per-feed cap (NEWSRAG_WEB_MAX_ENTRIES) relies on.
"""

from __future__ import annotations

import datetime as dt
import email.utils
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree

from index.urls import clean_url, web_url

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
_DATE_TAGS = ("pubDate", "published", "updated", "date", "issued", "modified", "lastmod", "publication_date")


@dataclass
class Entry:
    url: str  # absolute http(s) URL of the page
    published: str = ""  # ISO 8601 in UTC when the listing dates it, else ""


def feed_entries(body: bytes, base_url: str) -> list[Entry]:
    """RSS 2.0, RSS 1.0 (RDF) or Atom bytes -> one Entry per item, in document order.

    b"<rss><channel><item><link>/a</link></item></channel></rss>" (base "https://s.org/feed") ->
    [Entry("https://s.org/a", "")]
    """
    entries = []
    for item in _elements(body, ("item", "entry")):
        url = _item_link(item, base_url)
        if url:
            entries.append(Entry(url, _date(item)))
    return entries


def sitemap_entries(body: bytes, base_url: str) -> tuple[list[Entry], list[str]]:
    """Sitemap bytes -> (pages of a <urlset>, sitemaps of a <sitemapindex>), each in document order.

    b"<urlset><url><loc>https://s.org/a</loc><lastmod>2024-09-04</lastmod></url></urlset>" ->
    ([Entry("https://s.org/a", "2024-09-04T00:00:00+00:00")], [])
    """
    pages: list[Entry] = []
    nested: list[str] = []
    for el in _elements(body, ("url", "sitemap")):
        loc = next((c.text for c in el if _local(c) == "loc" and c.text), "")
        url = web_url(urljoin(base_url, loc.strip())) if loc.strip() else None
        if not url:
            continue
        if _local(el) == "sitemap":
            nested.append(url)
        else:
            pages.append(Entry(url, _date(el)))
    return pages, nested


def newest(entries: list[Entry], limit: int) -> list[Entry]:
    """Entries -> at most `limit` distinct pages (by clean URL), newest first; undated ones keep their order
    after the dated. ([Entry("a", "2024-01-01"), Entry("b", "2024-02-01")], 1) -> [Entry("b", ...)]"""
    seen: set[str] = set()
    distinct = []
    for e in entries:
        key = clean_url(e.url)
        if key not in seen:
            seen.add(key)
            distinct.append(e)
    dated = sorted((e for e in distinct if e.published), key=lambda e: e.published, reverse=True)
    return (dated + [e for e in distinct if not e.published])[:limit]


def parse_date(text: str) -> str:
    """RFC 822 or ISO 8601 date -> ISO 8601 in UTC, "" when unreadable.

    "Wed, 04 Sep 2024 08:12:00 GMT" -> "2024-09-04T08:12:00+00:00"; "2024-09-04" -> "2024-09-04T00:00:00+00:00"
    """
    text = text.strip()
    if not text:
        return ""
    when = None
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).isoformat()


def _elements(body: bytes, names: tuple[str, ...]) -> list:
    try:
        root = etree.fromstring(body, _PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return []
    if root is None:
        return []
    return [el for el in root.iter() if isinstance(el.tag, str) and _local(el) in names]


def _item_link(item, base_url: str) -> str | None:
    """An <item> or <entry> -> its page URL: Atom's alternate link, RSS's <link>, a permalink <guid>,
    or RSS 1.0's rdf:about."""
    candidates = []
    for child in item:
        if not isinstance(child.tag, str):
            continue
        name = _local(child)
        if name == "link":
            rel = (child.get("rel") or "alternate").lower()
            href = child.get("href") or (child.text or "")
            if rel == "alternate" and href.strip():
                candidates.insert(0, href)
        elif child.text and (name == "id" or (name == "guid" and (child.get("isPermaLink") or "true") != "false")):
            candidates.append(child.text)
    about = item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
    if about:
        candidates.append(about)
    for c in candidates:
        if url := web_url(urljoin(base_url, c.strip())):
            return url
    return None


def _date(el) -> str:
    for child in el:
        name = _local(child) if isinstance(child.tag, str) else ""
        if name in _DATE_TAGS and child.text and (when := parse_date(child.text)):
            return when
        if name == "news" and (when := _date(child)):  # a news sitemap's <news:news><news:publication_date>
            return when
    return ""


def _local(el) -> str:
    return etree.QName(el).localname
