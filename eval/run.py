"""Run a suite through configs and write results.json, report.md and report.html: the one code path behind
`python -m eval` and the web UI's Evaluation tab.

    results = run_eval("seeds", ["default", "vanilla"], limit=10, out=Path("eval-runs/x"), progress=print)
    results["aggregate"]["default"]["hit_at_4"]  -> 0.9

`split` runs one half of the gold set (see eval.gold); `distractors=N` indexes the first N MultiHop-RAG articles
beside the bundled ones (seeds suite), so a rule that only works on five articles shows it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from eval import multihop
from eval.baselines import raw_file_documents
from eval.configs import PRESETS, Context, check_configs, parse_configs, timed
from eval.gold import SEEDS_FILE, SPLITS, GoldItem, in_split, load_gold, subset
from eval.report import compute_deltas, render_markdown
from eval.scoring import aggregate, majority_baselines, metric_names, score_item
from eval.shown import label_sentences, load_labels
from index.build import BuildReport, build_articles
from index.embed import make_embedder
from index.errors import NewsragError, UserError
from index.load import load_articles
from index.settings import BUNDLED_CORPUS, Settings, load_settings
from index.store import Store

Progress = Callable[[int, int, str], None]  # (done, total, "config: item id")
SUITES = ("seeds", "multihop-rag", "claims")
RESULTS = "results.json"


@dataclass
class Suite:
    items: list[GoldItem]
    settings: Settings  # pointing at the suite's store
    documents: Callable[[], list[Any]]
    build: dict
    split: str = "all"
    distractors: int = 0  # MultiHop-RAG articles indexed beside the bundled corpus


def default_out() -> Path:
    """-> eval-runs/20240904-134200"""
    return Path("eval-runs") / datetime.now().strftime("%Y%m%d-%H%M%S")


def run_eval(suite: str = "seeds", configs: str | Sequence[str] = ("default",), limit: int | None = None,
             out: Path | str | None = None, progress: Progress | None = None, *, gold: Path | None = None,
             baseline: Path | str | None = None, store: Path | None = None, benchmark_dir: Path | None = None,
             settings: Settings | None = None, split: str | None = None, distractors: int = 0) -> dict:
    """Suite + config names -> results dict (also written to `out`). Bad options raise UserError before any
    model loads; a question that fails records its error and the run goes on."""
    if suite == "claims":  # the verifier alone on labelled sentences (eval.claims): no store, no LLM
        from eval.claims import run_claims

        _check_options(suite, gold, limit, split or "all", distractors)
        return run_claims(configs, limit, Path(out) if out else default_out(), split or "all", gold,
                          settings or load_settings(), baseline=load_run(baseline) if baseline else None)
    names = parse_configs(list(configs) if not isinstance(configs, str) else configs)
    split = split or "all"
    _check_options(suite, gold, limit, split, distractors)
    check_configs(names)
    before = load_run(baseline) if baseline else None
    out = Path(out) if out else default_out()
    out.mkdir(parents=True, exist_ok=True)
    base = settings or load_settings()
    announce = _announcer(progress, len(names))
    prepared = (_seeds(base, out, limit, gold, store, announce, split, distractors, benchmark_dir)
                if suite == "seeds" else _multihop(base, out, limit, store, benchmark_dir, announce, split))
    ctx = Context(prepared.settings, Store.open(prepared.settings), make_embedder(prepared.settings.embed),
                  prepared.documents)
    rows = _run_all(ctx, suite, names, prepared, out, progress, load_labels())
    results = assemble_results(suite, names, prepared, rows, out)
    if before:
        results["baseline"] = {"dir": str(baseline), "created": before.get("created"),
                               "split": before.get("split", "all"), "distractors": before.get("distractors", 0),
                               "deltas": compute_deltas(results["aggregate"], before.get("aggregate", {}))}
    write_run(results, out)
    return results


def _check_options(suite: str, gold: Path | None, limit: int | None, split: str, distractors: int) -> None:
    """Options that cannot work -> UserError, before anything loads."""
    if suite not in SUITES:
        raise UserError(f"unknown suite {suite!r}; choose from {', '.join(SUITES)}")
    if gold and suite not in ("seeds", "claims"):
        raise UserError("--gold applies to the seeds and claims suites only")
    if limit is not None and limit < 1:
        raise UserError("--limit must be at least 1")
    if split not in (*SPLITS, "all"):
        raise UserError(f"unknown split {split!r}; choose from {', '.join(SPLITS)} or all")
    if distractors < 0:
        raise UserError("--distractors must be 0 or more")
    if distractors and suite != "seeds":
        raise UserError("--distractors applies to the seeds suite only")


def _announcer(progress: Progress | None, n_configs: int) -> Callable[[int], None]:
    """-> a function telling the progress callback that the store is being built (0 questions done yet)."""
    return lambda n_items: progress(0, n_items * n_configs, "building the store") if progress else None


def _seeds(base: Settings, out: Path, limit: int | None, gold: Path | None, store: Path | None,
           announce: Callable[[int], None], split: str = "all", distractors: int = 0,
           benchmark_dir: Path | None = None) -> Suite:
    items = subset(load_gold(gold or SEEDS_FILE), limit, split)
    if not items:
        raise UserError(f"the {split} split of the gold file holds no items")
    extra = distractor_articles(distractors, benchmark_dir)
    announce(len(items))
    folder, collection = distractor_store(store or out / "store", "newsrag_eval", distractors)
    settings = _store_settings(base, folder, collection)
    corpora = [BUNDLED_CORPUS]
    if extra:
        corpora.append(multihop.write_corpus(extra, out / "distractor-corpus").parent)
    report = build_corpora(settings, corpora)
    return Suite(items, settings, lambda: raw_file_documents(BUNDLED_CORPUS) + multihop.documents(extra),
                 report.to_dict(), split, distractors)


def distractor_articles(n: int, folder: Path | None = None) -> list[dict]:
    """The first n MultiHop-RAG articles (their stable id order), [] for 0; n above all -> UserError."""
    if not n:
        return []
    _, truth = multihop.load_benchmark(multihop.find_benchmark(folder))
    articles = multihop.build_articles(truth)
    if n > len(articles):
        raise UserError(f"--distractors {n}: MultiHop-RAG has {len(articles)} articles; pass at most that")
    return articles[:n]


def distractor_store(folder: Path, collection: str, n: int) -> tuple[Path, str]:
    """A store per distractor count, so a reused --store never mixes them.
    (Path("x/store"), "newsrag_eval", 0) -> (x/store, "newsrag_eval"); (..., 50) -> (x/store-distractors-50,
    "newsrag_eval_d50")"""
    if not n:
        return folder, collection
    return folder.with_name(f"{folder.name}-distractors-{n}"), f"{collection}_d{n}"


def build_corpora(settings: Settings, folders: list[Path]) -> BuildReport:
    """Article folders -> one store holding all of them; unchanged articles are not re-embedded."""
    loaded, rejected = [], []
    for folder in folders:
        articles, bad = load_articles(folder, settings)
        loaded += articles
        rejected += bad
    return build_articles(settings, loaded, rejected)


def _multihop(base: Settings, out: Path, limit: int | None, store: Path | None, folder: Path | None,
              announce: Callable[[int], None], split: str = "all") -> Suite:
    queries, truth = multihop.load_benchmark(multihop.find_benchmark(folder))
    # The file is a random sample: its order is fair.
    items = in_split(multihop.gold_items(queries, truth), split)[:limit]
    if not items:
        raise UserError(f"the {split} split of MultiHop-RAG holds no queries")
    announce(len(items))
    articles = multihop.build_articles(truth)
    corpus = multihop.write_corpus(articles, out / "multihop-corpus").parent
    settings = _store_settings(base, store or out / "multihop-store", "newsrag_multihop")
    report = build_corpora(settings, [corpus])
    return Suite(items, settings, lambda: multihop.documents(articles), report.to_dict(), split)


def _store_settings(base: Settings, folder: Path, collection: str) -> Settings:
    """Settings on the suite's store: its own collection always, so a reused --store folder (or a Chroma
    server) keeps the user's articles untouched and the eval finds its own earlier build."""
    return base.model_copy(update={"store": folder, "collection": collection})


