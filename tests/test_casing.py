"""Names restored to a question typed in lower case, as the retrieved passages write them."""

from rag.question.casing import lower_case, restore_case

PASSAGES = ["Chilean Foreign Minister Ana Rojas arrived in Lima on Monday. The summit opened on Tuesday.",
            "Rojas met Peru's trade minister at the Lima Summit. The summit ended late."]


def test_a_lower_case_question_gets_the_names_the_passages_capitalise():
    assert restore_case("did ana rojas meet peru's trade minister in lima?", PASSAGES) == \
        "did Ana Rojas meet Peru's trade minister in Lima?"


def test_a_word_the_passages_mostly_write_in_lower_case_stays_so():
    assert restore_case("when did the summit in lima end?", PASSAGES) == "when did the summit in Lima end?"


def test_a_question_with_capitals_is_left_as_typed():
    assert not lower_case("Did rojas meet the Peruvian minister?") and lower_case("did rojas meet him")
    assert restore_case("Did rojas meet Peru?", PASSAGES) == "Did rojas meet Peru?"
