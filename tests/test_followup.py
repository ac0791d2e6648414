"""Follow-ups made standalone from the conversation: pronouns, "there", "that report", ellipsis."""

from rag.question.followup import resolve


def turns(*questions, answer=""):
    return [(q, answer) for q in questions]


def test_he_is_the_person_of_the_last_turn_not_one_the_question_names():
    got = resolve("And what did he agree with Yoon?", turns("When did Luxon take office?"))
    assert got == "And what did Luxon agree with Yoon?"


def test_a_person_can_come_from_the_last_answer():
    got = resolve("When did he visit Seoul?", [("Who is New Zealand's prime minister?", "Christopher Luxon. [BS]")])
    assert got == "When did Christopher Luxon visit Seoul?"


def test_they_is_a_pair_named_together():
    assert resolve("What did they condemn?", turns("When did Yoon and Luxon meet?")) == "What did Yoon and Luxon condemn?"


def test_there_is_the_last_place():
    got = resolve("Which Japanese leader did he meet there?", turns("What did Yoon say at the NATO summit in Washington?"))
    assert got == "Which Japanese leader did Yoon meet in Washington?"


def test_it_is_the_event_or_the_report_asked_about():
    assert resolve("Which Russian official attended it?",
                   turns("Which ASEAN summit did Yoon attend in Laos?")) == "Which Russian official attended the ASEAN summit?"
    got = resolve("Which agency did it cite?", [("Which outlet reported Yoon's remarks in Laos?",
                                                 "Reported by The Odessa Journal. [The Odessa Journal]")])
    assert got == "Which agency did the report by The Odessa Journal cite?"


def test_ellipsis_takes_the_last_question_with_the_new_name():
    got = resolve("And Russia?", turns("What did South Korea say about the war in Ukraine?"))
    assert got == "What did Russia say about the war in Ukraine?"


def test_ellipsis_swaps_a_nationality_for_the_country_asked_about():
    assert resolve("What about Chile?", turns("Which Peruvian exports did the bloc ban?")) == "Which Chilean exports did the bloc ban?"
    assert resolve("And the Chilean one?", turns("Which Peruvian minister spoke first?")) == "Which Chilean minister spoke first?"


def test_without_history_or_pronouns_nothing_changes():
    assert resolve("What did he say?", None) == "What did he say?"
    q = "What did Yoon say about Russia?"
    assert resolve(q, turns("Who met in Seoul?")) == q


def test_there_after_a_where_question_is_the_place_the_answer_gave():
    history = [("Where did Luxon say trade had doubled?", "In Seoul, at the summit with Yoon. [BS]")]
    assert resolve("Who did he meet there?", history) == "Who did Luxon meet in Seoul?"
    history = [("Where did the minister warn about North Korea?", "Jakarta, Indonesia. [Reuters]")]
    assert resolve("What else did she say there?", history).endswith("in Jakarta?")


def test_a_continuing_question_keeps_the_scene_the_conversation_set():
    history = turns("What did Yoon tell the leaders at the summit in Jakarta?", "Was anyone from China there?")
    assert resolve("And who came from Japan?", history) == "And who came from Japan in Jakarta?"
    assert resolve("And what was said in Seoul?", history) == "And what was said in Seoul?"  # its own scene


def test_them_is_the_whole_list_the_last_answer_gave():
    history = [("How many ministers did the envoy meet?", "Four. He met ministers from Chile, Peru, Brazil and "
                                                           "Argentina. [Reuters]")]
    got = resolve("Which of them signed the accord?", history)
    assert got == "Which of Chile, Peru, Brazil and Argentina signed the accord?"


def test_a_city_and_its_country_are_one_place_not_a_pair():
    history = [("Who spoke in Lima?", "The talks in Lima, Peru, were opened by Dina Boluarte and Chilean "
                                       "President Gabriel Boric. [AP]")]
    assert resolve("What did they agree?", history) == "What did Dina Boluarte and Gabriel Boric agree?"


def test_who_else_excludes_the_people_asked_about_and_keeps_the_event():
    history = turns("What did Yoon say at the ASEAN summit in Vientiane?")
    assert resolve("Who else attended?", history) == "Who else besides Yoon attended the ASEAN summit in Vientiane?"
    assert resolve("Who spoke?", history) == "Who spoke at the ASEAN summit in Vientiane?"
    assert resolve("What else did he say?", history) == "What else did Yoon say?"  # "else" of a thing names no one


def test_a_bare_why_asks_the_earlier_question_again_with_its_answer():
    history = [("What did the envoys urge Belarus to do?", "Cease all its support to the offensive. [Daily]")]
    assert resolve("Why?", history) == "Why did the envoys urge Belarus to cease all its support to the offensive?"
    assert resolve("And when?", [("Did Yoon meet Kishida in Washington?", "Yes — ... [KT]")]) == \
        "When did Yoon meet Kishida in Washington?"


def test_him_is_the_one_the_last_question_asked_about_when_its_answer_names_nobody():
    got = resolve("Who joined him at the later meeting?", turns("Where did Yoon meet ASEAN leaders in 2023?",
                                                                answer="The articles do not cover this."))
    assert got == "Who joined Yoon at the later meeting?"
    # a place the question asks about is no "he"
    assert resolve("What did he say?", turns("When did NATO meet?", answer="No answer.")) == "What did he say?"


def test_them_after_a_list_lead_is_the_whole_list():
    answer = "Japan. [KT] Australia and New Zealand. [KT] Yoon, along with Japan, Australia and New Zealand, spoke."
    got = resolve("Which of them did Yoon hold a summit with?", [("Which countries are in the IP4?", answer)])
    assert got == "Which of Japan, Australia and New Zealand did Yoon hold a summit with?"
