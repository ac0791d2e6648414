"""Who did what to whom: the predicates of a sentence with their agents and other arguments, from its
dependency parse (rag/language/parse.py), and the check that a claim's roles are the source's.

A relation is a verb (or a noun standing for one: "North Korea's export of missiles", or "be" with its
complement) with its agent (the subject, the "by" phrase of a passive, a possessor) and its other arguments
(objects, the subject of a passive, prepositional objects), as rag/language/arguments.py finds them.

    role_conflict("Russia supplies arms to North Korea.", ["North Korea supplies arms to Russia."])
    -> Conflict("swapped", ["Russia"])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from rag.language.arguments import GENERIC, Arg, agent_of, arg_of, args_of, hedge_of, of_object
from rag.language.lexicon import antonyms
from rag.language.parse import parse
from rag.language.synonyms import related
from rag.language.words import ANTONYMS, VERB_ANTONYMS, canonical, name_key, stem

SWAPPED, OTHER, SLOT, COUNT, POLARITY, HEDGED, OBJECT = ("swapped", "other", "slot", "count", "polarity", "hedged",
                                                     "object")
# Who meets whom says nothing about who acted: "Yoon met Kishida" is "Kishida met Yoon".
SYMMETRIC = {stem(w) for w in (
    "be", "meet", "talk", "discuss", "negotiate", "cooperate", "collaborate", "partner", "ally", "sign", "agree",
    "trade", "clash", "fight", "compete", "play", "face", "tie", "draw", "marry", "merge", "join", "hold",
    "exchange", "summit", "speak", "confer", "convene", "unite", "partnership", "cooperation", "deal", "pact",
    "agreement", "alliance", "relation")}
@dataclass(frozen=True)
class Relation:
    verb: str  # stem: "supply"
    agent: Arg
    args: tuple[Arg, ...]  # the other participants
    direct: bool  # the agent is the verb's own (a subject, a "by" phrase, a possessor), not inherited
    nominal: bool = False  # a noun standing for the act
    hedge: str = ""  # what makes the act only possible or planned: "might", "expected", "plans"


@dataclass(frozen=True)
class Conflict:
    kind: str  # SWAPPED: the claim's actor is acted on in the source; OTHER: another named actor does it;
    # SLOT: another name stands where the claim's does ("... with the Netherlands"); COUNT: another number;
    # POLARITY: the source's verb is the opposite ("closing" / "reopening")
    names: list[str]


def relations(sentence: str) -> tuple[Relation, ...]:
    """A sentence -> its relations, cached. "Russia supplies arms to North Korea." -> (Relation("supply",
    agent=Arg({"russia"}), args=(Arg(heads={"arm"}), Arg({"north korea"}))),)"""
    return _relations(canonical(sentence))


@lru_cache(maxsize=16384)
def _relations(text: str) -> tuple[Relation, ...]:
    doc = parse(text)
    out = []
    for t in doc:
        if t.pos_ == "VERB" and t.dep_ not in ("amod", "compound"):
            agent, direct = agent_of(t)
            out.append(Relation(stem(t.text.lower()), agent, args_of(t), direct, hedge=hedge_of(t)))
        elif t.pos_ == "AUX" and t.dep_ in ("ROOT", "conj", "ccomp", "relcl", "advcl") and any(
                c.dep_ in ("acomp", "attr") for c in t.children):  # "the talks were successful"
            agent, direct = agent_of(t)
            out.append(Relation("be", agent, args_of(t), direct, hedge=hedge_of(t)))
        elif t.pos_ == "NOUN" and any(c.dep_ == "poss" for c in t.children) and of_object(t) is not None:
            owner = next(c for c in t.children if c.dep_ == "poss")
            out.append(Relation(stem(t.text.lower()), arg_of(owner), args_of(t), True, nominal=True))
    return tuple(out)


def role_conflict(claim: str, window: list[str]) -> Conflict | None:
    """How the window's sentences give the claim's acts other roles, or None (same roles, or the acts are not
    there to compare). ("Paradigm pressed Bankman-Fried.", ["Bankman-Fried pressed Paradigm."]) -> SWAPPED"""
    return role_check(claim, window)[0]


def role_check(claim: str, window: list[str], context: str = "") -> tuple[Conflict | None, bool]:
    """(conflict or None, whether some act of the claim was found in the window with its roles); `context`, the
    whole passage, tells which capitalised words are names."""
    found = [r for s in window for r in relations(s)]
    words = re.findall(r"[A-Za-z]+", context or " ".join(window))
    lower = {w for w in words if w.islower()}
    capitalised = {w for w in words if w[0].isupper() and w.lower() not in lower}  # "Yoon", never "yoon"
    matched = False
    for rel in (_named(r, capitalised) for r in relations(claim)):
        if rel.nominal or (rel.agent.empty and not any(a.names or a.numbers for a in rel.args)):
            continue
        same_verb = [w for w in found if w.verb == rel.verb]
        # an act done to something else is another act: "condemned the programmes" says nothing of "the exports"
        theirs = [w for w in same_verb if _same_object(rel, w)]
        if same_verb and not theirs:
            everything = frozenset(h for w in found for a in (w.agent, *w.args) for h in a.heads)
            missing = next((c for w in same_verb if (c := _object(rel, w, everything))), None)
            if missing is not None:
                return missing, matched  # "launch a military alliance" where the window launches a dialogue
            continue
        if not same_verb and any(_swapped_by_synonym(rel, w) for w in found):
            return Conflict(SWAPPED, [rel.agent.label()]), matched  # "Russia provided North Korea with ..." against
            # "... North Korea of supplying arms to Russia"
        if not theirs:
            opposed = [w for w in found if _opposite_verbs(rel.verb, w.verb) and _same_parties(rel, w)]
            if opposed:  # "closing its borders" against "reopening" them
                return Conflict(POLARITY, [rel.verb]), matched
            continue  # a paraphrased verb: the words and the embedding judge it
        if _acted_on_only(rel, found, theirs):
            return Conflict(SWAPPED, [rel.agent.label()]), matched
        everything = frozenset(h for w in found for a in (w.agent, *w.args) for h in a.heads)
        verdicts = [_compare(rel, w) or _object(rel, w, everything) for w in theirs]
        # a number the window does put on the same thing, elsewhere, is a parse that hung it on the wrong verb
        verdicts = [None if v and v.kind == COUNT and _counted_elsewhere(rel, found) else v for v in verdicts]
        if not rel.hedge and all(w.hedge for w in theirs) and any(v is None for v in verdicts):
            # "Russia provided" against "Russia might provide": the source does not say it happened
            return Conflict(HEDGED, [next(w.hedge for w in theirs)]), matched
        if all(v is not None for v in verdicts):
            order = (SWAPPED, OTHER, POLARITY, SLOT, COUNT, OBJECT)
            return min((v for v in verdicts if v is not None), key=lambda v: order.index(v.kind)), matched
        matched = True
    return None, matched


def _named(rel: Relation, capitalised: set[str]) -> Relation:
    """The claim's relation with a first word the tagger took for a common noun made a name when the window
    writes it capitalised, never in lower case: "Yoon plans ..." against "Yoon made the comment ..."."""
    def fix(a: Arg) -> Arg:
        first = a.phrase.split()[0] if a.phrase else ""
        if first in capitalised and stem(first.lower()) in a.heads:
            return replace(a, names=a.names | {name_key(first)}, heads=a.heads - {stem(first.lower())}, text=first)
        return a
    return replace(rel, agent=fix(rel.agent), args=tuple(fix(a) for a in rel.args))


def _counted_elsewhere(claim: Relation, found: list[Relation]) -> bool:
    """Every number the claim puts on a thing, the window puts on the same thing of the same act (another
    sentence with that verb): the claim's parse hung two clauses' numbers on one verb."""
    return all(any(w.verb == claim.verb and x.heads & y.heads and x.numbers <= y.numbers for w in found
                   for y in w.args) for x in claim.args if x.numbers)


def _same_object(claim: Relation, source: Relation) -> bool:
    """The two acts are done to the same thing, or the claim's object is not there to compare."""
    mine = [x for x in claim.args if x.slot == "dobj" and x.heads]
    objects = [y for y in source.args if y.slot == "dobj" and y.heads]
    return not mine or not objects or any((x.heads & y.heads) - GENERIC for x in mine for y in objects)


