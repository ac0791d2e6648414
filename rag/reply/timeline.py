"""A timeline: the question's events as the quotes date them, oldest first, each entry with its date and outlet."""

from __future__ import annotations

import re

from rag.answer import Sentence
from rag.evidence.answers import CANDIDATES, anchored
from rag.evidence.extract import Quote
from rag.language.geo import country
from rag.language.words import content_stems, find_names, reworded
from rag.question.analysis import Question
from rag.reply.conflicts import dates_in

MAX_TIMELINE = 6


def timeline(q: Question, quotes: list[Quote]) -> list[Sentence]:
    """Dated evidence on the question's events, oldest first, each entry with its date and outlet; [] when
    fewer than two quotes are dated. -> [Sentence("June 2024 — Kim Jong Un and Vladimir Putin signed ...", [BS]), ...]
    A question that lists its events ("Put in order: A, B, and C.") gets one entry for each it finds."""
    listed = _listed(q, quotes)
    if listed:
        return listed
    dated: list[tuple[tuple[int, int], str, Quote]] = []
    seen = set()
    for c in quotes[:CANDIDATES]:
        if c.drafted or not anchored(q, c.text):
            continue
        for label, when in (dates_in(c.text, c.passage.published) or _month_only(c))[:1]:
            if (when, c.text) not in seen:
                seen.add((when, c.text))
                dated.append((when, label, c))
    if len(dated) < 2:
        return []
    dated.sort(key=lambda d: d[0])
    entries = [Sentence(f"{label} — {c.text}", c.sentence().citations, supported=True, reason="timeline")
               for _, label, c in dated[:MAX_TIMELINE]]
    return entries


_MONTH_NAME = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|"
                         r"December)\b(?!\s+\d)")


def _month_only(c: Quote) -> list[tuple[str, tuple[int, int]]]:
    """ "in June" with no year: the year of the article's date, else the latest year its text names (news
    reports the recent past). -> [("June", (2024, 6))]"""
    m = _MONTH_NAME.search(c.text)
    if not m:
        return []
    month = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
             "november", "december"].index(m.group(1).lower()) + 1
    pub = re.match(r"(\d{4})-(\d{2})", c.passage.published or "")
    if pub:
        year = int(pub.group(1)) - (month > int(pub.group(2)))
    else:
        years = [int(y) for y in re.findall(r"\b(20\d\d)\b", c.passage.text)]
        if not years:
            return []
        year = max(years)
    return [(m.group(1), (year, month))]


# "Put in order: A, B, and C.", "Order these events: A, B and C", "what happened first: A, or B?"
_EVENTS = re.compile(r"^[^:]*\b(?:order|first|sequence|chronolog\w*|timeline)\b[^:]*:\s*(?P<events>.+?)[.?!]*$", re.I)
_EVENTS_DID = re.compile(r"^\s*in (?:what|which) order (?:did|were|was) (?P<events>.+?)\s+(?:happen|occur|take place|"
                         r"held|come)\b", re.I)
_EVENT_SPLIT = re.compile(r",\s*(?:and|or|then)\s+|,\s+|\s+(?:and|or|then)\s+(?=(?:the|his|her|their|its)\b|[A-Z][\w-]*['’]s\b)")
MIN_EVENT_WORDS = 2  # content words a quote shares with an event it is taken to report
SINCE_WORDS = 10  # words before a "since" date that name the event it dates


def events(question: str) -> list[str]:
    """The events a question lists to be put in order. "Put in order: the flood, Kim's visit and the vote." ->
    ["the flood", "Kim's visit", "the vote"]; [] when it lists fewer than two."""
    m = _EVENTS.match(question.strip()) or _EVENTS_DID.match(question.strip())
    if not m:
        return []
    found = [e.strip() for e in _EVENT_SPLIT.split(m.group("events")) if e and e.strip()]
    return found if len(found) >= 2 else []


