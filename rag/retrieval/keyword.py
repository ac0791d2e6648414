"""The keyword side of hybrid retrieval, as a serving process sees it: BM25 (scored as bm25s scores it) over
the store's chunks, the article records, and word counts for idf.

The index is written at ingest and saved beside the store (index/keyword_sync.py); a process loads it
memory-mapped, once. A background thread then checks every NEWSRAG_KEYWORD_POLL_S for a newer saved generation
and for new entries in the store's change log (what another process, or a Chroma server's other clients,
wrote) and swaps the result in when it is ready; a write made in this process is swapped in before the write
returns. A question reads whichever snapshot is current: it never waits for a rebuild or a load.
"""

from __future__ import annotations

import atexit
import contextlib
import math
import threading
import time
import weakref
from collections.abc import Iterator, Mapping

from index.keyword_files import load, stamp
from index.keyword_index import Snapshot
from index.keyword_sync import collection_id, follow, keep, keyword_folder, open_index, watch
from index.store import Store
from rag.question.query import content_words

SAVE_EVERY_S = 60.0  # a Chroma server's reader saves its local copy (NEWSRAG_KEYWORD_DIR) at most this often


def stems(text: str) -> list[str]:
    """Text -> lightly stemmed content words. "Countries met" -> ["countrie", "met"]"""
    return [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in content_words(text)]


class KeywordIndex:
    """BM25 over the store's chunks: search(query, n) -> [(chunk row, score)]."""

    def __init__(self, store: Store):
        self.store = store
        self._snap: Snapshot | None = None
        self._lock = threading.Lock()  # one load or update at a time; questions never take it once loaded
        self._stamp: tuple[int, int] | None = None
        self._texts: dict[str, str] = {}
        self._saved = time.monotonic()

    # --- keeping up ------------------------------------------------------------------------------------------
    def refresh(self, version: str | None = None) -> None:
        """Load the index on the first call (built from Chroma and saved once if the store has none); later
        calls return at once. `version` is accepted for callers of the old API and ignored."""
        if self._snap is not None:
            return
        with self._lock:
            if self._snap is None:
                folder = keyword_folder(self.store)
                self._stamp = stamp(folder) if folder else None
                self._swap(open_index(self.store))
                watch(self)
                _poll(self, self.store.settings.keyword_poll_s if self.store.settings else 1.0)

    def update(self) -> bool:
        """Bring the snapshot up to date: a newer saved generation loaded, new log entries applied, the result
        swapped in -> whether anything changed. Runs in the background thread (or after a local write)."""
        with self._lock:
            snap = self._snap
            if snap is None:
                return False
            folder = keyword_folder(self.store)
            now = stamp(folder) if folder else None
            if folder is not None and now != self._stamp:
                snap = load(folder, snap.collection) or snap
                self._stamp = now
            snap, applied = follow(self.store, snap, merge_saved=False)
            if applied and self.store.settings and self.store.settings.chroma_host \
                    and time.monotonic() - self._saved >= SAVE_EVERY_S:
                snap, self._saved = keep(self.store, snap), time.monotonic()
            changed = snap is not self._snap
            if changed:
                self._swap(snap.warm())
            return changed

    def on_write(self, store: Store) -> None:
        """A write made in this process (index/keyword_sync.publish): catch up now if it is our collection."""
        if self._snap is not None and collection_id(store) == self._snap.collection:
            self.update()

    def _swap(self, snap: Snapshot) -> None:
        self._snap, self._texts = snap, {}

    def _current(self) -> Snapshot:
        if self._snap is None:
            self.refresh()
        assert self._snap is not None
        return self._snap

    # --- reading ---------------------------------------------------------------------------------------------
    @property
    def rows(self) -> Mapping[str, dict]:
        """chunk_id -> chunk row, as of the current snapshot."""
        return _Rows(self._current())

    @property
    def articles(self) -> dict[str, dict]:
        """doc_id -> article metadata, as of the current snapshot."""
        return self._current().articles

    @property
    def outlets(self) -> list[str]:
        return self._current().outlets

    def article_text(self, doc_id: str) -> str:
        """A document's chunks joined in order ("" when unknown). Read from the index's rows; a document it
        does not hold yet (written a moment ago) is read from Chroma, both cached until the next swap."""
        text = self._texts.get(doc_id)
        if text is None:
            rows = self._current().doc_rows(doc_id) or self.store.get_chunks(doc_id)
            text = self._texts[doc_id] = "\n".join(r["text"] for r in rows)
        return text

    def idf(self, word: str) -> float:
        """Stemmed word -> inverse document frequency over chunks (rare words weigh more; unseen = rarest)."""
        snap = self._current()
        return math.log(1 + max(snap.n_chunks, 1) / (1 + _df(snap, word)))

    def unknown(self, words: list[str]) -> list[str]:
        """Words no stored chunk contains (numbers excepted: "the 2023 summit" may be undated text)."""
        snap = self._current()
        return [w for w in words if not w.isdigit() and _df(snap, stems(w)[0] if stems(w) else w) == 0]

    def search(self, query: str, n: int) -> list[tuple[dict, float]]:
        """Query -> [(chunk row, BM25 score)], best first, as of the current snapshot."""
        if not query.strip():
            return []
        return self._current().search(query, n)


def _df(snap: Snapshot, stem: str) -> int:
    """Chunks holding a word whose stem is `stem`: the word itself, its plural-s form, or both (counted once).
    The index counts plain words (index/ knows no stemming); the stems are this module's."""
    plain, plural = stems(stem) == [stem], stems(stem + "s") == [stem]
    both = snap.pairs.get(stem, 0) if plain and plural else 0
    return plain * snap.words.get(stem, 0) + plural * snap.words.get(stem + "s", 0) - both


class _Rows(Mapping[str, dict]):
    """A snapshot's chunk rows by chunk_id, read from its segments on demand."""

    def __init__(self, snap: Snapshot):
        self._snap = snap

    def __getitem__(self, chunk_id: str) -> dict:
        row = self._snap.row(chunk_id)
        if row is None:
            raise KeyError(chunk_id)
        return row

    def __contains__(self, chunk_id: object) -> bool:
        return chunk_id in self._snap.where

    def __iter__(self) -> Iterator[str]:
        return iter(self._snap.where)

    def __len__(self) -> int:
        return self._snap.n_chunks


# Set at interpreter exit: a poller still inside Chroma's native client while Python finalises crashes the
# process (a segmentation fault after every test had passed), so exit stops the pollers and waits for them.
_STOP = threading.Event()
_POLLERS: list[threading.Thread] = []


@atexit.register
def _stop_pollers() -> None:
    _STOP.set()
    for t in _POLLERS:
        t.join(timeout=10)


def _poll(index: KeywordIndex, every_s: float) -> None:
    """A daemon thread that updates the index every `every_s` seconds until the index is garbage or the
    interpreter exits."""
    ref = weakref.ref(index)

    def loop() -> None:
        while not _STOP.wait(every_s):
            me = ref()
            if me is None:
                return
            with contextlib.suppress(Exception):  # a store that is briefly unreachable: try again next time
                me.update()
            del me

    thread = threading.Thread(target=loop, name="newsrag-keyword", daemon=True)
    _POLLERS[:] = [t for t in _POLLERS if t.is_alive()] + [thread]
    thread.start()
