"""Where a report comes from, answered from metadata: byline, outlet, credited wire agency."""

from __future__ import annotations

from rag.answer import Citation, Passage, Sentence
from rag.question.analysis import analyse
from rag.question.provenance import provenance

OJ = {"doc_id": "003", "outlet": "The Odessa Journal", "credit": "Yonhap"}
ANON = {"doc_id": "004", "outlet": "unknown", "credit": ""}
ARTICLES = {"003": OJ, "004": ANON}


def _answer(*labels_ids: tuple[str, str]) -> list[Sentence]:
    cites = [Citation(label, doc_id, "t", "", "", "He made this statement in Vientiane.", True) for label, doc_id in labels_ids]
    return [Sentence("He made this statement in Vientiane.", cites, supported=True)]


def test_which_outlet_names_the_outlet_of_the_article_the_answer_quotes():
    short, (s,) = provenance(analyse("Which outlet reported Yoon's call for solidarity in Laos?"), [],
                             _answer(("The Odessa Journal", "003")), ARTICLES)
    assert short == "The Odessa Journal"
    assert s.text == "Reported by The Odessa Journal." and [c.doc_id for c in s.citations] == ["003"]


def test_an_article_without_a_known_outlet_is_not_presented_as_one():
    # The text may name another paper ("the New York Times reported"): the quote answers, not the metadata.
    assert provenance(analyse("Which newspaper reported the Vladivostok visit?"), [],
                      _answer(("Yoon says ...", "004")), ARTICLES) == ("", [])


def test_which_agency_names_the_credited_wire_service():
    short, (s,) = provenance(analyse("Which news agency did it cite?"), [], _answer(("The Odessa Journal", "003")),
                             ARTICLES)
    assert short == "Yonhap"
    assert s.text == "The Odessa Journal credits Yonhap for this report." and s.citations[0].doc_id == "003"


def test_who_wrote_uses_the_byline_of_the_best_passage_with_one():
    p = Passage(doc_id="002", chunk_id="002:0", text="t", start=0, end=1, outlet="The Korea Times",
                title="Yoon, NATO leaders condemn threats", author="Anna J. Park")
    short, (s,) = provenance(analyse("Who wrote the Korea Times report?"), [p], [], ARTICLES)
    assert short == "Anna J. Park" and s.text.endswith("is by Anna J. Park.") and s.reason == "author"


def test_the_article_a_question_names_in_lower_case_is_the_one_described():
    kt = {"doc_id": "002", "outlet": "The Korea Times", "author": "Anna J. Park", "title": "Yoon, NATO leaders",
          "published": ""}
    bs = {"doc_id": "001", "outlet": "Business Standard", "title": "Leaders of S Korea, NZ", "published": "2024-09-04",
          "credit": "AP"}
    articles = {**ARTICLES, "002": kt, "001": bs}
    assert provenance(analyse("which outlet ran the piece by anna j. park?"), [], [], articles)[0] == "The Korea Times"
    assert provenance(analyse("when was the business standard report published?"), [], [], articles)[0] == "2024-09-04"
    assert provenance(analyse("what headline did business standard run?"), [], [], articles)[0] == bs["title"]
    short, sentences = provenance(analyse("Which reports are dated Sep 4, 2024?"), [], [], articles)
    assert short == "Business Standard" and len(sentences) == 1


def test_a_dated_article_naming_no_outlet_is_listed_after_the_outlets():
    bs = {"doc_id": "001", "outlet": "Business Standard", "title": "Leaders of S Korea, NZ", "published": "2024-09-04"}
    anon = {"doc_id": "004", "outlet": "unknown", "title": "Yoon says", "published": "2024-09-04"}
    other = {"doc_id": "005", "outlet": "The Korea Times", "title": "Other day", "published": "2024-07-11"}
    short, sentences = provenance(analyse("Which reports are dated Sep 4, 2024?"), [], [],
                                  {"004": anon, "001": bs, "005": other})
    assert short.startswith("Business Standard") and [s.text for s in sentences] == [
        "Reported by Business Standard.", 'The article "Yoon says" names no outlet.']
    assert [s.citations[0].doc_id for s in sentences] == ["001", "004"]


def test_other_questions_get_nothing():
    assert provenance(analyse("What did Yoon say in Vientiane?"), [], _answer(("The Odessa Journal", "003")),
                      ARTICLES) == ("", [])
