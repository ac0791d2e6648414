"""The keyword index's pure core: BM25 segments scored as bm25s scores one index, deletes, merges, saving."""

from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pytest

from index.bm25 import build_segment, chunk_words, merge_segments
from index.changelog import LAG_S, Change
from index.keyword_files import load, save
from index.keyword_index import Delta, Snapshot, apply, tidy
from tests.keyword_helpers import assert_same_ranking, rebuilt_ranking

WORDS = ("summit leaders trade nuclear ferry strike minister talks election harbour tariff drought market "
         "missile treaty agency flood court ruling budget vaccine").split()


def _rows(n: int, seed: int = 1, prefix: str = "d") -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 30)))
        rows.append({"chunk_id": f"{prefix}{i}:0000", "doc_id": f"{prefix}{i}", "title": f"Report {prefix}{i}",
                     "outlet": "Bench", "text": text, "start": 0, "end": len(text)})
    return rows


def _ours(snap: Snapshot, query: str, n: int) -> dict[str, float]:
    return {row["chunk_id"]: score for row, score in snap.search(query, n)}


QUERIES = ["ferry strike in the harbour", "nuclear summit leaders", "court ruling on the budget budget", "xyzzy"]


@pytest.mark.parametrize("query", QUERIES)
def test_segments_rank_as_one_bm25s_index_of_the_same_chunks(query):
    rows = _rows(120)
    one = Snapshot(segments=(build_segment(rows),), live=(np.ones(120, bool),))
    parts = [build_segment(rows[:50]), build_segment(rows[50:90]), build_segment(rows[90:])]
    three = Snapshot(segments=tuple(parts), live=tuple(np.ones(len(p), bool) for p in parts))
    ref = rebuilt_ranking(rows, query, 30)
    assert_same_ranking(_ours(one, query, 30), ref)
    assert_same_ranking(_ours(three, query, 30), ref)


def test_a_merged_segment_equals_one_built_from_its_live_chunks():
    rows = _rows(60)
    a, b = build_segment(rows[:30]), build_segment(rows[30:])
    live_a, live_b = np.ones(30, bool), np.ones(30, bool)
    live_a[[1, 5, 7]] = False
    merged = merge_segments([(a, live_a), (b, live_b)])
    kept = [r for i, r in enumerate(rows) if not (i < 30 and not live_a[i])]
    fresh = build_segment(kept)
    assert merged.vocab == fresh.vocab and merged.chunk_ids == fresh.chunk_ids
    for key in ("indptr", "docs", "tf", "doclen"):
        assert np.array_equal(getattr(merged, key), getattr(fresh, key)), key
    assert [merged.rows[i] for i in range(len(merged))] == kept


def test_added_and_removed_documents_change_the_ranking_as_a_rebuild_would():
    rows = _rows(80)
    snap = apply(Snapshot(), Delta(rows={r["doc_id"]: [r] for r in rows}))
    added = {"chunk_id": "new:0000", "doc_id": "new", "title": "Ferry strike", "outlet": "Harbour Tribune",
             "text": "ferry strike ferry harbour", "start": 0, "end": 26}
    gone = [r["doc_id"] for r in rows[:10]]
    snap = apply(snap, Delta(rows={"new": [added], **{d: [] for d in gone}}))
    current = [r for r in rows[10:]] + [added]
    for query in QUERIES:
        assert_same_ranking(_ours(snap, query, 20), rebuilt_ranking(current, query, 20))
    assert snap.n_chunks == 71 and snap.row(rows[0]["chunk_id"]) is None
    assert not any(row["doc_id"] in gone for row, _ in snap.search(" ".join(WORDS), 100))
    assert snap.words == Counter(w for r in current for w in chunk_words(r))  # counts follow the deletes


def test_an_update_tokenises_only_the_documents_it_names():
    rows = _rows(400)
    snap = apply(Snapshot(), Delta(rows={r["doc_id"]: [r] for r in rows}))
    main = snap.segments[0]
    after = apply(snap, Delta(rows={"d3": [dict(rows[3], text="drought flood")]}))
    assert after.segments[0] is main  # the large segment is kept as it is: only a dead mark for d3's old chunk
    assert len(after.segments) == 2 and len(after.segments[1]) == 1
    found = [r for r, _ in after.search(rows[3]["text"] + " drought flood", 400) if r["doc_id"] == "d3"]
    assert [r["text"] for r in found] == ["drought flood"]  # the new text matches, the old chunk no longer


def test_merging_keeps_the_segment_count_logarithmic():
    snap = Snapshot()
    for i in range(64):
        snap = apply(snap, Delta(rows={f"u{i}": _rows(1, seed=i, prefix=f"u{i}-")}))
    assert 1 <= len(snap.segments) <= 7  # 64 one-chunk uploads
    assert snap.n_chunks == 64


def test_mostly_dead_segments_are_rewritten_and_empty_ones_dropped():
    a, b = build_segment(_rows(40)), build_segment(_rows(10, prefix="e"))
    live_a, live_b = np.ones(40, bool), np.zeros(10, bool)
    live_a[:20] = False
    segments, live = tidy([a, b], [live_a, live_b])
    assert len(segments) == 1 and len(segments[0]) == 20 and live[0].all()


def test_a_saved_snapshot_loads_memory_mapped_and_searches_the_same(tmp_path):
    rows = _rows(50)
    snap = apply(Snapshot(collection="c1"), Delta(rows={r["doc_id"]: [r] for r in rows},
                                                  articles={r["doc_id"]: {"outlet": "Bench"} for r in rows}))
    snap = apply(snap, Delta(rows={"d0": []}, articles={"d0": None}))
    saved = save(snap, tmp_path / "kw")
    loaded = load(tmp_path / "kw", "c1")
    assert loaded is not None and loaded.generation == saved.generation == 1
    assert isinstance(loaded.segments[0].docs, np.memmap)
    for query in QUERIES:
        assert _ours(loaded, query, 20) == pytest.approx(_ours(snap, query, 20))
    assert loaded.articles.keys() == snap.articles.keys() and "d0" not in loaded.articles
    assert loaded.words == snap.words and loaded.n_chunks == 49
    assert load(tmp_path / "kw", "another collection") is None


def test_old_generations_are_dropped_and_their_segments_with_them(tmp_path):
    snap = Snapshot()
    for i in range(6):
        snap = save(apply(snap, Delta(rows={f"g{i}": _rows(1, seed=i, prefix=f"g{i}-")})), tmp_path)
    assert len(list(tmp_path.glob("gen-*"))) == 3 and (tmp_path / "CURRENT").read_text() == "gen-00000006"
    names = {p.name[4:] for p in tmp_path.glob("seg-*")}
    assert {s.name for s in snap.segments} <= names
    assert load(tmp_path).n_chunks == 6


def test_a_change_is_covered_once_applied_or_when_older_than_the_lag():
    snap = apply(Snapshot(), Delta(changes=[Change("a", 1000.0, "docs", ("x",))]), cursor=1000.0)
    assert snap.covers(Change("a", 1000.0, "docs", ("x",)))
    assert not snap.covers(Change("b", 999.0, "docs", ("y",)))  # within the lag: another writer's, late
    assert snap.covers(Change("c", 1000.0 - LAG_S - 1, "docs", ("z",)))
