"""Follow-ups made standalone: pronouns and ellipsis resolved from the conversation, deterministically (a 135M
model rewrites questions into new ones).

    resolve("And what did he agree with Yoon?", [("When did Luxon take office?", "November 2022. ...")])
    -> "And what did Luxon agree with Yoon?"
    resolve("And Russia?", [("What did South Korea say about the war in Ukraine?", "...")])
    -> "What did Russia say about the war in Ukraine?"
"""

from __future__ import annotations

import itertools
import re

from rag.language.entities import Mention, mentions, parts_of_speech
from rag.language.geo import country, demonym
from rag.language.words import find_names, name_key, stem
from rag.question.analysis import analyse
from rag.question.provenance import join_names

_PERSON_PRONOUN = re.compile(r"\b(he|she|him|his|her)\b", re.I)
_GROUP_PRONOUN = re.compile(r"\b(they|them|their)\b", re.I)
_THING_PRONOUN = re.compile(r"\b(it|that (?:summit|meeting|report|article|story|visit|pact|deal|statement|"
                            r"declaration|event|trip)|the (?:summit|meeting|report|article|story|visit|pact|trip))\b",
                            re.I)
_THERE = re.compile(r"\bthere\b(?!\s+(?:is|are|was|were|has|have|had|will|would)\b)", re.I)
_ELLIPSIS = re.compile(r"^\s*(?:and|but|what about|how about|and what about|same for|also)\s+(?P<what>[^?]{2,60})\?*\s*$",
                       re.I)
_EVENT = re.compile(r"\b(?:the\s+)?(?:\d{4}\s+)?(?:(?!(?:Which|What|Who|When|Where|How|Did|Does|Was|Is)\b)[A-Z][\w-]+\s+){1,4}(?:summit|meeting|meetings|talks|conference|"
                    r"gathering|visit|pact|declaration|statement|report|article)(?:\s+in\s+[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)?")
_TAGS = re.compile(r"\s*\[[^\[\]\n]{1,120}\]")
_ASKING = {"When", "What", "Who", "Which", "Where", "How", "Why", "Did", "Does", "Was", "Is", "And"}
_POSSESSIVE = {"his": "'s", "her": "'s", "their": "'s", "its": "'s"}


def resolve(question: str, history: list[tuple[str, str]] | None) -> str:
    """A follow-up + the earlier (question, answer) turns -> a standalone question (unchanged when nothing
    needs resolving or nothing in the conversation resolves it)."""
    if not history:
        return question
    ellipsis = _ELLIPSIS.match(question)
    if ellipsis and not re.search(r"\b(?:what|who|when|where|which|how|why|did|does|is|was)\b",
                                  ellipsis.group("what"), re.I):
        return _substitute(ellipsis.group("what").strip(), history) or question
    bare = _BARE_WH.match(question)
    if bare:
        return _asked_again(bare.group("wh"), history) or question
    out = _else(_unfinished(question, history), history)
    asked = set(name_key(question).split())
    out = _replace(out, _PERSON_PRONOUN, _last(history, ("person",), asked, plural=False))
    out = _replace(out, _GROUP_PRONOUN, _last(history, ("person", "organisation", "place"), asked, plural=True))
    out = _replace(out, re.compile(r"\bits\b", re.I), _last_answer_place(history))
    thing = _THING_PRONOUN.search(out)
    if thing:
        out = _replace(out, _THING_PRONOUN, _report(history, thing.group(0)) or _event(history))
    place = _answered_place(history, asked) or _last(history, ("place",), asked, plural=False)
    if place and _THERE.search(out):
        out = _THERE.sub(f"in {place}", out, count=1)
    elif out == question and _CONTINUES.match(question) and not located_anywhere(question):
        scene = _scene(history)
        if scene:  # "And who came from the US?" keeps the scene of the conversation
            out = out.rstrip(" ?") + f" in {scene}?"
    return out


