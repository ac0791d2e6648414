"""Sentence boundaries: abbreviations, initials and the cleaned seed stories."""

from __future__ import annotations

import pytest

from index.clean import clean_text
from index.sentences import sentence_spans, split_sentences
from index.settings import BUNDLED_CORPUS


def test_spans_are_offsets_into_the_text():
    text = "Yoon met Luxon.  The U.N. agreed.\n\nNext paragraph here."
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == ["Yoon met Luxon.", "The U.N. agreed.", "Next paragraph here."]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Threats raised by N. Korea-Russia ties grew. Next.",
            ["Threats raised by N. Korea-Russia ties grew.", "Next."],
        ),
        ("By Anna J. Park the news came. Next.", ["By Anna J. Park the news came.", "Next."]),
        ("The U.S. Secretary of State came. Next.", ["The U.S. Secretary of State came.", "Next."]),
        ("He met Kim in the U.S. The talks failed.", ["He met Kim in the U.S.", "The talks failed."]),
        ("Washington, D.C., Wednesday it was. Next.", ["Washington, D.C., Wednesday it was.", "Next."]),
        ("Sen. Warren spoke. Rev. Smith prayed.", ["Sen. Warren spoke.", "Rev. Smith prayed."]),
        ("It started Jan. 5 in Seoul. Next.", ["It started Jan. 5 in Seoul.", "Next."]),
        ("Made by Apple Inc. The firm grew.", ["Made by Apple Inc.", "The firm grew."]),
        ("It costs $5.5 million. Next.", ["It costs $5.5 million.", "Next."]),
        ('He said: "Go now." Then left.', ['He said: "Go now."', "Then left."]),
        (
            "Highlights\n  • First point here.\n  • Second point",
            ["Highlights", "• First point here.", "• Second point"],
        ),
    ],
)
def test_split_sentences(text, sentences):
    assert split_sentences(text) == sentences


def test_003_story_splits_into_its_eleven_sentences():
    cleaned = clean_text((BUNDLED_CORPUS / "003_ebf05fc48ef10ead.txt").read_text(encoding="utf-8"))
    sentences = split_sentences(cleaned)
    assert len(sentences) == 11
    assert sentences[-2] == (
        "The annual ASEAN summit and meetings with partner countries are attended by leaders and "
        "senior diplomats from the 10 member countries, as well as representatives from the "
        "United States, China, and Russia."
    )
    assert sentences[-1] == (
        "Participants included U.S. Secretary of State Antony Blinken, Chinese Premier Li Qiang, "
        "and Russian Foreign Minister Sergey Lavrov."
    )


@pytest.mark.parametrize(
    "doc_id",
    [
        "000_a492bad89cb52a3e",
        "001_546bd0455f068fcd",
        "002_d081907265adfced",
        "003_ebf05fc48ef10ead",
        "004_b3ae7b4711933274",
    ],
)
def test_seed_sentences_end_like_sentences(doc_id):
    cleaned = clean_text((BUNDLED_CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8"))
    for sentence in split_sentences(cleaned):
        # Abbreviations ("U.N. Security", "D.C., as well") must not end a sentence early.
        assert sentence[-1] in '.!?"”' or sentence == "Washington Summit Declaration", sentence
        assert not sentence.endswith((" U.N.", " U.S.", " D.C."))
