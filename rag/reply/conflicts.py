"""Conflicting facts across articles: the same event dated or counted differently by two outlets.

Conservative by design: two sentences conflict only when they come from different articles, share a name and
most of their wording, and put different dates or numbers after the same words ("took office in November 2022"
against "took office last November", published 2024-09-04, which is November 2023).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations

from index.sentences import sentence_spans
from rag.answer import Passage
from rag.language.words import content_stems, find_names, name_key

MIN_SHARED = 0.3  # content-word Jaccard of two sentences about the same fact (unrelated ones score < 0.15)
ANCHOR_WORDS = 4  # words before a value that say what it is the value of ("since he took office" ...)

_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"]
_MONTH = (r"(?P<month>" + "|".join(_MONTHS)
          + r"|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?)")
_DATE = re.compile(
    rf"\b{_MONTH}(?:\s+\d{{1,2}},?)?\s+(?P<year>(?:19|20)\d{{2}})\b"
    rf"|\b(?P<rel>last|this|next)\s+(?:(?P<rmonth>{'|'.join(_MONTHS)})|(?P<unit>year|month))\b"
    r"|\b(?P<bare>(?:19|20)\d{2})\b",
    re.IGNORECASE,
)
# A count and what it counts: "100,000 North Korean workers" -> 100000 "worker".
_COUNT = re.compile(r"(?<![\w.,])(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*"
                    r"(?P<scale>%|percent|million|billion)?\s+(?:[A-Z][\w-]*\s+){0,3}(?P<unit>[a-z]+)")


@dataclass
class _Value:
    kind: str  # "date" | "count"
    value: tuple  # (year, month or 0) for dates, (amount, unit stem) for counts
    anchor: set[str]  # content stems of the words just before it
    anchor_words: list[str]
    written: str  # as the article wrote it: "last November"
    shown: str  # as a reader should compare it: "November 2023"


@dataclass
class _Fact:
    passage: Passage
    quote: str
    stems: set[str]
    names: set[str]
    values: list[_Value]


def find_conflicts(passages: list[Passage]) -> list[dict]:
    """Passages -> [{"topic", "claims": [{"doc_id", "outlet", "quote", "value", "as_written"}, ...]}].

    [nz ("took office in November 2022"), bs ("took office last November", 2024-09-04)]
    -> [{"topic": "Christopher Luxon: office", "claims": [... "November 2022" ..., ... "November 2023" ...]}]
    """
    facts = [f for p in passages for f in _facts(p)]
    conflicts: list[dict] = []
    for a, b in combinations(facts, 2):
        # Chunks of one article agree; rewrites clustered as one story (`also`) may not, so they are compared.
        if a.passage.doc_id == b.passage.doc_id:
            continue
        found = _conflict(a, b)
        if found and not any(_same_conflict(found, c) for c in conflicts):
            conflicts.append(found)
    return conflicts


def _facts(p: Passage) -> list[_Fact]:
    out = []
    for s, e in sentence_spans(p.text):
        quote = " ".join(p.text[s:e].split())
        values = _values(quote, p.published)
        if values and quote not in [f.quote for f in out]:
            names = {name_key(n) for n in find_names(quote)}
            out.append(_Fact(p, quote, content_stems(quote), names, values))
    return out


def _values(sentence: str, published: str) -> list[_Value]:
    """Dates (relative ones resolved against `published`) and counts in a sentence."""
    out = []
    for m in _DATE.finditer(sentence):
        resolved = _resolve(m, published)
        if resolved:
            year, month = resolved
            shown = f"{_MONTHS[month - 1].capitalize()} {year}" if month else str(year)
            out.append(_Value("date", resolved, *_anchor(sentence, m.start()), m.group(), shown))
    for m in _COUNT.finditer(sentence):
        amount = m.group("num").replace(",", "")
        if re.fullmatch(r"(?:19|20)\d{2}", amount):  # a year, already read as a date
            continue
        unit = content_stems(m.group("unit"))
        if unit:
            value = (float(amount), (m.group("scale") or "").lower(), min(unit))
            stems, words = _anchor(sentence, m.start())
            out.append(_Value("count", value, stems | unit, words + [m.group("unit")], m.group().strip(),
                              m.group().strip()))
    return out


def dates_in(sentence: str, published: str) -> list[tuple[str, tuple[int, int]]]:
    """Dates a sentence states, relative ones resolved against the day it was published.
    ("He took office last November", "2024-09-04") -> [("last November", (2023, 11))]"""
    out = []
    for m in _DATE.finditer(sentence):
        resolved = _resolve(m, published)
        if resolved:
            out.append((m.group(), resolved))
    return out


def _resolve(m: re.Match, published: str) -> tuple[int, int] | None:
    """A date match -> (year, month or 0); "last November" said on 2024-09-04 -> (2023, 11)."""
    if m.group("year"):
        month = m.group("month").lower().rstrip(".")
        number = next(k for k, name in enumerate(_MONTHS, 1) if name.startswith(month[:3]))
        return int(m.group("year")), number
    if m.group("bare"):
        return int(m.group("bare")), 0
    pub = re.match(r"(\d{4})-(\d{2})", published or "")
    if not pub:
        return None  # "last November" means nothing without the day it was written
    year, now = int(pub.group(1)), int(pub.group(2))
    step = {"last": -1, "this": 0, "next": 1}[m.group("rel").lower()]
    if m.group("unit"):
        if m.group("unit").lower() == "year":
            return year + step, 0
        month = now + step
        return year + (month - 1) // 12, (month - 1) % 12 + 1
    month = _MONTHS.index(m.group("rmonth").lower()) + 1
    if step < 0:
        return (year if month < now else year - 1), month
    if step > 0:
        return (year if month > now else year + 1), month
    return year, month


def _anchor(sentence: str, at: int) -> tuple[set[str], list[str]]:
    """The few words before a value, what it is a value of -> (their content stems, the words)."""
    words = re.findall(r"[A-Za-z]+", sentence[:at])[-ANCHOR_WORDS:]
    return content_stems(" ".join(words)), words


def _conflict(a: _Fact, b: _Fact) -> dict | None:
    """Two sentences about one fact with different values for it, or None."""
    shared = len(a.stems & b.stems) / len(a.stems | b.stems)
    if shared < MIN_SHARED or not (a.names & b.names):
        return None
    for va in a.values:
        for vb in b.values:
            comparable = va.kind == vb.kind and va.anchor & vb.anchor
            if comparable and _same_subject(a, va, b, vb) and _differ(va, vb):
                return {"topic": _topic(a, b, va, vb), "claims": [_claim(a, va), _claim(b, vb)]}
    return None


def _same_subject(a: _Fact, va: _Value, b: _Fact, vb: _Value) -> bool:
    """Names right before a value belong to both sentences: "met Kishida in July" is not "met Luxon in May".
    """
    near_a = {name_key(n) for n in find_names(" ".join(["x"] + va.anchor_words))}
    near_b = {name_key(n) for n in find_names(" ".join(["x"] + vb.anchor_words))}
    return near_a <= b.names and near_b <= a.names


def _differ(a: _Value, b: _Value) -> bool:
    """Different at the precision both give: "2022" does not contradict "November 2022"."""
    if a.kind == "count":
        return a.value[1:] == b.value[1:] and a.value[0] != b.value[0]
    (ya, ma), (yb, mb) = a.value, b.value
    return ya != yb or bool(ma and mb and ma != mb)


def _topic(a: _Fact, b: _Fact, va: _Value, vb: _Value) -> str:
    """ "Christopher Luxon: assuming office" — a shared name and the words the two values hang on."""
    shared = va.anchor & vb.anchor
    words = [w for w in va.anchor_words if content_stems(w) & shared]
    if any(name_key(w) in a.names & b.names for w in words):
        return " ".join(words)
    name = max(a.names & b.names, key=len)
    shown = next((n for n in find_names(a.quote) if name_key(n) == name), name)
    return f"{shown}: {' '.join(words)}"


def _claim(f: _Fact, v: _Value) -> dict:
    written = v.written if v.written == v.shown else f"{v.written} (published {f.passage.published})"
    return {"doc_id": f.passage.doc_id, "outlet": f.passage.label, "quote": f.quote, "value": v.shown,
            "as_written": written}


def _same_conflict(new: dict, old: dict) -> bool:
    key = {(c["doc_id"], c["value"]) for c in new["claims"]}
    return key == {(c["doc_id"], c["value"]) for c in old["claims"]}
