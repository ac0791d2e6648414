"""Soak benchmark (not a test): many questions through one Engine in one process; does memory stay flat?

    python -m eval.bench_soak [--questions 500] [--every 50] [--no-llm] [--store DIR] [--max-minutes 180]

Cycles through questions about the bundled articles, off-corpus questions and follow-ups (with the previous
turn as history), and records the process's resident memory (VmRSS) every `--every` questions. Prints one
JSON object: the RSS series, the growth from the first sample to the last, counts and per-question times.
Without `--store` it indexes the bundled corpus into a temporary store first. The model is NEWSRAG_LLM
(default: the embedded SmolLM2); `--no-llm` measures the extractive path only.
"""

from __future__ import annotations

import argparse
import json
import resource
import signal
import sys
import tempfile
import time
from pathlib import Path

from eval.bench import QUESTIONS, percentile
from index.settings import load_settings
from rag.reply.pipeline import Engine

# Varied on purpose: each seed article, conflicts, outlets and dates, and questions the articles cannot
# answer (those abstain before any model call, a different path through the code).
SOAK_QUESTIONS = QUESTIONS + [
    "Which six countries did Yoon hold bilateral meetings with at the NATO summit?",
    "What did NATO leaders urge China to do?",
    "Which outlet reported Yoon's remarks at the ASEAN summit in Laos?",
    "Where was the ASEAN summit at which Yoon criticised military cooperation with North Korea?",
    "What support for Ukraine did South Korea commit to?",
    "Who won the 2022 FIFA World Cup?",
    "What is the Sensex at today?",
    "Which Croatian ports will Ukraine use to export grain?",
    "What did the Uber CEO say about growth in South Korea?",
]
FOLLOW_UPS = ["And what did Kishida say?", "What about Russia?", "When was that?"]


def rss_mb() -> float:
    """The current resident set size in MB (Linux /proc), else the peak from getrusage."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def question_at(n: int) -> tuple[str, bool]:
    """The n-th question (0-based) and whether it is a follow-up: every fifth one follows up the last turn."""
    if n % 5 == 4:
        return FOLLOW_UPS[(n // 5) % len(FOLLOW_UPS)], True
    return SOAK_QUESTIONS[n % len(SOAK_QUESTIONS)], False


def soak(engine: Engine, questions: int, every: int = 50, use_llm: bool = True,
         max_seconds: float | None = None) -> dict:
    """Ask `questions` questions through `engine`; sample RSS every `every` questions -> the report dict."""
    engine.ask(SOAK_QUESTIONS[0], use_llm=use_llm)  # load the models first, as a running app has
    start_rss = rss_mb()
    series, times, modes = [], [], {"generated": 0, "extractive": 0, "abstained": 0}
    failed: list[str] = []
    last: tuple[str, str] | None = None
    t0 = time.perf_counter()
    done = 0
    interrupted = False
    try:
        for n in range(questions):
            if max_seconds is not None and time.perf_counter() - t0 > max_seconds:
                break
            question, follow_up = question_at(n)
            history = [last] if follow_up and last else None
            q0 = time.perf_counter()
            try:
                answer = engine.ask(question, history=history, use_llm=use_llm)
                modes[answer.mode] = modes.get(answer.mode, 0) + 1
                last = (question, answer.text)
            except Exception as err:  # noqa: BLE001 - a soak counts failures instead of stopping at the first
                failed.append(f"{type(err).__name__}: {str(err)[:120]}")
            times.append(time.perf_counter() - q0)
            done = n + 1
            if done % every == 0:
                series.append({"questions": done, "rss_mb": round(rss_mb(), 1)})
                print(f"soak: {done} questions, RSS {series[-1]['rss_mb']} MB, "
                      f"{time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: report what was measured so far
        interrupted = True
    growth = round(series[-1]["rss_mb"] - series[0]["rss_mb"], 1) if series else None
    return {
        "questions": done,
        "interrupted": interrupted,
        "model": engine.model_name if use_llm else "none (extractive)",
        "answered": modes["generated"] + modes["extractive"], "abstained": modes["abstained"],
        "failed": len(failed), "failures": failed[:5], "modes": modes,
        "rss_start_mb": round(start_rss, 1),
        "rss_mb": series,
        "growth_mb": growth,
        "growth_from": series[0]["questions"] if series else None,
        "growth_pct": round(100 * growth / series[0]["rss_mb"], 2) if series and growth is not None else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "seconds": round(time.perf_counter() - t0, 1),
        "per_question_s": {"p50": round(percentile(times, .5), 3), "p95": round(percentile(times, .95), 3),
                           "max": round(max(times), 3) if times else None},
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m eval.bench_soak", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--questions", type=int, default=500)
    p.add_argument("--every", type=int, default=50, help="sample memory every N questions")
    p.add_argument("--no-llm", action="store_true", help="extractive answers only (no model call)")
    p.add_argument("--store", type=Path, help="an existing store (default: the bundled corpus, indexed now)")
    p.add_argument("--max-minutes", type=float, default=180, help="stop early after this long")
    args = p.parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(store=args.store or Path(tmp) / "store")
        if args.store is None:
            from index.build import build

            build(settings)
        result = soak(Engine(settings), args.questions, args.every, not args.no_llm, args.max_minutes * 60)
    print(json.dumps(result, indent=2))
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    raise SystemExit(main())
