"""Per-item scores and per-config aggregates: plain dicts in, plain dicts out.

A *record* is what a config produced for one question (see `eval.configs`): {"answer", "plain", "short_answer",
"answer_type", "abstained", "sentences": [{"text", "doc_ids", "labels"}], "citations": [{"doc_id", "label", ...}],
"retrieved": [[doc_id, ...], ...], "timings": {...}, "answer_tokens", "error"}. A record without "short_answer"
(a config that states no lead phrase, such as vanilla) is scored on its plain text where a short answer is read.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from eval import metrics as m
from eval.gold import WITH_HISTORY, GoldItem
from eval.shown import shown_aggregate, shown_scores

RETRIEVAL = ("hit_at_4", "hit_at_10", "mrr_at_10", "evidence_recall")
ANSWER = ("answer_accuracy", "exact_match", "token_f1")
DIRECT = ("direct_answer_accuracy", "yes_no_accuracy")  # the record's short answer against the gold `short`
SHAPE = ("list_recall", "timeline_order", "turn_accuracy")  # list, timeline and chat items
CITATION = ("citation_precision", "citation_recall", "outlet_precision", "outlet_recall")
ABSTENTION = ("abstention_accuracy", "near_topic_abstention", "false_abstention")
COST = ("latency_p50_s", "latency_p95_s", "first_token_p50_s", "answer_tokens")
MULTIHOP = ("accuracy_lenient", "accuracy_strict", "accuracy_word_overlap")
# What the answers showed (eval.shown): counts summed over the questions, the unsupported share pooled.
SHOWN = ("shown_sentences", "model_sentences_shown", "unsupported_shown_share", "unlabelled_shown",
         "model_sentences_reach")
COUNTS = {"shown_sentences", "model_sentences_shown", "unlabelled_shown"}  # whole numbers, not rates
SEEDS_METRICS = RETRIEVAL + ANSWER + DIRECT + SHAPE + CITATION + ABSTENTION + SHOWN + COST
MULTIHOP_METRICS = (RETRIEVAL + ANSWER + MULTIHOP + DIRECT + CITATION + ("abstention_accuracy", "false_abstention")
                    + SHOWN + COST)
LOWER_IS_BETTER = set(COST) | {"false_abstention", "unsupported_shown_share", "unlabelled_shown"}
LIST_KINDS = ("list", "multi_source")  # list_recall applies to these


def metric_names(suite: str) -> tuple[str, ...]:
    """"seeds" -> SEEDS_METRICS; "multihop-rag" -> MULTIHOP_METRICS (adds lenient/strict accuracy)."""
    return MULTIHOP_METRICS if suite == "multihop-rag" else SEEDS_METRICS


def score_item(item: GoldItem, record: dict) -> dict[str, float | None]:
    """Gold item + record -> every per-item metric (None where it does not apply or the item failed), the
    shown-sentence counts from the labels eval.shown.label_sentences put on the record."""
    if record.get("error"):
        return {}
    gold = item.gold_doc_ids
    retrieved = record.get("retrieved", [])
    cited = [c["doc_id"] for c in record.get("citations", [])]
    labels = [c["label"] for c in record.get("citations", [])]
    sentences = [] if record.get("abstained") else [s.get("doc_ids", []) for s in record.get("sentences", [])]
    scores: dict[str, float | None] = {
        "hit_at_4": m.hit_at_4(retrieved, gold),
        "hit_at_10": m.hit_at_10(retrieved, gold),
        "mrr_at_10": m.mrr_at_10(retrieved, gold),
        "evidence_recall": m.evidence_recall(retrieved, gold),
        "citation_precision": m.citation_precision(cited, gold),
        "citation_recall": m.citation_recall(sentences, gold),
        "outlet_precision": m.outlet_precision(labels, item.gold_outlets),
        "outlet_recall": m.outlet_recall(labels, item.gold_outlets),
        "abstention_accuracy": m.abstention_correct(declined(record, item), item.answerable),
    }
    scores.update(_answer_scores(item, record))
    scores.update(shown_scores(record))
    return scores


def declined(record: dict, item: GoldItem) -> bool:
    """Declined, or, for a question the articles cannot answer, a partial answer: one that first says what the
    articles do not state ("The articles do not state a number; they report: ...") shows no answer as one.
    On an answerable question a partial answer is scored by its key facts like any other."""
    partial = record.get("answerability") == "partial"
    return bool(record.get("abstained")) or (partial and not item.answerable)


def short_answer_of(record: dict) -> str:
    """A record's lead phrase; its plain text when the config states none.
    {"short_answer": "Yes", "plain": "Yes, it did."} -> "Yes"; {"plain": "Yes, it did."} -> "Yes, it did." """
    short = record.get("short_answer")
    return record.get("plain", "") if short is None else short


def _answer_scores(item: GoldItem, record: dict) -> dict[str, float | None]:
    """Answer metrics of an answerable item; an abstention scores 0. Unanswerable items -> None, but for strict
    accuracy (an abstention is the right short answer) and the abstention metrics."""
    abstained = bool(record.get("abstained"))
    plain = "" if abstained else record.get("plain", "")
    short = "" if abstained else short_answer_of(record)
    reference = item.answer if item.answerable else m.ABSTAIN_REFERENCE
    scores: dict[str, float | None] = dict.fromkeys(ANSWER + MULTIHOP + DIRECT + SHAPE)
    scores.update({
        "accuracy_strict": m.strict_accuracy(short, reference, abstained),
        "near_topic_abstention": m.near_topic_abstention(declined(record, item), item.kind),
        "false_abstention": m.false_abstention(abstained, item.answerable),
    })
    if not item.answerable:
        return scores
    accuracy = m.answer_accuracy(plain, item.key_facts)
    scores.update({
        "answer_accuracy": accuracy,
        "exact_match": m.exact_match(plain, item.answer),
        "token_f1": round(m.token_f1(plain, item.answer), 4),
        "accuracy_lenient": m.contains_reference(plain, item.answer),
        "accuracy_word_overlap": m.word_overlap(plain, item.answer) if plain else 0.0,
        "direct_answer_accuracy": m.direct_answer_accuracy(short, item.short),
        "yes_no_accuracy": m.yes_no_accuracy(short, item.short),
        "list_recall": _rounded(m.list_recall(plain, item.key_facts)) if item.kind in LIST_KINDS else None,
        "timeline_order": _rounded(m.timeline_order(plain, item.order)),
        "turn_accuracy": accuracy if item.kind in WITH_HISTORY else None,
    })
    return scores


def _rounded(value: float | None) -> float | None:
    """0.66666 -> 0.6667; None -> None"""
    return None if value is None else round(value, 4)


def majority_baselines(items: Sequence[GoldItem]) -> dict:
    """Items that ran -> the majority-class baseline of strict accuracy: per kind and over all items, the share
    of items whose normalised reference is the most common one, and that answer; "type_aware": the share a
    baseline answering each kind's own majority gets over all items.

    [comparison "Yes", comparison "yes.", comparison "No"] -> {"majority": {"comparison": 0.6667, "all": 0.6667},
    "majority_answer": {"comparison": "yes", "all": "yes"}, "n": {"comparison": 3, "all": 3}, "type_aware": 0.6667}
    """
    groups: dict[str, list[str]] = {}
    for item in items:
        groups.setdefault(item.kind, []).append(item.answer)
    groups["all"] = [item.answer for item in items]
    share, answer, count = {}, {}, {}
    for kind, references in sorted(groups.items(), key=lambda kv: (kv[0] == "all", kv[0])):
        best = m.majority_class(references)
        if best:
            answer[kind], share[kind], count[kind] = best[0], round(best[1], 4), len(references)
    hits = sum(share[k] * count[k] for k in share if k != "all")
    type_aware = round(hits / count["all"], 4) if items else None
    return {"majority": share, "majority_answer": answer, "n": count, "type_aware": type_aware}


def aggregate(rows: Sequence[dict], names: Sequence[str], by_kind: bool = True) -> dict:
    """Scored rows of one config ({"kind", "scores", "record"}) -> {metric: value, "n", "errors", "by_kind"}.

    Means skip None; latency and token figures come from the records' timings.
    """
    out: dict = {"n": len(rows), "errors": sum(1 for r in rows if r["record"].get("error"))}
    for name in names:
        if name not in COST and name not in SHOWN:
            out[name] = _mean([r["scores"].get(name) for r in rows])
    if set(SHOWN) & set(names):
        out.update(shown_aggregate([r["scores"] for r in rows]))
    ok = [r["record"] for r in rows if not r["record"].get("error")]
    totals = [t for t in (r.get("timings", {}).get("total_s") for r in ok) if t is not None]
    firsts = [t for t in (r.get("timings", {}).get("first_token_s") for r in ok) if t is not None]
    cost = {
        "latency_p50_s": percentile(totals, 50),
        "latency_p95_s": percentile(totals, 95),
        "first_token_p50_s": percentile(firsts, 50),
        "answer_tokens": _mean([float(r.get("answer_tokens", 0)) for r in ok]),
    }
    out.update({k: v for k, v in cost.items() if k in names})
    if by_kind:
        kinds = sorted({r["kind"] for r in rows})
        out["by_kind"] = {k: aggregate([r for r in rows if r["kind"] == k], names, by_kind=False) for k in kinds}
    return out


def _mean(values: Sequence[float | None]) -> float | None:
    """[1.0, None, 0.0] -> 0.5; [None] -> None"""
    got = [v for v in values if v is not None]
    return round(sum(got) / len(got), 4) if got else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile. ([1, 2, 3, 4], 50) -> 2.5; ([], 50) -> None"""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    value = ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)
    return round(value, 4)
