"""Who says it and how strongly: the speaker of a reported claim ("Yoon said that ...") must be the source's
speaker, and a claim of obligation ("... must stop") needs the source to state one. Pure over strings, from
the dependency parse (rag/language/parse.py).

    speaker_problem("Yoon said China must cease its support.", "The leaders urged China to cease its support.")
    -> "speaker not in the quoted sentences: Yoon"
"""

from __future__ import annotations

import re
from typing import Any

from rag.language.parse import clauses_of, parse
from rag.language.words import act_stems, canonical, content_stems, name_key, stem

REPORTING = {stem(w) for w in (
    "say", "said", "tell", "told", "state", "note", "add", "stress", "emphasize", "emphasise", "claim", "argue",
    "insist", "explain", "remark", "reiterate", "assert", "highlight", "underline", "underscore", "mention",
    "write", "declare", "warn", "announce", "report", "testify", "suggest", "acknowledge", "admit")}
# Words by which a sentence states an obligation, a demand or a need.
OBLIGATION = {"must", "should", "need", "needs", "needed", "require", "required", "requires", "requirement",
              "obliged", "obligation", "ought", "urge", "urged", "urges", "demand", "demanded", "demands", "insist",
              "insisted", "mandatory", "necessary", "necessity", "crucial", "essential", "vital", "imperative",
              "call", "called", "calls"}
_CLAIM_OBLIGATION = re.compile(r"\b(?:must|should|ought to|(?:need|needs|has|have) to)\s+(?:not\s+)?"
                               r"(?:\w+ly\s+)?(?P<verb>[a-z]+)\b", re.IGNORECASE)
MIN_SHARE = 0.5  # of the reported content's words a window sentence must hold to be where it is said
HOST_SHARE = 0.3  # ... and that a sentence must hold to be a place where it may be said


def speaker_problem(sentence: str, window: str, skip: set[str] = frozenset()) -> str:  # type: ignore[assignment]
    """Why the window does not have the sentence's named speaker say its content, "" when it does or when the
    sentence reports no one. Names in `skip` (the passage's outlet) are not speakers to find."""
    said = _reported(sentence)
    if said is None:
        return ""
    speaker, content = said
    if name_key(speaker) in skip:
        return ""
    sentences = clauses_of(window) or [window]
    hosts = [x for x in sentences if _share(content, x) >= HOST_SHARE]
    if max((_share(content, x) for x in sentences), default=0.0) < MIN_SHARE:
        return ""  # the window does not hold the content: the words judge it
    others = []
    for host in hosts:  # a sentence that holds some of what was said, and may say who said it
        if _names(speaker, host) or (_quoted(host) and _names(speaker, window)):
            return ""
        other = _speaker_of(host)
        if other == "" or (other and _names(speaker, other)):
            return ""  # "he added", "the South Korean president emphasized": may well be the speaker
        others.append(other)
    if any(others) or not _names(speaker, window):
        return f"speaker not in the quoted sentences: {speaker}"  # another named speaker, or none there
    return ""  # "A. B, Yoon said": the attribution may trail the part it covers


def obligation_problem(sentence: str, window: str) -> str:
    """A claim that something must (should, has to) happen, against a window that states no obligation.

    ("Shoigu said the exercises must stop.", "Shoigu said the two countries planned joint exercises.")
    -> "obligation not in source: must"
    """
    m = _CLAIM_OBLIGATION.search(sentence)
    if m is None:
        return ""
    sentences = clauses_of(window) or [window]
    near = " ".join(sentence[max(0, m.start() - 60):m.end() + 60].split()[1:-1])  # the words around the modal
    host = max(sentences, key=lambda s: _share(near, s))
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", host)}
    if words & OBLIGATION or _CLAIM_OBLIGATION.search(host):
        return ""
    return f"obligation not in source: {' '.join(m.group().split()[:2 if m.group().lower().startswith(('ha', 'ne', 'ou')) else 1]).lower()}"


def _reported(sentence: str) -> tuple[str, str] | None:
    """(named speaker, reported content) of "S said (that) X" / "X, S said", or None."""
    doc = parse(canonical(sentence))
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or stem(root.text.lower()) not in REPORTING:
        return None
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    content = next((c for c in root.children if c.dep_ in ("ccomp", "xcomp")), None)
    if subject is None or content is None:
        return None
    before = content.i < root.i
    if before and not (content.right_edge.i + 1 < len(doc) and doc[content.right_edge.i + 1].text == ","):
        return None  # "A; Yoon reiterated B" is no "A, Yoon said": a parse of two clauses as one
    name = _proper(subject)
    if not name:
        return None
    return name, doc[content.left_edge.i:content.right_edge.i + 1].text


def _proper(t: Any) -> str:
    """The proper name a subject phrase is, "" for a description or a pronoun ("the leaders", "he")."""
    if t.pos_ != "PROPN" and not (t.text[:1].isupper() and t.pos_ in ("ADV", "X", "NOUN") and t.i > 0):
        return ""
    words = [x for x in t.subtree if x.dep_ in ("compound", "flat") or x is t]
    return " ".join(x.text for x in sorted(words, key=lambda x: x.i))


def _speaker_of(sentence: str) -> str | None:
    """Who a sentence says is speaking: "" for a pronoun or a description, the name for a named speaker, None
    when it reports no speaker at all."""
    doc = parse(canonical(sentence))
    for t in doc:
        if t.pos_ == "VERB" and stem(t.text.lower()) in REPORTING:
            subject = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None:
                return _proper(subject) or ""
            return ""
        if t.text.lower() == "according" and t.i + 1 < len(doc) and doc[t.i + 1].text.lower() == "to":
            obj = next((c for c in doc[t.i + 1].children if c.dep_ == "pobj"), None)
            return _proper(obj) if obj is not None else ""
    return None


def _names(name: str, text: str) -> bool:
    """Every word of the name is a word of the text."""
    return set(name_key(name).split()) <= set(name_key(text).split())


def _quoted(sentence: str) -> bool:
    return bool(re.match(r"\s*[\"“]", sentence)) or sentence.rstrip().endswith(("\"", "”"))


def _share(content: str, sentence: str) -> float:
    act = act_stems(content)
    return len(act & content_stems(sentence)) / len(act) if act else 0.0
