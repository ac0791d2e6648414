"""Questions about the reports themselves: which article each report a question names is, and their order.

    order_of("Did Engadget report a discount on the MacBook Air before The Verge reported one on Galaxy Buds?",
             ["Engadget", "The Verge"])
    -> Order(parts=(Part("Engadget", "Did Engadget report a discount on the MacBook Air"),
                    Part("The Verge", "The Verge reported one on Galaxy Buds?")), word="before", choose=False)

A report is found by its outlet and the words the question says about it (and the date it gives, if any); the
order of two reports is the order of their publication dates, a fact of the articles' metadata, stated in the
lead with both dates so a reader can check it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.answer import Passage
from rag.evidence.extract import Quote
from rag.language.words import content_stems, name_key

# "before or after" asks to choose; "before"/"after" alone asks whether.
_ORDER = re.compile(r"\b(before or after|after or before|before|after|earlier than|later than|prior to)\b", re.I)
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
# "after September 26, 2023", "before 2024", "after the 10th": a date constraint, not the order of two reports
_DATE_NEXT = re.compile(r"\s*(?:the\s+)?(?:\d|'?\d{4}\b|" + _MONTH + r"\b|(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|"
                        r"(?:last|this|next)\s+\w+|(?:its|their|his|her)\s+publication\b)", re.I)
# "the report ... before and the allegations after": the order word ends a phrase, no report follows it
_NO_CLAUSE = re.compile(r"\s*(?:and\b|or\b|,|\?|$)", re.I)
_REPORT = re.compile(r"\b(?:reports?|reported|articles?|stor(?:y|ies)|coverage|piece|covered|published)\b", re.I)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?")
_DATED = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b|\b(" + _MONTH + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?",
                    re.I)
MIN_SHARED = 2  # content words a report's article must share with what the question says of it


@dataclass(frozen=True)
class Part:
    outlet: str  # the outlet named for this report ("" when the part names none: the other part's)
    text: str  # the question's words about this report


@dataclass(frozen=True)
class Order:
    parts: tuple[Part, Part]
    word: str  # "before" or "after": the first part's report relative to the second's
    choose: bool  # "before or after?" asks which; otherwise "did it come before?" asks whether


def order_of(question: str, outlets: list[str]) -> Order | None:
    """A question asking whether (or whether before or after) one named report came before another -> its two
    parts; None when it asks no such thing (an order word followed by a date is a date constraint)."""
    if not outlets:
        return None
    for m in _ORDER.finditer(question):
        if _DATE_NEXT.match(question, m.end()) or _NO_CLAUSE.match(question, m.end()):
            continue
        first, second = question[:m.start()], question[m.end():]
        a, b = _named(first, outlets), _named(second, outlets)
        if not (a or _REPORT.search(first)) or not _reported_next(second, b):
            continue  # "his plans after his departure": an order of events, not of two reports
        if (not a and not b) or len(a) > 1 or len(b) > 1 or len(content_stems(first)) < 2 \
                or len(content_stems(second)) < 2:
            continue
        word = m.group(1).lower()
        choose = " or " in word
        base = "before" if word.startswith(("before", "earlier", "prior")) else "after"
        parts = (Part(a[0] if a else b[0], first), Part(b[0] if b else a[0], second))
        return Order(parts, base, choose)
    return None


def _reported_next(text: str, outlets: list[str]) -> bool:
    """The words after an order word begin with a report: an outlet ("before The Verge reported") or a report
    noun ("after the article on ..."), within three words."""
    head = " ".join(re.findall(r"[\w'’|.-]+", text)[:3 + max((len(o.split()) for o in outlets), default=0)])
    return bool(_named(head, outlets) or re.match(r"\W*(?:\w+\W+){0,2}?(?:reports?|articles?|stor(?:y|ies)|"
                                                    r"coverage|piece)\b", text, re.I))


def _named(text: str, outlets: list[str]) -> list[str]:
    """The outlets a piece of the question names, in order of first mention."""
    return list(dict.fromkeys(o for _, _, o in _mentions(text, outlets)))


def _mentions(text: str, outlets: list[str]) -> list[tuple[int, int, str]]:
    """Every mention of an outlet in `text` as (start, end, outlet), in text order; at one place the longest
    name ("The Age" is not read inside "The Sydney Morning Herald"), "The" optional."""
    low = text.lower()
    found: list[tuple[int, int, str]] = []
    for o in sorted(outlets, key=len, reverse=True):
        core = re.sub(r"^the\s+", "", o.lower())
        for m in re.finditer(r"\b" + re.escape(core) + r"\b", low):
            if not any(m.start() < e and m.end() > s for s, e, _ in found):
                found.append((m.start(), m.end(), o))
    return sorted(found)


def _asked(part: Part) -> set[str]:
    """The words the question says of a report, without its outlet's name."""
    return content_stems(part.text) - content_stems(part.outlet)


