"""A timeline of the events a question lists: each found by the sentence that reports it, dated by the date it
states for that event (a "since" date dates the event it names), else by its report's date; oldest first."""

from rag.answer import Passage
from rag.evidence.extract import Quote
from rag.language.words import content_stems
from rag.question.analysis import analyse
from rag.reply.timeline import events, timeline


def quotes(text: str, published: str = "", doc: str = "d1") -> list[Quote]:
    p = Passage(doc, f"{doc}#0", text, 0, len(text), "Daily", "T", published=published)
    out, at = [], 0
    for sentence in text.split(". "):
        start = text.index(sentence, at)
        end = start + len(sentence) + (1 if text[start + len(sentence):start + len(sentence) + 1] == "." else 0)
        out.append(Quote(p, start, end, content_stems(sentence), 1.0))
        at = end
    return out


def test_the_events_a_question_lists():
    assert events("Put in order: the flood, the mayor's resignation and the vote.") == [
        "the flood", "the mayor's resignation", "the vote"]
    assert events("What happened first: the strike at the port, or the talks with the Dutch and German unions?") == [
        "the strike at the port", "the talks with the Dutch and German unions"]
    assert events("In what order did the strike, the vote and the flood happen?") == ["the strike", "the vote", "the flood"]
    assert events("When did the flood happen?") == []


def test_each_event_dated_by_its_own_date_oldest_first():
    text = ("Mayor Ruiz arrived in Lima on her first visit since she took office last March. "
            "The dam at Cusco broke in 2019 after heavy rains. "
            "During the visit, Ruiz and Soto signed a water accord.")
    q = analyse("Put in order: Ruiz taking office, the Cusco dam breaking, and the Ruiz-Soto water accord.")
    got = [s.text.split(" — ")[0] for s in timeline(q, quotes(text, "2024-09-04"))]
    # "since she took office last March" dates taking office, not the visit; the accord has only the report's date
    assert got == ["2019", "March 2024 (last March)", "reported September 2024"]


def test_an_event_with_no_date_anywhere_comes_last_and_says_so():
    text = "The dam at Cusco broke in 2019 after heavy rains. Mayor Ruiz called for a new water accord."
    q = analyse("Put in order: the Cusco dam breaking and Ruiz's call for a water accord.")
    got = [s.text.split(" — ")[0] for s in timeline(q, quotes(text))]
    assert got == ["2019", "date not stated"]
