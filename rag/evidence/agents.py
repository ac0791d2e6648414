"""Who does the act a question asks about: "Who condemned the exports?" asks the subject of "condemned", so a
sentence answers it with the one that condemns, not with another name beside the act ("... exports, which are
in violation of United Nations Security Council resolutions" names no condemner).

    asked_act(parse("Who condemned the exports?")) -> {"condemn"}
    agents("The NATO leaders strongly condemned the exports.", {"condemn"}) -> [Arg(names={"nato"}, ...)]
"""

from __future__ import annotations

from rag.language.arguments import Arg, agent_of
from rag.language.parse import parse
from rag.language.synonyms import related
from rag.language.words import content_stems, name_key

_WH = {"who", "which", "what", "whom"}


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
