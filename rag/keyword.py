"""The keyword side of hybrid retrieval: BM25 (bm25s, through llama-index) over every stored chunk.

Built from the chunks in Chroma, so it works the same on an embedded store and a Chroma server, and rebuilt
only when the store's version stamp changes, never per query.
"""

from __future__ import annotations

import math
import threading
from collections import Counter

from llama_index.core.schema import TextNode
from llama_index.retrievers.bm25 import BM25Retriever

from index.store import Store
from rag.query import content_words


def stems(text: str) -> list[str]:
    """Text -> lightly stemmed content words. "Countries met" -> ["countrie", "met"]"""
    return [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in content_words(text)]


class KeywordIndex:
    """BM25 over the store's chunks: search(query, n) -> [(chunk row, score)]."""

    def __init__(self, store: Store):
        self.store = store
        self._version = ""
        self._retriever: BM25Retriever | None = None
        self._rows: dict[str, dict] = {}
        self._articles: dict[str, str] = {}
        self._df: Counter[str] = Counter()
        self._lock = threading.Lock()

    def refresh(self, version: str | None = None) -> None:
        """Rebuild when the store changed since the last build of this index (callers refresh once per query)."""
        version = version or self.store.version()
        if version == self._version:
            return
        with self._lock:
            if version == self._version:
                return
            rows = self.store.get_chunks()
            self._rows = {r["chunk_id"]: r for r in rows}
            by_doc: dict[str, list[str]] = {}
            for r in rows:  # ordered by document and offset
                by_doc.setdefault(r["doc_id"], []).append(r["text"])
            self._articles = {d: "\n".join(texts) for d, texts in by_doc.items()}
            # the outlet counts as vocabulary: "What did The Odessa Journal credit?" names a known thing
            self._df = Counter(w for r in rows for w in set(stems(f"{r['outlet']} {r['title']} {r['text']}")))
            nodes = [TextNode(id_=r["chunk_id"], text=f"{r['title']}\n{r['text']}") for r in rows]
            self._retriever = BM25Retriever.from_defaults(nodes=nodes, similarity_top_k=10) if nodes else None
            self._version = version

    @property
    def rows(self) -> dict[str, dict]:
        """chunk_id -> chunk row, as of the last refresh()."""
        return self._rows

    def article_text(self, doc_id: str) -> str:
        """A document's chunks joined in order ("" when unknown), as of the last refresh()."""
        return self._articles.get(doc_id, "")

    def idf(self, word: str) -> float:
        """Stemmed word -> inverse document frequency over chunks (rare words weigh more; unseen = rarest)."""
        n = max(len(self._rows), 1)
        return math.log(1 + n / (1 + self._df.get(word, 0)))

    def unknown(self, words: list[str]) -> list[str]:
        """Words no stored chunk contains (numbers excepted: "the 2023 summit" may be undated text)."""
        return [w for w in words if not w.isdigit() and self._df.get(stems(w)[0] if stems(w) else w, 0) == 0]

    def search(self, query: str, n: int) -> list[tuple[dict, float]]:
        """Query -> [(chunk row, BM25 score)], best first, as of the last refresh()."""
        if self._retriever is None or not query.strip():
            return []
        self._retriever.similarity_top_k = min(n, len(self._rows))
        hits = self._retriever.retrieve(query)
        return [(self._rows[h.node.node_id], float(h.score or 0.0)) for h in hits
                if h.node.node_id in self._rows and (h.score or 0) > 0]
