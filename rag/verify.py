"""The verifier: is an answer sentence supported by the passages it cites? Pure functions over plain data.

A passage supports a sentence when a window of 1-2 of its sentences holds every name and number of the
sentence, does not negate what the sentence affirms (nor the reverse), holds enough of its content words
and, given an embedder, means roughly the same. The small default model invents facts; this is the guard.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from index.sentences import sentence_spans
from rag.answer import Passage, Sentence
from rag.cite import parse_answer
from rag.claims import (
    ANTONYMS,
    DEMONYMS,
    NEG_PREFIXES,
    STOPWORDS,
    TITLES,
    canonical,
    clauses,
    content_stems,
    find_names,
    find_numbers,
    name_key,
    negated_stems,
    numbers_in,
    stem,
)
from rag.credit import citations_for, unique_citations

Embed = Callable[[list[str]], list[list[float]]]

# Thresholds chosen on sentences about the seed articles (tests/test_verify.py): faithful paraphrases keep
# 0.6-1.0 of their content words in the quoted window; invented sentences reusing the passage's words are
# caught by their names, numbers or polarity, not by overlap. Under the default MiniLM embedder paraphrases
# score cosine 0.53-1.0 against their window; the cosine is a veto for sentences about something else.
MIN_RECALL = 0.6  # share of the sentence's content words found in the quoted window
SURE_RECALL = 0.8  # lexical support strong enough that a low cosine does not veto it
# Share of the claim's words other than names (what it says happened) found in the window, unless the recall
# is sure: "Yoon said Japan should leave NATO" keeps its names but none of its act.
MIN_ACT_RECALL = 0.5
MIN_COSINE = 0.4
# A long sentence is also checked clause by clause, so a copied opening cannot carry an invented tail.
NEAR = 0.1  # windows this close to the best one in recall are checked for contradictions too
NOT_A_CLAIM = "not a claim"



@dataclass
class Verdict:
    supported: bool
    passages: list[Passage] = field(default_factory=list)  # supporting passages, cited ones first
    # (passage, start, end) of the best window in each supporting passage; when unsupported, the closest
    # window in each cited passage, so a reader can see what the model pointed at.
    quotes: list[tuple[Passage, int, int]] = field(default_factory=list)
    score: float = 0.0
    reason: str = ""  # why not supported: "names not in source: China, India", "number 2022 not in source"


@dataclass
class _Claim:
    stems: set[str]
    names: list[str]
    numbers: list[tuple[str, str]]
    negated: set[str]
    subject: list[str]  # names before the first other content word: "Yoon and Luxon" in "Yoon and Luxon met"
    predicate: str  # the stem of that word: "meet"

    @classmethod
    def of(cls, sentence: str) -> _Claim:
        names = find_names(sentence)
        return cls(content_stems(sentence), names, find_numbers(sentence), negated_stems(sentence),
                   *_subject(sentence, names))


def _subject(sentence: str, names: list[str]) -> tuple[list[str], str]:
    """ "New Zealand exported missiles." -> (["New Zealand"], "export") """
    text = canonical(sentence)
    in_names = {w.lower() for n in names for w in n.split()}
    for m in re.finditer(r"[A-Za-z0-9]+", text):
        low = m.group().lower()
        if low not in in_names and low not in STOPWORDS and low.removesuffix("s") not in TITLES:
            return [n for n in names if 0 <= text.find(n) < m.start()], stem(DEMONYMS.get(low, low))
    return names, ""


@dataclass
class _Match:
    passage: Passage
    start: int
    end: int
    missing_names: list[str]  # not anywhere in the passage
    background: list[str]  # in the passage, but not in this window
    missing_numbers: list[str]
    flips: set[str]  # stems one side negates (or contradicts) and the other affirms
    borrowed: list[str]  # the claim's subject, when the window gives its act to another named actor
    unnegated: bool  # the claim negates, the window negates nothing
    recall: float  # share of the claim's content stems in the window, background names left out
    act_recall: float  # share of its stems that are not names
    cosine: float | None = None
    lost_clause: str = ""  # a clause of the claim that no window of the passage supports

    @property
    def lexical(self) -> bool:
        enough_act = self.act_recall >= MIN_ACT_RECALL or self.recall >= SURE_RECALL
        return self.recall >= self.needed and enough_act

    @property
    def needed(self) -> float:
        """A name borrowed from elsewhere in the passage needs the rest of the claim to be plainly here."""
        return SURE_RECALL if self.background else MIN_RECALL

    @property
    def key(self) -> tuple:
        """Best window first: its numbers, polarity, enough words, its actor, more words, its own names."""
        return (len(self.missing_numbers), self.unnegated, not self.lexical, bool(self.borrowed),
                -self.recall, len(self.background), self.end - self.start)

    @property
    def score(self) -> float:
        return self.recall if self.cosine is None else (self.recall + self.cosine) / 2

    @property
    def reason(self) -> str:
        if self.missing_names:
            return "names not in source: " + ", ".join(self.missing_names)
        if self.missing_numbers:
            word = "number" if len(self.missing_numbers) == 1 else "numbers"
            return f"{word} {', '.join(self.missing_numbers)} not in source"
        if self.flips or self.unnegated:
            return "negation differs from source: " + ", ".join(sorted(self.flips) or ["not"])
        if self.borrowed:
            return "subject not in the quoted sentences: " + ", ".join(self.borrowed)
        if self.lost_clause:
            return f"part not in source: {self.lost_clause}"
        if not self.lexical:
            if self.background and self.recall >= MIN_RECALL:
                return "names not in the quoted sentences: " + ", ".join(self.background)
            return "low overlap"
        if self.cosine is not None and self.cosine < MIN_COSINE and self.recall < SURE_RECALL:
            return "low similarity"
        return ""


def verify_sentence(
    sentence: str, cited: list[Passage], candidates: list[Passage], embed: Embed | None = None
) -> Verdict:
    """(sentence, cited passages, all passages) -> Verdict; support found in an uncited passage moves there.

    ("The IP4 are China and India.", [korea_times], [korea_times]) -> Verdict(False, reason="names not ...")
    """
    claim = _Claim.of(sentence)
    if not claim.stems:
        return Verdict(False, reason=NOT_A_CLAIM)
    pool = _unique(cited + candidates)
    if not pool:
        return Verdict(False, reason="no sources")
    matches = [_best_window(claim, p) for p in pool]
    parts = clauses(sentence)
    for m in matches:
        if not m.reason:
            m.lost_clause = next((c for c in parts if not _clause_supported(c, m.passage)), "")
    if embed is not None:
        _add_cosines(sentence, [m for m in matches if m.reason in ("", "low similarity")], embed)
    cited_ids = {id(p) for p in _unique(cited)}
    good = _one_per_doc(sorted((m for m in matches if not m.reason),
                               key=lambda m: (id(m.passage) not in cited_ids, -m.score)))
    if good:
        quotes = [(m.passage, m.start, m.end) for m in good]
        return Verdict(True, [m.passage for m in good], quotes, good[0].score)
    pointed = [m for m in matches if id(m.passage) in cited_ids]
    best = min(pointed or matches, key=lambda m: (len(m.missing_names), m.key))
    return Verdict(False, [], [(m.passage, m.start, m.end) for m in pointed], best.score, best.reason)


def verify_answer(text: str, passages: list[Passage], embed: Embed | None = None) -> list[Sentence]:
    """Model answer -> verified Sentences; sentences without a claim ("Sure.") are dropped.

    "Trade nearly doubled [2]." -> [Sentence("Trade nearly doubled.", [Citation("Business Standard")], True)]
    """
    out = []
    for sentence, indices in parse_answer(text, passages):
        verdict = verify_sentence(sentence, [passages[i] for i in indices], passages, embed)
        if verdict.reason == NOT_A_CLAIM:
            continue
        cites = [c for p, s, e in verdict.quotes for c in citations_for(p, s, e, verdict.supported)]
        out.append(Sentence(sentence, unique_citations(cites), verdict.supported, verdict.reason))
    return out


def _best_window(claim: _Claim, p: Passage) -> _Match:
    """The 1-2 sentence window of `p` that best supports the claim."""
    words = name_key(p.text)
    absent = [n for n in claim.names if not _has_name(name_key(n), words, set(words.split()))]
    spans = sentence_spans(p.text) or [(0, len(p.text))]
    pairs = [(i, j) for i in range(len(spans)) for j in (i, i + 1) if j < len(spans)]
    matches = [_match(claim, p, spans[i][0], spans[j][1], absent) for i, j in pairs]
    best = min(matches, key=lambda m: m.key)
    if not claim.negated:
        # A positive claim the source contradicts a sentence away is contested, not supported:
        # "North Korea and Russia admitted arms talks" against "... denied they were in arms negotiations".
        for m in matches:
            near = len(m.missing_numbers) <= len(best.missing_numbers) and m.recall >= best.recall - NEAR
            if m.flips and near:
                best.flips |= m.flips
    return best


def _match(claim: _Claim, p: Passage, start: int, end: int, absent: list[str]) -> _Match:
    window = p.text[start:end]
    stems, words, negated = content_stems(window), name_key(window), negated_stems(window)
    vocab = set(words.split())
    background = [n for n in claim.names if n not in absent and not _has_name(name_key(n), words, vocab)]
    asked = claim.stems - {s for n in background for s in content_stems(n)}
    recall = len(asked & stems) / len(asked) if asked else 0.0
    act = claim.stems - {s for n in claim.names for s in content_stems(n)}
    act_recall = len(act & stems) / len(act) if act else 1.0
    numbers = numbers_in(window)
    missing_numbers = [surface for surface, key in claim.numbers if key not in numbers]
    borrowed = _borrowed_subject(claim, window, stems)
    return _Match(p, start, end, absent, background, missing_numbers, _flips(claim, stems, negated), borrowed,
                  bool(claim.negated) and not negated, recall, act_recall)


def _borrowed_subject(claim: _Claim, window: str, stems: set[str]) -> list[str]:
    """The claim's subject when the window gives its act to someone else, else [].

    "New Zealand exported missiles" against "... North Korea's export of missiles" -> ["New Zealand"];
    against "They exported missiles" -> [] (a pronoun may well be New Zealand).
    """
    if not claim.subject or claim.predicate not in stems:
        return []  # a paraphrased verb: recall and the embedding judge it
    subject = [name_key(n) for n in claim.subject]
    for s, e in sentence_spans(window):
        sentence = window[s:e]
        words = re.finditer(r"[A-Za-z]+", sentence)
        act = next((m for m in words if claim.predicate in content_stems(m.group())), None)
        if act is None:
            continue
        keys = name_key(sentence)
        if any(_has_name(k, keys, set(keys.split())) for k in subject):
            return []
        if not find_names(sentence[:act.start()]):
            return []  # "The two leaders denounced": no other actor named, so no contradiction
    return claim.subject


def _clause_supported(clause: str, p: Passage) -> bool:
    """Half of a clause's words other than names are in some window of the passage."""
    return _best_window(_Claim.of(clause), p).act_recall >= MIN_ACT_RECALL


