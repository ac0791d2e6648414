"""The saved keyword index: segment folders written once, generations naming them, memory-mapped on load.

    <dir>/seg-<name>/   vocab.json, indptr.npy, docs.npy, tf.npy, doclen.npy, rows.jsonl, offsets.npy, ids.json
    <dir>/gen-<n>/      manifest.json (segments, cursor, collection), live-<name>.npy (when a chunk is dead),
                        words.json, articles.json
    <dir>/CURRENT       the name of the newest complete generation (replaced atomically)

A new generation writes only the segments it has not saved before, so an upload costs its small segment, the
counts and the article records. Readers watch CURRENT and load a generation's arrays with numpy's memory map,
as `bm25s.BM25.load(mmap=True)` does. The last KEEP generations stay on disk for readers still opening one.
"""

from __future__ import annotations

import contextlib
import json
import mmap
import os
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
from filelock import FileLock

from index.bm25 import Rows, Segment
from index.keyword_index import Snapshot

FORMAT = 1
KEEP = 3
_ARRAYS = ("indptr", "docs", "tf", "doclen")


def stamp(folder: Path) -> tuple[int, int] | None:
    """A cheap marker that changes when a new generation is published (None when none is)."""
    try:
        st = (folder / "CURRENT").stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_ino


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """One process at a time writes generations into a folder."""
    folder.mkdir(parents=True, exist_ok=True)
    with FileLock(str(folder / ".lock")):
        yield


def load(folder: Path, collection: str = "") -> Snapshot | None:
    """The newest saved generation, its arrays memory-mapped; None when there is none, it was written for
    another collection, or in another format."""
    try:
        name = (folder / "CURRENT").read_text().strip()
        gen = folder / name
        manifest = json.loads((gen / "manifest.json").read_text())
    except (OSError, ValueError):
        return None
    if manifest.get("format") != FORMAT or (collection and manifest.get("collection") != collection):
        return None
    segments = tuple(_load_segment(folder / f"seg-{s}") for s in manifest["segments"])
    live = tuple(np.load(gen / f"live-{s.name}.npy") if (gen / f"live-{s.name}.npy").exists()
                 else np.ones(len(s), bool) for s in segments)
    counts = json.loads((gen / "words.json").read_text())
    return Snapshot(segments=segments, live=live, words=Counter(counts["words"]), pairs=Counter(counts["pairs"]),
                    articles=json.loads((gen / "articles.json").read_text()), cursor=float(manifest["cursor"]),
                    applied=manifest["applied"], collection=manifest["collection"],
                    generation=int(manifest["generation"]))


def save(snap: Snapshot, folder: Path) -> Snapshot:
    """Write the segments not yet on disk and a new generation, publish it, drop old ones -> the saved
    snapshot, reloaded memory-mapped (what was built in memory is released). Call it under `locked`."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob(".tmp-*"):  # left by a save that was killed (saves hold the lock)
        shutil.rmtree(stale, ignore_errors=True)
    for seg in snap.segments:
        if not (folder / f"seg-{seg.name}").is_dir():
            _save_segment(seg, folder / f"seg-{seg.name}")
    number = max(_generations(folder) + [snap.generation]) + 1
    gen = folder / f"gen-{number:08d}"
    tmp = folder / f".tmp-gen-{number:08d}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    for seg, live in zip(snap.segments, snap.live):
        if not live.all():
            np.save(tmp / f"live-{seg.name}.npy", live)
    _write_json(tmp / "words.json", {"words": dict(snap.words), "pairs": dict(snap.pairs)})
    _write_json(tmp / "articles.json", snap.articles)
    _write_json(tmp / "manifest.json", {
        "format": FORMAT, "generation": number, "collection": snap.collection, "cursor": snap.cursor,
        "applied": snap.applied, "segments": [s.name for s in snap.segments], "chunks": snap.n_chunks})
    tmp.rename(gen)
    (folder / ".CURRENT.tmp").write_text(gen.name)
    os.replace(folder / ".CURRENT.tmp", folder / "CURRENT")
    _collect(folder)
    return load(folder) or replace(snap, generation=number)


def _save_segment(seg: Segment, dest: Path) -> None:
    tmp = dest.with_name(f".tmp-{dest.name}-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    for key in _ARRAYS:
        np.save(tmp / f"{key}.npy", np.asarray(getattr(seg, key)))
    np.save(tmp / "offsets.npy", np.asarray(seg.rows.offsets))
    with open(tmp / "rows.jsonl", "wb") as f:
        f.write(bytes(seg.rows.blob[:int(seg.rows.offsets[-1])]))  # type: ignore[index]
    _write_json(tmp / "vocab.json", seg.vocab)
    _write_json(tmp / "ids.json", {"chunks": seg.chunk_ids, "docs": seg.doc_ids})
    tmp.rename(dest)


def _load_segment(path: Path) -> Segment:
    arrays = {key: np.load(path / f"{key}.npy", mmap_mode="r") for key in _ARRAYS}
    offsets = np.load(path / "offsets.npy", mmap_mode="r")
    with open(path / "rows.jsonl", "rb") as f:
        blob: object = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if int(offsets[-1]) else b""
    ids = json.loads((path / "ids.json").read_text())
    return Segment(vocab=json.loads((path / "vocab.json").read_text()), rows=Rows(blob, offsets),
                   chunk_ids=ids["chunks"], doc_ids=ids["docs"], name=path.name[4:], saved=True, **arrays)


def _generations(folder: Path) -> list[int]:
    return sorted(int(p.name[4:]) for p in folder.glob("gen-*") if p.name[4:].isdigit())


def _collect(folder: Path) -> None:
    """Remove generations older than the last KEEP and the segments none of those names."""
    gens = _generations(folder)
    for n in gens[:-KEEP]:
        shutil.rmtree(folder / f"gen-{n:08d}", ignore_errors=True)
    used: set[str] = set()
    for n in gens[-KEEP:]:
        with contextlib.suppress(OSError, ValueError):
            used |= set(json.loads((folder / f"gen-{n:08d}" / "manifest.json").read_text())["segments"])
    for seg in folder.glob("seg-*"):
        if seg.name[4:] not in used:
            shutil.rmtree(seg, ignore_errors=True)


def _write_json(path: Path, value: object) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False, separators=(",", ":"))
