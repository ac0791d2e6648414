"""Question analysis: the expected answer type, the focus and the constraints, on questions of every class
(none of them from the gold set's wording)."""

import pytest

from rag.question.analysis import analyse, said_claim, statement


@pytest.mark.parametrize("question, answer_type", [
    ("Did the minister resign after the vote?", "yes_no"),
    ("Has the bank raised rates twice this year?", "yes_no"),
    ("Is the port open again?", "yes_no"),
    ("Was it the mayor or the governor who spoke first?", "description"),  # a choice, not yes/no
    ("Who chairs the committee?", "person"),
    ("Which Canadian diplomat led the talks?", "person"),
    ("Which company bought the mine?", "organisation"),
    ("Where will the talks be held?", "place"),
    ("In which city did the flood hit hardest?", "place"),
    ("When did the strike end?", "date"),
    ("What year was the treaty signed?", "date"),
    ("How many ships were detained?", "number"),
    ("By how much did exports fall?", "number"),
    ("How has the price of wheat changed since the drought?", "number"),
    ("Which countries signed the accord?", "list"),
    ("What kinds of weapons were seized?", "list"),
    ("Why did the court block the merger?", "reason"),
    ("What did the envoy say about the ceasefire?", "description"),
    ("In what order did the three ministers resign?", "timeline"),
    ("Put in order: the flood, the election and the strike.", "timeline"),
    ("Do the reports agree on the number of victims?", "agreement"),
    ("Do both articles say the port reopened?", "agreement"),
    ("which outlet ran the piece by jane q. doe?", "provenance"),
    ("what date is the story about the flood from?", "provenance"),
    ("WHO WROTE THE HERALD ARTICLE?", "provenance"),
    ("What headline did the Herald run on the flood?", "provenance"),
    ("What is the official name of the bloc?", "description"),  # "official" qualifies the name asked
    ("Which official signed the decree?", "person"),
    ("What happened to the grain exports after the floods?", "description"),  # no kind of thing asked
    ("Name the city the envoy flew to.", "place"),  # a command asks "which"
    ("List all the ministers who resigned.", "list"),
    ("Identify three ports the storm closed.", "list"),
    ("what's the name of the chilean foreign minister", "person"),  # a contraction spelled out
    ("Who reported the mayor's resignation?", "provenance"),  # the outlet, or the source the text credits
    ("What is the purpose of the new water board?", "reason"),
])
def test_the_answer_type(question, answer_type):
    assert analyse(question).answer_type == answer_type


def test_a_list_knows_its_items_count_and_modifier():
    q = analyse("With which five countries did the president hold talks at the summit in Oslo?")
    assert (q.answer_type, q.item_type, q.count, q.target) == ("list", "place", 5, "countries")
    assert analyse("Which Russian official attended it?").modifiers == ("Russian",)


def test_the_focus_is_what_an_answer_must_be_about():
    q = analyse("What trade deal did Chile and Peru sign?")
    assert q.focus == ("trade", "deal", "sign") and q.names == ("Chile", "Peru") and q.target == "deal"
    q = analyse("How many troops has Belarus sent to the border?")
    assert "troops" in q.focus and "many" not in q.focus and q.names == ("Belarus",)


def test_an_occasion_and_a_classifier_are_not_the_focus():
    q = analyse("Who opened the bridge after the Lima summit?")
    assert "summit" not in q.focus and q.constraints["events"]
    assert analyse("Which countries make up the G7 group?").focus == ()


def test_provenance_fields():
    assert analyse("which outlet ran the piece by jane q. doe?").provenance == "outlet"
    assert analyse("Which wire service does the Herald story credit?").provenance == "agency"
    assert analyse("When was the Herald report published?").provenance == "date"
    assert analyse("Who is the author of the Herald article?").provenance == "author"
    assert analyse("what paper printed the article written by jane q. doe?").provenance == "outlet"


def test_a_yes_no_question_as_the_statement_it_asks_about():
    assert statement(analyse("Did the minister resign after the vote?")) == "the minister resign after the vote"
    assert statement(analyse("Was the summit held in Oslo?")) == "the summit was held in Oslo"
    # a predicative adjective, a preposition ending like a participle, an adverb before the participle
    assert statement(analyse("Were the Lima delegates silent on the dam?")) == "the Lima delegates were silent on the dam"
    assert statement(analyse("Has rice output between Peru and Chile sharply fallen?")) == (
        "rice output between Peru and Chile has sharply fallen")
    assert statement(analyse("Was the meeting productive?")) == "the meeting was productive"


