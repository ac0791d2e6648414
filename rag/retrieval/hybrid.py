"""Hybrid retrieval: dense (Chroma) + BM25, fused by reciprocal rank, filtered and boosted by the question's
outlets and dates, with syndicated copies of a passage collapsed into one that credits every outlet."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.vector_stores.types import (
    FilterOperator,
    MetadataFilter,
    MetadataFilters,
    VectorStoreQuery,
)

from index.embed import embed_query
from index.store import Store, published_int
from rag.answer import Passage
from rag.question.query import QueryHints, topic_words
from rag.retrieval.keyword import KeywordIndex, stems

RRF_K = 60
KEYWORD_WEIGHT = 1.0  # BM25's share in the fusion relative to dense (measured with eval, see README)
SAME_TEXT = 0.86  # chunk cosine above which a sibling article's chunk carries the same passage


@dataclass
class Filters:
    """What the user (or the question) restricts retrieval to."""

    outlets: list[str] | None = None
    date_from: int = 0  # yyyymmdd
    date_to: int = 0

    def allows(self, meta: dict) -> bool:
        if self.outlets and meta.get("outlet") not in self.outlets:
            return False
        day = published_int(meta.get("published", "")) if isinstance(meta.get("published"), str) else 0
        if (self.date_from or self.date_to) and not day:
            return False
        return not (self.date_from and day < self.date_from) and not (self.date_to and day > self.date_to)


class HybridRetriever:
    """Dense (Chroma) + BM25 fused by reciprocal rank; `mode="dense"` leaves BM25 out (the eval's ablation)."""

    def __init__(self, store: Store, embedder: BaseEmbedding, mode: str = "hybrid"):
        if mode not in ("hybrid", "dense"):
            raise ValueError(f"unknown retrieval mode {mode!r}")
        self.store = store
        self.embedder = embedder
        self.mode = mode
        self.keyword = KeywordIndex(store)

    def refresh(self) -> None:
        """Load the keyword index and article records on first use; later the index keeps itself up to date
        in the background (rag/retrieval/keyword.py), so this costs nothing on a question's path."""
        self.keyword.refresh()

    def articles(self) -> dict[str, dict]:
        """doc_id -> article metadata, as of the keyword index's current snapshot."""
        return self.keyword.articles

    def outlets(self) -> list[str]:
        self.refresh()
        return self.keyword.outlets

    def retrieve(self, query: str, k: int = 6, filters: Filters | None = None,
                 hints: QueryHints | None = None) -> tuple[list[Passage], dict]:
        """Query -> top-k passages (best first) and timings."""
        t0 = time.perf_counter()
        self.refresh()
        filters = filters or Filters()
        if hints and hints.outlets and not filters.outlets:
            filters = Filters(outlets=hints.outlets, date_from=filters.date_from, date_to=filters.date_to)
        n = max(30, 4 * k)
        q_vec = np.array(embed_query(self.embedder, query), dtype=np.float32)
        dense = self._dense(q_vec, n, filters)
        keyword = [] if self.mode == "dense" else [
            (row, s) for row, s in self.keyword.search(query, 2 * n) if filters.allows(row)][:n]
        fused = self._fuse(dense, keyword, hints)
        vectors = self._vectors([cid for cid, _ in fused[: 3 * k]], dense)
        passages = []
        for cid, score in fused[: 3 * k]:
            row = self.keyword.rows.get(cid) or next((r for r, _ in dense.values() if r["chunk_id"] == cid), None)
            if row is None or row["doc_id"] not in self.articles():
                continue  # a half-indexed document (build interrupted): never cite it
            vec = vectors.get(cid)
            cos = float(vec @ q_vec) if vec is not None else 0.0
            passages.append(_passage(row, score, cos))
        passages = self._collapse(passages, vectors)[:k]
        return passages, {"retrieve_s": round(time.perf_counter() - t0, 4)}

    def _dense(self, q_vec: np.ndarray, n: int, filters: Filters) -> dict[str, tuple[dict, float]]:
        result = self.store.vector_store.query(
            VectorStoreQuery(query_embedding=q_vec.tolist(), similarity_top_k=n, filters=_chroma_filters(filters))
        )
        out = {}
        for node, sim in zip(result.nodes or [], result.similarities or []):
            meta = node.metadata
            row = {**{k: meta.get(k, "") for k in ("doc_id", "outlet", "title", "author", "published", "url")},
                   "chunk_id": node.node_id, "text": node.get_content(), "start": int(meta.get("start", 0)),
                   "end": int(meta.get("end", 0))}
            if filters.allows(row):
                out[node.node_id] = (row, 1.0 + math.log(max(sim, 1e-9)))  # exp(-cos distance) -> cosine
        return out

    def _fuse(self, dense: dict, keyword: list, hints: QueryHints | None) -> list[tuple[str, float]]:
        scores: dict[str, float] = {}
        for rank, (cid, _) in enumerate(sorted(dense.items(), key=lambda kv: -kv[1][1])):
            scores[cid] = scores.get(cid, 0.0) + 1.0 / (RRF_K + rank + 1)
        for rank, (row, _) in enumerate(keyword):
            scores[row["chunk_id"]] = scores.get(row["chunk_id"], 0.0) + KEYWORD_WEIGHT / (RRF_K + rank + 1)
        if hints and (hints.date_from or hints.years):
            rows = {**{cid: r for cid, (r, _) in dense.items()}, **{r["chunk_id"]: r for r, _ in keyword}}
            for cid in scores:
                scores[cid] *= _date_boost(rows[cid].get("published", ""), hints)
        return sorted(scores.items(), key=lambda kv: -kv[1])

    def _vectors(self, ids: list[str], dense: dict) -> dict[str, np.ndarray]:
        if not ids:
            return {}
        got = self.store.chunks.get(ids=ids, include=["embeddings"])
        return {i: np.array(e, dtype=np.float32) for i, e in zip(got["ids"], got["embeddings"])}

    def _collapse(self, passages: list[Passage], vectors: dict[str, np.ndarray]) -> list[Passage]:
        """Near-duplicate passages of one story -> the best-ranked one, crediting every outlet that carried it."""
        articles = self.articles()
        kept: list[Passage] = []
        for p in passages:
            story = articles.get(p.doc_id, {}).get("story", "")
            # a passage whose twin already carries another chunk of the same article stays a passage of its
            # own: dropping it would lose what only that chunk says ("took office in November 2022")
            twin = next((q for q in kept if story and articles.get(q.doc_id, {}).get("story") == story
                         and q.doc_id != p.doc_id and _similar(vectors, p.chunk_id, q.chunk_id)
                         and all(c["doc_id"] != p.doc_id for c in q.also)), None)
            if twin is None:
                kept.append(p)
            else:
                twin.also.append({**p.source_dict(), "score": p.score})
        return kept


def relevance(question: str, passage: Passage, idf: Callable[[str], float] = lambda w: 1.0) -> float:
    """How well a passage answers a question: 0.6 x dense cosine + 0.4 x idf-weighted share of the question's
    words it contains. Dense cosine alone is too flat for MiniLM on short questions, and a rare question word
    the passage lacks ("Uber", "Olympics") is the clearest sign it is off-topic.
    ("When did Luxon take office?", passage with "Luxon ... took office", cosine 0.23) -> about 0.4
    """
    asked = set(stems(" ".join(topic_words(question))))  # "Which outlet reported ..." asks about what follows
    if not asked:
        return 0.6 * passage.dense
    have = set(stems(passage.title + " " + passage.text))
    total = sum(idf(w) for w in asked)
    coverage = sum(idf(w) for w in asked & have) / total if total else 0.0
    return 0.6 * passage.dense + 0.4 * coverage


def _similar(vectors: dict[str, np.ndarray], a: str, b: str) -> bool:
    va, vb = vectors.get(a), vectors.get(b)
    return va is not None and vb is not None and float(va @ vb) >= SAME_TEXT


def _passage(row: dict, score: float, cos: float) -> Passage:
    return Passage(doc_id=row["doc_id"], chunk_id=row["chunk_id"], text=row["text"], start=int(row["start"]),
                   end=int(row["end"]), outlet=row.get("outlet", ""), title=row.get("title", ""),
                   published=row.get("published", ""), author=row.get("author", ""), url=row.get("url", ""),
                   score=score, dense=cos)


def _date_boost(published: str, hints: QueryHints) -> float:
    """Question dates disfavour articles published at a clashing date; matching and undated ones stay neutral,
    because a year in a question ("the 2024 NATO summit") often names the event, not the publication."""
    day = published_int(published)
    if not day:
        return 1.0
    if hints.date_from and hints.date_from <= day <= (hints.date_to or day):
        return 1.0
    if hints.years and day // 10000 in hints.years:
        return 1.0
    return 0.75


def _chroma_filters(filters: Filters) -> MetadataFilters | None:
    items = []
    if filters.outlets:
        items.append(MetadataFilter(key="outlet", value=filters.outlets, operator=FilterOperator.IN))
    if filters.date_from:
        items.append(MetadataFilter(key="published_int", value=filters.date_from, operator=FilterOperator.GTE))
    if filters.date_to:
        items.append(MetadataFilter(key="published_int", value=filters.date_to, operator=FilterOperator.LTE))
    return MetadataFilters(filters=items) if items else None
