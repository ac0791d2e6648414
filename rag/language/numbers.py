"""Numbers in news text, as written and as comparable keys: digits, number words, fractions, ordinals and
multiplying verbs. Pure functions over strings; rag/language/words.py re-exports them.

    find_numbers("thirty-five minutes, P1.42 trillion, the third year")
    -> [("thirty-five", "35"), ("P1.42 trillion", "1.42e+12"), ("third", "3")]
"""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
# "first" and "last" are left out: "his first trip" is rarely a count, and "inaugural" says it in other words.
_ORDINALS = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "twentieth": 20, "thirtieth": 30, "fiftieth": 50, "hundredth": 100,
}
_DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5,
                 "fifths": 5, "tenth": 10, "tenths": 10}
_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
          "trillion": 1e12}
WORD_NUMBERS = {**_UNITS, **_TENS, "hundred": 100, "dozen": 12}
# Multiplying verbs are numbers too: "tripled" is a wrong fact against "doubled".
_FOLDS = {"doubl": "x2", "twofold": "x2", "twice": "x2", "tripl": "x3", "threefold": "x3", "quadrupl": "x4",
          "halv": "x0.5"}
_TIMES = re.compile(r"\b(?P<n>\d+|two|three|four|five|ten)\s+times\b", re.IGNORECASE)  # "three times" is "tripled"

_WORD = "|".join(sorted({*_UNITS, *_TENS}, key=len, reverse=True))
_SPELLED = (rf"(?:{_WORD})(?:[-\s](?:{'|'.join(_UNITS)}))?(?:\s+hundred(?:\s+(?:and\s+)?(?:{_WORD})(?:[-\s](?:"
            rf"{'|'.join(_UNITS)}))?)?)?|dozen")
_NUMBER = re.compile(
    # a currency letter stuck to the digits ("P1.42 trillion" pesos) only where no word precedes it: "IP4" is a name
    r"(?<![A-Za-z0-9.,-])(?:Rs\.?\s?|P)?(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(?P<scale>thousand|million"
    r"|billion|trillion|bn|mn)\b|(?P<short>bn|m|k)\b)?"
    rf"|\b(?P<frac>(?:{_WORD})[-\s](?:halves|half|thirds|third|quarters|quarter|fifths|fifth|tenths|tenth))\b"
    rf"|\b(?P<word>{_SPELLED})\b(?:\s+(?P<wscale>thousand|million|billion|trillion)\b)?"
    rf"|\b(?P<ord>{'|'.join(_ORDINALS)})\b(?!-)"
    r"|\b(?P<fold>doubl|tripl|quadrupl|halv|twofold|threefold|twice)(?:e|es|ed|ing)?\b",
    re.IGNORECASE)
# "the two agreed", "between the two": a number standing for people already named is not a count to check
_ANAPHOR = re.compile(r"(?:the|these|those|all)\s+$", re.IGNORECASE)
_NOT_NOUN = re.compile(r"^\s*(?:[,.;:!?)]|$|(?:a|an|the|and|or|also|have|had|has|were|are|will|would|did|of|in|to|"
                       r"on|at|with|for|from|said|agreed|met|who|which|that|both|then)\b|[a-z]+ed\b)", re.IGNORECASE)
# A share of a number the source states is a number it states: "half of the estimated 100,000" is 50,000.
_SHARE_OF = re.compile(r"\b(?P<frac>half|a third|a quarter|a tenth|two thirds|three quarters)\s+of\s+(?:the\s+|an?\s+)?"
                       r"(?:[a-z]+\s+){0,2}?(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(?P<scale>thousand|million|"
                       r"billion|trillion))?", re.IGNORECASE)
_SHARES = {"half": 0.5, "a third": 1 / 3, "a quarter": 0.25, "a tenth": 0.1, "two thirds": 2 / 3,
           "three quarters": 0.75}


def spelled_value(words: str) -> float:
    """Number words -> value. "one hundred fifty-three" -> 153.0, "thirty-five" -> 35.0, "dozen" -> 12.0"""
    total = 0.0
    current = 0.0
    for w in re.split(r"[-\s]+", words.lower()):
        if w == "and" or not w:
            continue
        if w == "hundred":
            current = (current or 1) * 100
        else:
            current += WORD_NUMBERS[w]
    return total + current


def find_numbers(text: str, with_one: bool = False) -> list[tuple[str, str]]:
    """Numbers as written, with a comparable key.

    "$830 bn, three years" -> [("830 bn", "8.3e+11"), ("three", "3")]
    """
    out = []
    for m in _NUMBER.finditer(text):
        key = _key(m, text, with_one)
        if key is not None:
            out.append((m.group().strip(), key))
    return out


