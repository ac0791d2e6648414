"""Lexical support of a sentence in a window of 1-2 passage sentences: its names, numbers, polarity and content
words. Pure functions over plain data; the verifier (rag/verification/verifier.py) adds the checks of roles, phrases and
meaning on top.

    best_window(Claim.of("Luxon took office in November 2022."), nz) -> Match(window "... since assuming office
    in November 2022.", recall 1.0, reason "")
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from index.sentences import sentence_spans
from rag.answer import Passage
from rag.language.words import (
    ANTONYMS,
    DEMONYMS,
    NEG_PREFIXES,
    STOPWORDS,
    TITLES,
    canonical,
    content_stems,
    find_names,
    find_numbers,
    name_key,
    negated_stems,
    numbers_in,
    stem,
)

# Thresholds chosen on sentences about the seed articles (tests/test_verify.py) and the calibration half of
# eval/data/claims.jsonl: faithful paraphrases keep 0.6-1.0 of their content words in the quoted window;
# invented sentences reusing the passage's words are caught by their names, numbers, polarity or roles, not by
# overlap.
MIN_RECALL = 0.6  # share of the sentence's content words found in the quoted window
SURE_RECALL = 0.8  # lexical support strong enough that a low cosine does not veto it
# Share of the claim's words other than names (what it says happened) found in the window, unless the recall
# is sure: "Yoon said Japan should leave NATO" keeps its names but none of its act.
MIN_ACT_RECALL = 0.5
NEAR = 0.1  # windows this close to the best one in recall are checked for contradictions too


@dataclass
class Claim:
    stems: set[str]
    names: list[str]
    numbers: list[tuple[str, str]]
    negated: set[str]
    subject: list[str]  # names before the first other content word: "Yoon and Luxon" in "Yoon and Luxon met"
    predicate: str  # the stem of that word: "meet"
    sentence: str = ""

    @classmethod
    def of(cls, sentence: str) -> Claim:
        names, numbers = find_names(sentence), find_numbers(sentence)
        # numbers are checked as numbers: "thirty-five" is not two words the window must hold
        spelled = {s for surface, _ in numbers if not re.search(r"\d", surface) for s in content_stems(surface)}
        return cls(content_stems(sentence) - spelled, names, numbers, negated_stems(sentence),
                   *_subject(sentence, names), sentence)

    def without(self, names: list[str], numbers: list[str] = ()) -> Claim:  # type: ignore[assignment]
        """The claim with some names (and their words) and some numbers left out: the outlet a sentence cites
        is not in its text ("The Odessa Journal said ..."), a count its own list backs is not a source number."""
        gone = {s for n in names for s in content_stems(n)}
        return Claim(self.stems - gone, [n for n in self.names if n not in names],
                     [(s, k) for s, k in self.numbers if s not in numbers], self.negated,
                     [n for n in self.subject if n not in names], self.predicate, self.sentence)


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
class Match:
    passage: Passage
    start: int
    end: int
    missing_names: list[str]  # not anywhere in the passage
    background: list[str]  # in the passage, but not in this window
    missing_numbers: list[str]
    flips: set[str]  # stems one side negates (or contradicts) and the other affirms
    borrowed: bool  # by word order, the window gives the claim's act to another named actor (ranks it lower)
    unnegated: bool  # the claim negates, the window negates nothing
    recall: float  # share of the claim's content stems in the window, background names left out
    act_recall: float  # share of its stems that are not names
    cosine: float | None = None
    problem: str = ""  # a check past the words failed: roles, a phrase, a generalisation (rag/verification/verifier.py)
    # more windows (passage, start, end), one per further clause of a sentence whose clauses come from two windows
    extra: list[tuple[Passage, int, int]] = field(default_factory=list)

    @property
    def window(self) -> str:
        return self.passage.text[self.start:self.end]

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
        """Best window first: its numbers, polarity, enough words, more words, its own names, shorter."""
        return (len(self.missing_numbers), self.unnegated, not self.lexical, self.borrowed, -self.recall,
                len(self.background), self.end - self.start)

    @property
    def score(self) -> float:
        return self.recall if self.cosine is None else (self.recall + self.cosine) / 2

    @property
    def words_reason(self) -> str:
        """Why the words of the window do not support the claim, "" when they do."""
        if self.missing_names:
            return "names not in source: " + ", ".join(self.missing_names)
        if self.missing_numbers:
            word = "number" if len(self.missing_numbers) == 1 else "numbers"
            return f"{word} {', '.join(self.missing_numbers)} not in source"
        if self.flips or self.unnegated:
            return "negation differs from source: " + ", ".join(sorted(self.flips) or ["not"])
        if not self.lexical:
            if self.background and self.recall >= MIN_RECALL:
                return "names not in the quoted sentences: " + ", ".join(self.background)
            return "low overlap"
        return ""


def windows(claim: Claim, p: Passage) -> list[Match]:
    """Every 1-2 sentence window of `p`, best support first."""
    words, vocab = _words_of(p.text)
    absent = [n for n in claim.names if not has_name(_key(n), words, vocab)
              and not near_name(n, claim.sentence, p.text, vocab)]
    spans = _spans(p.text)
    pairs = [(i, j) for i in range(len(spans)) for j in (i, i + 1) if j < len(spans)]
    return sorted((_match(claim, p, spans[i][0], spans[j][1], absent) for i, j in pairs), key=lambda m: m.key)


@lru_cache(maxsize=8192)
def _key(name: str) -> str:
    return name_key(name)


@lru_cache(maxsize=8192)
def _name_stems(name: str) -> frozenset[str]:
    return frozenset(content_stems(name))


@lru_cache(maxsize=4096)
def _spans(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(sentence_spans(text)) or ((0, len(text)),)


@lru_cache(maxsize=16384)
def _words_of(text: str) -> tuple[str, frozenset[str]]:
    """A text's name key and its words: the same passages and windows come back for every sentence checked."""
    words = name_key(text)
    return words, frozenset(words.split())


