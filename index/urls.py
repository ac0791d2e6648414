"""Web addresses as identities: a URL without tracking noise, a page's canonical URL, and the doc_id it gives.

Pure functions over strings; nothing here fetches anything.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from index.read import doc_id_for

# Query parameters that say how a reader arrived, not which page they read.
TRACKING_PARAMS = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid", "_ga",
    "_gl", "ocid", "cmpid", "smid", "smtyp", "sr_share", "ref_src", "ref_url", "taid", "at_medium",
    "at_campaign", "at_custom1", "at_custom2", "s_cid", "icid", "guccounter",
}
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")
_CANONICAL = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def web_url(source: str) -> str | None:
    """A source given by a user -> the http(s) URL it names, or None. " https://a.org/x " -> "https://a.org/x" """
    source = source.strip()
    parts = urlsplit(source)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return source


def clean_url(url: str) -> str:
    """URL -> the same page without fragment, tracking parameters, default port or upper-case host.

    "HTTPS://Www.Site.com:443/a/b?id=3&utm_source=x#top" -> "https://www.site.com/a/b?id=3"
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if parts.port and (scheme, parts.port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{parts.port}"
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not _is_tracking(k)]
    query = parts.query if len(kept) == len(pairs) else urlencode(kept)  # untouched unless something goes
    return urlunsplit((scheme, host, parts.path or "/", query, ""))


def canonical_link(html: str, page_url: str) -> str | None:
    """HTML + the URL it came from -> its `<link rel="canonical">` as an absolute, clean URL, else None.

    ('<link rel="canonical" href="/a/story">', "https://s.org/amp/story") -> "https://s.org/a/story"
    A canonical pointing at the site's home page is ignored: templates that set it on every page would
    otherwise make every story one document.
    """
    head = html[: html.lower().find("</head>")] if "</head>" in html.lower() else html[:200_000]
    for tag in _CANONICAL.findall(head):
        attrs = {m[0].lower(): m[1] or m[2] or m[3] for m in _ATTR.findall(tag)}
        if "canonical" not in attrs.get("rel", "").lower().split() or not attrs.get("href", "").strip():
            continue
        url = urljoin(page_url, attrs["href"].strip())
        if web_url(url) is None:
            return None
        clean = clean_url(url)
        if urlsplit(clean).path in ("", "/") and urlsplit(clean_url(page_url)).path not in ("", "/"):
            return None
        return clean
    return None


def url_doc_id(url: str) -> str:
    """Clean URL -> a stable, readable document id: host, last path part, and a hash of the whole URL.

    "https://www.koreatimes.co.kr/www/nation/2024/07/113_378190.html" -> "koreatimes.co.kr_113_378190_<8 hex>"
    """
    parts = urlsplit(url)
    host = (parts.netloc or "web").lower().removeprefix("www.")
    last = next((p for p in reversed(parts.path.split("/")) if p), "")
    last = re.sub(r"\.(s?html?|php|aspx?|jsp)$", "", last, flags=re.IGNORECASE)
    digest = hashlib.sha256(url.encode()).hexdigest()[:8]
    return doc_id_for(f"{host}_{last[:60]}".strip("_"))[:90] + "_" + digest


def host_of(url: str) -> str:
    """URL -> its host (with a non-default port) for per-host politeness. "http://a.org:81/x" -> "a.org:81" """
    return urlsplit(clean_url(url)).netloc


def _is_tracking(key: str) -> bool:
    key = key.lower()
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)
