"""The verbatim phrase that answers a "what/how" question, the instance of the asked type, and the checks a
Yes/No lead rests on: pure functions over sentences of the seed articles, questions worded afresh."""

import re

import pytest

from rag.evidence.instances import instances
from rag.evidence.spans import phrase
from rag.language.geo import country
from rag.question.analysis import analyse
from rag.reply.lead import _other_count, across_clauses

KT_LEADERS = ("During his meetings with Dutch Prime Minister Mark Rutte and German Chancellor Olaf Scholz, Yoon "
              "stressed close security cooperation.")


@pytest.mark.parametrize("question, sentence, want", [
    # an acronym spelled out before it in brackets
    ("What does IP4 stand for?", "Yoon is the head of Indo-Pacific Partners 4 (IP4) along with Japan.",
     "Indo-Pacific Partners 4"),
    # a definition: "X is the <what was asked>" gives X, even when X is an alias of a word of the question
    ("What is the formal name of North Korea?", "DPRK is the formal name of North Korea.", "DPRK"),
    # manner: the adverb beside the asked act
    ("How has the economy been recovering?", "The economy has been recovering slowly since spring.", "slowly"),
    # obligation: what the subject is required to do
    ("What must member states do with the refugees?", "Member states are required to resettle the refugees "
     "within a year.", "resettle the refugees within a year"),
    # the object of the asked act, not a restatement of the question ("North Korea's weapons")
    ("What weapons does the alliance say North Korea exports?", "The alliance condemned North Korea's exports of "
     "artillery shells and ballistic missiles, which violate U.N. resolutions.", "artillery shells and ballistic missiles"),
    # what happened to a thing: what the sentence says it has done or undergone
    ("What happened to rice exports from Vietnam?", "Rice exports from Vietnam have sharply fallen since the "
     "drought, traders said.", "sharply fallen since the drought"),
    # "according to X" says who reports it; the act asked is the verb before "to <name>"
    ("What do the rebels supply to the army, according to the UN?", "The rebels were supplying fuel and food to "
     "the army, the UN said.", "fuel and food"),
    # "what" as the subject of the asked verb: what the sentence puts before it, from the start of its clause
    ("What does the mayor say is delaying the bridge?", "The mayor said that a shortage of steel from abroad is "
     "delaying the bridge by a year.", "a shortage of steel from abroad"),
    ("What threatens the coral reefs, according to the study?", "Rising sea temperatures and runoff from farms "
     "threaten the coral reefs, the study found.", "Rising sea temperatures and runoff from farms"),
    # a person's title: the capitalised title words before the name
    ("What is Maria Souza's title?", "Guests included Brazilian Finance Minister Maria Souza and two envoys.",
     "Brazilian Finance Minister"),
    # what a report says, when the sentence ends on who reported it
    ("What did the Herald report about the mayor?", "The mayor will step down after the budget vote next month, "
     "the Herald reported on Friday.", "The mayor will step down after the budget vote next month"),
])
def test_phrase_copies_the_words_that_answer(question, sentence, want):
    assert phrase(analyse(question), sentence) == want


def test_a_phrase_that_only_restates_the_question_is_no_answer():
    q = analyse("What weapons does the alliance say North Korea exports?")
    assert phrase(q, "The alliance condemned North Korea's weapons exports to Russia.") == ""


@pytest.mark.parametrize("text, want", [
    ("the Netherlands", "Netherlands"), ("Dutch", "Netherlands"), ("U.S.", "United States"), ("Laos", "Laos"),
    ("Vientiane", None), ("Washington", None), ("Southeast Asia", None),
])
def test_country_knows_countries_and_the_nationality_words_naming_them(text, want):
    assert country(text) == want


def test_which_country_reads_a_nationality_in_a_persons_title():
    got = instances(analyse("Which country is Mark Rutte the prime minister of?"), KT_LEADERS)
    assert got[0].text == "Netherlands"  # "Dutch" before his title, not "German" before Scholz's


def test_which_city_is_never_a_country():
    q = analyse("In which city did the leaders gather?")
    got = instances(q, "The leaders gathered in Ukraine's neighbour Poland, in the city of Warsaw.")
    assert [m.text for m in got] == ["Warsaw"]


def test_a_count_said_with_a_span_of_time_is_a_number():
    q = analyse("For how many straight years has the alliance met?")
    got = instances(q, "The alliance has met for four straight years, officials said.")
    assert got and got[0].text.startswith("four")


def test_a_bloc_naming_an_occasion_is_not_who_attended():
    q = analyse("Who represented Canada at the Lima summit?")
    text = "The annual APEC summit in Lima was attended by representatives from Canada, including Mary Ng."
    assert [m.text for m in instances(q, text)][:1] == ["Mary Ng"]


@pytest.mark.parametrize("question, sentence, want", [
    ("Did the minister visit nine provinces?", "The minister visited six provinces last year.", True),
    ("Did the minister visit nine provinces?", "The minister visited nine provinces last year.", False),
    ("Did the two leaders meet?", "The leaders of six countries met.", False),  # not the same thing counted
])
def test_other_count_sees_the_same_thing_counted_otherwise(question, sentence, want):
    assert _other_count(question, sentence) is want


