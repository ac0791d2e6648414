"""The extractive fallback: verbatim sentences of the seed articles, crediting every outlet carrying them."""

from __future__ import annotations

import pytest

from index.embed import embed_texts, make_embedder
from rag.answer import Citation, Passage, Sentence
from rag.evidence.extract import extractive_answer
from rag.verification.verifier import verify_sentence
from tests.fakes import HashEmbed
from tests.passages import all_passages, article_text, bs, kt, nz, oj, rt, seed_passage

EMBEDS = [None, HashEmbed()]


@pytest.mark.parametrize("embed", EMBEDS, ids=["lexical", "embedded"])
def test_sentences_are_verbatim_quotes_with_their_article_offsets(embed):
    passages = all_passages()
    sentences = extractive_answer("When did Christopher Luxon take office?", passages, embed)
    assert sentences
    for s in sentences:
        assert s.supported
        for c in s.citations:
            assert c.supported and c.quote == s.text
            doc = next(p for p in passages if p.doc_id == c.doc_id)
            assert article_text(doc)[c.start:c.end] == s.text


@pytest.mark.parametrize("embed", EMBEDS, ids=["lexical", "embedded"])
def test_best_sentence_answers_the_question_and_cites_its_outlet(embed):
    first = extractive_answer("When did Christopher Luxon take office?", all_passages(), embed)[0]
    assert "since assuming office in November 2022" in first.text
    assert [c.outlet for c in first.citations] == [nz().title]


@pytest.mark.parametrize(("question", "phrase", "source"), [
    ("Which countries are in the IP4?", "along with Japan, Australia and New Zealand", kt),
    ("Where did Yoon attend the ASEAN summit in Laos?", "Vientiane", oj),
    ("What did North Korea and Russia say about arms negotiations?", "have denied", rt),
    ("How much has trade between South Korea and New Zealand grown?", "doubl", None),
])
def test_answers_to_seed_questions(question, phrase, source):
    sentences = extractive_answer(question, all_passages())
    assert any(phrase in s.text for s in sentences[:2]), [s.text for s in sentences]
    if source:
        hit = next(s for s in sentences if phrase in s.text)
        assert hit.citations[0].doc_id == source().doc_id


def test_syndicated_copies_are_credited_too():
    p = bs()
    p.also = [{"doc_id": "ap-1", "outlet": "AP", "title": "S Korea, NZ condemn ties", "chunk_id": "ap-1:0"}]
    (first, *_) = extractive_answer("What did the leaders say about Russia's war against Ukraine?", [p])
    assert "Russia's war against Ukraine" in first.text
    assert [c.outlet for c in first.citations] == ["Business Standard", "AP"]
    assert p.labels == ["Business Standard", "AP"]


def test_same_fact_from_two_outlets_is_one_sentence_citing_both():
    sentences = extractive_answer("What did Yoon and Luxon agree to?", [nz(), bs()])
    agreed = [s for s in sentences if "economic security dialogue" in s.text]
    assert len(agreed) == 1
    assert {c.doc_id for c in agreed[0].citations} == {nz().doc_id, bs().doc_id}


def test_conflicting_versions_are_not_merged():
    # 000 says "in November 2022", Business Standard "last November": two sentences, each with its own outlet.
    sentences = extractive_answer("When did Christopher Luxon take office?", [nz(), bs()], max_sentences=2)
    assert [[c.doc_id for c in s.citations] for s in sentences] == [[nz().doc_id], [bs().doc_id]]


def test_a_rewrite_in_the_story_cluster_is_not_credited_for_a_sentence_it_changed():
    main, rewrite = bs(), nz()
    main.also = [{"doc_id": rewrite.doc_id, "outlet": "unknown", "title": rewrite.title,
                  "text": rewrite.text}]
    for s in extractive_answer("When did Christopher Luxon take office?", [main, rewrite]):
        if "last November" in s.text:
            assert [c.doc_id for c in s.citations] == [main.doc_id]
        if "November 2022" in s.text:
            assert [c.doc_id for c in s.citations] == [rewrite.doc_id]