@lru_cache(maxsize=16384)
def _features(window: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(content stems, negated stems, numbers) of a window, cached."""
    return frozenset(content_stems(window)), frozenset(negated_stems(window)), frozenset(numbers_in(window))


def best_window(claim: Claim, p: Passage, ranked: list[Match] | None = None) -> Match:
    """The 1-2 sentence window of `p` that best supports the claim."""
    matches = ranked if ranked is not None else windows(claim, p)
    best = matches[0]
    if not claim.negated:
        # A positive claim the source contradicts a sentence away is contested, not supported:
        # "North Korea and Russia admitted arms talks" against "... denied they were in arms negotiations".
        for m in matches:
            near = len(m.missing_numbers) <= len(best.missing_numbers) and m.recall >= best.recall - NEAR
            if m.flips and near:
                best.flips |= m.flips
    return best


def _match(claim: Claim, p: Passage, start: int, end: int, absent: list[str]) -> Match:
    window = p.text[start:end]
    stems, negated, numbers = _features(window)
    words, vocab = _words_of(window)
    background = [n for n in claim.names if n not in absent and not has_name(_key(n), words, vocab)]
    asked = claim.stems - {s for n in background for s in _name_stems(n)}
    recall = len(asked & stems) / len(asked) if asked else 0.0
    act = claim.stems - {s for n in claim.names for s in _name_stems(n)}
    act_recall = len(act & stems) / len(act) if act else 1.0
    missing_numbers = [surface for surface, key in claim.numbers if key not in numbers]
    return Match(p, start, end, absent, background, missing_numbers, flips(claim, stems, negated),
                 _borrowed_subject(claim, window, stems), bool(claim.negated) and not negated, recall, act_recall)


def _borrowed_subject(claim: Claim, window: str, stems: set[str]) -> bool:
    """The window gives the claim's act to someone else, by word order (the parse-based check of roles in
    rag/verification/relations.py judges the chosen window; this only ranks windows).

    "New Zealand exported missiles" against "... North Korea's export of missiles" -> True; against "They
    exported missiles" -> False (a pronoun may well be New Zealand).
    """
    if not claim.subject or claim.predicate not in stems:
        return False
    subject = [name_key(n) for n in claim.subject]
    for s, e in sentence_spans(window):
        sentence = window[s:e]
        words = re.finditer(r"[A-Za-z]+", sentence)
        act = next((m for m in words if claim.predicate in content_stems(m.group())), None)
        if act is None:
            continue
        keys = name_key(sentence)
        if any(has_name(k, keys, set(keys.split())) for k in subject):
            return False
        if not find_names(sentence[:act.start()]):
            return False  # "The two leaders denounced": no other actor named, so no contradiction
    return True


def near_name(name: str, sentence: str, text: str, vocab: frozenset[str] | None = None) -> bool:
    """The text names the person by part of the name ("Altman" for "Sam Altman", "Kim" for "Kim Jong Un") and
    no one else by that part; or spells a long word of the name with two letters swapped ("Pyongayng")."""
    want = _key(name).split()
    vocab = vocab if vocab is not None else _words_of(text)[1]
    if not any(w in vocab for w in want) and not any(len(w) >= 7 for w in want):
        return False  # no word of it there, nor one long enough to be misspelt
    if all(w in vocab or (len(w) >= 7 and any(_transposed(w, v) for v in vocab)) for w in want):
        return True
    if len(want) < 2 or not any(w in vocab for w in (want[0], want[-1])):
        return False
    if any(w in vocab for w in want if w not in (want[0], want[-1])) or not _person(name, sentence):
        return False
    others = [set(name_key(n).split()) for n in find_names(text)]
    return not any(o & set(want) and o - set(want) - TITLES for o in others)


def _person(name: str, sentence: str) -> bool:
    from rag.language.entities import mentions  # spaCy's entity types; loaded only when a name is missing

    at = canonical(sentence).find(name)
    return any(m.type == "person" and m.start < at + len(name) and at < m.end for m in mentions(canonical(sentence)))


def _transposed(a: str, b: str) -> bool:
    """Two words the same but for two neighbouring letters swapped. ("pyongyang", "pyongayng") -> True"""
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def has_name(key: str, words: str, vocab: set[str]) -> bool:
    """A name is in a text as a phrase, or word by word ("New Zealand PM Luxon" across two clauses)."""
    return f" {key} " in f" {words} " or all(w in vocab for w in key.split())


def flips(claim: Claim, stems: set[str], negated: set[str]) -> set[str]:
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
