"""Web sources -> articles in the store: `python -m index add URL...` and the Corpus tab's "Add from URL or feed".

A source is an article page, an RSS/Atom feed or a sitemap, told apart by what the server sends (index/sniff.py).
Feed and sitemap entries are fetched as pages, newest first, at most NEWSRAG_WEB_MAX_ENTRIES each. A page's
HTML goes through the same reading as an .html file (index/read.py: trafilatura text and metadata), then the
same cleaning, attribution, sidecar, chunking, embedding and store writes (index/load.py, index/build.py).

Identity: the page's `<link rel="canonical">`, else its URL without fragment and tracking parameters, gives
the doc_id and the article's `url` (what citations link to). Two URLs of one page are one document: the page
first read keeps it, another URL with the same canonical (an AMP copy) is reported as a duplicate, and only the
same page fetched again updates it. The same story under two canonical URLs is caught as a duplicate by its
content, as for files. Nothing stored is removed.
Metadata overrides for web articles live in `<store>/web/metadata.toml`, keyed by doc_id or canonical URL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import urlsplit

from trafilatura.utils import decode_file

from index.article import Article
from index.attribute import outlet_for_domain
from index.build import BuildReport, Progress, build_articles
from index.errors import FetchFailed, RejectedFile, UserError
from index.feedlist import web_dir
from index.feeds import Entry, feed_entries, newest, sitemap_entries
from index.fetch import Fetcher, Page
from index.load import build_article
from index.read import read_html
from index.settings import Settings
from index.sidecar import load_sidecar
from index.sniff import FEED, HTML, SITEMAP, charset_of, kind_of, what_it_is
from index.store import Store
from index.urls import canonical_link, clean_url, url_doc_id, web_url

MAX_SITEMAPS = 10  # nested sitemaps read from one sitemap index
FetchProgress = Callable[[int, int, str], None]  # (fetched, planned, url)
TOO_LITTLE = "too little text to be an article"


def add_sources(settings: Settings, sources: Iterable[str], fetcher: Fetcher | None = None,
                progress: FetchProgress | None = None, indexing: Progress | None = None) -> BuildReport:
    """URLs (pages, feeds, sitemaps) -> BuildReport with each bad source in `rejected` as {path: URL, reason}."""
    urls = [s.strip() for s in sources if s.strip()]
    if not urls:
        raise UserError("give one or more URLs: article pages, RSS or Atom feeds, or sitemaps")
    harvest = Harvest(settings, fetcher or Fetcher(settings), progress)
    for url in urls:
        harvest.source(url)
    return harvest.index(indexing)


class Harvest:
    """One run's fetching: sources expanded into pages, pages read into Articles, failures kept with reasons."""

    def __init__(self, settings: Settings, fetcher: Fetcher, progress: FetchProgress | None = None):
        self.settings, self.fetcher, self.progress = settings, fetcher, progress
        self.sidecar = load_sidecar(web_dir(settings))
        self.articles: list[Article] = []
        self.rejected: list[RejectedFile] = []
        self.duplicates: list[dict] = []
        self.retry: set[str] = set()  # clean URLs that failed for a reason that may pass (timeouts, 5xx)
        self._fetched: set[str] = set()
        self._docs: set[str] = set()  # doc_ids read in this run
        self._aliases: dict[str, set[str]] = {}  # doc_id -> clean URLs of the page read for it
        self._texts: dict[str, str] = {}  # content hash -> the doc_id read first with it
        self._planned = self._done = 0

    # --- sources ---------------------------------------------------------------------------------------------
    def source(self, url: str) -> None:
        """Any source: a page is read, a feed's or sitemap's entries are fetched as pages."""
        if clean_url(url) in self._fetched:
            return  # given twice, or already fetched as an entry of a feed given before
        page = self.fetch(url)
        if page is None:
            return
        kind = kind_of(page.content_type, page.body)
        if kind == HTML:
            self._read(page)
            return
        if kind is None:
            what = what_it_is(page.content_type, page.body)
            self.reject(FetchFailed(url, f"not an HTML page, a feed or a sitemap: {what}"))
            return
        try:
            entries = self.listing(page, kind)
        except FetchFailed as err:
            self.reject(err)
            return
        if not entries:
            self.reject(FetchFailed(url, f"the {kind} lists no article pages"))
            return
        self.pages([e.url for e in entries])

    def listing(self, page: Page, kind: str | None = None) -> list[Entry]:
        """A fetched feed or sitemap -> its newest entries (at most NEWSRAG_WEB_MAX_ENTRIES); FetchFailed when it
        is neither."""
        kind = kind or kind_of(page.content_type, page.body)
        if kind == FEED:
            entries = feed_entries(page.body, page.final_url)
        elif kind == SITEMAP:
            entries = self._sitemap(page)
        else:
            raise FetchFailed(page.url, "not an RSS or Atom feed or a sitemap: "
                              + (what_it_is(page.content_type, page.body) if kind is None else "an HTML page"))
        return newest(entries, self.settings.web_max_entries)

    def pages(self, urls: list[str]) -> None:
        """Entry URLs -> fetched and read as article pages (each at most once per run)."""
        todo = [u for u in dict.fromkeys(urls) if clean_url(u) not in self._fetched]
        self._planned += len(todo)
        for url in todo:
            page = self.fetch(url, planned=0)
            if page is None:
                continue
            kind = kind_of(page.content_type, page.body)
            if kind == HTML:
                self._read(page)
            else:
                what = f"a {kind}" if kind else what_it_is(page.content_type, page.body)
                self.reject(FetchFailed(url, f"not an HTML page: {what}"))

    def index(self, indexing: Progress | None = None) -> BuildReport:
        """Everything read -> the store (nothing pruned); the report lists fetch rejections and duplicates too.

        A stored document is replaced only by a fetch of the page it came from (or of its canonical URL): an
        AMP or mirror copy with the same canonical URL is a duplicate and does not overwrite the story."""
        stored = {a["doc_id"]: a["source_path"] for a in Store.open(self.settings).list_articles()} \
            if self.articles else {}
        fresh = []
        for a in self.articles:
            if a.doc_id in stored and clean_url(stored[a.doc_id]) not in self._aliases[a.doc_id]:
                self.duplicates.append({"path": a.source_path, "doc_id": a.doc_id, "duplicate_of": a.doc_id})
            else:
                fresh.append(a)
        report = build_articles(self.settings, fresh, self.rejected, prune_missing=False, progress=indexing)
        report.duplicates = self.duplicates + report.duplicates
        return report

    def fetch(self, url: str, planned: int = 1, etag: str = "", last_modified: str = "") -> Page | None:
        """One GET with progress; a failure is kept as a rejection and gives None."""
        self._planned += planned
        self._fetched.add(clean_url(url))
        if self.progress:
            self.progress(self._done, max(self._planned, 1), url)
        try:
            if web_url(url) is None:
                raise FetchFailed(url, "not an http(s) URL of an article page, a feed or a sitemap")
            return self.fetcher.get(url, etag, last_modified)
        except FetchFailed as err:
            self.reject(err)
            return None
        finally:
            self._done += 1

    def reject(self, err: FetchFailed) -> None:
        self.rejected.append(err)
        if err.transient:
            self.retry.add(clean_url(err.path))

    # --- helpers ---------------------------------------------------------------------------------------------
    def _sitemap(self, page: Page) -> list[Entry]:
        """A sitemap, or a sitemap index and up to MAX_SITEMAPS of the sitemaps it lists -> page entries."""
        entries, nested = sitemap_entries(page.body, page.final_url)
        for url in nested[:MAX_SITEMAPS]:
            child = self.fetch(url)
            if child is not None:
                if kind_of(child.content_type, child.body) == SITEMAP:
                    entries += sitemap_entries(child.body, child.final_url)[0]  # one level deep only
                else:
                    self.reject(FetchFailed(url, "listed as a sitemap but is not one"))
        return entries

    def _read(self, page: Page) -> None:
        try:
            article, canonical = page_article(page, self.settings, self.sidecar)
        except FetchFailed as err:
            self.reject(err)
            return
        # The same canonical URL, or the same text, as a page read earlier in this run: the first one read is
        # the document (the build would keep the smaller doc_id, an accident of hashing).
        owner = article.doc_id if article.doc_id in self._docs else self._texts.get(article.content_hash)
        if owner:
            self.duplicates.append({"path": page.url, "doc_id": article.doc_id, "duplicate_of": owner})
            return
        self._docs.add(article.doc_id)
        self._texts[article.content_hash] = article.doc_id
        self._aliases[article.doc_id] = {clean_url(page.url), clean_url(page.final_url), canonical}
        self.articles.append(article)


