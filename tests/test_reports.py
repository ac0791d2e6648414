"""Questions about named reports: which article each report is, whether one came before another (from the
publication dates), whether they are consistent, and a person's name in full. Pure: made-up passages of two
outlets, no store, no model."""

import pytest

from rag.answer import Passage
from rag.evidence.extract import ranked_quotes
from rag.question.analysis import analyse
from rag.question.reports import Part, find_report, order_of, order_word, reports_named
from rag.reply.lead import in_full, reply

OUTLETS = ["The Harbour Gazette", "Metro Wire", "Valley Courier"]


def _passage(doc: str, outlet: str, published: str, text: str) -> Passage:
    return Passage(doc_id=doc, chunk_id=f"{doc}:0", text=text, start=0, end=len(text), outlet=outlet,
                   title="", published=published, article=text)


FERRY = _passage("g1", "The Harbour Gazette", "2031-03-02T09:00:00+00:00",
                 "The city council approved a new ferry timetable for the harbour line on Monday. "
                 "Councillor Dana Whitlock said the ferries would run every twenty minutes.")
BRIDGE = _passage("m1", "Metro Wire", "2031-03-09T15:30:00+00:00",
                  "Engineers closed the old toll bridge for repairs after cracks were found in two pillars. "
                  "Whitlock said the closure would last six weeks.")
FERRY_LATER = _passage("g2", "The Harbour Gazette", "2031-04-20T08:00:00+00:00",
                       "Ferry passengers praised the new timetable, which the council said had cut waiting times "
                       "on the harbour line by half.")
PASSAGES = [FERRY, BRIDGE, FERRY_LATER]


def _reply(question: str):
    q = analyse(question)
    return reply(q, ranked_quotes(question, PASSAGES, None), PASSAGES, None, [], OUTLETS)


def test_an_order_question_splits_into_its_two_reports():
    o = order_of("Did The Harbour Gazette report the ferry timetable before Metro Wire reported the bridge "
                 "closure?", OUTLETS)
    assert o is not None and o.word == "before" and not o.choose
    assert [p.outlet for p in o.parts] == ["The Harbour Gazette", "Metro Wire"]
    which = order_of("Was the ferry timetable reported by The Harbour Gazette before or after Metro Wire "
                     "reported the bridge repairs?", OUTLETS)
    assert which is not None and which.choose


@pytest.mark.parametrize("question", [
    "Did The Harbour Gazette report on the ferries after March 1, 2031?",  # a date constraint
    "Did Metro Wire say the bridge closed after cracks were found?",  # an order of events, not of reports
    "Between the Metro Wire report on the bridge before and the Gazette's, did the story change?",
    "Who runs the ferries?",
])
def test_an_order_word_that_does_not_set_two_reports_apart_is_no_order_question(question):
    assert order_of(question, OUTLETS) is None


def test_the_order_of_two_reports_comes_from_their_publication_dates():
    got = _reply("Did The Harbour Gazette report the new ferry timetable before Metro Wire reported the "
                 "closure of the toll bridge?")
    assert got.short == "Yes" and got.answerability == "full"
    assert got.sentences[0].text.startswith("Yes — The Harbour Gazette's report is dated 2031-03-02, "
                                            "Metro Wire's report is dated 2031-03-09")
    assert {c.outlet for s in got.sentences[1:] for c in s.citations} == {"The Harbour Gazette", "Metro Wire"}
    after = _reply("Did Metro Wire report the closure of the toll bridge before The Harbour Gazette reported "
                   "passengers praising the ferry timetable?")
    assert after.short == "Yes"
    flipped = _reply("Did The Harbour Gazette report passengers praising the ferry timetable before Metro Wire "
                     "reported the closure of the toll bridge?")
    assert flipped.short == "No"


def test_before_or_after_answers_which():
    got = _reply("Was the closure of the toll bridge reported by Metro Wire before or after The Harbour "
                 "Gazette reported the council approving the ferry timetable?")
    assert got.short == "After"


def test_a_report_the_articles_do_not_hold_is_no_order():
    got = _reply("Did Valley Courier report the ferry timetable before Metro Wire reported the bridge closure?")
    assert got.short == "" and got.answerability in ("partial", "none")