def test_a_speaker_is_the_one_asked_not_someone_holding_the_same_title():
    from rag.evidence.answers import _spoken_by
    q = analyse("What did Canada's prime minister tell the summit?")
    assert not _spoken_by(q, "During talks with British Prime Minister Keir Starmer, Yoon stressed cooperation.")
    assert _spoken_by(q, "Canada's prime minister, Mark Carney, said trade must stay open.")


def test_a_why_question_is_answered_by_a_cause_or_a_purpose():
    from rag.evidence.spans import CAUSE
    assert CAUSE.search("The summit has not taken place since 2019 because of tensions over history.")
    assert CAUSE.search("North Korea supplies arms in return for military and economic assistance.")
    assert CAUSE.search("The ministers urged Iran to stop, saying its drones prolong the war.")
    assert not CAUSE.search("The leaders condemned the missile exports and criticized the war.")


@pytest.mark.parametrize("sentence, want", [
    # what was said as the reason, from after "saying" to the end of its clause
    ("The ministers urged Iran to stop its drone deliveries, saying the drones prolong the war in Sudan.",
     "the drones prolong the war in Sudan"),
    # a cause, to the clause's end ("largely over ..." goes on with it; "while ..." starts another clause)
    ("The talks have stalled since 2021 because of a dispute over fishing rights, largely over quotas.",
     "because of a dispute over fishing rights, largely over quotas"),
    ("The port closed because of the storm, while the airport stayed open.", "because of the storm"),
    ("The port was closed in order to stop the spread of the fever.", "in order to stop the spread of the fever"),
    ("The port was closed last week.", ""),  # no cause given
])
def test_a_why_phrase_is_the_verbatim_cause_or_purpose(sentence, want):
    assert phrase(analyse("Why was it done?"), sentence) == want


def test_a_credited_source_is_no_actor_but_whom_one_told_is():
    q = analyse("Who did the minister meet in Lima?")
    text = "The minister met Mary Ng in Lima, as reported by Reuters."
    assert [m.text for m in instances(q, text)] == ["Mary Ng"]
    told = instances(analyse("Whom did the minister tell about the plan?"), "The minister told Mary Ng about it.")
    assert [m.text for m in told] == ["Mary Ng"]


def test_people_in_a_run_keep_their_titles():
    q = analyse("Who else attended the summit?")
    text = ("Participants included U.S. Trade Representative Katherine Tai, Chilean President Gabriel Boric, and "
            "Peruvian Foreign Minister Elmer Schialer.")
    got = [m.text for m in instances(q, text)]
    assert all(any(n in g for g in got) for n in ("Katherine Tai", "Gabriel Boric", "Elmer Schialer"))


def test_which_of_a_named_set_asks_for_one_of_them():
    q = analyse("Which of Chile, Peru and Brazil did the envoy sign a fisheries pact with?")
    assert q.answer_type == "place" and q.choices == ("Chile", "Peru", "Brazil")
    assert "Peru" not in q.names  # options, not constraints every answer must meet
    text = "The envoy discussed trade with Chile and Brazil, while signing a fisheries pact with Peru."
    assert next(m.text for m in instances(q, text)) == "Peru"  # the option in the clause that holds the focus


def test_where_wants_a_place_where_not_a_place_that_acts():
    q = analyse("Where did the two ministers meet?")
    acting = "At a later meeting, the foreign ministers said Japan would work closely with its neighbours."
    assert instances(q, acting) == []  # Japan is the subject of what was said, not where they met
    placed = "The two ministers met in Hanoi on Friday, Japan's foreign ministry said."
    assert [m.text for m in instances(q, placed)][:1] == ["Hanoi"]


def test_a_nationality_modifier_is_satisfied_by_its_country_named_before():
    q = analyse("Which Chinese city will the delegation tour?")
    got = instances(q, "The delegation will tour China's southern port city of Shenzhen next week.")
    assert [m.text for m in got][:1] == ["Shenzhen"]


def test_the_asked_act_is_the_verb_the_question_ends_on_not_a_noun_before_it():
    q = analyse("What do the ministers say Iran's alliance with Syria endangers?")
    sentence = ("The ministers warned that Iran's alliance with Syria endangers shipping lanes in the Gulf, while "
                "praising the alliance partners for restraint.")
    assert phrase(q, sentence).startswith("shipping lanes")


def test_a_yes_needs_the_statements_words_in_one_clause():
    sentence = ("The minister discussed energy cooperation with Norway and Chile, while signing a fisheries accord "
                "with Peru.")
    assert across_clauses("discussed a fisheries accord with Norway", sentence)
    assert not across_clauses("discussed energy cooperation with Chile", sentence)
    assert not across_clauses("The minister signed a fisheries accord with Peru", sentence)


