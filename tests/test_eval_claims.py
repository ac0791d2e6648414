"""The claim set (eval/data/claims.jsonl) validates on load, splits stably, is verbatim from its sources, and the
claims suite measures the verifier: metrics on a hand-made set, the fake embedder, and the CLI end to end."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import get_args

import pytest

from eval import claims as c
from eval import multihop
from eval.__main__ import main as eval_main
from eval.bench import six_passages
from eval.gold import SPLITS, split_of
from index.clean import clean_text
from index.errors import UserError
from index.settings import BUNDLED_CORPUS
from tests.fakes import HashEmbed

KT = "002_d081907265adfced"
IP4 = ("Yoon, who is attending the NATO gathering as the head of Indo-Pacific Partners 4 (IP4) along with Japan, "
       "Australia and New Zealand, shared his concerns over Moscow and Pyongyang's strengthened military and "
       "economic partnership, during a summit with Japanese Prime Minister Fumio Kishida.")


def claim(id_: str = "x-1", **kw) -> dict:
    return {"id": id_, "sentence": "Yoon led the IP4 at NATO.", "passages": [{"doc_id": KT, "text": IP4}],
            "label": "supported", "kind": "paraphrase", **kw}


def write(tmp_path, *rows) -> object:
    path = tmp_path / "claims.jsonl"
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def items():
    return c.load_claims()


# ---- loading validates -----------------------------------------------------------------------------------

@pytest.mark.parametrize("bad,message", [
    (claim("x-2", label="maybe"), "claims.jsonl:2 (item 'x-2'): label"),
    ({k: v for k, v in claim("x-2").items() if k != "passages"}, "claims.jsonl:2 (item 'x-2'): passages: Field required"),
    (claim("x-1"), "claims.jsonl:2 (item 'x-1'): duplicate id (first on line 1)"),
    (claim("x-2", kind="sarcasm"), "claims.jsonl:2 (item 'x-2'): kind"),
    (claim("x-2", kind="polarity"), "a polarity item is an error: its label must be unsupported"),
    (claim("x-2", label="unsupported"), "a paraphrase item is faithful: its label must be supported"),
    (claim("x-2", kind="draft"), "draft items need a source"),
    (claim("x-2", source="smollm2"), "draft items need a source"),
    (claim("x-2", confidence=0.9), "claims.jsonl:2 (item 'x-2'): confidence: Extra inputs"),
    (claim("x-2", passages=[]), "passages"),
    (claim("x-2", passages=[{"doc_id": KT, "text": IP4}] * 7), "passages"),
    (claim("x-2", passages=[{"doc_id": "the korea times", "text": IP4}]), "passages.0.doc_id"),
    ('{"id": "x-2", "sentence": ', "claims.jsonl:2: malformed JSON"),
])
def test_a_bad_line_raises_a_user_error_naming_the_line(tmp_path, bad, message):
    with pytest.raises(UserError) as err:
        c.load_claims(write(tmp_path, claim("x-1"), bad))
    assert message in str(err.value)


def test_the_schema_accepts_exactly_the_documented_kinds_and_models():
    assert get_args(c.Kind) == c.KINDS
    models, none = get_args(c.ClaimItem.model_fields["source"].annotation)
    assert get_args(models) == c.MODELS and none is type(None)


def test_missing_and_empty_files_are_user_errors(tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        c.load_claims(tmp_path / "nope.jsonl")
    with pytest.raises(UserError, match="holds no items"):
        c.load_claims(write(tmp_path, ""))


def test_a_good_file_loads_in_order(tmp_path):
    loaded = c.load_claims(write(tmp_path, claim("x-1"), "", claim("x-2", kind="draft", source="smollm2")))
    assert [i.id for i in loaded] == ["x-1", "x-2"] and loaded[1].source == "smollm2" and loaded[0].supported


# ---- the bundled set -------------------------------------------------------------------------------------

def test_the_claim_set_is_large_balanced_and_covers_every_kind(items):
    assert len(items) >= 320
    kinds = Counter(i.kind for i in items)
    assert all(kinds[k] >= 12 for k in c.ERRORS), kinds
    assert all(kinds[k] >= 12 for k in c.FAITHFUL), kinds
    drafts = Counter(i.source for i in items if i.kind == c.DRAFT)
    assert drafts["smollm2"] >= 30 and drafts["qwen2.5-coder-0.5b"] >= 30, drafts
    supported = sum(i.supported for i in items) / len(items)
    assert 0.4 <= supported <= 0.6


def test_every_passage_is_verbatim_from_its_article(items):
    seeds = {p.stem: clean_text(p.read_text(encoding="utf-8")) for p in BUNDLED_CORPUS.glob("*.txt")}
    _, truth = multihop.load_benchmark(multihop.find_benchmark())
    bodies = {a["id"]: a["body"] for a in multihop.build_articles(truth)}
    for item in items:
        for p in item.passages:
            assert p.text in {**seeds, **bodies}[p.doc_id], (item.id, p.doc_id, p.text[:60])


def test_passages_become_rag_passages_with_outlets(items):
    kt = next(i for i in items if i.passages[0].doc_id == KT)
    p = c.to_passages(kt)[0]
    assert p.doc_id == KT and p.outlet == "The Korea Times" and p.text == kt.passages[0].text
    assert p.chunk_id.startswith(f"{KT}#")


# ---- the split -------------------------------------------------------------------------------------------

def test_the_split_is_eval_golds_hash_and_both_halves_hold_every_kind(items):
    assert all(i.split == split_of(i.id) for i in items)
    # pinned: the first byte of sha256(id), even -> calibration; an id never changes halves
    assert [split_of(i) for i in ("verbatim-01", "polarity-01", "draft-qwen2-5891209a")] == [
        "calibration", "test", "test"]
    for half in SPLITS:
        kinds = {i.kind for i in items if i.split == half}
        assert kinds == set(c.KINDS), (half, set(c.KINDS) - kinds)
        models = {i.source for i in items if i.split == half and i.kind == c.DRAFT}
        assert models == set(c.MODELS)


# ---- metrics ---------------------------------------------------------------------------------------------

def row(kind: str, label: str, verdict: bool, source: str | None = None) -> dict:
    return {"id": f"{kind}-{label}-{verdict}", "config": "default", "kind": kind, "source": source,
            "label": label, "supported": verdict, "correct": verdict == (label == "supported"), "ms": 1.0,
            "reason": "", "sentence": "s", "split": "test"}


def test_scores_count_supported_as_the_positive_class():
    rows = [row("verbatim", "supported", True), row("verbatim", "supported", True),
            row("paraphrase", "supported", False), row("polarity", "unsupported", True),
            row("polarity", "unsupported", False), row("question", "unsupported", False)]
    s = c.scores(rows)
    assert (s["tp"], s["fn"], s["fp"], s["tn"]) == (2, 1, 1, 2)
    assert s["precision"] == pytest.approx(2 / 3) and s["recall"] == pytest.approx(2 / 3)
    assert s["f1"] == pytest.approx(2 / 3) and s["accuracy"] == pytest.approx(4 / 6)
    assert s["false_pass"] == pytest.approx(1 / 3)


def test_per_kind_precision_of_an_error_kind_is_one_minus_its_false_pass_rate():
    rows = [row("polarity", "unsupported", True), *[row("polarity", "unsupported", False)] * 3,
            row("question", "unsupported", False), row("verbatim", "supported", True),
            row("paraphrase", "supported", False), row("paraphrase", "supported", True),
            row("draft", "supported", True, "smollm2"), row("draft", "unsupported", True, "smollm2"),
            row("draft", "unsupported", False, "qwen2.5-coder-0.5b")]
    agg = c.aggregate(rows)
    kinds = agg["by_kind"]
    assert kinds["polarity"]["precision"] == 0.75 and kinds["polarity"]["recall"] is None
    assert kinds["question"]["precision"] == 1.0
    assert kinds["paraphrase"]["recall"] == 0.5 and kinds["paraphrase"]["precision"] is None
    assert kinds["draft"]["precision"] == 0.5 and kinds["draft"]["recall"] == 1.0
    assert agg["min_error_precision"] == 0.75 and agg["min_faithful_recall"] == 0.5
    assert agg["draft_precision"] == 0.5 and agg["by_source"]["qwen2.5-coder-0.5b"]["false_pass"] == 0.0
    assert agg["n"] == len(rows) and agg["misjudged"] == [r["id"] for r in rows if not r["correct"]]


def test_the_verifier_runs_over_items_with_the_fake_embedder(tmp_path):
    path = write(tmp_path, claim("ok-1", sentence=IP4, kind="verbatim"),
                 claim("bad-1", sentence="The IP4 consists of South Korea, Japan, Australia and Canada.",
                       label="unsupported", kind="wrong-entity"))
    rows = c.judge(c.load_claims(path), HashEmbed(), "default")
    assert [(r["id"], r["supported"], r["correct"]) for r in rows] == [("ok-1", True, True), ("bad-1", False, True)]
    assert "Canada" in rows[1]["reason"] and all(r["ms"] >= 0 and r["config"] == "default" for r in rows)


def test_gates_and_configs_are_checked_before_anything_runs():
    assert [(t.metric, t.value, t.config) for t in c.parse_gates(["precision=0.9", "lexical:f1=0.5"])] == [
        ("precision", 0.9, None), ("f1", 0.5, "lexical")]
    for bad in (["hit_at_4=0.9"], ["precision"], ["precision=high"]):
        with pytest.raises(UserError, match="--fail-under"):
            c.parse_gates(bad)
    assert c.parse_configs("default, lexical") == ["default", "lexical"]
    with pytest.raises(UserError, match="unknown claims config"):
        c.parse_configs("vanilla")


def test_the_benchmark_pads_every_item_to_six_passages(items):
    padded = six_passages(items[:20])
    assert all(len(ps) == 6 for ps in padded)
    assert all(ps[: len(i.passages)] == c.to_passages(i) for i, ps in zip(items, padded))
    assert all(len({p.chunk_id for p in ps}) == 6 for ps in padded)


# ---- the suite from the CLI ------------------------------------------------------------------------------

def test_the_suite_runs_end_to_end_from_the_cli(tmp_path, capsys):
    out = tmp_path / "run"
    code = eval_main(["--suite", "claims", "--config", "default,lexical", "--split", "calibration", "--limit", "25",
                      "--out", str(out), "--quiet"])
    printed = capsys.readouterr().out
    assert code == 0
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert results["suite"] == "claims" and results["split"] == "calibration" and results["n_items"] == 25
    assert results["configs"] == ["default", "lexical"] and len(results["items"]) == 50
    assert all(i["split"] == "calibration" for i in results["items"])
    assert len({i["kind"] for i in results["items"]}) == 21  # round-robin: every kind in 25 items
    agg = results["aggregate"]["default"]
    assert set(c.METRICS) <= set(agg) and agg["n"] == 25 and 0 <= agg["precision"] <= 1
    assert "claims suite, split calibration: 25 claims" in printed and "min_error_precision" in printed
    assert "passed wrongly" in printed and "draft:smollm2" in printed
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "## Misjudged items" in report


def test_the_cli_gates_exit_1_and_bad_options_exit_2(tmp_path, capsys):
    path = write(tmp_path, claim("ok-1", sentence=IP4, kind="verbatim"),
                 claim("bad-1", sentence="The IP4 consists of South Korea, Japan, Australia and Canada.",
                       label="unsupported", kind="wrong-entity"))
    args = ["--suite", "claims", "--gold", str(path), "--config", "lexical", "--out", str(tmp_path / "r"), "--quiet"]
    assert eval_main([*args, "--fail-under", "precision=0.9"]) == 0
    assert eval_main([*args, "--fail-under", "recall=1.01"]) == 1
    assert "lexical: recall = 1.000 is under 1.01" in capsys.readouterr().err
    assert eval_main([*args, "--fail-under", "hit_at_4=0.5"]) == 2
    assert eval_main([*args, "--distractors", "3"]) == 2
    assert eval_main(["--suite", "claims", "--gold", str(tmp_path / "none.jsonl"), "--quiet"]) == 2


def test_draft_candidates_mirror_what_the_engine_verifies(items):
    from eval.claims_drafts import candidate_id, candidates

    kt = c.to_passages(next(i for i in items if i.passages[0].doc_id == KT))
    other = c.to_passages(next(i for i in items if i.passages[0].doc_id != KT))
    got = candidates("Q?", "Yoon led the IP4 at the NATO gathering [2].", [other[0], kt[0]], "smollm2")
    assert [(g["sentence"], g["label"], [p["text"] for p in g["passages"]]) for g in got] == [
        ("Yoon led the IP4 at the NATO gathering.", "?", [kt[0].text, other[0].text])]
    assert candidates("Q?", "NOT IN SOURCES", kt, "smollm2") == []
    with pytest.raises(UserError, match="label"):  # an unlabelled candidate never loads
        c.parse_claim(json.dumps(got[0]), "candidates.jsonl:1")
    drafts = [i for i in items if i.kind == c.DRAFT]
    assert all(i.question and i.id == candidate_id(i.source, i.question, i.sentence) for i in drafts)


# ---- training the learned check (eval/train_verifier.py) on claims made up from the articles (eval/perturb.py)


def test_made_up_claims_change_a_seed_sentence_in_the_way_their_kind_says():
    from eval.perturb import FAITHFUL_KINDS, made_up
    from tests.passages import all_passages

    passages = all_passages()
    made = made_up(passages, seed=3, per_sentence=20)
    assert {"added-clause", "negated", "fragment", "merged", "other-act"} <= {m.kind for m in made}
    text = " ".join(p.text for p in passages)
    for m in made:
        assert m.supported == (m.kind in FAITHFUL_KINDS)
        if m.kind == "verbatim":
            assert m.sentence in text
        if m.kind == "negated":  # one "not" put in, or taken out
            assert m.sentence not in text
            assert re.sub(r" not\b", "", m.sentence, count=1) in text or not re.search(r" not\b", m.sentence)
        if m.kind == "added-clause":  # the sentence as it stands, and a clause no article sentence joins to it
            assert m.sentence[:m.sentence.rindex(", and ")] + "." in text and m.sentence not in text


def test_the_fit_keeps_each_weight_to_its_sign_and_separates_what_it_can():
    import numpy as np

    from eval.train_verifier import FEATURES, fit

    rng = np.random.default_rng(0)
    n = 200
    x = np.zeros((n, len(FEATURES)))
    x[:, 0] = 1.0
    y = (rng.random(n) < 0.5).astype(float)
    recall = FEATURES.index("recall")
    inserted = FEATURES.index("inserted")
    x[:, recall] = y * 0.3 + rng.random(n) * 0.7  # supported items hold more of their words
    x[:, inserted] = y * 2 + rng.random(n)  # and (wrongly, in this made-up data) more added words
    mean, scale, w = fit(x, y, np.ones(n), penalty=1.0)
    assert w[recall] > 0 and w[inserted] == 0.0  # a missing word never counts for support


def test_the_threshold_costs_at_most_its_budget_of_real_recall():
    from eval.train_verifier import Example, choose_threshold

    real = [Example(f"s{k}", "paraphrase", True, [None]) for k in range(10)]  # type: ignore[list-item]
    wrong = [Example(f"u{k}", "antonym", False, [None]) for k in range(10)]  # type: ignore[list-item]
    scores = [0.2 + 0.08 * k for k in range(10)] + [0.1 + 0.05 * k for k in range(10)]
    chosen = choose_threshold(real + wrong, scores, budget=0.1)
    assert chosen["recall"] == 0.9 and chosen["threshold"] == 0.28  # the strictest that keeps 9 of 10
