"""The answer first: a lead assembled from verbatim spans of the evidence, then the evidence itself.

    reply(analyse("Did Kishida share Yoon's concerns ...?"), quotes, passages, embed)
    -> Reply(short="Yes", sentences=[Sentence("Yes — Kishida also expressed grave concerns over ...", [KT]), ...])
    reply(analyse("How many troops has North Korea sent to Russia?"), ...) -> Reply(answerability="none")

Nothing here writes a fact: a lead is a mention copied from a quoted sentence ("Fumio Kishida"), "Yes"/"No"
decided by the verifier against the quote, or a fixed phrase saying what the articles do not state.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from index.sentences import sentence_spans
from rag.answer import Citation, Passage, Sentence
from rag.evidence.answers import (
    CANDIDATES,
    REFERS,
    Evidence,
    alias,
    anchored,
    answering,
    focus_cover,
    names_ok,
    on_focus,
    on_focus_missing,
    pooled,
    referents,
    voted,
    window,
)
from rag.evidence.attribution import SOURCE_KINDS, reported_by
from rag.evidence.extract import FLOOR, Quote, choose
from rag.evidence.instances import instances
from rag.evidence.spans import phrase
from rag.language.entities import mentions, parts_of_speech
from rag.language.numbers import find_numbers
from rag.language.words import ANTONYMS, STOPWORDS, TITLES, canonical, clauses, content_stems, find_names, name_key, stem
from rag.question.analysis import Question, analyse, attributive, located, reported, said_claim, setting, statement
from rag.question.provenance import join_names
from rag.question.reports import Order, find_report, find_reports, order_of, order_word, published_day, reports_named
from rag.reply.compare import by_report
from rag.reply.credit import citations_for, unique_citations
from rag.reply.timeline import timeline
from rag.verification.verifier import Embed, verify_sentence

MAX_EVIDENCE = 3  # evidence sentences shown under a lead
_WHAT = {"number": "a number", "date": "a date", "person": "a name", "organisation": "a name", "place": "a place",
         "list": "such a list", "reason": "why"}
_SOURCE = {"outlet": "which outlet reported it", "agency": "which agency reported it", "author": "who wrote it"}


@dataclass
class Reply:
    answerability: str  # "full", "partial" or "none" (decline)
    short: str = ""  # the lead phrase: "Yes", "Fumio Kishida", "Japan, Australia and New Zealand"
    sentences: list[Sentence] = field(default_factory=list)  # lead first, then the evidence
    conflicts: list[dict] = field(default_factory=list)  # for an agreement question: the disagreements found


def reply(q: Question, quotes: list[Quote], passages: list[Passage], embed: Embed | None,
          conflicts: list[dict] | None = None, outlets: list[str] | None = None) -> Reply:
    """What to show for `q` given the ranked quotes: an answer that leads with the answer, a partial answer
    that says what the articles do not state, or nothing (answerability "none": decline)."""
    order = order_of(q.text, outlets or []) if q.answer_type in ("yes_no", "description", "agreement") else None
    if order is not None:
        return _ordered(order, q, quotes, passages, embed)
    if q.answer_type == "yes_no":
        return _yes_no(q, quotes, passages, embed, outlets)
    if q.answer_type == "agreement":
        return _agreement(q, quotes, passages, embed, conflicts or [], outlets or [])
    if q.answer_type == "timeline":
        entries = timeline(q, quotes)
        return Reply("full", "", entries) if entries else _partial(q, quotes, passages, embed, "an order of events")
    if q.constraints.get("source") in SOURCE_KINDS:  # "which newspaper reported X?" with no outlet in the metadata
        return _source(q, quotes, passages, embed)
    evidence = answering(q, quotes, passages, embed)
    if not evidence and q.wants_entity in ("person", "organisation", "place") and q.answer_type != "list":
        pool = pooled(q, quotes, passages, embed, outlets)
        best, holders = voted(q, pool) if pool else (None, [])
        if best is not None:
            short = _person(q, best.text, [h.passage for h in holders] + passages)
            lead = Sentence(f"{_capital(short)}.", [c for h in holders[:2] for c in _cites(h)], supported=True,
                            reason="lead")
            return Reply("full", short, [lead] + [c.sentence() for c in holders[:MAX_EVIDENCE]])
    if not evidence:
        return _partial(q, quotes, passages, embed, _WHAT.get(q.answer_type, ""))
    shown = choose([e.quote for e in evidence], MAX_EVIDENCE)
    if not q.wants_entity:  # the first answering sentence that holds the phrase asked for leads
        spans = ((e, phrase(q, e.text)) for e in evidence[:MAX_EVIDENCE])
        best, span = next(((e, x) for e, x in spans if x), (evidence[0], ""))
        if not span:
            return Reply("full", "", [c.sentence() for c in shown])
        lead = Sentence(f"{_capital(span)}.", _cites(best.quote), supported=True, reason="lead")
        evidence_shown = [best.quote] + [c for c in shown if c is not best.quote]
        return Reply("full", span, [lead] + [c.sentence() for c in evidence_shown[:MAX_EVIDENCE]])
    if q.answer_type == "list":
        return _list(q, evidence, shown)
    best = evidence[0]
    short = _person(q, best.answers[0].text, [best.quote.passage] + passages)  # named in full elsewhere
    lead = Sentence(f"{_capital(short)}.", _cites(best.quote), supported=True, reason="lead")
    return Reply("full", short, [lead] + [c.sentence() for c in shown])


def _source(q: Question, quotes: list[Quote], passages: list[Passage], embed: Embed | None) -> Reply:
    """The source the text credits with the report asked about, or what the articles do not state."""
    found = reported_by(q, quotes, passages, embed)
    if found is None:
        return _partial(q, quotes, passages, embed, _SOURCE[q.constraints["source"]])
    short, c = found
    lead = Sentence(f"{_capital(short)}.", _cites(c), supported=True, reason="lead")
    return Reply("full", short, [lead, c.sentence()])


def _person(q: Question, name: str, passages: list[Passage]) -> str:
    """The name a person is asked by, in full as the passages' articles give it."""
    if q.wants_entity != "person":
        return name
    return in_full(name, [p.article or p.text for p in passages])


