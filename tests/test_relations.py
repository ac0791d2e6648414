"""Relation-level verification on the seed articles: claims and fragments, who did what to whom, hung phrases
and causal links, counts against the items listed, generalisations, speakers and obligations, numbers in
words. Sentences are about the seed articles (index/corpus), worded for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.language.lexicon import antonyms, build
from rag.language.numbers import counted, find_numbers, numbers_in, unit_conflicts
from rag.language.parse import FRAGMENT, QUESTION, claim_form, without_preamble
from rag.language.pieces import pieces
from rag.language.synonyms import build as build_synonyms
from rag.language.synonyms import related
from rag.language.words import ANTONYMS, VERB_ANTONYMS, find_names
from rag.verification.align import align
from rag.verification.features import finite_root, subordinate_opening
from rag.verification.quantifiers import generalisations, listed_counts, unstated_generalisations
from rag.verification.relations import COUNT, HEDGED, OBJECT, OTHER, POLARITY, SLOT, SWAPPED, relations, role_check
from rag.verification.stance import obligation_problem, speaker_problem
from rag.verification.verifier import NOT_A_CLAIM, verify_sentence
from tests.fakes import HashEmbed
from tests.passages import bs, kt, oj, rt, seed_passage


def meetings():
    """002, The Korea Times: Yoon's bilateral meetings at NATO (Germany, Canada, the Netherlands ...)."""
    return seed_passage("002", "Yoon also held bilateral meetings", "collaboration with the Netherlands.")


def declaration():
    """002, The Korea Times: the NATO declaration and the leaders' call on China."""
    return seed_passage("002", "The NATO leaders also issued", "rule-based international order.")


def workers():
    """004: North Korean workers abroad, the 2017 resolution, the reopening border."""
    return seed_passage("004", "Yoon called for vigilance", "more than $500 million a year.")


def shoigu():
    """004: Kim's planned visit to Vladivostok and Shoigu's joint exercises."""
    return seed_passage("004", "North Korea and Russia have denied", "joint military exercises.")


def supported(make, sentence, embed=None):
    p = make()
    return verify_sentence(sentence, [p], [p], embed)


# ---- A claim, not a fragment or a question ----------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "Prime Minister Christopher Luxon, on his first trip to the Asian country.",
    "The annual summit between South Korea, Japan and China.",
    "Kishida, who voiced grave concerns over Russia's ties with Pyongyang.",
    "Including the resumption of flights with China.",
])
def test_a_fragment_is_not_a_claim(sentence):
    assert claim_form(sentence) == FRAGMENT
    assert verify_sentence(sentence, [bs()], [bs()]).reason == NOT_A_CLAIM


@pytest.mark.parametrize("sentence", [
    "Which countries did Yoon meet at the NATO summit?",
    "Did Yoon meet Kishida in Washington.",  # inverted, its question mark lost
    "Who backed the 2017 resolution on North Korean workers abroad.",
])
def test_a_question_is_not_a_claim(sentence):
    assert claim_form(sentence) == QUESTION
    assert verify_sentence(sentence, [kt()], [kt()]).reason == NOT_A_CLAIM


@pytest.mark.parametrize("sentence", [
    "Worries about the ties between Pyongyang and Moscow deepened in June.",  # the tagger's modifier "deepened"
    "Yoon met Kishida.",
    "Kishida share Yoon's concerns",  # a statement built from a question (rag/question/analysis.py)
])
def test_a_statement_is_a_claim(sentence):
    assert claim_form(sentence) == ""


def test_an_answer_preamble_is_not_part_of_the_claim():
    assert without_preamble("The answer is: Yoon met Kishida.") == "Yoon met Kishida."
    assert supported(kt, "The answer is: Yoon held a summit with Kishida.").supported


# ---- Who did what to whom ---------------------------------------------------------------------------------

def test_swapped_roles_are_found_in_the_parse():
    window = ["South Korean President Yoon Suk Yeol called on the international community to unite."]
    conflict, _ = role_check("The international community called on Yoon to unite.", window)
    assert conflict is not None and conflict.kind == SWAPPED
    assert role_check("Yoon called on the international community to unite.", window) == (None, True)


def test_another_named_actor_is_found_even_through_a_plan():
    p = rt()
    v = verify_sentence("Yoon plans to visit Russia soon to meet Putin.", [p], [p])
    assert not v.supported and v.reason == "subject not in the quoted sentences: Yoon"
    assert verify_sentence("Kim Jong Un plans to visit Russia soon to meet Putin.", [p], [p]).supported


def test_an_object_control_verb_passes_its_object_on():
    (supply,) = [r for r in relations("They accused North Korea of supplying arms to Russia.") if r.verb == "supply"]
    assert supply.agent.names == {"north korea"}
    (unite,) = [r for r in relations("Yoon urged the community to unite.") if r.verb == "unit"]
    assert unite.agent.heads == {"community"}


