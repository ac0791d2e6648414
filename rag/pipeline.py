"""The answer chain: question -> retrieve -> prompt -> stream -> verify -> (extractive fallback | abstain).

`Engine.stream()` is the streaming Python API the UI and the terminal chat use; `Engine.ask()` returns the
final Answer. Every front end serialises `Answer.to_dict()`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.llms import LLM

from index.chunk import approx_tokens
from index.embed import embed_texts, make_embedder
from index.errors import ModelError
from index.settings import Settings
from index.store import Store
from rag.answer import Answer, Citation, Passage, Sentence
from rag.claims import find_names
from rag.conflicts import find_conflicts
from rag.degenerate import is_degenerate
from rag.extract import close_words, extractive_answer
from rag.injection import is_instruction, source_hosts
from rag.llms import make_llm, model_error
from rag.prompt import NOT_FOUND, build_messages
from rag.provenance import provenance
from rag.query import condense, content_words, named_words, parse_hints, topic_words, validate_question
from rag.retrieve import Filters, HybridRetriever, relevance
from rag.verify import verify_answer

ABSTAIN_TEXT = "The articles do not cover this."
# MiniLM cosine of a word the corpus never uses and a name in the passages, above which the word is taken as
# another name for it: Wellington ~ New Zealand 0.62, Pyongyang ~ North Korea 0.73; Uber ~ Washington 0.31.
SAME_NAME = 0.6
# The same for any topic word of the question against the words of the passages (Wellington ~ zealand 0.63,
# commerce ~ economic 0.59; carbon ~ nuclear 0.47, pension ~ fund 0.54). A question with at least
# UNEXPLAINED_MIN such words, making up UNEXPLAINED_SHARE of its topic words, is about something the articles do
# not cover, however close its other words come (calibrated on the gold set: eval/data/seeds.jsonl).
SAME_WORD = 0.55
UNEXPLAINED_MIN, UNEXPLAINED_SHARE = 3, 0.25


@dataclass
class Event:
    """One streamed step: kind is "status", "token" (text = the delta) or "answer" (answer is set)."""

    kind: str
    text: str = ""
    answer: Answer | None = None


class Engine:
    def __init__(self, settings: Settings, llm: LLM | None = None, embedder: BaseEmbedding | None = None,
                 store: Store | None = None):
        self.settings = settings
        self.embedder = embedder or make_embedder(settings.embed)
        self.store = store or Store.open(settings)
        self.retriever = HybridRetriever(self.store, self.embedder)
        self._llm = llm

    @property
    def llm(self) -> LLM:
        if self._llm is None:
            self._llm = make_llm(self.settings)
        return self._llm

    @property
    def model_name(self) -> str:
        """The model as users may see it: a GGUF by its file name, never its folder."""
        kind, _, name = self.settings.llm.partition(":")
        return f"gguf:{Path(name).name}" if kind == "gguf" else self.settings.llm

    def embed(self, texts: list[str]) -> list[list[float]]:
        return embed_texts(self.embedder, texts)

    def retrieve(self, question: str, k: int | None = None, history: list[tuple[str, str]] | None = None,
                 filters: Filters | None = None) -> tuple[list[Passage], dict]:
        q = validate_question(question, self.settings.max_question_chars)
        query = condense(q, history)
        hints = parse_hints(query, self.retriever.outlets())
        return self.retriever.retrieve(query, k or self.settings.top_k, filters, hints)

    def ask(self, question: str, **kwargs: Any) -> Answer:
        answer = None
        for event in self.stream(question, **kwargs):
            if event.kind == "answer":
                answer = event.answer
        assert answer is not None
        return answer

    def stream(self, question: str, history: list[tuple[str, str]] | None = None, k: int | None = None,
               filters: Filters | None = None, use_llm: bool = True) -> Iterator[Event]:
        """Tokens as the model writes them, then the verified Answer. Bad questions raise UserError first."""
        t0 = time.perf_counter()
        q = validate_question(question, self.settings.max_question_chars)
        query = condense(q, history)  # a follow-up with the words of the turn it follows up
        passages, timings = self.retrieve(query, k, None, filters)
        answer = Answer(question=q, sources=passages, model=self.model_name, timings=timings)
        if not self._relevant(query, passages):
            yield Event("answer", answer=self._abstain(answer, t0))
            return
        draft = ""
        if use_llm:
            yield Event("status", "writing")
            try:
                for delta in self._generate(q, passages, history, answer, t0):
                    draft += delta
                    yield Event("token", delta)
            except ModelError as err:
                answer.partial = bool(draft)
                answer.error = str(err)
                answer.note = f"{err} — showing quotes from the sources instead."
        yield Event("status", "checking citations")
        self._compose(answer, draft, passages, query)
        answer.timings["total_s"] = round(time.perf_counter() - t0, 3)
        yield Event("answer", answer=answer)

    def _relevant(self, question: str, passages: list[Passage]) -> bool:
        """Something retrieved answers the question; every name it asks about is known to the corpus or close
        in meaning to a name in the passages ("Wellington" ~ "New Zealand"; "Uber" ~ nothing); and it does not
        hinge on several words the articles never use nor come close to ("carbon emissions", "pension")."""
        top = passages[:4]
        unknown = self.retriever.keyword.unknown(named_words(question))
        if unknown:
            names = sorted({n for p in top for n in find_names(p.text)} | {p.label for p in top})
            if self._unexplained(unknown, names, SAME_NAME):
                return False
        topic = topic_words(question)
        novel = self.retriever.keyword.unknown(topic)
        if len(novel) >= UNEXPLAINED_MIN:
            vocab = sorted({w for p in top for w in content_words(p.text)})
            missing = self._unexplained(novel, vocab, SAME_WORD)
            if len(missing) >= UNEXPLAINED_MIN and len(missing) >= UNEXPLAINED_SHARE * len(topic):
                return False
        idf = self.retriever.keyword.idf
        return any(relevance(question, p, idf) >= self.settings.abstain_below for p in passages)

    def _unexplained(self, words: list[str], known: list[str], threshold: float) -> list[str]:
        """The words whose embedding comes within `threshold` cosine of none of the `known` words."""
        close = close_words(words, known, threshold, self.embed)
        return [w for w in words if not close[w]]

    def _abstain(self, answer: Answer, t0: float) -> Answer:
        answer.abstained, answer.mode = True, "abstained"
        answer.sentences = [Sentence(text=ABSTAIN_TEXT, supported=True)]
        answer.timings["total_s"] = round(time.perf_counter() - t0, 3)
        return answer

    def _generate(self, q: str, passages: list[Passage], history: list[tuple[str, str]] | None,
                  answer: Answer, t0: float) -> Iterator[str]:
        messages = self._fit_messages(q, passages, history)
        text = ""
        part = None
        try:
            for n, part in enumerate(self.llm.stream_chat(messages)):
                if n == 0:
                    answer.timings["first_token_s"] = round(time.perf_counter() - t0, 3)
                delta = part.delta or ""
                text += delta
                yield delta
                if n % 8 == 7 and is_degenerate(text, partial=True):
                    answer.note = "the model started repeating itself; generation stopped"
                    return
            if part is not None and _cut_short(part):
                raise ModelError("the model endpoint closed the stream before finishing; the draft is partial")
        except ModelError:
            raise
        except Exception as err:  # client errors become one line; partial text stays marked partial
            raise model_error(err) from None

    def _fit_messages(self, question: str, passages: list[Passage],
                      history: list[tuple[str, str]] | None) -> list:
        """Prompt messages that leave room for the answer in the model's window.

        Starts from NEWSRAG_PROMPT_TOKENS of source text; local models count the real prompt with their own
        tokenizer and the sources shrink until prompt + answer fit. Remote models keep a quarter spare."""
        window = self.llm.metadata.context_window or self.settings.llm_context
        count = getattr(self.llm, "count_tokens", None)
        limit = window - self.settings.max_answer_tokens - 8 if count else int(window * 0.75)
        budget = self.settings.source_tokens
        for _ in range(6):
            messages = build_messages(question, passages, budget, history)
            text = "\n".join(m.content or "" for m in messages)
            used = count(text) + 8 * len(messages) if count else approx_tokens(text)
            if used <= limit or budget == 0:
                return messages
            budget = max(0, budget - (used - limit) - 16)
        return build_messages(question, passages, 0, history)

    def _compose(self, answer: Answer, draft: str, passages: list[Passage], query: str) -> None:
        """The model's verified sentences and the article sentences, ranked together by how well they answer
        the question (a supported model sentence that misses the point loses to a quote); conflicts are stated
        with both sides."""
        candidates = _with_copies(passages)
        verified: list[Sentence] = []
        usable = draft.strip() and not answer.error and NOT_FOUND not in draft.upper()
        if usable and not is_degenerate(draft, passages=passages):
            verified = verify_answer(draft, candidates, self.embed)
        hosts = source_hosts([p.url for p in candidates])
        for s in verified:
            if s.supported and _restates(s.text, answer.question):
                s.supported, s.reason = False, "restates the question without answering it"
            if s.supported and (is_instruction(s.text, hosts) or any(is_instruction(c.quote, hosts) for c in s.citations)):
                s.supported, s.reason = False, "repeats an instruction planted in an article"
        supported = [s for s in verified if s.supported]
        answer.dropped = [s for s in verified if not s.supported]
        # ranked against the question as asked (a follow-up's borrowed words would pull in the earlier answer),
        # or with them when the question alone shares no word with the passages ("Which agency did it cite?")
        weight = self.settings.drafted_weight
        chosen = (extractive_answer(answer.question, candidates, self.embed, 4, supported, weight)
                  or extractive_answer(query, candidates, self.embed, 4, supported, weight))
        drafted = {id(s) for s in supported}
        answer.sentences = [s for s in chosen if id(s) in drafted or not is_instruction(s.text, hosts)][:3]
        answer.mode = "generated" if any(id(s) in drafted for s in answer.sentences) else "extractive"
        if not answer.sentences:
            answer.abstained, answer.mode = True, "abstained"
            answer.sentences = [Sentence(text=ABSTAIN_TEXT, supported=True)]
            return
        answer.sentences = provenance(answer.question, passages, answer.sentences, self.retriever.articles()) \
            + answer.sentences
        answer.conflicts = _about_answer(find_conflicts(candidates), answer)
        answer.sentences += [_conflict_sentence(c, candidates) for c in answer.conflicts]


def _restates(sentence: str, question: str) -> bool:
    """A sentence adding fewer than two content words to the question answers nothing.
    ("The President did he hold a summit with there?", "Which leader did he hold a summit with there?") -> True"""
    return len(set(content_words(sentence)) - set(content_words(question))) < 2


def _about_answer(conflicts: list[dict], answer: Answer) -> list[dict]:
    """Conflicts that concern this answer: one side is a cited article and the topic shares a word with the
    question or the answer (sources may disagree about things nobody asked)."""
    cited = {c.doc_id for c in answer.citations}
    words = set(content_words(answer.question + " " + " ".join(s.text for s in answer.sentences)))
    return [c for c in conflicts
            if cited & {x["doc_id"] for x in c["claims"]} and words & set(content_words(c["topic"]))]


def _conflict_sentence(conflict: dict, passages: list[Passage]) -> Sentence:
    """A conflict -> "Sources disagree on X: A reports V1; B reports V2." citing each side's own quote."""
    by_doc = {p.doc_id: p for p in passages}
    sides, citations = [], []
    for claim in conflict["claims"]:
        written = claim.get("as_written") or claim["value"]
        said = written if written == claim["value"] else f"{written}, that is {claim['value']}"
        sides.append(f"{claim['outlet']} says {said}")
        p = by_doc.get(claim["doc_id"])
        if p is not None:
            at = p.text.find(claim["quote"])
            start = p.start + at if at >= 0 else -1
            citations.append(Citation(outlet=p.label, doc_id=p.doc_id, title=p.title, published=p.published,
                                      url=p.url, quote=claim["quote"], supported=True, chunk_id=p.chunk_id,
                                      start=start, end=start + len(claim["quote"]) if at >= 0 else -1))
    text = f"Sources disagree ({conflict['topic']}): " + "; ".join(sides) + "."
    return Sentence(text=text, citations=citations, supported=True, reason="conflict")


def _cut_short(last: Any) -> bool:
    """An OpenAI-style stream whose last chunk has no finish_reason was cut (server or network died)."""
    choices = getattr(getattr(last, "raw", None), "choices", None)
    return bool(choices) and getattr(choices[0], "finish_reason", "stop") is None


def _with_copies(passages: list[Passage]) -> list[Passage]:
    """Passages plus their syndicated copies as passages of their own, so each outlet can be verified."""
    out = list(passages)
    for p in passages:
        for c in p.also:
            out.append(Passage(doc_id=c["doc_id"], chunk_id=c["chunk_id"], text=c["text"], start=c["start"],
                               end=c["end"], outlet=c["outlet"], title=c["title"], published=c["published"],
                               author=c.get("author", ""), url=c.get("url", ""), score=c.get("score", 0.0)))
    return out