def in_full(name: str, texts: list[str]) -> str:
    """A person named by surname alone, as the articles name them in full: news names a person in full once,
    then by surname. ("Bankman-Fried", ["... FTX founder Sam Bankman-Fried ..."]) -> "Sam Bankman-Fried";
    a title before the name is no part of it ("Councillor Dana Whitlock" -> "Dana Whitlock"); no fuller form
    -> the name as given."""
    if " " in name.strip() or not name[:1].isupper():
        return name
    pattern = re.compile(r"(?:[A-Z]\.|[A-Z][\w'’]*(?:-[A-Z][\w'’]*)?) " + re.escape(name) + r"\b")
    tagged: dict[str, int] = {}
    untagged: dict[str, int] = {}
    for text in texts:
        for s, e in sentence_spans(text):
            sentence = text[s:e]
            found = [m.group(0) for m in pattern.finditer(sentence)]
            if not found:
                continue
            for m in mentions(sentence):  # the tagger knows "Councillor" from "Dana"
                if m.type == "person" and m.text.endswith(f" {name}") and m.text[:1].isupper():
                    tagged[m.text] = tagged.get(m.text, 0) + 1
            for x in found:  # a first name the tagger missed: unless it is a title or a function word
                first = x.split()[0]
                if first.lower() not in STOPWORDS and first.lower().rstrip(".") not in TITLES:
                    untagged[x] = untagged.get(x, 0) + 1
    fuller = tagged or untagged
    return max(fuller, key=lambda k: (fuller[k], -len(k))) if fuller else name


def written_lead(got: Reply, written: list[Sentence]) -> Reply:
    """A capable model's own verified sentence as the lead when it states the answer the evidence gives:
    "Yes, Kishida also voiced grave concerns ... [The Korea Times]" for the assembled "Yes — <quote>". The
    answer itself stays the one the evidence decided; a model sentence that disagrees is not the lead.
    (Reply(short="Fumio Kishida"), [Sentence("Yoon met Fumio Kishida in Washington.", supported)]) -> that lead"""
    if not got.short or not got.sentences or got.sentences[0].reason != "lead":
        return got
    short = name_key(got.short)
    for s in written:
        words = name_key(s.text)
        states = (words.split()[:1] == [short]) if got.short in ("Yes", "No") else f" {short} " in f" {words} "
        if s.supported and s.citations and states:
            lead = Sentence(s.text, s.citations, supported=True, reason="lead")
            rest = [x for x in got.sentences[1:] if x.text != s.text]  # shown once, as the lead
            return replace(got, sentences=[lead, *rest])
    return got


def _list(q: Question, evidence: list[Evidence], shown: list[Quote]) -> Reply:
    """Items merged across the evidence, each group cited to the sentence it comes from."""
    seen: set[str] = set()
    groups: list[tuple[list[str], Quote]] = []
    best = evidence[0].quote.score
    for e in evidence[:CANDIDATES]:
        if e is not evidence[0] and (e.quote.score < FLOOR * best or not anchored(q, e.text)):
            continue
        items = [m.text for m in e.answers if name_key(m.text) not in seen]
        seen |= {name_key(m.text) for m in e.answers}
        if items:
            groups.append((items, e.quote))
    every = [i for items, _ in groups for i in items]
    leads = [Sentence(f"{_capital(join_names(items))}.", _cites(c), supported=True, reason="lead") for items, c in groups]
    rest = [c.sentence() for c in shown if all(c is not g for _, g in groups)]
    return Reply("full", join_names(every), leads + [c.sentence() for _, c in groups] + rest)


