"""Benchmarks (not tests).

`python -m eval.bench retrieval [--sizes 1000,10000,100000]`: retrieval latency (query embedding + dense +
BM25 + fusion) on generated stores. Chunk texts are generated news sentences; to keep 100k chunks buildable on
2 cores, 512 of them are embedded for real and the rest get those vectors plus noise (latency depends on the
vector count and the index, not on what the vectors mean). Also: the keyword index built once from the filled
store and saved (seconds, MB), the seconds a second process takes to load it, a new process's cold start to
its first question, and adding one article (really embedded) then the first question after it.

`python -m eval.bench answer [--store DIR]`: time to first token and full answer over the gold set's standalone
questions (eval/data/seeds.jsonl; abstentions never call the model, so they have no first token) with the
configured model, and our streaming rate against llama.cpp's own token rate on the same prompt.

`python -m eval.bench verify [--lexical]`: one sentence verified against six passages (its own from
eval/data/claims.jsonl, then passages of other claims up to six), p50/p95 ms over the claim set, with the configured
embedder (MiniLM by default; loaded and warmed up before timing) or none (--lexical).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from index.article import Article
from index.bench import keyword_figures
from index.chunk import chunk_article
from index.embed import embed_texts, make_embedder
from index.keyword_sync import publish
from index.settings import Settings, load_settings
from index.store import Store
from index.synth import seed_sentences

QUESTIONS = [
    "Which countries make up the IP4 group?", "What did Yoon say at the ASEAN summit?",
    "How much has trade between South Korea and New Zealand grown?", "What did NATO say about North Korea?",
    "Who attended the ASEAN summit in Vientiane?", "What did Kishida say about Russia and North Korea?",
    "When did Luxon take office?", "What did Putin and Kim agree in June?",
]


def percentile(values: list[float], q: float) -> float:
    """([1, 2, 3, 4], 0.5) -> 2.5"""
    return float(np.percentile(values, q * 100)) if values else 0.0


# A new app process: imports, the Engine (embedder, store), then its first question.
_COLD = """
import json, sys, time
t0 = time.perf_counter()
from index.settings import Settings
from rag.reply.pipeline import Engine
t1 = time.perf_counter()
engine = Engine(Settings(_env_file=None, store=sys.argv[1]))
t2 = time.perf_counter()
engine.retrieve(sys.argv[2])
t3 = time.perf_counter()
print(json.dumps({"imports_s": t1 - t0, "engine_s": t2 - t1, "first_question_s": t3 - t2}))
"""
ADDED = Article(doc_id="bench_added", title="Zebracorn ferry strike ends in Wellington", outlet="Harbour Tribune",
                text="The zebracorn ferry strike in Wellington ended on Monday after the union and the operator "
                     "agreed on pay. Ferries between Wellington and Picton run on the normal timetable again.")


def bench_retrieval(sizes: list[int], repeats: int = 3) -> list[dict]:
    out = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(_env_file=None, store=Path(tmp) / "store")
            _fill(settings, size)
            t0 = time.perf_counter()
            publish(Store.open(settings))  # no saved keyword index yet: built once from the chunks, then saved
            row: dict = {"chunks": Store.open(settings).chunks.count(),
                         "keyword_build_s": round(time.perf_counter() - t0, 1), **keyword_figures(settings)}
            row["cold_start"] = _cold_start(settings)
            row.update(_latencies(settings, repeats))
            out.append(row)
    return out


def _cold_start(settings: Settings) -> dict:
    """A new process's first question, timed from launch (interpreter start included in total_s)."""
    t0 = time.perf_counter()
    got = subprocess.run([sys.executable, "-c", _COLD, str(settings.store), QUESTIONS[0]], capture_output=True,
                         text=True, check=True, cwd=Path(__file__).resolve().parent.parent)
    return {"total_s": round(time.perf_counter() - t0, 2), **{k: round(v, 2) for k, v in json.loads(got.stdout).items()}}


