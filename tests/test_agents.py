"""Who does the act a question asks about: the subject of the asked verb, found in the sentence's parse."""

from rag.evidence.agents import acts_asked, agents, asked_act, is_agent
from rag.evidence.instances import instances
from rag.question.analysis import analyse


def test_the_act_whose_subject_is_asked():
    assert asked_act("Who condemned the missile tests?") == {"condemn"}
    assert asked_act("Which governments are arming the rebels?") == {"arm"}
    assert asked_act("Who did the mayor meet?") == set()  # the wh-word is the object
    assert asked_act("Who is the mayor of Lima?") == set()  # no act


def test_the_agents_of_the_act_in_a_sentence():
    got = agents("The Pacific ministers also issued a statement, strongly condemning the missile tests.", {"condemn"})
    assert got is not None and is_agent("Pacific", got)
    assert agents("The tests violate United Nations resolutions.", {"condemn"}) is None  # the act not said so


def test_who_did_it_is_the_agent_not_another_name_beside_the_act():
    q = analyse("Who condemned the missile tests?")
    text = "Chile condemned the missile tests, which break United Nations resolutions."
    assert [m.text for m in instances(q, text)][:1] == ["Chile"]


def test_the_acts_a_question_asks_leave_out_light_verbs():
    assert acts_asked(("chair", "next", "summit"), "Who will chair the next Pacific summit?") == {"chair"}
    assert acts_asked(("hold", "summit"), "Which leader did she hold a summit with?") == set()  # a light verb


def test_a_date_or_place_answers_only_for_the_act_it_belongs_to():
    text = "The envoy arrived in Lima, the Peruvian capital, on her first trip since she took office last March."
    when = analyse("On what date did the envoy arrive in Lima?")
    assert instances(when, text) == []  # last March dates taking office
    assert [m.text for m in instances(analyse("When did the envoy take office?"), text)] == ["last March"]
    # the act in a clause on the date: the date dates it
    pact = "Fears grew in June, when the two presidents signed a pact on water rights."
    assert [m.text for m in instances(analyse("When did the two presidents sign the pact?"), pact)] == ["June"]


def test_the_doer_a_question_names_must_do_the_act_in_the_sentence():
    from rag.evidence.agents import asked_doers, done_by_another
    assert asked_doers("How many refugees did Chile take in?", {"take"}) == ["Chile"]
    assert asked_doers("Who hosted the refugees?", {"hosted"}) == []  # the doer is what is asked
    text = "Before the war, Peru hosted the largest number of refugees, about 40,000 people."
    assert done_by_another("How many refugees did Chile host?", {"host"}, text)
    assert not done_by_another("How many refugees did Peru host?", {"host"}, text)
    assert not done_by_another("How many refugees did Chile host?", {"host"}, "They hosted 40,000 refugees.")
