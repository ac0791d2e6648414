"""BM25 over segments, scored as bm25s scores it (Lucene's variant, its tokenizer and English stemmer).

bm25s saves an index as precomputed scores (idf x term weight), which fixes the corpus statistics at build
time: a segment added later could not share them. A segment here keeps raw term frequencies in bm25s's CSC
layout (one `.npy` array each, memory-mapped on load like `bm25s.BM25.load(mmap=True)`), and the idf and the
average length are computed at query time over the live chunks of every segment, so a main segment plus small
delta segments (minus deleted chunks) rank exactly as one index rebuilt over the same chunks.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import bm25s
import numpy as np
import Stemmer

K1, B = 1.5, 0.75  # bm25s's defaults, as llama-index's BM25Retriever uses them
_STEMMER = Stemmer.Stemmer("english")
_WORD = re.compile(r"[a-z0-9]+")


def tokenize(texts: list[str]) -> tuple[list[list[int]], dict[str, int]]:
    """Texts -> (token ids per text, vocabulary): bm25s's tokenizer, English stopwords and stemmer."""
    out = bm25s.tokenize(texts, stopwords="en", stemmer=_STEMMER, show_progress=False)
    return out.ids, out.vocab


def query_tokens(query: str) -> list[str]:
    """A query -> its stemmed tokens, repeats kept (bm25s counts a repeated query word twice).
    "Countries that met" -> ["countri", "met"]"""
    ids, vocab = tokenize([query])
    words = {i: w for w, i in vocab.items()}
    return [words[i] for i in ids[0]]


def keyword_text(row: dict) -> str:
    """What BM25 indexes for a chunk: its headline, then its text."""
    return f"{row.get('title', '')}\n{row.get('text', '')}"


def chunk_words(row: dict) -> set[str]:
    """The plain lowercase words of a chunk (outlet, headline, text): the vocabulary readers count
    document frequencies over. {"outlet": "Bench", "title": "Talks", "text": "Seoul talks"} -> {"bench", "talks", "seoul"}"""
    return set(_WORD.findall(f"{row.get('outlet', '')} {row.get('title', '')} {row.get('text', '')}".lower()))


def plural_pairs(words: set[str]) -> list[str]:
    """The words that occur with their plural-s form in the same chunk ({"summit", "summits"} -> ["summit"]):
    with them a reader that folds plurals counts a chunk once, not twice."""
    return [w for w in words if w + "s" in words]


class Rows:
    """Chunk rows stored as JSON lines in one buffer (bytes, or a memory-mapped file) with their offsets."""

    def __init__(self, blob: bytes | memoryview | object, offsets: np.ndarray):
        self.blob = blob
        self.offsets = offsets

    @classmethod
    def of(cls, rows: Sequence[dict]) -> Rows:
        lines = [json.dumps(r, ensure_ascii=False).encode() for r in rows]
        return cls(b"".join(lines), np.concatenate([[0], np.cumsum([len(x) for x in lines])]).astype(np.int64))

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def raw(self, i: int) -> bytes:
        return bytes(self.blob[int(self.offsets[i]):int(self.offsets[i + 1])])  # type: ignore[index]

    def __getitem__(self, i: int) -> dict:
        return json.loads(self.raw(i))


@dataclass
class Segment:
    """An immutable run of chunks: term postings (CSC: indptr over the sorted vocabulary, chunk positions,
    term frequencies), token counts per chunk, the chunk rows, and their chunk and document ids."""

    vocab: list[str]
    indptr: np.ndarray
    docs: np.ndarray
    tf: np.ndarray
    doclen: np.ndarray
    rows: Rows
    chunk_ids: list[str]
    doc_ids: list[str]
    name: str = field(default_factory=lambda: uuid.uuid4().hex[:16])
    saved: bool = False

    def __len__(self) -> int:
        return len(self.chunk_ids)

    @cached_property
    def terms(self) -> dict[str, int]:
        return {t: i for i, t in enumerate(self.vocab)}

    def postings(self, token: str) -> tuple[np.ndarray, np.ndarray]:
        """token -> (chunk positions, term frequencies); empty arrays when the segment lacks it."""
        i = self.terms.get(token)
        if i is None:
            return np.empty(0, np.int32), np.empty(0, np.float32)
        lo, hi = int(self.indptr[i]), int(self.indptr[i + 1])
        return np.asarray(self.docs[lo:hi]), np.asarray(self.tf[lo:hi])


def build_segment(rows: Sequence[dict]) -> Segment:
    """Chunk rows -> a segment over their keyword text (tokenised once, here and never again)."""
    ids, vocab = tokenize([keyword_text(r) for r in rows])
    order = sorted(vocab)
    remap = np.empty(max(len(vocab), 1), np.int64)
    remap[[vocab[t] for t in order]] = np.arange(len(order))
    lengths = np.array([len(x) for x in ids], np.int64)
    flat = remap[np.fromiter((t for x in ids for t in x), np.int64, int(lengths.sum()))]
    owner = np.repeat(np.arange(len(rows), dtype=np.int64), lengths)
    return _assemble(order, flat, owner, lengths, Rows.of(rows),
                     [r["chunk_id"] for r in rows], [r["doc_id"] for r in rows])


