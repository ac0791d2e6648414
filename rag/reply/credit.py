"""Citations for quoted spans: the passage's own outlet and every syndicated copy that carries the same words."""

from __future__ import annotations

from rag.answer import Citation, Passage


def citations_for(p: Passage, start: int, end: int, supported: bool) -> list[Citation]:
    """A quoted span of a passage -> its Citation, plus one per syndicated copy carrying it, when supported.

    (Business Standard passage also carried by AP, 10, 60, True) -> [Citation("Business Standard"),
    Citation("AP")]
    """
    quote = p.text[start:end]
    own = Citation(p.label, p.doc_id, p.title, p.published, p.url, quote, supported, p.chunk_id,
                   p.start + start, p.start + end)
    if not supported:  # the model did not cite the copies; only support earns them credit
        return [own]
    return [own] + [c for copy in p.also if (c := _copy_citation(p, copy, quote, start)) is not None]


def _copy_citation(p: Passage, copy: dict, quote: str, start: int) -> Citation | None:
    """A syndicated copy's Citation for `quote`, or None when the copy reworded it.

    A story cluster holds rewrites too (000 says "in November 2022" where Business Standard says "last
    November"): a copy that brings its text is credited only where that text has the quote verbatim.
    """
    outlet = copy.get("outlet") if copy.get("outlet") not in ("", "unknown", None) else copy.get("title")
    if outlet not in p.labels:
        return None
    at = start  # without its text, a copy is taken to be the same text
    if "text" in copy:
        at = copy["text"].find(quote)
        if at < 0:
            return None
    offset = copy.get("start")  # the copy's own chunk offset, when the store kept it
    first, last = (offset + at, offset + at + len(quote)) if offset is not None else (-1, -1)
    return Citation(outlet, copy.get("doc_id", ""), copy.get("title", ""), copy.get("published", ""),
                    copy.get("url", ""), quote, True, copy.get("chunk_id", ""), first, last)


def unique_citations(cites: list[Citation]) -> list[Citation]:
    """Citations without repeats of the same outlet and article, in order."""
    seen, out = set(), []
    for c in cites:
        if (c.outlet, c.doc_id) not in seen:
            seen.add((c.outlet, c.doc_id))
            out.append(c)
    return out