def test_meeting_is_symmetric():
    assert role_check("Kishida met Yoon.", ["Yoon met Kishida in Washington."]) == (None, True)


def test_another_name_in_the_same_slot_is_a_wrong_entity():
    v = supported(meetings, "Yoon solidified semiconductor collaboration with Canada.")
    assert not v.supported and v.reason == "names differ from source: Canada"
    assert supported(meetings, "Yoon solidified semiconductor collaboration with the Netherlands.").supported


def test_another_number_on_the_same_thing_of_the_same_act():
    window = ["Before the pandemic, China hosted about 50,000 North Korean workers."]
    conflict, _ = role_check("China hosted about 20,000 North Korean workers.", window)
    assert conflict is not None and conflict.kind == COUNT


def test_the_opposite_verb_with_the_same_parties_is_a_flip():
    v = supported(workers, "North Korea shut its border crossings with China in recent weeks.")
    assert not v.supported and v.reason.startswith("negation differs from source")
    conflict, _ = role_check("Yoon called for a weak response.", ["Yoon called for a strong response."])
    assert conflict is not None and conflict.kind == POLARITY


def test_a_possibility_in_the_source_is_not_a_fact():
    v = supported(oj, "Russia has provided North Korea with military technology.")
    assert not v.supported and v.reason == "only possible or planned in source: might"
    assert supported(oj, "Russia might provide North Korea with military technology.").supported
    conflict, _ = role_check("Kim visited Russia.", ["Kim Jong Un plans to visit Russia soon."])
    assert conflict is not None and conflict.kind == HEDGED


def test_the_same_act_done_to_something_the_window_never_names():
    v = supported(bs, "Yoon and Luxon decided to launch a regular bilateral trade pact.")
    assert not v.supported and v.reason == "part not in source: a regular bilateral trade pact"
    conflict, _ = role_check("Yoon agreed to launch a military alliance.", ["Yoon agreed to launch a dialogue."])
    assert conflict is not None and conflict.kind == OBJECT


def test_a_possessor_is_a_participant():
    conflict, _ = role_check("Yoon condemned South Korea's missile exports.",
                             ["Yoon condemned North Korea's export of missiles."])
    assert conflict is not None and conflict.kind == SLOT


def test_roles_of_a_true_sentence_agree_with_its_window():
    for make, sentence in [(bs, "Luxon condemned North Korea's missile exports to Russia."),
                           (oj, "Yoon called on the international community to unite against Russia and North Korea."),
                           (meetings, "Yoon discussed defence cooperation with Germany and Canada.")]:
        assert supported(make, sentence).supported, sentence


def test_named_actor_passes_for_another_named_one_only_when_it_acts_itself():
    assert role_check("New Zealand exported missiles to Russia.", ["North Korea's export of missiles to Russia"])[0].kind == OTHER


# ---- Phrases hung on a claim, causal and listed links -----------------------------------------------------

def test_a_copied_sentence_with_an_invented_phrase_is_unsupported():
    v = supported(bs, "Luxon arrived in Seoul on his first trip to the Asian country since taking office, bringing "
                      "a large business delegation with him.")
    assert not v.supported and v.reason == "part not in source: bringing a large business delegation with him"


def test_a_cause_the_window_does_not_state_is_unsupported():
    v = supported(workers, "North Korea has been reopening slowly because a U.N. resolution was adopted in 2017.")
    assert not v.supported and v.reason.startswith("link not in source: because")


def test_a_member_must_be_listed_where_its_set_is():
    v = supported(bs, "Luxon and Yoon condemned the expanding military ties between North Korea and Russia, "
                      "including Russia's war against Ukraine.")
    assert not v.supported and v.reason == "link not in source: including Russia's war against Ukraine"


def test_pieces_are_clauses_and_hung_phrases():
    got = pieces("Yoon met Japan's prime minister at the summit, and the two agreed to address potential challenges.")
    assert len(got.clauses) == 2
    (extra,) = pieces("China hosted the most workers abroad, most of them in construction and farming.").extras
    assert extra.text == "most of them in construction and farming" and not extra.bound
    (cause,) = pieces("China backed the resolution because it hosts the workers.").extras
    assert cause.causal


def test_a_sentence_merged_from_two_windows_is_supported_with_both_quotes():
    p = bs()
    v = verify_sentence("Luxon arrived in Seoul on his first trip to the Asian country, and the two leaders "
                        "denounced North Korea's illegal nuclear and missile development programmes.", [p], [p])
    assert v.supported, v.reason
    quoted = [p.text[s:e] for _, s, e in v.quotes]
    assert any("arrived in Seoul" in q for q in quoted) and any("denounced" in q for q in quoted)