def _yes_no(q: Question, quotes: list[Quote], passages: list[Passage], embed: Embed | None, outlets: list[str] | None = None) -> Reply:
    """Yes when a quote on the question's focus supports its statement; No when one contradicts it (a
    negation, an antonym, another ordinal, or another place, date or number in the slot the question fills)."""
    present = _someone_from(q, quotes, passages, embed) or _role_holder(q, quotes, passages, embed)
    if present is not None:
        return present
    claim = statement(q)
    # the values the question puts in a slot ("held in Brussels?", "in 2023?"); a place naming the occasion
    # ("the Seoul summit") is a name the article must have, not a slot another place fills
    slots = {m.text for m in mentions(q.text) if m.type in ("date", "number")
             or (m.type == "place" and not attributive(q.text, m.text))}
    focused = {id(c) for c in on_focus(q, quotes, passages, embed)}
    # "Is trade shrinking?" against "trade ... has nearly doubled": a focus word the quote may contradict
    flippable = tuple(w for w in q.focus if stem(w.lower()) not in _OPPOSED)
    contrary = ({id(c) for c in on_focus(replace(q, focus=flippable), quotes, passages, embed)} - focused
                if flippable != q.focus else set())
    swaps: list[tuple[Quote, str]] = []  # quotes on the focus that name someone else where the question names one
    # the first answer from a passage that does not itself name the setting, and the focus words its quote lacks
    fallback: tuple[Reply, int] | None = None
    for c in quotes[:CANDIDATES]:
        if c.drafted:
            continue
        skip = next((s for s in slots if not names_ok(q, c.passage, passages, None)
                     and names_ok(q, c.passage, passages, None, skip=s)), "")
        if skip:
            probe = Question(q.text, q.answer_type, q.focus, tuple(n for n in q.names if n != skip))
            if fallback is None and id(c) in {id(x) for x in on_focus(probe, [c], passages, embed)} and _substitutes(
                    q, c.text, skip):  # (an answer from an article that has the place asked stands)
                return _said("No", c.passage, c.start, c.end)
            continue
        if id(c) not in focused and id(c) not in contrary:
            continue
        if id(c) in focused and (_other_ordinal(q.text, c.text) or _other_count(q.text, c.text)
                                 or _other_fold(q.text, c.text) or _other_year(q, c.text)):
            return _said("No", c.passage, c.start, c.end)
        placed = _in_setting(claim, q, c.passage)
        unset = placed != claim  # the passage leaves a name of the setting to its article: a later one may name it
        checked = _without_referred(placed, set(name_key(c.text).split()), c.text, referents(c))
        verdict = verify_sentence(checked, [c.passage], [], embed, rules_only=True)
        word = "Yes" if verdict.supported else "No" if verdict.reason.startswith("negation differs") else ""
        if not word and id(c) in focused and verdict.reason.startswith("names not in source"):
            swaps.append((c, checked))
        if id(c) in contrary and word == "Yes":
            continue
        if not word and id(c) in focused and q.focus and _covers(checked, focus_cover(q, [window(c)], embed)[0],
                                                                 verdict.reason, c.text):
            if unset or not _as_close(q, c, fallback, embed):
                fallback = fallback or (_said("Yes", c.passage, c.start, c.end), _lacks(q, c, embed))
                continue
            return _said("Yes", c.passage, c.start, c.end)
        if word and verdict.quotes:
            p, start, end = verdict.quotes[0]
            if word == "Yes" and _ORDINAL.search(q.text) and not _ORDINAL.search(p.text[start:end]):
                continue  # "for the first time?" is not supported by a sentence that gives no ordinal
            if word == "Yes" and not _same_order(q.text, p.text[start:end]):
                continue  # "did he visit before becoming prime minister?" is not "his first trip since"
            if word == "No":  # the sentence of the window that says otherwise, not its neighbours
                start, end = _contrary_sentence(checked, p, start, end, embed)
            if word == "Yes":  # one sentence must hold it all: "Yoon ... a summit meeting" + "Kim ... to meet Putin"
                one = _one_sentence(checked, p, start, end, embed)  # is no "Yoon met Putin"
                if one is None:
                    swaps.append((c, checked))  # each clause says part of it: another name may fill the slot
                    continue
                start, end = one
                if _quality_missing(q, p.text[start:end], embed):
                    continue  # "have the borders stayed closed?" is not "has been reopening"
            if unset or not _as_close(q, c, fallback, embed):
                fallback = fallback or (_said(word, p, start, end), _lacks(q, c, embed))
                continue
            return _said(word, p, start, end)
    if fallback is not None:  # only passages that leave the setting to their article say it
        return fallback[0]
    for c, checked in swaps + _without_one_name(q, claim, quotes, passages, embed):
        if _swapped(q, checked, c, embed):  # no quote says it: one saying it of another in its place is a No
            return _said("No", c.passage, c.start, c.end)
    judged = by_report(q, quotes, outlets or [], embed)
    if judged is not None:  # each part of the question against the report it names
        word, shown, against = judged
        said = "each report says so:" if word == "Yes" else f"{against.passage.label} says otherwise:"
        lead = Sentence(f"{word} — {said}", [], supported=True, reason="lead")
        return Reply("full", word, [lead] + [c.sentence() for c in shown])
    if outlets:  # a question comparing named reports: Yes when what it asks of them is in their text together
        pool = pooled(q, quotes, passages, embed, outlets)
        if pool and {c.passage.label for c in pool} >= set(outlets[:2]):
            shown = _one_each(pool)
            lead = Sentence("Yes — the reports say so:", [], supported=True, reason="lead")
            return Reply("full", "Yes", [lead] + [c.sentence() for c in shown])
    return _partial(q, quotes, passages, embed, f"whether {reported(q)}")