def _replace(text: str, pattern: re.Pattern, name: str) -> str:
    """Replace the first pronoun matching `pattern` with `name` (a possessive keeps its 's)."""
    if not name:
        return text
    def sub(m: re.Match) -> str:
        word = m.group(0).lower()
        if word in _POSSESSIVE:
            return name + _POSSESSIVE[word]
        return name
    return pattern.sub(sub, text, count=1)


def _turns(history: list[tuple[str, str]]) -> list[str]:
    """Most recent first: each earlier question, then its answer without citation tags."""
    out = []
    for q, a in reversed(history):
        out += [q, _TAGS.sub("", a or "")]
    return out


def _last(history: list[tuple[str, str]], types: tuple[str, ...], asked: set[str], plural: bool) -> str:
    """The most recent name of one of `types` the current question does not already name; for a plural
    pronoun, a run "A and B" ("Yoon and Luxon"), else the earlier question's names joined."""
    for i, text in enumerate(_turns(history)):
        found = [m for m in _typed(text, types) if not set(name_key(m.text).split()) <= asked]
        subject = _asked_subject(text) if i % 2 == 0 and "person" in types and not plural else ""
        if not found and subject and not set(name_key(subject).split()) <= asked:
            return subject  # "Where did Yoon meet ...?": the tagger may miss a one-word name it asks about
        if not found:
            continue
        items = _lead_items(text) if plural and i % 2 else []
        if len(items) >= 2:  # "Japan. [KT] Australia and New Zealand. [KT]": a list lead, cited group by group
            return join_names(items)
        if not plural:
            return found[0].text
        for kind in types:  # people first: "they" are more often the leaders than their countries
            run = _pair([m for m in found if m.type == kind], text)
            if run:
                return run
    return ""


_SUBJECT = re.compile(r"^\s*(?i:(?:where|when|why|how|what|which \w+)\s+)?(?i:did|does|do|was|is|has|had|will|would)\s+"
                      r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)\s+[a-z]")


def _asked_subject(question: str) -> str:
    """The name a question asks about as its subject, when it is no place: "Where did Yoon meet ...?" -> "Yoon"."""
    m = _SUBJECT.match(question)
    if not m or country(m.group("name")) or any(x.type in ("place", "organisation") for x in mentions(m.group("name"))):
        return ""
    return m.group("name")


_CONTINUES = re.compile(r"^\s*(?:and|also)\b", re.I)


def located_anywhere(question: str) -> bool:
    """The question sets its own scene: "in Seoul", "at the summit"."""
    return bool(re.search(r"\b(?:in|at|during)\s+(?:the\s+)?[A-Z\w]", question))


def _scene(history: list[tuple[str, str]]) -> str:
    """The place the conversation's latest question set its scene in ("... the ASEAN summit in Vientiane")."""
    for q, _ in reversed(history):
        for m in mentions(q):
            if m.type == "place" and re.search(r"\b(?:in|at)\s+(?:the\s+)?" + re.escape(m.text), q):
                return m.text
    return ""


_WHERE = re.compile(r"^\s*(?:and\s+)?(?:where|in (?:which|what) (?:city|country|place|town)|which (?:city|country|"
                    r"place|town))\b", re.I)


def _answered_place(history: list[tuple[str, str]], asked: set[str]) -> str:
    """ "there" after "Where did Yoon say ...?" is the place the answer gave ("Jakarta"), not one the question
    named ("North Korea")."""
    question, answer = history[-1]
    if not _WHERE.match(question):
        return ""
    found = [m for m in mentions(_TAGS.sub("", answer or "")) if m.type == "place"
             and not set(name_key(m.text).split()) <= asked | set(name_key(question).split())]
    return found[0].text if found else ""


def _last_answer_place(history: list[tuple[str, str]]) -> str:
    """ "its" after an answer naming a country or an organisation ("Netherlands") is that one."""
    for text in _turns(history)[1::2][:1] + _turns(history)[::2][:1]:
        found = [m for m in mentions(text) if m.type in ("place", "organisation")]
        if found:
            return found[0].text
    return ""