# ---- Counts, generalisations, numbers in words -------------------------------------------------------------

def test_a_count_against_the_items_it_lists():
    (count,) = listed_counts("Yoon met the leaders of six countries: Germany, Canada, the Netherlands and Finland.")
    assert (count.value, count.listed) == (6, 4)
    v = supported(meetings, "Yoon held bilateral meetings with the leaders of six countries: Germany, Canada, the "
                            "Netherlands and Finland.")
    assert not v.supported and v.reason == "count differs from the items listed: six, 4 listed"


def test_a_count_its_own_list_backs_needs_no_number_in_the_source():
    assert supported(meetings, "Yoon discussed defence cooperation with two countries, Germany and Canada.").supported


def test_units_and_stat_lines_are_not_lists():
    assert listed_counts("Trade has grown for ten years: exports, imports and services.") == []
    assert listed_counts("Messi had six shots, 157 passes and two goals.") == []


def test_a_generalisation_the_window_does_not_state():
    assert generalisations("They always condemn every launch, above all.") == ["always", "every"]
    assert unstated_generalisations("All NATO members urged China.", "The NATO leaders urged China.") == ["All"]
    v = supported(declaration, "The NATO leaders have always urged China to cease all its support to Russia's war "
                               "effort.")
    assert not v.supported and v.reason == "generalisation not in source: always"


@pytest.mark.parametrize(("text", "keys"), [
    ("thirty-five minutes", ["35"]), ("one hundred fifty-three yards", ["153"]), ("two thousand", ["2000"]),
    ("four tenths of a point", ["0.4"]), ("two-thirds", ["0.6666666667"]), ("the third year", ["3"]),
    ("P1.42 trillion", ["1.42e+12"]), ("the two agreed", []), ("the two leaders", ["2"]), ("met twice", ["x2"]),
])
def test_numbers_in_words(text, keys):
    assert [k for _, k in find_numbers(text)] == keys


def test_a_source_states_shares_and_pairs():
    assert "50000" in numbers_in("as many as half of the estimated 100,000 people")
    assert "2" in numbers_in("both leaders")
    assert "10" in numbers_in("has doubled in the past decade") and "100" in numbers_in("a century ago")


def test_ordinals_and_words_match_the_source():
    assert supported(kt, "South Korea and Japan took part in the NATO summit for the third consecutive year.").supported
    v = supported(kt, "South Korea and Japan took part in the NATO summit for the fifth consecutive year.")
    assert not v.supported and v.reason == "number fifth not in source"


# ---- Who says it, and how strongly -----------------------------------------------------------------------

def test_a_quote_given_to_another_speaker():
    v = supported(kt, "Kishida said the security of the North Atlantic and Northeast Asia is inseparable.")
    # the parse finds Yoon saying it: another named actor of "say", or another speaker of the sentence
    assert not v.supported and v.reason in ("speaker not in the quoted sentences: Kishida",
                                            "subject not in the quoted sentences: Kishida")
    assert speaker_problem("Kishida said the two security areas are inseparable.",
                           '"The two security areas are inseparable," Yoon said.') == (
        "speaker not in the quoted sentences: Kishida")
    assert supported(kt, "Yoon said the security of the North Atlantic and Northeast Asia is inseparable.").supported
    assert speaker_problem("Yoon said trade grew.", "Trade grew, he added.") == ""


def test_an_obligation_the_source_does_not_state():
    v = supported(kt, "Yoon said South Korea and Japan must strengthen their unified response with NATO.")
    assert not v.supported and v.reason == "obligation not in source: must"  # he hopes they will
    assert supported(oj, "Yoon said the international community must unite against the illegal military "
                         "cooperation between Russia and North Korea.").supported  # he called on it to
    assert obligation_problem("The two countries must conduct joint exercises.",
                              "The two countries planned to conduct joint exercises.") == "obligation not in source: must"
    assert obligation_problem("Attempts must halt.", "Any attempt must immediately halt.") == ""


# ---- Names, the lexicon ------------------------------------------------------------------------------------

def test_names_with_an_apostrophe_stay_whole_and_contractions_name_nobody():
    assert find_names("Kevin O'Connell said they DIDN'T run.") == ["Kevin O'Connell"]
    assert find_names("Don't miss it.") == []


def test_a_person_named_by_part_of_the_name():
    p = shoigu()
    assert verify_sentence("Kim Jong Un plans a visit to Vladivostok later this month.", [p], [p]).supported


def test_the_antonym_lexicon():
    assert ("grow", "shrink") in ANTONYMS and ("few", "grow") in ANTONYMS
    assert ("clos", "reopen") in VERB_ANTONYMS
    assert ("grow", "shrink") in antonyms("verb")  # increase / decrease, stemmed as the verifier stems them
    assert ("legal", "illegal") in antonyms("adj") and ("victory", "defeat") in antonyms("noun")


