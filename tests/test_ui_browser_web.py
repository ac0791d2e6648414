"""The Corpus tab's "Add from URL or feed" in Debian's Chromium (Playwright): paste URLs (a page, a feed, a 404),
click, see the rejected URL with its reason and the new articles in the table. The URLs point at a real HTTP
server on 127.0.0.1 (tests/web_site.py); a screenshot goes to artifacts/ui-web-sources.png."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index.urls import url_doc_id
from rag.reply.pipeline import Engine
from tests.conftest import free_port, make_settings
from tests.fakes import ScriptedLLM
from tests.test_ui_browser import CHROMIUM, chromium_page
from tests.web_site import FERRY, MISSING, SITEMAP, news_site
from ui.app import build_app, launch

pytestmark = pytest.mark.browser


def test_urls_pasted_in_the_corpus_tab_are_indexed_and_rejections_listed(seed_store, tmp_path, artifacts):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    shutil.copytree(seed_store, tmp_path / "store")
    settings = make_settings(tmp_path / "store", port=free_port(), web_allow_private=True, web_timeout_s=0.5,
                             web_delay_s=0.0)
    app = build_app(settings, engine=Engine(settings, llm=ScriptedLLM([])))
    with news_site() as site:
        _, url, _ = launch(app, settings, prevent_thread_lock=True, quiet=True)
        try:
            with chromium_page() as page:
                page.goto(url)
                page.get_by_role("tab", name="Corpus").click()
                page.fill("#nr-web-urls textarea", "\n".join(site.url(p) for p in (FERRY, SITEMAP, MISSING)))
                page.click("#nr-web-add")
                page.wait_for_selector("#nr-web-report .nr-upload-sum")
                report = page.inner_text("#nr-web-report")
                assert "3 added" in report
                assert f"{site.url(MISSING)}: HTTP 404 Not Found" in report
                ferry = url_doc_id("https://harbourtribune.example/news/2025/03/wellington-ferry-strike-ends")
                page.wait_for_function(f"() => document.querySelector('#nr-articles').innerText.includes('{ferry}')")
                assert "002_d081907265adfced" in page.inner_text("#nr-articles")  # the seeds are still there
                page.locator("#nr-web-urls").scroll_into_view_if_needed()
                page.screenshot(path=artifacts / "ui-web-sources.png", full_page=True)
        finally:
            app.close()
