"""Every eval metric on hand-made inputs, then per-item scoring and aggregation."""

import pytest

from eval import metrics as m
from eval.gold import GoldItem
from eval.scoring import (
    LOWER_IS_BETTER,
    MULTIHOP_METRICS,
    SEEDS_METRICS,
    aggregate,
    majority_baselines,
    percentile,
    score_item,
    short_answer_of,
)

A, B, C = "001_bs", "000_copy", "002_kt"


# --- text ---------------------------------------------------------------------------------------------------------
def test_normalize_drops_case_punctuation_possessives_and_articles():
    assert m.normalize("The U.N. said Luxon's trade rose 100,000-fold!") == "u n said luxon trade rose 100000 fold"


def test_strip_citations_removes_inline_tags():
    assert m.strip_citations("It doubled [Business Standard] [The Korea Times].") == "It doubled."


@pytest.mark.parametrize("answer,aliases,expected", [
    ("Trade nearly DOUBLED.", ["doubled", "doubling"], True),
    ("Japanese officials", ["Japan"], False),  # whole words only
    ("the Czech Republic.", ["Czech Republic"], True),
    ("100,000 workers", ["100000"], True),
    ("Luxon's office released it", ["Luxon's office"], True),
    ("", ["Seoul"], False),
])
def test_has_alias(answer, aliases, expected):
    assert m.has_alias(answer, aliases) is expected


@pytest.mark.parametrize("text,declined", [
    ("The articles do not cover this.", True),
    ("The context does not mention a selfie.", True),
    ("Empty Response", True),
    ("", True),
    ("Insufficient information.", True),
    ("Yoon met Luxon in Seoul.", False),
])
def test_looks_declined(text, declined):
    assert m.looks_declined(text) is declined


# --- retrieval ----------------------------------------------------------------------------------------------------
def test_hit_at_k_counts_passages_not_documents():
    ranked = [[C], [C], [C], [C], [A]]
    assert m.hit_at_4(ranked, [A]) == 0.0
    assert m.hit_at_10(ranked, [A]) == 1.0


def test_hit_credits_a_syndicated_copy_collapsed_into_the_passage():
    assert m.hit_at_4([[A, B]], [B]) == 1.0


def test_hit_accepts_flat_doc_id_lists():
    assert m.hit_at(["x", A], [A], 1) == 0.0 and m.hit_at(["x", A], [A], 2) == 1.0


def test_mrr_is_reciprocal_rank_of_first_gold_passage():
    assert m.mrr_at_10([[C], [A], [A]], [A]) == 0.5
    assert m.mrr_at_10([[C]] * 10 + [[A]], [A]) == 0.0


def test_evidence_recall_is_fraction_of_gold_docs_in_top_10():
    assert m.evidence_recall([[A], [C]], [A, B]) == 0.5
    assert m.evidence_recall([[A, B]], [A, B]) == 1.0
    assert m.evidence_recall([], [A]) == 0.0


def test_retrieval_metrics_do_not_apply_without_gold():
    assert m.hit_at_4([[A]], []) is None and m.mrr_at_10([[A]], []) is None and m.evidence_recall([], []) is None


# --- answers ------------------------------------------------------------------------------------------------------
def test_answer_accuracy_needs_every_key_fact():
    facts = [["Japan"], ["Australia"], ["New Zealand", "NZ"]]
    assert m.answer_accuracy("Japan, Australia and NZ.", facts) == 1.0
    assert m.answer_accuracy("Japan and Australia.", facts) == 0.0
    assert m.answer_accuracy("anything", []) is None


def test_first_position_finds_whole_words_in_the_normalised_answer():
    assert m.first_position("Seoul in 2023, then Vientiane", "Vientiane") == 19
    assert m.first_position("Seoul in 2023, then Vientiane", "Vien") is None
    assert m.first_position("The Jakarta summit", "jakarta summit") == 0


def test_list_recall_is_the_share_of_key_facts():
    facts = [["Japan"], ["Australia"], ["New Zealand", "NZ"]]
    assert m.list_recall("Japan and NZ.", facts) == pytest.approx(2 / 3)
    assert m.list_recall("Japan, Australia and New Zealand.", facts) == 1.0
    assert m.list_recall("Canada.", facts) == 0.0
    assert m.list_recall("anything", []) is None


