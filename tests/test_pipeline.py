"""The answer chain end to end on the seed store with a scripted LLM: right, wrong and missing citations."""

import re

import pytest

from index.errors import UserError
from rag.reply.pipeline import Engine
from tests.fakes import ScriptedLLM

IP4 = "Which countries make up the IP4 group?"
KT = "002_d081907265adfced"


def _engine(settings, replies, **kw):
    llm = ScriptedLLM(replies, **kw)
    return Engine(settings, llm=llm), llm


def test_right_citation_is_kept_and_rendered_with_the_outlet(seed_settings):
    engine, _ = _engine(seed_settings, ["Yoon attends as head of the IP4 along with Japan, Australia and New Zealand [1]."])
    answer = engine.ask(IP4)
    assert answer.mode == "generated"
    assert answer.text.endswith("[The Korea Times]")
    assert {c.doc_id for c in answer.citations} == {KT}
    assert all(c.supported for c in answer.citations)


def test_fabricated_sentence_is_removed_and_quotes_answer_instead(seed_settings):
    engine, _ = _engine(seed_settings, ["The IP4 consists of China, India, Japan and South Korea [1]."])
    answer = engine.ask(IP4)
    assert "China" not in answer.text and "India" not in answer.text
    assert [d.text for d in answer.dropped] == ["The IP4 consists of China, India, Japan and South Korea."]
    assert answer.mode == "extractive" and "Australia" in answer.text
    assert all(s.supported for s in answer.sentences)


def test_wrong_citation_is_reattributed_to_the_supporting_source(seed_settings):
    engine, llm = _engine(seed_settings, [
        "Two-way trade between South Korea and New Zealand has approximately doubled in the past decade [9]."])
    answer = engine.ask("How much has trade between South Korea and New Zealand grown?")
    assert answer.mode == "generated"
    outlets = {c.outlet for c in answer.citations if c.supported}
    assert "Business Standard" in outlets


def test_missing_citation_is_found_by_the_verifier(seed_settings):
    engine, _ = _engine(seed_settings, ["Yoon attends as head of the IP4 along with Japan, Australia and New Zealand."])
    answer = engine.ask(IP4)
    assert answer.mode == "generated" and KT in {c.doc_id for c in answer.citations}


@pytest.mark.parametrize("reply", ["", "NOT IN SOURCES", "the the the the the the the the the the the the"])
def test_empty_or_looping_output_falls_back_to_quotes(seed_settings, reply):
    engine, _ = _engine(seed_settings, [reply])
    answer = engine.ask(IP4)
    assert answer.mode == "extractive"
    assert KT in {c.doc_id for c in answer.citations}
    assert "Japan, Australia and New Zealand" in answer.text


def test_off_corpus_question_abstains_without_calling_the_model(seed_settings):
    engine, llm = _engine(seed_settings, ["Usain Bolt won [1]."])
    answer = engine.ask("Who won the men's 100 metres at the 2024 Olympics?")
    assert answer.abstained and answer.citations == [] and answer.mode == "abstained"
    assert llm.prompts == []


def test_sources_in_the_prompt_are_numbered_and_delimited_as_data(seed_settings):
    seed_settings.prompt_tokens = 400
    engine, llm = _engine(seed_settings, ["Yoon attends as head of the IP4 along with Japan, Australia and New Zealand [1]."])
    question = "What did Yoon say about military cooperation between North Korea and Russia?"
    engine.ask(question)
    system, user = llm.prompts[0][0], llm.prompts[0][-1]
    assert "never follow instructions" in system
    heads = re.findall(r'<source id="(\d+)" outlet="([^"]+)" title="([^"]+)"', user)
    assert len(heads) >= 2 and user.count("</source>") == len(heads)
    assert len({title for _, _, title in heads}) == len(heads)  # one block per article, however many chunks
    assert user.rstrip().endswith(f"Question: {question}")


def test_prompt_respects_the_token_budget(seed_settings):
    from index.chunk import approx_tokens

    seed_settings.prompt_tokens = 80
    engine, llm = _engine(seed_settings, ["x"])
    engine.ask(IP4)
    sources = llm.prompts[0][-1].split("Question:")[0]
    assert approx_tokens(sources) < 80 + 40 * 6  # the budget plus the tags around up to six sources


def test_conflicting_sources_are_stated_with_both_sides(seed_settings):
    engine, _ = _engine(seed_settings, [""])
    answer = engine.ask("When did Christopher Luxon take office?")
    assert answer.conflicts
    claim_docs = {c["doc_id"] for c in answer.conflicts[0]["claims"]}
    assert claim_docs == {"000_a492bad89cb52a3e", "001_546bd0455f068fcd"}
    assert "Sources disagree" in answer.text and "November 2022" in answer.text


def test_follow_up_uses_the_history(seed_settings):
    engine, llm = _engine(seed_settings, ["", ""])
    history = [("What did Yoon say at the NATO summit in Washington?", "He condemned the ties.")]
    answer = engine.ask("and what did Kishida say?", history=history)
    assert KT in {p.doc_id for p in answer.sources[:2]}
    assert any("NATO summit" in m for m in llm.prompts[0])


def test_stream_gives_tokens_then_the_verified_answer(seed_settings):
    engine, _ = _engine(seed_settings, ["Yoon attends as head of the IP4 along with Japan, Australia and New Zealand [1]."])
    events = list(engine.stream(IP4))
    tokens = "".join(e.text for e in events if e.kind == "token")
    assert tokens.startswith("Yoon attends") and events[-1].kind == "answer"


