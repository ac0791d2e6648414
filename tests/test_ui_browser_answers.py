"""Each answer look in Debian's Chromium (Playwright), on the bundled corpus: the verified lead shows while the
model still writes, then stands as a headline above its evidence — a Yes/No badge, a partial-answer note, a
decline, a disagreement, a timeline as an ordered list — and its chips open their source cards. Structure is
asserted, not wording (the pipeline is still being tuned). A screenshot of each goes to artifacts/answers/."""

from __future__ import annotations

import shutil

import pytest

from rag.reply.pipeline import Engine
from tests.conftest import free_port, make_settings
from tests.fakes import ScriptedLLM
from tests.test_ui_browser import CHROMIUM, UNCHECKED, WATCH, chromium_page, slow
from ui.app import build_app, launch

pytestmark = pytest.mark.browser

# Every question gets the same draft: one sentence an article backs, one none does (it must never show).
REPLY = ("Kishida also expressed grave concerns over the growing Russia-North Korea military cooperation [1]. "
         f"Kishida then flew to {UNCHECKED} to sign a secret pact [1].")
QUESTIONS = {
    "yes": "Did Kishida share Yoon's concerns about Russia-North Korea cooperation?",
    "no": "Was the NATO summit held in Brussels?",
    "partial": "How many people attended the NATO summit?",
    "declined": "Who won the 2030 World Cup?",
    "troops": "How many troops has North Korea sent to Russia?",  # no article states it: partial or declined
    "disagree": "Do the reports agree on when Luxon took office?",
    "timeline": "Put in order: Luxon becoming New Zealand's prime minister and the Yoon-Luxon summit.",
}


@pytest.fixture(scope="module")
def served(seed_store, tmp_path_factory):
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    root = tmp_path_factory.mktemp("ui_answers")
    shutil.copytree(seed_store, root / "store")
    settings = make_settings(root / "store", port=free_port())
    engine = Engine(settings, llm=slow(ScriptedLLM([REPLY] * 20)))
    app = build_app(settings, engine=engine)
    _, url, _ = launch(app, settings, prevent_thread_lock=True, quiet=True)
    yield url
    app.close()


@pytest.fixture
def page(served):
    with chromium_page() as pg:
        pg.goto(served)
        pg.wait_for_selector("#nr-question textarea")
        pg.evaluate(WATCH, UNCHECKED)
        yield pg


@pytest.fixture(scope="module")
def shots(artifacts):
    folder = artifacts / "answers"
    folder.mkdir(exist_ok=True)
    return folder


def submit(page, question: str) -> None:  # type: ignore[no-untyped-def]
    page.fill("#nr-question textarea", question)
    page.click("#nr-ask")


def final(page):  # type: ignore[no-untyped-def]
    """The final bubble (a streaming one carries .nr-streaming), and what the watcher saw on the way."""
    page.wait_for_selector("#nr-chat .nr-answer:not(.nr-streaming)")
    assert page.query_selector("#nr-chat .nr-status, #nr-chat .nr-live, #nr-chat .nr-pending") is None
    seen = page.evaluate("window.__seen")
    assert not seen["draft"] and not seen["leak"], seen  # nothing unchecked was ever on screen
    return page.locator("#nr-chat .nr-answer").last, seen


def ask(page, question: str):  # type: ignore[no-untyped-def]
    submit(page, question)
    return final(page)


def above(page, upper: str, lower: str) -> None:
    """`upper` is visible and ends where `lower` (when there is one) begins or earlier."""
    top = page.locator(f"#nr-chat {upper}").first
    assert top.is_visible(), upper
    if page.locator(f"#nr-chat {lower}").count():
        a, b = top.bounding_box(), page.locator(f"#nr-chat {lower}").first.bounding_box()
        assert a and b and a["y"] + a["height"] <= b["y"] + 1, (upper, a, lower, b)


def open_card(page, chip) -> None:  # type: ignore[no-untyped-def]
    """Click a chip: its card scrolls into the sources panel, flashing, with its quote marked."""
    target = (chip.get_attribute("href") or "").lstrip("#")  # the sanitiser keeps href, not data-*
    chip.click()
    card = page.locator(f"#{target}")
    card.wait_for()
    page.wait_for_function("(id) => { const r = document.getElementById(id).getBoundingClientRect();"
                           " return r.top >= 0 && r.top < window.innerHeight; }", arg=target)
    assert "nr-flash" in (card.get_attribute("class") or "") and card.locator("mark").count()


