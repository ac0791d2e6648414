"""The participants of a verb in a dependency parse (rag/language/parse.py): who acts, what is acted on, and the words
that make an act only possible. An argument is a phrase reduced to what identifies it: its names, its head
nouns, its numbers and adjectives. A verb without a subject of its own takes one from the verb it depends on:
"accused North Korea of supplying arms" -> North Korea supplies; "plans to visit" -> the planner visits.

    agent_of(parse("Russia might provide North Korea with technology.")[2]) -> (Arg({"russia"}), True)
    hedge_of(that verb) -> "might"
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rag.language.words import DEMONYMS, STOPWORDS, TITLES, find_numbers, name_key, stem

# Capitals stand for their countries in news ("Moscow and Pyongyang deny ...").
CAPITALS = {"moscow": "russia", "pyongyang": "north korea", "seoul": "south korea", "beijing": "china",
            "tokyo": "japan", "kyiv": "ukraine", "kiev": "ukraine", "tehran": "iran", "washington": "united states",
            "london": "united kingdom", "paris": "france", "berlin": "germany", "wellington": "new zealand",
            "canberra": "australia", "ottawa": "canada", "taipei": "taiwan", "jerusalem": "israel"}
_ARG_DEPS = {"dobj", "dative", "nsubjpass", "attr", "acomp", "oprd", "pobj"}
# Prepositions of circumstance: "under a resolution", "in Seoul" say where and when, not who is acted on.
CIRCUMSTANCE = {"in", "under", "during", "before", "after", "since", "through", "throughout", "across", "amid",
                "amidst", "despite", "as", "like", "near", "within", "without", "over", "about", "around",
                "following", "ahead", "beyond", "until", "at", "by", "besides", "among", "per"}
_NP_DEPS = {"compound", "poss", "conj", "appos", "amod", "nmod", "det", "nummod", "case", "cc", "punct",
            "npadvmod", "quantmod"}
HEDGE_MODALS = {"might", "may", "could"}
HEDGE_ADVERBS = {"reportedly", "allegedly", "possibly", "perhaps", "potentially", "purportedly", "supposedly"}
# (not "allege" or "claim": those report what someone says, like "said")
HEDGE_VERBS = {stem(w) for w in ("expect", "plan", "hope", "aim", "intend", "seek", "want", "consider", "propose",
                                  "threaten", "fear", "try", "attempt", "plot", "mull", "weigh")}
_ADVERBS = {"yesterday", "today", "tomorrow", "now", "later", "earlier", "soon", "still", "meanwhile", "instead",
            "together", "again", "already", "recently", "here", "there", "thus", "therefore", "hence", "indeed"}
GENERIC = {stem(w) for w in ("one", "thing", "people", "part", "way", "time", "group", "member", "side")}


@dataclass(frozen=True)
class Arg:
    names: frozenset[str]  # name keys of the proper names in the phrase: {"north korea"}
    heads: frozenset[str]  # stems of its head nouns: {"leader"}
    text: str = field(default="", compare=False)  # the names as written, for a reason: "North Korea"
    slot: str = field(default="", compare=False)  # how it attaches to its verb: "dobj", "prep:with"
    numbers: frozenset[str] = field(default=frozenset(), compare=False)  # number keys it counts: {"1100000"}
    mods: frozenset[str] = field(default=frozenset(), compare=False)  # stems of its adjectives: {"illegal"}
    phrase: str = field(default="", compare=False)  # the whole phrase as written: "a military alliance"
    appositive: bool = field(default=False, compare=False)  # a description a name follows: "the leader, Kim"

    @property
    def empty(self) -> bool:
        """A pronoun, or no phrase at all: anyone could be meant."""
        return not self.names and not self.heads

    def same(self, other: Arg) -> bool:
        """The phrases name the same participant: a shared name (word for word: "Putin" in "Vladimir Putin"),
        or a shared head noun; two descriptions with other heads are others ("the U.N. resolution" is not "U.N.
        member countries"), and so are two offices of other people ("Yoon's office", "Luxon's office")."""
        names = any(name_in(a, b) or name_in(b, a) for a in self.names for b in other.names)
        if self.heads and other.heads:
            heads = bool((self.heads & other.heads) - GENERIC)
            return heads and (names or not (self.names and other.names))
        return names

    @property
    def prep(self) -> str:
        """The preposition the phrase hangs by: "with" for "prep:with" and "dobj>with"; "" for an object."""
        return self.slot.rpartition(">")[2].removeprefix("prep:") if ":" in self.slot or ">" in self.slot else ""

    @property
    def acted_on(self) -> bool:
        """An object of the act, not a circumstance of it ("under a resolution", "in Seoul")."""
        return ">" not in self.slot and (not self.slot.startswith("prep:") or self.slot[5:] not in CIRCUMSTANCE)

    @property
    def proper(self) -> bool:
        """A name, not a description: "Kim Jong Un" and "the North's leader, Kim Jong Un", not "the North's
        leader"."""
        return bool(self.names) and (not self.heads or self.appositive)

    def label(self) -> str:
        """ "North Korea", or the head noun when the phrase names nobody: "community" """
        return self.text or ", ".join(sorted(self.heads))


def hedge_of(v: Any) -> str:
    """The word that makes the act a possibility, a plan or a report rather than a fact, "" when none:
    "Russia might provide", "the North is expected to increase", "Kim plans to visit", "reportedly preparing"."""
    t = v
    for _ in range(4):
        for c in t.children:
            low = c.text.lower()
            if (c.dep_ == "aux" and low in HEDGE_MODALS) or (c.dep_ == "advmod" and low in HEDGE_ADVERBS):
                return low
        if t is not v and stem(t.text.lower()) in HEDGE_VERBS:
            return t.text.lower()
        if t.dep_ not in ("xcomp", "ccomp", "conj", "auxpass") or t.head is t:
            break
        t = t.head
    return ""


def agent_of(v: Any, depth: int = 0) -> tuple[Arg, bool]:
    """The verb's agent and whether it is its own; inherited along xcomp, conj, advcl and gerunds."""
    kids = list(v.children)
    subject = next((c for c in kids if c.dep_ in ("nsubj", "csubj")), None)
    if subject is None:  # "Yoon, who is attending ..., shared" parsed with "Yoon" as an adverb
        subject = next((c for c in kids if c.dep_ in ("advmod", "npadvmod", "dep") and c.i < v.i and _namelike(c)), None)
    if subject is not None:
        if subject.tag_ in ("WDT", "WP") and v.dep_ == "relcl":
            return arg_of(v.head), True  # "the company, which paid ..." -> the company paid
        return arg_of(subject), True
    by = next((c for c in kids if c.dep_ == "agent"), None)
    if by is not None:
        pobj = next((c for c in by.children if c.dep_ == "pobj"), None)
        return (arg_of(pobj), True) if pobj is not None else (Arg(frozenset(), frozenset()), False)
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in kids) or depth > 4:
        return Arg(frozenset(), frozenset()), False  # a passive without its "by": unknown
    head = v.head
    if v.dep_ == "acl" and v.tag_ == "VBG":
        return arg_of(head), False  # "a pact stipulating ..."
    if v.dep_ == "relcl":
        return arg_of(head), False
    if v.dep_ == "pcomp" and head.dep_ == "prep":
        governor = head.head  # "accused X of supplying", "assured X of retaking": X acts
        obj = next((c for c in governor.children if c.dep_ == "dobj"), None)
        if obj is not None and head.text.lower() == "of":
            return arg_of(obj), False
        passive = next((c for c in governor.children if c.dep_ == "nsubjpass"), None)
        if passive is not None and head.text.lower() == "of":  # "Russia was accused of providing": Russia acts
            return arg_of(passive), False
        if governor.pos_ in ("NOUN", "PROPN") and governor.dep_ == "dobj":
            return arg_of(governor), False
        return agent_of(governor, depth + 1)[0], False
    if v.dep_ == "xcomp":
        obj = next((c for c in head.children if c.dep_ == "dobj"), None)  # "persuaded X to join": X joins
        if obj is None:  # "called on X to unite": X unites
            prep = next((c for c in head.children if c.dep_ == "prep" and c.i < v.i and c.right_edge.i >= v.left_edge.i - 1
                         and c.text.lower() not in CIRCUMSTANCE), None)
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        if obj is not None:
            return arg_of(obj), False
    if v.dep_ in ("xcomp", "conj", "advcl", "ccomp") and head.pos_ in ("VERB", "AUX"):
        return agent_of(head, depth + 1)[0], False
    return Arg(frozenset(), frozenset()), False


