"""Results -> text: the terminal table, report.md, baseline deltas and --fail-under gates. Pure functions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from eval.scoring import COUNTS, LOWER_IS_BETTER, metric_names
from eval.shown import unsupported

# Per-question metrics a question "fails" when below 1 (shown per question in reports and the UI).
PASS_FAIL = ("hit_at_4", "answer_accuracy", "direct_answer_accuracy", "yes_no_accuracy", "timeline_order",
             "citation_precision", "citation_recall", "outlet_recall", "abstention_accuracy")
KIND_METRICS = ("hit_at_4", "answer_accuracy", "direct_answer_accuracy", "citation_precision", "outlet_recall",
                "abstention_accuracy")
MULTIHOP_KIND_METRICS = ("hit_at_4", "accuracy_lenient", "accuracy_strict", "direct_answer_accuracy",
                         "citation_precision", "abstention_accuracy")


def kind_metrics(results: dict) -> tuple[str, ...]:
    """Results -> the metrics of its per-kind tables (MultiHop-RAG: strict accuracy per question type)."""
    return MULTIHOP_KIND_METRICS if results.get("suite") == "multihop-rag" else KIND_METRICS


def run_summary(results: dict) -> str:
    """Results -> one line saying what ran.
    -> "seeds suite, split test: 31 questions; 50 MultiHop-RAG distractor articles indexed beside the corpus." """
    n = results.get("distractors") or 0
    extra = (f"{n} MultiHop-RAG distractor articles indexed beside the corpus" if n
             else "no distractor articles")
    return f"{results['suite']} suite, split {results.get('split', 'all')}: {results['n_items']} questions; {extra}."


def fmt(value: float | None, metric: str = "") -> str:
    """(0.12345, "hit_at_4") -> "0.123"; (1.5, "latency_p50_s") -> "1.50 s"; (None, ...) -> "—" """
    if value is None:
        return "—"
    if metric in COUNTS:
        return str(round(value))
    if metric == "answer_tokens":
        return f"{value:.1f}"
    if metric.endswith("_s"):
        return f"{value:.2f} s"
    return f"{value:.3f}"


def fmt_delta(delta: float | None, metric: str = "") -> str:
    """(0.05, "hit_at_4") -> "+0.050"; (-0.2, "latency_p50_s") -> "-0.20 s"; None -> "" """
    if delta is None:
        return ""
    text = fmt(abs(delta), metric)
    return ("+" if delta >= 0 else "-") + text


def improved(delta: float, metric: str) -> bool:
    """Is this change good news? (0.1, "hit_at_4") -> True; (0.1, "latency_p50_s") -> False"""
    return delta < 0 if metric in LOWER_IS_BETTER else delta > 0


def compute_deltas(current: dict, before: dict) -> dict[str, dict[str, float]]:
    """Aggregates now and before -> {config: {metric: now - before}} for configs and metrics in both."""
    out: dict[str, dict[str, float]] = {}
    for config, agg in current.items():
        old = before.get(config)
        if not isinstance(old, dict):
            continue
        out[config] = {k: round(v - old[k], 4) for k, v in agg.items()
                       if isinstance(v, (int, float)) and isinstance(old.get(k), (int, float))
                       and k not in ("n", "errors")}
    return out


def baseline_rows(results: dict) -> list[list[str]]:
    """Results of a MultiHop-RAG run -> rows [type, n, majority answer, its share, strict accuracy per config];
    [] when the run has no majority baseline."""
    baselines = results.get("baselines") or {}
    answers, counts = baselines.get("majority_answer") or {}, baselines.get("n") or {}
    rows = []
    for kind, share in (baselines.get("majority") or {}).items():
        ours = []
        for c in results["configs"]:
            agg = results["aggregate"][c]
            ours.append(fmt((agg if kind == "all" else agg.get("by_kind", {}).get(kind, {})).get("accuracy_strict")))
        rows.append([kind, str(counts.get(kind, "")), repr(answers.get(kind, "")), fmt(share), *ours])
    if rows and baselines.get("type_aware") is not None:  # each type's own majority answer, over all items
        rows.append(["all, type known", rows[-1][1], "(per type)", fmt(baselines["type_aware"]), *rows[-1][4:]])
    return rows


BASELINE_HEADER = ["type", "n", "majority answer", "majority share"]


def failed_metrics(item: dict) -> list[str]:
    """An item row of results.json -> the pass/fail metrics it missed (or ["error"])."""
    if item.get("error"):
        return ["error"]
    scores = item.get("metrics", {})
    return [m for m in PASS_FAIL if scores.get(m) is not None and scores[m] < 1.0]


# --- gates -------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Threshold:
    metric: str
    value: float
    config: str | None = None  # None: every config of the run


def parse_thresholds(specs: list[str], suite: str = "seeds") -> list[Threshold]:
    """["hit_at_4=0.8", "default:citation_precision=0.9"] -> Thresholds; bad syntax or metric -> UserError."""
    from index.errors import UserError

    known = metric_names(suite)
    out = []
    for spec in specs:
        m = re.fullmatch(r"\s*(?:([\w-]+):)?(\w+)\s*=\s*([-+]?\d*\.?\d+)\s*", spec)
        if not m:
            raise UserError(f"--fail-under {spec!r}: use METRIC=VALUE or CONFIG:METRIC=VALUE, e.g. hit_at_4=0.8")
        if m.group(2) not in known:
            raise UserError(f"--fail-under {spec!r}: unknown metric {m.group(2)!r}; known: {', '.join(known)}")
        out.append(Threshold(m.group(2), float(m.group(3)), m.group(1)))
    return out


def check_thresholds(results: dict, thresholds: list[Threshold]) -> list[str]:
    """Results + gates -> one message per failure: "default: hit_at_4 = 0.700 is under 0.8". A metric the run
    did not measure fails too (a gate must never pass silently)."""
    failures = []
    for t in thresholds:
        configs = [t.config] if t.config else results.get("configs", [])
        for config in configs:
            value = results.get("aggregate", {}).get(config, {}).get(t.metric)
            if value is None:
                failures.append(f"{config}: {t.metric} was not measured (gate {t.value:g})")
            elif value < t.value:
                failures.append(f"{config}: {t.metric} = {fmt(value, t.metric)} is under {t.value:g}")
    return failures


# --- tables ------------------------------------------------------------------------------------------------------
def metric_rows(results: dict) -> list[list[str]]:
    """Results -> rows of [metric, value per config] with baseline deltas in parentheses."""
    configs = results["configs"]
    deltas = (results.get("baseline") or {}).get("deltas", {})
    rows = []
    for metric in results["metrics"]:
        row = [metric]
        for c in configs:
            cell = fmt(results["aggregate"][c].get(metric), metric)
            d = deltas.get(c, {}).get(metric)
            row.append(f"{cell} ({fmt_delta(d, metric)})" if d is not None else cell)
        rows.append(row)
    rows.append(["questions", *(str(results["aggregate"][c]["n"]) for c in configs)])
    rows.append(["errors", *(str(results["aggregate"][c]["errors"]) for c in configs)])
    return rows


def shown_notes(results: dict) -> list[str]:
    """Results -> a warning per config whose unsupported share is incomplete (shown sentences without a label),
    and the shown sentences labelled unsupported; [] when there are none of either."""
    notes = []
    for c in results["configs"]:
        n = results["aggregate"][c].get("unlabelled_shown")
        if n:
            notes.append(f"{c}: unsupported_shown_share is incomplete: {n} shown model sentences (not verbatim "
                         f"copies) have no label yet (python -m eval.shown --run {results.get('out')} lists them)")
    shown: dict[tuple[str, str, str], int] = {}
    for key in unsupported(results):
        shown[key] = shown.get(key, 0) + 1
    notes += [f"{c}: shown but labelled unsupported ({qid}{f', {n} times' if n > 1 else ''}): {text}"
              for (c, qid, text), n in shown.items()]
    return notes


def terminal_table(results: dict) -> str:
    """Results -> an aligned plain-text table (metrics down, configs across), then the shown-sentence notes."""
    lines = _aligned([["metric", *results["configs"]], *metric_rows(results)])
    notes = shown_notes(results)
    if notes:
        lines += ["", *notes]
    baseline = baseline_rows(results)
    if baseline:
        lines += ["", "strict accuracy against the majority-class baseline (always the most common reference "
                      "of the type):", *_aligned([[*BASELINE_HEADER, *results["configs"]], *baseline])]
    return "\n".join(lines)


def _aligned(rows: list[list[str]]) -> list[str]:
    """Rows of cells (a header first) -> lines padded to each column's widest cell, a rule under the header."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(r, widths)))
             for r in rows]
    return [lines[0], "  ".join("-" * w for w in widths), *lines[1:]]


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    cells = [[_md(c) for c in r] for r in [header, *rows]]
    return ["| " + " | ".join(cells[0]) + " |", "|" + "|".join("---" for _ in header) + "|",
            *("| " + " | ".join(r) + " |" for r in cells[1:])]