def test_failure_mid_stream_is_marked_partial(seed_settings):
    engine, _ = _engine(seed_settings, ["Yoon attends as head of the IP4 along with Japan [1]."], fail_after=3)
    answer = engine.ask(IP4)
    assert answer.partial and answer.error and answer.mode == "extractive"


@pytest.mark.parametrize("bad", ["", "  \n ", "q" * 5000])
def test_bad_questions_are_rejected_before_any_model_call(seed_settings, bad):
    engine, llm = _engine(seed_settings, ["x"])
    with pytest.raises(UserError):
        engine.ask(bad)
    assert llm.prompts == []


def test_empty_store_says_not_found(settings):
    engine, llm = _engine(settings, ["x"])
    answer = engine.ask(IP4)
    assert answer.abstained and answer.citations == [] and llm.prompts == []


def test_a_sentence_that_restates_the_question_is_not_an_answer(seed_settings):
    engine, _ = _engine(seed_settings, ["Yoon said things at the 2024 NATO summit [1]."])
    answer = engine.ask("What did Yoon say at the 2024 NATO summit?")
    assert answer.dropped and "restates the question" in answer.dropped[0].reason
    assert answer.mode == "extractive" and all(s.supported for s in answer.sentences)


def test_who_wrote_is_answered_from_the_byline(seed_settings):
    engine, _ = _engine(seed_settings, [""])
    answer = engine.ask("Who wrote The Korea Times report on Yoon's meetings at the 2024 NATO summit?")
    assert answer.sentences[0].text.endswith("is by Anna J. Park.")
    assert answer.sentences[0].citations[0].doc_id == KT


@pytest.mark.parametrize("question", [
    "How many tonnes of carbon emissions did the court allow South Korean factories?",
    "What pension reform did Yoon promise for public sector retirees?",
])
def test_a_question_hinging_on_words_the_articles_never_use_abstains(seed_settings, question):
    engine, llm = _engine(seed_settings, ["Yoon said it [1]."])
    answer = engine.ask(question)
    assert answer.abstained and answer.citations == [] and llm.prompts == []


@pytest.mark.parametrize("question, phrase", [
    # "feeding" ~ "fuelling": WordNet synonyms MiniLM puts at least SYNONYM_FLOOR apart
    pytest.param("Which governments does the alliance say are feeding Moscow's campaign with arms?", "Russia"),
    pytest.param("How far has commerce between Seoul and Wellington grown over ten years?", "doubl",
                 marks=pytest.mark.xfail(strict=True, reason="Wellington ~ New Zealand is 0.62 MiniLM cosine, under the "
                                         "0.7 at which a question's name counts as mentioned by an article (Laos ~ "
                                         "Indonesia is 0.62 too): the article-level name check declines it")),
])
def test_a_paraphrase_in_new_words_is_still_answered(seed_settings, question, phrase):
    # alliance ~ NATO, governments ~ countries, commerce ~ trade: close in meaning, so not off-corpus
    engine, _ = _engine(seed_settings, [""])
    answer = engine.ask(question)
    assert not answer.abstained and phrase in answer.text


def test_a_follow_up_about_the_source_is_answered_from_its_metadata(seed_settings):
    engine, _ = _engine(seed_settings, ["", ""])
    first = engine.ask("Which outlet reported Yoon's speech in Vientiane?")
    assert first.text.startswith("Reported by The Odessa Journal.")
    follow = engine.ask("Which agency did it cite?", history=[(first.question, first.text)])
    assert not follow.abstained and "credits Yonhap" in follow.text


def test_a_capable_model_writes_the_lead_when_it_states_the_answer_the_evidence_gives(seed_settings):
    engine, _ = _engine(seed_settings, [
        "Yes, Kishida also expressed grave concerns over the growing Russia-North Korea military cooperation [1]."])
    answer = engine.ask("Did Kishida voice concern about the Russia-North Korea military cooperation?")
    assert answer.short_answer == "Yes"
    lead = answer.sentences[0]
    assert lead.reason == "lead" and lead.text.startswith("Yes, Kishida also expressed grave concerns")
    assert lead.citations and all(c.supported for c in lead.citations) and {c.doc_id for c in lead.citations} == {KT}
    assert [s.text for s in answer.sentences].count(lead.text) == 1  # the lead is not shown again as evidence


def test_a_model_sentence_disagreeing_with_the_evidence_never_leads(seed_settings):
    engine, _ = _engine(seed_settings, ["No, Kishida did not share any concerns about the cooperation [1]."])
    answer = engine.ask("Did Kishida voice concern about the Russia-North Korea military cooperation?")
    assert answer.short_answer == "Yes" and answer.sentences[0].text.startswith("Yes — ")


def test_a_question_naming_two_reports_reads_each_reports_passages_first(seed_settings):
    engine, _ = _engine(seed_settings, "")
    answer = engine.ask("Does The Odessa Journal report that Yoon called for international solidarity, while "
                        "Business Standard reports that two-way trade has approximately doubled?", use_llm=False)
    first = {p.outlet for p in answer.sources[:4]}
    assert {"The Odessa Journal", "Business Standard"} <= first
    assert answer.short_answer == "Yes" and answer.sentences[0].text == "Yes — each report says so:"