def _has_name(key: str, words: str, vocab: set[str]) -> bool:
    """A name is in a text as a phrase, or word by word ("New Zealand PM Luxon" across two clauses)."""
    return f" {key} " in f" {words} " or all(w in vocab for w in key.split())


def _flips(claim: _Claim, stems: set[str], negated: set[str]) -> set[str]:
    """Stems whose polarity differs: one side negates, contradicts ("deny"/"admit") or un-does it."""
    out = {s for s in claim.negated if s in stems and s not in negated}
    out |= {s for s in negated if s in claim.stems and s not in claim.negated}
    out |= {a for a, b in ANTONYMS if a in claim.stems and b in stems and a not in stems}
    for s in claim.stems - stems:
        for pre in NEG_PREFIXES:
            undone = pre + s in stems or (s.startswith(pre) and s[len(pre):] in stems)
            if undone and len(s) >= 5 + (len(pre) if s.startswith(pre) else 0):
                out.add(s)
    return out


def _add_cosines(sentence: str, matches: list[_Match], embed: Embed) -> None:
    """Cosine of the sentence and the closest of the window and its single sentences."""
    texts, owners = [sentence], []
    for k, m in enumerate(matches):
        window = m.passage.text[m.start:m.end]
        spans = sentence_spans(window)
        parts = [window] + ([window[s:e] for s, e in spans] if len(spans) > 1 else [])
        texts += parts
        owners += [k] * len(parts)
    vectors = embed(texts)
    for k, vec in zip(owners, vectors[1:]):
        cos = sum(a * b for a, b in zip(vectors[0], vec))
        matches[k].cosine = max(cos, matches[k].cosine if matches[k].cosine is not None else -1.0)


def _unique(passages: list[Passage]) -> list[Passage]:
    seen, out = set(), []
    for p in passages:
        if (p.doc_id, p.chunk_id) not in seen:
            seen.add((p.doc_id, p.chunk_id))
            out.append(p)
    return out


def _one_per_doc(matches: list[_Match]) -> list[_Match]:
    """Two chunks of one article are one source; syndicated copies (other doc_ids) each count."""
    seen, out = set(), []
    for m in matches:
        if m.passage.doc_id not in seen:
            seen.add(m.passage.doc_id)
            out.append(m)
    return out