_SOMEONE = re.compile(r"\b(?:anyone|anybody|someone|somebody)\s+from\s+(?:the\s+)?"
                      r"(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)")


def _someone_from(q: Question, quotes: list[Quote], passages: list[Passage], embed: Embed | None) -> Reply | None:
    """ "Was anyone from Russia in Vientiane?": Yes when a sentence that answers "which Russian person ...?"
    names one ("Russian Foreign Minister Sergey Lavrov"); None (judge it otherwise) when none does."""
    m = _SOMEONE.search(q.text)
    if not m:
        return None
    who = m.group("name")
    probe = replace(q, answer_type="person", modifiers=(who,), names=tuple(n for n in q.names if n != who))
    evidence = [e for e in answering(probe, quotes, passages, embed) if not e.quote.drafted]
    if not evidence:
        return None
    c = evidence[0].quote
    return _said("Yes", c.passage, c.start, c.end)


def _quality_missing(q: Question, text: str, embed: Embed | None) -> list[str]:
    """The adjectives of the question's focus that the sentence does not cover: a Yes needs the quality asked
    ("closed", "joint", "silent"), not only the thing it is asked of."""
    tags = parts_of_speech(q.text)
    qualities = tuple(w for w in q.focus if tags.get(w) == "ADJ")
    return focus_cover(replace(q, focus=qualities), [text], embed)[0] if qualities else []


_NAME_RUN = r"(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)"
_ROLE_RUN = r"(?P<role>(?:the|a|an)\s+[^?]+?)"
# "Is Mark Rutte the German chancellor?", "Was the Chinese premier Li Qiang?"
_IS_ROLE = (re.compile(r"^\s*(?i:is|was)\s+" + _NAME_RUN + r"\s+" + _ROLE_RUN + r"\s*\?*\s*$"),
            re.compile(r"^\s*(?i:is|was)\s+" + _ROLE_RUN + r"\s+" + _NAME_RUN + r"\s*\?*\s*$"))


def _role_holder(q: Question, quotes: list[Quote], passages: list[Passage], embed: Embed | None) -> Reply | None:
    """ "Is Mark Rutte the German chancellor?": the person the articles give that role is asked "who is the
    German chancellor?"; Yes when it is the one named, No when "the" role is another's ("German Chancellor Olaf
    Scholz"); None (judge it otherwise) when no sentence names a holder, or "a" role may have several."""
    m = next((m for m in (r.match(q.text) for r in _IS_ROLE) if m), None)
    if not m or m.group("name") not in q.names:
        return None
    probe = analyse(f"Who is {m.group('role')}?")
    if probe.answer_type != "person" or not probe.target:
        return None
    wanted = set(name_key(m.group("name")).split())
    for e in (e for e in answering(probe, quotes, passages, embed) if not e.quote.drafted):
        holders = [a for a in e.answers if a.type == "person"]
        if not holders:
            continue
        c = e.quote
        if set(name_key(holders[0].text).split()) & wanted:  # the best holder: a sentence names others too
            return _said("Yes", c.passage, c.start, c.end)
        if m.group("role").lower().startswith("the "):
            return _said("No", c.passage, c.start, c.end)
        return None
    return None


def _ordered(order: Order, q: Question, quotes: list[Quote], passages: list[Passage], embed: Embed | None) -> Reply:
    """Whether (or whether before or after) one named report came before another, from their publication
    dates: "Yes — Engadget's report is dated 2023-11-20, The Verge's 2023-11-24:" with a sentence of each."""
    first = find_report(order.parts[0], quotes)
    second = find_report(order.parts[1], quotes, {first.passage.doc_id}) if first else None
    word = order_word(order, first.passage, second.passage) if first and second else ""
    if not first or not second or not word:
        return _partial(q, quotes, passages, embed, "which report came first")
    dates = [f"{c.passage.label}'s report is dated {_day(c.passage)}" for c in (first, second)]
    lead = Sentence(f"{word} — {dates[0]}, {dates[1]}:", _cites(first) + _cites(second), supported=True,
                    reason="lead")
    return Reply("full", word, [lead, first.sentence(), second.sentence()])


_BEFORE = r"\b(?:before|prior to|ahead of|until|earlier than)\b"
_AFTER = r"\b(?:after|following|since|later than)\b"


def _same_order(question: str, sentence: str) -> bool:
    """A question that sets its act before or after another ("before becoming prime minister?") is said by a
    sentence that sets it the same way; one that orders nothing, or a sentence that orders the other way, is
    no Yes."""
    for order in (_BEFORE, _AFTER):
        if re.search(order, question, re.I):
            return bool(re.search(order, sentence, re.I))
    return True


def _day(p: Passage) -> str:
    day = published_day(p)
    return f"{day[0]:04d}-{day[1]:02d}-{day[2]:02d}" if day else p.published


