"""The Evaluation tab: run a gold suite through configs (or open an earlier run) and show its report.

`eval` is imported only when the tab is used: the chat must start without the harness and its baselines.
Only eval's documented API is used: `run_eval`, `load_run`, `render_html`.
"""

from __future__ import annotations

import html
from datetime import datetime
from pathlib import Path

import gradio as gr

from index.settings import Settings
from ui.edge import ui_error

RUNS_DIR = Path("eval-runs")
SUITES = ["seeds", "multihop-rag"]
CONFIGS = ["default", "extractive", "dense", "vanilla"]


def config_names() -> list[str]:
    try:
        from eval.configs import PRESETS

        return list(PRESETS)
    except Exception:
        return CONFIGS


def earlier_runs(folder: Path = RUNS_DIR) -> list[str]:
    """Run folders that hold a results.json, newest first (names only: the user picks, never types a path)."""
    if not folder.is_dir():
        return []
    runs = [p for p in folder.iterdir() if (p / "results.json").is_file()]
    return [p.name for p in sorted(runs, key=lambda p: p.stat().st_mtime, reverse=True)]


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return "–" if value is None else str(value)


def aggregate_rows(results: dict) -> tuple[list[str], list[list[str]]]:
    """results -> (header, rows): one row per metric, one column per config."""
    configs = results.get("configs", [])
    rows = [[m, *(_fmt(results["aggregate"].get(c, {}).get(m)) for c in configs)] for m in results.get("metrics", [])]
    rows.append(["questions", *(_fmt(results["aggregate"].get(c, {}).get("n")) for c in configs)])
    return ["metric", *configs], rows


def question_rows(results: dict) -> tuple[list[str], list[list[str]]]:
    """results -> (header, rows): one row per (config, question) with its metrics."""
    metrics = results.get("metrics", [])
    rows = []
    for item in results.get("items", []):
        answer = item.get("error") or item.get("answer") or ""
        rows.append([item.get("config", ""), item.get("id", ""), item.get("kind", ""), item.get("question", ""),
                     answer[:300], *(_fmt((item.get("metrics") or {}).get(m)) for m in metrics)])
    return ["config", "id", "kind", "question", "answer", *metrics], rows


def report_frame(results: dict) -> str:
    """results -> eval's self-contained HTML report inside a sandboxed iframe (its styles stay inside)."""
    from eval import render_html

    doc = render_html(results)
    return f'<iframe class="nr-evalframe" sandbox="" srcdoc="{html.escape(doc, quote=True)}"></iframe>'


def show(results: dict) -> tuple[gr.Dataframe, str, gr.Dataframe]:
    head, rows = aggregate_rows(results)
    qhead, qrows = question_rows(results)
    return (gr.Dataframe(value=rows, headers=head), report_frame(results), gr.Dataframe(value=qrows, headers=qhead))


def build_eval_tab(settings: Settings) -> gr.Dropdown:
    """The tab's components and events (inside an open gr.Tab) -> the earlier-runs dropdown, refreshed on load."""
    gr.Markdown("Run the gold questions through one or more configurations and compare them. A run writes "
                "`results.json`, `report.md` and `report.html` under `eval-runs/`.")
    with gr.Row():
        suite = gr.Dropdown(SUITES, value="seeds", label="Suite", scale=1)
        configs = gr.CheckboxGroup(config_names(), value=["default", "extractive"], label="Configurations", scale=3)
        limit = gr.Number(value=None, label="Limit (questions, empty = all)", precision=0, minimum=1, scale=1)
    with gr.Row():
        run_btn = gr.Button("Run evaluation", variant="primary", scale=1)
        runs = gr.Dropdown(earlier_runs(), label="Earlier run", scale=2, allow_custom_value=False)
        open_btn = gr.Button("Open run", scale=1)
        refresh_btn = gr.Button("↻", scale=0, min_width=48)
    aggregate = gr.Dataframe(label="Aggregate", interactive=False, wrap=True)
    report = gr.HTML()
    per_question = gr.Dataframe(label="Every question", interactive=False, wrap=True, max_height=600)

    def run(suite: str, configs: list[str], limit: float | None, progress: gr.Progress = gr.Progress()):  # noqa: B008
        try:
            from eval import run_eval

            out = RUNS_DIR / datetime.now().strftime("%Y%m%d-%H%M%S")
            progress(0, desc="preparing the suite's store")

            def step(done: int, total: int, label: str) -> None:
                progress((done, total), desc=label)

            results = run_eval(suite, configs or [], limit=int(limit) if limit else None, out=out, progress=step,
                               settings=settings)
        except Exception as err:
            raise ui_error(err) from None
        return (*show(results), gr.Dropdown(choices=earlier_runs(), value=out.name))

    def open_run(name: str | None):
        if not name or name not in earlier_runs():
            raise gr.Error("Pick an earlier run first.", print_exception=False)
        try:
            from eval import load_run

            return show(load_run(RUNS_DIR / name))
        except Exception as err:
            raise ui_error(err) from None

    run_btn.click(run, [suite, configs, limit], [aggregate, report, per_question, runs], api_visibility="private",
                  concurrency_id="generate", concurrency_limit=1)
    open_btn.click(open_run, [runs], [aggregate, report, per_question], api_visibility="private")
    refresh_btn.click(refresh_runs, None, [runs], api_visibility="private", queue=False)
    return runs


def refresh_runs() -> gr.Dropdown:
    return gr.Dropdown(choices=earlier_runs())