def _typed(text: str, types: tuple[str, ...]) -> list[Mention]:
    """Mentions of `types`; for people, also capitalised names the tagger left untyped or took for a
    nationality (it misses "Luxon" in a short question; "Japanese" folds to "japan", so it stays a nationality)."""
    found = mentions(text)
    out = [m for m in found if m.type in types]
    if "person" in types:
        typed = {name_key(m.text) for m in found if m.type != "nationality" or name_key(m.text) != m.text.lower()}
        at = 0
        for n in find_names(text):
            i = text.find(n, at)
            if i > 0 and name_key(n) not in typed and not n.isupper() and n.split()[0] not in _ASKING and not country(n) \
                    and not any(m.start <= i < m.end for m in out):
                out.append(Mention(n, "person", i, i + len(n)))
                at = i + len(n)
        out.sort(key=lambda m: m.start)
    return out


def _report(history: list[tuple[str, str]], pronoun: str) -> str:
    """After a question about who reported something, "it" is that outlet's report: "the The Odessa Journal
    report" reads badly, so -> "the report by The Odessa Journal"."""
    previous, answer = history[-1]
    if analyse(previous).answer_type != "provenance" and not re.search(r"\b(?:report|article|story|piece)\b", pronoun, re.I):
        return ""
    tag = re.search(r"\[([^\[\]\n]{1,120})\]", answer or "")
    return f"the report by {tag.group(1)}" if tag else ""


_NAMES_ONLY = re.compile(r"(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*(?:(?:,\s*|,?\s+and\s+)(?:the\s+)?"
                         r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)*")


def _lead_items(answer: str) -> list[str]:
    """The names of the list lead an answer opens with, its sentences of names only ("Japan.  Australia and New
    Zealand.  Yoon, who ...") -> ["Japan", "Australia", "New Zealand"]."""
    items: list[str] = []
    for sentence in re.split(r"(?<=\.)\s+", answer.strip()):
        body = sentence.strip().rstrip(".")
        if not body or not _NAMES_ONLY.fullmatch(body):
            break
        items += [x.strip() for x in re.split(r",\s*(?:and\s+)?|\s+and\s+", body) if x.strip()]
    return items


def _pair(found: list[Mention], text: str) -> str:
    """Two or more mentions joined by "and" or commas -> "A and B", the whole run: "Germany, Canada, the
    Netherlands and Finland"."""
    run: list[Mention] = []
    for a, b in itertools.pairwise(m for m in found if m.text[:1].isupper()):  # not "his office"
        gap = text[a.end:b.start]
        where = gap.strip() == "," and country(b.text) and not country(a.text)  # "Jakarta, Indonesia" is one place
        titled = a.type == "person" and re.fullmatch(r",?\s*and\s+(?:[A-Z][\w-]+\s+){1,3}", gap)  # "and Chinese Premier"
        if a.type == b.type and not where and (titled or re.fullmatch(r"\s*(?:,|and|,\s*and|&)\s*(?:the\s+)?", gap)):
            run = run or [a]
            run.append(b)
        elif run:
            break
    return join_names([m.text for m in run]) if run else ""


_BARE = re.compile(r"^\s*(?:and\s+)?(?:who|which \w+)(?:\s+else)?\s+(?P<act>[a-z]+)\s*\?*\s*$", re.I)
_ELSE = re.compile(r"\bwho else\b", re.I)
# acts that take the event as their object ("attended the summit"); others happen at it ("spoke at the summit")
_EVENT_OBJECT = {stem(w) for w in "attend host join visit address chair organise organize lead skip boycott miss".split()}


