"""Load benchmark (not a test): N concurrent `gradio_client` users against the real app.

    python -m ui.bench_load [--users 20] [--questions 2] [--queue-size N] [--timeout 900] [--deadline 3600]

Indexes the bundled corpus into a temporary store, serves the app on a free 127.0.0.1 port with the
configured model (NEWSRAG_LLM, default the embedded SmolLM2), warms it up with one question, then starts
every user at once; each asks `--questions` questions one after another. Prints one JSON object: how many
requests were answered, told busy (queue full), failed or timed out, and latency percentiles. Every request
has a timeout and the whole run a deadline, so it always ends; the server and the store are removed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

from eval.bench import QUESTIONS, percentile
from index.settings import Settings, load_settings


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ask_once(client, question: str, timeout: float) -> dict:  # type: ignore[no-untyped-def]
    """One /ask -> {"outcome": answered | busy | failed | timeout, "latency_s", ...}."""
    t0 = time.perf_counter()
    job = client.submit(question, api_name="/ask")
    try:
        result = job.result(timeout=timeout)
    except (TimeoutError, FutureTimeout):
        job.cancel()
        return {"outcome": "timeout", "latency_s": time.perf_counter() - t0}
    except Exception as err:  # noqa: BLE001 - a full queue comes back as an error; anything else is a failure
        outcome = "busy" if "queue is full" in str(err).lower() else "failed"
        return {"outcome": outcome, "latency_s": time.perf_counter() - t0, "message": str(err)[:200]}
    return {"outcome": "answered", "latency_s": time.perf_counter() - t0, "abstained": bool(result["abstained"]),
            "service_s": float(result["timings"].get("total_s", 0.0)), "mode": result["mode"]}


def run_users(url: str, users: int, questions: int, timeout: float, deadline: float) -> list[dict]:
    """Start `users` clients together; each asks `questions` questions in turn until the deadline."""
    from gradio_client import Client

    end = time.monotonic() + deadline
    with ThreadPoolExecutor(users) as pool:
        clients = list(pool.map(lambda _: Client(url, verbose=False), range(users)))
        start = threading.Barrier(users)

        def user(n: int) -> list[dict]:
            start.wait()
            out = []
            for i in range(questions):
                left = end - time.monotonic()
                if left <= 0:
                    out.append({"outcome": "skipped (deadline)", "latency_s": 0.0})
                    continue
                q = QUESTIONS[(n * questions + i) % len(QUESTIONS)]
                out.append({"user": n, **ask_once(clients[n], q, min(timeout, left))})
            return out

        return [r for rs in pool.map(user, range(users)) for r in rs]


def summarise(results: list[dict], settings: Settings, users: int, questions: int, wall: float,
              warmup_s: float, model: str) -> dict:
    by = {k: [r for r in results if r["outcome"] == k] for k in ("answered", "busy", "failed", "timeout")}
    lat = sorted(r["latency_s"] for r in by["answered"])
    service = [r["service_s"] for r in by["answered"]]
    return {
        "users": users, "questions_per_user": questions, "requests": len(results), "queue_size": settings.queue_size,
        "model": model,
        "answered": len(by["answered"]), "busy": len(by["busy"]), "failed": len(by["failed"]),
        "timeout": len(by["timeout"]), "skipped": len(results) - sum(len(v) for v in by.values()),
        "abstained_of_answered": sum(r["abstained"] for r in by["answered"]),
        "latency_s": {"p50": round(percentile(lat, .5), 2), "p95": round(percentile(lat, .95), 2),
                      "max": round(lat[-1], 2) if lat else None},
        "service_s": {"p50": round(percentile(service, .5), 2), "p95": round(percentile(service, .95), 2)},
        "busy_latency_s_p50": round(percentile([r["latency_s"] for r in by["busy"]], .5), 2),
        "warmup_s": round(warmup_s, 1), "wall_s": round(wall, 1),
        "failures": sorted({r.get("message", "") for r in by["failed"]})[:3],
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m ui.bench_load", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--users", type=int, default=20)
    p.add_argument("--questions", type=int, default=2, help="questions each user asks, one after another")
    p.add_argument("--queue-size", type=int, help="waiting places before 'busy' (default NEWSRAG_QUEUE_SIZE)")
    p.add_argument("--timeout", type=float, default=900, help="seconds one request may take")
    p.add_argument("--deadline", type=float, default=3600, help="seconds the whole run may take")
    args = p.parse_args(argv)

    from gradio_client import Client

    from index.build import build
    from rag.reply.pipeline import Engine
    from ui.app import build_app, launch

    with tempfile.TemporaryDirectory() as tmp:
        overrides: dict = {"store": Path(tmp) / "store", "port": free_port(), "host": "127.0.0.1",
                           "feedback": Path(tmp) / "feedback.jsonl"}
        if args.queue_size:
            overrides["queue_size"] = args.queue_size
        settings = load_settings(**overrides)
        build(settings)
        engine = Engine(settings)
        app = build_app(settings, engine=engine)
        _, url, _ = launch(app, settings, prevent_thread_lock=True, quiet=True)
        try:
            t0 = time.perf_counter()
            Client(url, verbose=False).predict(QUESTIONS[0], api_name="/ask")  # the model loads here
            warmup = time.perf_counter() - t0
            t1 = time.perf_counter()
            results = run_users(url, args.users, args.questions, args.timeout, args.deadline)
            wall = time.perf_counter() - t1
        finally:
            with contextlib.redirect_stdout(sys.stderr):  # Gradio announces the shutdown on stdout
                app.close()
    print(json.dumps(summarise(results, settings, args.users, args.questions, wall, warmup, engine.model_name),
                     indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