def merge_segments(parts: Sequence[tuple[Segment, np.ndarray]]) -> Segment:
    """[(segment, live mask)] -> one segment of their live chunks, without tokenising anything again."""
    vocab = sorted(set().union(*(s.vocab for s, _ in parts)))
    index = {t: i for i, t in enumerate(vocab)}
    terms, owners, counts, lengths, raws, chunk_ids, doc_ids = [], [], [], [], [], [], []
    base = 0
    for seg, live in parts:
        new_pos = np.cumsum(live) - 1 + base
        term_of = np.repeat(np.array([index[t] for t in seg.vocab], np.int64), np.diff(np.asarray(seg.indptr)))
        docs = np.asarray(seg.docs)
        keep = live[docs]
        terms.append(term_of[keep])
        owners.append(new_pos[docs[keep]])
        counts.append(np.asarray(seg.tf)[keep])
        lengths.append(np.asarray(seg.doclen)[live])
        kept = np.flatnonzero(live)
        raws += [seg.rows.raw(int(i)) for i in kept]
        chunk_ids += [seg.chunk_ids[i] for i in kept]
        doc_ids += [seg.doc_ids[i] for i in kept]
        base += len(kept)
    blob = b"".join(raws)
    offsets = np.concatenate([[0], np.cumsum([len(x) for x in raws])]).astype(np.int64)
    return _assemble(vocab, _cat(terms, np.int64), _cat(owners, np.int64), _cat(lengths, np.int64),
                     Rows(blob, offsets), chunk_ids, doc_ids, _cat(counts, np.float32))


def _assemble(vocab: list[str], terms: np.ndarray, owners: np.ndarray, lengths: np.ndarray, rows: Rows,
              chunk_ids: list[str], doc_ids: list[str], counts: np.ndarray | None = None) -> Segment:
    """(term, chunk[, count]) pairs -> CSC arrays sorted by term then chunk, repeated pairs summed; terms
    left with no chunk (those of dead chunks) are dropped from the vocabulary."""
    n = max(len(chunk_ids), 1)
    keys = terms * n + owners
    weights = np.ones(len(keys), np.float32) if counts is None else counts
    uniq, inverse = np.unique(keys, return_inverse=True)
    tf = np.bincount(inverse, weights=weights, minlength=len(uniq)).astype(np.float32)
    present, term_of = np.unique(uniq // n, return_inverse=True)
    indptr = np.searchsorted(term_of, np.arange(len(present) + 1)).astype(np.int64)
    return Segment([vocab[t] for t in present], indptr, (uniq % n).astype(np.int32), tf,
                   lengths.astype(np.int32), rows, chunk_ids, doc_ids)


def _cat(arrays: list[np.ndarray], dtype: type) -> np.ndarray:
    return np.concatenate(arrays).astype(dtype) if arrays else np.empty(0, dtype)


def search(parts: Sequence[tuple[Segment, np.ndarray]], query: str, n: int) -> list[tuple[int, int, float]]:
    """[(segment, live mask)] + query -> [(segment index, chunk position, score)], best first, scores > 0.

    idf = log(1 + (N - df + 0.5) / (df + 0.5)) and the average length are taken over the live chunks of all
    segments, so the result is the one bm25s gives on a single index of those chunks.
    """
    counts = Counter(query_tokens(query))
    n_live = sum(int(live.sum()) for _, live in parts)
    if not counts or not n_live or n <= 0:
        return []
    avg_len = sum(float(np.asarray(s.doclen)[live].sum()) for s, live in parts) / n_live
    scores = [np.zeros(len(s), np.float64) for s, _ in parts]
    for token, times in counts.items():
        hits = []
        for seg, live in parts:
            docs, tf = seg.postings(token)
            keep = live[docs]
            hits.append((docs[keep], tf[keep]))
        df = sum(len(d) for d, _ in hits)
        if not df:
            continue
        idf = math.log(1 + (n_live - df + 0.5) / (df + 0.5))
        for (seg, _), (docs, tf), acc in zip(parts, hits, scores):
            norm = K1 * ((1 - B) + B * np.asarray(seg.doclen)[docs] / avg_len)
            np.add.at(acc, docs, times * idf * tf / (norm + tf))
    found = [(si, int(p), float(acc[p])) for si, acc in enumerate(scores) for p in _top(acc, n)]
    return sorted(found, key=lambda x: (-x[2], x[0], x[1]))[:n]


def _top(scores: np.ndarray, n: int) -> Iterable[int]:
    hits = np.flatnonzero(scores > 0)
    if len(hits) > n:
        hits = hits[np.argpartition(-scores[hits], n - 1)[:n]]
    return hits