def _md(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def baseline_mismatch(results: dict) -> str:
    """"" when the baseline run asked the same half with the same distractors, else a warning sentence."""
    before = results.get("baseline") or {}
    was = (before.get("split", "all"), before.get("distractors", 0))
    now = (results.get("split", "all"), results.get("distractors", 0))
    if was == now:
        return ""
    return (f"**The baseline ran split {was[0]} with {was[1]} distractors, this run split {now[0]} with {now[1]}**: "
            "the deltas compare different questions or stores.")


def render_markdown(results: dict) -> str:
    """Results -> report.md: settings, the aggregate table, per-kind tables and the questions that failed."""
    s = results.get("settings", {})
    lines = [f"# Eval: {results['suite']} ({results['created']})", "",
             (f"LLM `{s.get('llm')}`, embedder `{s.get('embed')}`, top_k {s.get('top_k')}, "
              f"{results['n_items']} questions."), "", run_summary(results), ""]
    if results.get("complete") is False:
        lines += ["**Partial run**: only the configs that finished are shown.", ""]
    lines += [f"- **{c}**: {results['descriptions'].get(c, '')}" for c in results["configs"]] + [""]
    if results.get("baseline"):
        lines += [f"Deltas in parentheses against `{results['baseline']['dir']}`.", baseline_mismatch(results), ""]
    lines += _md_table(["metric", *results["configs"]], metric_rows(results)) + [""]
    lines += ["Lower is better for " + ", ".join(sorted(LOWER_IS_BETTER)) + ". Shown sentences are the cited "
              "sentences an answer presents; a verbatim copy of its source counts as supported, the others by "
              "their label in eval/data/shown_labels.jsonl (eval.shown).", ""]
    notes = shown_notes(results)
    if notes:
        lines += ["## Shown sentences", "", *(f"- {_md(n)}" for n in notes), ""]
    baseline = baseline_rows(results)
    if baseline:
        lines += ["## Strict accuracy against the majority-class baseline", "",
                  "The baseline always gives the most common reference of the question type (computed from the "
                  "gold answers of the questions that ran).", ""]
        lines += _md_table([*BASELINE_HEADER, *(f"{c} strict" for c in results["configs"])], baseline) + [""]
    metrics = kind_metrics(results)
    for c in results["configs"]:
        by_kind = results["aggregate"][c].get("by_kind", {})
        rows = [[k, str(a["n"]), *(fmt(a.get(m), m) for m in metrics)] for k, a in by_kind.items()]
        lines += [f"## {c}: by kind", ""] + _md_table(["kind", "n", *metrics], rows) + [""]
    lines += ["## Questions that missed a metric", ""]
    missed = [(i, failed_metrics(i)) for i in results["items"]]
    rows = [[i["config"], i["id"], i["kind"], ", ".join(f), (i.get("error") or i.get("answer") or "")[:160]]
            for i, f in missed if f]
    lines += _md_table(["config", "id", "kind", "missed", "answer"], rows) if rows else ["None."]
    return "\n".join(lines) + "\n"