def _latencies(settings: Settings, repeats: int) -> dict:
    """Warm retrieval p50/p95, then one article added (embedded for real) and the first questions after it."""
    from index.build import build_articles
    from rag.reply.pipeline import Engine

    engine = Engine(settings)
    t0 = time.perf_counter()
    engine.retrieve(QUESTIONS[0])
    first_s = time.perf_counter() - t0
    times = []
    for _ in range(repeats):
        for q in QUESTIONS:
            times.append(engine.retrieve(q)[1]["retrieve_s"] * 1000)
    t0 = time.perf_counter()
    build_articles(settings, [ADDED], [])
    add_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    engine.retrieve(QUESTIONS[1])
    after_s = time.perf_counter() - t0
    passages, _ = engine.retrieve("When did the zebracorn ferry strike in Wellington end?")
    return {"first_question_s": round(first_s, 3), "p50_ms": round(percentile(times, .5), 1),
            "p95_ms": round(percentile(times, .95), 1), "queries": len(times), "add_one_article_s": round(add_s, 2),
            "first_question_after_add_s": round(after_s, 3),
            "added_article_retrieved": any(p.doc_id == ADDED.doc_id for p in passages)}


def _fill(settings: Settings, size: int) -> None:
    """A store of about `size` chunks: 512 really embedded, the rest noisy copies of those vectors."""
    rng = np.random.default_rng(7)
    pool = seed_sentences()
    embedder = make_embedder(settings.embed)
    store = Store.open(settings)
    real: np.ndarray | None = None
    made, doc = 0, 0
    while made < size:
        batch = []
        for _ in range(200):
            text = " ".join(pool[i] for i in rng.integers(0, len(pool), 10)) + f" Report number {doc}."
            article = Article(doc_id=f"gen{doc:07d}", text=text, title=f"Generated report {doc}", outlet="Bench")
            chunks = chunk_article(article, settings.chunk_tokens, settings.chunk_overlap_sentences)
            batch.append((article, chunks))
            doc += 1
        texts = [c.text for _, cs in batch for c in cs]
        if real is None:
            real = np.array(embed_texts(embedder, texts[:512]), dtype=np.float32)
        noise = rng.normal(0, 0.05, (len(texts), real.shape[1])).astype(np.float32)
        vecs = real[rng.integers(0, len(real), len(texts))] + noise
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        docs, at = [], 0
        for article, cs in batch:
            docs.append((article, cs, vecs[at:at + len(cs)].tolist(), vecs[at].tolist()))
            at += len(cs)
        store.replace_documents(docs)
        made += len(texts)
    store.bump_version()


def gold_questions() -> list[str]:
    """The gold set's standalone questions (follow-ups need their chat, which the eval harness replays)."""
    from eval.gold import SEEDS_FILE, load_gold

    return [item.question for item in load_gold(SEEDS_FILE) if not item.history]


def bench_answer(settings: Settings) -> dict:
    from index.build import build
    from rag.reply.pipeline import Engine

    build(settings)  # the configured articles (the bundled corpus by default), as `python -m ui` would
    engine = Engine(settings)
    engine.ask(QUESTIONS[0])  # load the model once, as a running app has
    first, total, rates, leads = [], [], [], []
    questions = gold_questions()
    for q in questions:
        t0 = time.perf_counter()
        n_tokens, t_first, t_last = 0, None, 0.0
        for event in engine.stream(q):
            if event.kind == "lead":
                leads.append(time.perf_counter() - t0)
            if event.kind == "token":
                n_tokens += 1
                t_last = time.perf_counter()
                t_first = t_first or t_last
        t_end = time.perf_counter()
        total.append(t_end - t0)
        if t_first is not None:
            first.append(t_first - t0)
            if n_tokens > 4:
                # streaming rate: first to last token (verification after the last token is not generation)
                rates.append((n_tokens - 1) / max(t_last - t_first, 1e-6))
    result = {"questions": len(questions), "generated": len(first), "model": engine.model_name,
              "lead_p50_s": round(percentile(leads, .5), 2) if leads else None,
              "lead_p95_s": round(percentile(leads, .95), 2) if leads else None,
              "first_token_p50_s": round(percentile(first, .5), 2), "first_token_p95_s": round(percentile(first, .95), 2),
              "answer_p50_s": round(percentile(total, .5), 2), "answer_p95_s": round(percentile(total, .95), 2),
              "pipeline_tokens_per_s": round(statistics.median(rates), 1) if rates else None}
    result["llama_cpp_tokens_per_s"] = _raw_rate(engine, questions)
    return result


