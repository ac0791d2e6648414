"""Results -> terminal table, report.md, report.html; baseline deltas; --fail-under gates and exit codes."""

import json
import re
from pathlib import Path

import pytest

import eval.__main__ as cli
from eval.gold import GoldItem
from eval.html import render_html
from eval.report import (
    baseline_rows,
    check_thresholds,
    compute_deltas,
    failed_metrics,
    fmt_delta,
    improved,
    parse_thresholds,
    render_markdown,
    run_summary,
    terminal_table,
)
from eval.run import Suite, assemble_results, distractor_store, load_run, run_eval, write_run
from eval.scoring import MULTIHOP_METRICS, SEEDS_METRICS, score_item
from index.errors import UserError
from index.settings import Settings

GOOD = GoldItem(id="synd-1", kind="syndicated", question="What did they launch?", answer="A dialogue.",
                key_facts=[["dialogue"]], gold_doc_ids=["001"], gold_outlets=["Business Standard"])
OFF = GoldItem(id="off-1", kind="off_corpus", question="Who won the <World Cup>?", answer="Not covered.")


def _record(answer: str, abstained: bool, doc: str | None, total: float) -> dict:
    cites = [{"doc_id": doc, "label": "Business Standard", "quote": "q"}] if doc else []
    return {"answer": answer, "plain": answer, "abstained": abstained, "mode": "generated",
            "sentences": [] if abstained else [{"text": answer, "doc_ids": [doc] if doc else [], "labels": []}],
            "citations": cites, "retrieved": [["002"], ["001"]], "answer_tokens": 5,
            "timings": {"retrieve_s": 0.1, "first_token_s": total / 2, "total_s": total}}


def make_results(tmp_path: Path, good_answer: str = "They launched a dialogue.", split: str = "all",
                 distractors: int = 0) -> dict:
    plan = {
        "default": [(GOOD, _record(good_answer, False, "001", 2.0)),
                    (OFF, _record("The articles do not cover this.", True, None, 0.2))],
        "vanilla": [(GOOD, _record("A summit.", False, "002", 5.0)), (OFF, _record("Argentina.", False, "002", 4.0))],
    }
    rows = [{"config": c, "kind": item.kind, "item": item, "record": rec, "scores": score_item(item, rec)}
            for c, pairs in plan.items() for item, rec in pairs]
    suite = Suite(items=[GOOD, OFF], settings=Settings(_env_file=None, store=tmp_path / "s"),
                  documents=list, build={"documents": 5}, split=split, distractors=distractors)
    return assemble_results("seeds", list(plan), suite, rows, tmp_path)


def _mh(n: int, kind: str, answer: str) -> GoldItem:
    if kind == "null":
        return GoldItem(id=f"mh-{n}", kind="null", question="Did it?", answer=answer)
    return GoldItem(id=f"mh-{n}", kind=kind, question="Did it?", answer=answer, key_facts=[[answer]],
                    short=[answer], gold_doc_ids=["001"], gold_outlets=["Business Standard"])


def make_multihop_results(tmp_path: Path) -> dict:
    items = [_mh(1, "comparison", "Yes"), _mh(2, "comparison", "Yes"), _mh(3, "comparison", "No"),
             _mh(4, "null", "Insufficient information.")]
    said = [("Yes", False), ("No", False), ("No", False), ("", True)]
    rows = []
    for item, (short, abstained) in zip(items, said):
        rec = {**_record(short or "Insufficient information.", abstained, None if abstained else "001", 1.0),
               "short_answer": short}
        rows.append({"config": "extractive", "kind": item.kind, "item": item, "record": rec,
                     "scores": score_item(item, rec)})
    suite = Suite(items=items, settings=Settings(_env_file=None, store=tmp_path / "s"), documents=list,
                  build={"documents": 3})
    return assemble_results("multihop-rag", ["extractive"], suite, rows, tmp_path)


def test_results_shape(tmp_path):
    r = make_results(tmp_path)
    assert r["configs"] == ["default", "vanilla"] and len(r["items"]) == 4
    assert set(SEEDS_METRICS) <= set(r["aggregate"]["default"])
    assert r["aggregate"]["default"]["abstention_accuracy"] == 1.0
    assert r["aggregate"]["vanilla"]["abstention_accuracy"] == 0.5
    assert set(r["aggregate"]["default"]["by_kind"]) == {"syndicated", "off_corpus"}
    item = r["items"][0]
    assert {"retrieved", "answer", "citations", "metrics", "timings"} <= set(item)
    json.dumps(r)  # serialisable