def test_two_reports_of_one_outlet_are_told_apart_by_what_and_when():
    parts = reports_named("Between The Harbour Gazette report on the ferry timetable approval published on "
                          "March 2, 2031 and the same source's report on passengers praising waiting times, "
                          "was the coverage consistent?", OUTLETS)
    assert [p.outlet for p in parts] == ["The Harbour Gazette", "The Harbour Gazette"]
    quotes = ranked_quotes("ferry timetable passengers waiting", PASSAGES, None)
    first = find_report(parts[0], quotes)
    assert first is not None and first.passage.doc_id == "g1"
    second = find_report(parts[1], quotes, {first.passage.doc_id})
    assert second is not None and second.passage.doc_id == "g2"
    assert order_word(order_of("Did The Harbour Gazette report the ferry approval before Metro Wire reported "
                               "the bridge?", OUTLETS), FERRY, BRIDGE) == "Yes"
    assert find_report(Part("Valley Courier", "the ferry timetable"), quotes) is None


def test_consistent_or_inconsistent_is_answered_in_its_own_words():
    got = _reply("After The Harbour Gazette reported the council approving the ferry timetable and Metro Wire "
                 "reported Whitlock on the bridge closure, is the coverage of the two sources consistent or "
                 "inconsistent?")
    assert got.short == "Consistent"
    assert {c.outlet for s in got.sentences[1:] for c in s.citations} >= {"The Harbour Gazette", "Metro Wire"}


def test_a_clause_noun_is_not_an_agreement_question():
    q = analyse("Does the Metro Wire article blame the cracks for the closure, while The Harbour Gazette "
                "article covers the ferries during the conflict?")
    assert q.answer_type == "yes_no"


@pytest.mark.parametrize("name, texts, full", [
    ("Whitlock", ["Councillor Dana Whitlock said ... Whitlock added"], "Dana Whitlock"),
    ("Ng-Harlow", ["Chief executive Priya Ng-Harlow said"], "Priya Ng-Harlow"),
    ("Park", ["By Anna J. Park. Park wrote"], "Anna J. Park"),
    ("Whitlock", ["Whitlock said"], "Whitlock"),
    ("Dana Whitlock", ["Dana Whitlock"], "Dana Whitlock"),
])
def test_a_surname_is_given_in_full_as_the_article_names_the_person(name, texts, full):
    assert in_full(name, texts) == full


def test_who_is_the_individual_asks_for_a_person_and_drops_the_generic_noun():
    q = analyse("Who is the individual whose trial was postponed twice?")
    assert q.answer_type == "person" and "individual" not in q.focus
    assert "president" in analyse("Who is the president of the council?").focus


# ---- yes or no asked of each named report in turn (rag/reply/compare.py) --------------------------------------

def test_a_question_of_two_reports_is_yes_when_each_report_says_its_part():
    got = _reply("Does The Harbour Gazette report that the council approved a ferry timetable, while Metro "
                 "Wire reports that engineers closed the toll bridge for repairs?")
    assert got.short == "Yes" and got.sentences[0].text == "Yes — each report says so:"
    cited = [c.outlet for s in got.sentences[1:] for c in s.citations]
    assert "The Harbour Gazette" in cited and "Metro Wire" in cited


def test_a_question_of_two_reports_is_no_when_one_report_says_the_opposite_of_its_part():
    got = _reply("Does The Harbour Gazette report that the council rejected a ferry timetable, while Metro "
                 "Wire reports that engineers closed the toll bridge for repairs?")
    assert got.short == "No" and got.sentences[0].text == "No — The Harbour Gazette says otherwise:"
    assert "approved a new ferry timetable" in got.sentences[1].text


def test_a_part_no_report_covers_is_neither_yes_nor_no():
    got = _reply("Does The Harbour Gazette report that the council approved a ferry timetable, while Metro "
                 "Wire reports that the airport opened a second runway?")
    assert got.short not in ("Yes", "No")


FESTIVAL = _passage("f1", "Valley Courier", "2031-06-01T10:00:00+00:00",
                    "Mayor Anna Schmidt opened the 2031 harbour festival on Saturday. The Vale summit on water rights "
                    "was held on Friday in Brookton.")


def _ask(question: str, passages: list[Passage]):
    return reply(analyse(question), ranked_quotes(question, passages, None), passages, None, [], OUTLETS)


def test_a_year_the_question_sets_its_event_in_must_be_the_articles():
    assert _ask("Who opened the 2031 harbour festival?", [FESTIVAL]).short == "Anna Schmidt"
    assert _ask("Who opened the 2029 harbour festival?", [FESTIVAL]).short == ""  # another year's festival


def test_a_place_naming_the_occasion_is_not_the_slot_a_yes_no_question_fills():
    # "the Vale summit" names which summit; "in Brookton" is where it was held
    assert _ask("Was the Vale summit held on Friday?", [FESTIVAL]).short != "No"
    assert _ask("Was the Vale summit held in Harlow?", [FESTIVAL]).short == "No"