def test_a_yes_shows_its_lead_while_the_model_writes_then_a_yes_badge_above_the_evidence(page, shots):
    submit(page, QUESTIONS["yes"])
    page.wait_for_selector("#nr-chat .nr-streaming .nr-lead .nr-verdict-yes")  # before the model has finished
    page.screenshot(path=shots / "yes-streaming.png")
    bubble, seen = final(page)
    assert seen["lead"]
    assert "nr-says-yes" in (bubble.get_attribute("class") or "")
    assert bubble.locator(".nr-lead .nr-verdict").inner_text().lower() == "yes"
    above(page, ".nr-lead", ".nr-evidence")
    above(page, ".nr-lead", ".nr-dropped")
    open_card(page, bubble.locator(".nr-lead a.nr-cite").first)
    page.screenshot(path=shots / "yes.png")


def test_a_no_has_a_no_badge_and_a_cited_lead(page, shots):
    bubble, _ = ask(page, QUESTIONS["no"])
    assert "nr-says-no" in (bubble.get_attribute("class") or "")
    assert bubble.locator(".nr-lead .nr-verdict").inner_text().lower() == "no"
    above(page, ".nr-lead", ".nr-evidence")
    open_card(page, bubble.locator(".nr-lead a.nr-cite").first)
    page.screenshot(path=shots / "no.png")


def check_partial(page, bubble) -> None:  # type: ignore[no-untyped-def]
    assert "nr-partial" in (bubble.get_attribute("class") or "")
    assert bubble.locator(".nr-partial-note .nr-partial-label").is_visible()
    assert bubble.locator(".nr-verdict").count() == 0
    above(page, ".nr-partial-note", ".nr-evidence")
    assert bubble.locator(".nr-evidence").is_visible()
    open_card(page, bubble.locator(".nr-evidence a.nr-cite").first)


def check_declined(page, bubble) -> None:  # type: ignore[no-untyped-def]
    assert "nr-abstained" in (bubble.get_attribute("class") or "")
    assert bubble.locator(".nr-abstain-title").is_visible()
    assert bubble.locator(".nr-lead, a.nr-cite").count() == 0
    assert "No source backs" in page.inner_text("#nr-sources")


def test_a_partial_answer_leads_with_what_the_articles_do_not_state(page, shots):
    bubble, _ = ask(page, QUESTIONS["partial"])
    check_partial(page, bubble)
    page.screenshot(path=shots / "partial.png")


def test_a_declined_question_keeps_its_own_style(page, shots):
    bubble, _ = ask(page, QUESTIONS["declined"])
    check_declined(page, bubble)
    page.screenshot(path=shots / "declined.png")


def test_a_number_no_article_states_is_a_partial_answer_or_a_decline_never_a_guess(page, shots):
    bubble, _ = ask(page, QUESTIONS["troops"])
    if "nr-abstained" in (bubble.get_attribute("class") or ""):
        check_declined(page, bubble)
    else:
        check_partial(page, bubble)
    page.screenshot(path=shots / "troops.png")


def test_reports_that_disagree_lead_above_the_boxed_sides(page, shots):
    bubble, _ = ask(page, QUESTIONS["disagree"])
    assert "nr-disputed" in (bubble.get_attribute("class") or "")
    above(page, ".nr-lead", ".nr-conflict")
    sides = bubble.locator(".nr-conflict a.nr-cite")
    assert sides.count() >= 2
    open_card(page, sides.nth(1))
    page.screenshot(path=shots / "disagree.png")


def test_a_timeline_is_an_ordered_list_with_date_and_outlet_on_each_entry(page, shots):
    bubble, _ = ask(page, QUESTIONS["timeline"])
    entries = bubble.locator("ol.nr-timeline > li.nr-tl-entry")
    assert entries.count() >= 2
    tops = []
    for i in range(entries.count()):
        entry = entries.nth(i)
        assert entry.is_visible()
        assert entry.locator(".nr-tl-date").inner_text().strip() and entry.locator(".nr-tl-outlet").inner_text().strip()
        assert entry.locator("a.nr-cite").count() >= 1
        tops.append(entry.bounding_box()["y"])
    assert tops == sorted(tops)  # one entry under the other, in list order
    above(page, "ol.nr-timeline", ".nr-conflict")
    open_card(page, entries.nth(1).locator("a.nr-cite").first)
    page.screenshot(path=shots / "timeline.png")
