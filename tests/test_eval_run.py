"""End to end: `python -m eval --config extractive --limit 3` on the bundled corpus with the real embedder (no LLM);
distractors and the split through `run_eval` with the hashed fake embedder."""

import json
import os
import subprocess
import sys

import pytest

from eval.scoring import SEEDS_METRICS
from tests.conftest import ROOT, make_settings


@pytest.mark.integration
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


@pytest.mark.integration
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


@pytest.fixture
def hashed_embedder(monkeypatch):
    """The eval's store build and retrieval on the hashed bag-of-words embedder: fast, no model file."""
    import index.build
    from eval import run
    from tests.fakes import FakeEmbedding

    fake = FakeEmbedding()
    monkeypatch.setattr(run, "make_embedder", lambda spec: fake)
    monkeypatch.setattr(index.build, "make_embedder", lambda spec: fake)


def _articles(settings, folder, collection):
    from index.store import Store

    return {a["doc_id"] for a in Store.open(settings.model_copy(update={"store": folder,
                                                                        "collection": collection})).list_articles()}


def test_distractors_are_indexed_beside_the_corpus_in_a_store_of_their_own(tmp_path, hashed_embedder):
    from eval import run_eval
    from eval.gold import load_gold

    settings = make_settings(tmp_path / "unused")
    store = tmp_path / "store"
    r = run_eval("seeds", "extractive", limit=2, out=tmp_path / "d3", store=store, settings=settings,
                 distractors=3, split="test")
    assert r["distractors"] == 3 and r["split"] == "test" and r["n_items"] == 2
    assert r["build"]["documents"] == 8 and r["build"]["added"] == 8 and not r["build"]["rejected"]
    assert not store.exists()  # the plain store is not touched by a distractor run
    ids = _articles(settings, tmp_path / "store-distractors-3", "newsrag_eval_d3")
    distractors = sorted(i for i in ids if i.startswith("mh-"))
    assert len(ids) == 8 and len(distractors) == 3
    gold = {d for item in load_gold() for d in item.gold_doc_ids}
    assert gold <= ids  # the gold doc ids are unchanged
    assert all(i["split"] == "test" for i in r["items"])
    assert all(i["error"] is None and i["metrics"] for i in r["items"])
    assert "3 MultiHop-RAG distractor articles" in (tmp_path / "d3" / "report.md").read_text()

    plain = run_eval("seeds", "extractive", limit=1, out=tmp_path / "d0", store=store, settings=settings,
                     split="calibration")
    assert plain["distractors"] == 0 and plain["build"]["documents"] == 5
    assert plain["items"][0]["split"] == "calibration"
    assert not any(i.startswith("mh-") for i in _articles(settings, store, "newsrag_eval"))
    again = run_eval("seeds", "extractive", limit=1, out=tmp_path / "d3b", store=store, settings=settings,
                     distractors=3)
    assert again["build"]["unchanged"] == 8  # the same count reuses its store
    assert _articles(settings, tmp_path / "store-distractors-3", "newsrag_eval_d3") == ids