def test_a_persons_title_is_no_headline():
    assert analyse("What is his title?").provenance == ""
    assert analyse("What is Lavrov's title?").provenance == ""
    assert analyse("What is the title of the Herald article?").provenance == "title"


def test_how_exact_a_question_is_is_no_focus():
    assert analyse("Has the harvest roughly doubled since 2010?").focus == ("harvest", "doubled")


def test_the_claim_of_a_do_both_reports_say_question():
    assert said_claim("Do both reports say the port reopened on Monday?") == "the port reopened on Monday"
    assert said_claim("Do the reports agree on when the port reopened?") == ""
    # reports named by their topic: "report" is a noun there, the claim follows "both say"
    assert said_claim("Do the Lima report and the Quito report both say the envoys met twice?") == "the envoys met twice"
    assert said_claim("Does the report on the flood say the dam broke?") == "the dam broke"


def test_names_set_aside_are_not_what_an_answer_is_about():
    q = analyse("Which countries joined the pact besides Chile?")
    assert q.aside == ("Chile",) and "chile" not in q.name_stems and "besides" not in q.focus
    q = analyse("Who else besides Mary Ng attended the Lima summit?")
    assert q.answer_type == "list" and q.item_type == "person" and "Mary Ng" in q.aside


def test_a_target_with_a_run_of_modifiers():
    q = analyse("Which U.S., Chilean and Peruvian representatives attended the talks?")
    assert q.target == "representatives" and q.item_type == "person"
    assert {"U.S.", "Chilean", "Peruvian"} <= set(q.modifiers)


def test_agreement_framing_is_left_out_of_the_search():
    assert analyse("Do the reports agree on when the port reopened?").search == "when the port reopened?"


def test_naming_verbs_frame_what_is_asked():
    # "call X a Y" / "describe X as Y" asks whether X is Y: the naming verb is no word an answer must hold
    assert "call" not in analyse("Did the mayor call the closure a mistake?").focus
    assert "described" not in analyse("Was the deal described as a breakthrough by the minister?").focus
    assert "call" in analyse("Did the mayor call for calm?").focus


def test_one_report_asked_is_a_yes_no_two_reports_an_agreement():
    assert analyse("Did the Lima report say the mayor resigned?").answer_type == "yes_no"
    assert analyse("Do the Lima report and the Quito report both say the mayor resigned?").answer_type == "agreement"
    assert analyse("Do the articles say the mayor resigned?").answer_type == "agreement"


def test_a_question_about_what_one_report_says_states_what_it_says():
    assert statement(analyse("Did the Lima report say the mayor resigned?")) == "the mayor resigned"
    assert statement(analyse("Did the mayor say sorry?")) == "the mayor say sorry"


def test_what_the_articles_do_not_state_keeps_the_questions_tense():
    from rag.question.analysis import reported
    assert reported(analyse("Did the mayor describe the plan as a mistake?")) == "the mayor described the plan as a mistake"
    assert reported(analyse("Did the two mayors meet in Lima?")) == "the two mayors met in Lima"
    assert reported(analyse("Was the summit held in Lima?")) == "the summit was held in Lima"


def test_a_command_is_read_as_which_and_names_no_name():
    q = analyse("Name the port that the Chilean navy plans to reopen.")
    assert q.answer_type == "place" and q.target == "port" and "Name" not in q.names
    assert analyse("Identify three ports the storm closed.").count == 3
    assert analyse("Tell me about the storm.").answer_type == "description"  # no "which" asked


def test_a_preposition_is_no_focus():
    assert analyse("Whom did the mayor meet alongside the governor?").focus == ("mayor", "meet", "governor")


def test_is_it_true_that_asks_whether_the_rest_holds():
    q = analyse("Is it true that the mayor of Lima resigned?")
    assert q.answer_type == "yes_no" and "true" not in q.focus and statement(q) == "the mayor of Lima resigned"