def test_terminal_table_and_markdown_name_configs_and_metrics(tmp_path):
    r = make_results(tmp_path)
    table = terminal_table(r)
    md = render_markdown(r)
    for text in (table, md):
        assert "default" in text and "vanilla" in text
        assert all(m in text for m in SEEDS_METRICS)
    assert "## default: by kind" in md and "off_corpus" in md
    assert "| vanilla | off-1 | off_corpus | citation_precision, abstention_accuracy | Argentina. |" in md


def test_html_is_self_contained_with_charts_and_escaped(tmp_path):
    page = render_html(make_results(tmp_path))
    assert page.startswith("<!doctype html>") and page.count("<svg") == 3
    assert "default" in page and "vanilla" in page and "citation_precision" in page
    assert "<script" not in page and not re.search(r"(src|href)=['\"]?https?:", page)
    assert "&lt;World Cup&gt;" in page and "<World Cup>" not in page


def test_baseline_deltas(tmp_path):
    before = make_results(tmp_path, good_answer="Nothing relevant.")
    now = make_results(tmp_path)
    deltas = compute_deltas(now["aggregate"], before["aggregate"])
    assert deltas["default"]["answer_accuracy"] == 1.0
    assert deltas["vanilla"]["answer_accuracy"] == 0.0
    assert "n" not in deltas["default"]
    now["baseline"] = {"dir": "eval-runs/old", "deltas": deltas}
    assert "1.000 (+1.000)" in terminal_table(now)
    assert "(+1.000)" in render_html(now) and "eval-runs/old" in render_markdown(now)
    assert fmt_delta(-0.2, "latency_p50_s") == "-0.20 s"


def test_reports_state_the_split_and_the_distractors(tmp_path):
    r = make_results(tmp_path, split="test", distractors=40)
    assert r["split"] == "test" and r["distractors"] == 40
    line = run_summary(r)
    assert line == ("seeds suite, split test: 2 questions; 40 MultiHop-RAG distractor articles indexed beside "
                    "the corpus.")
    assert line in render_markdown(r) and line in render_html(r)
    plain = make_results(tmp_path)
    assert "split all" in run_summary(plain) and "no distractor articles" in run_summary(plain)
    assert {i["split"] for i in r["items"]} <= {"calibration", "test"}


def test_deltas_against_a_run_of_another_split_are_flagged(tmp_path):
    now = make_results(tmp_path, split="test")
    now["baseline"] = {"dir": "eval-runs/old", "split": "all", "distractors": 0,
                       "deltas": compute_deltas(now["aggregate"], make_results(tmp_path)["aggregate"])}
    assert "baseline ran split all with 0 distractors, this run split test with 0" in render_markdown(now)
    now["baseline"]["split"] = "test"
    assert "baseline ran split" not in render_markdown(now)


def test_false_abstention_falling_is_good_news():
    assert improved(-0.1, "false_abstention") and not improved(0.1, "false_abstention")
    assert improved(0.1, "near_topic_abstention") and improved(0.1, "direct_answer_accuracy")


def test_multihop_results_carry_the_majority_baseline_beside_strict_accuracy(tmp_path):
    r = make_multihop_results(tmp_path)
    assert r["baselines"]["majority"] == {"comparison": 0.6667, "null": 1.0, "all": 0.5}
    agg = r["aggregate"]["extractive"]
    assert set(MULTIHOP_METRICS) <= set(agg)
    assert agg["accuracy_strict"] == 0.75  # Yes, (No for Yes), No, abstained on the null query
    assert agg["by_kind"]["comparison"]["accuracy_strict"] == pytest.approx(0.6667)
    assert agg["by_kind"]["null"]["accuracy_strict"] == 1.0
    assert agg["yes_no_accuracy"] == pytest.approx(0.6667) and agg["false_abstention"] == 0.0
    rows = baseline_rows(r)
    assert rows == [["comparison", "3", "'yes'", "0.667", "0.667"], ["null", "1", "'insufficient information'",
                                                                    "1.000", "1.000"],
                    ["all", "4", "'yes'", "0.500", "0.750"], ["all, type known", "4", "(per type)", "0.750", "0.750"]]
    md = render_markdown(r)
    assert "majority-class baseline" in md and "| all | 4 | 'yes' | 0.500 | 0.750 |" in md
    assert "| comparison | 3 |" in md and "accuracy_strict" in md  # by-kind table shows strict accuracy
    assert "majority-class baseline" in terminal_table(r) and "majority-class baseline" in render_html(r)
    assert json.loads(json.dumps(r))["baselines"] == r["baselines"]
    assert make_results(tmp_path)["baselines"] is None
    assert "majority" not in terminal_table(make_results(tmp_path))


