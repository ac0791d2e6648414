"""The baseline to compare our pipeline against: plain llama-index. (The dense-only ablation is
`HybridRetriever(mode="dense")`, used by the `dense` config.)

`VanillaLlamaIndex` is what a user would build from the llama-index starter: `SimpleDirectoryReader` over the
raw files, `VectorStoreIndex.from_documents` (default splitter), `as_query_engine()` (default top-k 2, compact
synthesis, no verification), with our embedder and LLM. Its citations are the documents of the source nodes.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from eval.configs import RETRIEVE_K, Context
from eval.gold import GoldItem
from eval.metrics import looks_declined
from index.errors import NewsragError
from index.read import TEXT_FORMATS, doc_id_for
from index.sentences import split_sentences
from rag.llms import model_error


def raw_file_documents(folder: Path) -> list[Any]:
    """A folder of article files -> llama-index Documents exactly as SimpleDirectoryReader loads them."""
    from llama_index.core import SimpleDirectoryReader

    exts = sorted({e for e in TEXT_FORMATS if e != ".jsonl"})
    return SimpleDirectoryReader(input_dir=str(folder), required_exts=exts).load_data()


def node_doc_id(node: Any) -> str:
    """A llama-index node -> our doc_id: its "doc_id" metadata, else its file name's stem, else its ref doc."""
    meta = node.metadata or {}
    if meta.get("doc_id"):
        return str(meta["doc_id"])
    if meta.get("file_name"):
        return doc_id_for(Path(meta["file_name"]).stem)
    return str(node.ref_doc_id or node.node_id)


class VanillaLlamaIndex:
    """The llama-index starter over the raw corpus: GoldItem -> record. History is ignored, as a query
    engine has none."""

    def __init__(self, ctx: Context):
        from llama_index.core import VectorStoreIndex

        self.ctx = ctx
        self.index = VectorStoreIndex.from_documents(ctx.documents(), embed_model=ctx.embedder)
        self.ranker = self.index.as_retriever(similarity_top_k=RETRIEVE_K)
        self.engine = self.index.as_query_engine(llm=ctx.llm(), streaming=True)

    def __call__(self, item: GoldItem) -> dict:
        from llama_index.core.schema import QueryBundle

        ranked = [node_doc_id(n.node) for n in self.ranker.retrieve(item.question)]
        t0 = time.perf_counter()
        query = QueryBundle(item.question)
        nodes = self.engine.retrieve(query)  # what engine.query() does, in two timed steps
        timings = {"retrieve_s": round(time.perf_counter() - t0, 4), "first_token_s": None}
        text, n_tokens = "", 0
        try:
            response = self.engine.synthesize(query, nodes)
            for delta in getattr(response, "response_gen", None) or [str(response)]:
                if n_tokens == 0:
                    timings["first_token_s"] = round(time.perf_counter() - t0, 3)
                text += delta
                n_tokens += 1
        except NewsragError:
            raise
        except Exception as err:
            raise model_error(err) from None
        timings["total_s"] = round(time.perf_counter() - t0, 3)
        record = self._record(text.strip(), [node_doc_id(n.node) for n in response.source_nodes],
                              [n.node.get_content() for n in response.source_nodes])
        record.update(retrieved=[[d] for d in ranked], timings=timings, answer_tokens=n_tokens)
        return record

    def _record(self, text: str, sources: list[str], quotes: list[str]) -> dict:
        """Answer text + source nodes -> record. Generous on purpose: every sentence is credited with every
        source node (llama-index lists sources per answer, not per sentence); a declined answer cites none."""
        declined = looks_declined(text)
        labels = self.ctx.labels()
        docs = [] if declined else list(dict.fromkeys(sources))
        first_quote = {d: q for d, q in reversed(list(zip(sources, quotes)))}
        return {
            "answer": text,
            "plain": text,
            "abstained": declined,
            "mode": "abstained" if declined else "generated",
            "sentences": [{"text": s, "doc_ids": docs, "labels": [labels.get(d, d) for d in docs]}
                          for s in split_sentences(text)] if not declined else [],
            "citations": [{"doc_id": d, "label": labels.get(d, d), "quote": first_quote[d][:300],
                           "supported": None} for d in docs],
            "model": self.ctx.llm().metadata.model_name,
            "note": "",
        }