def _key(m: re.Match, text: str, with_one: bool) -> str | None:
    """One match -> its key, or None when it is no number to check ("one of them", "the two agreed")."""
    if m.group("fold"):
        return _FOLDS[m.group("fold").lower()]
    if m.group("ord"):
        if m.group().endswith(("s", "S")):
            return None
        return _fmt(_ORDINALS[m.group("ord").lower()])
    if m.group("frac"):
        count, denominator = re.split(r"[-\s]+", m.group("frac").lower())
        return _fmt(WORD_NUMBERS[count] / _DENOMINATORS[denominator])
    if m.group("num"):
        value = float(m.group("num").replace(",", ""))
        return _fmt(value * _SCALE.get((m.group("scale") or m.group("short") or "").lower(), 1.0))
    word = m.group("word").lower()
    if word == "one" and not with_one:  # "one of the leaders" is rarely a count a sentence asserts
        return None
    if not with_one and not m.group("wscale") and _ANAPHOR.search(text[:m.start()]) and _NOT_NOUN.match(text[m.end():]):
        return None
    return _fmt(spelled_value(word) * _SCALE.get((m.group("wscale") or "").lower(), 1.0))


def _fmt(value: float) -> str:
    return format(value, ".10g")


def numbers_in(text: str) -> set[str]:
    """Every number a source states, scaled and unscaled, and the shares it states of them.

    "$830 bn and one envoy" -> {"8.3e+11", "830", "1"}; "half of the estimated 100,000" -> {"0.5", "100000", "50000"}
    """
    keys = set()
    for surface, key in find_numbers(text, with_one=True):
        keys.add(key)
        digits = re.search(r"\d[\d,]*(?:\.\d+)?", surface)
        if digits and surface[0] not in "x":  # "830" in a sentence is still the "$830 bn" of the source
            keys.add(_fmt(float(digits.group().replace(",", ""))))
    for m in _SHARE_OF.finditer(text):
        value = float(m.group("num").replace(",", "")) * _SCALE.get((m.group("scale") or "").lower(), 1.0)
        keys.add(_fmt(value * _SHARES[m.group("frac").lower()]))
    if re.search(r"\bboth\b", text, re.IGNORECASE):  # "both leaders" are the two leaders
        keys.add("2")
    if re.search(r"\b(?:first|1st)\b", text, re.IGNORECASE):  # "1st" in a sentence is the source's "first"
        keys.add("1")
    if "x2" in keys and re.search(r"\btwice\b", text, re.IGNORECASE):  # "met twice" is two meetings
        keys.add("2")
    for m in _TIMES.finditer(text):
        n = m.group("n").lower()
        keys.add("x" + _fmt(float(n) if n.isdigit() else WORD_NUMBERS[n]))
    for m in _PERIODS.finditer(text):  # "the past decade" states ten years
        keys.add(_fmt(_PERIOD_YEARS[m.group(1).lower()]))
    return keys


_PERIOD_YEARS = {"decade": 10, "century": 100}
_PERIODS = re.compile(r"\b(decade|century)\b", re.IGNORECASE)


# The noun a number counts, one or two words after it: "seven countries", "12 member countries", "2.3 million
# Gaza residents" (a name or an adjective may stand between).
_COUNTED_NOUN = re.compile(r"\s+(?:[A-Za-z-]+\s+){0,2}?(?P<noun>[a-z]{3,})\b")
_NOT_UNITS = {"and", "or", "the", "of", "to", "in", "on", "at", "for", "from", "with", "by", "per", "than", "as",
              "who", "which", "that", "was", "were", "are", "is", "has", "had", "have"}


def counted(text: str) -> list[tuple[str, str, str]]:
    """(number as written, its key, the stem-like noun it counts) for each number followed by a noun.

    "leaders of seven countries and 12 member states" -> [("seven", "7", "countri"), ("12", "12", "state")]
    """
    out, at = [], 0
    for surface, key in find_numbers(text):
        i = text.find(surface, at)
        if i < 0:
            continue
        at = i + len(surface)
        m = _COUNTED_NOUN.match(text, at)
        if m and m.group("noun") not in _NOT_UNITS and not re.match(r"\s*[,.;:]", text[at:]):
            out.append((surface, key, _unit(m.group("noun"))))
    return out


def _unit(noun: str) -> str:
    return re.sub(r"(?:ies|es|s)$", "", noun)


def unit_conflicts(sentence: str, window: str) -> list[str]:
    """The sentence's counts that the window puts on the same noun with another number only: "seven
    countries" against "the leaders of six countries" -> ["seven"]. A number the window states for that noun
    anywhere is no conflict."""
    theirs: dict[str, set[str]] = {}
    for _, key, unit in counted(window):
        theirs.setdefault(unit, set()).add(key)
    return [surface for surface, key, unit in counted(sentence) if unit in theirs and key not in theirs[unit]]
