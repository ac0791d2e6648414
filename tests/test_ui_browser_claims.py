"""The "Check a claim" tab in Debian's Chromium (Playwright), on the bundled corpus: a reader pastes a sentence the
articles support, one they contradict and one they say nothing about, and sees each verdict, the deciding
sentence marked inside its source card, and a one-line message for an empty box. Retrieval, verification and the
page are real (no model runs). A screenshot of each goes to artifacts/claims/."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect

from rag.reply.pipeline import Engine
from tests.conftest import free_port, make_settings
from tests.fakes import ScriptedLLM
from tests.test_ui_browser import CHROMIUM, chromium_page
from ui.app import build_app, launch

pytestmark = pytest.mark.browser

CLAIMS = [  # (screenshot name, sentence, verdict, headline, marked in the first card, outlet of that card)
    ("supported", "NATO condemned North Korea's exports of artillery shells.", "supported",
     "Supported by the articles", "condemning North Korea", "The Korea Times"),
    ("contradicted", "South Korea and Japan have taken part in the NATO summit for five consecutive years.",
     "contradicted", "Contradicted by the articles", "three consecutive years", "The Korea Times"),
    ("unrelated", "Argentina won the 2022 World Cup final in Qatar.", "not found", "Not found in the articles",
     None, None),
]
HOSTILE = 'Argentina <img src=x onerror="window.__pwned=1"> won the World Cup.'


@pytest.fixture(scope="module")
def served(seed_store, tmp_path_factory):
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    root = tmp_path_factory.mktemp("ui_claims")
    shutil.copytree(seed_store, root / "store")
    settings = make_settings(root / "store", port=free_port())
    engine = Engine(settings, llm=ScriptedLLM([]))
    app = build_app(settings, engine=engine)
    _, url, _ = launch(app, settings, prevent_thread_lock=True, quiet=True)
    yield url, engine
    app.close()


@pytest.fixture(scope="module")
def shots(artifacts):
    folder = artifacts / "claims"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture
def page(served):
    url, _ = served
    with chromium_page() as pg:
        pg.requests = []  # type: ignore[attr-defined]
        pg.on("request", lambda r: pg.requests.append(r.url))  # type: ignore[attr-defined]
        pg.goto(url)
        pg.get_by_role("tab", name="Check a claim").click()
        pg.wait_for_selector("#nr-claim textarea")
        yield pg


def check(pg, sentence: str) -> None:
    """Paste a sentence, press Check, wait until the verdict for it is shown."""
    pg.fill("#nr-claim textarea", sentence)
    pg.click("#nr-check")
    pg.wait_for_function("(s) => { const q = document.querySelector('#nr-claim-result .nr-claim-text');"
                         " return q && q.textContent === s; }", arg=sentence)
    pg.wait_for_function("() => !document.querySelector('#nr-claim-result .pending, #nr-claim-result.pending')")


def test_supported_contradicted_and_unrelated_claims_in_the_browser(served, page, shots):
    url, engine = served
    page.screenshot(path=shots / "claims-00-tab.png")
    for n, (name, sentence, verdict, headline, marked, outlet) in enumerate(CLAIMS, 1):
        check(page, sentence)
        box = page.locator("#nr-claim-result .nr-claimcheck")
        assert box.get_attribute("data-verdict") == verdict
        assert headline.lower() in page.inner_text("#nr-claim-result .nr-claim-verdict").lower()
        cards = page.locator("#nr-claim-result article.nr-card")
        if marked:
            assert cards.count() >= 1
            first = cards.first
            assert outlet in first.locator(".nr-outlet").inner_text()
            assert marked in first.locator(".nr-passage mark").first.inner_text()
            stance = "supports the sentence" if verdict == "supported" else "contradicts the sentence"
            assert stance in first.inner_text()
        else:
            assert cards.count() == 0 and page.query_selector_all("#nr-claim-result mark") == []
            assert "No indexed article states this" in page.inner_text("#nr-claim-result")
        page.screenshot(path=shots / f"claims-{n:02d}-{name}.png", full_page=True)
    assert not engine.llm.prompts  # checking a claim never asks the model
    assert not [u for u in page.requests if not u.startswith(url.rstrip("/"))]  # nothing leaves the machine


def test_an_example_fills_the_box_and_bad_or_hostile_input_stays_inert(page, shots):
    page.locator("button", has_text="North Korea and Russia admitted").first.click()  # the label is cut short
    # the example reaches the box through a server round trip: wait for it (a loaded machine takes a while)
    expect(page.locator("#nr-claim textarea")).to_have_value(
        "North Korea and Russia admitted they were in arms negotiations.", timeout=30_000)
    page.click("#nr-check")
    page.wait_for_selector("#nr-claim-result .nr-claimcheck[data-verdict='contradicted']")
    assert "have denied" in page.inner_text("#nr-claim-result mark")

    page.fill("#nr-claim textarea", "   ")
    page.click("#nr-check")
    page.wait_for_selector("#nr-claim-result .nr-error")
    assert page.inner_text("#nr-claim-result").strip() == ("the sentence is empty: give a sentence to check "
                                                           "against the articles")  # one line (its ⚠ is CSS)
    page.screenshot(path=shots / "claims-04-empty.png")

    check(page, HOSTILE)
    assert page.query_selector_all("#nr-claim-result img") == []
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#nr-claim-result .nr-claimcheck").get_attribute("data-verdict") == "not found"