def _swapped_by_synonym(claim: Relation, source: Relation) -> bool:
    """The source says the act with a synonym ("supplying" for "providing"), its named actor a party the claim's
    act is done to and the claim's actor a party of the source's act: who does what to whom is reversed."""
    forms = frozenset({source.verb, stem(source.verb)})  # "supplying" stems to "supply", the lemma to "supp"
    if not (related(claim.verb, forms) or related(stem(claim.verb), forms)) or not claim.agent.proper \
            or not source.agent.proper:
        return False
    if claim.agent.same(source.agent):
        return False
    return any(claim.agent.same(x) for x in source.args) and any(source.agent.same(x) for x in claim.args)


def _acted_on_only(claim: Relation, found: list[Relation], theirs: list[Relation]) -> bool:
    """The claim's named actor is, in the window, only ever acted on by this very act ("Russia condemned ..."
    against "The two leaders condemned Russia's war ..."), and no one named does the act."""
    a = claim.agent
    if not a.proper or claim.verb in SYMMETRIC or any(w.agent.same(a) for w in found):
        return False
    if any(w.agent.proper for w in theirs):
        return False  # a named actor: _roles compares them
    return any(a.same(x) for w in theirs for x in w.args if x.acted_on)


def _object(claim: Relation, source: Relation, everything: frozenset[str]) -> Conflict | None:
    """The same act by the same actor done to something the window never mentions: "agreed to launch a military
    alliance" against "... decided to launch a regular dialogue"."""
    if not (claim.agent.same(source.agent) or claim.agent.empty or source.agent.empty):
        return None
    for x in claim.args:
        theirs = [y for y in source.args if y.slot == x.slot == "dobj"]
        if theirs and x.heads and not x.names and not x.heads & everything and not any(
                x.same(y) or x.heads & y.mods for y in theirs):
            return Conflict(OBJECT, [x.phrase])
    return None