_BARE_WH = re.compile(r"^\s*(?:and\s+|but\s+|so\s+)?(?P<wh>why|when|where|how)(?: so| exactly)?\s*\?*\s*$", re.I)
_LEADING_WH = re.compile(r"^\s*(?:and\s+)?(?:what|which|who|whom|when|where|why|how)(?:\s+[a-z]+)?\s+(?=(?:did|does|do|is|are|was|"
                         r"were|has|have|had|will|would|can|could)\b)", re.I)


def _asked_again(wh: str, history: list[tuple[str, str]]) -> str:
    """ "Why?" after "What did NATO urge China to do?" (answered "Cease all its support ...") -> "Why did NATO
    urge China to cease all its support ...?"; after "Did Yoon meet Kishida?" -> "Why did Yoon meet
    Kishida?". "" when the earlier question is not of that shape."""
    previous, answer = history[-1]
    body = _LEADING_WH.sub("", previous, count=1)
    asked_wh = body != previous
    if not asked_wh and not re.match(r"^\s*(?:" + "|".join(_AUXES) + r")\b", previous, re.I):
        return ""
    body = body.strip().rstrip(" ?")
    if not asked_wh:  # "Did Yoon meet Kishida?" -> "did Yoon meet Kishida"
        body = body[0].lower() + body[1:]
    short = re.split(r"\s*\[|(?<=[.!?])\s", answer.strip())[0].strip().rstrip(".")  # the lead, to its first citation
    if not (asked_wh and short and len(short) < 120):
        return f"{wh.capitalize()} {body}?"
    short = short[0].lower() + short[1:]
    if re.search(r"\bto do$", body):  # "... urge China to do" -> "... urge China to cease all its support ..."
        return f"{wh.capitalize()} {body[:-2]}{short}?"
    return f"{wh.capitalize()} {body} ({short})?"


_AUXES = {"did", "does", "do", "is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could"}


def _unfinished(question: str, history: list[tuple[str, str]]) -> str:
    """ "Who else attended?" after a question about the ASEAN summit -> "Who else attended the ASEAN summit in
    Vientiane?": an act with nothing after it happened at the event the conversation is about."""
    m = _BARE.match(question)
    event = _event(history) if m and parts_of_speech(question).get(m.group("act").lower()) == "VERB" else ""
    if not event:
        return question
    at = "" if stem(m.group("act").lower()) in _EVENT_OBJECT else "at "
    return f"{question.rstrip(' ?')} {at}{event}?"


def _else(question: str, history: list[tuple[str, str]]) -> str:
    """ "Who else attended ...?" -> "Who else besides Yoon attended ...?": the people the earlier question
    named are not the answer."""
    m = _ELSE.search(question)
    people = [x.text for x in mentions(history[-1][0]) if x.type == "person"] if m else []
    people = [p for p in dict.fromkeys(people) if p.lower() not in question.lower()]
    return question[:m.end()] + " besides " + " and ".join(people) + question[m.end():] if people else question


def _event(history: list[tuple[str, str]]) -> str:
    """The event or report the earlier question was about: "the ASEAN summit in Laos"."""
    for text in _turns(history):
        m = _EVENT.search(text)
        if m:
            event = m.group(0)
            return event if event.lower().startswith("the ") else f"the {event}"
    return ""


def _substitute(what: str, history: list[tuple[str, str]]) -> str:
    """ "And Russia?" -> the earlier question with its name of Russia's type replaced by Russia."""
    previous = history[-1][0]
    new = next(iter(mentions(what)), None)
    olds = [m for m in mentions(previous) if new is None or m.type == new.type]
    if new is not None and re.search(r"\bones?\b", what, re.I):  # "And the Chinese one?": the name is what changes
        what = new.text
    if not olds and new is not None and country(new.text):  # "Which North Korean exports ...?" + "And China?"
        olds = [m for m in mentions(previous) if m.type == "nationality" and country(m.text)]
        what = demonym(new.text) or what
    if not olds:
        return f"{previous.rstrip(' ?')} ({what})?"
    old = olds[0]
    return previous[:old.start] + what + previous[old.end:]
