"""Where a report comes from, answered from metadata: byline, outlet, credited wire agency."""

from __future__ import annotations

from rag.answer import Citation, Passage, Sentence
from rag.provenance import provenance

OJ = {"doc_id": "003", "outlet": "The Odessa Journal", "credit": "Yonhap"}
ANON = {"doc_id": "004", "outlet": "unknown", "credit": ""}
ARTICLES = {"003": OJ, "004": ANON}


def _answer(*labels_ids: tuple[str, str]) -> list[Sentence]:
    cites = [Citation(label, doc_id, "t", "", "", "He made this statement in Vientiane.", True) for label, doc_id in labels_ids]
    return [Sentence("He made this statement in Vientiane.", cites, supported=True)]


def test_which_outlet_names_the_outlet_of_the_article_the_answer_quotes():
    (s,) = provenance("Which outlet reported Yoon's call for solidarity in Laos?", [],
                      _answer(("The Odessa Journal", "003")), ARTICLES)
    assert s.text == "Reported by The Odessa Journal." and [c.doc_id for c in s.citations] == ["003"]


def test_an_article_without_a_known_outlet_is_not_presented_as_one():
    # The text may name another paper ("the New York Times reported"): the quote answers, not the metadata.
    assert provenance("Which newspaper reported the Vladivostok visit?", [], _answer(("Yoon says ...", "004")),
                      ARTICLES) == []


def test_which_agency_names_the_credited_wire_service():
    (s,) = provenance("Which news agency did it cite?", [], _answer(("The Odessa Journal", "003")), ARTICLES)
    assert s.text == "The Odessa Journal credits Yonhap for this report." and s.citations[0].doc_id == "003"


def test_who_wrote_uses_the_byline_of_the_best_passage_with_one():
    p = Passage(doc_id="002", chunk_id="002:0", text="t", start=0, end=1, outlet="The Korea Times",
                title="Yoon, NATO leaders condemn threats", author="Anna J. Park")
    (s,) = provenance("Who wrote the Korea Times report?", [p], [], ARTICLES)
    assert s.text.endswith("is by Anna J. Park.") and s.reason == "byline"


def test_other_questions_get_nothing():
    assert provenance("What did Yoon say in Vientiane?", [], _answer(("The Odessa Journal", "003")), ARTICLES) == []
