"""The verifier: is an answer sentence supported by the passages it cites? Pure functions over plain data.

A passage supports a sentence when the sentence is a claim (not a question, not a fragment without a
predicate) and a window of 1-2 of its sentences holds every name and number of the sentence, does not negate
what the sentence affirms (nor the reverse), holds enough of its content words, gives its acts the same
actors (who did what to whom), states its generalisations ("all", "always") and its causal links, and, given
an embedder, means roughly the same. Every phrase the sentence hangs on its claim ("..., accompanied by a
trade delegation") must be in the passage too; a sentence of two clauses may take each from its own window.
A window every rule passes must then pass a learned check (rag/verification/learned.py over rag/verification/features.py: words added
with nothing in their place, opposites, substitutions, a missing main clause), trained by
`python -m eval.train_verifier`. The small default model invents facts; this is the guard.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from index.sentences import sentence_spans
from rag.answer import Passage, Sentence, unique_passages
from rag.language.numbers import unit_conflicts
from rag.language.parse import claim_form, clauses_of, without_preamble
from rag.language.pieces import Piece, Pieces, pieces, states_cause
from rag.language.words import act_stems, canonical, clauses, content_stems, find_numbers, name_key, numbers_in
from rag.reply.cite import parse_answer
from rag.reply.credit import citations_for, unique_citations
from rag.verification.features import Context, features
from rag.verification.learned import SupportModel, support_model
from rag.verification.quantifiers import listed_counts, unstated_generalisations
from rag.verification.relations import COUNT, HEDGED, OBJECT, OTHER, POLARITY, SLOT, SWAPPED, role_check
from rag.verification.stance import obligation_problem, speaker_problem
from rag.verification.windows import MIN_ACT_RECALL, MIN_RECALL, NEAR, SURE_RECALL, Claim, Match, best_window, windows

__all__ = ["MIN_ACT_RECALL", "MIN_RECALL", "NOT_A_CLAIM", "SURE_RECALL", "Assessment", "Embed", "Verdict", "assess",
           "decide", "verify_answer",
           "verify_sentence"]

Embed = Callable[[list[str]], list[list[float]]]

# Under the default MiniLM embedder paraphrases score cosine 0.53-1.0 against their window; the cosine is a
# veto for sentences about something else.
MIN_COSINE = 0.4
NOT_A_CLAIM = "not a claim"
ROLES = "roles differ from source"  # the claim's actor is acted on in the window, or the reverse
BORROWED = "subject not in the quoted sentences"  # the window's act is done by another named actor
# What each kind of conflict of roles says (rag/verification/relations.py); rag/verification/check.py reads the first two as "the passage
# says otherwise".
_CONFLICTS = {SWAPPED: ROLES, OTHER: BORROWED, SLOT: "names differ from source", COUNT: "number differs from source",
              POLARITY: "negation differs from source", HEDGED: "only possible or planned in source",
              OBJECT: "part not in source"}
ALTERNATIVES = 4  # lexically good windows of a passage tried when the best one gives the act other roles
# Share of a hung phrase's words other than names some window must hold: invented phrases ("accompanied by a
# trade delegation") keep 0-2/5 of theirs on the calibration half, faithful ones half or more.
MIN_PIECE_SHARE = MIN_ACT_RECALL


@dataclass
class Verdict:
    supported: bool
    passages: list[Passage] = field(default_factory=list)  # supporting passages, cited ones first
    # (passage, start, end) of the best window in each supporting passage (one per clause of a merged
    # sentence); when unsupported, the closest window in each cited passage, so a reader can see what the
    # model pointed at.
    quotes: list[tuple[Passage, int, int]] = field(default_factory=list)
    score: float = 0.0
    reason: str = ""  # why not supported: "names not in source: China, India", "number 2022 not in source"
    probability: float = 0.0  # the learned check's confidence in the deciding window (rag/verification/learned.py)


def verify_sentence(
    sentence: str, cited: list[Passage], candidates: list[Passage], embed: Embed | None = None,
    rules_only: bool = False,
) -> Verdict:
    """(sentence, cited passages, all passages) -> Verdict; support found in an uncited passage moves there.
    `rules_only` skips the learned check, which was trained on the errors models write: for a statement made
    from the user's own question ("Kishida share concerns ..."), whose words no model chose.

    ("The IP4 are China and India.", [korea_times], [korea_times]) -> Verdict(False, reason="names not ...")
    """
    found = assess(sentence, cited, candidates, embed)
    if isinstance(found, Verdict):
        return found
    model = support_model()
    return decide(found, replace(model, threshold=0.0) if rules_only else model)


@dataclass
class Assessment:
    """A claim against every passage: each passage's best window, with what the rule checks found wrong."""

    ctx: Context
    matches: list[Match]
    cited_ids: set[int]

    def candidates(self) -> list[Match]:
        """The windows no rule check objects to: the learned check's to weigh."""
        return [m for m in self.matches if not _reason(m)]


