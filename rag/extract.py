"""Extractive answer: the passage sentences that best answer a question, quoted verbatim with their outlets.

The fallback when the model's answer is degenerate or unsupported: nothing here can be invented, so every
sentence is supported by construction.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from index.sentences import sentence_spans
from rag.answer import Citation, Passage, Sentence
from rag.claims import content_stems, find_names, find_numbers, name_key, numbers_in
from rag.verify import Embed, citations_for, verify_sentence

MIN_WORDS = 5  # shorter "sentences" are captions, bylines and headings
# Two sentences state the same fact when most of the shorter one's content words are in the longer one.
DUPLICATE_OVERLAP, DUPLICATE_JACCARD = 0.7, 0.4
FLOOR = 0.5  # sentences scoring under this share of the best one are off the question
EMBED_WEIGHT = 0.4  # share of the score that comes from cosine when an embedder is given
# Added for the share of the question's names a sentence contains; small, because retrieval already chose
# passages about those names and their other words are what tell the sentences apart.
NAME_BONUS = 0.15
# "When ...?" and "How many ...?" are answered by a sentence with a date or a number in it.
NUMBER_BONUS = 0.2
_NUMBER_QUESTION = re.compile(r"\b(?:when|how (?:many|much|long|often|old|far)|what year|which year)\b",
                              re.IGNORECASE)
BM25_K1, BM25_B = 1.2, 0.75


@dataclass
class _Candidate:
    passage: Passage
    start: int
    end: int
    stems: set[str]
    score: float = 0.0
    twins: list[_Candidate] = field(default_factory=list)  # the same fact in other passages

    @property
    def text(self) -> str:
        return self.passage.text[self.start:self.end]


def extractive_answer(
    question: str, passages: list[Passage], embed: Embed | None = None, max_sentences: int = 3
) -> list[Sentence]:
    """(question, passages) -> up to `max_sentences` quoted Sentences, best first, crediting every outlet.

    ("When did Luxon take office?", [nz]) -> [Sentence("This meeting marked ... in November 2022.", ...)]
    """
    query = content_stems(question)
    candidates = _candidates(passages)
    if not query or not candidates:
        return []
    _score(question, query, candidates, embed)
    ranked = sorted((c for c in candidates if c.score > 0), key=lambda c: -c.score)
    chosen: list[_Candidate] = []
    for c in ranked:
        twin_of = next((k for k in chosen if _twins(k, c)), None)
        if twin_of is not None:
            twin_of.twins.append(c)  # same fact, another outlet: credit it, do not repeat it
        elif len(chosen) < max_sentences and c.score >= FLOOR * ranked[0].score:
            chosen.append(c)
    return [Sentence(c.text, _citations(c), supported=True) for c in chosen]


def _candidates(passages: list[Passage]) -> list[_Candidate]:
    out = []
    for p in passages:
        for s, e in _lines(p.text):
            if len(p.text[s:e].split()) >= MIN_WORDS:
                out.append(_Candidate(p, s, e, content_stems(p.text[s:e])))
    return out


def _lines(text: str) -> list[tuple[int, int]]:
    """Sentence spans cut again at line breaks, where scraped pages glue a caption to a sentence."""
    out = []
    for s, e in sentence_spans(text):
        for m in re.finditer(r"[^\n]+", text[s:e]):
            if m.group().strip():
                lead = len(m.group()) - len(m.group().lstrip())
                out.append((s + m.start() + lead, s + m.start() + len(m.group().rstrip())))
    return out


def _score(question: str, query: set[str], candidates: list[_Candidate], embed: Embed | None) -> None:
    """BM25 over the candidate sentences (normalised to 0-1), cosine, and a bonus for the question's names."""
    names = find_names(question)
    bm25 = _bm25(_units(query, names), [c.stems for c in candidates])
    top = max(bm25) or 1.0
    cosines = _cosines(question, [c.text for c in candidates], embed) if embed else None
    keys = [name_key(n) for n in names]
    wants_number = bool(_NUMBER_QUESTION.search(question))
    for k, c in enumerate(candidates):
        if bm25[k] <= 0:  # no question word at all: never an answer, however similar the embedding
            continue
        lexical = bm25[k] / top
        c.score = lexical if cosines is None else (1 - EMBED_WEIGHT) * lexical + EMBED_WEIGHT * cosines[k]
        if keys:
            words = f" {name_key(c.text)} "
            c.score += NAME_BONUS * sum(f" {n} " in words for n in keys) / len(keys)
        if wants_number and find_numbers(c.text, with_one=True):
            c.score += NUMBER_BONUS


def _units(query: set[str], names: list[str]) -> list[frozenset[str]]:
    """Query stems grouped so a name counts once: "South Korea" is one term, not two that outweigh "trade"."""
    units = [frozenset(content_stems(n)) for n in names]
    units = [u for u in units if u]
    named = set().union(*units) if units else set()
    return list(dict.fromkeys(units + [frozenset([t]) for t in query - named]))


def _bm25(units: list[frozenset[str]], docs: list[set[str]]) -> list[float]:
    """Query units, sentence stem sets -> BM25 scores, idf over these sentences; a unit matches when whole."""
    n = len(docs)
    avg = sum(len(d) for d in docs) / n or 1.0
    idf = {u: math.log(1 + (n - df + 0.5) / (df + 0.5)) for u in units for df in [sum(u <= d for d in docs)]}
    norm = [BM25_K1 * (1 - BM25_B + BM25_B * len(d) / avg) for d in docs]
    return [sum(idf[u] * (BM25_K1 + 1) / (1 + norm[k]) for u in units if u <= d) for k, d in enumerate(docs)]


def _cosines(question: str, texts: list[str], embed: Embed) -> list[float]:
    vectors = embed([question] + texts)
    return [sum(a * b for a, b in zip(vectors[0], v)) for v in vectors[1:]]


def _twins(kept: _Candidate, other: _Candidate) -> bool:
    """`other` states `kept`'s fact: most content words shared, and the verifier agrees (names, numbers,
    polarity)."""
    if numbers_in(kept.text) != numbers_in(other.text):  # "in November 2022" is not "last November"
        return False
    return _same_fact(kept.stems, other.stems) and verify_sentence(kept.text, [other.passage], []).supported


def _same_fact(a: set[str], b: set[str]) -> bool:
    """Near-duplicates: "Yoon and Luxon agreed to initiate a dialogue" ~ "... decided to launch a dialogue".
    """
    if not a or not b:
        return False
    shared = len(a & b)
    return shared / min(len(a), len(b)) >= DUPLICATE_OVERLAP and shared / len(a | b) >= DUPLICATE_JACCARD


def _citations(c: _Candidate) -> list[Citation]:
    """The sentence's own passage, its syndicated copies (Passage.labels) and its twins in other passages."""
    seen, out = set(), []
    for k in [c] + c.twins:
        for cite in citations_for(k.passage, k.start, k.end, True):
            if (cite.outlet, cite.doc_id) not in seen:
                seen.add((cite.outlet, cite.doc_id))
                out.append(cite)
    return out