def args_of(v: Any) -> tuple[Arg, ...]:
    """The verb's participants other than its agent: objects, a passive's subject, prepositional objects, and
    what an object is "with" or "for" ("collaboration with the Netherlands")."""
    out = []
    for c in v.children:
        if c.dep_ in _ARG_DEPS or (c.dep_ in ("advmod", "npadvmod", "dep") and c.i > v.i and _namelike(c)):
            slot = "dobj" if c.dep_ in ("advmod", "npadvmod", "dep") else c.dep_
            out += [arg_of(c, slot), *_attached(c, slot)]
        elif c.dep_ == "prep" and c.text.lower() != "by":
            out += [arg_of(g, f"prep:{c.text.lower()}") for g in c.children if g.dep_ == "pobj"]
    return tuple(a for a in out if not a.empty)


def _attached(h: Any, slot: str) -> list[Arg]:
    """The prepositional objects of an object noun, each in a slot of its own ("dobj>with"), and the members
    it lists, in its own slot ("ties ..., including North Korea's export")."""
    out = []
    for c in h.children:
        if c.dep_ != "prep" or c.text.lower() == "of":
            continue
        member = c.text.lower() in ("including", "like", "such")
        out += [arg_of(g, slot if member else f"{slot}>{c.text.lower()}") for g in c.children if g.dep_ == "pobj"]
    return out