def test_timeline_order_scores_consecutive_pairs():
    order = ["Jakarta", "NATO", "Vientiane"]
    assert m.timeline_order("In Jakarta, then at NATO, then in Vientiane.", order) == 1.0
    assert m.timeline_order("In Vientiane, after NATO and Jakarta.", order) == 0.0
    assert m.timeline_order("Jakarta first, Vientiane last, NATO between.", order) == 0.5  # NATO after Vientiane
    assert m.timeline_order("Jakarta, then Vientiane.", order) == 0.0  # NATO missing breaks both its pairs
    assert m.timeline_order("Jakarta, then NATO.", order) == 0.5
    assert m.timeline_order("Jakarta", ["Jakarta"]) is None and m.timeline_order("x", []) is None


def test_direct_answer_accuracy_reads_the_short_answer():
    assert m.direct_answer_accuracy("Fumio Kishida", ["Kishida", "Fumio Kishida"]) == 1.0
    assert m.direct_answer_accuracy("Yoon Suk Yeol", ["Kishida"]) == 0.0
    assert m.direct_answer_accuracy("", ["Kishida"]) == 0.0
    assert m.direct_answer_accuracy("Kishida", []) is None


def test_yes_no_accuracy_reads_the_first_word():
    assert m.yes_no_accuracy("Yes.", ["Yes"]) == 1.0
    assert m.yes_no_accuracy("yes, it did", ["Yes"]) == 1.0
    assert m.yes_no_accuracy("No, it did not.", ["Yes"]) == 0.0
    assert m.yes_no_accuracy("It did not, no.", ["No"]) == 0.0  # the answer must lead with it
    assert m.yes_no_accuracy("", ["No"]) == 0.0
    assert m.yes_no_accuracy("Yes", ["Seoul"]) is None
    assert m.yes_no_accuracy("Yes", ["Yes", "Indeed"]) is None and m.yes_no_accuracy("Yes", []) is None
    assert m.yes_no_of("Yesterday it rained") is None


def test_strict_accuracy_is_exact_on_the_short_answer_and_abstention_says_insufficient_information():
    assert m.strict_accuracy("Yes", "yes.", abstained=False) == 1.0
    assert m.strict_accuracy("Yes, it did", "Yes", abstained=False) == 0.0
    assert m.strict_accuracy("", "Insufficient information.", abstained=True) == 1.0
    assert m.strict_accuracy("Yes", "Yes", abstained=True) == 0.0


def test_majority_class():
    assert m.majority_class(["Yes", "yes.", "No"]) == ("yes", pytest.approx(2 / 3))
    assert m.majority_class(["No", "Yes"]) == ("no", 0.5)  # a tie keeps the first seen
    assert m.majority_class([]) is None


def test_exact_match_is_normalised():
    assert m.exact_match("Yes.", "yes") == 1.0
    assert m.exact_match("The Seoul", "seoul!") == 1.0
    assert m.exact_match("Yes, it did.", "yes") == 0.0


def test_token_f1():
    assert m.token_f1("Seoul, Korea", "Seoul") == pytest.approx(2 / 3)
    assert m.token_f1("Tokyo", "Seoul") == 0.0
    assert m.token_f1("", "") == 1.0


def test_lenient_and_paper_accuracy():
    assert m.contains_reference("Yes, Google did. [TechCrunch]", "Yes") == 1.0
    assert m.contains_reference("Yesterday", "Yes") == 0.0
    assert m.word_overlap("No, it did not.", "no") == 1.0
    assert m.word_overlap("Sam Altman", "Sam Bankman-Fried") == 1.0  # the paper's rule is that lenient


# --- citations ----------------------------------------------------------------------------------------------------
def test_citation_precision():
    assert m.citation_precision([A, C], [A]) == 0.5
    assert m.citation_precision([], [A]) is None  # nothing cited: precision undefined
    assert m.citation_precision([], []) == 1.0  # off-corpus, nothing cited: right
    assert m.citation_precision([A], []) == 0.0  # off-corpus, cited anyway: wrong


def test_citation_recall_counts_sentences_with_a_gold_citation():
    assert m.citation_recall([[A], [], [C]], [A]) == pytest.approx(1 / 3)
    assert m.citation_recall([[A, C]], [A]) == 1.0
    assert m.citation_recall([], [A]) is None