def find_report(part: Part, quotes: list[Quote], exclude: set[str] = frozenset()) -> Quote | None:
    """The best quote of the article that is the report `part` describes: from its outlet (and published on the
    date it gives), sharing the most of its words; None when no article of that outlet shares MIN_SHARED."""
    words = _asked(part)
    day = _day_named(part.text)
    best, best_key = None, (0, 0, 0.0)
    for c in quotes:
        p = c.passage
        if c.drafted or p.doc_id in exclude or not _from(p, part.outlet):
            continue
        shared = len(words & content_stems(c.text + " " + p.title))
        on_day = int(bool(day) and published_day(p) == day)
        key = (on_day, shared, c.score)
        if shared >= MIN_SHARED and key > best_key:
            best, best_key = c, key
    return best


def _from(p: Passage, outlet: str) -> bool:
    return name_key(outlet) in {name_key(label) for label in p.labels}


def published_at(p: Passage) -> tuple[int, ...] | None:
    """ "2023-11-24T17:05:00+00:00" -> (2023, 11, 24, 17, 5, 0); no date -> None."""
    m = _ISO.match(p.published or "")
    return tuple(int(x or 0) for x in m.groups()) if m else None


def published_day(p: Passage) -> tuple[int, int, int] | None:
    when = published_at(p)
    return (when[0], when[1], when[2]) if when else None


def _day_named(text: str) -> tuple[int, int, int] | None:
    """The publication day a part of the question gives: "on 2023-11-24", "published on October 13, 2023"."""
    m = _DATED.search(text)
    if not m:
        return None
    if m.group(1):
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not m.group(6):
        return None
    month = next(i for i, name in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                             "nov", "dec"), 1) if m.group(4).lower().startswith(name))
    return int(m.group(6)), month, int(m.group(5))


def order_word(order: Order, first: Passage, second: Passage) -> str:
    """The answer to `order` given the two reports' articles: "Yes"/"No", or "Before"/"After" when it asks
    which; "" when their publication times do not tell (unknown or the same)."""
    a, b = published_at(first), published_at(second)
    if a is None or b is None or a == b:
        return ""
    came = "before" if a < b else "after"
    if order.choose:
        return came.capitalize()
    return "Yes" if came == order.word else "No"


# "the same source's article", "another article from the same outlet": a second report of the outlet named before
_SAME = re.compile(r"\b(?:the same|that) (?:news )?(?:source|outlet|publication|site|newspaper)\b", re.I)


def reports_named(question: str, outlets: list[str], about: str = "") -> list[Part]:
    """Each report the question names, in order: its outlet and the question's words from that mention to the
    next (plus `about`, what the question asks of all of them). "the same source" names the outlet before it.
    ("Between The Verge's report on chargers and Wired's on power banks, ...", [...]) -> [Part("The Verge", ...),
    Part("Wired", ...)]"""
    found = sorted(_mentions(question, outlets) + [(m.start(), m.end(), "") for m in _SAME.finditer(question)])
    parts = []
    for i, (start, _, outlet) in enumerate(found):
        outlet = outlet or (parts[-1].outlet if parts else "")
        if not outlet:
            continue
        end = found[i + 1][0] if i + 1 < len(found) else len(question)
        head = question[:start] if i == 0 else ""
        parts.append(Part(outlet, f"{head}{question[start:end]} {about}".strip()))
    return parts


def report_quotes(parts: list[Part], quotes: list[Quote], n: int = 2) -> list[Quote]:
    """The `n` quotes of each named report's outlet that share the most of what the question says of it
    (at least MIN_SHARED words), best report first: what a question of many facts reads together."""
    out: list[Quote] = []
    for part in parts:
        words = _asked(part)
        scored = [(len(words & content_stems(c.text)), c.score, i) for i, c in enumerate(quotes)
                  if not c.drafted and _from(c.passage, part.outlet)]
        best = sorted((x for x in scored if x[0] >= MIN_SHARED), reverse=True)[:n]
        out += [quotes[i] for _, _, i in best if all(quotes[i] is not c for c in out)]
    return out


def find_reports(parts: list[Part], quotes: list[Quote]) -> list[Quote]:
    """One quote from a distinct article for each part, or [] when any report is not found."""
    out: list[Quote] = []
    for part in parts:
        got = find_report(part, quotes, {c.passage.doc_id for c in out})
        if got is None:
            return []
        out.append(got)
    return out