def test_the_lexicon_builds_from_wordnet_files(tmp_path: Path):
    synsets = {"verb": "00000001 30 v 01 rise 0 001 ! 00000002 v 0101 | go up\n"
                       "00000002 30 v 01 fall 0 001 ! 00000001 v 0101 | go down\n",
               "adj": "  licence text\n00000003 00 a 01 legal 0 000 | lawful\n", "noun": ""}
    for pos, text in synsets.items():
        (tmp_path / f"data.{pos}").write_text(text, encoding="latin-1")
    assert build(tmp_path) == [("verb", "fall", "rise")]


def test_relation_checks_hold_with_an_embedder():
    assert not supported(oj, "Russia has provided North Korea with military technology.", HashEmbed()).supported
    assert supported(oj, "Russia might provide North Korea with military technology.", HashEmbed()).supported


# ---- word by word: substitutions, opposites, added runs, synonyms, counts on their nouns, fragments ----------


def test_alignment_tells_a_substituted_act_from_an_added_clause_and_a_synonym():
    window = "Luxon and Yoon condemned the expanding military ties between North Korea and Russia."
    assert align("Luxon and Yoon praised the expanding military ties between North Korea and Russia.",
                 window).opposite == [("praised", "condemn")]
    swapped = align("Luxon and Yoon financed the expanding military ties between North Korea and Russia.", window)
    assert swapped.substituted == [("financed", ("condemned",))] and not swapped.inserted
    added = align("Luxon and Yoon condemned the expanding military ties between North Korea and Russia, and "
                  "raised interest rates by a quarter point.", window)
    assert added.longest_insert == 5 and not added.substituted  # raised interest rates quarter point
    reworded = align("Luxon and Yoon deplored the expanding military ties between North Korea and Russia.", window)
    assert reworded.reworded == 1 and not reworded.substituted and not reworded.inserted


def test_wordnet_synonyms_are_read_from_their_file_and_build_from_wordnet(tmp_path: Path):
    assert related("deplor", {"condemn", "nato"}) and related("halt", {"stop"}) and not related("prais", {"condemn"})
    (tmp_path / "data.verb").write_text(
        "00000001 30 v 02 halt 0 stop 0 001 @ 00000002 v 0000 | come to an end\n"
        "00000002 30 v 01 end 0 000 | finish\n", encoding="latin-1")
    (tmp_path / "index.verb").write_text("halt v 1 1 @ 1 1 00000001\nstop v 1 1 @ 1 1 00000001\n"
                                         "end v 1 0 1 0 00000002\n", encoding="latin-1")
    for pos in ("noun", "adj", "adv"):
        (tmp_path / f"data.{pos}").write_text("", encoding="latin-1")
        (tmp_path / f"index.{pos}").write_text("", encoding="latin-1")
    # "end" is never tagged in the corpus, so its senses do not count; halt and stop share their first sense
    assert build_synonyms(tmp_path) == {"halt": {"stop"}}


def test_a_count_the_window_puts_on_the_same_noun_with_another_number():
    window = "Yoon held bilateral meetings with the leaders of six countries, including Germany and Canada."
    assert unit_conflicts("Yoon met the leaders of seven countries.", window) == ["seven"]
    assert unit_conflicts("Yoon met the leaders of 6 countries.", window) == []
    assert unit_conflicts("The two leaders met in Seoul.", window) == []  # no count of that noun in the window
    assert counted("leaders of seven countries and 12 member states") == [("seven", "7", "countr"),
                                                                          ("12", "12", "member")]


def test_a_clause_opened_by_a_subordinating_conjunction_claims_nothing():
    assert claim_form("Before Yoon spoke to the leaders of ASEAN countries in Jakarta.") == "fragment"
    assert claim_form("Since Luxon took office last November.") == "fragment"
    assert claim_form("When Yoon met Luxon, they agreed to launch a dialogue.") == ""
    assert claim_form("Yoon met Luxon before he left for Tokyo.") == ""


def test_fragment_features_read_the_main_clause():
    assert finite_root("Yoon and Luxon met in Seoul.")
    assert not finite_root("The two-way trade volume between South Korea and New Zealand.")
    assert subordinate_opening("During a summit with Japanese Prime Minister Fumio Kishida.")
    assert not subordinate_opening("Yoon met Kishida during a summit in Washington.")


def test_roles_reversed_under_a_synonym_are_swapped():
    from rag.verification.relations import SWAPPED, role_check
    window = ["Western governments have accused Belarus of supplying fuel to Serbia to support its campaign."]
    conflict, _ = role_check("Serbia has been accused of providing Belarus with fuel", window)
    assert conflict is not None and conflict.kind == SWAPPED
    assert role_check("Belarus has been accused of supplying fuel to Serbia", window)[0] is None