def test_outlet_precision_and_recall_ignore_case_and_repeats():
    assert m.outlet_precision(["Business Standard", "business standard", "The Korea Times"],
                              ["Business Standard"]) == 0.5
    assert m.outlet_recall(["Business Standard"], ["Business Standard", "Seoul summit"]) == 0.5
    assert m.outlet_precision([], []) == 1.0 and m.outlet_precision(["X"], []) == 0.0
    assert m.outlet_recall(["X"], []) is None


def test_near_topic_and_false_abstention():
    assert m.near_topic_abstention(True, "near_topic") == 1.0
    assert m.near_topic_abstention(False, "near_topic") == 0.0
    assert m.near_topic_abstention(True, "off_corpus") is None
    assert m.false_abstention(True, answerable=True) == 1.0
    assert m.false_abstention(False, answerable=True) == 0.0
    assert m.false_abstention(True, answerable=False) is None
    assert "false_abstention" in LOWER_IS_BETTER and "near_topic_abstention" not in LOWER_IS_BETTER


def test_abstention_correct_iff_declining_exactly_the_unanswerable():
    assert m.abstention_correct(True, answerable=False) == 1.0
    assert m.abstention_correct(False, answerable=True) == 1.0
    assert m.abstention_correct(True, answerable=True) == 0.0
    assert m.abstention_correct(False, answerable=False) == 0.0


# --- scoring ------------------------------------------------------------------------------------------------------
ITEM = GoldItem(id="q", kind="syndicated", question="What did they launch?", answer="An economic security dialogue.",
                key_facts=[["economic security dialogue"]], gold_doc_ids=[A, B],
                gold_outlets=["Business Standard", "Seoul summit"])
OFF = GoldItem(id="o", kind="off_corpus", question="Who won the World Cup?", answer="Not covered.")


def record(**kw):
    base = {"answer": "They launched an economic security dialogue. [Business Standard]",
            "plain": "They launched an economic security dialogue.", "abstained": False,
            "sentences": [{"text": "They launched an economic security dialogue.", "doc_ids": [A],
                           "labels": ["Business Standard"]}],
            "citations": [{"doc_id": A, "label": "Business Standard"}],
            "retrieved": [[C], [A, B]], "timings": {"total_s": 1.0, "first_token_s": 0.5}, "answer_tokens": 9}
    return {**base, **kw}


def test_score_item_answerable():
    s = score_item(ITEM, record())
    assert s["hit_at_4"] == 1.0 and s["mrr_at_10"] == 0.5 and s["evidence_recall"] == 1.0
    assert s["answer_accuracy"] == 1.0 and s["citation_precision"] == 1.0 and s["citation_recall"] == 1.0
    assert s["outlet_precision"] == 1.0 and s["outlet_recall"] == 0.5 and s["abstention_accuracy"] == 1.0


def test_a_wrong_abstention_scores_zero_answer_and_no_citation_metrics():
    s = score_item(ITEM, record(abstained=True, plain="The articles do not cover this.", citations=[],
                                sentences=[]))
    assert s["answer_accuracy"] == 0.0 and s["abstention_accuracy"] == 0.0
    assert s["citation_precision"] is None and s["citation_recall"] is None


def test_off_corpus_item_scores_abstention_and_phantom_citations():
    declined = score_item(OFF, record(abstained=True, citations=[], sentences=[]))
    assert declined["abstention_accuracy"] == 1.0 and declined["citation_precision"] == 1.0
    assert declined["answer_accuracy"] is None and declined["hit_at_4"] is None
    answered = score_item(OFF, record())
    assert answered["abstention_accuracy"] == 0.0 and answered["citation_precision"] == 0.0


def test_errored_item_has_no_scores():
    assert score_item(ITEM, {"error": "model timed out"}) == {}


def test_percentile_interpolates():
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile([5], 95) == 5
    assert percentile([], 50) is None


