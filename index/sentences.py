"""Sentence boundaries with character offsets, shared by chunking, verification and highlighting."""

from __future__ import annotations

import re

# fmt: off
# Abbreviations that end with a period but do not end a sentence.
_TITLES = {"mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "st", "sen", "rep", "gov", "rev", "capt",
           "maj", "adm", "pres"}  # always followed by a name
_PREFIXES = {"u.s", "u.n", "u.k", "e.u", "d.c", "i.e", "e.g"}  # usually followed by a noun: "U.S. Army"
_ABBREV = _TITLES | _PREFIXES | {
    "jr", "sr", "vs", "no", "inc", "ltd", "co", "corp", "etc", "approx", "govt", "p.m", "a.m",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}
# Words that start sentences far more often than they follow "U.S.".
_STARTERS = {
    "The", "He", "She", "It", "They", "We", "I", "You", "But", "And", "A", "An", "This", "That", "These",
    "Those", "His", "Her", "Their", "Its", "Our", "There", "However", "Meanwhile", "In", "On", "At", "As",
    "After", "Before", "While", "When", "If", "Yet", "So", "Still", "Both", "Some", "Many",
}
# fmt: on
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+|$)|\n\s*\n|\n(?=\s*[•\-*]\s)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Text -> [(start, end)] of each sentence, stripped of surrounding space.

    >>> sentence_spans("Yoon met Luxon. The U.N. agreed.")
    [(0, 15), (16, 32)]
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        end = m.end()
        if m.group().startswith((".",)) and _is_abbreviation(text, m.start(), end):
            continue
        _add_span(text, start, end, spans)
        start = end
    _add_span(text, start, len(text), spans)
    return spans


def split_sentences(text: str) -> list[str]:
    """Text -> sentences. "A b. C d." -> ["A b.", "C d."]"""
    return [text[s:e] for s, e in sentence_spans(text)]


def _is_abbreviation(text: str, dot: int, end: int) -> bool:
    word = re.search(r"([A-Za-z][A-Za-z.]*)$", text[max(0, dot - 12) : dot])
    if not word:
        return False
    raw = word.group(1)
    token = raw.lower().rstrip(".")
    if len(raw) == 1 and raw.isupper():
        return True  # an initial: "Anna J. Park", "N. Korea"
    if token not in _ABBREV and not (len(token) == 1 and token.isalpha()):
        return False
    after = text[end : end + 20].lstrip()
    nxt = after[:1]
    if not nxt or not nxt.isupper() or token in _TITLES:
        return True  # "Jan. 5", "approx. 50", "Inc. said", "Sen. Warren"
    # A capital after "U.S." is ambiguous: "U.S. President" goes on, "in the U.S. The talks" ends.
    first_word = re.match(r"[A-Za-z']+", after)
    return token in _PREFIXES and not (first_word and first_word.group() in _STARTERS)


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