def test_identical_sentences_in_two_articles_merge():
    a = kt()
    b = Passage(doc_id="kt-copy", chunk_id="kt-copy:0", text=a.text, start=0, end=len(a.text),
                outlet="Yonhap", title="copy")
    (first, *rest) = extractive_answer("Which countries are in the IP4?", [a, b])
    assert [c.outlet for c in first.citations] == ["The Korea Times", "Yonhap"]
    assert all(s.text != first.text for s in rest)


def test_sentences_with_the_question_names_come_first():
    sentences = extractive_answer("What did Kishida say?", [kt(), oj(), rt()])
    assert "Kishida" in sentences[0].text


def test_max_sentences_is_respected():
    assert len(extractive_answer("What did Yoon say?", all_passages(), max_sentences=2)) == 2
    assert len(extractive_answer("What did Yoon say?", all_passages(), max_sentences=1)) == 1


def test_scores_fall_in_order():
    # The date question's sentence first, then the other Luxon sentence; unrelated sentences never.
    sentences = extractive_answer("When did Christopher Luxon take office?", [nz(), bs(), kt()])
    assert "November 2022" in sentences[0].text
    assert all("IP4" not in s.text for s in sentences)


def test_off_topic_question_gets_nothing():
    assert extractive_answer("What is the weather in Paris tomorrow?", all_passages()) == []
    assert extractive_answer("Why?", all_passages()) == []
    assert extractive_answer("When did Luxon take office?", []) == []


def test_every_extracted_sentence_passes_the_verifier():
    passages = all_passages()
    for q in ["Which countries are in the IP4?", "What did Yoon say at the ASEAN summit?",
              "When did Christopher Luxon take office?"]:
        for s in extractive_answer(q, passages, HashEmbed()):
            doc = next(p for p in passages if p.doc_id == s.citations[0].doc_id)
            assert verify_sentence(s.text, [doc], [doc]).supported, s.text


def test_captions_glued_by_a_line_break_are_cut_off():
    sentences = extractive_answer("What did Luxon and Yoon condemn in the strongest possible terms?", [bs()])
    assert sentences[0].text.startswith("Luxon and South Korean President Yoon Suk Yeol condemned")


def test_a_further_sentence_must_add_a_part_of_the_answer():
    # One sentence answers; the others that share "Yoon", "said" or "security" with it add nothing asked for.
    sentences = extractive_answer("What did Yoon say about the security of the North Atlantic?", all_passages())
    assert len(sentences) == 1 and sentences[0].text.startswith('"I hope South Korea and Japan')


def test_a_second_date_for_a_when_question_is_kept():
    # Two outlets date Luxon's start differently: both dates are part of an honest answer.
    sentences = extractive_answer("When did Christopher Luxon take office?", [nz(), bs()])
    assert any("November 2022" in s.text for s in sentences) and any("last November" in s.text for s in sentences)


def _drafted(text: str, passage: Passage) -> Sentence:
    quote = passage.text.split(". ")[0]
    cite = Citation(outlet=passage.outlet, doc_id=passage.doc_id, title=passage.title, published="", url="",
                    quote=quote, supported=True, chunk_id=passage.chunk_id)
    return Sentence(text, [cite], supported=True)


@pytest.fixture(scope="module")
def minilm():
    """The real offline embedder: what ranks a model sentence against the quotes is what users get."""
    embedder = make_embedder("minilm-int8")
    return lambda texts: embed_texts(embedder, texts)


def test_a_model_sentence_that_answers_best_is_shown_in_place_of_the_quote(minilm):
    ip4 = _drafted("The countries that make up the Indo-Pacific Partners 4 (IP4) with South Korea are Japan, "
                  "Australia and New Zealand.", kt())
    sentences = extractive_answer("Which countries make up the Indo-Pacific Partners 4 (IP4) with South Korea?", all_passages(), minilm, drafted=[ip4])
    assert sentences[0] is ip4
    assert not any("along with Japan, Australia and New Zealand" in s.text for s in sentences)  # its twin quote


