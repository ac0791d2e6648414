"""Ingest benchmark (not a test): `python -m index.bench [--articles 2000]`.

Generates a corpus, then runs the real build (read, clean, chunk, embed, write to a fresh embedded Chroma
store) and reports chunks per second for the whole build and per phase, and peak memory (RSS).
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

from index.build import build_articles
from index.load import load_articles
from index.settings import Settings
from index.synth import write_corpus


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m index.bench", description=__doc__)
    p.add_argument("--articles", type=int, default=2000)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        chars = write_corpus(folder, args.articles)
        print(json.dumps(run(folder, Path(tmp) / "store", chars), indent=2))
    return 0


def run(folder: Path, store_dir: Path, chars: int) -> dict:
    settings = Settings(_env_file=None, store=store_dir)
    t0 = time.perf_counter()
    articles, _ = load_articles(folder, settings)
    load_s = time.perf_counter() - t0
    timings: dict[str, float] = {}
    report = build_articles(settings, articles, [], timings=timings)
    total = time.perf_counter() - t0
    chunks = int(timings.get("chunks", 0))
    return {
        "articles": report.documents, "chunks": report.chunks, "corpus_mb": round(chars / 1e6, 1),
        "seconds": {"read_clean": round(load_s, 1), **{k: round(timings.get(k, 0), 1)
                                                     for k in ("chunk", "embed", "write")}},
        "total_s": round(total, 1),
        "chunks_per_s": round(chunks / total, 1),
        "embed_only_chunks_per_s": round(chunks / timings["embed"], 1) if timings.get("embed") else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "chunk_tokens": settings.chunk_tokens,
    }


if __name__ == "__main__":
    raise SystemExit(main())