def _covers(claim: str, missing: list[str], reason: str, sentence: str) -> bool:
    """A sentence that says the question's statement in other words: it names everyone the statement names and
    covers all of its focus (by stem or a close word: "participants included ... Blinken" for "did Blinken take
    part"), and the verifier found nothing against it, only too few of the same words (no other name, number,
    negation or opposite)."""
    words = set(name_key(sentence).split())
    names = [n for n in find_names(claim) if content_stems(n)]
    return not missing and reason == "low overlap" and all(set(name_key(n).split()) <= words for n in names)


def _one_each(pool: list[Quote], key: Callable[[Quote], str] = lambda c: c.passage.label) -> list[Quote]:
    """The best quote of each outlet (or other `key`) in the pool, at most MAX_EVIDENCE."""
    seen, out = set(), []
    for c in pool:
        if key(c) not in seen:
            seen.add(key(c))
            out.append(c)
    return out[:MAX_EVIDENCE]


def _lacks(q: Question, c: Quote, embed: Embed | None) -> int:
    """How many of the question's focus words the quote and the sentence before it do not cover."""
    return len(focus_cover(q, [window(c)], embed)[0])


def _as_close(q: Question, c: Quote, fallback: tuple[Reply, int] | None, embed: Embed | None) -> bool:
    """A later quote replaces an answer from a passage that leaves the setting to its article only when it covers
    the focus as well: "condemning North Korea's weapons exports" is no match for "exports of artillery shells"."""
    return fallback is None or _lacks(q, c, embed) <= fallback[1]


def _contrary_sentence(claim: str, p: Passage, start: int, end: int, embed: Embed | None) -> tuple[int, int]:
    """The span of the first sentence of a window (else of its passage) that on its own says the opposite of the
    claim (a negation or an opposite word: "were silent on" against "condemned"); the window when none does."""
    inside = [(start + s, start + e) for s, e in sentence_spans(p.text[start:end])]
    for s, e in inside + [span for span in sentence_spans(p.text) if span not in inside]:
        alone = _span_passage(p, s, e)
        if verify_sentence(claim, [alone], [], embed, rules_only=True).reason.startswith("negation differs"):
            return s, e
    return start, end


def _one_sentence(claim: str, p: Passage, start: int, end: int, embed: Embed | None) -> tuple[int, int] | None:
    """The span of the single sentence of a window that supports the claim on its own, or None."""
    for s, e in sentence_spans(p.text[start:end]) or [(0, end - start)]:
        alone = _span_passage(p, start + s, start + e)
        words = set(name_key(alone.text).split())
        # a possessor the sentence leaves to its neighbour qualifies a thing, it does not act: "Yoon's concerns"
        own = _without_referred(_without_possessors(claim, words), words, alone.text, p.text[start:end])
        if verify_sentence(own, [alone], [], embed, rules_only=True).supported and not across_clauses(own, alone.text):
            return start + s, start + e
    return None


def across_clauses(claim: str, sentence: str) -> bool:
    """The claim joins what two clauses of the sentence say apart: its words after its subject are in the
    sentence but in no one clause. ("discussed semiconductor collaboration with Germany", "... discussed defense
    cooperation with Germany and Canada, while solidifying semiconductor collaboration with the Netherlands")
    -> True."""
    parts = clauses(sentence)
    if not parts:
        return False
    names = find_names(claim)
    subject = content_stems(names[0]) if names and claim.lstrip().startswith(names[0]) else set()
    asked = (content_stems(claim) - subject - content_stems(_before_verb(sentence))) & content_stems(sentence)
    return not any(asked <= content_stems(part) for part in parts)


def _before_verb(sentence: str) -> str:
    """The words before the sentence's first verb, its subject when it opens with one: "The minister discussed
    ..." -> "The minister"."""
    tags = parts_of_speech(sentence)
    words = re.findall(r"[\w'’-]+", sentence)
    at = next((i for i, w in enumerate(words) if tags.get(w) == "VERB"), 0)
    return " ".join(words[:at])


def _without_possessors(claim: str, words: set[str]) -> str:
    """ "Kishida share Yoon's concerns" -> "Kishida share concerns" when `words` (a sentence's) lack Yoon."""
    return re.sub(r"\b([A-Z][\w-]*(?: [A-Z][\w-]*)*)['’]s\s+",
                  lambda m: "" if not set(name_key(m.group(1)).split()) <= words else m.group(0), claim)


def _without_referred(claim: str, words: set[str], sentence: str, window: str) -> str:
    """ "Yoon discuss defense cooperation with Germany" -> "discuss defense cooperation with Germany" for "the
    South Korean president also discussed defense cooperation with Germany" when the window's earlier sentence
    names Yoon: the sentence refers to him by title or pronoun."""
    if not REFERS.search(sentence):
        return claim
    known = set(name_key(window).split())
    for name in re.findall(r"\b[A-Z][\w-]+(?: [A-Z][\w-]+)*", claim):
        key = set(name_key(name).split())
        if key and not key <= words and key <= known:
            claim = claim.replace(name, "", 1)
    return " ".join(claim.split())


