"""Incremental, idempotent, crash-safe builds of the store from a folder (or list) of article files."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from index.article import Article
from index.chunk import chunk_article
from index.embed import embed_texts, make_embedder
from index.errors import RejectedFile, StoreBusy
from index.keyword_sync import publish
from index.load import load_articles
from index.settings import Settings
from index.store import Store
from index.story import lead_text
from index.story_update import update_stories

Progress = Callable[[int, int, str], None]  # (done, total, doc_id)
LOCK_WAIT_S = 30.0
BATCH_DOCS = 32  # documents per embed + write round: big enough to batch well, small enough to show progress
PUBLISH_CHUNKS = 20_000  # a long build brings the saved keyword index up to date this often, not only at its end


@dataclass
class BuildReport:
    documents: int = 0
    chunks: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    rejected: list[dict] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)
    indexed: list[str] = field(default_factory=list)  # doc_ids written by this build

    def to_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "indexed"}


@contextlib.contextmanager
def writer_lock(settings: Settings, wait_s: float = LOCK_WAIT_S) -> Iterator[None]:
    """One writer at a time on an embedded store (Chroma is not process-safe); a server needs no lock."""
    if settings.chroma_host:
        yield
        return
    settings.store.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(settings.store / ".newsrag-write.lock"))
    try:
        lock.acquire(timeout=wait_s)
    except Timeout:
        raise StoreBusy(f"another build is writing {settings.store}; waited {wait_s:.0f} s, try again when it ends") from None
    try:
        yield
    finally:
        lock.release()


def build(settings: Settings, articles: Path | None = None, prune: bool = False,
          progress: Progress | None = None) -> BuildReport:
    """Index every article in a folder: add new, replace edited, repair half-indexed, optionally prune."""
    folder = articles or settings.articles
    loaded, rejected = load_articles(folder, settings)
    return build_articles(settings, loaded, rejected, prune_missing=prune, progress=progress)


def build_articles(settings: Settings, loaded: list[Article], rejected: list[RejectedFile],
                   prune_missing: bool = False, progress: Progress | None = None,
                   timings: dict[str, float] | None = None) -> BuildReport:
    """Articles -> store, under the writer lock. `prune_missing` removes stored docs absent from `loaded`.
    `timings`, when given, accumulates seconds spent chunking, embedding and writing (for the benchmark)."""
    timings = timings if timings is not None else {}
    report = BuildReport(rejected=[{"path": r.path, "reason": r.reason} for r in rejected])
    embedder = make_embedder(settings.embed)
    with writer_lock(settings):
        store = Store.open(settings)
        states = store.article_states()
        chunk_states = store.chunk_states()
        todo = _plan(loaded, states, chunk_states, report)
        keep = {a.doc_id for a in loaded} | set(states) if not prune_missing else {a.doc_id for a in loaded}
        going = [d for d in set(states) | set(chunk_states) if d not in keep]
        old_stories = {r["story"] for r in store.records([a.doc_id for a in todo] + going).values()}
        _write_all(store, embedder, todo, settings, timings, progress, report)
        report.removed = _remove(store, states, going)
        if todo or going:
            t0 = time.perf_counter()
            update_stories(store, set(report.indexed) | set(going), old_stories)
            timings["stories"] = timings.get("stories", 0.0) + time.perf_counter() - t0
            store.bump_version()
        _publish(store, timings)
        report.documents = store.articles.count()
        report.chunks = store.chunks.count()
    return report


def _write_all(store: Store, embedder: Any, todo: list[Article], settings: Settings, timings: dict[str, float],
               progress: Progress | None, report: BuildReport) -> None:
    """Articles -> store in bounded batches (BATCH_DOCS at a time, nothing kept after its batch is written),
    the keyword index brought up to date every PUBLISH_CHUNKS chunks."""
    unpublished = 0
    for b in range(0, len(todo), BATCH_DOCS):
        unpublished += _write_batch(store, embedder, todo[b:b + BATCH_DOCS], settings, timings)
        report.indexed += [a.doc_id for a in todo[b:b + BATCH_DOCS]]
        if progress:
            progress(min(b + BATCH_DOCS, len(todo)), len(todo), todo[b].doc_id)
        if unpublished >= PUBLISH_CHUNKS:
            _publish(store, timings)
            unpublished = 0


def _write_batch(store: Store, embedder: Any, articles: list[Article], settings: Settings,
                 timings: dict[str, float]) -> int:
    """Chunk and embed a batch of articles in one embedder call, then replace them in the store -> chunks."""
    t0 = time.perf_counter()
    chunked = [chunk_article(a, settings.chunk_tokens, settings.chunk_overlap_sentences) for a in articles]
    texts = [_embed_text(a, c.text) for a, cs in zip(articles, chunked) for c in cs]
    t1 = time.perf_counter()
    vectors = embed_texts(embedder, texts + [lead_text(a.title, a.text) for a in articles])
    t2 = time.perf_counter()
    docs, at = [], 0
    for i, (a, cs) in enumerate(zip(articles, chunked)):
        docs.append((a, cs, vectors[at:at + len(cs)], vectors[len(texts) + i]))
        at += len(cs)
    store.replace_documents(docs)
    for key, seconds in (("chunk", t1 - t0), ("embed", t2 - t1), ("write", time.perf_counter() - t2)):
        timings[key] = timings.get(key, 0.0) + seconds
    timings["chunks"] = timings.get("chunks", 0) + len(texts)
    return len(texts)


def _publish(store: Store, timings: dict[str, float]) -> None:
    """The keyword index brought up to date with what this build wrote (index/keyword_sync.py)."""
    t0 = time.perf_counter()
    publish(store)
    timings["keyword"] = timings.get("keyword", 0.0) + time.perf_counter() - t0


def _plan(loaded: list[Article], states: dict, chunk_states: dict, report: BuildReport) -> list[Article]:
    """Sort loaded articles into added / updated / unchanged / duplicate; return the ones to (re)write."""
    by_hash = {s.content_hash: s.doc_id for s in states.values()}
    seen: dict[str, str] = {}
    todo = []
    for article in sorted(loaded, key=lambda a: a.doc_id):
        h = article.content_hash
        owner = seen.get(h) or (by_hash.get(h) if by_hash.get(h) != article.doc_id else None)
        if owner and owner != article.doc_id:
            report.duplicates.append({"path": article.source_path, "doc_id": article.doc_id, "duplicate_of": owner})
            continue
        seen[h] = article.doc_id
        state = states.get(article.doc_id)
        count, hashes = chunk_states.get(article.doc_id, (0, set()))
        complete = state is not None and count == state.n_chunks and hashes <= {state.content_hash}
        if state is None:
            report.added += 1
        elif state.content_hash != h or not complete:
            report.updated += 1
        else:
            report.unchanged += 1
            continue
        todo.append(article)
    return todo


def _remove(store: Store, states: dict, going: list[str]) -> int:
    """Delete pruned documents and orphan chunks (left by a build killed before its commit mark) -> how many
    stored documents went."""
    for doc_id in going:
        store.delete_document(doc_id)
    return sum(1 for d in going if d in states)


def _embed_text(article: Article, chunk_text: str) -> str:
    """What a chunk's vector encodes: its headline gives a short chunk its topic."""
    return f"{article.title}\n{chunk_text}" if article.title else chunk_text


def remove(settings: Settings, doc_id: str) -> bool:
    """Delete one document; False when it was not in the store."""
    with writer_lock(settings):
        store = Store.open(settings)
        found = bool(store.articles.get(ids=[doc_id])["ids"]) or bool(store.get_chunks(doc_id))
        old_stories = {r["story"] for r in store.records([doc_id]).values()}
        store.delete_document(doc_id)
        if found:
            update_stories(store, {doc_id}, old_stories)
            store.bump_version()
            publish(store)
        return found