def _run_all(ctx: Context, suite: str, names: list[str], prepared: Suite, out: Path,
             progress: Progress | None, labels: dict) -> list[dict]:
    """Every config in turn -> scored rows (`labels`: eval.shown's, for the shown-sentence metrics). After each
    config but the last, a partial results.json is written: a long run interrupted later keeps the configs it
    finished."""
    rows: list[dict] = []
    for n, name in enumerate(names):
        count = (n * len(prepared.items), len(names) * len(prepared.items))
        rows += _run_config(ctx, name, prepared.items, progress, count, labels)
        if n < len(names) - 1:
            write_run(assemble_results(suite, names[: n + 1], prepared, rows, out, complete=False), out)
    return rows


def _run_config(ctx: Context, name: str, items: list[GoldItem], progress: Progress | None,
                count: tuple[int, int], labels: dict | None = None) -> list[dict]:
    """One config over the items -> scored rows; `count` is (questions done before, total) for progress."""
    runner = timed(PRESETS[name].make(ctx))
    rows, (done, total) = [], count
    for item in items:
        try:
            record = runner(item)
        except NewsragError as err:  # one bad question (too long, model timeout) does not stop the run
            record = {"error": str(err)}
        rows.append({"config": name, "kind": item.kind, "item": item, "record": record,
                     "scores": score_item(item, label_sentences(record, labels or {}))})
        done += 1
        if progress:
            progress(done, total, f"{name}: {item.id}")
    return rows