def assess(sentence: str, cited: list[Passage], candidates: list[Passage], embed: Embed | None = None
           ) -> Assessment | Verdict:
    """(sentence, cited, all passages) -> the windows and the checks' findings; a Verdict at once when the
    sentence is no claim or there is nothing to check it against."""
    claim = Claim.of(sentence)
    sentence = without_preamble(sentence)  # the parse-based checks read the claim, not "The answer is:"
    if not claim.stems or claim_form(canonical(sentence)):
        return Verdict(False, reason=NOT_A_CLAIM)
    pool = unique_passages(cited + candidates)
    if not pool:
        return Verdict(False, reason="no sources")
    counts = listed_counts(sentence)
    # a count its own list backs needs no source number: "two countries, the DPRK and Iran" (the names are checked)
    claim = claim.without([], [c.surface for c in counts if c.value == c.listed])
    parts = pieces(canonical(sentence))
    matches = [_support(claim, sentence, parts, p, pool) for p in pool]
    miscount = next((c for c in counts if c.value != c.listed), None)
    for m in matches:
        if miscount is not None and not m.problem:
            m.problem = f"count differs from the items listed: {miscount.surface}, {miscount.listed} listed"
    ctx = Context(sentence, claim, parts)
    if embed is not None:
        _add_cosines(sentence, [m for m in matches if _reason(m) in ("", "low similarity")], embed)
    return Assessment(ctx, matches, {id(p) for p in unique_passages(cited)})


def decide(a: Assessment, model: SupportModel) -> Verdict:
    """The learned check over the windows the rules leave open: supported by the windows it trusts, cited
    passages first, one per article; else the closest miss and why (the rule's reason, else the model's)."""
    judged = {id(m): model.probability(features(a.ctx, m)) for m in a.candidates()}
    good = _one_per_doc(sorted((m for m in a.candidates() if judged[id(m)] >= model.threshold),
                               key=lambda m: (id(m.passage) not in a.cited_ids, -judged[id(m)])))
    if good:
        quotes = list({(id(q[0]), q[1], q[2]): q for m in good for q in [(m.passage, m.start, m.end), *m.extra]}
                      .values())
        passages = list({id(q[0]): q[0] for q in quotes}.values())
        return Verdict(True, passages, quotes, good[0].score, probability=judged[id(good[0])])
    pointed = [m for m in a.matches if id(m.passage) in a.cited_ids]
    best = min(pointed or a.matches, key=lambda m: (len(m.missing_names), m.key))
    reason = _reason(best) or model.reason(a.ctx, best)
    return Verdict(False, [], [(m.passage, m.start, m.end) for m in pointed], best.score, reason,
                   judged.get(id(best), 0.0))


def verify_answer(text: str, passages: list[Passage], embed: Embed | None = None) -> list[Sentence]:
    """Model answer -> verified Sentences; sentences without content ("Sure.") are dropped, questions and
    fragments kept as unsupported ("not a claim").

    "Trade nearly doubled [2]." -> [Sentence("Trade nearly doubled.", [Citation("Business Standard")], True)]
    """
    out = []
    for sentence, indices in parse_answer(text, passages):
        if not content_stems(sentence):
            continue
        verdict = verify_sentence(sentence, [passages[i] for i in indices], passages, embed)
        cites = [c for p, s, e in verdict.quotes for c in citations_for(p, s, e, verdict.supported)]
        out.append(Sentence(sentence, unique_citations(cites), verdict.supported, verdict.reason))
    return out


