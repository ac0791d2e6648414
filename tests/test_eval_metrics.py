"""Every eval metric on hand-made inputs, then per-item scoring and aggregation."""

import pytest

from eval import metrics as m
from eval.gold import GoldItem
from eval.scoring import SEEDS_METRICS, aggregate, percentile, score_item

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