def _listed(q: Question, quotes: list[Quote]) -> list[Sentence]:
    """One entry for each listed event: the quote sharing most of its words (at least MIN_EVENT_WORDS), dated by
    the date it states, else by its article's publication date; undated entries last ("date not stated").
    [] when fewer than two events are found or none is dated."""
    pool = [c for c in quotes if not c.drafted]  # every sentence retrieved: each event has its own
    entries: list[tuple[tuple[int, int] | None, str, Quote]] = []
    used: set[str] = set()
    for event in events(q.text):
        words = content_stems(event)
        named = {w for n in find_names(event) for w in content_stems(n)}
        who = {w for n in find_names(event) if not country(n) for w in content_stems(n)}  # not the countries
        scored = [(*_shared(c, words, named, who), c.score, i) for i, c in enumerate(pool) if c.text not in used]
        scored = [x for x in scored if x[2] >= min(MIN_EVENT_WORDS, len(words))]
        # "the Yoon-Luxon summit" is a sentence naming most of them, not any summit Yoon attended
        most = [x for x in scored if 2 * x[1] >= len(who)]
        best = max(most or scored, key=lambda x: (x[0], x[1], x[3], x[2], x[4]), default=None)
        if best is None:
            continue
        c = pool[best[5]]
        used.add(c.text)
        acts = content_stems(reworded(event)) - named  # "taking office" as the text may say it: "became"
        stated = [d for d in dates_in(c.text, c.passage.published) + _month_only(c) if _dates_event(c.text, d[0], acts)]
        when = (stated or _published(c))[:1]
        entries.append((when[0][1], _label(*when[0]), c) if when else (None, "date not stated", c))
    if len(entries) < 2 or all(w is None for w, _, _ in entries):
        return []
    entries.sort(key=lambda e: (e[0] is None, e[0] or (0, 0)))
    return [Sentence(f"{label} — {c.text}", c.sentence().citations, supported=True, reason="timeline")
            for _, label, c in entries]


_MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December"]


def _shared(c: Quote, words: set[str], named: set[str], who: set[str]) -> tuple[int, int, int, bool]:
    """How well a quote reports an event: its words of what happened (twice) and whether it names anyone, how
    many of the people it names, all words shared, and whether the quote is dated."""
    got = words & content_stems(c.text)
    dated = bool(dates_in(c.text, c.passage.published) or _month_only(c))
    return 2 * len(got - named) + bool(got & named), len(got & who), len(got), dated


def _dates_event(text: str, said: str, words: set[str]) -> bool:
    """A date after "since" dates an earlier event, the one just before it ("since he took office last November"
    dates taking office, not the arrival the sentence reports): it dates the event only when one of the event's
    words is among the SINCE_WORDS before it."""
    at = text.find(said)
    before = re.findall(r"[A-Za-z]+", text[:at])
    if at < 0 or "since" not in [w.lower() for w in before[-SINCE_WORDS:]]:
        return True
    near = content_stems(reworded(" ".join(before[-SINCE_WORDS:]) + " " + text[at:at + len(said)]))
    return bool(near & words)


def _label(said: str, when: tuple[int, int]) -> str:
    """ "last November", (2023, 11) -> "November 2023 (last November)"; "2017", (2017, 0) -> "2017" """
    year, month = when
    full = f"{_MONTH_NAMES[month - 1]} {year}" if month else str(year)
    if said.startswith("reported"):
        return said
    return full if said.lower() == full.lower() else f"{full} ({said})"


def _published(c: Quote) -> list[tuple[str, tuple[int, int]]]:
    """An event the sentence gives no date for, dated by its report: "reported September 2024"."""
    m = re.match(r"(\d{4})-(\d{2})", c.passage.published or "")
    if not m:
        return []
    year, month = int(m.group(1)), int(m.group(2))
    return [(f"reported {_MONTH_NAMES[month - 1]} {year}", (year, month))]
