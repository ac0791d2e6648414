"""A store's keyword index as one immutable value, and the pure step that moves it forward.

A Snapshot holds BM25 segments (index/bm25.py) with a live mask each (deleted chunks stop matching at once;
their space is reclaimed when the segment is merged), the plain-word chunk counts readers turn into idf, the
article records, and how far into the change log (index/changelog.py) it reaches. `apply` tokenises only the
chunks of the documents a Delta names; segments are merged by size, so an upload touches a small segment and
the large one is rewritten about once each time the corpus doubles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from index.bm25 import Segment, build_segment, chunk_words, merge_segments, plural_pairs, search
from index.changelog import LAG_S, Change

MAX_SEGMENT = 250_000  # chunks; larger segments are not merged further (a merge's memory stays bounded)
DEAD_SHARE = 0.25  # a segment with more dead chunks than this is rewritten without them


@dataclass
class Delta:
    """What changed: doc_id -> its chunk rows now ([] when gone), doc_id -> its article record now (None when
    gone), and the change-log entries it covers."""

    rows: dict[str, list[dict]] = field(default_factory=dict)
    articles: dict[str, dict | None] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)


@dataclass(frozen=True, eq=False)
class Snapshot:
    segments: tuple[Segment, ...] = ()
    live: tuple[np.ndarray, ...] = ()
    words: Counter = field(default_factory=Counter)  # plain word -> live chunks holding it
    pairs: Counter = field(default_factory=Counter)  # word -> live chunks holding it and its plural-s form
    articles: dict[str, dict] = field(default_factory=dict)  # doc_id -> article metadata
    cursor: float = 0.0  # the newest change-log stamp seen when the log was last read
    applied: dict[str, float] = field(default_factory=dict)  # entries applied within LAG_S of the cursor
    collection: str = ""  # id of the chunk collection it indexes
    generation: int = 0  # on-disk generation it was loaded from or saved as (0: never saved)

    @cached_property
    def where(self) -> dict[str, tuple[int, int]]:
        """chunk_id -> (segment, position) of every live chunk."""
        return {seg.chunk_ids[p]: (si, int(p)) for si, (seg, live) in enumerate(zip(self.segments, self.live))
                for p in np.flatnonzero(live)}

    @cached_property
    def by_doc(self) -> dict[str, list[tuple[int, int]]]:
        out: dict[str, list[tuple[int, int]]] = {}
        for si, (seg, live) in enumerate(zip(self.segments, self.live)):
            for p in np.flatnonzero(live):
                out.setdefault(seg.doc_ids[p], []).append((si, int(p)))
        return out

    @cached_property
    def n_chunks(self) -> int:
        return sum(int(live.sum()) for live in self.live)

    @cached_property
    def outlets(self) -> list[str]:
        return sorted({a["outlet"] for a in self.articles.values() if a.get("outlet") not in ("", "unknown")})

    def warm(self) -> Snapshot:
        """Compute the lookups before the snapshot is swapped in, so no question pays for them."""
        _ = self.where, self.by_doc, self.n_chunks, self.outlets
        return self

    def row(self, chunk_id: str) -> dict | None:
        at = self.where.get(chunk_id)
        return None if at is None else self.segments[at[0]].rows[at[1]]

    def doc_rows(self, doc_id: str) -> list[dict]:
        """A document's live chunk rows in text order."""
        rows = [self.segments[si].rows[p] for si, p in self.by_doc.get(doc_id, ())]
        return sorted(rows, key=lambda r: int(r.get("start", 0)))

    def search(self, query: str, n: int) -> list[tuple[dict, float]]:
        """Query -> [(chunk row, BM25 score)], best first."""
        hits = search(list(zip(self.segments, self.live)), query, n)
        return [(self.segments[si].rows[p], score) for si, p, score in hits]

    def covers(self, change: Change) -> bool:
        """Whether this change-log entry is already in the snapshot."""
        return change.id in self.applied or change.at < self.cursor - LAG_S


