"""Pure rendering of answers for the web UI: chips link to source cards, quotes are highlighted in their
passages, abstentions and conflicts are styled, and hostile model or article text renders inert."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from rag.answer import Answer, Citation, Passage, Sentence
from ui.render import answer_html, card_numbers, esc, pending_html, safe_url, streaming_html
from ui.sources import answer_sources_html, highlight, panel_html

KT_TEXT = ("Yoon, who is attending the NATO gathering as the head of Indo-Pacific Partners 4 (IP4) along with "
           "Japan, Australia and New Zealand, shared his concerns. \"Russia and North Korea recently signed a "
           "comprehensive strategic partnership,\" Yoon said.")
KT_START = 493
QUOTE = KT_TEXT[: KT_TEXT.index("concerns.") + len("concerns.")]


class Tags(HTMLParser):
    """Every start tag with its attributes, as a browser would parse them."""

    def __init__(self, text: str):
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self.found.append((tag, dict(attrs)))

    def named(self, tag: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.found if t == tag]


def kt_passage(**kw) -> Passage:
    base = {"doc_id": "002_d081907265adfced", "chunk_id": "002_d081907265adfced:0002", "text": KT_TEXT,
            "start": KT_START, "end": KT_START + len(KT_TEXT), "outlet": "The Korea Times",
            "title": "Yoon, NATO leaders condemn threats raised by N. Korea-Russia ties", "author": "Anna J. Park"}
    base.update(kw)
    return Passage(**base)


def bs_passage() -> Passage:
    return Passage(doc_id="001_546bd0455f068fcd", chunk_id="001_546bd0455f068fcd:0001",
                   text="Trade between the two countries has nearly doubled over the past decade.", start=100,
                   end=172, outlet="Business Standard", title="Leaders of S Korea, NZ condemn ties",
                   published="2024-09-04", url="https://www.business-standard.com/story")


def cite(p: Passage, quote: str, supported: bool = True) -> Citation:
    s = p.text.find(quote)
    return Citation(p.label, p.doc_id, p.title, p.published, p.url, quote, supported, p.chunk_id,
                    p.start + s, p.start + s + len(quote))


def ip4_answer() -> Answer:
    kt, bs = kt_passage(), bs_passage()
    return Answer(
        question="Which countries make up the IP4 group?",
        sentences=[
            Sentence("The IP4 is South Korea with Japan, Australia and New Zealand.", [cite(kt, QUOTE)], True),
            Sentence("Trade has nearly doubled over the past decade.",
                     [cite(bs, "Trade between the two countries has nearly doubled over the past decade.")], True),
        ],
        sources=[kt, bs, kt_passage(chunk_id="002_d081907265adfced:0005", text="An uncited passage.", start=9000,
                                    end=9019)],
        dropped=[Sentence("The group was founded in 1950.", [], False, "number not in source: 1950")],
    )


def test_citations_become_chips_linking_to_their_source_cards():
    answer = ip4_answer()
    chat = Tags(answer_html(answer, turn=3))
    chips = [a for a in chat.named("a") if "nr-cite" in (a.get("class") or "")]
    assert [c["href"] for c in chips] == ["#src-3-1", "#src-3-2"]
    cards = [a["id"] for a in Tags(answer_sources_html(answer, turn=3)).named("article")]
    assert cards == ["src-3-1", "src-3-2"]
    assert "The Korea Times</a>" in answer_html(answer, 3) and "Business Standard</a>" in answer_html(answer, 3)


def test_card_numbers_follow_first_citation_and_share_a_card_per_article():
    answer = ip4_answer()
    answer.sentences.append(Sentence("Yoon spoke again.", [cite(kt_passage(), QUOTE)], True))
    assert card_numbers(answer) == {"002_d081907265adfced": 1, "001_546bd0455f068fcd": 2}
    assert answer_sources_html(answer, 0).count('<article class="nr-card"') == 2


def test_supporting_sentence_is_highlighted_inside_its_passage():
    page = answer_sources_html(ip4_answer(), turn=0)
    assert f"<mark>{esc(QUOTE)}</mark>" in page
    # the rest of the passage is shown too, unmarked, so the quote is read in context
    assert esc(" \"Russia and North Korea recently signed") in page
    assert page.index("<mark>") > page.index('id="src-0-1"')


def test_card_shows_outlet_title_byline_date_link_and_support_badges():
    page = answer_sources_html(ip4_answer(), turn=0)
    tags = Tags(page)
    links = [a["href"] for a in tags.named("a")]
    assert links == ["https://www.business-standard.com/story"]  # only the source's own url, KT has none
    assert all(a.get("rel") == "noopener noreferrer nofollow" for a in tags.named("a"))
    assert "Anna J. Park · undated" in page and "2024-09-04" in page
    assert page.count("✓ supported") == 2 and "not supported" not in page


def test_uncited_passages_are_collapsed():
    page = answer_sources_html(ip4_answer(), turn=0)
    other = page[page.index('<details class="nr-other">'):]
    assert "1 other retrieved passage<" in other and "An uncited passage." in other
    assert "An uncited passage." not in page[: page.index('<details class="nr-other">')]


def test_dropped_sentences_are_listed_collapsed_with_their_reason():
    chat = answer_html(ip4_answer(), 0)
    assert '<details class="nr-dropped"><summary>1 sentence removed: not supported by the sources' in chat
    assert "number not in source: 1950" in chat


def test_unsupported_sentence_is_flagged_and_its_chip_marked_weak():
    kt = kt_passage()
    answer = Answer(question="q", sentences=[Sentence("Yoon met aliens.", [cite(kt, QUOTE, False)], False,
                                                      "names not in source: aliens")], sources=[kt])
    chat = answer_html(answer, 0)
    assert 'class="nr-s nr-s-unsupported"' in chat and "not supported by the sources" in chat
    assert 'class="nr-cite nr-cite-weak"' in chat
    assert "✗ not supported" in answer_sources_html(answer, 0)


def test_abstention_has_its_own_style_and_no_chips():
    answer = Answer(question="Who won the 2030 World Cup?", abstained=True, mode="abstained",
                    sentences=[Sentence("The articles do not cover this.", [], True)], sources=[bs_passage()])
    chat = answer_html(answer, 0)
    assert 'class="nr-answer nr-abstained"' in chat and "Not found in the articles" in chat
    assert "nr-cite" not in chat
    assert "No source backs an answer" in answer_sources_html(answer, 0)


def test_conflicts_name_each_outlet_and_value():
    answer = ip4_answer()
    answer.conflicts = [{"topic": "when Luxon took office", "claims": [
        {"doc_id": "001_546bd0455f068fcd", "outlet": "Business Standard", "quote": "took office in November 2022",
         "value": "2022-11"},
        {"doc_id": "b", "outlet": "<b>Evil</b>", "quote": "took office last November", "value": "2023-11"}]}]
    chat = answer_html(answer, 0)
    box = chat[chat.index('<div class="nr-conflict">'):]
    assert "Sources disagree on when Luxon took office" in box
    assert "<b>Business Standard</b>: 2022-11" in box and "&lt;b&gt;Evil&lt;/b&gt;" in box


def test_conflicts_between_articles_the_answer_does_not_cite_are_not_shown():
    answer = ip4_answer()
    answer.conflicts = [{"topic": "a ferry timetable", "claims": [
        {"doc_id": "x", "outlet": "A", "quote": "q1", "value": "1"},
        {"doc_id": "y", "outlet": "B", "quote": "q2", "value": "2"}]}]
    assert "nr-conflict" not in answer_html(answer, 0)


def test_chips_stay_compact_when_the_label_is_a_long_title():
    kt = kt_passage(outlet="unknown", title="Tasman Link power cable between Nelson and Golden Bay switched on")
    answer = Answer(question="q", sentences=[Sentence("s", [cite(kt, QUOTE)], True)], sources=[kt])
    chip = Tags(answer_html(answer, 0)).named("a")[0]
    text = answer_html(answer, 0).split('<span class="nr-cite-n">1</span>')[1].split("</a>")[0]
    assert text == "Tasman Link power cable…" and "Golden Bay" in (chip["title"] or "")
    assert "Outlet not named in the article" in answer_sources_html(answer, 0)


HOSTILE = [
    '<script>alert("x")</script>',
    '<img src="http://evil.example/p.png" onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    "![pixel](http://evil.example/p.png) [link](javascript:alert(1))",
    '<svg onload="alert(1)"></svg><iframe src="http://evil.example"></iframe>',
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_model_and_article_text_renders_inert(payload):
    kt = kt_passage(text=KT_TEXT + " " + payload, title=payload, url="javascript:alert(1)")
    c = cite(kt, QUOTE)
    answer = Answer(question=payload, sentences=[Sentence(f"Yoon said {payload}.", [c], True)], sources=[kt],
                    dropped=[Sentence(payload, [], False, payload)], note=payload,
                    conflicts=[{"topic": payload, "claims": [{"outlet": payload, "quote": payload, "value": payload}]}])
    live = Sentence(f"The model wrote {payload}.", [c], True)
    for page in (answer_html(answer, 0), panel_html([{"question": payload, "answer": answer}]),
                 streaming_html(answer, [live], 0, payload), pending_html(payload)):
        tags = Tags(page)
        names = {t for t, _ in tags.found}
        assert not names & {"script", "img", "iframe", "svg", "object", "embed", "style"}
        for tag, attrs in tags.found:
            assert not [k for k in attrs if k.startswith("on")], (tag, attrs)
            href = attrs.get("href")
            if href is not None:
                assert href.startswith("#src-"), href  # chips only: the source url is not http(s)
        assert "<a href=\"javascript" not in page


def test_safe_url_keeps_only_http_links_with_a_host():
    assert safe_url("https://www.koreatimes.co.kr/a?b=1") == "https://www.koreatimes.co.kr/a?b=1"
    for bad in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<b>", "//evil.example/x",
                "http://", 'https://x.com/"onmouseover=alert(1)', "vbscript:x", "", None):
        assert safe_url(bad) == ""


def test_highlight_escapes_and_merges_overlapping_spans():
    assert highlight("a <b> c", [(2, 5)]) == "a <mark>&lt;b&gt;</mark> c"
    assert highlight("abcdef", [(1, 3), (2, 5)]) == "a<mark>bcde</mark>f"
    assert highlight("abc", [(5, 9), (2, 1)]) == "abc"


def test_quote_found_by_search_when_offsets_do_not_match():
    kt = kt_passage()
    c = cite(kt, QUOTE)
    c.start, c.end = -1, -1  # a syndicated copy without its own offsets
    answer = Answer(question="q", sentences=[Sentence("s", [c], True)], sources=[kt])
    assert f"<mark>{esc(QUOTE)}</mark>" in answer_sources_html(answer, 0)


def test_the_pending_bubble_is_a_status_line_and_never_model_text():
    page = pending_html("searching")
    assert "Searching the articles" in page and "nr-status" in page
    assert pending_html("<b>x</b>").count("&lt;b&gt;") == 1


def test_panel_keeps_earlier_answers_collapsed_with_their_cards():
    first, second = ip4_answer(), ip4_answer()
    page = panel_html([{"question": "first?", "answer": first}, {"question": "second?", "answer": second}])
    assert page.index('id="turn-1"') < page.index('id="turn-0"')  # newest on top
    assert '<details class="nr-turn" id="turn-0">' in page and 'id="src-0-1"' in page
    assert '<section class="nr-turn nr-latest" id="turn-1">' in page and 'id="src-1-1"' in page
