"""The verbatim words of an answering sentence that answer a "what ..." question: the noun phrase of the thing
asked about, or what follows the asked act.

    phrase(analyse("What did NATO leaders urge China to do?"), "The leaders also urged China to cease all its
    support to Russia's war effort, saying ...") -> "cease all its support to Russia's war effort"
"""

from __future__ import annotations

import re

from rag.claims import content_stems, stem
from rag.entities import parts_of_speech
from rag.question import Question

MAX_PHRASE_WORDS = 12
_STOPWORDS = {"a", "an", "the", "its", "their", "his", "her", "to", "of", "in", "on", "at", "with", "for", "and",
              "by", "from", "as", "that", "this", "these", "those", "was", "were", "is", "are", "be", "been", "has",
              "have", "had", "will", "would", "also", "which", "who"}


def phrase(q: Question, text: str) -> str:
    """The words of an answering sentence that answer a "what ..." question, copied verbatim, or "":
    the noun phrase of the thing asked about ("what new dialogue" -> "a regular bilateral economic security
    dialogue" -> "regular bilateral economic security dialogue"), or what follows the asked act ("what did
    NATO urge China to do?" -> "cease all its support to Russia's war effort")."""
    words = list(re.finditer(r"[\w'’-]+", text))
    if q.target and not q.wants_entity:
        target = content_stems(q.target)
        at = next((i for i, w in enumerate(words) if content_stems(w.group()) & target), None)
        if at is not None:
            first = at
            while first > 0 and words[first - 1].group().lower() not in _STOPWORDS \
                    and not re.fullmatch(r"[a-z]+(?:ed|ing)", words[first - 1].group()) and at - first < 6:
                first -= 1
            if first < at:
                return text[words[first].start():words[at].end()]
    act = _asked_act(q)
    if act:  # "what did they agree to launch?" -> what follows "launch" in the sentence
        for w in words:
            if stem(w.group().lower()) in act:
                rest = text[w.end():]
                speech = bool(act & {stem(v) for v in _SAY})
                stop = r"[.;:\"“”]" if speech else r"[,.;:\"“”]|\s(?:to|with|for|in|at|on|that|which|who|after|before|as)\s"
                m = re.match(r"\s+(?:(?:a|an|the|that)\s+)?(?P<obj>.+?)(?=" + stop + r"|$)", rest)
                if m and len(m.group("obj").split()) >= 1:
                    return " ".join(m.group("obj").split()[:MAX_PHRASE_WORDS + 3 * speech])
    if re.search(r"\bto do\b", q.text, re.I):
        acts = q.focus_stems
        for i, w in enumerate(words):
            if content_stems(w.group()) & acts:
                m = re.search(r"\bto\s+(?P<act>[^,;.:\"“”]+)", text[w.end():])
                if m:
                    return " ".join(m.group("act").split()[:MAX_PHRASE_WORDS])
    return ""


def _asked_act(q: Question) -> set[str]:
    """The stems of the verb a "what did X <verb>?" question ends on: "What did they agree to launch?" ->
    {"launch"}; "What did he solidify with the Netherlands?" -> {"solidify"}."""
    m = re.match(r"^\s*(?:and\s+)?what (?:did|does|do|will|would|has|have|had) .+?\b([a-z]+)\b(?:\s+(?:with|about|"
                 r"at|in|on|for)\b[^?]*)?\?*\s*$", q.text, re.I)  # not "to": "agree to launch" asks what was launched
    if not m or m.group(1).lower() in ("do", "be", "happen", "it", "them", "him", "her"):
        return set()
    tags = parts_of_speech(q.text)
    word = m.group(1).lower()
    if word in _SAY:
        return {stem(w) for w in _SAY}
    return {stem(word)} if tags.get(word) in ("VERB", None) else set()


_SAY = {"say", "says", "said", "tell", "tells", "told", "state", "stated", "add", "added"}