def test_write_and_load_run_roundtrip(tmp_path):
    r = make_results(tmp_path)
    write_run(r, tmp_path)
    assert {p.name for p in tmp_path.iterdir()} >= {"results.json", "report.md", "report.html"}
    assert load_run(tmp_path) == json.loads(json.dumps(r))
    with pytest.raises(UserError, match="no earlier run"):
        load_run(tmp_path / "missing")
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "results.json").write_text("[1, 2]")
    with pytest.raises(UserError, match="not an eval results file"):
        load_run(tmp_path / "junk")


def test_failed_metrics_lists_what_an_item_missed(tmp_path):
    items = {(i["config"], i["id"]): i for i in make_results(tmp_path)["items"]}
    assert failed_metrics(items[("default", "synd-1")]) == []
    assert "answer_accuracy" in failed_metrics(items[("vanilla", "synd-1")])
    assert failed_metrics({"error": "timeout"}) == ["error"]


def test_thresholds_parse_and_check(tmp_path):
    r = make_results(tmp_path)
    gates = parse_thresholds(["abstention_accuracy=0.9", "default:hit_at_4 = 0.5", "first_token_p50_s=0"])
    failures = check_thresholds(r, gates)
    assert failures == ["vanilla: abstention_accuracy = 0.500 is under 0.9"]
    r["aggregate"]["default"]["first_token_p50_s"] = None
    assert any("not measured" in f for f in check_thresholds(r, gates))
    for bad in ["hit_at_4", "hit_at_4=high", "recall=0.5"]:
        with pytest.raises(UserError, match="--fail-under"):
            parse_thresholds([bad])


@pytest.fixture
def fake_run(monkeypatch, tmp_path):
    """The CLI with run_eval replaced by canned results: exit codes without loading a model."""
    calls = []

    def run_eval(suite, configs, limit, out, progress, **kw):
        calls.append((suite, configs, limit, {k: kw[k] for k in ("split", "distractors")}))
        return make_results(tmp_path)
    monkeypatch.setattr(cli, "run_eval", run_eval)
    return calls


def test_cli_fail_under_exits_1_naming_the_metric(fake_run, tmp_path, capsys):
    code = cli.main(["--config", "default,vanilla", "--out", str(tmp_path), "--quiet",
                     "--fail-under", "abstention_accuracy=0.9", "hit_at_4=0.5"])
    err = capsys.readouterr().err
    assert code == 1 and "vanilla: abstention_accuracy" in err and "hit_at_4" not in err
    assert fake_run == [("seeds", ["default", "vanilla"], None, {"split": "all", "distractors": 0})]


def test_cli_passing_gates_exit_0_and_print_the_table(fake_run, tmp_path, capsys):
    assert cli.main(["--out", str(tmp_path), "--quiet", "--fail-under", "hit_at_4=0.5"]) == 0
    out = capsys.readouterr().out
    assert "abstention_accuracy" in out and "seeds suite, split all" in out


def test_cli_passes_split_and_distractors(fake_run, tmp_path):
    assert cli.main(["--out", str(tmp_path), "--quiet", "--split", "test", "--distractors", "7"]) == 0
    assert fake_run[-1][3] == {"split": "test", "distractors": 7}
    assert cli.main(["--out", str(tmp_path), "--quiet"]) == 0
    assert fake_run[-1][3] == {"split": "all", "distractors": 0}


def test_cli_rejects_an_unknown_split(fake_run, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--split", "holdout", "--quiet"])
    assert exit_.value.code == 2 and "invalid choice" in capsys.readouterr().err and fake_run == []


@pytest.mark.parametrize("kw,message", [
    ({"distractors": -1}, "0 or more"),
    ({"distractors": 3, "suite": "multihop-rag"}, "seeds suite only"),
    ({"distractors": 100_000}, "MultiHop-RAG has 326 articles"),
    ({"split": "holdout"}, "unknown split"),
])
def test_run_eval_rejects_bad_split_and_distractors_before_building(tmp_path, kw, message):
    with pytest.raises(UserError, match=message):
        run_eval(configs="extractive", out=tmp_path / "run", settings=Settings(_env_file=None), **kw)
    assert not (tmp_path / "run" / "store").exists()


def test_each_distractor_count_has_its_own_store():
    assert distractor_store(Path("x/store"), "newsrag_eval", 0) == (Path("x/store"), "newsrag_eval")
    assert distractor_store(Path("x/store"), "newsrag_eval", 50) == (Path("x/store-distractors-50"),
                                                                     "newsrag_eval_d50")


@pytest.mark.parametrize("args,message", [
    (["--fail-under", "nonsense=1"], "unknown metric"),
    (["--config", "default,bogus"], "unknown config bogus"),
])
def test_cli_bad_options_exit_2_before_running(fake_run, capsys, args, message):
    assert cli.main([*args, "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and "Traceback" not in err
    assert fake_run == []