def _reason(m: Match) -> str:
    """What the rule checks found wrong with a window, "" when nothing."""
    if m.words_reason or m.problem:
        return m.words_reason or m.problem
    if m.cosine is not None and m.cosine < MIN_COSINE and m.recall < SURE_RECALL and not m.extra:
        return "low similarity"
    return ""


def _support(claim: Claim, sentence: str, parts: Pieces, p: Passage, pool: list[Passage] | None = None) -> Match:
    """The passage's best window for the sentence, with what is wrong with it in `problem`."""
    own = claim.without([n for n in claim.names if _names_outlet(n, p)])
    ranked = windows(own, p)
    best = best_window(own, p, ranked)
    if best.words_reason:
        merged = _merged(sentence, parts, p, pool) if pool is not None and _only_spread(best) else None
        return merged or best
    best = _best_roles(sentence, parts, best, [m for m in ranked[1:ALTERNATIVES] if not m.words_reason])
    if not best.problem:
        lost = next((x.text for x in parts.extras if not x.bound and not _found(x.text, p)), "")
        lost = lost or next((c for c in clauses(sentence) if not _found(c, p)), "")
        if lost:
            best.problem = f"part not in source: {lost}"
    return best


def _best_roles(sentence: str, parts: Pieces, best: Match, others: list[Match]) -> Match:
    """Among the lexically good windows, the first that states the claim's acts with its roles; else the best
    one when no near window gives them other roles; else the window that does, with why in `problem`."""
    checked = []
    for m in [best, *others]:
        conflict, matched = role_check(sentence, clauses_of(m.window), m.passage.text)
        m.problem = f"{_CONFLICTS[conflict.kind]}: {', '.join(conflict.names)}" if conflict else ""
        m.problem = m.problem or _window_problem(sentence, parts, m)
        if matched and not m.problem:
            return m
        checked.append((m, conflict))
    if not best.problem and not any(c and m.recall >= best.recall - NEAR for m, c in checked):
        return best
    return next((m for m, c in checked if c and m.recall >= best.recall - NEAR), best)


def _window_problem(sentence: str, parts: Pieces, m: Match) -> str:
    """What the window gets wrong past the words and roles: a count on another noun, a speaker, an obligation,
    a generalisation, a causal or listed link."""
    window = m.window
    recount = unit_conflicts(sentence, window)
    if recount:
        return "number differs from source: " + ", ".join(recount)
    said = speaker_problem(sentence, window, {name_key(o).removeprefix("the ") for o in _outlets(m.passage)})
    if said:
        return said
    must = obligation_problem(sentence, window)
    if must:
        return must
    general = unstated_generalisations(sentence, window)
    if general:
        return "generalisation not in source: " + ", ".join(dict.fromkeys(w.lower() for w in general))
    return next((f"link not in source: {x.text}" for x in parts.extras if not _linked(x, sentence, parts, window)), "")


def _linked(x: Piece, sentence: str, parts: Pieces, window: str) -> bool:
    """A causal phrase is in the window with a word stating the cause; a listed member ("ties ..., including
    the missile exports") is in the window's sentence that holds what it is a member of; others need no link."""
    if x.causal:
        return _act_share(x.text, window) >= MIN_ACT_RECALL and states_cause(window)
    if x.member:
        anchor = x.anchor or next((c for c in parts.clauses if x.text in c), sentence).replace(x.text, "")
        listed = re.sub(r"^\W*(?:including|such as|like|among them|notably)\s+", "", x.text, flags=re.I)
        return _act_share(listed, _main_sentence(anchor, window)) >= MIN_ACT_RECALL
    return True


def _main_sentence(clause: str, window: str) -> str:
    """The window's sentence that holds most of the clause."""
    return max(clauses_of(window) or [window], key=lambda s: _act_share(clause, s))


