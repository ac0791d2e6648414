"""Extractive answer: the passage sentences that best answer a question, quoted verbatim with their outlets.

The fallback when the model's answer is degenerate or unsupported: nothing here can be invented, so every
sentence is supported by construction.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from index.sentences import sentence_spans
from rag.answer import Citation, Passage, Sentence
from rag.language.words import content_stems, find_names, find_numbers, numbers_in
from rag.reply.credit import citations_for, unique_citations
from rag.verification.verifier import Embed, verify_sentence

MIN_WORDS = 5  # shorter "sentences" are captions, bylines and headings
# Two sentences state the same fact when most of the shorter one's content words are in the longer one.
DUPLICATE_OVERLAP, DUPLICATE_JACCARD = 0.7, 0.4
FLOOR = 0.7  # sentences scoring under this share of the best one are off the question
# A further sentence must answer a part of the question the ones before it did not (a question word they lack),
# or score nearly as well as the best: otherwise it is filler that merely shares the topic.
CLOSE = 0.8
# A sentence's score shrinks by this share of the question's names its article never mentions (by that name or
# one within SAME_ENTITY cosine: Pyongyang ~ North Korea 0.73, Seoul ~ South Korea 0.74; Vientiane ~ Jakarta 0.29,
# New Zealand ~ Australia 0.67, Laos ~ Indonesia 0.62 are other places).
NAME_MISS, SAME_ENTITY = 0.5, 0.7
EMBED_WEIGHT = 0.6  # share of the score that comes from cosine when an embedder is given
# A sentence's score shrinks by this share as its article falls from first to sixth in retrieval.
RANK_DECAY = 0.1
# "When ...?" and "How many ...?" are answered by a sentence with a date or a number in it ("Where ...?" by one
# with a place in it).
NUMBER_BONUS = 0.2
_NUMBER_QUESTION = re.compile(r"\b(?:when|how (?:many|much|long|often|old|far)|(?:what|which) (?:year|day|date))\b",
                              re.IGNORECASE)
_DATE_WORD = re.compile(r"\b(?:January|February|March|April|June|July|August|September|October|November|December|"
                        r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|yesterday|today)\b")
# "Where ...?" and "In which city ...?" are answered by a sentence placing something "in <Place>" the question does
# not name; each such place is a part of the answer (two reports, two venues).
_PLACE_QUESTION = re.compile(r"\bwhere\b|\b(?:which|what) (?:city|capital|town|venue)\b", re.IGNORECASE)
PLACE_REACH = 4  # words between the question word and "in <Place>"
_PLACE = re.compile(r"\b(?:in|at) (?:the (?:capital|city) of )?([A-Z][\w-]+(?: [A-Z][\w-]+)*)")
BM25_K1, BM25_B = 1.2, 0.75


@dataclass
class Quote:
    """A sentence of a passage (or a verified model sentence placed in the passage it cites), scored against
    the question."""

    passage: Passage
    start: int
    end: int
    stems: set[str]
    score: float = 0.0
    units: set[frozenset[str]] = field(default_factory=set)  # the question's words this sentence has
    twins: list[Quote] = field(default_factory=list)  # the same fact in other passages
    drafted: Sentence | None = None  # a verified sentence the model wrote, competing with the quotes

    @property
    def text(self) -> str:
        return self.drafted.text if self.drafted else self.passage.text[self.start:self.end]

    def sentence(self) -> Sentence:
        """-> the Sentence shown: the model's own, or the quote crediting every outlet that carries it."""
        return self.drafted or Sentence(self.text, _citations(self), supported=True)



def extractive_answer(
    question: str, passages: list[Passage], embed: Embed | None = None, max_sentences: int = 3,
    drafted: list[Sentence] | None = None, drafted_weight: float = 1.0,
) -> list[Sentence]:
    """(question, passages) -> up to `max_sentences` quoted Sentences, best first, crediting every outlet.

    ("When did Luxon take office?", [nz]) -> [Sentence("This meeting marked ... in November 2022.", ...)]

    `drafted` are the model's verified sentences: they are ranked with the quotes by the same score times
    `drafted_weight`, so a model sentence is shown only where it answers the question at least as well as the
    article's own words (1.0), or twice as well (0.5, for a model known to distort).
    """
    quotes = ranked_quotes(question, passages, embed, drafted, drafted_weight)
    return [q.sentence() for q in choose(quotes, max_sentences)]


