"""Citation markers as small models write them, parsed back to the passages the prompt numbered from 1."""

from __future__ import annotations

import pytest

from rag.answer import Passage
from rag.reply.cite import parse_answer, render_citation


def _p(outlet: str, title: str, doc_id: str = "", also: list[dict] | None = None) -> Passage:
    return Passage(doc_id=doc_id or outlet, chunk_id="c", text="t", start=0, end=1, outlet=outlet,
                   title=title, also=also or [])


PASSAGES = [
    _p("The Korea Times", "Yoon, NATO leaders condemn threats raised by N. Korea-Russia ties"),
    _p("Business Standard", "Leaders of S Korea, NZ strongly condemn expanding North Korea-Russia ties",
       also=[{"doc_id": "ap-1", "outlet": "AP", "title": "AP story"}]),
    _p("unknown", "South Korea and New Zealand condemn North Korea-Russia military ties", doc_id="000"),
]


@pytest.mark.parametrize(("text", "expected"), [
    ("Trade doubled [2].", [("Trade doubled.", [1])]),
    ("Luxon visited Seoul [1, 2].", [("Luxon visited Seoul.", [0, 1])]),
    ("Luxon visited Seoul [1][3].", [("Luxon visited Seoul.", [0, 2])]),
    ("Yoon met Kishida (2).", [("Yoon met Kishida.", [1])]),
    ("Yoon met Kishida [Source 1].", [("Yoon met Kishida.", [0])]),
    ("Source 2: Luxon arrived in Seoul.", [("Luxon arrived in Seoul.", [1])]),
    ("Yoon spoke [^1].", [("Yoon spoke.", [0])]),
    ("Luxon arrived [Business Standard].", [("Luxon arrived.", [1])]),
    ("The IP4 includes Japan [the korea times].", [("The IP4 includes Japan.", [0])]),
    ("The IP4 includes Japan [Korea Times].", [("The IP4 includes Japan.", [0])]),
    ("Summit held [AP].", [("Summit held.", [1])]),  # a syndicated copy's outlet points at its passage
    ("Both met [South Korea and New Zealand condemn North Korea-Russia military ties].",
     [("Both met.", [2])]),
    ("Both condemned it [Sources 1 and 3].", [("Both condemned it.", [0, 2])]),
    ("Both condemned it [1-3].", [("Both condemned it.", [0, 1, 2])]),
    ("According to Source 2, Luxon arrived in Seoul.", [("Luxon arrived in Seoul.", [1])]),
    ("Luxon arrived in Seoul, as reported in Source 2.", [("Luxon arrived in Seoul.", [1])]),
])
def test_each_marker_style_is_parsed_and_removed(text, expected):
    assert parse_answer(text, PASSAGES) == expected


def test_citation_after_the_period_belongs_to_the_sentence_before():
    text = "Trade nearly doubled over the past decade. [2] Luxon visited Seoul [1]."
    assert parse_answer(text, PASSAGES) == [
        ("Trade nearly doubled over the past decade.", [1]),
        ("Luxon visited Seoul.", [0]),
    ]


def test_citation_on_its_own_line_belongs_to_the_sentence_above():
    text = "Luxon arrived in Seoul.\n[2]\nYoon met Kishida."
    assert parse_answer(text, PASSAGES) == [("Luxon arrived in Seoul.", [1]), ("Yoon met Kishida.", [])]


def test_marker_leading_a_line_belongs_to_that_line():
    text = "[1] Yoon met Kishida.\n[2] Luxon arrived in Seoul."
    assert parse_answer(text, PASSAGES) == [("Yoon met Kishida.", [0]), ("Luxon arrived in Seoul.", [1])]


def test_out_of_range_numbers_and_unknown_outlets_are_dropped():
    text = "Foo happened [7]. Bar happened [Reuters]. Baz happened [0]. Qux happened [2, 9]."
    assert parse_answer(text, PASSAGES) == [
        ("Foo happened.", []), ("Bar happened.", []), ("Baz happened.", []), ("Qux happened.", [1]),
    ]


def test_a_partial_outlet_name_is_not_guessed():
    assert parse_answer("Talks went on [Korea].", PASSAGES) == [("Talks went on.", [])]


def test_parenthesised_prose_stays():
    text = "A resolution (2017) bars it. Reuters (AP) reported it (Source 3)."
    assert parse_answer(text, PASSAGES) == [
        ("A resolution (2017) bars it.", []),
        ("Reuters (AP) reported it.", [2]),
    ]


def test_numbers_in_prose_are_not_markers():
    text = "NATO Article 5 applies. The 10 member countries met in 2024 [1]."
    assert parse_answer(text, PASSAGES) == [
        ("NATO Article 5 applies.", []),
        ("The 10 member countries met in 2024.", [0]),
    ]


def test_lists_footnotes_and_source_trailers_are_not_claims():
    text = ("**Answer:**\n1. Luxon arrived in Seoul [2].\n2. Yoon met Kishida [^1].\n\n"
            "[^1]: The Korea Times\n\nSources:\n[1] The Korea Times\n[2] Business Standard")
    assert parse_answer(text, PASSAGES) == [("Luxon arrived in Seoul.", [1]), ("Yoon met Kishida.", [0])]


def test_repeated_marker_is_counted_once_and_sorted():
    assert parse_answer("It happened [3][1][3].", PASSAGES) == [("It happened.", [0, 2])]


def test_empty_and_marker_only_answers_have_no_sentences():
    assert parse_answer("", PASSAGES) == []
    assert parse_answer("[1] [2]", PASSAGES) == []


def test_no_passages_means_every_marker_is_dropped():
    assert parse_answer("Trade doubled [1].", []) == [("Trade doubled.", [])]


def test_render_citation_uses_the_outlet_or_the_title():
    assert render_citation(PASSAGES[1]) == "[Business Standard]"
    title = "South Korea and New Zealand condemn North Korea-Russia military ties"
    assert render_citation(PASSAGES[2]) == f"[{title}]"


def test_rendered_citations_parse_back_to_their_passage():
    text = " ".join(f"Claim {k} holds {render_citation(p)}." for k, p in enumerate(PASSAGES))
    assert [idx for _, idx in parse_answer(text, PASSAGES)] == [[0], [1], [2]]


def test_markdown_image_alt_text_is_not_a_marker():
    # "![1](http://x)" is an image, not a citation of source 1: it stays in the text for the filters to flag
    (sentence, cited), = parse_answer("Yoon spoke ![1](http://evil.example/p.png) [2].", PASSAGES)
    assert "![1](http://evil.example/p.png)" in sentence and cited == [1]
