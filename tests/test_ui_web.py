"""The Corpus tab's "Add from URL or feed", through `gradio_client` against the real app on a free port, fetching
from a real HTTP server on 127.0.0.1 (tests/web_site.py); a scripted LLM answers, the store is real."""

from __future__ import annotations

import shutil

import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

from index.build import BuildReport
from index.errors import UserError
from index.store import Store
from index.urls import url_doc_id
from rag.reply.pipeline import Engine
from tests.conftest import free_port, make_settings
from tests.fakes import ScriptedLLM
from tests.web_site import FERRY, MISSING, PDF, SITEMAP, news_site
from ui.app import build_app, launch
from ui.web_sources import MAX_URLS, parse_urls, web_report_html

FERRY_URL = "https://harbourtribune.example/news/2025/03/wellington-ferry-strike-ends"
SEEDS = {"000_a492bad89cb52a3e", "001_546bd0455f068fcd", "002_d081907265adfced", "003_ebf05fc48ef10ead",
         "004_b3ae7b4711933274"}


@pytest.fixture(scope="module")
def served(seed_store, tmp_path_factory):
    """(client, settings, engine, site): the app over a private copy of the seed store, and the news site."""
    root = tmp_path_factory.mktemp("ui_web")
    shutil.copytree(seed_store, root / "store")
    settings = make_settings(root / "store", port=free_port(), web_allow_private=True, web_timeout_s=0.5,
                             web_delay_s=0.0)
    engine = Engine(settings, llm=ScriptedLLM([]))
    app = build_app(settings, engine=engine)
    with news_site() as site:
        _, url, _ = launch(app, settings, prevent_thread_lock=True, quiet=True)
        try:
            yield Client(url, verbose=False), settings, engine, site
        finally:
            app.close()


def test_urls_are_fetched_indexed_and_the_table_and_outlets_refresh(served):
    client, settings, engine, site = served
    text = f"{site.url(FERRY)}\n{site.url(MISSING)}, {site.url(PDF)}\n\n{site.url(SITEMAP)}"
    note, table, outlets = client.predict(text, api_name="/add_urls")
    assert "3 added" in note  # the ferry story and the sitemap's two pages
    assert f"<b>{site.url(MISSING)}</b>: HTTP 404 Not Found" in note  # the whole URL, with its reason
    assert f"<b>{site.url(PDF)}</b>: not an HTML page, a feed or a sitemap: a PDF document" in note
    ferry_id = url_doc_id(FERRY_URL)
    listed = {row[0]: row for row in table["value"]["data"]}
    assert SEEDS | {ferry_id} <= set(listed) and len(listed) == len(SEEDS) + 3  # nothing lost
    assert listed[ferry_id][1:3] == ["Harbour Tribune", "Wellington ferry strike ends after three days"]
    assert "Harbour Tribune" in {c[0] if isinstance(c, list | tuple) else c for c in outlets["choices"]}
    assert Store.open(settings).get_article(ferry_id)["url"] == FERRY_URL

    engine.llm.queue.append("The strike by Interislander ferry workers in Wellington ended on Tuesday after the "
                            "Maritime Union accepted a pay offer of 4.5 percent [1].")
    answer = client.predict("How did the Interislander ferry strike in Wellington end?", api_name="/ask")
    cited = [c for c in answer["citations"] if c["doc_id"] == ferry_id]
    assert cited and cited[0]["url"] == FERRY_URL and cited[0]["outlet"] == "Harbour Tribune"


def test_an_empty_box_is_a_message_not_a_fetch(served):
    client, _, _, site = served
    before = len(site.requests)
    with pytest.raises(AppError, match="Paste one or more URLs"):
        client.predict("  \n ", api_name="/add_urls")
    assert len(site.requests) == before


def test_url_box_parsing_and_report_show_urls_whole():
    assert parse_urls("https://a.org/x\nhttps://b.org/rss, https://a.org/x") == ["https://a.org/x", "https://b.org/rss"]
    with pytest.raises(UserError, match="at most 20 per click"):
        parse_urls(" ".join(f"https://a.org/{i}" for i in range(MAX_URLS + 1)))
    page = web_report_html(BuildReport(added=1, documents=6, chunks=20,
                                       rejected=[{"path": "https://a.org/news/x.html", "reason": "HTTP 404 Not Found"}]))
    assert "<b>https://a.org/news/x.html</b>: HTTP 404 Not Found" in page and "1 added" in page
