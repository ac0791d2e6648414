"""How many and how far: a count against the items a sentence lists after it, and the generalising words
("all", "always", "every") a source must state too. Pure functions over strings.

    listed_counts("Yoon met the leaders of six countries: Germany, Canada and Sweden.")
    -> [Count("six", 6, 3)]
    generalisations("North Korea has fully reopened its borders to all countries.") -> ["fully", "all"]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.language.numbers import find_numbers

# Words that claim the whole of something; each group is one meaning, so "every" in a source backs "all".
GENERALISING = [
    {"all", "every", "each", "entire", "whole", "everyone", "everybody", "everything", "everywhere", "universal",
     "universally"},
    {"full", "fully", "complete", "completely", "total", "totally", "entirely", "wholly", "altogether"},
    {"always", "ever", "forever", "constantly", "continually", "continuously", "invariably", "perpetually"},
    {"anyone", "anybody", "anything", "anywhere"},
    {"only", "sole", "solely", "exclusively"},
]
_GENERALISERS = {w: k for k, group in enumerate(GENERALISING) for w in group}
# "all" in these says nothing about the whole: "above all", "at all", "all-time", "all but", "after all"
_IDIOM = re.compile(r"\b(?:above|at|after|for good and|once and for) all\b|\ball[- ](?:time|but|star|out|in)\b"
                    r"|\bnot only\b|\bonly (?:just|after|if|when)\b|\bif ever\b|\bfull[- ]time\b", re.IGNORECASE)
# "six countries: A, B and C" or "two countries, A and B, ..."; "including" lists are partial, so they do not count
_COUNTED = re.compile(r"\s+(?:[a-z-]+\s+){0,2}?(?P<noun>[a-z-]+s)(?:\s+of\s+[a-z-]+(?:\s+[a-z-]+)?)?\s*"
                      r"(?P<sep>:|—|–| - |,)\s*(?P<list>[^:—–]+)", re.IGNORECASE)
# Units measure, they do not enumerate: "for about 16 years: a blockade ..." lists no years.
_UNITS = {"years", "months", "weeks", "days", "hours", "minutes", "seconds", "decades", "centuries", "times",
          "percent", "points", "miles", "kilometres", "kilometers", "metres", "meters", "feet", "yards", "dollars",
          "pounds", "euros", "tons", "tonnes", "games", "goals", "runs", "laps"}
_END = re.compile(r",\s+(?:of|to|for|in|on|at|with|which|who|as|while|but|after|before|including|such)\b|[.!?]\s*$|"
                  r"\s+(?:of|to)\s+(?:[a-z]+ing)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Count:
    surface: str  # the count as written: "six"
    value: int
    listed: int  # items the sentence lists after it


def listed_counts(sentence: str) -> list[Count]:
    """Counts followed by the list of what they count.

    "The NATO leaders accused two countries, the DPRK and Iran, of fuelling the war." -> [Count("two", 2, 2)]
    """
    out = []
    at = 0
    for surface, key in find_numbers(sentence):
        i = sentence.find(surface, at)
        at = i + len(surface)
        value = float(key) if key[0].isdigit() else 0.0
        m = _COUNTED.match(sentence, at)
        if i < 0 or m is None or value != int(value) or not 2 <= value <= 20 or m.group("noun").lower() in _UNITS:
            continue
        items = _items(m.group("list"), m.group("sep"))
        if m.group("sep") == "," and not all(re.match(r"(?:the\s+)?[A-Z]", x) and not find_numbers(x) for x in items):
            continue  # "six catches, 157 yards and two touchdowns" lists other counts, not what it counts
        if len(items) >= 2:
            out.append(Count(surface, int(value), len(items)))
    return out


def _items(text: str, sep: str) -> list[str]:
    """The items of a list: comma-separated, the last pair joined by "and" or "or".

    ("reasonable valuations, its digital and retail position, a stable business", ":") -> 3 items
    """
    if ";" in text:  # "four reasons — one, valuations; two, ...; three, ...": the semicolons part the items
        return [p for p in (x.strip(" .") for x in text.split(";")) if p]
    end = _END.search(text)
    body = text[:end.start()] if end else text
    if sep == ",":  # an apposition lists the items up to its closing comma: "two countries, A and B, of ..."
        body = body.split(",")[0] if " and " in body.split(",")[0] or " or " in body.split(",")[0] else body
    parts = [p.strip() for p in body.split(",") if p.strip()]
    if not parts:
        return []
    last = re.split(r"\s+(?:and|or)\s+", parts[-1])
    if len(parts) == 1 and len(last) < 2:
        return []
    if re.match(r"(?:and|or)\s", parts[-1]):  # "A, B, and C"
        last = [parts[-1].split(None, 1)[1]]
    return parts[:-1] + [p for p in last if p]


def generalisations(sentence: str) -> list[str]:
    """The generalising words of a sentence, idioms left out. "They always met every year." -> ["always", "every"]"""
    text = _IDIOM.sub(" ", sentence)
    return [w for w in re.findall(r"[A-Za-z]+", text) if w.lower() in _GENERALISERS]


def unstated_generalisations(sentence: str, window: str) -> list[str]:
    """The sentence's generalising words whose meaning the window does not state.

    ("North Korea has fully reopened its borders.", "North Korea has been reopening slowly.") -> ["fully"]
    """
    have = {_GENERALISERS[w.lower()] for w in generalisations(window)}
    return [w for w in generalisations(sentence) if _GENERALISERS[w.lower()] not in have]
