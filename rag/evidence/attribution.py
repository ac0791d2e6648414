"""Who the text says reported a thing: "..., the New York Times reported this week" answers "Which newspaper
reported Kim's planned visit?" when the article's own metadata names no outlet. A name answers only as the
source of a report (its subject, or after "according to"), never as any organisation or person in the sentence."""

from __future__ import annotations

import re

from rag.answer import Passage
from rag.evidence.answers import on_focus
from rag.evidence.extract import Quote
from rag.evidence.instances import credited
from rag.language.entities import mentions
from rag.question.analysis import Question
from rag.verification.verifier import Embed

_NOT_MEDIA = re.compile(r"\b(?:office|ministry|government|department|council|spokes\w*|military|army|police|court)\b", re.I)
_KINDS = {"outlet": ("organisation",), "agency": ("organisation",), "author": ("person",)}
SOURCE_KINDS = tuple(_KINDS)


def reported_by(q: Question, quotes: list[Quote], passages: list[Passage], embed: Embed | None) -> tuple[str, Quote] | None:
    """(a "which outlet reported X?" question, ranked quotes, ...) -> (the source the first on-focus sentence
    credits, that sentence), or None. "A visit by Kim ... to Vladivostok ..., the New York Times reported this
    week." -> ("New York Times", quote)."""
    kinds = _KINDS.get(q.constraints.get("source", ""), ())
    if not kinds:
        return None
    for c in on_focus(q, quotes, passages, embed):
        for m in mentions(c.text):
            if m.type in kinds and credited(c.text, m.start, m.end) and not _NOT_MEDIA.search(m.text):
                return re.sub(r"^the\s+", "", m.text, flags=re.I), c
    return None
