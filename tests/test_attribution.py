"""The source a text credits with a report ("..., the Financial Times reported"), for a metadata question the
article's own metadata cannot answer; and opposite words that make a Yes into a No."""

import pytest

from rag.answer import Passage
from rag.evidence.attribution import reported_by
from rag.evidence.extract import Quote
from rag.evidence.instances import credited
from rag.language.words import content_stems, stem
from rag.question.analysis import analyse, in_text
from rag.verification.verifier import verify_sentence


def quote(text: str) -> Quote:
    p = Passage("d1", "d1#0", text, 0, len(text), "unknown", "Talks on the border")
    return Quote(p, 0, len(text), content_stems(text), 1.0)


@pytest.mark.parametrize("text, name, want", [
    ("The envoy will travel to Oslo next week, the Financial Times reported on Monday.", "the Financial Times", True),
    ("According to Kyodo, the envoy will travel to Oslo.", "Kyodo", True),
    ("The envoy met the Financial Times editor in Oslo.", "the Financial Times", False),
])
def test_a_name_is_credited_only_as_the_source_of_a_report(text, name, want):
    start = text.index(name)
    assert credited(text, start, start + len(name)) is want


def test_which_newspaper_reported_it_is_the_source_the_text_credits_not_any_name():
    q = in_text(analyse("Which newspaper reported the envoy's planned trip to Oslo?"))
    c = quote("The envoy's planned trip to Oslo was arranged by President Lee, the Financial Times reported.")
    assert reported_by(q, [c], [c.passage], None)[0] == "Financial Times"
    office = quote("The envoy's planned trip to Oslo was confirmed, according to the presidential office.")
    assert reported_by(q, [office], [office.passage], None) is None  # an office is no newspaper


def test_irregular_participles_stem_to_their_verb():
    assert stem("fallen") == stem("fall") and stem("risen") == stem("rise")


@pytest.mark.parametrize("passage, sentence", [
    ("Exports from the port have roughly doubled over the past five years.", "Exports from the port have fallen over the past five years."),
    ("Before the crisis, Turkey hosted the largest number of the refugees.", "Turkey hosted the fewest refugees before the crisis."),
    ("The ministers urged Belarus to cease all its support to the offensive.", "The ministers urged Belarus to increase its support to the offensive."),
    # playing a worry down against voicing it, the phrasal verb too
    ("The governor voiced grave concerns over the rising floodwaters.", "The governor dismissed concerns over the rising floodwaters."),
    ("The governor voiced grave concerns over the rising floodwaters.", "The governor brushed off concerns over the rising floodwaters."),
])
def test_an_opposite_word_is_not_supported(passage, sentence):
    p = Passage("d1", "d1#0", passage, 0, len(passage), "Daily", "T")
    verdict = verify_sentence(sentence, [p], [], None, rules_only=True)
    assert not verdict.supported


def test_a_country_is_never_named_by_another_country():
    from rag.evidence.answers import names_ok

    def embed(texts):  # MiniLM's slip, scripted: "Taiwan" as close to "China" as a word to itself
        return [[1.0, 0.0] if t in ("Taiwan", "China") else [0.0, 1.0] if t == "Pyongyang" else [0.6, 0.8] for t in texts]
    text = "Kishida said China and North Korea must stop their drills."
    p = Passage("d1", "d1#0", text, 0, len(text), "Daily", "T")
    assert not names_ok(analyse("What did Kishida say about Taiwan?"), p, [p], embed)
    city = "Pyongyang rejected the demand."
    p2 = Passage("d2", "d2#0", city, 0, len(city), "Daily", "T")
    assert names_ok(analyse("What did Pyongyang reject?"), p2, [p2], embed)


def test_a_framing_verb_is_not_what_the_question_asks():
    assert analyse("What is Iran accused of providing to Russia?").focus == ("providing",)