def _raw_rate(engine, questions: list[str]) -> float | None:  # type: ignore[no-untyped-def]
    """llama.cpp's own streaming rate (median, first to last token) on the prompts our pipeline builds for the
    same questions, with the same sampling settings (embedded models only)."""
    llama = getattr(engine.llm, "_model", None)
    if llama is None:
        return None
    model, rates = llama(), []
    for q in questions:
        passages, _ = engine.retrieve(q)
        if engine.ask(q, use_llm=False).abstained:
            continue
        msgs = [{"role": m.role.value, "content": m.content} for m in engine._fit_messages(q, passages, None)]
        n, t_first, t_last = 0, None, 0.0
        for _ in model.create_chat_completion(msgs, stream=True, max_tokens=engine.llm.max_tokens,
                                              temperature=engine.llm.temperature,
                                              repeat_penalty=engine.llm.repeat_penalty):
            n += 1
            t_last = time.perf_counter()
            t_first = t_first or t_last
        if t_first and n > 4:
            rates.append((n - 1) / max(t_last - t_first, 1e-6))
    return round(statistics.median(rates), 1) if rates else None


def six_passages(items: list, n: int = 6) -> list[list]:
    """Claim items -> per item its rag Passages, then other items' passages up to `n`.
    ([item with passages a, b; item with c], 3) -> [[a, b, c], [c, b, a]]"""
    from eval.claims import to_passages

    own = [to_passages(i) for i in items]
    pool = list({p.text: p for ps in own for p in ps}.values())
    out = []
    for k, ps in enumerate(own):
        texts = {p.text for p in ps}
        extra = [p for p in pool[k:] + pool[:k] if p.text not in texts]  # a different filler per item
        out.append((ps + extra)[:n])
    return out


def bench_verify(settings: Settings, lexical: bool = False) -> dict:
    from eval.claims import load_claims
    from rag.verification.verifier import verify_sentence

    items = load_claims()
    embed = None
    if not lexical:
        embedder = make_embedder(settings.embed)
        embed = lambda texts: embed_texts(embedder, texts)  # noqa: E731
        embed(["warm up the embedder"])
    times = []
    for item, passages in zip(items, six_passages(items)):
        t0 = time.perf_counter()
        verify_sentence(item.sentence, passages, passages, embed)
        times.append((time.perf_counter() - t0) * 1000)
    return {"sentences": len(times), "passages_each": 6, "embedder": None if lexical else settings.embed,
            "p50_ms": round(percentile(times, .5), 1), "p95_ms": round(percentile(times, .95), 1),
            "max_ms": round(max(times), 1)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m eval.bench", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("retrieval")
    r.add_argument("--sizes", default="1000,10000,100000")
    a = sub.add_parser("answer")
    a.add_argument("--store", type=Path)
    v = sub.add_parser("verify")
    v.add_argument("--lexical", action="store_true", help="no embedder: the verifier's lexical checks alone")
    args = p.parse_args(argv)
    if args.cmd == "retrieval":
        print(json.dumps(bench_retrieval([int(s) for s in args.sizes.split(",")]), indent=2))
    elif args.cmd == "verify":
        print(json.dumps(bench_verify(load_settings(), args.lexical), indent=2))
    else:
        print(json.dumps(bench_answer(load_settings(store=args.store)), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