def test_a_supported_model_sentence_that_misses_the_question_loses_to_the_quote(minilm):
    aside = _drafted("Yoon attended the NATO gathering in Washington.", kt())
    sentences = extractive_answer("Which countries make up the Indo-Pacific Partners 4 (IP4) with South Korea?", all_passages(), minilm, drafted=[aside])
    assert "Japan, Australia and New Zealand" in sentences[0].text
    assert aside not in sentences



def test_an_article_that_never_names_the_place_asked_about_is_not_quoted(minilm):
    # Asked about the summit in Vientiane, the article about the Jakarta summit (same words: "military
    # cooperation", "North Korea", "Yoon") is about another event.
    question = ("What did Yoon tell the ASEAN summit in Vientiane the illegal military cooperation between Russia "
                "and North Korea is doing?")
    sentences = extractive_answer(question, all_passages(), minilm)
    assert any(s.text.startswith('"The illegal military cooperation between Russia') for s in sentences)
    assert {c.doc_id for s in sentences for c in s.citations} == {oj().doc_id}, [s.text for s in sentences]


def test_a_name_counts_as_mentioned_under_another_name_close_in_meaning(minilm):
    # The article on workers abroad says "North Korea", never "Pyongyang" (the Vientiane article does): it is
    # not held to miss the name.
    workers = seed_passage("004", "Yoon called for vigilance", "more than $500 million a year.")
    sentences = extractive_answer("How does Pyongyang bankroll its weapons work through people it sends overseas?",
                                  [oj(), workers], minilm)
    assert sentences[0].citations[0].doc_id == workers.doc_id, [s.text for s in sentences]
    assert any(s.text.startswith("Yoon called for vigilance") for s in sentences)


def test_a_which_city_and_what_day_question_gets_the_place_and_the_weekday(minilm):
    question = ("In which city did Yoon tell ASEAN leaders that military cooperation with North Korea must stop, "
                "and on what day?")
    text = " ".join(s.text for s in extractive_answer(question, [rt(), oj()], minilm, max_sentences=4)[:3])
    assert "Jakarta" in text and "Wednesday" in text, text


def test_a_where_question_about_two_reported_venues_gets_both(minilm):
    # The summit "in Jakarta" (004) and "in the capital of Laos, Vientiane" (003); "the war in Ukraine" is no venue.
    question = "Where was the ASEAN summit at which Yoon criticised military cooperation with North Korea?"
    sentences = extractive_answer(question, all_passages(), minilm, max_sentences=4)[:3]
    text = " ".join(s.text for s in sentences)
    assert "Jakarta" in text and "Vientiane" in text, text
    assert "war in Ukraine" not in text


def test_a_place_counts_only_right_after_a_question_word():
    from rag.evidence.extract import _places
    from rag.language.words import content_stems

    query = content_stems("Where was the ASEAN summit at which Yoon criticised military cooperation with North Korea?")
    assert _places("He made this statement at the ASEAN leaders' summit in the capital of Laos, Vientiane.",
                   query) == {"Laos"}
    assert _places("The illegal military cooperation between Russia and North Korea is prolonging the war in "
                   "Ukraine.", query) == set()
    assert _places("The summit was held in November.", query) == set()


def test_a_model_known_to_distort_must_answer_twice_as_well_as_the_quote(minilm):
    ip4 = _drafted("The countries that make up the Indo-Pacific Partners 4 (IP4) with South Korea are Japan, "
                   "Australia and New Zealand.", kt())
    question = "Which countries make up the Indo-Pacific Partners 4 (IP4) with South Korea?"
    assert extractive_answer(question, all_passages(), minilm, drafted=[ip4])[0] is ip4
    first = extractive_answer(question, all_passages(), minilm, drafted=[ip4], drafted_weight=0.5)[0]
    assert first is not ip4 and "along with Japan, Australia and New Zealand" in first.text
