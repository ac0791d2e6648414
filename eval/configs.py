"""Config presets: each turns a gold item into a *record* (plain dict) the metrics read.

`default`    our pipeline: hybrid retrieval, the LLM, verified citations, extractive fallback, abstention.
`extractive` our pipeline without the LLM (verified quotes only).
`dense`      our pipeline with dense-only retrieval (no BM25): shows what the keyword side adds.
`vanilla`    plain llama-index over the raw files (see eval.baselines): what a user would otherwise build.

Record: {"answer", "plain", "abstained", "mode", "sentences": [{"text", "doc_ids", "labels"}],
"citations": [{"doc_id", "label", "quote", "supported"}], "retrieved": [[doc_id, copy doc_ids...], ...],
"timings": {"retrieve_s", "first_token_s", "total_s"}, "answer_tokens", "model", "note"}.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.llms import LLM

from eval.gold import GoldItem
from index.errors import UserError
from index.settings import Settings
from index.store import Store
from rag.answer import Answer, Passage
from rag.llms import make_llm
from rag.pipeline import Engine
from rag.retrieve import HybridRetriever

RETRIEVE_K = 10  # passages ranked for the retrieval metrics (hit@10, MRR@10)
Runner = Callable[[GoldItem], dict]


@dataclass
class Context:
    """What every config of one run shares: settings, the store, the embedder, one lazily loaded LLM, and
    the corpus as llama-index Documents for the vanilla baseline."""

    settings: Settings
    store: Store
    embedder: BaseEmbedding
    documents: Callable[[], list[Any]]  # raw corpus -> llama-index Documents (vanilla only)
    _llm: LLM | None = None
    _labels: dict[str, str] = field(default_factory=dict)

    def llm(self) -> LLM:
        if self._llm is None:
            self._llm = make_llm(self.settings)
        return self._llm

    def labels(self) -> dict[str, str]:
        """doc_id -> citation label (the outlet, or the title when the outlet is unknown)."""
        if not self._labels:
            for a in self.store.list_articles():
                known = a["outlet"] and a["outlet"] != "unknown"
                self._labels[a["doc_id"]] = a["outlet"] if known else (a["title"] or a["doc_id"])
        return self._labels


@dataclass(frozen=True)
class Preset:
    description: str
    make: Callable[[Context], Runner]


def _ours(use_llm: bool, dense_only: bool = False) -> Callable[[Context], Runner]:
    def make(ctx: Context) -> Runner:
        engine = Engine(ctx.settings, llm=ctx.llm() if use_llm else None, embedder=ctx.embedder, store=ctx.store)
        if dense_only:
            engine.retriever = HybridRetriever(ctx.store, ctx.embedder, mode="dense")
        return lambda item: run_engine(engine, item, use_llm)
    return make


def _vanilla(ctx: Context) -> Runner:
    from eval.baselines import VanillaLlamaIndex

    return VanillaLlamaIndex(ctx)


PRESETS: dict[str, Preset] = {
    "default": Preset("our pipeline: hybrid retrieval, LLM, verified citations", _ours(use_llm=True)),
    "extractive": Preset("our pipeline without the LLM: verified quotes", _ours(use_llm=False)),
    "dense": Preset("our pipeline with dense-only retrieval (no BM25)", _ours(use_llm=True, dense_only=True)),
    "vanilla": Preset("plain llama-index VectorStoreIndex over the raw files, same embedder and LLM", _vanilla),
}


def parse_configs(spec: str | list[str]) -> list[str]:
    """"default, vanilla" -> ["default", "vanilla"]; unknown names -> UserError listing the presets."""
    return parse_names(spec, PRESETS, "config")


def parse_names(spec: str | Sequence[str], known: Iterable[str], what: str) -> list[str]:
    """Comma-separated names, each once, all of `known` ("a,b, a" -> ["a", "b"]); an unknown or no name ->
    UserError "unknown <what> ...; choose from ..."."""
    known = list(known)
    names = [n.strip() for part in ([spec] if isinstance(spec, str) else spec) for n in part.split(",")]
    names = list(dict.fromkeys(n for n in names if n))
    unknown = [n for n in names if n not in known]
    if unknown or not names:
        raise UserError(f"unknown {what} {', '.join(unknown) or '(none)'}; choose from {', '.join(known)}")
    return names


def run_engine(engine: Engine, item: GoldItem, use_llm: bool) -> dict:
    """Ask one gold question through our Engine (earlier turns of a follow-up first) -> record."""
    history: list[tuple[str, str]] = []
    for earlier in item.history:  # a chat: earlier questions are really asked, their answers become context
        history.append((earlier, engine.ask(earlier, history=list(history), use_llm=use_llm).text))
    ranked, _ = engine.retrieve(item.question, k=RETRIEVE_K, history=history or None)
    answer, n_tokens = None, 0
    for event in engine.stream(item.question, history=history or None, use_llm=use_llm):
        if event.kind == "token":
            n_tokens += 1
        elif event.kind == "answer":
            answer = event.answer
    assert answer is not None
    return record_from_answer(answer, ranked, n_tokens)


def record_from_answer(answer: Answer, ranked: list[Passage], n_tokens: int) -> dict:
    """Answer + the k=10 ranking -> record. Only citations the user sees count: those Answer.text shows
    (supported citations of supported sentences). `short_answer` is the answer's lead phrase ("Yes", a name; ""
    when it has none) and `answer_type` its kind of answer ("yes_no", "person", ...; "" from a pipeline that
    does not state them)."""
    sentences, citations = [], []
    for s in answer.sentences:
        shown = [c for c in s.citations if c.supported] if s.supported and not answer.abstained else []
        sentences.append({"text": s.text, "doc_ids": [c.doc_id for c in shown],
                          "labels": [label_of(c.outlet, c.title) for c in shown]})
        citations += [{"doc_id": c.doc_id, "label": label_of(c.outlet, c.title), "quote": c.quote,
                       "supported": c.supported} for c in shown]
    return {
        "answer": answer.text,
        "plain": " ".join(s.text for s in answer.sentences),
        "short_answer": getattr(answer, "short_answer", "") or "",
        "answerability": getattr(answer, "answerability", ""),
        "answer_type": getattr(answer, "answer_type", "") or "",
        "abstained": answer.abstained,
        "mode": answer.mode,
        "sentences": sentences,
        "citations": citations,
        "retrieved": [[p.doc_id, *[c["doc_id"] for c in p.also]] for p in ranked],
        "timings": {k: answer.timings.get(k) for k in ("retrieve_s", "first_token_s", "total_s")},
        "answer_tokens": n_tokens,
        "model": answer.model,
        "note": answer.note,
    }


def label_of(outlet: str, title: str) -> str:
    """("unknown", "Seoul talks") -> "Seoul talks"; ("Business Standard", "...") -> "Business Standard" """
    return outlet if outlet and outlet != "unknown" else title


def timed(run: Runner) -> Runner:
    """Wrap a runner so a record always has total_s (measured here when the runner did not)."""
    def wrapper(item: GoldItem) -> dict:
        t0 = time.perf_counter()
        record = run(item)
        record.setdefault("timings", {})
        if record["timings"].get("total_s") is None:
            record["timings"]["total_s"] = round(time.perf_counter() - t0, 3)
        return record
    return wrapper
