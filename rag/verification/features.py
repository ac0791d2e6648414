"""What the verifier knows about one (sentence, window) pair that no rule check objects to, as numbers: how much
of the sentence the window holds (its words, its names, each of its phrases, its main verbs), where the words it
does not hold sit (a run of them with nothing in their place is an added clause; a word standing where the
window has another is a substitution; an opposite is an antonym; scattered synonyms are a paraphrase), and
whether the sentence has a main clause at all. A learned check (rag/verification/learned.py) weighs them. Lexical only: the
same on any embedder (the cosine stays a rule, rag/verification/verifier.py).

    features(assessment, match)["longest_gap"] -> 4.0 for "..., accompanied by a trade delegation" (four words
    the window never has, in a row)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rag.language.parse import parse
from rag.language.pieces import Pieces
from rag.language.synonyms import related
from rag.language.words import STOPWORDS, act_stems, canonical, content_stems, stem
from rag.verification.align import Alignment, align
from rag.verification.windows import Claim, Match

FEATURES = ("bias", "recall", "act_recall", "explained", "unmatched", "longest_gap", "worst_piece",
            "novel", "length_ratio", "merged", "not_finite", "subordinate_opening", "substituted",
            "opposite", "inserted", "reworded", "verb_substituted")
_FINITE = {"VBD", "VBZ", "VBP", "MD"}
_OPENERS = {"IN", "WDT", "WP", "WRB", "TO", "VBG", "VBN"}


@dataclass
class Context:
    """What the features read besides the window: the claim, its parts, and its parse-level form."""

    sentence: str
    claim: Claim
    parts: Pieces


def features(ctx: Context, m: Match) -> dict[str, float]:
    """(context, a passage's best window) -> {feature name: value}, every name of FEATURES present."""
    have = held(m)
    act = sorted(ctx.claim.stems - {s for n in ctx.claim.names for s in content_stems(n)})
    unmatched = [s for s in act if s not in have]
    explained = [s for s in unmatched if related(s, have)]
    out = {k: 0.0 for k in FEATURES}
    out.update(
        bias=1.0,
        recall=m.recall,
        act_recall=m.act_recall,
        explained=(len(act) - len(unmatched) + len(explained)) / len(act) if act else 1.0,
        unmatched=float(len(unmatched) - len(explained)),
        longest_gap=float(longest_gap(ctx.sentence, have)),
        worst_piece=min((share(p, have) for p in _units(ctx)), default=1.0),
        novel=_novel(act, m.passage.text),
        length_ratio=min(len(ctx.claim.stems) / max(len(have), 1), 3.0),
        merged=1.0 if m.extra else 0.0,
        not_finite=0.0 if finite_root(ctx.sentence) else 1.0,
        subordinate_opening=1.0 if subordinate_opening(ctx.sentence) else 0.0,
    )
    lined = alignment(ctx, m)
    verbs = _verbs(ctx.sentence)
    out.update(substituted=float(len(lined.substituted)), opposite=float(len(lined.opposite)),
               inserted=float(lined.longest_insert), reworded=float(lined.reworded),
               verb_substituted=float(any(w.lower() in verbs for w, _ in lined.substituted + lined.opposite)))
    return out


def alignment(ctx: Context, m: Match) -> Alignment:
    """The sentence aligned with the window (and the further windows of a merged sentence)."""
    return align(ctx.sentence, " ".join(p.text[s:e] for p, s, e in [(m.passage, m.start, m.end), *m.extra]))


@lru_cache(maxsize=4096)
def _verbs(sentence: str) -> frozenset[str]:
    """The sentence's verbs, lowercase, as the tagger reads them."""
    return frozenset(t.text.lower() for t in parse(canonical(sentence)) if t.pos_ == "VERB")


def held(m: Match) -> set[str]:
    """The content stems of the window, and of the further windows of a merged sentence."""
    return set().union(*(_window_stems(p.text[s:e]) for p, s, e in [(m.passage, m.start, m.end), *m.extra]))


@lru_cache(maxsize=16384)
def _window_stems(window: str) -> frozenset[str]:
    return frozenset(content_stems(window))


def gap_words(sentence: str, m: Match) -> str:
    """The longest run of the sentence's words the window lacks, as written: "trade delegation" """
    have, best, run = held(m), [], []
    for w in _words(sentence):
        if w.lower() in STOPWORDS or len(w) == 1:
            continue
        run = [] if _held(w, have) else run + [w]
        best = run if len(run) > len(best) else best
    return " ".join(best)


def _words(sentence: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9]+", canonical(sentence))


def _held(word: str, have: set[str]) -> bool:
    s = stem(word.lower())
    return s in have or related(s, have)


def longest_gap(sentence: str, have: set[str]) -> int:
    """The longest run of the sentence's content words (names' words included) that the window lacks, function
    words skipped. ("Luxon arrived in Seoul, accompanied by a trade delegation.", stems of "Luxon arrived in
    Seoul") -> 3"""
    best = run = 0
    for w in _words(sentence):
        if w.lower() in STOPWORDS or len(w) == 1:
            continue
        run = 0 if _held(w, have) else run + 1
        best = max(best, run)
    return best


def share(piece: str, have: set[str]) -> float:
    """Share of a phrase's words other than names that the window holds, or says in other words."""
    act = act_stems(piece)
    return sum(s in have or related(s, have) for s in act) / len(act) if act else 1.0


def _units(ctx: Context) -> list[str]:
    return [*ctx.parts.clauses, *(x.text for x in ctx.parts.extras)]


def _novel(act: list[str], passage: str) -> float:
    """Share of the claim's words the whole passage never has."""
    if not act:
        return 0.0
    every = _passage_stems(passage)
    return sum(s not in every for s in act) / len(act)


@lru_cache(maxsize=4096)
def _passage_stems(text: str) -> frozenset[str]:
    return frozenset(content_stems(text))


def finite_root(sentence: str) -> bool:
    """The main clause has a tensed verb, or an auxiliary or modal that makes it one ("has met", "will go")."""
    doc = parse(canonical(sentence))
    for t in doc:
        if t.dep_ != "ROOT":
            continue
        if t.tag_ in _FINITE or any(c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE for c in t.children):
            return True
        if any(c.dep_ == "conj" and c.tag_ in _FINITE for c in t.children):
            return True
    return False


def subordinate_opening(sentence: str) -> bool:
    """The sentence opens with a subordinating word, a preposition or a participle and has no comma-set main
    clause after it: "When he spoke to the leaders.", "During a summit with Kishida.", "Including ..." """
    doc = parse(canonical(sentence))
    words = [t for t in doc if not t.is_punct]
    if not words or words[0].tag_ not in _OPENERS:
        return False
    return not any(t.text == "," for t in doc)
