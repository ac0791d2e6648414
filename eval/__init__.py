"""The eval harness: gold questions -> configs -> metrics -> reports. `python -m eval --help`.

Python API (the web UI's Evaluation tab uses it; same code path as the CLI):
`run_eval(suite, configs, limit, out, progress=callback) -> results`, `load_run(dir) -> results`,
`render_html(results) -> str`.
"""

from __future__ import annotations

from typing import Any

__all__ = ["load_run", "render_html", "run_eval"]


def __getattr__(name: str) -> Any:
    # Lazy: `import eval.metrics` must not load Chroma, llama-index and the models.
    if name in ("run_eval", "load_run"):
        from eval import run

        return getattr(run, name)
    if name == "render_html":
        from eval.html import render_html

        return render_html
    raise AttributeError(name)
