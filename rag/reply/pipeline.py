"""The answer chain: question -> retrieve -> prompt -> stream -> verify -> (extractive fallback | abstain).

`Engine.stream()` is the streaming Python API the UI and the terminal chat use; `Engine.ask()` returns the
final Answer. Every front end serialises `Answer.to_dict()`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.llms import LLM

from index.chunk import approx_tokens
from index.embed import embed_texts, make_embedder
from index.errors import ModelError
from index.settings import OTHER_MODEL_WEIGHT, Settings
from index.store import Store
from rag.answer import Answer, Citation, Passage, Sentence, with_copies
from rag.evidence.answers import on_focus
from rag.evidence.extract import close_words, ranked_quotes
from rag.language.words import content_stems, find_names
from rag.llms import make_llm, model_error
from rag.question.analysis import Question, analyse, in_text
from rag.question.casing import lower_case, restore_case
from rag.question.followup import resolve
from rag.question.provenance import named_article, provenance
from rag.question.query import condense, content_words, named_words, outlet_core, parse_hints, topic_words, validate_question
from rag.question.reports import reports_named
from rag.reply.conflicts import find_conflicts
from rag.reply.degenerate import is_degenerate
from rag.reply.injection import is_instruction, source_hosts
from rag.reply.lead import Reply, reply, written_lead
from rag.reply.prompt import NOT_FOUND, build_messages
from rag.reply.timeline import events
from rag.retrieval.hybrid import Filters, HybridRetriever, relevance
from rag.verification.verifier import verify_answer, verify_sentence

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
# Questions that gather across reports (do they agree, in what order, which ones) read more passages.
BROAD, BROAD_K = ("agreement", "timeline", "list"), 10
# Passages read for each report a question names (before those of the whole question).
PER_REPORT_K = 2
PROVENANCE_QUOTES = 3  # topical sentences read for the article a metadata question is about


@dataclass
class Event:
    """One streamed step: kind is "status", "lead" (the verified lead: answer is set), "sentence" (a verified
    model sentence), "token" (text = the raw delta: for timing, never to show) or "answer" (the final Answer)."""

    kind: str
    text: str = ""
    answer: Answer | None = None
    sentence: Sentence | None = None  # kind "sentence": a model sentence that passed verification


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
                 filters: Filters | None = None, by_outlet: bool = True) -> tuple[list[Passage], dict]:
        """The passages for a question; an outlet it names filters them unless `by_outlet` is False."""
        q = validate_question(question, self.settings.max_question_chars)
        query = condense(q, history)
        hints = parse_hints(query, self.retriever.outlets())
        if not by_outlet:
            hints = replace(hints, outlets=[])
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
        """The verified lead as soon as it is known ("lead"), then each model sentence that passes verification
        as the model finishes it ("sentence"), then the final Answer ("answer"). The model's raw tokens are
        also yielded ("token", for timing) but are never shown: nothing unchecked reaches a reader.
        Bad questions raise UserError first."""
        t0 = time.perf_counter()
        q = validate_question(question, self.settings.max_question_chars)
        standalone = resolve(q, history)
        if lower_case(standalone):  # "did new zealand ...": names written as the passages write them
            found, _ = self.retrieve(condense(standalone, history), k, None, filters)
            standalone = restore_case(standalone, [p.text for p in found])
        asked = analyse(standalone)
        query = condense(asked.search, history)  # the resolved follow-up with the words of the turn it follows
        if asked.answer_type in BROAD:
            k = max(k or self.settings.top_k, BROAD_K)
        passages, timings = self.retrieve(query, k, None, filters)
        asked, passages = self._outlet_named(asked, query, passages, k, filters)
        passages = self._per_report(asked, passages, k or self.settings.top_k, filters)
        passages = self._per_event(asked, passages, filters)
        answer = Answer(question=q, standalone=standalone, sources=passages, model=self.model_name,
                        timings=timings, answer_type=asked.answer_type)
        if not (named_article(asked, self.retriever.articles()) or self._relevant(query, passages, asked)):
            yield Event("answer", answer=self._abstain(answer, t0))
            return
        self._compose(answer, [], passages, query, asked)
        answer.timings["lead_s"] = round(time.perf_counter() - t0, 3)
        yield Event("lead", answer=answer)
        if answer.abstained or not use_llm:
            answer.timings["total_s"] = round(time.perf_counter() - t0, 3)
            yield Event("answer", answer=answer)
            return
        draft, supported = "", []
        yield Event("status", "writing")
        try:
            for delta in self._generate(standalone, passages, history, answer, t0):
                draft += delta
                yield Event("token", delta)
                for s in self._finished(draft, supported, passages, answer):
                    supported.append(s)
                    yield Event("sentence", s.text, sentence=s)
        except ModelError as err:
            answer.partial = bool(draft)
            answer.error = str(err)
            answer.note = f"{err} — showing quotes from the sources instead."
        yield Event("status", "checking citations")
        final = Answer(question=q, standalone=standalone, sources=passages, model=self.model_name,
                       timings=answer.timings, answer_type=asked.answer_type, error=answer.error,
                       note=answer.note, partial=answer.partial)
        self._compose(final, self._checked(draft, passages, final), passages, query, asked)
        final.timings["total_s"] = round(time.perf_counter() - t0, 3)
        yield Event("answer", answer=final)

    def _finished(self, draft: str, done: list[Sentence], passages: list[Passage], answer: Answer) -> list[Sentence]:
        """The draft's completed sentences not yet checked that pass verification (the last, unfinished one
        waits for its full stop)."""
        if not re.search(r"[.!?](?:\s*\[[^\]]*\])*\s+\S", draft[-200:]) or answer.error:
            return []
        complete = draft[: max(m.end() for m in re.finditer(r"[.!?](?:\s*\[[^\]]*\])*\s", draft))]
        checked = self._checked(complete, passages, answer)
        known = {s.text for s in done}
        return [s for s in checked if s.supported and s.text not in known]

    def _outlet_named(self, asked: Question, query: str, passages: list[Passage], k: int | None,
                      filters: Filters | None) -> tuple[Question, list[Passage]]:
        """One outlet named ("According to Business Standard, when ...?", "What did The Korea Times say ...?")
        picks its stories, so its name is met by their metadata, not by their words. When none of its stories
        answers, the text may credit it ("..., the New York Times reported"): every story is read, and the name
        must then be in the text."""
        outlets = parse_hints(query, self.retriever.outlets()).outlets
        if len(outlets) != 1 or (filters and filters.outlets) or asked.answer_type in ("provenance", "agreement", "yes_no"):
            return asked, passages
        met = replace(asked, names=tuple(n for n in asked.names if outlet_core(n) != outlet_core(outlets[0])))
        trial = Answer(question=asked.text, standalone=asked.text, sources=passages)
        if passages and self._relevant(query, passages, met):
            self._compose(trial, [], passages, query, met)
            if not trial.abstained:
                return met, passages
        return asked, self.retrieve(query, k, None, filters, by_outlet=False)[0]

    def _per_report(self, asked: Question, passages: list[Passage], k: int, filters: Filters | None) -> list[Passage]:
        """A question naming two or more reports ("Did Engadget report X before The Verge reported Y?") reads
        the best passages of each report for what it says of that report, first, then the rest: one ranking
        over the whole question lets the report it matches best crowd out the other."""
        parts = [x for x in reports_named(asked.search, self.retriever.outlets()) if x.outlet]
        if len(parts) < 2 or (filters and filters.outlets):
            return passages
        found: list[Passage] = []
        for part in parts:
            only = Filters(outlets=[part.outlet], date_from=filters.date_from if filters else 0,
                           date_to=filters.date_to if filters else 0)
            got, _ = self.retriever.retrieve(part.text, PER_REPORT_K, only, None)
            found += got
        seen: set[str] = set()
        merged = [p for p in found + passages if not (p.chunk_id in seen or seen.add(p.chunk_id))]
        return merged[: max(k, PER_REPORT_K * len(parts) + 2)]

    def _per_event(self, asked: Question, passages: list[Passage], filters: Filters | None) -> list[Passage]:
        """A timeline that lists its events ("Put in order: A, B and C.") reads the best passages of each event
        too: one ranking over all of them lets one event crowd out the others."""
        listed = events(asked.text) if asked.answer_type == "timeline" else []
        if not listed:
            return passages
        found = [p for event in listed for p in self.retriever.retrieve(event, PER_REPORT_K, filters, None)[0]]
        seen: set[str] = set()
        return [p for p in passages + found if not (p.chunk_id in seen or seen.add(p.chunk_id))]

    def _relevant(self, question: str, passages: list[Passage], asked: Question) -> bool:
        """Something retrieved answers the question; every name it asks about is known to the corpus or close
        in meaning to a name in the passages ("Wellington" ~ "New Zealand"; "Uber" ~ nothing); and it does not
        hinge on several words the articles never use nor come close to ("carbon emissions", "pension")."""
        top = passages[:4]
        # a yes/no question may name what the articles contradict ("held in Brussels?"): the evidence decides
        unknown = [] if asked.answer_type == "yes_no" else self.retriever.keyword.unknown(named_words(question))
        if unknown:
            names = sorted({n for p in top for n in find_names(p.text)} | {p.label for p in top})
            if self._unexplained(unknown, names, SAME_NAME):
                return False
        topic = topic_words(question)
        novel = self.retriever.keyword.unknown(topic)
        # a yes/no question about two named reports is judged report by report (the lead checks what it says of
        # each against that report): its many words need not be the articles' words
        compared = asked.answer_type in ("yes_no", "agreement") and len(
            {x.outlet for x in reports_named(asked.search, self.retriever.outlets()) if x.outlet}) >= 2
        if len(novel) >= UNEXPLAINED_MIN and not compared:
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
        _decline(answer)
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

    def _checked(self, draft: str, passages: list[Passage], answer: Answer) -> list[Sentence]:
        """The model's draft -> its sentences, verified; those that restate the question or repeat a planted
        instruction are marked unsupported."""
        candidates = with_copies(passages)
        usable = draft.strip() and not answer.error and NOT_FOUND not in draft.upper()
        if not usable or is_degenerate(draft, passages=passages):
            return []
        verified = verify_answer(draft, candidates, self.embed)
        hosts = source_hosts([p.url for p in candidates])
        for s in verified:
            if s.supported and _restates(s.text, answer.standalone or answer.question):
                s.supported, s.reason = False, "restates the question without answering it"
            if s.supported and (is_instruction(s.text, hosts) or any(is_instruction(c.quote, hosts) for c in s.citations)):
                s.supported, s.reason = False, "repeats an instruction planted in an article"
        return verified

    def _compose(self, answer: Answer, verified: list[Sentence], passages: list[Passage], query: str,
                 asked: Question) -> None:
        """The reply: the answer first (a verbatim lead), then the sentences that answer, chosen among the
        model's verified sentences and the article sentences ranked together; a partial answer says what the
        articles do not state; no answering evidence -> decline. Conflicts are stated with both sides."""
        candidates = with_copies(passages)
        for p in candidates:
            p.article = p.article or self.retriever.keyword.article_text(p.doc_id)
        supported = [s for s in verified if s.supported]
        answer.dropped = [s for s in verified if not s.supported]
        hosts = source_hosts([p.url for p in candidates])
        weight = self.settings.drafted_weight
        drafted = {s.text for s in supported}  # a model sentence may be shown as the lead, a copy of it
        # ranked against the standalone question, or with the earlier turn's words when it shares none with the
        # passages ("Which agency did it cite?")
        quotes = (ranked_quotes(asked.text, candidates, self.embed, supported, weight)
                  or ranked_quotes(query, candidates, self.embed, supported, weight))
        quotes = [c for c in quotes if c.drafted or not is_instruction(c.text, hosts)]
        conflicts = find_conflicts(candidates)
        # the article of the best quote on the question's focus (the best-ranked may share only "reported")
        focal = on_focus(asked, quotes, candidates, self.embed) if asked.answer_type == "provenance" else []
        claim = _CLAIMED.search(asked.text) if asked.answer_type == "provenance" else None
        if claim:  # "Which outlet reported that trade nearly doubled?": only a story that says so
            focal = [c for c in focal if verify_sentence(claim.group("claim"), [c.passage], [], self.embed,
                                                         rules_only=True).supported]
            if not focal:
                return _decline(answer)
        topical = [c.sentence() for c in (focal or quotes[:1])[:PROVENANCE_QUOTES]]
        short, meta = provenance(asked, passages, topical, self.retriever.articles())
        if meta:
            cited = {c.doc_id for s in meta for c in s.citations}
            # a quote of the article the metadata answers from, never one of another article
            shown = [s for s in topical if cited & {c.doc_id for c in s.citations}][:1]
            got = Reply("full", short, meta + shown)
        else:  # metadata that does not say may leave it to the text: "the New York Times reported ..."
            named = parse_hints(asked.text, self.retriever.outlets()).outlets  # the reports a question compares
            got = reply(in_text(asked), quotes, candidates, self.embed, conflicts, named)
            if weight >= OTHER_MODEL_WEIGHT:  # a capable model writes the lead, verified like every sentence
                got = written_lead(got, supported)
        if got.answerability == "none":
            return _decline(answer)
        answer.sentences = got.sentences
        answer.short_answer, answer.answerability = got.short, got.answerability
        answer.mode = "generated" if any(s.text in drafted for s in answer.sentences) else "extractive"
        answer.conflicts = got.conflicts if asked.answer_type == "agreement" else _about_answer(conflicts, answer, asked)
        if got.short and asked.wants_entity in ("date", "number") and any(
                content_stems(c["topic"]) & asked.focus_stems for c in answer.conflicts):
            # one value asked for, two given: the lead says so rather than pick a side
            answer.sentences = [Sentence("The reports disagree:", [], supported=True, reason="lead")] + [
                s for s in answer.sentences if s.reason != "lead"]
            answer.short_answer = ""
        answer.sentences += [_conflict_sentence(c, candidates) for c in answer.conflicts]


def _decline(answer: Answer) -> None:
    """The articles do not answer: say so, and nothing else."""
    answer.abstained, answer.mode, answer.answerability = True, "abstained", "none"
    answer.sentences = [Sentence(text=ABSTAIN_TEXT, supported=True)]


# the claim a metadata question asks the source of: "Which outlet reported that trade nearly doubled?"
_CLAIMED = re.compile(r"\b(?:reported|said|stated|wrote|claimed|revealed|announced)\s+that\s+(?P<claim>[^?]{8,})", re.I)


def _restates(sentence: str, question: str) -> bool:
    """A sentence adding fewer than two content words to the question answers nothing.
    ("The President did he hold a summit with there?", "Which leader did he hold a summit with there?") -> True"""
    return len(set(content_words(sentence)) - set(content_words(question))) < 2


def _about_answer(conflicts: list[dict], answer: Answer, asked: Question) -> list[dict]:
    """Conflicts that concern this answer: one side is a cited article and the topic shares a focus word with
    the question, not merely a name (sources may disagree about things nobody asked)."""
    cited = {c.doc_id for c in answer.citations}
    focus = asked.focus_stems or content_stems(asked.text)
    return [c for c in conflicts if cited & {x["doc_id"] for x in c["claims"]} and focus & content_stems(c["topic"])]


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