def _in_setting(claim: str, q: Question, p: Passage) -> str:
    """The claim without the names this passage leaves to the rest of its article ("at the NATO summit" in an
    article about it, said in an earlier paragraph): the article was checked for them (names_ok). The one the
    question asks about ("Did Japan host ...?") is never left out: another country in its place is no Yes."""
    words = set(name_key(p.text).split())
    subject = _subject(q.text)
    for n in q.names:
        if not set(name_key(n).split()) <= words and n != subject:
            claim = re.sub(r"\b" + re.escape(n) + r"(?:['’]s)?\b", "", claim)
    return " ".join(claim.split())


_SUBJECT = re.compile(r"^\s*(?i:did|does|do|was|were|is|are|has|have|had|can|could|will|would|should)\s+(?i:the\s+)?"
                      r"(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)")


def _subject(question: str) -> str:
    """The name a yes/no question opens on, its subject: "Did Japan host ...?" -> "Japan"; "" for none."""
    m = _SUBJECT.match(question)
    return canonical(m.group("name")) if m and not attributive(question, m.group("name")) else ""


_ORDINAL = re.compile(r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|inaugural)\b", re.I)


def _other_ordinal(question: str, text: str) -> bool:
    """ "his second trip?" against "his first trip": the sentence states another ordinal of the same thing."""
    asked = {m.group(1).lower().replace("inaugural", "first") for m in _ORDINAL.finditer(question)}
    said = {m.group(1).lower().replace("inaugural", "first") for m in _ORDINAL.finditer(text)}
    return bool(asked) and bool(said) and not asked & said


def _other_fold(question: str, text: str) -> bool:
    """ "Has trade tripled?" against "trade has nearly doubled": the sentence states another multiple."""
    asked = {k for _, k in find_numbers(question) if k.startswith("x")}
    said = {k for _, k in find_numbers(text) if k.startswith("x")}
    return bool(asked) and bool(said) and not asked & said


_OPPOSED = {a for a, _ in ANTONYMS}
_COUNT = re.compile(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?)\s+"
                    r"([a-z-]+)(?:\s+([a-z]+))?", re.I)


def _other_count(question: str, text: str) -> bool:
    """ "the leaders of eight countries?" against "the leaders of six countries": the sentence counts the same
    thing with another number."""
    def counted(s: str) -> set[tuple[str, str]]:  # (noun stem, number): "six countries", "six new countries"
        tags = parts_of_speech(s)
        out = set()
        for n, first, second in _COUNT.findall(s):
            noun = second if tags.get(first.lower()) == "ADJ" and second else first
            if noun.lower() not in STOPWORDS:
                out.add((stem(noun.lower()), n.lower()))
        return out
    said = counted(text)
    return any(noun == other and n != m for noun, n in counted(question) for other, m in said)


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _other_year(q: Question, text: str) -> bool:
    """ "Was the summit held in 2023?" against "the 2024 NATO summit": the sentence dates the thing asked about
    (a focus word or name within three words of the year) with another year, and never says the one asked."""
    asked = set(_YEAR.findall(q.text))
    if not asked or asked & set(_YEAR.findall(text)):
        return False
    keys = q.anchor_stems
    words = list(re.finditer(r"[\w'’-]+", text))
    for i, w in enumerate(words):
        if _YEAR.fullmatch(w.group()):
            near = words[max(0, i - 3):i] + words[i + 1:i + 4]
            if any(content_stems(x.group()) & keys for x in near):
                return True
    return False


def _said(word: str, p: Passage, start: int, end: int) -> Reply:
    """ "Yes — <the supporting sentences, verbatim> [outlets]" """
    text = " ".join(p.text[start:end].split())
    return Reply("full", word, [Sentence(f"{word} — {text}", unique_citations(citations_for(p, start, end, True)),
                                         supported=True, reason="lead")])


def _substitutes(q: Question, text: str, slot: str) -> bool:
    """The quote covers the question's focus and fills the slot the question names with another value of the
    same type: "held in Washington" against "held in Brussels?"."""
    kind = next((m.type for m in mentions(q.text) if m.text == slot), "")
    probe = Question(q.text, kind, q.focus, tuple(n for n in q.names if n != slot))
    found = instances(probe, text)
    if kind == "place" and located(q.text, slot):  # "held in Jakarta?" is filled by where, not by who attends
        found = [m for m in found if _where(q, text, m.text)]
    return bool(found) and not set(name_key(slot).split()) <= set(name_key(text).split())


def _without_one_name(q: Question, claim: str, quotes: list[Quote], passages: list[Passage],
                      embed: Embed | None) -> list[tuple[Quote, str]]:
    """(quote, claim) for the quotes on the focus of the question without one of its names, which the quote
    lacks: "released by Luxon's office" for "Was it released by Yoon's office?", where Yoon is elsewhere."""
    out = []
    for name in q.names:
        probe = replace(q, names=tuple(n for n in q.names if n != name))
        out += [(c, _in_setting(claim, q, c.passage)) for c in on_focus(probe, quotes, passages, embed)
                if not c.drafted and not set(name_key(name).split()) <= set(name_key(c.text).split())]
    return out


