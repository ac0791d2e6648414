"""The "Check a claim" tab's HTML: a verdict styled per outcome, the evidence window in <mark> inside its source
card, every piece of text escaped; its handlers on the real seed store; and the `/check` endpoint through
gradio_client against the real app."""

from __future__ import annotations

import re
import shutil

import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

from rag.answer import Passage
from rag.reply.pipeline import Engine
from rag.verification.check import CONTRADICTED, NOT_FOUND, SUPPORTED, ClaimCheck
from tests.conftest import free_port, make_settings
from tests.fakes import ScriptedLLM
from tests.passages import kt
from ui.app import build_app, launch
from ui.claim_check import ClaimHandlers, claim_html

HOSTILE = '<img src=x onerror="window.__pwned=1"><script>alert(1)</script>'


def hostile_passage() -> Passage:
    text = f"Intro {HOSTILE}. The NATO leaders condemned the exports & more. Tail <b>bold</b>."
    return Passage(doc_id="evil", chunk_id="evil:0", text=text, start=0, end=len(text), outlet=f"Evil {HOSTILE}",
                   title=f"Title {HOSTILE}", published="2024-07-10", author="A <i>writer</i>",
                   url="javascript:alert(1)")


def window(p: Passage, phrase: str) -> tuple[Passage, int, int]:
    start = p.text.index(phrase)
    return p, start, start + len(phrase)


def test_supported_verdict_marks_the_window_inside_its_source_card():
    p = kt()
    quote = window(p, "three consecutive years")
    html = claim_html("They joined for three consecutive years.", ClaimCheck(SUPPORTED, "supported by The Korea Times", [quote]))
    assert 'class="nr-claimcheck nr-claim-supported"' in html and 'data-verdict="supported"' in html
    assert "✓ Supported by the articles" in html
    card = re.search(r'<article class="nr-card nr-claim-card" id="claim-src-1">.*?</article>', html, re.S)
    assert card, html
    assert "<mark>three consecutive years</mark>" in card.group()
    assert '<span class="nr-outlet">The Korea Times</span>' in card.group()
    assert "✓ supports the sentence" in card.group()
    assert card.group().count("<mark>") == 1


def test_contradicted_verdict_says_so_on_the_card():
    p = kt()
    html = claim_html("They joined for five consecutive years.",
                      ClaimCheck(CONTRADICTED, "The Korea Times has three where the sentence has five",
                                 [window(p, "three consecutive years")]))
    assert "nr-claim-contradicted" in html and "✗ Contradicted by the articles" in html
    assert "✗ contradicts the sentence" in html and "<mark>three consecutive years</mark>" in html
    assert "supports the sentence" not in html


def test_not_found_has_no_card_and_a_hint():
    html = claim_html("Argentina won the World Cup.", ClaimCheck(NOT_FOUND, "no passage states this (closest: low overlap)"))
    assert "nr-claim-notfound" in html and "? Not found in the articles" in html
    assert "<article" not in html and "<mark>" not in html
    assert "Corpus tab" in html


def test_every_text_is_escaped_and_only_the_window_is_marked():
    p = hostile_passage()
    result = ClaimCheck(SUPPORTED, f"supported by {HOSTILE}", [window(p, "The NATO leaders condemned the exports & more.")])
    html = claim_html(f"NATO condemned it {HOSTILE}", result)
    assert "<img" not in html and "<script" not in html and "<b>" not in html and "<i>" not in html
    assert html.count("&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;") == 5  # sentence, reason, text, outlet, title
    assert "<mark>The NATO leaders condemned the exports &amp; more.</mark>" in html
    assert "javascript:" not in html and "<a " not in html  # an unsafe url is not linked
    assert "A &lt;i&gt;writer&lt;/i&gt; · 2024-07-10" in html


def test_an_unknown_outlet_is_said_so_and_the_title_shown():
    p = Passage(doc_id="000", chunk_id="000:0", text="Luxon took office in November 2022.", start=0, end=35,
                outlet="unknown", title="South Korea and New Zealand condemn ties", url="https://example.org/a")
    html = claim_html("Luxon took office in 2021.", ClaimCheck(CONTRADICTED, "has 2022", [(p, 0, 35)]))
    assert "Outlet not named in the article" in html
    assert '<a href="https://example.org/a" target="_blank" rel="noopener noreferrer nofollow">' in html


# ---- handlers on the seed store ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def engine(seed_store):
    return Engine(make_settings(seed_store), llm=ScriptedLLM([]))


@pytest.fixture(scope="module")
def handlers(engine):
    return ClaimHandlers(engine, engine.settings)


@pytest.mark.parametrize(("sentence", "verdict", "marked"), [
    ("NATO condemned North Korea's exports of artillery shells.", "supported", "condemning North Korea"),
    ("South Korea and Japan have taken part in the NATO summit for five consecutive years.", "contradicted",
     "three consecutive years"),
    ("Argentina won the 2022 World Cup final in Qatar.", "not found", None),
])
def test_the_tab_shows_the_verdict_of_the_indexed_articles(handlers, sentence, verdict, marked):
    html = handlers.show(sentence)
    assert f'data-verdict="{verdict}"' in html
    marks = re.findall(r"<mark>(.*?)</mark>", html, re.S)
    if marked:
        assert any(marked in m for m in marks), marks
    else:
        assert marks == []


@pytest.mark.parametrize(("sentence", "message"), [
    ("", "the sentence is empty: give a sentence to check against the articles"),
    ("   ", "the sentence is empty: give a sentence to check against the articles"),
    ("x" * 1001, "the sentence is 1001 characters long; the limit is 1000"),
])
def test_bad_input_is_one_line(handlers, sentence, message):
    assert handlers.show(sentence) == f'<div class="nr-error">{message}</div>'


# ---- the /check endpoint ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def client(seed_store, tmp_path_factory):
    root = tmp_path_factory.mktemp("ui_check_api")
    shutil.copytree(seed_store, root / "store")
    settings = make_settings(root / "store", port=free_port())
    app = build_app(settings, engine=Engine(settings, llm=ScriptedLLM([])))
    launch(app, settings, prevent_thread_lock=True, quiet=True)
    yield Client(f"http://127.0.0.1:{settings.port}/", verbose=False)
    app.close()


def test_check_endpoint_returns_the_cli_json(client):
    got = client.predict("NATO praised North Korea's exports of artillery shells.", api_name="/check")
    assert set(got) == {"supported", "verdict", "reason", "evidence"}
    assert (got["supported"], got["verdict"]) == (False, "contradicted")
    assert 'opposite of "praised"' in got["reason"]
    assert got["evidence"][0]["outlet"] == "The Korea Times" and "condemn" in got["evidence"][0]["quote"]


def test_check_endpoint_rejects_bad_input_with_its_message(client):
    with pytest.raises(AppError, match="the sentence is empty"):
        client.predict("  ", api_name="/check")
    assert "/check" in client.view_api(return_format="dict")["named_endpoints"]