def advanced(snap: Snapshot, cursor: float) -> Snapshot:
    """The same snapshot with a newer cursor (its lookups kept: nothing else changed)."""
    moved = replace(snap, cursor=cursor, applied={k: at for k, at in snap.applied.items() if at >= cursor - LAG_S})
    moved.__dict__.update({k: v for k, v in snap.__dict__.items() if k in ("where", "by_doc", "n_chunks", "outlets")})
    return moved


def extend(snap: Snapshot, rows: Sequence[dict]) -> Snapshot:
    """Rows of documents the snapshot does not hold yet -> one more segment (a scan of the store, page by page)."""
    if not rows:
        return snap
    words, pairs = Counter(snap.words), Counter(snap.pairs)
    for r in rows:
        _count(words, pairs, r, 1)
    seg = build_segment(rows)
    return replace(snap, segments=snap.segments + (seg,), live=snap.live + (np.ones(len(seg), bool),),
                   words=words, pairs=pairs)


def apply(snap: Snapshot, delta: Delta, cursor: float | None = None, merge_saved: bool = True) -> Snapshot:
    """Snapshot + Delta -> the next snapshot: the named documents' old chunks marked dead, their new chunks in a
    new segment, their records replaced. `cursor`: the newest log stamp the caller read. `merge_saved=False`
    leaves segments that are on disk alone (a reader never copies a memory-mapped segment into memory)."""
    live = list(snap.live)
    words, pairs = Counter(snap.words), Counter(snap.pairs)
    copied: set[int] = set()
    for doc in delta.rows:
        for si, p in snap.by_doc.get(doc, ()):
            if si not in copied:
                live[si] = live[si].copy()
                copied.add(si)
            live[si][p] = False
            _count(words, pairs, snap.segments[si].rows[p], -1)
    segments = list(snap.segments)
    fresh = [r for rows in delta.rows.values() for r in rows]
    if fresh:
        segments.append(build_segment(fresh))
        live.append(np.ones(len(fresh), bool))
        for r in fresh:
            _count(words, pairs, r, 1)
    segments, live = tidy(segments, live, merge_saved)
    articles = dict(snap.articles)
    for doc, record in delta.articles.items():
        if record is None:
            articles.pop(doc, None)
        else:
            articles[doc] = record
    cursor = max(snap.cursor, cursor or 0.0)
    applied = {k: at for k, at in {**snap.applied, **{c.id: c.at for c in delta.changes}}.items()
               if at >= cursor - LAG_S}
    return replace(snap, segments=tuple(segments), live=tuple(live), words=+words, pairs=+pairs,
                   articles=articles, cursor=cursor, applied=applied)


def tidy(segments: list[Segment], live: list[np.ndarray], merge_saved: bool = True
         ) -> tuple[list[Segment], list[np.ndarray]]:
    """Drop empty segments, rewrite those mostly dead, and merge the newest into the one before while it has
    at least half as many live chunks: about log2(corpus / upload) segments, each chunk merged ~log2 times."""
    def mergeable(i: int) -> bool:
        return (merge_saved or not segments[i].saved) and int(live[i].sum()) <= MAX_SEGMENT

    keep = [i for i in range(len(segments)) if live[i].any()]
    segments, live = [segments[i] for i in keep], [live[i] for i in keep]
    for i in range(len(segments)):
        if mergeable(i) and (~live[i]).sum() > DEAD_SHARE * len(live[i]):
            segments[i] = merge_segments([(segments[i], live[i])])
            live[i] = np.ones(len(segments[i]), bool)
    while (len(segments) > 1 and mergeable(-1) and mergeable(-2)
           and 2 * int(live[-1].sum()) >= int(live[-2].sum())):
        merged = merge_segments([(segments[-2], live[-2]), (segments[-1], live[-1])])
        segments[-2:], live[-2:] = [merged], [np.ones(len(merged), bool)]
    return segments, live


def _count(words: Counter, pairs: Counter, row: dict, sign: int) -> None:
    found = chunk_words(row)
    words.update({w: sign for w in found})
    pairs.update({w: sign for w in plural_pairs(found)})
