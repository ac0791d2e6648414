"""The Evaluation tab: run a gold suite through configs (or open an earlier run) and show its report.

`eval` is imported only when the tab is used: the chat must start without the harness and its baselines.
Only eval's documented API is used: `run_eval`, `load_run`, `render_html` (and, for the claims suite, the config
names and the Markdown report of `eval.claims`).
"""

from __future__ import annotations

import html
from datetime import datetime
from pathlib import Path

import gradio as gr

from index.settings import Settings
from ui.edge import ui_error

RUNS_DIR = Path("eval-runs")
SUITES = ["seeds", "multihop-rag", "claims"]
SPLITS = ["all", "calibration", "test"]
CONFIGS = ["default", "extractive", "dense", "vanilla"]
CLAIM_CONFIGS = ["default", "lexical"]
MAX_DISTRACTORS = 326  # the MultiHop-RAG articles


def config_names(suite: str = "seeds") -> list[str]:
    """The configs a suite runs: the presets, or the claims suite's verifier configs."""
    try:
        if suite == "claims":
            from eval.claims import CONFIGS as claims

            return list(claims)
        from eval.configs import PRESETS

        return list(PRESETS)
    except Exception:
        return CLAIM_CONFIGS if suite == "claims" else CONFIGS


def run_options(suite: str, configs: list[str] | None, limit: float | None, split: str | None,
                distractors: float | None) -> dict:
    """The tab's inputs -> run_eval's arguments. ("seeds", ["default"], None, "test", 50) -> {"suite": "seeds",
    "configs": ["default"], "limit": None, "split": "test", "distractors": 50}; bad ones are run_eval's to refuse."""
    return {"suite": suite, "configs": configs or [], "limit": int(limit) if limit else None,
            "split": split or "all", "distractors": int(distractors) if distractors else 0}


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
    """results -> (header, rows): one row per (config, question) with its metrics; for the claims suite one per
    (config, claim) with its label and the verifier's verdict."""
    if results.get("suite") == "claims":
        rows = [[i.get("config", ""), i.get("id", ""), i.get("kind", ""), i.get("sentence", ""), i.get("label", ""),
                 "supported" if i.get("supported") else f"unsupported: {i.get('reason', '')}",
                 "yes" if i.get("correct") else "no"] for i in results.get("items", [])]
        return ["config", "id", "kind", "sentence", "label", "verdict", "correct"], rows
    metrics = results.get("metrics", [])
    rows = []
    for item in results.get("items", []):
        answer = item.get("error") or item.get("answer") or ""
        rows.append([item.get("config", ""), item.get("id", ""), item.get("kind", ""), item.get("question", ""),
                     answer[:300], *(_fmt((item.get("metrics") or {}).get(m)) for m in metrics)])
    return ["config", "id", "kind", "question", "answer", *metrics], rows


def report_frame(results: dict) -> str:
    """results -> eval's self-contained HTML report inside a sandboxed iframe (its styles stay inside); the
    claims suite's Markdown report as preformatted text."""
    if results.get("suite") == "claims":
        from eval.claims import render_markdown

        return f'<pre class="nr-evalreport">{html.escape(render_markdown(results))}</pre>'
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
        split = gr.Dropdown(SPLITS, value="all", label="Split (calibration: tune on it; test: report it)", scale=1)
        distractors = gr.Number(value=0, label=f"Distractor articles (seeds suite, 0-{MAX_DISTRACTORS})", precision=0,
                                minimum=0, maximum=MAX_DISTRACTORS, scale=1)
    with gr.Row():
        run_btn = gr.Button("Run evaluation", variant="primary", scale=1)
        runs = gr.Dropdown(earlier_runs(), label="Earlier run", scale=2, allow_custom_value=False)
        open_btn = gr.Button("Open run", scale=1)
        refresh_btn = gr.Button("↻", scale=0, min_width=48)
    aggregate = gr.Dataframe(label="Aggregate", interactive=False, wrap=True)
    report = gr.HTML()
    per_question = gr.Dataframe(label="Every question", interactive=False, wrap=True, max_height=600)

    def run(suite: str, configs: list[str], limit: float | None, split: str, n_distractors: float | None,
            progress: gr.Progress = gr.Progress()):  # noqa: B008
        try:
            from eval import run_eval

            out = RUNS_DIR / datetime.now().strftime("%Y%m%d-%H%M%S")
            progress(0, desc="preparing the suite's store")

            def step(done: int, total: int, label: str) -> None:
                progress((done, total), desc=label)

            results = run_eval(**run_options(suite, configs, limit, split, n_distractors), out=out, progress=step,
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

    suite.change(suite_configs, [suite], [configs], api_visibility="private", queue=False)
    run_btn.click(run, [suite, configs, limit, split, distractors], [aggregate, report, per_question, runs],
                  api_visibility="private",
                  concurrency_id="generate", concurrency_limit=1)
    open_btn.click(open_run, [runs], [aggregate, report, per_question], api_visibility="private")
    refresh_btn.click(refresh_runs, None, [runs], api_visibility="private", queue=False)
    return runs


def suite_configs(suite: str) -> gr.CheckboxGroup:
    """The configs offered for a suite, its first one ticked."""
    names = config_names(suite)
    return gr.CheckboxGroup(choices=names, value=names[:1])


def refresh_runs() -> gr.Dropdown:
    return gr.Dropdown(choices=earlier_runs())
