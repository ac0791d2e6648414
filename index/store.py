"""The Chroma store: chunk vectors (through llama-index's ChromaVectorStore) and one record per article.

Two collections per store: `<name>_chunks` holds chunk vectors and their metadata; `<name>_articles` holds each
article's cleaned text and metadata with a lead-paragraph vector, and is written last for a document, so it
marks the document complete. Chroma's own default embedder never runs: vectors are always supplied.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import chromadb
from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode
from llama_index.vector_stores.chroma import ChromaVectorStore

from index.article import Article, Chunk
from index.changelog import ChangeLog
from index.errors import StoreError, UserError
from index.settings import Settings

ARTICLE_FIELDS = ("doc_id", "title", "outlet", "author", "published", "url", "credit", "source_path",
                  "story", "carried_by")
_PAGE = 5000  # rows per Chroma get(): large stores are read in pages
_IDS = 500  # ids per Chroma get(ids=...) or $in filter


def published_int(published: str) -> int:
    """"2024-09-04" -> 20240904, "2024-09" -> 20240900, "" -> 0 (Chroma range filters need numbers)."""
    digits = published.replace("-", "")[:8]
    return int(digits.ljust(8, "0")) if digits.isdigit() else 0


@dataclass
class DocState:
    doc_id: str
    content_hash: str
    n_chunks: int


def open_client(settings: Settings) -> Any:
    """Settings -> a Chroma client: HttpClient when NEWSRAG_CHROMA_HOST is set, else PersistentClient."""
    try:
        if settings.chroma_host:
            return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port,
                                       settings=chromadb.Settings(anonymized_telemetry=False))
        settings.store.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.store),
                                         settings=chromadb.Settings(anonymized_telemetry=False))
    except Exception as err:
        where = f"{settings.chroma_host}:{settings.chroma_port}" if settings.chroma_host else str(settings.store)
        raise StoreError(f"cannot open the Chroma store at {where}: {_one_line(err)}") from None


def require_store(settings: Settings) -> None:
    """Readers of an embedded store: StoreError when the folder holds no index, instead of quietly creating an
    empty one (a mistyped --store would otherwise answer "not covered" to everything)."""
    if not settings.chroma_host and not (settings.store / "chroma.sqlite3").is_file():
        raise UserError(f"no index at {settings.store}: build one with `python -m index build --store {settings.store}`")


class Store:
    """One newsrag store: articles and chunks in Chroma, and the change log every write appends to."""

    def __init__(self, client: Any, name: str, embed_model: str, settings: Settings | None = None):
        self.client = client
        self.name = name
        self.settings = settings
        try:
            self.chunks = client.get_or_create_collection(
                f"{name}_chunks", embedding_function=None,
                metadata={"hnsw:space": "cosine", "embed_model": embed_model},
            )
            self.articles = client.get_or_create_collection(
                f"{name}_articles", embedding_function=None, metadata={"hnsw:space": "cosine"},
            )
            self.log = ChangeLog(client, name)
        except Exception as err:
            raise StoreError(f"cannot open collections {name}_*: {_one_line(err)}") from None
        stored = (self.chunks.metadata or {}).get("embed_model")
        if stored and stored != embed_model:
            raise StoreError(f"this store was embedded with {stored}, not {embed_model}: "
                             "use another NEWSRAG_STORE or rebuild it")
        self.vector_store = ChromaVectorStore(chroma_collection=self.chunks)

    @classmethod
    def open(cls, settings: Settings) -> Store:
        return cls(open_client(settings), settings.collection, settings.embed, settings)

    # --- reading ---------------------------------------------------------------------------------------------
    def version(self) -> str:
        """A stamp that changes whenever a build writes: readers cache keyword indexes on it."""
        # Re-read: a Collection caches its metadata, and another process (or Store) may have bumped it.
        meta = self.client.get_collection(self.articles.name).metadata or {}
        return f"{meta.get('version', 0)}:{self.chunks.count()}:{self.articles.count()}"

    def article_states(self) -> dict[str, DocState]:
        return {
            m["doc_id"]: DocState(m["doc_id"], m.get("content_hash", ""), int(m.get("n_chunks", 0)))
            for m in self._all(self.articles, ["metadatas"])["metadatas"]
        }

    def chunk_states(self) -> dict[str, tuple[int, set[str]]]:
        """doc_id -> (chunks stored, content hashes seen): a crashed build leaves these inconsistent."""
        out: dict[str, list] = defaultdict(lambda: [0, set()])
        for m in self._all(self.chunks, ["metadatas"])["metadatas"]:
            row = out[m.get("doc_id", "")]
            row[0] += 1
            row[1].add(m.get("content_hash", ""))
        return {k: (v[0], v[1]) for k, v in out.items()}

    def list_articles(self) -> list[dict]:
        got = self._all(self.articles, ["metadatas"])
        return sorted((article_meta(m) for m in got["metadatas"]), key=lambda m: m["doc_id"])

    def get_article(self, doc_id: str) -> dict | None:
        got = self.articles.get(ids=[doc_id], include=["metadatas", "documents"])
        if not got["ids"]:
            return None
        meta = article_meta(got["metadatas"][0])
        meta["text"] = got["documents"][0]
        return meta

    def article_vectors(self, doc_ids: list[str] | None = None) -> dict[str, tuple[dict, list[float]]]:
        """doc_id -> (metadata, lead vector), for every article or for those of `doc_ids` that are stored."""
        got = self._all(self.articles, ["metadatas", "embeddings"]) if doc_ids is None else \
            self._by_ids(self.articles, doc_ids, ["metadatas", "embeddings"])
        return {i: (article_meta(m), list(e)) for i, m, e in zip(got["ids"], got["metadatas"], got["embeddings"])}

    def neighbours(self, vectors: list[list[float]], n: int) -> list[list[tuple[str, float]]]:
        """Lead vectors -> for each, up to n stored articles nearest to it, as (doc_id, cosine)."""
        n = min(n, self.articles.count())
        if not vectors or n == 0:
            return [[] for _ in vectors]
        got = self.articles.query(query_embeddings=vectors, n_results=n, include=["distances"])
        return [[(i, 1.0 - float(d)) for i, d in zip(ids, dists)] for ids, dists in zip(got["ids"], got["distances"])]

    def story_members(self, stories: set[str]) -> set[str]:
        """The doc_ids whose record names one of these story ids."""
        names = sorted(s for s in stories if s)
        out: set[str] = set()
        for i in range(0, len(names), _IDS):
            out |= set(self.articles.get(where={"story": {"$in": names[i:i + _IDS]}}, include=[])["ids"])
        return out

    def get_chunks(self, doc_id: str | None = None) -> list[dict]:
        """All chunks (or one document's), ordered: [{chunk_id, doc_id, start, end, text, ...metadata}]."""
        rows = [r for page in self.chunk_pages({"doc_id": doc_id} if doc_id else None) for r in page]
        for r in rows:
            del r["content_hash"]
        return sorted(rows, key=lambda r: (r["doc_id"], r["start"]))

    def chunk_pages(self, where: dict | None = None) -> Iterator[list[dict]]:
        """Chunk rows page by page, in store order, each with the content_hash of the text it was cut from."""
        for got in _pages(self.chunks, ["metadatas", "documents"], where):
            yield [dict(_chunk_meta(m), chunk_id=i, text=d, content_hash=m.get("content_hash", ""))
                   for i, m, d in zip(got["ids"], got["metadatas"] or [], got["documents"] or [])]

    def records(self, doc_ids: list[str]) -> dict[str, dict]:
        """doc_id -> article metadata (public form) for those of `doc_ids` that are stored."""
        got = self._by_ids(self.articles, doc_ids, ["metadatas"])
        return {i: article_meta(m) for i, m in zip(got["ids"], got["metadatas"])}

    # --- writing ---------------------------------------------------------------------------------------------
    def replace_documents(self, docs: list[tuple[Article, list[Chunk], list[list[float]], list[float]]]) -> None:
        """[(article, chunks, chunk vectors, lead vector)] -> old chunks deleted, new chunks added, then the
        article records written last: a record marks its document complete, so a build killed in between
        leaves documents the next build sees as incomplete and rewrites. Then the change is logged."""
        if not docs:
            return
        ids = [a.doc_id for a, _, _, _ in docs]
        self.chunks.delete(where={"doc_id": {"$in": ids}})
        self.articles.delete(ids=ids)
        nodes = [self._node(a, c, v, len(cs)) for a, cs, vs, _ in docs for c, v in zip(cs, vs)]
        if nodes:
            self.vector_store.add(nodes)
        self.articles.upsert(ids=ids, documents=[a.text for a, _, _, _ in docs],
                             embeddings=[lead for _, _, _, lead in docs],
                             metadatas=[self._article_record(a, len(cs)) for a, cs, _, _ in docs])
        self.log.record("docs", ids)

    def set_stories(self, stories: dict[str, tuple[str, list[str]]], among: set[str] | None = None) -> None:
        """doc_id -> (story id, outlets carrying it): rewrites only the records whose story changed; the
        records of `among` only, when given (any not in `stories` is alone in its story)."""
        got = self._all(self.articles, ["metadatas"]) if among is None else \
            self._by_ids(self.articles, sorted(among), ["metadatas"])
        ids, metas = [], []
        for doc_id, meta in zip(got["ids"], got["metadatas"]):
            story, carried = stories.get(doc_id, ("", []))
            if meta.get("story", "") != story or meta.get("carried_by", "[]") != json.dumps(carried):
                ids.append(doc_id)
                metas.append(dict(meta, story=story, carried_by=json.dumps(carried)))
        if ids:
            self.articles.update(ids=ids, metadatas=metas)
            self.log.record("meta", ids)

    def delete_document(self, doc_id: str) -> None:
        self.chunks.delete(where={"doc_id": doc_id})
        self.articles.delete(ids=[doc_id])
        self.log.record("docs", [doc_id])

    def bump_version(self) -> None:
        meta = dict(self.articles.metadata or {})
        meta["version"] = int(meta.get("version", 0)) + 1
        meta.pop("hnsw:space", None)  # distance space cannot be modified after creation
        self.articles.modify(metadata=meta)

    # --- helpers ---------------------------------------------------------------------------------------------
    def _node(self, article: Article, chunk: Chunk, vector: list[float], n_chunks: int) -> TextNode:
        meta = {
            "doc_id": article.doc_id, "outlet": article.outlet, "title": article.title,
            "author": article.author, "published": article.published,
            "published_int": published_int(article.published), "url": article.url,
            "start": chunk.start, "end": chunk.end, "content_hash": article.content_hash, "n_chunks": n_chunks,
        }
        node = TextNode(id_=chunk.chunk_id, text=chunk.text, metadata=meta, embedding=vector,
                        start_char_idx=chunk.start, end_char_idx=chunk.end)
        # llama-index writes the source document's id into doc_id/ref_doc_id: it must be ours.
        node.relationships[NodeRelationship.SOURCE] = RelatedNodeInfo(node_id=article.doc_id)
        node.excluded_llm_metadata_keys = list(meta)
        node.excluded_embed_metadata_keys = list(meta)
        return node

    @staticmethod
    def _article_record(article: Article, n_chunks: int) -> dict:
        rec = {k: getattr(article, k) for k in ARTICLE_FIELDS}
        rec["carried_by"] = json.dumps(article.carried_by)
        rec.update(content_hash=article.content_hash, n_chunks=n_chunks,
                   published_int=published_int(article.published))
        return rec

    @staticmethod
    def _by_ids(collection: Any, ids: list[str], include: list[str]) -> dict[str, list]:
        """get() by ids, 500 at a time (Chroma's query parameters are bounded)."""
        return _gathered((collection.get(ids=ids[i:i + _IDS], include=include) for i in range(0, len(ids), _IDS)),
                         include)

    @staticmethod
    def _all(collection: Any, include: list[str], where: dict | None = None) -> dict[str, list]:
        return _gathered(_pages(collection, include, where), include)


def _pages(collection: Any, include: list[str], where: dict | None = None) -> Iterator[dict]:
    """get() results of `_PAGE` rows each, until the collection (or the filter) is exhausted."""
    offset = 0
    while True:
        got = collection.get(include=include, where=where, limit=_PAGE, offset=offset)
        yield got
        if len(got["ids"]) < _PAGE:
            return
        offset += _PAGE


def _gathered(results: Iterator[dict], include: list[str]) -> dict[str, list]:
    """Chroma get() results -> one result with their ids and `include` fields concatenated."""
    out: dict[str, list] = {"ids": [], **{k: [] for k in include}}
    for got in results:
        out["ids"].extend(got["ids"])
        for k in include:
            out[k].extend(got[k] if got[k] is not None else [])
    return out


def article_meta(m: dict) -> dict:
    """A stored article record -> the public metadata dict."""
    out = {k: m.get(k, "") for k in ARTICLE_FIELDS}
    out["carried_by"] = json.loads(m.get("carried_by") or "[]")
    out["chunks"] = int(m.get("n_chunks", 0))
    out["content_hash"] = m.get("content_hash", "")
    return out


def _chunk_meta(m: dict) -> dict:
    keys = ("doc_id", "outlet", "title", "author", "published", "url", "start", "end")
    return {k: m.get(k, "") for k in keys}


def _one_line(err: Exception) -> str:
    text = str(err).strip().splitlines()
    return (text[0] if text else type(err).__name__)[:200]
