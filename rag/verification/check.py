"""The three-way claim check: do the articles support a sentence, contradict it, or say nothing about it?

Pure functions over Passages; the verifier (rag/verification/verifier.py) is the judge of support. A passage contradicts a
sentence when the verifier rejects it, the passage holds what the sentence is about (its names, most of its
words) and one of these is why:

- the polarity differs: a negation or an antonym ("praised" / "condemned", "admitted" / "denied");
- another number, date or name stands in the same slot: the sentence with the passage's value put in its place
  passes the verifier ("five consecutive years" / "three consecutive years"). Not for the sentence's actor:
  an article listing Blinken at a summit says nothing about whether Putin was there;
- the act is the passage's, but done by another named actor ("New Zealand exported missiles" / "North
  Korea's export of ballistic missiles"), or with the roles the other way round ("Russia supplies North Korea"
  / "North Korea supplies Russia").

Anything else the verifier rejects is "not found". When some passages support the sentence and others
contradict it, the passage whose window holds more of the sentence decides.

    check_claim("NATO praised North Korea's exports of artillery shells.", [korea_times])
    -> ClaimCheck("contradicted", 'The Korea Times says the opposite of "praised"', [(korea_times, s, e)])
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from index.errors import UserError
from rag.answer import Passage, unique_passages
from rag.language.words import (
    ANTONYMS,
    NEG_PREFIXES,
    STOPWORDS,
    TITLES,
    act_stems,
    canonical,
    content_stems,
    find_names,
    name_key,
    negated_stems,
)
from rag.verification.slots import candidates, has_name, in_order, missing_slots, placed, substitute
from rag.verification.verifier import MIN_ACT_RECALL, MIN_RECALL, NOT_A_CLAIM, Embed, verify_sentence

SUPPORTED, CONTRADICTED, NOT_FOUND = "supported", "contradicted", "not found"
VERDICTS = (SUPPORTED, CONTRADICTED, NOT_FOUND)
# The verifier's reasons (rag/verification/verifier.py) that say the passage disagrees rather than says nothing.
FLIPPED = "negation differs from source"
BORROWED = "subject not in the quoted sentences"
SWAPPED_ROLES = "roles differ from source"  # the sentence's actor is acted on in the window, or the reverse
MAX_SLOTS = 3  # a sentence with more missing values than this is about something else
MAX_TRIES = 150  # substituted sentences verified per passage

Quote = tuple[Passage, int, int]  # a window of a passage: (passage, start, end) in passage.text


@dataclass
class ClaimCheck:
    verdict: str  # supported | contradicted | not found
    reason: str  # one line a reader can act on
    # The windows that support the sentence (supported) or contradict it (contradicted); none when not found.
    evidence: list[Quote] = field(default_factory=list)

    @property
    def supported(self) -> bool:
        return self.verdict == SUPPORTED

    def to_dict(self) -> dict:
        """The JSON `python -m rag verify` prints and `/check` returns."""
        return {"supported": self.supported, "verdict": self.verdict, "reason": self.reason,
                "evidence": [evidence_dict(q) for q in self.evidence]}


def evidence_dict(q: Quote) -> dict:
    """(passage, 10, 42) -> {"doc_id", "outlet", "quote": passage.text[10:42], "start": 10, "end": 42}"""
    p, start, end = q
    return {"doc_id": p.doc_id, "outlet": p.outlet, "quote": p.text[start:end], "start": start, "end": end}


@dataclass
class _Dissent:
    quote: Quote
    coverage: float  # share of the sentence the contradicting window holds
    why: str
    placed: bool = True  # a substituted value stands in its slot as the sentence's does (its preposition too)


def validate_claim(sentence: object, max_chars: int) -> str:
    """Raw input -> the sentence with its spaces folded, or UserError (empty, not text, too long).

    ("  Trade  doubled. ", 100) -> "Trade doubled."
    """
    if not isinstance(sentence, str) or not sentence.strip():
        raise UserError("the sentence is empty: give a sentence to check against the articles")
    text = " ".join(sentence.split())
    if len(text) > max_chars:
        raise UserError(f"the sentence is {len(text)} characters long; the limit is {max_chars}")
    return text


def check_claim(sentence: str, passages: list[Passage], embed: Embed | None = None) -> ClaimCheck:
    """(sentence, candidate passages, optional embedder) -> supported, contradicted or not found, with windows.

    ("NATO condemned North Korea's exports of artillery shells.", [korea_times]) -> ClaimCheck("supported",
    "supported by The Korea Times", [(korea_times, s, e)])
    """
    pool = unique_passages(passages)
    if not pool:
        return ClaimCheck(NOT_FOUND, "no passages to check the sentence against")
    verdict = verify_sentence(sentence, [], pool, embed)
    if verdict.reason == NOT_A_CLAIM:
        return ClaimCheck(NOT_FOUND, "not a claim: the sentence states nothing the articles could back")
    dissents = _one_per_doc(sorted(filter(None, (contradiction(sentence, p, embed) for p in pool)),
                                   key=lambda d: (not d.placed, -d.coverage)))
    if verdict.supported:
        backing = max(coverage(sentence, p.text[s:e], p.text) for p, s, e in verdict.quotes)
        if not dissents or dissents[0].coverage <= backing:
            return ClaimCheck(SUPPORTED, f"supported by {_labels(verdict.passages)}", verdict.quotes)
    if dissents:
        also = [d.quote[0] for d in dissents[1:]]
        why = dissents[0].why + (f" (also: {_labels(also)})" if also else "")
        if verdict.supported:
            why += f"; {_labels(verdict.passages)} seems to back it, with fewer of its words"
        return ClaimCheck(CONTRADICTED, why, [d.quote for d in dissents])
    return ClaimCheck(NOT_FOUND, f"no passage states this (closest: {verdict.reason or 'low overlap'})")


def contradiction(sentence: str, p: Passage, embed: Embed | None = None) -> _Dissent | None:
    """How passage `p` contradicts the sentence, or None when it supports it or says nothing about it.

    ("North Korea and Russia admitted arms talks.", "... have denied they were in arms negotiations.")
    -> _Dissent(quote of that sentence, 1.0, "... says the opposite (negation differs from source: admit)")
    """
    v = verify_sentence(sentence, [p], [p])  # lexical: a cosine never makes a contradiction
    if v.supported or not v.quotes:
        return None
    _, start, end = v.quotes[0]
    window = p.text[start:end]
    if v.reason.startswith((FLIPPED, BORROWED, SWAPPED_ROLES)):
        # A negated sentence "contradicted" by a window affirming something near it is the risky case ("Yoon did
        # not discuss the weather" / "... met to discuss trade"): it needs more of its act in the window.
        negated = bool(negated_stems(canonical(sentence)))
        if not _about(sentence, window, p.text, MIN_RECALL if negated else MIN_ACT_RECALL):
            return None
        if v.reason.startswith(FLIPPED):
            why = f"{_source(p)} says the opposite of {_quoted(v.reason.partition(': ')[2], sentence)}"
        elif v.reason.startswith(SWAPPED_ROLES):
            why = f"{_source(p)} gives {v.reason.partition(': ')[2]} the other role: who did what to whom differs"
        else:
            why = f"{_source(p)} says someone other than {v.reason.partition(': ')[2]} did this"
        return _Dissent((p, start, end), coverage(sentence, window, p.text), why)
    return swapped(sentence, p, embed)


def swapped(sentence: str, p: Passage, embed: Embed | None = None) -> _Dissent | None:
    """The passage holds the sentence with another value in a slot (a number, a date, a place; not the actor).

    ("Luxon took office in November 2021.", nz) -> _Dissent(window, 1.0, "... has 2022 where the sentence has 2021")

    A value takes a slot when the sentence with it passes the verifier, its window holds the sentence's act,
    and the value stands there among the words it stands among in the sentence ("office in November 2022",
    not "On Wednesday, leaders ..."). A negated sentence has no slots: "not held in Brussels" says nothing
    against "not held in Washington".
    """
    text = canonical(sentence)
    slots = missing_slots(text, p.text)
    actor = {name_key(n) for n in subject_names(text)}
    if (not slots or len(slots) > MAX_SLOTS or negated_stems(text)
            or any(name_key(n) in actor for s in slots for n in s.names)):
        return None
    options = [candidates(s, text, p.text) for s in slots]
    if not all(options):
        return None
    best: tuple[tuple, str, tuple[str, ...], int, int] | None = None
    combos = (c for c in itertools.product(*options) if len(set(c)) == len(c))
    for combo in itertools.islice(combos, MAX_TRIES):
        guess, spans = substitute(text, slots, combo)
        v = verify_sentence(guess, [p], [p])
        if not v.supported:
            continue
        _, start, end = v.quotes[0]
        window = p.text[start:end]
        preps, shared = placed(guess, spans, window)
        if shared and _about(guess, window, p.text, MIN_ACT_RECALL):
            # values in their slot (the same preposition, the same words around), the closest match, values in
            # the sentence's order, the tightest window
            rank = (preps, shared, v.score, in_order(combo, window), start - end)
            if best is None or rank > best[0]:
                best = (rank, guess, combo, start, end)
    if best is None or (embed is not None and not verify_sentence(best[1], [p], [p], embed).supported):
        return None
    (fit, *_), guess, combo, start, end = best
    had = "; ".join(text[s.start:s.end] for s in slots)
    why = f"{_source(p)} has {'; '.join(combo)} where the sentence has {had}"
    return _Dissent((p, start, end), coverage(guess, p.text[start:end], p.text), why, fit == len(slots))


def coverage(sentence: str, window: str, passage: str = "") -> float:
    """Share of the sentence's content words a window holds, an antonym or negated form counting as held and
    names stated elsewhere in the passage too. ("Trade fell.", "Trade grew.") -> 1.0"""
    stems = content_stems(sentence)
    if not stems:
        return 0.0
    return len(_held(stems, sentence, window, passage)) / len(stems)


def subject_names(sentence: str) -> list[str]:
    """The names before the sentence's first other content word: who acts.

    "Yoon and Luxon met in Seoul." -> ["Yoon", "Luxon"]; "The summit was held in Brussels." -> []
    """
    text = canonical(sentence)
    names = find_names(text)
    in_names = {w.lower() for n in names for w in n.split()}
    for m in re.finditer(r"[A-Za-z0-9]+", text):
        low = m.group().lower()
        if low not in in_names and low not in STOPWORDS and low.removesuffix("s") not in TITLES:
            return [n for n in names if 0 <= text.find(n) < m.start()]
    return names


# ---- helpers ----------------------------------------------------------------------------------------------

def _about(sentence: str, window: str, passage: str, act_needed: float) -> bool:
    """The window is about what the sentence says: one of its names, most of its words, most of its act (what
    it says happened) and, when it negates something, that thing.

    ("Yoon did not discuss the weather.", "Yoon and Luxon met to discuss trade.", ..., 0.6) -> False: no weather
    """
    names = find_names(sentence)
    if names and not any(has_name(n, window) for n in names):
        return False
    acts = act_stems(sentence)
    act_share = len(_held(acts, "", window, "")) / len(acts) if acts else 1.0
    negated = negated_stems(canonical(sentence))
    return (coverage(sentence, window, passage) >= MIN_RECALL and act_share >= act_needed
            and negated <= _held(negated, "", window, ""))


def _held(stems: set[str], sentence: str, window: str, passage: str) -> set[str]:
    """The stems a window holds: as they are, as an antonym, with a negating prefix; names stated anywhere in
    the passage count as held."""
    have = content_stems(window)
    held = stems & have
    held |= {a for a, b in ANTONYMS if a in stems and b in have}
    held |= {s for s in stems for pre in NEG_PREFIXES
             if pre + s in have or (s.startswith(pre) and s[len(pre):] in have)}
    if passage:
        held |= {s for n in find_names(sentence) if has_name(n, passage) for s in content_stems(n)} & stems
    return held


def _quoted(stems: str, sentence: str) -> str:
    """The verifier's flipped stems as the sentence's own words. ("prais", "NATO praised it.") -> '"praised"' """
    words = re.findall(r"[A-Za-z]+", sentence)
    out = []
    for s in stems.split(", "):
        word = next((w for w in words if s in content_stems(w)), "not" if s == "not" else s)
        out.append(f'"{word}"')
    return ", ".join(dict.fromkeys(out))


def _one_per_doc(dissents: list[_Dissent]) -> list[_Dissent]:
    seen, out = set(), []
    for d in dissents:
        if d.quote[0].doc_id not in seen:
            seen.add(d.quote[0].doc_id)
            out.append(d)
    return out


def _labels(passages: list[Passage]) -> str:
    """Passages -> "The Korea Times, Business Standard" (each source once)."""
    return ", ".join(dict.fromkeys(_source(p) for p in passages))


def _source(p: Passage) -> str:
    """A passage's source in a sentence: its outlet, else its article's title in quotes, shortened.

    Passage(outlet="unknown", title="South Korea and New Zealand condemn North Korea-Russia military ties")
    -> 'the article "South Korea and New Zealand condemn North Korea-Russia…"'
    """
    if p.outlet and p.outlet != "unknown":
        return p.outlet
    if not p.title:
        return p.doc_id
    title = " ".join(p.title.split())
    if len(title) > 50:
        title = title[:49].rsplit(" ", 1)[0] + "…"
    return f'the article "{title}"'

