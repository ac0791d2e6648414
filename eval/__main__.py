"""`python -m eval`: run the gold questions (or MultiHop-RAG) through configs, report, and gate.

    python -m eval --config default,vanilla --limit 20 --out eval-runs/try --fail-under hit_at_4=0.8
    python -m eval --config extractive --split test --distractors 100
    python -m eval --suite claims --split calibration --fail-under min_error_precision=0.9

Exit codes: 0 ok, 1 a --fail-under gate failed, 2 bad input, 3 a store or model failure.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from eval.claims import parse_configs as parse_claim_configs
from eval.claims import parse_gates
from eval.claims import summary as claim_summary
from eval.claims import tables as claim_tables
from eval.configs import PRESETS, parse_configs
from eval.gold import SPLITS
from eval.report import check_thresholds, parse_thresholds, run_summary, terminal_table
from eval.run import SUITES, Progress, default_out, run_eval
from index.cli_util import run_cli
from index.settings import load_settings


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m eval",
                                description="Run gold questions through configs, report, and gate.",
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog="configs: " + "; ".join(f"{k} = {v.description}" for k, v in PRESETS.items()))
    p.add_argument("--suite", choices=SUITES, default="seeds", help="gold set to run (default: seeds)")
    p.add_argument("--gold", type=Path, help="a gold JSONL file for the seeds suite (default: eval/data/seeds.jsonl), "
                                             "or a claim file for the claims suite (default: eval/data/claims.jsonl)")
    p.add_argument("--config", default="default", help="comma-separated presets (default: default); claims suite: "
                                                       "default (with the embedder) or lexical")
    p.add_argument("--limit", type=int, help="ask only N questions (seeds: round-robin over kinds)")
    p.add_argument("--split", choices=(*SPLITS, "all"), default="all",
                   help="run one half of the gold set, fixed by a hash of each id: calibration (tune on it) or "
                        "test (report it); default: all")
    p.add_argument("--distractors", type=int, default=0, metavar="N",
                   help="seeds suite: also index the first N MultiHop-RAG articles as unrelated distractors "
                        "(default: 0)")
    p.add_argument("--out", type=Path, help="run folder (default: eval-runs/<timestamp>)")
    p.add_argument("--baseline", type=Path, help="an earlier run folder: show deltas against it")
    p.add_argument("--fail-under", action="extend", nargs="+", default=[], metavar="METRIC=VALUE",
                   help="exit 1 when a metric is below VALUE (CONFIG:METRIC=VALUE for one config)")
    p.add_argument("--store", type=Path,
                   help="keep the eval store here to reuse it across runs (default: <out>/store); "
                        "the eval writes only its own collection; with --distractors N it uses <store>-distractors-N")
    p.add_argument("--benchmark-dir", type=Path, help="folder with the MultiHop-RAG json files")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return run_cli(lambda: _run(args))


def _run(args: argparse.Namespace) -> int:
    claims = args.suite == "claims"
    # bad gates and configs fail before any model loads
    thresholds = parse_gates(args.fail_under) if claims else parse_thresholds(args.fail_under, args.suite)
    configs = parse_claim_configs(args.config) if claims else parse_configs(args.config)
    out = args.out or default_out()
    bar, progress = _progress(args.quiet)
    try:
        results = run_eval(args.suite, configs, args.limit, out, progress, gold=args.gold,
                           baseline=args.baseline, store=args.store, benchmark_dir=args.benchmark_dir,
                           settings=load_settings(), split=args.split, distractors=args.distractors)
    finally:
        if bar is not None:
            bar.close()
    print((claim_summary(results) if claims else run_summary(results)) + "\n")
    print(claim_tables(results) if claims else terminal_table(results))
    print(f"\nresults: {out / 'results.json'}\nreport:  " + (f"{out / 'report.md'}" if claims else
                                                             f"{out / 'report.html'} and report.md"))
    failures = check_thresholds(results, thresholds)
    for failure in failures:
        print(f"fail-under: {failure}", file=sys.stderr)
    return 1 if failures else 0


def _progress(quiet: bool) -> tuple[Any, Progress | None]:
    """A tqdm bar on a terminal; a line per 10 questions otherwise; nothing with --quiet."""
    if quiet:
        return None, None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=0, unit="q", file=sys.stderr, dynamic_ncols=True)

        def tick(done: int, total: int, label: str) -> None:
            bar.total = total
            bar.set_postfix_str(label[:40], refresh=False)
            bar.update(done - bar.n)
        return bar, tick

    def line(done: int, total: int, label: str) -> None:
        if done == 0 or done % 10 == 0 or done == total:
            print(f"{done}/{total} {label}", file=sys.stderr, flush=True)
    return None, line


if __name__ == "__main__":
    sys.exit(main())