def ranked_quotes(question: str, passages: list[Passage], embed: Embed | None = None,
                  drafted: list[Sentence] | None = None, drafted_weight: float = 1.0) -> list[Quote]:
    """(question, passages) -> every sentence sharing a word with the question, best first; a sentence stating
    the fact of a better one in another passage is folded into it as a twin (credited, not repeated)."""
    ranked = _ranked(question, _candidates(passages) + _drafted(drafted or [], passages), passages, embed,
                     drafted_weight)
    kept: list[Quote] = []
    for c in ranked:
        twin_of = next((k for k in kept if _twins(k, c)), None)
        if twin_of is None:
            kept.append(c)
        elif not (twin_of.drafted or c.drafted):
            twin_of.twins.append(c)  # same fact, another outlet: credit it, do not repeat it
    return kept


def choose(quotes: list[Quote], max_sentences: int = 3) -> list[Quote]:
    """Ranked quotes -> the best one and those after it that add a part of the answer (see `_adds`)."""
    chosen: list[Quote] = []
    for c in quotes:
        if len(chosen) < max_sentences and _adds(c, chosen, quotes[0].score):
            chosen.append(c)
    return chosen


def ranked_spans(question: str, passages: list[Passage], embed: Embed | None = None) -> list[tuple[int, int, int]]:
    """The passages' sentences that share a word with the question, best first, as (passage index, start, end):
    what the prompt shows a small model when it cannot show everything."""
    index = {id(p): i for i, p in enumerate(passages)}
    return [(index[id(c.passage)], c.start, c.end) for c in _ranked(question, _candidates(passages), passages, embed)]


def _ranked(question: str, candidates: list[Quote], passages: list[Passage],
            embed: Embed | None, drafted_weight: float = 1.0) -> list[Quote]:
    """The candidates that share a word with the question, scored and sorted best first."""
    query = content_stems(question)
    if not query or not candidates:
        return []
    _score(question, query, candidates, embed)
    _by_rank(candidates, passages)
    _by_names(question, candidates, embed)
    for c in candidates:
        if c.drafted:
            c.score *= drafted_weight
    return sorted((c for c in candidates if c.score > 0), key=lambda c: -c.score)


def _drafted(sentences: list[Sentence], passages: list[Passage]) -> list[Quote]:
    """Verified model sentences as candidates, placed in the passage of their first citation."""
    by_chunk = {(p.doc_id, p.chunk_id): p for p in passages}
    out = []
    for s in sentences:
        p = next((by_chunk[c.doc_id, c.chunk_id] for c in s.citations if (c.doc_id, c.chunk_id) in by_chunk), None)
        if p is not None:
            out.append(Quote(p, 0, 0, content_stems(s.text), drafted=s))
    return out


def _adds(c: Quote, chosen: list[Quote], best: float) -> bool:
    """The first sentence always; a further one when it scores near the best, or well enough and it has a
    question word (or, for "when"/"how many", a number) none of the chosen sentences has."""
    if not chosen:
        return True
    if c.score >= CLOSE * best:
        return True
    covered = set().union(*(k.units for k in chosen))
    return c.score >= FLOOR * best and bool(c.units - covered)


def _candidates(passages: list[Passage]) -> list[Quote]:
    out = []
    for p in passages:
        for s, e in _lines(p.text):
            if len(p.text[s:e].split()) >= MIN_WORDS:
                out.append(Quote(p, s, e, content_stems(p.text[s:e])))
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


def _score(question: str, query: set[str], candidates: list[Quote], embed: Embed | None) -> None:
    """BM25 over the candidate sentences (normalised to 0-1) blended with cosine; a bonus for a date or number
    when the question asks when or how many."""
    names = find_names(question)
    units = _units(query, names)
    # what a further sentence must add: a question word that is not a name (a sentence naming "Japan" again
    # adds nothing when the question asks what happened to it), or another number
    named = {frozenset(content_stems(n)) for n in names}
    topic = [u for u in units if u not in named]
    bm25 = _bm25(units, [c.stems for c in candidates])
    top = max(bm25) or 1.0
    cosines = _cosines(question, [c.text for c in candidates], embed) if embed else None
    wants_number = bool(_NUMBER_QUESTION.search(question))
    wants_place = bool(_PLACE_QUESTION.search(question))
    for k, c in enumerate(candidates):
        if bm25[k] <= 0:  # no question word at all: never an answer, however similar the embedding
            continue
        c.units = {u for u in topic if u <= c.stems}
        lexical = bm25[k] / top
        c.score = lexical if cosines is None else (1 - EMBED_WEIGHT) * lexical + EMBED_WEIGHT * cosines[k]
        if wants_number and (find_numbers(c.text, with_one=True) or _DATE_WORD.search(c.text)):
            # each date or number is a part of the answer: a sentence giving another one adds to the answer
            c.units |= {frozenset({f"#{key}"}) for _, key in find_numbers(c.text, with_one=True)}
            c.units |= {frozenset({f"#{w.lower()}"}) for w in _DATE_WORD.findall(c.text)}
            c.score += NUMBER_BONUS
        places = _places(c.text, query) if wants_place else set()
        if places:
            c.units |= {frozenset({f"@{p.lower()}"}) for p in places}
            c.score += NUMBER_BONUS


