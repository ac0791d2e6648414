"""Question handling before retrieval: validation, follow-up condensation, outlet and date hints."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from index.errors import UserError

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_FOLLOW_UP = re.compile(
    r"^(and|but|also|so|what about|how about|and what|then)\b|\b(he|she|they|them|his|her|their|it|that|"
    r"those|this|these|there)\b", re.I)
_STOP = set("""a an the and or but of to in on at for with by from as is are was were be been what who whom which
when where why how did do does say said says tell me about it its that this these those there their they he she
his her them also then so any some more most other than into over under again ever just not no""".split())


# Words about the articles themselves, not about the world: "Which outlet carried the story ...?"
_META = set("""article articles story stories outlet outlets newspaper newspapers agency agencies source sources
report reports reported mention mentioned mentions credit credited cite cited wrote write written across per
had has have""".split())


@dataclass
class QueryHints:
    outlets: list[str]  # outlets the question names (exact stored names)
    date_from: int = 0  # yyyymmdd, 0 = open
    date_to: int = 0
    years: tuple[int, ...] = ()  # years named in the question ("the 2023 summit")


def validate_question(question: object, max_chars: int) -> str:
    """Raw input -> stripped question, or UserError before any model call.

    >>> validate_question("  Who met?  ", 100)
    'Who met?'
    """
    if not isinstance(question, str) or not question.strip():
        raise UserError("the question is empty: type a question about the articles")
    q = " ".join(question.split())
    if len(q) > max_chars:
        raise UserError(f"the question is {len(q)} characters long; the limit is {max_chars}")
    return q


def content_words(text: str) -> list[str]:
    """Text -> lowercase words without stopwords. "What did Yoon say?" -> ["yoon"]"""
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP and len(w) > 1]


def topic_words(question: str) -> list[str]:
    """The question's content words about the world (not about the articles).
    "Which outlet reported the Seoul summit?" -> ["seoul", "summit"]"""
    return [w for w in content_words(question) if w not in _META]


def condense(question: str, history: list[tuple[str, str]] | None) -> str:
    """Follow-up + earlier turns -> a standalone retrieval query.

    ("and what did Japan say?", [("What did leaders say at the NATO summit?", "...")])
    -> "and what did Japan say? (leaders nato summit)"
    Deterministic on purpose: a 135M model rewrites questions into new ones.
    """
    if not history:
        return question
    words = content_words(question)
    if len(words) > 6 or not (_FOLLOW_UP.search(question) or len(words) <= 3):
        return question
    for previous, _ in reversed(history):
        context = [w for w in content_words(previous) if w not in words]
        if context:
            return f"{question} ({' '.join(context)})"
    return question


def named_words(question: str) -> list[str]:
    """Capitalised words a question names, lowercased (not its first word, not stopwords).

    >>> named_words("What did Uber's CEO say about South Korea?")
    ['uber', 'ceo', 'south', 'korea']
    """
    words = re.findall(r"\b[A-Z][A-Za-z0-9]*(?:['’]s)?|\b[a-z]*[0-9][a-z0-9]*\b", question)
    out = []
    for i, w in enumerate(words):
        w = re.sub(r"['’]s$", "", w).lower()
        if (i == 0 and question.lstrip().lower().startswith(w)) or w in _STOP or len(w) < 2:
            continue
        out.append(w)
    return out


def parse_hints(question: str, known_outlets: list[str]) -> QueryHints:
    """Question -> outlets and dates it names.

    ("What did The Korea Times report in July 2024?", ["The Korea Times"])
    -> QueryHints(outlets=["The Korea Times"], date_from=20240700, date_to=20240731, years=(2024,))
    """
    low = question.lower()
    outlets = [o for o in known_outlets if o and o != "unknown" and _names_outlet(low, o.lower())]
    years = tuple(int(y) for y in re.findall(r"\b(19\d\d|20\d\d)\b", question))
    date_from = date_to = 0
    m = re.search(r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?\s+(19\d\d|20\d\d)\b", low)
    if m:
        month, year = _MONTHS[m.group(1)], int(m.group(2))
        date_from, date_to = year * 10000 + month * 100, year * 10000 + month * 100 + 31
    elif len(years) == 1:
        date_from, date_to = years[0] * 10000, years[0] * 10000 + 1231
    return QueryHints(outlets=outlets, date_from=date_from, date_to=date_to, years=years)


def outlet_core(outlet: str) -> str:
    """An outlet's name without its article, lower case: "The Korea Times" -> "korea times" """
    return re.sub(r"^the\s+", "", outlet.lower())


def _names_outlet(question: str, outlet: str) -> bool:
    core = outlet_core(outlet)
    return re.search(r"\b" + re.escape(core) + r"\b", question) is not None
