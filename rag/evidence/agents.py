"""Who does the act a question asks about: "Who condemned the exports?" asks the subject of "condemned", so a
sentence answers it with the one that condemns, not with another name beside the act ("... exports, which are
in violation of United Nations Security Council resolutions" names no condemner).

    asked_act(parse("Who condemned the exports?")) -> {"condemn"}
    agents("The NATO leaders strongly condemned the exports.", {"condemn"}) -> [Arg(names={"nato"}, ...)]
"""

from __future__ import annotations

import re

from rag.language.arguments import Arg, agent_of
from rag.language.entities import Mention, mentions, parts_of_speech
from rag.language.parse import parse
from rag.language.synonyms import related
from rag.language.words import DETERMINERS, content_stems, name_key, stem

_WH = {"who", "which", "what", "whom"}
LIGHT_VERBS = {stem(w) for w in "be have do get make take go come put keep let seem hold held".split()}


def acts_asked(focus: tuple[str, ...], question: str) -> set[str]:
    """The focus words a question uses as verbs, but light ones: the act that ties the asked name or date to the
    rest. (("chair", "next", "summit"), "Who will chair the next NATO summit?") -> {"chair"}"""
    tags = parts_of_speech(question)
    # the tagger takes the bare verb after "did" for a noun more often than after "will"
    modal = parts_of_speech(re.sub(r"\b(?:did|does|do)\b", "will", question, flags=re.I))
    verbs = {w for w in focus if "VERB" in (tags.get(w.lower()), modal.get(w.lower()))}
    after = re.search(r"\b(?:did|does|do|will|would|can|could)\s+(.+)", question, re.I)
    if not verbs and after:  # "did the envoy arrive in Lima?": the first focus word after the subject that is a verb
        words = re.findall(r"[\w'’-]+", after.group(1))
        later = [w for i, w in enumerate(words) if w.lower() in focus and i and not (  # a noun follows these
            words[i - 1].lower() in DETERMINERS or words[i - 1].endswith(("'s", "’s")))]
        verbs = {w for w in later[:1] if parts_of_speech(f"They {w} it.").get(w.lower()) == "VERB"}
    return {w for w in verbs if stem(w.lower()) not in LIGHT_VERBS}


def of_act(text: str, m: Mention, acts: set[str]) -> bool:
    """The date or place `m` in `text` belongs to the asked act, or the sentence does not state the act as a
    verb: "arrived in Seoul ... since he took office last November" dates taking office, not arriving;
    "deepened in June, when ... signed a pact" dates the signing (the act is in a clause on the date); "...
    export of ballistic missiles to Russia ..., according to a joint statement released by Luxon's office"
    does not say where the statement was released."""
    stems = {s for w in acts for s in content_stems(w.lower())}
    def does(t) -> bool:
        got = content_stems(t.text.lower())
        return t.pos_ in ("VERB", "AUX") and bool(got & stems or any(related(x, stems) for x in got))
    doc = parse(text)
    if not stems or not any(does(t) for t in doc):
        return True
    inside = [t for t in doc if m.start <= t.idx < m.end]
    if not inside:
        return True
    if any(does(t) for t in inside[0].subtree):
        return True
    head = inside[0].head
    while head.pos_ not in ("VERB", "AUX") and head.head is not head:
        head = head.head
    return does(head) or any(does(c) for c in head.children if c.dep_ in ("xcomp", "conj"))


def asked_act(question: str) -> set[str]:
    """The stems of the verb whose subject the question asks for ("Who condemned ...?", "Which countries
    supply ...?"); empty when the wh-word is not the subject ("Who did Yoon meet?") or there is no verb."""
    doc = parse(question)
    for t in doc:
        if t.pos_ != "VERB" or t.dep_ not in ("ROOT", "relcl"):
            continue
        subject = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.dep_ == "nsubjpass":
            continue
        if any(w.text.lower() in _WH for w in subject.subtree) and not any(
                c.dep_ in ("aux",) and c.text.lower() in ("did", "does", "do") for c in t.children):
            return content_stems(t.text.lower())
    return set()


def agents(text: str, act: set[str]) -> list[Arg] | None:
    """The agents of the verbs in `text` that do `act` (by stem or a synonym); None when no verb does it (the
    sentence says it some other way: nothing to hold its names to)."""
    if not act:
        return None
    found = []
    for t in parse(text):
        if t.pos_ not in ("VERB", "AUX"):
            continue
        stems = content_stems(t.text.lower())
        if stems & act or any(related(s, act) for s in stems):
            found.append(agent_of(t)[0])
    return found or None


def is_agent(name: str, found: list[Arg]) -> bool:
    """The name is (part of) one of the agents: "NATO" in "The NATO leaders"."""
    key = set(name_key(name).split())
    return any(key & set(" ".join(a.names).split()) or key & set(name_key(a.text).split()) for a in found)


def asked_doers(question: str, acts: set[str]) -> list[str]:
    """The names a question makes the doer of its asked act: ("How many workers did Russia host?", {"host"})
    -> ["Russia"]; ("Who did Yoon meet?", {"meet"}) -> ["Yoon"]; none when the doer is asked ("Who hosted
    them?") or is no name ("How many workers did they host?")."""
    stems = {s for w in acts for s in content_stems(w.lower())}
    if not stems:
        return []
    doc = parse(re.sub(r"\b(?:did|does|do)\b", "will", question, flags=re.I))  # the bare verb tagged a verb
    for t in doc:
        if content_stems(t.text.lower()) & stems and t.pos_ in ("VERB", "AUX"):
            subject = next((c for c in t.children if c.dep_ == "nsubj"), None)
            if subject is None or any(w.text.lower() in _WH for w in subject.subtree):
                return []
            return [" ".join(w.text for w in subject.subtree if w.pos_ == "PROPN")] if any(
                w.pos_ == "PROPN" for w in subject.subtree) else []
    return []


def done_by_another(question: str, acts: set[str], text: str) -> bool:
    """The sentence states the asked act as done by someone named who is not the question's doer: "China
    hosted the largest number of North Korean workers" does not say how many Russia hosted."""
    doers = asked_doers(question, acts)
    found = agents(text, {s for w in acts for s in content_stems(w.lower())}) if doers else None
    if not found or not all(a.names for a in found):
        return False  # the act not stated as a verb, or one of its doers unnamed ("they"): cannot tell
    if any({_kind(a.text), _kind(d)} == {"person", "collective"} for a in found for d in doers):
        return False  # a country acting through its leaders ("Yoon and Luxon agreed"): cannot tell
    return not any(is_agent(d, found) for d in doers)


def _kind(names: str) -> str:
    """People, or a collective actor (a country, a bloc, an organisation)."""
    types = {m.type for m in mentions(names)}
    return "person" if "person" in types else "collective" if types else ""
