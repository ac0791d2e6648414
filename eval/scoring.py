"""Per-item scores and per-config aggregates: plain dicts in, plain dicts out.

A *record* is what a config produced for one question (see `eval.configs`): {"answer", "plain", "abstained",
"sentences": [{"text", "doc_ids", "labels"}], "citations": [{"doc_id", "label", ...}], "retrieved": [[doc_id,
...], ...], "timings": {...}, "answer_tokens", "error"}.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from eval import metrics as m
from eval.gold import GoldItem

RETRIEVAL = ("hit_at_4", "hit_at_10", "mrr_at_10", "evidence_recall")
ANSWER = ("answer_accuracy", "exact_match", "token_f1")
CITATION = ("citation_precision", "citation_recall", "outlet_precision", "outlet_recall")
ABSTENTION = ("abstention_accuracy",)
COST = ("latency_p50_s", "latency_p95_s", "first_token_p50_s", "answer_tokens")
MULTIHOP = ("accuracy_lenient", "accuracy_strict", "accuracy_word_overlap")
SEEDS_METRICS = RETRIEVAL + ANSWER + CITATION + ABSTENTION + COST
MULTIHOP_METRICS = RETRIEVAL + ANSWER + MULTIHOP + CITATION + ABSTENTION + COST
LOWER_IS_BETTER = set(COST)


def metric_names(suite: str) -> tuple[str, ...]:
    """"seeds" -> SEEDS_METRICS; "multihop-rag" -> MULTIHOP_METRICS (adds lenient/strict accuracy)."""
    return MULTIHOP_METRICS if suite == "multihop-rag" else SEEDS_METRICS


def score_item(item: GoldItem, record: dict) -> dict[str, float | None]:
    """Gold item + record -> every per-item metric (None where it does not apply or the item failed)."""
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
        "abstention_accuracy": m.abstention_correct(bool(record.get("abstained")), item.answerable),
    }
    scores.update(_answer_scores(item, record))
    return scores


def _answer_scores(item: GoldItem, record: dict) -> dict[str, float | None]:
    """Answer metrics of an answerable item; an abstention scores 0. Unanswerable items -> all None."""
    names = ANSWER + MULTIHOP
    if not item.answerable:
        return dict.fromkeys(names)
    plain = "" if record.get("abstained") else record.get("plain", "")
    return {
        "answer_accuracy": m.answer_accuracy(plain, item.key_facts),
        "exact_match": m.exact_match(plain, item.answer),
        "token_f1": round(m.token_f1(plain, item.answer), 4),
        "accuracy_lenient": m.contains_reference(plain, item.answer),
        "accuracy_strict": m.exact_match(plain, item.answer),
        "accuracy_word_overlap": m.word_overlap(plain, item.answer) if plain else 0.0,
    }


def aggregate(rows: Sequence[dict], names: Sequence[str], by_kind: bool = True) -> dict:
    """Scored rows of one config ({"kind", "scores", "record"}) -> {metric: value, "n", "errors", "by_kind"}.

    Means skip None; latency and token figures come from the records' timings.
    """
    out: dict = {"n": len(rows), "errors": sum(1 for r in rows if r["record"].get("error"))}
    for name in names:
        if name not in COST:
            out[name] = _mean([r["scores"].get(name) for r in rows])
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