def test_aggregate_means_skip_none_and_break_down_by_kind():
    rows = [
        {"kind": "syndicated", "record": record(), "scores": score_item(ITEM, record())},
        {"kind": "off_corpus", "record": record(timings={"total_s": 3.0}, answer_tokens=0),
         "scores": score_item(OFF, record())},
        {"kind": "off_corpus", "record": {"error": "boom"}, "scores": {}},
    ]
    agg = aggregate(rows, SEEDS_METRICS)
    assert agg["n"] == 3 and agg["errors"] == 1
    assert agg["answer_accuracy"] == 1.0  # the off-corpus rows do not dilute it
    assert agg["abstention_accuracy"] == 0.5
    assert agg["latency_p50_s"] == 2.0 and agg["first_token_p50_s"] == 0.5 and agg["answer_tokens"] == 4.5
    assert set(agg["by_kind"]) == {"syndicated", "off_corpus"}
    assert agg["by_kind"]["off_corpus"]["abstention_accuracy"] == 0.0
    assert "by_kind" not in agg["by_kind"]["off_corpus"]


# --- the direct-answer and shape metrics through score_item ---------------------------------------------------------
def _gold(**kw) -> GoldItem:
    base = {"id": "q", "kind": "single_source", "question": "Who?", "answer": "Fumio Kishida.",
            "key_facts": [["Kishida"]], "gold_doc_ids": [A], "gold_outlets": ["Business Standard"]}
    return GoldItem.model_validate({**base, **kw})


def _said(plain: str, short: str | None = "", abstained: bool = False, **kw) -> dict:
    rec = record(plain=plain, answer=plain, abstained=abstained, **kw)
    if short is not None:
        rec["short_answer"] = short
    return rec


def test_direct_answer_scores_the_short_answer_not_the_plain_text():
    item = _gold(short=["Kishida", "Fumio Kishida"])
    assert score_item(item, _said("Fumio Kishida attended.", "Fumio Kishida"))["direct_answer_accuracy"] == 1.0
    assert score_item(item, _said("Kishida attended with Yoon.", "Yoon"))["direct_answer_accuracy"] == 0.0
    assert score_item(item, _said("Fumio Kishida attended.", "Kishida", abstained=True))[
        "direct_answer_accuracy"] == 0.0  # an abstention scores 0
    assert score_item(_gold(), _said("Fumio Kishida.", "Fumio Kishida"))["direct_answer_accuracy"] is None


def test_a_config_without_short_answers_is_read_on_its_plain_text():
    item = _gold(short="Yes", kind="yes_no")
    vanilla = _said("Yes, they did.", short=None)
    assert short_answer_of(vanilla) == "Yes, they did." and short_answer_of(_said("x", "")) == ""
    assert score_item(item, vanilla)["yes_no_accuracy"] == 1.0
    assert score_item(item, _said("Yes, they did.", ""))["yes_no_accuracy"] == 0.0  # ours said no lead phrase


def test_yes_no_accuracy_applies_to_any_kind_with_a_yes_no_short():
    assert score_item(_gold(kind="agreement", short="No"), _said("No.", "No"))["yes_no_accuracy"] == 1.0
    assert score_item(_gold(kind="agreement", short="No"), _said("Yes.", "Yes"))["yes_no_accuracy"] == 0.0
    assert score_item(_gold(kind="yes_no", short="Kishida"), _said("Yes.", "Yes"))["yes_no_accuracy"] is None


def test_list_recall_applies_to_list_and_multi_source_items():
    facts = [["Japan"], ["Australia"], ["New Zealand"]]
    said = _said("Japan and Australia.")
    assert score_item(_gold(kind="list", key_facts=facts), said)["list_recall"] == pytest.approx(0.6667)
    assert score_item(_gold(kind="multi_source", key_facts=facts), said)["list_recall"] == pytest.approx(0.6667)
    assert score_item(_gold(kind="list", key_facts=facts), said)["answer_accuracy"] == 0.0
    assert score_item(_gold(kind="single_source", key_facts=facts), said)["list_recall"] is None


def test_timeline_order_through_score_item():
    item = _gold(kind="timeline", order=["Jakarta", "Vientiane"], key_facts=[["Jakarta"]])
    assert score_item(item, _said("Jakarta in 2023, Vientiane in 2024."))["timeline_order"] == 1.0
    assert score_item(item, _said("Vientiane in 2024 after Jakarta in 2023."))["timeline_order"] == 0.0
    assert score_item(_gold(), _said("Jakarta, Vientiane"))["timeline_order"] is None


def test_turn_accuracy_is_answer_accuracy_of_chat_turns_only():
    for kind in ("follow_up", "conversation"):
        item = _gold(kind=kind, id="conv-a-2", history=["Who met?"])
        assert score_item(item, _said("Kishida came."))["turn_accuracy"] == 1.0
        assert score_item(item, _said("Yoon came."))["turn_accuracy"] == 0.0
    assert score_item(_gold(), _said("Kishida came."))["turn_accuracy"] is None