def _opposite_verbs(a: str, b: str) -> bool:
    return (a, b) in VERB_ANTONYMS or (a, b) in antonyms("verb")


def _opposite_words(x: Arg, y: Arg) -> str:
    """A modifier (or adjective head) of x whose opposite y has instead: "fewer crossings" / "increased ...",
    "illegal cooperation" / "legal cooperation"; "" when none."""
    pairs = antonyms("adj") | antonyms("noun") | set(ANTONYMS)
    mine, theirs = x.mods | x.heads, y.mods | y.heads
    return next((a for a in sorted(mine - theirs) for b in theirs - mine if (a, b) in pairs), "")


def _same_parties(claim: Relation, source: Relation) -> bool:
    """The two acts are done by the same actor, or to the same thing, with no role swapped."""
    if _roles(claim, source) is not None:
        return False
    return claim.agent.same(source.agent) or any(x.same(y) for x in claim.args for y in source.args)


def _compare(claim: Relation, source: Relation) -> Conflict | None:
    """One claim relation against one source relation with the same verb."""
    return _roles(claim, source) or _slots(claim, source)


def _roles(claim: Relation, source: Relation) -> Conflict | None:
    """Who acts: the claim's actor acted on in the source, its patient acting, or another named actor."""
    a, a2 = claim.agent, source.agent
    if claim.verb in SYMMETRIC:
        if a.proper and a2.proper and claim.direct and not any(a.same(x) for x in (a2, *source.args)):
            return Conflict(OTHER, [a.label()])
        return None
    if a.empty:
        acting = [x for x in claim.args if x.names and x.acted_on and x.same(a2)
                  and not any(x.same(y) for y in source.args)]
        return Conflict(SWAPPED, [x.label() for x in acting]) if acting else None
    if a.same(a2):
        return None
    acted_on = [x for x in source.args if x.acted_on]
    # a description acted on ("the community") swaps only where a named actor took its place
    if (a.names or a2.names) and any(a.same(x) for x in acted_on):
        return Conflict(SWAPPED, [a.label()])
    if any(x.names and x.acted_on and x.same(a2) and not any(x.same(y) for y in source.args) for x in claim.args):
        return Conflict(SWAPPED, [a.label()])
    if a.proper and a2.proper and source.direct and claim.direct:
        return Conflict(OTHER, [a.label()])
    return None


def _slots(claim: Relation, source: Relation) -> Conflict | None:
    """What else the act is said of: the opposite quality of the same thing, another name in the claim's slot ("solidified collaboration with Germany"
    / "... with the Netherlands"), or another number on the same thing ("warned 2.3 million residents" /
    "warned 1.1 million Gaza residents")."""
    everyone = (source.agent, *source.args)
    for x in claim.args:
        for y in source.args:
            shared = (x.heads & y.heads) - GENERIC
            if (shared or (x.slot == y.slot and x.slot in ("acomp", "attr"))) and (flip := _opposite_words(x, y)):
                return Conflict(POLARITY, [flip])  # "fewer train crossings" / "increased train crossings"
    for x in claim.args:
        # "with the Netherlands" is one slot whether the parse hangs it on the verb or on its object
        theirs = [y for y in source.args if y.slot == x.slot or (x.prep and y.prep == x.prep)]
        # (a described thing is not the actor: "South Korea's exports" are not "South Korean President Yoon")
        if not theirs or any(x.same(y) for y in everyone if y is not source.agent or not x.heads):
            if x.numbers and any(x.heads & y.heads and y.numbers and not x.numbers & y.numbers for y in theirs):
                return Conflict(COUNT, [x.phrase])
            continue
        if x.proper and (x.slot.startswith("prep:") or ">" in x.slot) and all(y.proper for y in theirs):
            return Conflict(SLOT, [x.label()])
        # whose: "South Korea's missile exports" against "North Korea's export of missiles"
        if x.names and any((x.heads & y.heads) - GENERIC and y.names for y in theirs):
            return Conflict(SLOT, [x.label()])
    return None