def _swapped(q: Question, claim: str, c: Quote, embed: Embed | None) -> bool:
    """The quote says the claim of another person or country in the place of one the question names: "Japan host
    the largest number of North Korean workers" against "China hosted the largest number of North Korean workers
    abroad"; "released by Yoon's office" against "released by Luxon's office"; "semiconductor collaboration with
    Germany" against "... defense cooperation with Germany ..., while solidifying semiconductor collaboration with
    the Netherlands" (the name is there, in another clause). An organisation may be another's
    work ("the Washington Summit Declaration" of NATO): only one of another person's is someone else."""
    words = set(name_key(c.text).split())
    around = set(name_key(window(c)).split())
    asked = _capitals(" ".join(q.names) + " " + q.text)
    named = [(m, canonical(m.text)) for m in mentions(q.text) if m.type in ("person", "place", "organisation")]
    for m, name in named:
        here = set(name_key(name).split()) <= words and not across_clauses(claim, c.text)  # in the clause that says it
        if name not in claim or here or setting(q.text, m.text):
            continue  # "the Seoul summit leaders", "in Vientiane": the occasion, not who or what
        if any(not set(name_key(n).split()) <= around for x, n in named if x is not m and not setting(q.text, x.text)):
            continue  # "did Yoon meet Putin?" is not compared with a sentence without Putin
        if any(not set(name_key(x.text).split()) <= set(name_key(c.passage.article or c.passage.text).split())
               for x, _ in named if setting(q.text, x.text)):
            continue  # the occasion asked about is not this article's
        for other in {o.text for o in mentions(c.text) if o.type == m.type and not _capitals(o.text) & asked
                      and (m.type != "organisation" or _possessed(o.text) == _possessed(m.text) != "")}:
            swapped = claim.replace(name, other)
            verdict = verify_sentence(swapped, [c.passage], [], embed, rules_only=True)
            if verdict.supported and not across_clauses(swapped, c.text) and any(p is c.passage and start < c.end and end > c.start
                                         for p, start, end in verdict.quotes):
                return True
    return False


def _capitals(text: str) -> set[str]:
    """The capitalised words of a text, lower-cased: the words of its names. "Luxon's office" -> {"luxon"}"""
    return {w.lower() for w in re.findall(r"\b[A-Z][\w-]*", text)}


def _possessed(name: str) -> str:
    """What a possessive name names: "Luxon's office" -> "office"; "" for a name with no possessor."""
    m = re.match(r"[^'’]+['’]s\s+(.+)$", name)
    return m.group(1).lower() if m else ""


def _where(q: Question, text: str, place: str) -> bool:
    """The place is where the thing asked about happens: "in" or "at" it, after a word of the question ("Yoon's
    meetings ... at the 2024 NATO summit in Washington"), not any place the sentence names ("Russia's war in
    Ukraine"). A question with no focus ("Was anyone from Russia in Vientiane?") names no act to place."""
    if not q.focus:
        return False
    for m in re.finditer(re.escape(place), text):
        before = re.findall(r"[\w'’-]+", text[:m.start()])[-12:]
        at = [i for i, w in enumerate(before) if w.lower() in ("in", "at", "near")]
        if at and at[-1] >= len(before) - 5 and any(
                content_stems(w) & (q.focus_stems | q.name_stems) for w in before[:at[-1]]):
            return True
    return False


def _agreement(q: Question, quotes: list[Quote], passages: list[Passage], embed: Embed | None,
               conflicts: list[dict], outlets: list[str]) -> Reply:
    """Whether the reports agree: they disagree when the conflict finder sets two of them against each other on
    the question's fact (each side cited); they agree when two articles state the claim asked about, or when
    two articles cover the question's focus and no conflict sets them apart. "Do they contradict ...?" asks the
    reverse, so its Yes and No swap."""
    contrary = bool(_CONTRARY.search(q.text))
    yes, no = _options(q.text) or (("No", "Yes") if contrary else ("Yes", "No"))
    claim = said_claim(q.text)
    sides = _supporting_docs(claim, quotes, embed, passages) if claim else []
    if len(sides) < 2:
        about = [c for c in conflicts if _concerns(q, c)]
        if about:
            lead = Sentence(f"{no} — the reports disagree:", [], supported=True, reason="lead")
            return Reply("full", no, [lead], about)  # the pipeline states each side, cited
        sides = sides if claim else _covering_docs(q, quotes, passages, embed)
    if len(sides) < 2 and not claim:  # the reports it names, each found by what the question says of it
        found = find_reports(reports_named(q.text, outlets, " ".join(q.focus)), quotes)
        sides = [(c.passage, c.start, c.end) for c in found] if len(found) >= 2 else sides
    if len(sides) >= 2:
        lead = Sentence(f"{yes} — the reports agree:", [], supported=True, reason="lead")
        return Reply("full", yes, [lead] + [_said_by(p, s, e) for p, s, e in sides[:3]])
    return _partial(q, quotes, passages, embed, "whether the reports agree")


