"""Who does the act a question asks about: the subject of the asked verb, found in the sentence's parse."""

from rag.evidence.agents import agents, asked_act, is_agent
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
