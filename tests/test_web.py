"""Articles from the web: `index add`, `index feeds`, `index refresh` against a real HTTP server on 127.0.0.1
(tests/web_site.py) serving pages modelled on real news sites, feeds, a sitemap and every kind of bad source.
The store and the embedder (MiniLM) are real; the HTTP is real; only the site is local."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from index.__main__ import main
from index.errors import FetchFailed, UserError
from index.feedlist import load_feeds
from index.feeds import Entry, feed_entries, newest, sitemap_entries
from index.fetch import Fetcher
from index.load import build_article
from index.read import read_html
from index.refresh import follow, refresh_feeds
from index.sniff import kind_of
from index.store import Store
from index.urls import canonical_link, clean_url, url_doc_id
from index.web import add_sources
from tests.conftest import make_settings
from tests.web_site import (
    ATOM,
    BS,
    FERRY,
    HUGE,
    HUGE_STREAM,
    JAKARTA,
    JAKARTA_MIRROR,
    KT,
    KT_AMP,
    MISSING,
    ODESSA,
    PAYWALL,
    PDF,
    RSS,
    RSS_AS_HTML_PATH,
    SHORT_LINK,
    SITEMAP,
    SITEMAP_GZ,
    SLOW,
    SUMMIT,
    WEB,
    news_site,
)

KT_CANONICAL = "https://www.koreatimes.co.kr/www/nation/2024/07/113_378190.html"
ODESSA_CANONICAL = "https://odessa-journal.com/the-president-of-south-korea-called-for-international-solidarity"
BS_CANONICAL = "/world-news/leaders-of-s-korea-nz-strongly-condemn-expanding-north-korea-russia-ties-124090400512_1.html"
SEEDS = {"000_a492bad89cb52a3e", "001_546bd0455f068fcd", "002_d081907265adfced", "003_ebf05fc48ef10ead",
         "004_b3ae7b4711933274"}
WEB_ENV = {"NEWSRAG_WEB_ALLOW_PRIVATE": "true", "NEWSRAG_WEB_TIMEOUT_S": "0.5", "NEWSRAG_WEB_DELAY_S": "0",
           "NEWSRAG_WEB_MAX_MB": "0.2"}


@pytest.fixture
def site():
    with news_site(huge_bytes=400_000) as s:  # twice NEWSRAG_WEB_MAX_MB in these tests
        yield s


def web_settings(store, **kw):
    kw = {"web_allow_private": True, "web_timeout_s": 0.5, "web_delay_s": 0.0, "web_max_mb": 0.2, **kw}
    return make_settings(store, **kw)


def cli(capsys, monkeypatch, *argv):
    """`python -m index ...` in-process with the test web settings -> (exit code, stdout, stderr)."""
    for key, value in WEB_ENV.items():
        monkeypatch.setenv(key, value)
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


# --- pure parts ----------------------------------------------------------------------------------------------
def test_a_url_loses_tracking_and_fragment_but_keeps_what_names_the_page():
    assert clean_url("HTTPS://Www.Site.com:443/a/b?id=3&utm_source=x&fbclid=y#top") == "https://www.site.com/a/b?id=3"
    assert clean_url("http://127.0.0.1:8123/x?page=2") == "http://127.0.0.1:8123/x?page=2"
    assert url_doc_id(KT_CANONICAL).startswith("koreatimes.co.kr_113_378190_")
    assert url_doc_id(KT_CANONICAL) != url_doc_id(KT_CANONICAL.replace("378190", "378191"))


def test_canonical_link_is_resolved_and_a_home_page_canonical_is_ignored():
    page = "https://s.org/amp/story"
    assert canonical_link('<head><link href="/a/story?utm_medium=x" rel="canonical"></head>', page) == "https://s.org/a/story"
    assert canonical_link("<head><link rel=canonical href=https://s.org/></head>", page) is None
    assert canonical_link('<head><link rel="alternate" href="/feed"></head>', page) is None


def test_what_a_body_is_comes_from_the_body_and_its_type_not_the_url():
    assert kind_of("text/html", (WEB / "rss.xml").read_bytes()) == "feed"  # a feed served as text/html
    assert kind_of("application/xml", (WEB / "atom.xml").read_bytes()) == "feed"
    assert kind_of("text/plain", (WEB / "sitemap.xml").read_bytes()) == "sitemap"
    assert kind_of("application/octet-stream", (WEB / "jakarta-yoon.html").read_bytes()) == "html"
    assert kind_of("text/html", b"%PDF-1.7 ...") is None
    assert kind_of("application/json", b'{"a": 1}') is None


def test_feed_entries_are_the_items_newest_first_without_the_channel_link():
    base = "http://news.example"
    rss = (WEB / "rss-updated.xml").read_bytes().replace(b"{{BASE}}", base.encode())
    urls = [e.url for e in feed_entries(rss, base + RSS)]
    assert f"{base}/" not in urls and len(urls) == 5
    top = newest(feed_entries(rss, base + RSS), 2)
    assert [e.url for e in top] == [f"{base}/slow/markets-live", f"{base}{FERRY}"]  # 2025-03-03 21:00, 20:15
    atom = (WEB / "atom.xml").read_bytes().replace(b"{{BASE}}", base.encode())
    assert [e.url for e in feed_entries(atom, base + ATOM)] == [base + ODESSA, base + KT_AMP]  # not rel=replies
    pages, nested = sitemap_entries((WEB / "sitemap.xml").read_bytes().replace(b"{{BASE}}", base.encode()), base)
    assert [p.url for p in pages] == [base + SUMMIT, base + JAKARTA + "#comments"] and nested == []
    assert newest([Entry("http://a/x#1"), Entry("http://a/x#2"), Entry("http://a/y")], 5) == [Entry("http://a/x#1"),
                                                                                              Entry("http://a/y")]


def test_a_story_is_read_whole_around_an_inline_also_read_box():
    # trafilatura drops the box's links but keeps its "Also Read" heading, which cleaning takes for the story's end.
    docs, rejected = read_html((WEB / "business-standard-seoul.html").read_text(encoding="utf-8"), Path("bs"))
    article = build_article(docs[0], {}, 300)
    assert rejected == [] and article.text.startswith("The leaders of South Korea and New Zealand strongly condemned")
    assert "two-way trade volume between South Korea and New Zealand has approximately doubled" in article.text
    for furniture in ("Also Read", "N Korea shows new drone", "WhatsApp", "Sensex", "Copyrights"):
        assert furniture not in article.text


def test_requests_to_one_host_wait_for_the_delay_and_name_the_project(site, tmp_path):
    waits: list[float] = []
    fetcher = Fetcher(web_settings(tmp_path / "s", web_delay_s=2.5), sleep=waits.append, clock=lambda: 100.0)
    fetcher.get(site.url(KT))
    fetcher.get(site.url(BS))  # same host: waits the whole delay (the fake clock stands still)
    fetcher.get(site.url(KT).replace("127.0.0.1", "localhost"))  # another host name: no wait
    assert waits == [2.5]
    agents = {h["user-agent"] for _, h in site.requests}
    assert agents == {fetcher.settings.web_user_agent} and "newsrag" in agents.pop()


# --- index add -----------------------------------------------------------------------------------------------
def test_add_indexes_pages_feeds_and_sitemaps_rejects_bad_sources_and_keeps_the_store(
        site, seed_store, tmp_path, capsys, monkeypatch):
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    sources = [site.url(KT + "?utm_source=twitter&utm_medium=social"), site.url(RSS), site.url(ATOM),
               site.url(SITEMAP), site.url(JAKARTA_MIRROR), site.url(PAYWALL), site.url(MISSING), site.url(SLOW),
               site.url(HUGE), site.url(HUGE_STREAM), site.url(PDF), "ftp://files.example/story.txt"]
    code, out, err = cli(capsys, monkeypatch, "add", *sources, "--store", str(store), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert set(report) == {"documents", "chunks", "added", "updated", "unchanged", "removed", "rejected",
                           "duplicates"}  # the object `index build --json` prints
    assert (report["added"], report["updated"], report["removed"]) == (5, 0, 0)
    reasons = {r["path"]: r["reason"] for r in report["rejected"]}
    assert set(reasons) == {site.url(PAYWALL), site.url(MISSING), site.url(SLOW), site.url(HUGE),
                            site.url(HUGE_STREAM), site.url(PDF), "ftp://files.example/story.txt"}
    assert reasons[site.url(PAYWALL)].startswith("too little text to be an article")
    assert reasons[site.url(MISSING)] == "HTTP 404 Not Found"
    assert reasons[site.url(SLOW)].startswith("timed out")
    assert reasons[site.url(HUGE)].startswith("too large") and reasons[site.url(HUGE_STREAM)].startswith("too large")
    assert reasons[site.url(PDF)] == "not an HTML page, a feed or a sitemap: a PDF document (application/pdf)"
    assert "not an http(s) URL" in reasons["ftp://files.example/story.txt"]

    docs = {d["doc_id"]: d for d in Store.open(make_settings(store)).list_articles()}
    assert set(docs) >= SEEDS and len(docs) == len(SEEDS) + 5 == report["documents"]  # nothing lost
    by_url = {d["url"]: d for d in docs.values()}
    kt = by_url[KT_CANONICAL]
    assert kt["doc_id"] == url_doc_id(KT_CANONICAL) and kt["outlet"] == "The Korea Times"
    assert kt["title"] == "Yoon, NATO leaders condemn threats raised by N. Korea-Russia ties"
    assert kt["published"] == "2024-07-11" and kt["author"].replace(".", "") == "Anna J Park"
    bs = by_url[site.url(BS_CANONICAL)]  # a relative canonical, resolved against the page
    assert (bs["outlet"], bs["published"]) == ("Business Standard", "2024-09-04")
    assert bs["title"] == "Leaders of S Korea, NZ strongly condemn expanding North Korea-Russia ties"
    odessa = by_url[ODESSA_CANONICAL]  # outlet and date from JSON-LD only
    assert (odessa["outlet"], odessa["published"], odessa["credit"]) == ("The Odessa Journal", "2024-10-10", "Yonhap")
    summit = by_url[site.url(SUMMIT)]  # from the sitemap; the page names no outlet
    assert (summit["outlet"], summit["published"]) == ("unknown", "2024-09-04")
    jakarta = by_url[site.url(JAKARTA)]  # from the feed; the sitemap's "#comments" link is the same page
    assert jakarta["title"] == "South Korea's Yoon says any militarily cooperation with North Korea must stop"
    assert all(c["url"] == KT_CANONICAL for c in Store.open(make_settings(store)).get_chunks(kt["doc_id"]))

    dups = {d["path"]: d["duplicate_of"] for d in report["duplicates"]}
    assert dups == {site.url(KT_AMP): kt["doc_id"], site.url(JAKARTA_MIRROR): jakarta["doc_id"]}
    assert [p.split("?")[0] for p in site.paths()].count(KT) == 1  # listed by the feed too, fetched once
    assert site.paths().count(JAKARTA) == 1  # in the feed, and in the sitemap as ".../yoon-asean-jakarta#comments"


def test_adding_the_same_pages_again_changes_nothing(site, tmp_path):
    settings = web_settings(tmp_path / "store")
    first = add_sources(settings, [site.url(KT), site.url(ODESSA)])
    again = add_sources(settings, [site.url(KT_AMP), site.url(ODESSA + "?utm_campaign=x")])
    assert (first.added, again.added, again.unchanged, again.updated) == (2, 0, 1, 0)
    kt = url_doc_id(KT_CANONICAL)  # the AMP copy names the same canonical URL: not indexed over the story
    assert again.duplicates == [{"path": site.url(KT_AMP), "doc_id": kt, "duplicate_of": kt}]
    assert again.documents == 2 and "Washington Summit Declaration" in Store.open(settings).get_article(kt)["text"]
    edited = add_sources(settings, [site.url(KT)])  # the page itself fetched again is the same document
    assert (edited.unchanged, edited.duplicates) == (1, [])


def test_a_redirect_and_a_gzipped_sitemap_are_followed(site, tmp_path):
    report = add_sources(web_settings(tmp_path / "store"), [site.url(SHORT_LINK), site.url(SITEMAP_GZ)])
    assert (report.added, report.rejected) == (3, [])
    urls = {d["url"] for d in Store.open(web_settings(tmp_path / "store")).list_articles()}
    assert urls == {KT_CANONICAL, site.url(SUMMIT), site.url(JAKARTA)}
    assert site.paths()[:2] == [SHORT_LINK, KT]


def test_the_web_sidecar_overrides_page_metadata_by_url_or_doc_id(site, tmp_path):
    settings = web_settings(tmp_path / "store")
    (settings.store / "web").mkdir(parents=True)
    (settings.store / "web" / "metadata.toml").write_text(
        f'["{KT_CANONICAL}"]\noutlet = "Korea Times (English)"\nauthor = "Anna J. Park"\n\n'
        f'["{url_doc_id(site.url(SUMMIT))}"]\noutlet = "Seoul Desk"\npublished = "2024-09"\n', encoding="utf-8")
    add_sources(settings, [site.url(KT), site.url(SUMMIT)])
    docs = {d["url"]: d for d in Store.open(settings).list_articles()}
    assert (docs[KT_CANONICAL]["outlet"], docs[KT_CANONICAL]["author"]) == ("Korea Times (English)", "Anna J. Park")
    assert docs[KT_CANONICAL]["published"] == "2024-07-11"  # keys the sidecar does not set stay the page's
    assert (docs[site.url(SUMMIT)]["outlet"], docs[site.url(SUMMIT)]["published"]) == ("Seoul Desk", "2024-09")


def test_private_addresses_are_refused_unless_allowed(site, tmp_path):
    settings = make_settings(tmp_path / "store")  # the defaults
    report = add_sources(settings, [site.url(KT)])
    assert report.added == 0 and report.documents == 0
    assert report.rejected[0]["path"] == site.url(KT)
    assert "private or local address" in report.rejected[0]["reason"]
    assert "NEWSRAG_WEB_ALLOW_PRIVATE" in report.rejected[0]["reason"]
    assert site.requests == []  # refused before a byte was sent


# --- saved feeds and refresh ---------------------------------------------------------------------------------
def test_feeds_are_saved_checked_listed_and_removed(site, tmp_path, capsys, monkeypatch):
    store = str(tmp_path / "store")
    code, out, _ = cli(capsys, monkeypatch, "feeds", "add", site.url(RSS_AS_HTML_PATH), "--store", store, "--json")
    assert code == 0 and json.loads(out) == {"added": site.url(RSS_AS_HTML_PATH), "kind": "feed"}
    code, out, _ = cli(capsys, monkeypatch, "feeds", "add", site.url(SITEMAP), "--store", store)
    assert code == 0 and "added sitemap" in out
    code, out, _ = cli(capsys, monkeypatch, "feeds", "add", site.url(RSS_AS_HTML_PATH + "#top"), "--store", store)
    assert code == 0 and "already saved" in out
    code, _, err = cli(capsys, monkeypatch, "feeds", "add", site.url(KT), "--store", store)
    assert code == 2 and "not an RSS or Atom feed or a sitemap: an article page" in err
    code, _, err = cli(capsys, monkeypatch, "feeds", "add", site.url(MISSING), "--store", store)
    assert code == 2 and err.strip() == f"error: {site.url(MISSING)}: HTTP 404 Not Found"
    code, out, _ = cli(capsys, monkeypatch, "feeds", "list", "--store", store, "--json")
    assert [(f["url"], f["kind"], f["seen"]) for f in json.loads(out)["feeds"]] == [
        (site.url(RSS_AS_HTML_PATH), "feed", 0), (site.url(SITEMAP), "sitemap", 0)]
    code, out, _ = cli(capsys, monkeypatch, "feeds", "remove", site.url(SITEMAP), "--store", store)
    assert code == 0 and [f.url for f in load_feeds(make_settings(tmp_path / "store"))] == [site.url(RSS_AS_HTML_PATH)]
    code, _, err = cli(capsys, monkeypatch, "feeds", "remove", site.url(SITEMAP), "--store", store)
    assert code == 2 and "not a saved feed" in err and "Traceback" not in err


def test_refresh_asks_conditionally_and_fetches_only_new_entries(site, tmp_path):
    settings = web_settings(tmp_path / "store")
    assert follow(settings, site.url(RSS)) == ("feed", True)
    assert follow(settings, site.url(ATOM)) == ("feed", True)
    site.requests.clear()

    build, feeds = refresh_feeds(settings)
    assert [(f.status, f.listed, f.new, f.seen_before) for f in feeds] == [("new entries", 3, 3, 0),
                                                                             ("new entries", 2, 2, 0)]
    assert build.added == 4 and [d["path"] for d in build.duplicates] == [site.url(KT_AMP)]
    assert "if-none-match" not in site.headers_for(RSS)[0]
    etag = load_feeds(settings)[0].etag
    assert etag and len(load_feeds(settings)[0].seen) == 3

    site.requests.clear()
    build, feeds = refresh_feeds(settings)
    assert [f.status for f in feeds] == ["not modified", "not modified"] and build.added == 0
    sent = site.headers_for(RSS)[0]
    assert sent["if-none-match"] == etag and sent["if-modified-since"] == "Wed, 04 Sep 2024 08:12:00 GMT"
    assert site.paths() == [RSS, ATOM]  # no entry fetched again

    site.feeds[RSS] = ("rss-updated.xml", "application/rss+xml")  # two new items: one page, one that hangs
    site.gone.add(ATOM)
    site.requests.clear()
    build, feeds = refresh_feeds(settings)
    rss, atom = feeds
    assert (rss.status, rss.listed, rss.new, rss.seen_before) == ("new entries", 5, 2, 3)
    assert (atom.status, atom.reason) == ("rejected", "HTTP 404 Not Found")
    assert build.added == 1 and build.documents == 5
    assert {r["path"] for r in build.rejected} == {site.url(ATOM), site.url("/slow/markets-live")}
    assert sorted(p for p in site.paths() if p not in (RSS, ATOM)) == [FERRY, "/slow/markets-live"]
    ferry = next(d for d in Store.open(settings).list_articles() if d["outlet"] == "Harbour Tribune")
    assert ferry["url"] == "https://harbourtribune.example/news/2025/03/wellington-ferry-strike-ends"

    # The entry that timed out is not marked seen and the old validators are kept: the next refresh retries it.
    assert load_feeds(settings)[0].etag == etag
    site.requests.clear()
    _, feeds = refresh_feeds(settings)
    assert (feeds[0].status, feeds[0].new, feeds[0].seen_before) == ("new entries", 1, 4)
    assert [p for p in site.paths() if p not in (RSS, ATOM)] == ["/slow/markets-live"]


def test_refresh_cli_reports_counts_and_needs_saved_feeds(site, tmp_path, capsys, monkeypatch):
    store = str(tmp_path / "store")
    code, _, err = cli(capsys, monkeypatch, "refresh", "--store", store)
    assert code == 2 and "no saved feeds" in err and "feeds add" in err
    cli(capsys, monkeypatch, "feeds", "add", site.url(SITEMAP), "--store", store)
    code, out, err = cli(capsys, monkeypatch, "refresh", "--store", store, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["added"] == 2 and report["rejected"] == []
    assert report["feeds"] == [{"url": site.url(SITEMAP), "status": "new entries", "listed": 2, "new": 2,
                                "seen_before": 0, "reason": ""}]
    code, out, _ = cli(capsys, monkeypatch, "refresh", "--store", store)
    assert code == 0 and f"{site.url(SITEMAP)}: not modified" in out


def test_the_feed_cap_takes_the_newest_entries(site, tmp_path):
    settings = web_settings(tmp_path / "store", web_max_entries=1)
    report = add_sources(settings, [site.url(RSS)])
    assert report.added == 1
    assert [d["url"] for d in Store.open(settings).list_articles()] == [site.url(BS_CANONICAL)]  # 2024-09-04
    assert KT not in site.paths() and JAKARTA not in site.paths()


def test_bad_arguments_are_one_line_errors(tmp_path, capsys, monkeypatch):
    code, _, err = cli(capsys, monkeypatch, "feeds", "add", "--store", str(tmp_path / "s"))
    assert code == 2 and err.strip() == "error: feeds add needs a URL: python -m index feeds add URL"
    code, _, err = cli(capsys, monkeypatch, "feeds", "add", "not-a-url", "--store", str(tmp_path / "s"))
    assert code == 2 and "not an http(s) URL" in err and "Traceback" not in err
    with pytest.raises(UserError, match="one or more URLs"):
        add_sources(make_settings(tmp_path / "s"), ["  "])
    assert issubclass(FetchFailed, UserError)  # a bad source is the user's to fix, reported with its reason