def _places(text: str, query: set[str]) -> set[str]:
    """Places the sentence puts a question word in: "the summit ... in Jakarta" (within PLACE_REACH words after
    "summit"), not "the war in Ukraine" when the question is about a summit. Names the question has are no answer.
    """
    out = set()
    for m in _PLACE.finditer(text):
        place = m.group(1)
        before = set(content_stems(" ".join(text[:m.start()].split()[-PLACE_REACH:])))
        if before & query and not content_stems(place) <= query and not _DATE_WORD.match(place):
            out.add(place)
    return out


def _by_rank(candidates: list[Quote], passages: list[Passage]) -> None:
    """Scale each score down by its article's retrieval rank: an aside from the fifth article loses to the
    same words in the first."""
    rank: dict[str, int] = {}
    for n, p in enumerate(passages):
        rank.setdefault(p.doc_id, n)
    for c in candidates:
        c.score *= 1 - RANK_DECAY * min(rank[c.passage.doc_id], 5) / 5


def _by_names(question: str, candidates: list[Quote], embed: Embed | None) -> None:
    """Scale each score down by the share of the question's names its article's retrieved text never
    mentions, by that name or by one close in meaning ("Pyongyang" ~ "North Korea"); an article's outlet counts
    as mentioned. Asked about the summit in Vientiane, an article about the one in Jakarta is off the question."""
    names = [n for n in find_names(question) if content_stems(n)]
    if embed is None or not names:
        return
    words: dict[str, set[str]] = {}
    mentioned: dict[str, set[str]] = {}
    for c in candidates:
        words.setdefault(c.passage.doc_id, set()).update(content_stems(c.passage.text))
        mentioned.setdefault(c.passage.doc_id, {c.passage.label}).update(find_names(c.passage.text))
    missing = {d: [n for n in names if not content_stems(n) <= w] for d, w in words.items()}
    others = sorted({m for d, ns in missing.items() if ns for m in mentioned[d]})
    close = close_words(sorted({n for ns in missing.values() for n in ns}), others, SAME_ENTITY, embed)
    for c in candidates:
        gone = [n for n in missing[c.passage.doc_id] if not close[n] & mentioned[c.passage.doc_id]]
        c.score *= 1 - NAME_MISS * len(gone) / len(names)


def close_words(words: list[str], others: list[str], threshold: float, embed: Embed) -> dict[str, set[str]]:
    """Each word -> the `others` whose embedding lies within `threshold` cosine of it (vectors are unit length).
    (["Pyongyang"], ["North Korea", "Uber"], 0.7) -> {"Pyongyang": {"North Korea"}}"""
    if not words or not others:
        return {w: set() for w in words}
    vectors = np.array(embed(words + others), dtype=np.float32)
    sims = vectors[: len(words)] @ vectors[len(words):].T
    return {w: {o for o, sim in zip(others, row) if sim >= threshold} for w, row in zip(words, sims)}


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


def _twins(kept: Quote, other: Quote) -> bool:
    """`other` states `kept`'s fact: most content words shared, and the verifier agrees (names, numbers,
    polarity)."""
    if numbers_in(kept.text) != numbers_in(other.text):  # "in November 2022" is not "last November"
        return False
    if kept.drafted or other.drafted:  # the model restating a quote (or the reverse): one of them is enough
        return _same_fact(kept.stems, other.stems)
    return _same_fact(kept.stems, other.stems) and verify_sentence(kept.text, [other.passage], []).supported


def _same_fact(a: set[str], b: set[str]) -> bool:
    """Near-duplicates: "Yoon and Luxon agreed to initiate a dialogue" ~ "... decided to launch a dialogue".
    """
    if not a or not b:
        return False
    shared = len(a & b)
    return shared / min(len(a), len(b)) >= DUPLICATE_OVERLAP and shared / len(a | b) >= DUPLICATE_JACCARD


def _citations(c: Quote) -> list[Citation]:
    """The sentence's own passage, its syndicated copies (Passage.labels) and its twins in other passages."""
    return unique_citations([cite for k in [c] + c.twins for cite in citations_for(k.passage, k.start, k.end, True)])
