"""The parts of a sentence that must each be found in a source: its coordinated clauses, and the phrases a
comma or a conjunction hangs on it ("..., accompanied by a trade delegation", "which has settled them",
"because it hosted the most workers"). From the dependency parse (rag/language/parse.py); pure over strings.

    pieces("Luxon arrived in Seoul, accompanied by a trade delegation.")
    -> Pieces(clauses=[], extras=[Piece("accompanied by a trade delegation", causal=False)])
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from rag.language.parse import parse
from rag.language.words import act_stems

MIN_PIECE_STEMS = 2  # words other than names a phrase needs to be judged alone
_HUNG = {"advcl", "relcl", "acl", "prep", "appos", "npadvmod", "ccomp"}
# A "because" clause states a link between two facts: the source must state the link, not just both facts.
CAUSAL_MARKS = {"because", "since", "so", "therefore", "thus", "hence", "as"}
CAUSAL_OPENINGS = ("because", "due to", "in exchange for", "in return for", "thanks to", "owing to", "as a result",
                   "in response", "so that", "therefore", "thus", "hence")
MEMBER_OPENINGS = ("including", "such as", "like", "among them", "notably")
# Words by which a window states a cause.
CAUSAL_WORDS = {"because", "due", "since", "result", "so", "therefore", "thus", "hence", "cause", "caused",
                "causing", "lead", "led", "leading", "prompt", "prompted", "response", "return", "exchange",
                "owing", "thanks", "reason", "why", "fuel", "fuelling", "fueling", "drive", "driven", "amid"}


@dataclass(frozen=True)
class Piece:
    text: str
    causal: bool = False  # introduced by "because", "in exchange for", ...
    member: bool = False  # "including X", "such as X": X is said to be part of what the clause names
    anchor: str = ""  # what a member phrase hangs on: "key global issues" for "..., including the war"

    @property
    def bound(self) -> bool:
        """The phrase states a link to its clause, so the clause's own window must hold it."""
        return self.causal or self.member


@dataclass
class Pieces:
    clauses: list[str] = field(default_factory=list)  # coordinated main clauses, when more than one
    extras: list[Piece] = field(default_factory=list)  # phrases hung on a clause


def pieces(sentence: str) -> Pieces:
    """A sentence -> its coordinated clauses (each a claim of its own) and the phrases hung on them.

    "Messi returned off the bench, but a goal by Barreal ended their hopes." -> Pieces(clauses=["Messi returned
    off the bench,", "but a goal by Barreal ended their hopes."], extras=[])
    """
    doc = parse(sentence)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return Pieces()
    out = Pieces()
    # verbs conjoined to the main verb, or to a verb it governs ("accused X of fuelling ... and condemned ..."), a
    # clause with a subject of its own after a semicolon, and a second sentence the parser found in the text
    conj = [t for t in doc if t.pos_ in ("VERB", "AUX") and t.head.pos_ in ("VERB", "AUX") and _main_line(t) and (
        (t.dep_ == "conj" and t.head.dep_ in ("ROOT", "pcomp", "xcomp", "conj")
        and (any(c.dep_ == "cc" for c in t.head.children) or any(c.dep_ == "nsubj" for c in t.children)))
        or (t.dep_ == "parataxis" and any(c.dep_ == "nsubj" for c in t.children)))]
    conj += [r for r in doc if r.dep_ == "ROOT" and r is not root]
    if conj:
        cuts = sorted({0, *(_clause_start(c) for c in conj), len(doc)})
        texts = [doc[a:b].text for a, b in itertools.pairwise(cuts)]
        out.clauses = [t for t in texts if len(act_stems(t)) >= MIN_PIECE_STEMS]
        if len(out.clauses) < 2:
            out.clauses = []
    taken: list[tuple[int, int]] = []
    for t in doc:
        if t.dep_ not in _HUNG or not _hung(t):
            continue
        start, end = t.left_edge.i, t.right_edge.i + 1
        if any(a <= start and end <= b for a, b in taken):
            continue
        text = doc[start:end].text.strip(" ,;")
        causal = _causal(t)
        member = t.dep_ == "prep" and text.lower().startswith(MEMBER_OPENINGS)
        if len(act_stems(text)) >= MIN_PIECE_STEMS or ((causal or member) and act_stems(text)):
            taken.append((start, end))
            anchor = doc[t.head.left_edge.i:start].text.strip(" ,") if member and t.head.left_edge.i < start else ""
            out.extras.append(Piece(text, causal, member, anchor))
    return out


def states_cause(window: str) -> bool:
    """The window has a word that states a cause. "... in response, which could help" -> True"""
    return bool({w.lower() for w in re.findall(r"[A-Za-z]+", window)} & CAUSAL_WORDS)


def _hung(t: Any) -> bool:
    """A phrase hung on the sentence: after a comma, or a clause a conjunction opens ("because it ...")."""
    first = t.left_edge
    after_comma = first.i > 0 and t.doc[first.i - 1].text in (",", ";", "—", "–")
    marked = any(c.dep_ == "mark" for c in t.children) and t.dep_ == "advcl"
    return after_comma or marked or _causal(t)


def _causal(t: Any) -> bool:
    """Opened by "because", "since", "in exchange for", "due to" ..."""
    marks = {c.text.lower() for c in t.children if c.dep_ == "mark"}
    if t.dep_ == "advcl" and marks & CAUSAL_MARKS - {"as", "since"}:
        return True
    opening = t.doc[t.left_edge.i:t.left_edge.i + 4].text.lower()
    return t.dep_ in ("prep", "advcl", "advmod") and opening.startswith(CAUSAL_OPENINGS)


def _main_line(t: Any) -> bool:
    """The verb is on the main clause's line: no relative or adverbial clause between it and the root."""
    while t.dep_ != "ROOT" and t.head is not t:
        if t.dep_ in ("relcl", "advcl", "acl", "ccomp", "csubj"):
            return False
        t = t.head
    return True


def _clause_start(v: Any) -> int:
    """Where a conjoined clause starts: its subject, or its conjunction ("and said ...")."""
    if v.dep_ == "ROOT":
        return v.sent.start
    first = min([v.i] + [c.left_edge.i for c in v.children if c.dep_ in ("nsubj", "nsubjpass", "aux", "advmod")
                         and c.i < v.i])
    cc = [c.i for c in v.head.children if c.dep_ in ("cc", "punct") and c.i < v.i and c.i >= first - 2]
    return min([first, *cc])
