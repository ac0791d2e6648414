"""Citation markers in a model's answer: parse them back to passages, render them for display.

Small models cite in many styles ([1], [1, 2], [1][2], (1), [Source 1], Source 1:, [Business Standard], [^1]);
all of them map back to indices into the passage list the prompt showed (numbered from 1 there).
"""

from __future__ import annotations

import re

from index.sentences import sentence_spans
from rag.answer import Passage

_SOURCE_WORD = r"(?:sources?|passages?|documents?|docs?|refs?)"
_NUM_LIST = r"\d{1,2}(?:\s*(?:,|;|&|and|-|–)\s*\d{1,2})*"
_MARKER = re.compile(
    r"(?<!!)\[\^?(?P<bracket>[^\[\]\n]{1,80})\]"
    rf"|\((?P<paren>(?:{_SOURCE_WORD}\s*)?{_NUM_LIST}|[A-Z][^()\n]{{2,60}})\)"
    # "according to Source 1," and "Source 2:" read as prose; the lead-in goes with the marker.
    r"|(?:\b(?:according to|as (?:reported|stated|noted|mentioned) (?:in|by)|(?:reported|stated) in|per|in)"
    r"\s+)?"
    rf"\b(?P<source>{_SOURCE_WORD}\s*#?\s*{_NUM_LIST})(?P<colon>\s*:)?,?",
    re.IGNORECASE,
)
# Footnote definitions ("[^1]: Business Standard") and a trailing "Sources:" list restate citations.
_FOOTNOTE_LINE = re.compile(r"^\s*\[\^?\d+\]:.*$", re.MULTILINE)
_SOURCES_TRAILER = re.compile(r"\n\s*(?:\*\*)?(?:sources|references|citations)(?:\*\*)?\s*:.*\Z",
                              re.IGNORECASE | re.DOTALL)
_LIST_PREFIX = re.compile(r"^[ \t]*(?:\d{1,2}[.)]|[-*•])[ \t]+", re.MULTILINE)
_ANSWER_PREFIX = re.compile(r"^\s*(?:\*\*)?answer(?:\*\*)?\s*:\s*", re.IGNORECASE)


def render_citation(p: Passage) -> str:
    """Passage -> its inline tag. Passage(outlet="Business Standard", ...) -> "[Business Standard]" """
    return f"[{p.label}]"


def parse_answer(text: str, passages: list[Passage]) -> list[tuple[str, list[int]]]:
    """Answer text -> [(sentence without markers, 0-based indices of the passages it cites)].

    "Trade nearly doubled. [2]" with 2 passages -> [("Trade nearly doubled.", [1])]
    """
    clean, marks = _strip_markers(_preclean(text), passages)
    spans = sentence_spans(clean)
    cited: list[set[int]] = [set() for _ in spans]
    for pos, is_prefix, indices in marks:
        k = _owner(spans, pos, is_prefix)
        if k is not None:
            cited[k].update(indices)
    out = []
    for (s, e), idx in zip(spans, cited):
        sentence = _tidy(clean[s:e])
        if re.search(r"[A-Za-z0-9]", sentence):
            out.append((sentence, sorted(idx)))
    return out


def _preclean(text: str) -> str:
    text = _SOURCES_TRAILER.sub("", _FOOTNOTE_LINE.sub("", text))
    text = _LIST_PREFIX.sub("", _ANSWER_PREFIX.sub("", text))
    return text.replace("**", "")


def _strip_markers(text: str, passages: list[Passage]) -> tuple[str, list[tuple[int, bool, list[int]]]]:
    """Text -> (text without markers, [(offset in the clean text, is a prefix marker, passage indices)])."""
    parts: list[str] = []
    marks: list[tuple[int, bool, list[int]]] = []
    last = 0
    for m in _MARKER.finditer(text):
        indices = _resolve(m, passages)
        if indices is None:  # a parenthesis that is prose, not a citation: keep it
            continue
        parts.append(text[last:m.start()])
        # Drop the space before the marker so "decade [1]." becomes "decade." and not "decade ."
        clean = "".join(parts).rstrip(" \t")
        parts = [clean]
        line_start = not clean or clean.endswith("\n")
        rest_of_line = text[m.end():].split("\n", 1)[0]
        is_prefix = bool(m.group("colon")) or (line_start and bool(re.search(r"[A-Za-z]", rest_of_line)))
        marks.append((len(clean), is_prefix, indices))
        last = m.end()
    parts.append(text[last:])
    return "".join(parts), marks


