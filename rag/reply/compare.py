"""Yes or no over the reports a question names, report by report: "Does The Verge suggest X, while TechCrunch
implies Y?" is asked of each report in turn, and each part is judged against the sentences of the report it names.

    by_report(analyse("Does the Polygon article claim that Zazie Beetz will reprise her role in the Joker sequel,
                       while the Essentially Sports article discusses MJ returning from the first game?"), ...)
    -> Reply("full", "Yes", ["Yes — each report says so:", <a Polygon sentence>, <an Essentially Sports sentence>])

A part is *covered* when one sentence of its report, with the sentence before it, covers what the part says
(its focus words by stem or a close word, weighted by part of speech, as evidence is judged), and *contradicted*
when that sentence says the opposite of one of its words: an antonym ("increase" / "decrease"), or the word the
part negates by a prefix ("unrelated" where the report has "related"). Every part covered and none contradicted
-> Yes, with one sentence of each report; a part contradicted -> No, with the sentence that contradicts it;
anything else -> None (the caller says what the articles do not state).
"""

from __future__ import annotations

import re

from rag.evidence.answers import POS_WEIGHT, focus_cover, window
from rag.evidence.extract import Quote
from rag.language.entities import parts_of_speech
from rag.language.words import ANTONYMS, content_stems, name_key, stem
from rag.question.analysis import Question, analyse
from rag.question.reports import Part, reports_named
from rag.verification.verifier import Embed

# Share of a part's focus (weighted by part of speech) the best sentence of its report may leave uncovered
# (chosen on MultiHop-RAG's calibration half).
PART_MISSING = 0.34
CANDIDATES = 8  # sentences of each report examined, best ranked first
# how a report is said to say it ("suggest", "claim", "discuss"): the part's content is what follows
_SAYING = {stem(w) for w in """suggest suggests suggested claim claims claimed discuss discusses discussed indicate
indicates indicated imply implies implied report reports reported describe describes described mention mentions
mentioned attribute attributes attributed credit credits credited state states stated say says said highlight
highlights highlighted focus focuses focused portray portrays portrayed present presents presented""".split()}
_PREFIX = re.compile(r"^(?:un|dis|non|in|im|ir|il)(?P<base>[a-z]{4,})$")
_OPPOSITE: dict[str, set[str]] = {}
for _a, _b in ANTONYMS:  # stems both ways
    _OPPOSITE.setdefault(_a, set()).add(_b)
# the words that frame a part ("Does the Polygon article claim that ..."), not what it says
_FRAME = re.compile(r"^\W*(?:and|while|whereas|but|,)?\s*(?:does|did|do|is|was|has|have)?\s*(?:the\s+)?"
                    r"(?:(?:\w+\s+){0,2}(?:article|report|piece|story)s?\s+)?", re.I)


def by_report(q: Question, quotes: list[Quote], outlets: list[str], embed: Embed | None,
              yes: str = "Yes", no: str = "No") -> tuple[str, list[Quote], Quote | None] | None:
    """-> (yes or no, the quote of each report, the contradicting quote or None), or None when the question
    names fewer than two reports or a part is neither covered nor contradicted by its report."""
    parts = [p for p in reports_named(q.text, outlets) if p.outlet]
    if len(parts) < 2:
        return None
    shown: list[Quote] = []
    for part in parts:
        got = _judge(part, quotes, embed, {c.passage.doc_id for c in shown} if _same_outlet(parts) else set())
        if got is None:
            return None
        quote, contradicted = got
        if contradicted:
            return no, [quote], quote
        shown.append(quote)
    return yes, shown, None


def _same_outlet(parts: list[Part]) -> bool:
    return len({name_key(p.outlet) for p in parts}) < len(parts)


def _judge(part: Part, quotes: list[Quote], embed: Embed | None, exclude: set[str]) -> tuple[Quote, bool] | None:
    """The sentence of the part's report that covers it best -> (that quote, whether it contradicts the part),
    or None when no sentence of the report covers enough of it."""
    text = _FRAME.sub("", part.text.replace(part.outlet, " "), count=1)
    sub = analyse(text)
    focus = [w for w in sub.focus if content_stems(w) and stem(w.lower()) not in _SAYING]
    own = [c for c in quotes if not c.drafted and c.passage.doc_id not in exclude
           and name_key(part.outlet) in {name_key(x) for x in c.passage.labels}][:CANDIDATES]
    if not focus or not own:
        return None
    tags = parts_of_speech(text)
    weight = {w: POS_WEIGHT.get(tags.get(w, "NOUN"), 0.5) for w in focus}
    total = sum(weight.values())
    names = [n for n in sub.names if content_stems(n) and not content_stems(n) <= content_stems(part.outlet)]
    best: tuple[float, Quote] | None = None
    windows = [window(c) for c in own]
    for c, seen, missing in zip(own, windows, focus_cover(Question(text, "yes_no", tuple(focus)), windows, embed)):
        article = set(name_key(c.passage.article or c.passage.text).split())
        unnamed = sum(not set(name_key(n).split()) <= article for n in names)
        share = sum(weight[w] for w in missing) / total + (0.5 * unnamed / len(names) if names else 0.0)
        if _contradicts(text, seen) and share <= PART_MISSING + 0.25:
            return c, True
        if best is None or share < best[0]:
            best = (share, c)
    if best is None or best[0] > PART_MISSING:
        return None
    return best[1], False


def _contradicts(part: str, text: str) -> bool:
    """The sentence says the opposite of a word of the part: an antonym, or the base of a word the part negates
    by its prefix. ("suggest the deals are unnecessary", "the deals are necessary") -> True"""
    said = content_stems(text)
    for w in re.findall(r"[a-z]+", part.lower()):
        m = _PREFIX.match(w)
        if m and stem(m.group("base")) in said and stem(w) not in said:
            return True
        other = _OPPOSITE.get(stem(w), set())
        if other & said and stem(w) not in said:
            return True
    return False
