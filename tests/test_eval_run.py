"""End to end: `python -m eval --config extractive --limit 3` on the bundled corpus with the real embedder (no LLM)."""

import json
import os
import subprocess
import sys

import pytest

from eval.scoring import SEEDS_METRICS
from tests.conftest import ROOT, make_settings

pytestmark = pytest.mark.integration


def test_cli_extractive_run_writes_results_and_reports(tmp_path):
    out = tmp_path / "run"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSRAG_")}
    proc = subprocess.run([sys.executable, "-m", "eval", "--config", "extractive", "--limit", "3", "--out", str(out),
                           "--fail-under", "hit_at_10=0.5"],
                          cwd=ROOT, capture_output=True, text=True, env=env, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "hit_at_4" in proc.stdout
    results = json.loads((out / "results.json").read_text())
    assert results["suite"] == "seeds" and results["configs"] == ["extractive"] and results["n_items"] == 3
    agg = results["aggregate"]["extractive"]
    assert set(SEEDS_METRICS) <= set(agg) and agg["n"] == 3 and agg["errors"] == 0
    assert agg["first_token_p50_s"] is None and agg["answer_tokens"] == 0  # no LLM ran
    assert len(agg["by_kind"]) == 3 and "off_corpus" in agg["by_kind"]
    assert results["build"]["documents"] == 5
    for item in results["items"]:
        assert {"id", "kind", "question", "answer", "retrieved", "citations", "metrics", "timings"} <= set(item)
        assert item["timings"]["total_s"] > 0 and item["error"] is None
        assert all(isinstance(group, list) and group for group in item["retrieved"])
        if item["kind"] != "off_corpus":
            assert item["metrics"]["hit_at_10"] is not None
    assert (out / "report.md").is_file() and "<svg" in (out / "report.html").read_text()
    assert (out / "store").is_dir()


def test_api_reuses_a_store_reports_progress_and_deltas(tmp_path, monkeypatch):
    from eval import load_run, run_eval
    from eval.configs import PRESETS, Preset

    settings = make_settings(tmp_path / "unused")
    first = run_eval("seeds", "extractive", limit=2, out=tmp_path / "a", settings=settings)
    seen = []
    second = run_eval("seeds", ["extractive"], limit=2, out=tmp_path / "b", store=tmp_path / "a" / "store",
                      baseline=tmp_path / "a", settings=settings, progress=lambda *a: seen.append(a))
    assert seen[-1][:2] == (2, 2) and seen[-1][2].startswith("extractive: ")
    assert second["build"]["unchanged"] == 5  # the reused store was not rebuilt
    assert second["baseline"]["deltas"]["extractive"]["hit_at_4"] == 0.0
    assert load_run(tmp_path / "b")["aggregate"] == second["aggregate"]
    assert [i["answer"] for i in first["items"]] == [i["answer"] for i in second["items"]]

    def interrupted(ctx):
        raise KeyboardInterrupt
    monkeypatch.setitem(PRESETS, "boom", Preset("stops the run", interrupted))
    with pytest.raises(KeyboardInterrupt):
        run_eval("seeds", "extractive,boom", limit=2, out=tmp_path / "c", store=tmp_path / "a" / "store",
                 settings=settings)
    partial = load_run(tmp_path / "c")
    assert partial["configs"] == ["extractive"] and partial["complete"] is False
    assert "Partial run" in (tmp_path / "c" / "report.md").read_text()