def _resolve(m: re.Match, passages: list[Passage]) -> list[int] | None:
    """A marker match -> passage indices ([] when it cites nothing known), None when it is not a marker."""
    if m.group("bracket") is not None:
        return _resolve_items(m.group("bracket"), passages)
    if m.group("paren") is not None:
        body = m.group("paren")
        indices = _resolve_items(body, passages)
        # "(2017)" or "(AP)" is prose unless it names a source or a passage we showed.
        return indices if indices or re.match(_SOURCE_WORD, body, re.IGNORECASE) else None
    return _resolve_items(m.group("source"), passages)


def _resolve_items(body: str, passages: list[Passage]) -> list[int]:
    """ "1, 3" / "Source 2" / "Business Standard" / "1-2" -> 0-based passage indices that exist."""
    body = re.sub(rf"^\s*{_SOURCE_WORD}\s*:?\s*", "", body.strip(), flags=re.IGNORECASE)
    whole = _by_name(body, passages)  # titles contain commas and "and": try the whole name first
    if whole:
        return whole
    out: list[int] = []
    for item in re.split(r"\s*(?:[,;&]|\band\b)\s*", body):
        item = re.sub(rf"^\s*(?:{_SOURCE_WORD}\s*)?[#^]?\s*", "", item, flags=re.IGNORECASE).strip()
        rng = re.fullmatch(r"(\d{1,2})\s*[-–]\s*(\d{1,2})", item)
        num = re.match(r"\d+", item)
        if rng:
            numbers = list(range(int(rng.group(1)), int(rng.group(2)) + 1))
        elif num:
            numbers = [int(num.group())]
        else:
            out.extend(i for i in _by_name(item, passages) if i not in out)
            continue
        out.extend(n - 1 for n in numbers if 1 <= n <= len(passages) and n - 1 not in out)
    return out


def _by_name(name: str, passages: list[Passage]) -> list[int]:
    """An outlet or title as the model wrote it -> indices of the passages carrying it."""
    key = _name_key(name)
    if len(key) < 2:
        return []
    hits = []
    for i, p in enumerate(passages):
        names = [p.label, p.outlet, p.title] + [c.get(k) or "" for c in p.also for k in ("outlet", "title")]
        keys = [_name_key(n) for n in names if n and n != "unknown"]
        # A shortened title still points at its article; a shortened outlet ("Korea") would be a guess.
        if key in keys or any(len(key) >= 12 and len(k) > 30 and key in k for k in keys):
            hits.append(i)
    return hits


def _name_key(name: str) -> str:
    """ "The Korea Times" -> "korea times" """
    words = re.findall(r"[a-z0-9]+", name.lower())
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def _owner(spans: list[tuple[int, int]], pos: int, is_prefix: bool) -> int | None:
    """Which sentence a marker at `pos` belongs to: a trailing marker to the sentence before it."""
    if not spans:
        return None
    if is_prefix:
        return next((k for k, (_, e) in enumerate(spans) if e > pos), len(spans) - 1)
    inside = [k for k, (s, e) in enumerate(spans) if s <= pos <= e]
    if inside:
        return inside[0]
    before = [k for k, (_, e) in enumerate(spans) if e <= pos]
    return before[-1] if before else 0


def _tidy(sentence: str) -> str:
    """Collapse the gaps markers leave. "luxon , who met ." -> "Luxon, who met." """
    sentence = re.sub(r"\s+", " ", sentence).strip()
    sentence = re.sub(r"\s+([.,;:!?])", r"\1", sentence)
    sentence = re.sub(r"[,;:]+([.!?])", r"\1", sentence)  # "Seoul, as reported in Source 2." -> "Seoul."
    sentence = re.sub(r"^[,;:\s]+", "", sentence)
    return sentence[:1].upper() + sentence[1:]
