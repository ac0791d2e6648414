"""Values in the same slot: the numbers, dates and names a sentence gives that a passage lacks, and the
passage's values that could stand in their place. Pure functions over strings; the claim check (rag/verification/check.py)
puts each candidate in the sentence and lets the verifier judge it.

    missing_slots("Luxon took office in November 2021.", nz.text) -> [Slot(30, 34, "year", key="2021")]
    candidates(that slot, ..., nz.text) -> ["2022"]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rag.language.entities import mentions
from rag.language.words import STOPWORDS, canonical, content_stems, find_names, find_numbers, name_key, numbers_in

MAX_CANDIDATES = 16  # values of one passage tried in one slot
CONTEXT = 3  # content words either side of a value that place it in its slot
_COORD = re.compile(r"^(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$")  # "China, India" is one slot


def has_name(name: str, text: str) -> bool:
    """A name is in a text as a phrase, or word by word (the verifier's rule). ("S Korea", "South Korea's") -> True"""
    key, words = name_key(name), name_key(text)
    return f" {key} " in f" {words} " or all(w in set(words.split()) for w in key.split())


@dataclass
class Slot:
    start: int  # in the canonical sentence
    end: int
    kind: str  # a mention type ("place", "date", ...) for names; "year", "fold", "count" or "scaled" for numbers
    names: list[str] = field(default_factory=list)
    key: str = ""  # a number's comparable key


def missing_slots(text: str, passage: str) -> list[Slot]:
    """The values of a (canonical) sentence the passage lacks: runs of missing names, missing numbers.

    ("The IP4 is China, India and Japan.", kt) -> [Slot(11, 23, "place", ["China", "India"])]
    """
    slots: list[Slot] = []
    at = 0
    for name in find_names(text):
        m = re.compile(rf"\b{re.escape(name)}\b").search(text, at)
        if m is None:
            continue
        at = m.end()
        if has_name(name, passage):
            continue
        if slots and slots[-1].names and _COORD.match(text[slots[-1].end:m.start()]):
            slots[-1].end, slots[-1].names = m.end(), [*slots[-1].names, name]
        else:
            slots.append(Slot(m.start(), m.end(), _type_at(text, m.start(), m.end()), [name]))
    known = numbers_in(passage)
    at = 0
    for surface, key in find_numbers(text):
        i = text.find(surface, at)
        if i < 0:
            continue
        at = i + len(surface)
        if key not in known:
            slots.append(Slot(i, i + len(surface), _number_kind(surface, key), key=key))
    return sorted(slots, key=lambda s: s.start)


def candidates(slot: Slot, text: str, passage: str) -> list[str]:
    """The passage's values of the slot's kind that the sentence does not already hold, in passage order."""
    if not slot.kind:
        return []
    if slot.key:
        found = [(s, k) for s, k in find_numbers(passage, with_one=True) if _number_kind(s, k) == slot.kind]
        return list(dict.fromkeys(s for s, k in found if k != slot.key))[:MAX_CANDIDATES]
    plain = canonical(passage)
    own = {name_key(n) for n in find_names(text)}
    out = []
    for name in dict.fromkeys(find_names(plain)):
        if name_key(name) in own:
            continue
        kinds = {_type_at(plain, m.start(), m.end()) for m in re.finditer(rf"\b{re.escape(name)}\b", plain)}
        if slot.kind in kinds:
            out.append(name)
    return out[:MAX_CANDIDATES]


def _type_at(text: str, start: int, end: int) -> str:
    """The type of the mention overlapping text[start:end] ("place", "date", "person", ...), "" when untyped."""
    return next((m.type for m in mentions(text) if m.start < end and start < m.end), "")


def _number_kind(surface: str, key: str) -> str:
    """What a number counts, for a slot: "2021" -> "year"; "doubled" -> "fold"; "5 billion" -> "scaled";
    "three" -> "count" """
    if key.startswith("x"):
        return "fold"
    if re.fullmatch(r"(?:19|20)\d\d", surface):
        return "year"
    return "count" if float(key) == int(float(key)) and float(key) < 1000 and surface == surface.split()[0] else "scaled"


def substitute(text: str, slots: list[Slot], values: tuple[str, ...]) -> tuple[str, list[tuple[int, int]]]:
    """The sentence with each slot's text replaced by its value, and where each value now sits.

    ("Luxon took office in 2021.", [Slot(21, 25)], ("2022",)) -> ("Luxon took office in 2022.", [(21, 25)])
    """
    out, spans, pos, size = [], [], 0, 0
    for slot, value in zip(slots, values):
        out.append(text[pos:slot.start])
        size += slot.start - pos
        spans.append((size, size + len(value)))
        out.append(value)
        size += len(value)
        pos = slot.end
    return "".join(out) + text[pos:], spans


def placed(guess: str, spans: list[tuple[int, int]], window: str) -> tuple[int, int]:
    """How well the guess's substituted values sit in the window as they sit in the guess: (values whose
    leading function word agrees, a value the guess leads with a content word agreeing anyhow; content words
    shared around them); (0, 0) when some value stands in the window among none of its guess words (the other
    values do not count as words).

    ("The summit was held in Washington.", [(26, 36)], "the NATO summit in Washington") -> (1, 1)
    """
    words = name_key(window).split()
    values = [name_key(guess[s:e]).split() for s, e in spans]
    skip = {w for v in values for w in v}
    preps = shared = 0
    for (start, end), value in zip(spans, values):
        before, after = name_key(guess[:start]).split(), name_key(guess[end:]).split()
        near, lead = _context(before, after, skip), _preposition(before)
        n = len(value)
        best = max(((len(near & _context(words[:i], words[i + n:], skip)), not lead or _preposition(words[:i]) == lead)
                    for i in range(len(words) - n + 1) if value and words[i:i + n] == value), default=(0, False))
        if not best[0]:
            return 0, 0
        shared += best[0]
        preps += best[1]
    return preps, shared


def _preposition(before: list[str]) -> str:
    """The function word right before a value, "" when a content word leads it. ["held", "in"] -> "in" """
    return before[-1] if before and before[-1] in STOPWORDS else ""


def in_order(values: tuple[str, ...], window: str) -> bool:
    """The values first occur in the window in the order the sentence gives them.

    (("Seoul", "South Korea"), "Luxon arrived in Seoul, the South Korean capital") -> True
    """
    text = f" {name_key(window)} "
    at = [text.find(f" {name_key(v)} ") for v in values]
    return all(a >= 0 for a in at) and at == sorted(at)


def _context(before: list[str], after: list[str], skip: frozenset[str] | set[str] = frozenset()) -> set[str]:
    """Stems of the CONTEXT content words either side of a value (words in `skip` left out): what it is said of.

    (["luxon", "took", "office", "in"], ["2022"]) -> {"luxon", "tak", "offic", "2022"}
    """
    left = [s for w in before[-4 * CONTEXT:] if w not in skip for s in content_stems(w)][-CONTEXT:]
    right = [s for w in after[:4 * CONTEXT] if w not in skip for s in content_stems(w)][:CONTEXT]
    return set(left + right)
