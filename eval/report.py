"""Results -> text: the terminal table, report.md, baseline deltas and --fail-under gates. Pure functions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from eval.scoring import COST, LOWER_IS_BETTER, metric_names

# Per-question metrics a question "fails" when below 1 (shown per question in reports and the UI).
PASS_FAIL = ("hit_at_4", "answer_accuracy", "citation_precision", "citation_recall", "outlet_recall",
             "abstention_accuracy")
KIND_METRICS = ("hit_at_4", "answer_accuracy", "citation_precision", "outlet_recall", "abstention_accuracy")


def fmt(value: float | None, metric: str = "") -> str:
    """(0.12345, "hit_at_4") -> "0.123"; (1.5, "latency_p50_s") -> "1.50 s"; (None, ...) -> "—" """
    if value is None:
        return "—"
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


def terminal_table(results: dict) -> str:
    """Results -> an aligned plain-text table (metrics down, configs across)."""
    rows = [["metric", *results["configs"]], *metric_rows(results)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(r, widths)))
             for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    cells = [[_md(c) for c in r] for r in [header, *rows]]
    return ["| " + " | ".join(cells[0]) + " |", "|" + "|".join("---" for _ in header) + "|",
            *("| " + " | ".join(r) + " |" for r in cells[1:])]


def _md(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_markdown(results: dict) -> str:
    """Results -> report.md: settings, the aggregate table, per-kind tables and the questions that failed."""
    s = results.get("settings", {})
    lines = [f"# Eval: {results['suite']} ({results['created']})", "",
             (f"LLM `{s.get('llm')}`, embedder `{s.get('embed')}`, top_k {s.get('top_k')}, "
              f"{results['n_items']} questions."), ""]
    if results.get("complete") is False:
        lines += ["**Partial run**: only the configs that finished are shown.", ""]
    lines += [f"- **{c}**: {results['descriptions'].get(c, '')}" for c in results["configs"]] + [""]
    if results.get("baseline"):
        lines += [f"Deltas in parentheses against `{results['baseline']['dir']}`.", ""]
    lines += _md_table(["metric", *results["configs"]], metric_rows(results)) + [""]
    lines += ["Latency and tokens: lower is better; " + ", ".join(COST) + ".", ""]
    for c in results["configs"]:
        by_kind = results["aggregate"][c].get("by_kind", {})
        rows = [[k, str(a["n"]), *(fmt(a.get(m), m) for m in KIND_METRICS)] for k, a in by_kind.items()]
        lines += [f"## {c}: by kind", ""] + _md_table(["kind", "n", *KIND_METRICS], rows) + [""]
    lines += ["## Questions that missed a metric", ""]
    missed = [(i, failed_metrics(i)) for i in results["items"]]
    rows = [[i["config"], i["id"], i["kind"], ", ".join(f), (i.get("error") or i.get("answer") or "")[:160]]
            for i, f in missed if f]
    lines += _md_table(["config", "id", "kind", "missed", "answer"], rows) if rows else ["None."]
    return "\n".join(lines) + "\n"
