"""A timeline: the question's events as the quotes date them, oldest first, each entry with its date and outlet."""

from __future__ import annotations

import re

from rag.answer import Sentence
from rag.evidence.answers import CANDIDATES, anchored
from rag.evidence.extract import Quote
from rag.question.analysis import Question
from rag.reply.conflicts import dates_in

MAX_TIMELINE = 6


def timeline(q: Question, quotes: list[Quote]) -> list[Sentence]:
    """Dated evidence on the question's events, oldest first, each entry with its date and outlet; [] when
    fewer than two quotes are dated. -> [Sentence("June 2024 — Kim Jong Un and Vladimir Putin signed ...", [BS]), ...]"""
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