def _merged(sentence: str, parts: Pieces, p: Passage, pool: list[Passage]) -> Match | None:
    """A sentence of two clauses its article states in two windows (of this passage, or of another chunk of the
    same article): each clause supported on its own. The clauses are the coordinated ones, else the sentence
    without its hung phrases and each phrase ("..., while San Francisco's unit ranks second")."""
    units = parts.clauses or _units(sentence, parts)
    if len(units) < 2:
        return None
    article = [p] + [q for q in pool if q.doc_id == p.doc_id and q is not p]
    found = []
    for c in units:
        claim, own = Claim.of(c), pieces(c)
        best = next((m for q in article if not _reason(m := _support(claim, c, own, q, []))), None)
        if best is None:
            return None
        found.append(best)
    first = found[0]
    first.extra = [(m.passage, m.start, m.end) for m in found[1:]]
    first.recall = min(m.recall for m in found)
    return first


def _units(sentence: str, parts: Pieces) -> list[str]:
    """The sentence without its hung phrases, then each phrase with a verb of its own; [] when none has."""
    free = [x.text for x in parts.extras if not x.bound and len(act_stems(x.text)) >= 2]
    rest = canonical(sentence)
    for x in free:
        rest = rest.replace(x, " ")
    rest = " ".join(rest.split())
    return [rest, *free] if free and len(act_stems(rest)) >= 2 else []


def _only_spread(m: Match) -> bool:
    """The window fails only for want of words another window may hold: no name or number missing from the
    passage, no polarity flipped."""
    if m.missing_names or m.flips or m.unnegated:
        return False
    keys = numbers_in(m.passage.text)
    return all(k in keys for s in m.missing_numbers for _, k in find_numbers(s, with_one=True))


def _found(piece: str, p: Passage) -> bool:
    """Enough of a phrase's words other than names are in some window of the passage."""
    return best_window(Claim.of(piece), p).act_recall >= MIN_PIECE_SHARE


def _act_share(piece: str, window: str) -> float:
    act = act_stems(piece)
    return len(act & content_stems(window)) / len(act) if act else 1.0


def _names_outlet(name: str, p: Passage) -> bool:
    """The name is the passage's outlet, which a sentence may cite by name: "The Odessa Journal said ..." """
    key = name_key(name).removeprefix("the ")
    return any(key and key == name_key(o).removeprefix("the ") for o in _outlets(p))


def _outlets(p: Passage) -> list[str]:
    return [o for o in [p.outlet] + [c.get("outlet") or "" for c in p.also] if o and o != "unknown"]


def _add_cosines(sentence: str, matches: list[Match], embed: Embed) -> None:
    """Cosine of the sentence and the closest of the window and its single sentences."""
    if not matches:
        return  # nothing the cosine could veto or rank
    owners: list[tuple[int, str]] = []
    for k, m in enumerate(matches):
        window = m.window
        spans = sentence_spans(window)
        owners += [(k, t) for t in [window] + ([window[s:e] for s, e in spans] if len(spans) > 1 else [])]
    vectors = _vectors([sentence] + [t for _, t in owners], embed)
    for (k, text), vec in zip(owners, vectors[1:]):
        cos = sum(a * b for a, b in zip(vectors[0], vec))
        matches[k].cosine = max(cos, matches[k].cosine if matches[k].cosine is not None else -1.0)


# Vectors of passage windows, per embedder: every sentence of an answer is checked against the same passages.
# Weakly keyed by the embedder (a bound method by its object), so a dropped engine takes its vectors with it.
_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
CACHED_VECTORS = 4096  # per embedder


def _vectors(texts: list[str], embed: Embed) -> list[list[float]]:
    """embed(texts), reusing the vectors of texts this embedder has embedded before."""
    owner, func = getattr(embed, "__self__", None), getattr(embed, "__func__", None)
    try:
        cache = _CACHE.setdefault(owner if owner is not None else embed, {})
    except TypeError:  # an embedder that cannot be weakly referenced: no cache
        return embed(texts)
    known = cache.setdefault(func, {})
    todo = list(dict.fromkeys(t for t in texts if t not in known))
    if todo:
        if len(known) + len(todo) > CACHED_VECTORS:
            known.clear()
        known.update(zip(todo, embed(todo)))
    return [known[t] for t in texts]


def _one_per_doc(matches: list[Match]) -> list[Match]:
    """Two chunks of one article are one source; syndicated copies (other doc_ids) each count."""
    seen, out = set(), []
    for m in matches:
        if m.passage.doc_id not in seen:
            seen.add(m.passage.doc_id)
            out.append(m)
    return out