def _concerns(q: Question, conflict: dict) -> bool:
    """A disagreement is about the question's fact: its topic shares a focus word, or it sets dates apart about
    someone the question names when the question asks when ("agree on when he became prime minister")."""
    topic = content_stems(conflict["topic"])
    if topic & q.focus_stems:
        return True
    named = topic & q.name_stems
    dated = all(re.search(r"\b(?:19|20)\d\d\b", str(c.get("value", ""))) for c in conflict["claims"])
    return bool(named) and dated and bool(re.search(r"\bwhen\b|\bwhat (?:date|year|month)\b", q.text, re.I))


_SAME_WORDS = r"consistent|similar|the same|alike|aligned|unchanged"
_OTHER_WORDS = r"inconsistent|different|dissimilar|contradictory|conflicting|changed|divergent"
_OPTIONS = re.compile(rf"\b({_SAME_WORDS}|{_OTHER_WORDS}) or ({_SAME_WORDS}|{_OTHER_WORDS})\b", re.I)


def _options(question: str) -> tuple[str, str] | None:
    """ "... consistent or inconsistent?" -> ("Consistent", "Inconsistent"): the words to answer agreement and
    disagreement with when the question offers them; None when it asks yes or no."""
    m = _OPTIONS.search(question)
    if not m:
        return None
    words = [w.capitalize() for w in m.groups()]
    same = [w for w in words if re.fullmatch(_SAME_WORDS, w, re.I)]
    other = [w for w in words if re.fullmatch(_OTHER_WORDS, w, re.I)]
    return (same[0], other[0]) if same and other else None


_CONTRARY = re.compile(r"(?<!\bthe )(?<!\ba )(?<!\bthis )(?<!\bits )\b(?:disagree|differ|contradict|conflict|inconsisten)\w*", re.I)


def _covering_docs(q: Question, quotes: list[Quote], passages: list[Passage], embed: Embed | None) -> list[tuple[Passage, int, int]]:
    """The best quote on the question's focus from each article."""
    return [(c.passage, c.start, c.end) for c in _one_each([c for c in on_focus(q, quotes, passages, embed)
                                                            if not c.drafted], key=lambda c: c.passage.doc_id)]


def _supporting_docs(claim: str, quotes: list[Quote], embed: Embed | None,
                     passages: list[Passage] | None = None) -> list[tuple[Passage, int, int]]:
    """One supporting window per article among the quotes' passages: one the verifier supports, or a sentence
    that says the claim in other words (it covers all of the claim's focus, its names or names close to them,
    and the verifier finds nothing against it: "in violation of ... resolutions" for "breach ... resolutions")."""
    out, seen = [], set()
    asked = analyse(claim)
    for c in quotes[:CANDIDATES]:
        p = c.passage
        if c.drafted or p.doc_id in seen:
            continue
        verdict = verify_sentence(claim, [p], [], embed, rules_only=True)
        if verdict.supported and verdict.quotes:
            seen.add(p.doc_id)
            out.append(verdict.quotes[0])
        elif asked.focus and _in_other_words(asked, c, passages or [p], embed):
            seen.add(p.doc_id)
            out.append((p, c.start, c.end))
    return out


def _in_other_words(asked: Question, c: Quote, passages: list[Passage], embed: Embed | None) -> bool:
    """The quote covers all of the claim's focus (by stem or a close word), respects its names, and the
    verifier's rules find nothing against it: no other number, date, negation or opposite word."""
    got = on_focus_missing(asked, [c], passages, embed)
    if not got or got[0][1] or focus_cover(asked, [window(c)], embed)[0]:
        return False
    text = window(c)
    words = set(name_key(text).split())
    known = find_names(text)
    for n in asked.names:  # each name of the claim is in the sentence or the one before, or an alias of one there
        if not set(name_key(n).split()) <= words and not (embed and alias(n, known, embed)):
            return False
    verdict = verify_sentence(asked.text, [_span_passage(c.passage, c.start, c.end)], [], embed, rules_only=True)
    return verdict.reason == "low overlap" or verdict.reason.startswith("names not in source")


def _said_by(p: Passage, start: int, end: int) -> Sentence:
    return Sentence(" ".join(p.text[start:end].split()), unique_citations(citations_for(p, start, end, True)),
                    supported=True)


def _partial(q: Question, quotes: list[Quote], passages: list[Passage], embed: Embed | None,
             what: str) -> Reply:
    """No answering evidence: what the articles say on the question's focus, after saying what they do not
    state; nothing on the focus -> decline."""
    near = [c for c in on_focus(q, quotes, passages, embed) if not c.drafted]
    if not near or not what:
        return Reply("none")
    shown = choose(near, 2)
    note = Sentence(f"The articles do not state {what}; they report:", [], supported=True, reason="partial")
    return Reply("partial", "", [note] + [c.sentence() for c in shown])


def _span_passage(p: Passage, start: int, end: int) -> Passage:
    """A span of a passage as a passage of its own, so the verifier judges these words and nothing around them."""
    return Passage(doc_id=p.doc_id, chunk_id=p.chunk_id, text=p.text[start:end], start=p.start + start,
                   end=p.start + end, outlet=p.outlet, title=p.title, published=p.published, author=p.author,
                   url=p.url, also=p.also)


def _cites(c: Quote) -> list[Citation]:
    return c.sentence().citations


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
