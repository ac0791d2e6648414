"""Saved feeds: `python -m index feeds add|list|remove URL` and `python -m index refresh`.

`refresh` asks each saved feed for what changed (If-None-Match / If-Modified-Since from its last answer), fetches
the entries it has not handled before (newest first, at most NEWSRAG_WEB_MAX_ENTRIES listed per feed) and
indexes them through the same path as `index add`. Entries that failed for a passing reason (a timeout, 5xx)
are not marked seen, and the feed's validators are kept so that the next refresh asks again.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from index.build import BuildReport, Progress
from index.errors import FetchFailed, UserError
from index.feedlist import Feed, add_feed, load_feeds, now, update_feeds
from index.fetch import Fetcher, Page
from index.settings import Settings
from index.sniff import FEED, SITEMAP, kind_of, what_it_is
from index.urls import clean_url, web_url
from index.web import FetchProgress, Harvest


@dataclass
class FeedReport:
    url: str
    status: str = ""  # new entries | nothing new | not modified | rejected
    listed: int = 0  # entries considered (the newest NEWSRAG_WEB_MAX_ENTRIES)
    new: int = 0  # fetched this time
    seen_before: int = 0  # skipped: handled by an earlier refresh
    reason: str = ""  # why the feed itself was rejected

    def to_dict(self) -> dict:
        return asdict(self)


def follow(settings: Settings, url: str, fetcher: Fetcher | None = None) -> tuple[str, bool]:
    """Check that a URL serves a feed or sitemap, then save it -> (kind, False when it was already saved).
    Nothing is indexed until `refresh`. UserError when it is not a feed."""
    if web_url(url) is None:
        raise UserError(f"{url}: not an http(s) URL of an RSS or Atom feed or a sitemap")
    try:
        page = (fetcher or Fetcher(settings)).get(url)
    except FetchFailed as err:
        raise UserError(f"{url}: {err.reason}") from None
    kind = kind_of(page.content_type, page.body)
    if kind not in (FEED, SITEMAP):
        what = "an article page; add it with `python -m index add`" if kind else what_it_is(page.content_type, page.body)
        raise UserError(f"{url}: not an RSS or Atom feed or a sitemap: {what}")
    return kind, add_feed(settings, url.strip(), kind)


def refresh_feeds(settings: Settings, fetcher: Fetcher | None = None, progress: FetchProgress | None = None,
                  indexing: Progress | None = None) -> tuple[BuildReport, list[FeedReport]]:
    """Every saved feed -> its new entries indexed -> (the build report, one FeedReport per feed)."""
    harvest = Harvest(settings, fetcher or Fetcher(settings), progress)
    done: list[tuple[FeedReport, list[str], Page | None]] = []
    for feed in load_feeds(settings):
        report, new, page = _check(harvest, feed)
        done.append((report, new, page))
    build = harvest.index(indexing)
    _save(settings, harvest, done)
    return build, [r for r, _, _ in done]


def _check(harvest: Harvest, feed: Feed) -> tuple[FeedReport, list[str], Page | None]:
    """One feed: conditional GET, its listing, the entries not seen before fetched and read."""
    report = FeedReport(feed.url)
    before = len(harvest.rejected)
    page = harvest.fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified)
    if page is None:
        report.status, report.reason = "rejected", harvest.rejected[before].reason
        return report, [], None
    if page.status == 304:
        report.status = "not modified"
        return report, [], None
    try:
        entries = harvest.listing(page)
    except FetchFailed as err:
        harvest.reject(err)
        report.status, report.reason = "rejected", err.reason
        return report, [], None
    seen = set(feed.seen)
    new = [e.url for e in entries if clean_url(e.url) not in seen]
    report.listed, report.new, report.seen_before = len(entries), len(new), len(entries) - len(new)
    report.status = "new entries" if new else "nothing new"
    harvest.pages(new)
    return report, new, page


def _save(settings: Settings, harvest: Harvest, done: list[tuple[FeedReport, list[str], Page | None]]) -> None:
    """After indexing succeeded: mark handled entries seen; keep the validators only when nothing must be retried."""
    by_url = {clean_url(r.url): (new, page) for r, new, page in done}

    def change(feeds: list[Feed]) -> None:
        for f in feeds:
            if clean_url(f.url) not in by_url:
                continue  # added during this refresh
            new, page = by_url[clean_url(f.url)]
            f.checked = now()
            handled = [clean_url(u) for u in new if clean_url(u) not in harvest.retry]
            f.seen = list(dict.fromkeys(f.seen + handled))
            if page is not None and len(handled) == len(new):
                f.etag, f.last_modified = page.etag, page.last_modified

    update_feeds(settings, change)
