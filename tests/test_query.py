import pytest

from index.errors import UserError
from rag.question.query import condense, content_words, parse_hints, validate_question

OUTLETS = ["The Korea Times", "Business Standard", "The Odessa Journal", "unknown"]


@pytest.mark.parametrize("bad", ["", "   ", "\n\t", None, 42])
def test_empty_questions_are_rejected(bad):
    with pytest.raises(UserError, match="empty"):
        validate_question(bad, 100)


def test_over_long_question_is_rejected_with_the_limit():
    with pytest.raises(UserError, match="limit is 50"):
        validate_question("why " * 30, 50)


def test_question_whitespace_is_normalised():
    assert validate_question("  Who   met\nLuxon? ", 100) == "Who met Luxon?"


def test_outlet_named_without_article_is_found():
    hints = parse_hints("What did Korea Times report about the IP4?", OUTLETS)
    assert hints.outlets == ["The Korea Times"]


def test_unknown_outlet_is_never_a_filter():
    assert parse_hints("what is unknown about the summit?", OUTLETS).outlets == []


def test_month_and_year_become_a_date_range():
    hints = parse_hints("What happened in September 2024?", OUTLETS)
    assert (hints.date_from, hints.date_to) == (20240900, 20240931)


def test_a_year_alone_becomes_a_year_range():
    hints = parse_hints("What did Yoon say at the 2023 summit?", OUTLETS)
    assert hints.years == (2023,)
    assert (hints.date_from, hints.date_to) == (20230000, 20231231)


def test_no_hints_in_a_plain_question():
    hints = parse_hints("Which countries make up the IP4?", OUTLETS)
    assert hints.outlets == [] and hints.date_from == 0 and hints.years == ()


def test_follow_up_is_condensed_with_the_previous_question():
    history = [("What did Yoon say at the NATO summit?", "He condemned ...")]
    q = condense("and what did Japan say?", history)
    assert "japan" in q.lower() and "nato" in q.lower() and "summit" in q.lower()


def test_standalone_question_is_left_alone():
    history = [("What did Yoon say at the NATO summit?", "...")]
    q = "How much did trade between South Korea and New Zealand grow over the past decade?"
    assert condense(q, history) == q


def test_no_history_no_change():
    assert condense("and Japan?", []) == "and Japan?"


def test_content_words_drop_stopwords():
    assert content_words("What did Yoon say about the IP4?") == ["yoon", "ip4"]