def of_object(t: Any) -> Any | None:
    prep = next((c for c in t.children if c.dep_ == "prep" and c.text.lower() in ("of", "to")), None)
    return next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None


def arg_of(h: Any, slot: str = "") -> Arg:
    """The phrase a token heads -> its names and head nouns, relative clauses and other preps left out."""
    tokens = _phrase(h)
    names: set[str] = set()
    shown: list[str] = []
    run: list[Any] = []
    for t in tokens + [None]:
        joined = t is not None and run and t.i == run[-1].i + 1
        if t is not None and (not run or joined) and (_namelike(t) or (run and t.text.lower() in DEMONYMS)):
            run.append(t)  # "South Korean" is one name
            continue
        if joined and t.text == "-" and not run[-1].whitespace_:  # "Bankman-Fried"
            run.append(t)
            continue
        if run:
            written = "".join(x.text_with_ws for x in run).strip(" -")
            names.add(_name(written))
            shown.append(written)
            run = [t] if t is not None and _namelike(t) else []
            if run:
                continue
        if t is not None and t.text.lower() in DEMONYMS:  # "the Russian president" is about Russia too
            names.add(_name(t.text))
    heads = {stem(t.text.lower()) for t in tokens if t.pos_ == "NOUN" and (t is h or t.dep_ == "conj")
             and t.text.lower() not in STOPWORDS}
    written = "".join(t.text_with_ws if k + 1 < len(tokens) and tokens[k + 1].i == t.i + 1 else t.text + " "
                      for k, t in enumerate(tokens))
    numbers = {k for _, k in find_numbers(written, with_one=True)}
    mods = {stem(t.text.lower()) for t in tokens if t.pos_ in ("ADJ", "VERB") and t.dep_ in ("amod", "acomp")}
    if h.pos_ == "ADJ":  # "the talks were successful": the adjective is the phrase
        heads.add(stem(h.text.lower()))
    appositive = any(c.dep_ == "appos" and _namelike(c) for c in h.children)
    return Arg(frozenset(n for n in names if n), frozenset(heads), ", ".join(shown), slot, frozenset(numbers),
               frozenset(mods), written.strip(), appositive)


def _namelike(t: Any) -> bool:
    """A word of a name: a proper noun, or a capitalised word the small tagger took for something else ("Yoon"
    is often an adverb to it); not a title, a function word or a sentence's capitalised first word."""
    low = t.text.lower()
    if not t.text[:1].isupper() or low in STOPWORDS or low in TITLES or low in _ADVERBS or low.endswith("ly"):
        return False
    if t.pos_ == "PROPN":
        return True
    if t.pos_ in ("ADV", "X", "INTJ"):
        return True
    if t.pos_ not in ("ADJ", "NOUN") or low in DEMONYMS:
        return False
    # a capitalised first word is a name when a capitalised word follows ("South Korean"), or when the entity
    # recogniser says so ("Yoon plans ..."), not otherwise ("Trade grew")
    if t.i == t.sent.start and not (t.i + 1 < len(t.doc) and t.nbor(1).text[:1].isupper()):
        return _entity(t.doc.text, t.idx, t.idx + len(t.text))
    return True


def _entity(text: str, start: int, end: int) -> bool:
    from rag.language.entities import mentions  # spaCy's entity recogniser, run only for a sentence's first word

    return any(m.type in ("person", "place", "organisation") and m.start <= start and end <= m.end
               for m in mentions(text))


def _phrase(h: Any) -> list[Any]:
    out, todo = [], [h]
    while todo:
        t = todo.pop()
        out.append(t)
        for c in t.children:
            # "of" complements of the head, and the members a phrase lists ("companies including Apple")
            if c.dep_ in _NP_DEPS or (c.dep_ == "prep" and ((c.text.lower() == "of" and t is h) or c.text.lower()
                                                             in ("including", "like", "such"))) or (
                    c.dep_ in ("pobj", "amod") and t.dep_ == "prep"):
                todo.append(c)
    return sorted(out, key=lambda t: t.i)


def _name(text: str) -> str:
    key = name_key(text)
    return CAPITALS.get(key, key)


def name_in(a: str, b: str) -> bool:
    """Every word of name a is a word of name b: "putin" in "vladimir putin", not "korea" in "north korea"."""
    wa, wb = a.split(), b.split()
    return a == b or (len(wa) < len(wb) and all(w in wb for w in wa) and not _qualified(wa, wb))


def _qualified(short: list[str], long: list[str]) -> bool:
    """ "korea" inside "north korea": a bare place word is not the qualified place."""
    return long[-1] in short and long[0] in ("north", "south", "east", "west", "new")
