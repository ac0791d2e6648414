"""Shared by the keyword index tests: the ranking before the saved index (llama-index's BM25Retriever rebuilt
over the same chunks), a comparison that allows only ties to differ, and an article to add."""

from __future__ import annotations

from pathlib import Path

import pytest
from llama_index.core.schema import TextNode
from llama_index.retrievers.bm25 import BM25Retriever

FERRY_ID = "ferry_strike"
FERRY = ("Harbour Tribune\n\nZebracorn ferry strike ends in Wellington\n\nThe zebracorn ferry strike in Wellington "
         "ended on Monday after the union and the operator agreed on pay. Ferries between Wellington and Picton "
         "will run on the normal timetable from Tuesday, the operator said.\n")


def ferry_folder(parent: Path) -> Path:
    """A folder holding one new article (outlet Harbour Tribune, by its sidecar)."""
    folder = parent / "new"
    folder.mkdir()
    (folder / f"{FERRY_ID}.txt").write_text(FERRY)
    (folder / "metadata.toml").write_text(f'["{FERRY_ID}"]\noutlet = "Harbour Tribune"\n')
    return folder


def rebuilt_ranking(rows: list[dict], query: str, n: int = 20) -> dict[str, float]:
    """chunk_id -> score from a BM25 index rebuilt over `rows`, as the code before the saved index did."""
    nodes = [TextNode(id_=r["chunk_id"], text=f"{r['title']}\n{r['text']}") for r in rows]
    hits = BM25Retriever.from_defaults(nodes=nodes, similarity_top_k=min(n, len(nodes))).retrieve(query)
    return {h.node.node_id: float(h.score) for h in hits if (h.score or 0) > 0}


def assert_same_ranking(ours: dict[str, float], ref: dict[str, float]) -> None:
    """The same scores in the same order; only chunks tied at the last place may differ."""
    assert sorted(ours.values(), reverse=True) == pytest.approx(sorted(ref.values(), reverse=True), rel=1e-4)
    assert all(ours[c] == pytest.approx(ref[c], rel=1e-4) for c in ours.keys() & ref.keys())
    assert len(ours.keys() & ref.keys()) >= len(ref) - 1