def test_near_topic_items_must_be_declined_and_answerable_ones_not():
    near = GoldItem(id="n", kind="near_topic", question="What did Yoon eat in Jakarta?", answer="Not covered.")
    declined = score_item(near, _said("", abstained=True, citations=[], sentences=[]))
    assert declined["near_topic_abstention"] == 1.0 and declined["abstention_accuracy"] == 1.0
    assert declined["false_abstention"] is None and declined["answer_accuracy"] is None
    assert score_item(near, _said("Kimchi."))["near_topic_abstention"] == 0.0
    assert score_item(_gold(), _said("", abstained=True))["false_abstention"] == 1.0
    assert score_item(_gold(), _said("Kishida."))["false_abstention"] == 0.0
    assert score_item(OFF, _said("", abstained=True))["near_topic_abstention"] is None


def test_multihop_strict_accuracy_scores_the_short_answer():
    comparison = _gold(kind="comparison", answer="Yes", key_facts=[["Yes"]], short="Yes")
    assert score_item(comparison, _said("Yes, both reported it.", "Yes"))["accuracy_strict"] == 1.0
    said = score_item(comparison, _said("Yes, both reported it.", ""))
    assert said["accuracy_strict"] == 0.0 and said["accuracy_lenient"] == 1.0  # lenient reads the plain text
    null = GoldItem(id="n", kind="null", question="Who?", answer="Insufficient information.")
    assert score_item(null, _said("", abstained=True))["accuracy_strict"] == 1.0
    assert score_item(null, _said("Google.", "Google"))["accuracy_strict"] == 0.0
    assert score_item(comparison, _said("", abstained=True))["accuracy_strict"] == 0.0


def test_new_metrics_are_aggregated_and_by_kind():
    names = {"direct_answer_accuracy", "yes_no_accuracy", "list_recall", "timeline_order", "turn_accuracy",
             "near_topic_abstention", "false_abstention"}
    assert names <= set(SEEDS_METRICS)
    assert {"accuracy_strict", "direct_answer_accuracy", "yes_no_accuracy", "false_abstention"} <= set(
        MULTIHOP_METRICS)
    yes = _gold(kind="comparison", answer="Yes", key_facts=[["Yes"]], short="Yes")
    rows = [{"kind": "comparison", "record": r, "scores": score_item(yes, r)}
            for r in (_said("Yes.", "Yes"), _said("No.", "No"), _said("", abstained=True))]
    agg = aggregate(rows, MULTIHOP_METRICS)
    assert agg["accuracy_strict"] == pytest.approx(0.3333) and agg["yes_no_accuracy"] == pytest.approx(0.3333)
    assert agg["false_abstention"] == pytest.approx(0.3333)
    assert agg["by_kind"]["comparison"]["accuracy_strict"] == pytest.approx(0.3333)


def test_majority_baselines_per_type_and_overall():
    def q(n: int, kind: str, answer: str) -> GoldItem:
        if kind == "null":
            return GoldItem(id=f"mh-{n}", kind=kind, question="Who?", answer=answer)
        return _gold(id=f"mh-{n}", kind=kind, answer=answer, key_facts=[[answer]])
    items = [q(1, "comparison", "Yes"), q(2, "comparison", "yes."), q(3, "comparison", "No"),
             q(4, "inference", "Google"), q(5, "null", "Insufficient information."), q(6, "temporal", "No")]
    base = majority_baselines(items)
    assert base["majority"] == {"comparison": 0.6667, "inference": 1.0, "null": 1.0, "temporal": 1.0,
                                "all": 0.3333}
    assert base["majority_answer"]["comparison"] == "yes" and base["majority_answer"]["all"] == "yes"
    assert base["majority_answer"]["null"] == "insufficient information"
    assert base["n"] == {"comparison": 3, "inference": 1, "null": 1, "temporal": 1, "all": 6}
    assert base["type_aware"] == pytest.approx(0.8333)  # 2 of 3 comparisons, and the other three: 5 of 6
    assert majority_baselines([])["majority"] == {} and majority_baselines([])["type_aware"] is None
    assert list(base["majority"])[-1] == "all"
