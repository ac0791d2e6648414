"""Questions about where a report comes from, answered from article metadata rather than from the story text:
who wrote it (the byline the cleaner takes out of the text), which outlet carried it, which wire agency it
credits. Each answer sentence cites the article whose metadata it states."""

from __future__ import annotations

import re

from rag.answer import Citation, Passage, Sentence
from rag.credit import unique_citations

_BYLINE = re.compile(r"\b(who wrote|author|byline|reporter|written by|who reported)\b", re.I)
_OUTLET = re.compile(r"\b(?:which|what) (?:news )?(?:outlet|newspaper|paper|publication|site|website|media)\b", re.I)
_AGENCY = re.compile(r"\b(?:which|what) (?:news |wire )?(?:agency|agencies|wire service|wire)\b", re.I)


def provenance(question: str, passages: list[Passage], answer: list[Sentence],
               articles: dict[str, dict]) -> list[Sentence]:
    """Sentences to put before the answer when the question asks who wrote, which outlet carried, or which
    agency is credited for what the answer's first sentence reports; [] for any other question.

    ("Which outlet reported X?", ..., [Sentence("X ...", [Citation("The Odessa Journal", ...)])], ...)
    -> [Sentence("Reported by The Odessa Journal.", ...)]
    """
    if _BYLINE.search(question):
        return _byline(passages)
    first = next((s for s in answer if s.citations), None)
    if first is None:
        return []
    if _AGENCY.search(question):
        return _credits(first.citations, articles)
    if _OUTLET.search(question):
        known = [c for c in first.citations if articles.get(c.doc_id, {}).get("outlet") not in (None, "", "unknown")]
        if known:
            names = list(dict.fromkeys(c.outlet for c in known))
            return [Sentence(f"Reported by {_join(names)}.", unique_citations(known), supported=True, reason="outlet")]
    return []


def _byline(passages: list[Passage]) -> list[Sentence]:
    p = next((p for p in passages if p.author), None)
    if p is None:
        return []
    cite = Citation(outlet=p.label, doc_id=p.doc_id, title=p.title, published=p.published, url=p.url,
                    quote=f"By {p.author}", supported=True, chunk_id=p.chunk_id)
    return [Sentence(text=f"The article \"{p.title}\" is by {p.author}.", citations=[cite], supported=True,
                     reason="byline")]


def _credits(citations: list[Citation], articles: dict[str, dict]) -> list[Sentence]:
    out = []
    for c in citations:
        credit = articles.get(c.doc_id, {}).get("credit", "")
        if credit:
            out.append(Sentence(f"{c.outlet} credits {credit} for this report.", unique_citations([c]), supported=True,
                                reason="credit"))
    return out[:2]


def _join(names: list[str]) -> str:
    """["A"] -> "A"; ["A", "B", "C"] -> "A, B and C" """
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