def page_article(page: Page, settings: Settings, sidecar: dict[str, dict[str, str]]) -> tuple[Article, str]:
    """A fetched HTML page -> (Article, its canonical URL, which gave the doc_id and the default `url`);
    FetchFailed with the reason when it holds no article."""
    html = page_text(page)
    canonical = canonical_link(html, page.final_url) or clean_url(page.final_url)
    doc_id = url_doc_id(canonical)
    docs, bad = read_html(html, Path(doc_id))
    if bad:
        raise FetchFailed(page.url, f"{TOO_LITTLE}: {bad[0].reason}")
    doc = docs[0]
    doc.doc_id = doc_id
    doc.meta["url"] = canonical
    if "outlet" not in doc.meta and (name := outlet_for_domain(urlsplit(canonical).hostname or "")):
        doc.meta["outlet"] = name
    try:
        article = build_article(doc, sidecar.get(doc_id) or sidecar.get(canonical) or {}, settings.max_title_chars)
    except RejectedFile as err:
        raise FetchFailed(page.url, f"{TOO_LITTLE}: {err.reason}") from None
    words = len(article.text.split())
    if words < settings.web_min_words:
        raise FetchFailed(page.url, f"{TOO_LITTLE}: {words} words of story, fewer than "
                                    f"{settings.web_min_words} (NEWSRAG_WEB_MIN_WORDS)")
    article.source_path = page.url
    return article, canonical


def page_text(page: Page) -> str:
    """Page bytes -> text: the charset the server names, else trafilatura's detection (UTF-8 first)."""
    charset = charset_of(page.content_type)
    if charset:
        try:
            return page.body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_file(page.body)