def test_a_city_apposed_to_the_country_asked_answers_where():
    q = analyse("Where did the envoys meet in Peru?")
    text = "The envoys met at the summit in the capital of Peru, Lima, as reported by Andina."
    assert [m.text for m in instances(q, text)][:1] == ["Lima"]
    q = analyse("Which country hosted the talks in Lima?")
    assert [m.text for m in instances(q, "The talks were held in Lima, Peru, on Monday.")] == ["Peru"]


def test_a_plural_of_people_is_met_by_the_people_a_sentence_names():
    from rag.evidence.answers import focus_cover
    q = analyse("What did the two ministers announce in Lima?")
    got = focus_cover(q, ["In Lima, Mary Ng and Elmer Schialer announced a fisheries accord."], None)
    assert got == [[]]


def test_a_title_without_a_name_names_nobody():
    q = analyse("Which Chilean ministers came to Lima?")
    text = "The Chilean Foreign Minister arrived in Lima with Trade Minister Ana Ruiz on Monday."
    assert all("Ruiz" in m.text for m in instances(q, text))


def test_a_future_date_is_not_answered_by_a_past_one():
    q = analyse("When will the two leaders next meet?")
    assert instances(q, "The two leaders have not met since 2019 because of a dispute.") == []
    assert [m.text for m in instances(q, "The two leaders will meet in March 2026, officials said.")] == ["March 2026"]


@pytest.mark.parametrize("question, sentence, want", [
    # "how many X" counts X: another thing counted is no answer
    ("How many soldiers has the country sent abroad?", "The minister met the leaders of six countries.", []),
    ("How many soldiers has the country sent abroad?", "The country has sent 1,500 soldiers abroad.", ["1,500"]),
    ("How many nurses were hired last year?", "An estimated 2,000 people were hired last year.", ["An estimated 2,000"]),
    # "how many people" counts people, however named, not years; a verb may follow the noun at once
    ("How many people attended the forum?", "Chile has joined the forum for three consecutive years.", []),
    ("How many people attended the forum?", "Some 400 officials attended the forum.", ["400"]),
    # "how long" wants a length or a time, "how much" an amount
    ("How long did the minister's talks with the mayor last?", "The minister met the leaders of six countries.", []),
    ("How long did the talks last?", "The talks lasted three hours, officials said.", ["three hours"]),
    ("How much did the city pay for the bridge?", "The city built two bridges.", []),
    ("By how much will the port raise its fees?", "The port will raise its fees by 7 percent.", ["7 percent"]),
])
def test_a_count_or_measure_answers_only_what_is_counted_or_measured(question, sentence, want):
    assert [m.text for m in instances(analyse(question), sentence)][:1] == want


def test_which_countrys_leader_asks_the_country():
    q = analyse("Which country's leader arrived in Lima?")
    assert (q.answer_type, q.target) == ("place", "country")
    assert analyse("Which countries' leaders met the president?").answer_type == "list"


def test_an_act_done_with_a_name_needs_that_name_a_thing_done_with_it_does_not():
    from rag.evidence.answers import partners
    assert partners(analyse("What agreement did the premier sign with Canada in Lima?")) == ["Canada"]
    assert partners(analyse("Where did the premier criticise military cooperation with North Korea?")) == []


@pytest.mark.parametrize("question, sentence, want", [
    ("Did the mayor visit Lima before taking office?", "The mayor arrived in Lima on her first trip since taking office.", False),
    ("Did the mayor visit Lima before taking office?", "Before taking office, the mayor visited Lima twice.", True),
    ("Did the mayor visit Lima?", "The mayor arrived in Lima on her first trip since taking office.", True),
])
def test_a_yes_sets_the_act_in_the_order_the_question_asks(question, sentence, want):
    from rag.reply.lead import _same_order
    assert _same_order(question, sentence) is want


def test_a_surname_alone_carries_the_title_the_article_first_gave_it():
    q = analyse("Which Peruvian minister voiced concern over the mine closures?")
    article = ("Peruvian Energy Minister Rosa Quispe met Chilean officials in Lima. Later, Quispe also voiced concern "
               "over the mine closures, her office said.")
    sentence = "Later, Quispe also voiced concern over the mine closures, her office said."
    assert not instances(q, sentence)  # nothing in the sentence says she is Peruvian
    assert [m.text for m in instances(q, sentence, article)][:1] == ["Quispe"]


def test_an_opposite_never_covers_a_focus_word_however_near_its_embedding():
    from rag.evidence.answers import focus_cover
    q = analyse("Has the port stayed closed this month?")
    from tests.fakes import HashEmbed
    hashed = HashEmbed()
    # an embedder that puts "closed" where it puts its opposite and its synonym
    alike = lambda texts: hashed([re.sub(r"\b(?:reopening|shuttered)\b", "closed", t) for t in texts])  # noqa: E731
    assert "closed" in focus_cover(q, ["The port has been reopening slowly this month."], alike)[0]
    assert "closed" not in focus_cover(q, ["The port has been shuttered this month."], alike)[0]
