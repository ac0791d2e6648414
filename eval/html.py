"""Results -> one self-contained HTML page: inline SVG charts and tables, no scripts, no external assets."""

from __future__ import annotations

from html import escape

from eval.report import (
    BASELINE_HEADER,
    baseline_mismatch,
    baseline_rows,
    failed_metrics,
    fmt,
    fmt_delta,
    improved,
    kind_metrics,
    run_summary,
    shown_notes,
)
from eval.scoring import COST, COUNTS, percentile

PALETTE = ("#2563eb", "#ea580c", "#16a34a", "#9333ea", "#dc2626", "#0891b2", "#ca8a04")
CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#1f2937;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}table{border-collapse:collapse;margin:.5rem 0}
td,th{border:1px solid #e5e7eb;padding:.25rem .5rem;text-align:right}td:first-child,th:first-child{text-align:left}
.up{color:#15803d}.down{color:#b91c1c}.muted{color:#6b7280}svg{max-width:100%;height:auto}
details{border-bottom:1px solid #e5e7eb;padding:.3rem 0}summary{cursor:pointer}.miss{color:#b91c1c}
.ok{color:#15803d}code{font-size:12px}.legend span{display:inline-block;margin-right:1rem}
.sw{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}
"""


def render_html(results: dict) -> str:
    """Results dict -> a complete HTML document (report.html and the web UI's Evaluation tab)."""
    configs = results["configs"]
    colors = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(configs)}
    s = results.get("settings", {})
    parts = [
        f"<h1>Eval: {escape(results['suite'])} <span class=muted>{escape(results['created'])}</span></h1>",
        (f"<p>LLM <code>{escape(str(s.get('llm')))}</code>, embedder <code>{escape(str(s.get('embed')))}</code>, "
         f"top_k {escape(str(s.get('top_k')))}, {results['n_items']} questions.</p>"),
        f"<p>{escape(run_summary(results))}</p>",
        "<p><b>Partial run</b>: only the configs that finished are shown.</p>"
        if results.get("complete") is False else "",
        _legend(results, colors),
        "<h2>Metrics per config</h2>", _metrics_chart(results, colors),
        "<h2>Answered correctly, per kind</h2>",
        ("<p class=muted>Answer accuracy for answerable kinds; declined (abstention accuracy) for the ones that "
         "must be declined.</p>"), _kind_chart(results, colors),
        "<h2>Latency per question</h2>", _latency_chart(results, colors),
        "<h2>Aggregate</h2>", _aggregate_table(results), _shown_notes(results), _baseline_table(results),
        *(_kind_table(results, c) for c in configs),
        "<h2>Every question</h2>", _questions(results),
    ]
    return ("<!doctype html><html lang=en><head><meta charset=utf-8><title>newsrag eval "
            f"{escape(results['suite'])}</title><style>{CSS}</style></head><body>"
            + "\n".join(parts) + "</body></html>\n")


def _legend(results: dict, colors: dict[str, str]) -> str:
    items = "".join(f"<span><i class=sw style='background:{colors[c]}'></i><b>{escape(c)}</b> "
                    f"<span class=muted>{escape(results['descriptions'].get(c, ''))}</span></span><br>"
                    for c in results["configs"])
    return f"<p class=legend>{items}</p>"


def bar_chart(groups: list[str], series: dict[str, list[float | None]], colors: dict[str, str],
              top: float = 1.0) -> str:
    """Grouped vertical bars, values in [0, top]: (["hit_at_4"], {"default": [0.9]}, ...) -> "<svg ...>" """
    bar, gap, height, left, bottom = 14, 18, 180, 36, 90
    width = left + len(groups) * (len(series) * bar + gap) + 80  # room for the last rotated label
    out = [f"<svg viewBox='0 0 {width} {height + bottom}' width={width} role=img>"]
    for frac in (0, 0.25, 0.5, 0.75, 1.0):
        y = height - frac * (height - 10)
        out.append(f"<line x1={left} x2={width} y1={y:.1f} y2={y:.1f} stroke='#e5e7eb'/>"
                   f"<text x={left - 4} y={y + 4:.1f} font-size=10 text-anchor=end>{frac * top:g}</text>")
    for g, group in enumerate(groups):
        x0 = left + g * (len(series) * bar + gap) + gap / 2
        for k, (name, values) in enumerate(series.items()):
            v = values[g]
            h = 0 if v is None else max(0.0, min(v / top, 1.0)) * (height - 10)
            label = f"{name} · {group}: {fmt(v)}"
            out.append(f"<rect x={x0 + k * bar:.1f} y={height - h:.1f} width={bar - 2} height={h:.1f} "
                       f"fill='{colors[name]}'><title>{escape(label)}</title></rect>")
            if v is None:
                out.append(f"<text x={x0 + k * bar + 2:.1f} y={height - 2} font-size=9 fill='#9ca3af'>–</text>")
        cx = x0 + len(series) * bar / 2
        out.append(f"<text transform='translate({cx:.1f},{height + 8}) rotate(40)' font-size=11>"
                   f"{escape(group)}</text>")
    return "".join(out) + "</svg>"


def _metrics_chart(results: dict, colors: dict[str, str]) -> str:
    metrics = [m for m in results["metrics"] if m not in COST and m not in COUNTS]
    series = {c: [results["aggregate"][c].get(m) for m in metrics] for c in results["configs"]}
    return bar_chart(metrics, series, colors)


def _kind_chart(results: dict, colors: dict[str, str]) -> str:
    kinds = sorted({k for c in results["configs"] for k in results["aggregate"][c].get("by_kind", {})})
    series = {}
    for c in results["configs"]:
        by_kind = results["aggregate"][c].get("by_kind", {})
        series[c] = [_kind_success(by_kind.get(k, {})) for k in kinds]
    return bar_chart(kinds, series, colors) if kinds else "<p>No questions.</p>"


def _kind_success(agg: dict) -> float | None:
    """A kind's aggregate -> answer accuracy, or abstention accuracy for kinds with no answer metric."""
    acc = agg.get("answer_accuracy")
    return acc if acc is not None else agg.get("abstention_accuracy")


def _latency_chart(results: dict, colors: dict[str, str]) -> str:
    """One row per config: every question's total time as a dot, the p25-p75 box, the median and p95 ticks."""
    per = {c: [i["timings"]["total_s"] for i in results["items"]
               if i["config"] == c and (i.get("timings") or {}).get("total_s") is not None]
           for c in results["configs"]}
    top = max([v for vs in per.values() for v in vs] + [0.001])
    left, width, row = 110, 640, 34
    out = [f"<svg viewBox='0 0 {left + width + 60} {row * len(per) + 30}' width={left + width + 60} role=img>"]
    for r, (c, values) in enumerate(per.items()):
        y = 16 + r * row
        out.append(f"<text x={left - 8} y={y + 4} font-size=12 text-anchor=end>{escape(c)}</text>")
        if not values:
            continue
        def px(v: float) -> float:
            return left + v / top * width
        p25, p50, p75, p95 = (percentile(values, q) or 0.0 for q in (25, 50, 75, 95))
        out.append(f"<rect x={px(p25):.1f} y={y - 9} width={max(px(p75) - px(p25), 1):.1f} height=18 "
                   f"fill='{colors[c]}' fill-opacity=.15 stroke='{colors[c]}'/>")
        for n, v in enumerate(values):
            jitter = ((n * 7) % 11 - 5) * 1.2
            out.append(f"<circle cx={px(v):.1f} cy={y + jitter:.1f} r=2.5 fill='{colors[c]}' fill-opacity=.7>"
                       f"<title>{v:.2f} s</title></circle>")
        out.append(f"<line x1={px(p50):.1f} x2={px(p50):.1f} y1={y - 11} y2={y + 11} stroke='#111' "
                   f"stroke-width=2><title>p50 {p50:.2f} s</title></line>"
                   f"<line x1={px(p95):.1f} x2={px(p95):.1f} y1={y - 7} y2={y + 7} stroke='#b91c1c' "
                   f"stroke-dasharray='2 2'><title>p95 {p95:.2f} s</title></line>")
    y_axis = 16 + len(per) * row - 8
    out.append(f"<text x={left} y={y_axis} font-size=10>0 s</text><text x={left + width} y={y_axis} "
               f"font-size=10 text-anchor=end>{top:.2f} s</text>")
    return "".join(out) + "</svg><p class=muted>Box: p25–p75; black: median; red dashes: p95.</p>"


def _shown_notes(results: dict) -> str:
    notes = shown_notes(results)
    return f"<ul>{''.join(f'<li>{escape(n)}</li>' for n in notes)}</ul>" if notes else ""


def _aggregate_table(results: dict) -> str:
    configs = results["configs"]
    deltas = (results.get("baseline") or {}).get("deltas", {})
    head = "".join(f"<th>{escape(c)}</th>" for c in configs)
    rows = []
    for m in results["metrics"]:
        cells = []
        for c in configs:
            d = deltas.get(c, {}).get(m)
            note = "" if not d else (f" <span class={'up' if improved(d, m) else 'down'}>"
                                     f"({escape(fmt_delta(d, m))})</span>")
            cells.append(f"<td>{escape(fmt(results['aggregate'][c].get(m), m))}{note}</td>")
        rows.append(f"<tr><td>{escape(m)}</td>{''.join(cells)}</tr>")
    for key in ("n", "errors"):
        rows.append(f"<tr><td>{key}</td>" + "".join(f"<td>{results['aggregate'][c][key]}</td>" for c in configs)
                    + "</tr>")
    base = results.get("baseline")
    caption = (f"<p class=muted>Deltas against {escape(base['dir'])}. {escape(baseline_mismatch(results))}</p>"
               if base else "")
    return f"{caption}<table><tr><th>metric</th>{head}</tr>{''.join(rows)}</table>"


def _baseline_table(results: dict) -> str:
    """MultiHop-RAG: strict accuracy per question type beside the majority-class baseline; "" for other runs."""
    rows = baseline_rows(results)
    if not rows:
        return ""
    head = "".join(f"<th>{escape(h)}</th>" for h in [*BASELINE_HEADER, *(f"{c} strict" for c in results["configs"])])
    body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in r) + "</tr>" for r in rows)
    return ("<h2>Strict accuracy against the majority-class baseline</h2><p class=muted>The baseline always gives "
            "the most common reference of the question type.</p>"
            f"<table><tr>{head}</tr>{body}</table>")


def _kind_table(results: dict, config: str) -> str:
    by_kind = results["aggregate"][config].get("by_kind", {})
    metrics = kind_metrics(results)
    head = "".join(f"<th>{m}</th>" for m in metrics)
    rows = "".join(f"<tr><td>{escape(k)}</td><td>{a['n']}</td>"
                   + "".join(f"<td>{fmt(a.get(m), m)}</td>" for m in metrics) + "</tr>"
                   for k, a in by_kind.items())
    return f"<h2>{escape(config)}: by kind</h2><table><tr><th>kind</th><th>n</th>{head}</tr>{rows}</table>"


def _short(item: dict) -> str:
    """An item row -> its short answer and type beside the accepted aliases; "" when there is neither."""
    said, gold = item.get("short_answer"), item.get("short") or []
    if not said and not gold:
        return ""
    kind = f" <span class=muted>({escape(item['answer_type'])})</span>" if item.get("answer_type") else ""
    accepted = f" <span class=muted>accepted: {escape(' | '.join(gold))}</span>" if gold else ""
    return f"<p><b>Short:</b> {escape(said or '—')}{kind}{accepted}</p>"


def _questions(results: dict) -> str:
    out = []
    for item in results["items"]:
        missed = failed_metrics(item)
        status = (f"<span class=miss>missed {escape(', '.join(missed))}</span>" if missed
                  else "<span class=ok>passed</span>")
        cites = "".join(f"<li>[{escape(c['label'])}] <code>{escape(c['doc_id'])}</code> "
                        f"{escape((c.get('quote') or '')[:200])}</li>" for c in item.get("citations") or [])
        metrics = ", ".join(f"{k} {fmt(v, k)}" for k, v in item.get("metrics", {}).items() if v is not None)
        retrieved = ", ".join("+".join(g) for g in (item.get("retrieved") or [])[:10])
        history = "".join(f"<p class=muted>earlier: {escape(h)}</p>" for h in item.get("history") or [])
        out.append(
            f"<details><summary><b>{escape(item['config'])}</b> · {escape(item['id'])} "
            f"<span class=muted>({escape(item['kind'])})</span> {status}</summary>{history}"
            f"<p><b>Q:</b> {escape(item['question'])}</p>"
            f"<p><b>A:</b> {escape(item.get('error') or item.get('answer') or '')}</p>{_short(item)}"
            f"<p class=muted><b>Reference:</b> {escape(item['reference'])}</p>"
            f"<ul>{cites}</ul><p class=muted>gold: {escape(', '.join(item['gold_doc_ids']) or 'none')}; "
            f"retrieved: {escape(retrieved)}</p><p class=muted>{escape(metrics)}</p></details>")
    return "\n".join(out)
