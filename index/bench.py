"""Ingest benchmark (not a test): `python -m index.bench [--articles 2000]`.

Generates a corpus, then runs the real build (read, clean, chunk, embed, write to a fresh embedded Chroma
store) and reports chunks per second for the whole build and per phase (the keyword index's share is
`keyword`), peak memory (RSS), the saved keyword index's size and the time a second process takes to load it.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from index.build import build_articles
from index.keyword_sync import keyword_folder
from index.load import load_articles
from index.settings import Settings
from index.store import Store
from index.synth import write_corpus

# Run in a fresh interpreter: how long a serving process takes to have the keyword index (the store opened,
# the saved index memory-mapped, its lookups built, the change log read).
_LOAD = """
import json, sys, time
t0 = time.perf_counter()
from index.keyword_sync import open_index
from index.settings import Settings
from index.store import Store
t1 = time.perf_counter()
snap = open_index(Store.open(Settings(_env_file=None, store=sys.argv[1])))  # what a serving process does first
print(json.dumps({"imports_s": t1 - t0, "load_s": time.perf_counter() - t1, "chunks": snap.n_chunks}))
"""


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
                                                     for k in ("chunk", "embed", "write", "stories", "keyword")}},
        "total_s": round(total, 1),
        "chunks_per_s": round(chunks / total, 1),
        "embed_only_chunks_per_s": round(chunks / timings["embed"], 1) if timings.get("embed") else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "chunk_tokens": settings.chunk_tokens,
        "keyword": keyword_figures(settings),
    }


def keyword_figures(settings: Settings) -> dict:
    """The saved keyword index: its size on disk, and the seconds a second process takes to load it."""
    folder = keyword_folder(Store.open(settings))
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder else 0
    out = subprocess.run([sys.executable, "-c", _LOAD, str(settings.store)], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parent.parent)
    loaded = json.loads(out.stdout)
    return {"saved_mb": round(size / 1e6, 1), "second_process_load_s": round(loaded["load_s"], 2),
            "second_process_chunks": loaded["chunks"]}


if __name__ == "__main__":
    raise SystemExit(main())