def assemble_results(suite: str, names: list[str], prepared: Suite, rows: list[dict], out: Path,
                     complete: bool = True) -> dict:
    """Scored rows ({"config", "kind", "item", "record", "scores"}) -> the results dict of results.json."""
    metrics = metric_names(suite)
    s = prepared.settings
    return {
        "suite": suite,
        "created": datetime.now().isoformat(timespec="seconds"),
        "out": str(out),
        "configs": names,
        "complete": complete,  # False while later configs of the run are still to come (or were interrupted)
        "descriptions": {n: PRESETS[n].description for n in names},
        "metrics": list(metrics),
        "settings": {"llm": s.llm, "embed": s.embed, "top_k": s.top_k, "abstain_below": s.abstain_below,
                     "prompt_tokens": s.source_tokens, "store": str(s.store)},
        "n_items": len(prepared.items),
        "split": prepared.split,
        "distractors": prepared.distractors,
        "build": prepared.build,
        "aggregate": {n: aggregate([r for r in rows if r["config"] == n], metrics) for n in names},
        # What always answering the most common reference of a question type scores in strict accuracy.
        "baselines": majority_baselines(prepared.items) if suite == "multihop-rag" else None,
        "items": [_item_row(r) for r in rows],
        "baseline": None,
    }


def _item_row(row: dict) -> dict:
    item: GoldItem = row["item"]
    record = row["record"]
    return {
        "id": item.id, "config": row["config"], "kind": item.kind, "question": item.question,
        "history": item.history, "reference": item.answer, "short": item.short, "order": item.order,
        "split": item.split, "gold_doc_ids": item.gold_doc_ids, "gold_outlets": item.gold_outlets,
        "error": record.get("error"),
        **{k: record.get(k) for k in ("answer", "short_answer", "answer_type", "answerability", "abstained", "mode", "retrieved",
                                      "citations", "sentences", "timings", "answer_tokens", "model", "note")},
        "metrics": row["scores"],
    }


def write_run(results: dict, out: Path) -> None:
    """results -> out/results.json, out/report.md, out/report.html."""
    from eval.html import render_html

    (out / RESULTS).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "report.md").write_text(render_markdown(results), encoding="utf-8")
    (out / "report.html").write_text(render_html(results), encoding="utf-8")


def load_run(folder: Path | str) -> dict:
    """A run folder (or its results.json) -> the results dict; missing or malformed -> UserError."""
    path = Path(folder)
    path = path / RESULTS if path.is_dir() else path
    try:
        results = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"no earlier run at {folder}: expected {path}") from None
    except (OSError, ValueError) as err:
        raise UserError(f"cannot read {path}: {type(err).__name__}") from None
    if not isinstance(results, dict) or "aggregate" not in results:
        raise UserError(f"{path} is not an eval results file (no 'aggregate')")
    return results
