"""Keeping a keyword index in step with its store.

Built once from Chroma (`scan`, page by page: an old store without a saved index), then moved forward by the
change log (`follow`: only the documents named by new entries are read and tokenised). Writers call `publish`
when they have written: the saved index beside an embedded store (or in NEWSRAG_KEYWORD_DIR) gets a new
generation, and followers in the same process catch up before the write returns. Readers in other processes
load new generations or follow the log themselves, so with a Chroma server and no shared disk they still see
every write.
"""

from __future__ import annotations

import contextlib
import time
import weakref
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

from index.changelog import LAG_S, Change
from index.keyword_files import load, locked, save
from index.keyword_index import Delta, Snapshot, advanced, apply, extend, tidy
from index.store import Store

SEGMENT_ROWS = 20_000  # chunks per segment while scanning a store
FOLLOW_DOCS = 1_000  # documents read from Chroma per step when following a long stretch of the log


class Follower(Protocol):
    def on_write(self, store: Store) -> None: ...


_followers: weakref.WeakSet[Any] = weakref.WeakSet()


def keyword_folder(store: Store) -> Path | None:
    """Where the store's keyword index is saved: NEWSRAG_KEYWORD_DIR, else `<store>/keyword` for an embedded
    store; None with a Chroma server and no NEWSRAG_KEYWORD_DIR (each process keeps its own in memory)."""
    s = store.settings
    if s is None or (s.chroma_host and not s.keyword_dir):
        return None
    return (s.keyword_dir or s.store / "keyword") / s.collection


def collection_id(store: Store) -> str:
    return str(store.chunks.id)


def scan(store: Store) -> Snapshot:
    """Every complete document's chunks and record, read from Chroma -> a snapshot (the one full read)."""
    started = time.time()
    seen = {c.id: c.at for c in store.log.since(started - LAG_S)}  # in the scan; later ones `follow` applies
    articles = {a["doc_id"]: a for a in store.list_articles()}
    snap = Snapshot(articles=articles, cursor=started, applied=seen, collection=collection_id(store))
    pending: list[dict] = []
    for page in store.chunk_pages():
        pending += _complete(page, articles)
        if len(pending) >= SEGMENT_ROWS:
            snap, pending = _tidied(extend(snap, pending)), []
    return _tidied(extend(snap, pending))


def fetch(store: Store, changes: list[Change]) -> Delta:
    """Log entries -> the current state of the documents they name (a record alone for "meta" entries)."""
    docs = sorted({d for c in changes if c.kind == "docs" for d in c.docs})
    named = sorted({d for c in changes for d in c.docs})
    records = store.records(named)
    delta = Delta(rows={d: [] for d in docs}, articles={d: records.get(d) for d in named}, changes=changes)
    for i in range(0, len(docs), 100):
        for page in store.chunk_pages({"doc_id": {"$in": docs[i:i + 100]}}):
            for row in _complete(page, records):
                delta.rows[row["doc_id"]].append(row)
    return delta


def follow(store: Store, snap: Snapshot, merge_saved: bool = True) -> tuple[Snapshot, bool]:
    """Apply the log entries the snapshot has not seen -> (snapshot, whether anything was applied)."""
    entries = store.log.since(snap.cursor - LAG_S)
    fresh = [c for c in entries if not snap.covers(c)]
    newest = max((c.at for c in entries), default=snap.cursor)
    if not fresh:
        return (snap, False) if newest <= snap.cursor else (advanced(snap, newest), False)
    step: list[Change] = []
    for change in fresh:
        step.append(change)
        if sum(len(c.docs) for c in step) >= FOLLOW_DOCS or change is fresh[-1]:
            snap = apply(snap, fetch(store, step), newest if change is fresh[-1] else None, merge_saved)
            step = []
    return snap, True


def open_index(store: Store) -> Snapshot:
    """A serving process's snapshot: the saved index if there is one (built once from Chroma and saved if
    not), brought up to date with the log."""
    folder = keyword_folder(store)
    snap = None
    if folder is not None:
        snap = load(folder, collection_id(store))
        if snap is None:
            with contextlib.suppress(OSError), locked(folder):
                snap = load(folder, collection_id(store)) or save(scan(store), folder)
    return follow(store, snap or scan(store), merge_saved=False)[0].warm()


def publish(store: Store) -> None:
    """After a write: the saved index brought up to date with the log and saved as a new generation, then
    the followers in this process told (they catch up before this returns)."""
    folder = keyword_folder(store)
    if folder is not None:
        with locked(folder):
            snap = load(folder, collection_id(store))
            snap, changed = follow(store, snap) if snap is not None else (scan(store), True)
            if changed:
                save(snap, folder)
    for follower in list(_followers):
        with contextlib.suppress(Exception):  # a follower that fails catches up on its next poll
            follower.on_write(store)


def keep(store: Store, snap: Snapshot) -> Snapshot:
    """A reader's snapshot saved when it is ahead of the saved one (a Chroma server's local copy, so the next
    cold start loads it instead of reading the collection) -> the snapshot to use."""
    folder = keyword_folder(store)
    if folder is None or not any(not s.saved for s in snap.segments):
        return snap
    with locked(folder):
        saved = load(folder, collection_id(store))
        if saved is not None and saved.cursor >= snap.cursor:
            return saved.warm()
        return save(snap, folder).warm()


def watch(follower: Follower) -> None:
    """Register an object whose `on_write(store)` runs after each write made in this process."""
    _followers.add(follower)


def _tidied(snap: Snapshot) -> Snapshot:
    segments, live = tidy(list(snap.segments), list(snap.live))
    return replace(snap, segments=tuple(segments), live=tuple(live))


def _complete(rows: list[dict], records: dict[str, dict]) -> list[dict]:
    """The rows of documents whose record is stored and matches them (a half-written document is skipped)."""
    out = []
    for row in rows:
        record = records.get(row["doc_id"])
        if record is not None and row.pop("content_hash", "") in ("", record.get("content_hash", "")):
            out.append(row)
    return out
