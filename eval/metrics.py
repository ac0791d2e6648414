"""Offline metrics over plain data: retrieval, answers, citations (ALCE-style), abstention. No judge, no I/O.

Conventions: a metric returns a float in [0, 1], or None when it does not apply to the item (retrieval metrics
of an off-corpus question, citation recall of an answer with no sentences). Aggregates skip None.
`retrieved` is the ranked passage list as doc-id groups: one group per passage, the passage's own document
first, then the documents of the syndicated copies collapsed into it: [["001", "000"], ["002"]].
"""

from __future__ import annotations

import itertools
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Sequence

_ARTICLES = {"a", "an", "the"}
_CITATION_TAG = re.compile(r"\s*\[[^\[\]\n]{1,120}\]")
# How a model (or llama-index) says it cannot answer.
_DECLINE = re.compile(
    r"\b(do(es)? not (cover|contain|mention|provide|say|include|specify)|not (covered|mentioned|provided|found)"
    r"|no (information|mention|details?)|(cannot|can ?not|can't|unable to) (answer|determine|find|tell)"
    r"|not in (the )?sources|insufficient information|i don'?t know|empty response)\b",
    re.IGNORECASE,
)
# MultiHop-RAG's reference answer of its null queries: what an abstention counts as in strict accuracy.
ABSTAIN_REFERENCE = "Insufficient information."


# --- text ------------------------------------------------------------------------------------------------------
def normalize(text: str) -> str:
    """Lowercase words without punctuation, possessives or articles.

    "The U.N. said Luxon's trade rose 100,000-fold!" -> "u n said luxon trade rose 100000 fold"
    """
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    text = re.sub(r"'s\b", "", text).replace("'", "")
    words = re.sub(r"[^\w\s]|_", " ", text).split()
    return " ".join(w for w in words if w not in _ARTICLES)


def strip_citations(text: str) -> str:
    """Answer text -> without inline tags. "It doubled [Business Standard]." -> "It doubled." """
    return _CITATION_TAG.sub("", text).strip()


def tokens(text: str) -> list[str]:
    """"The IP4: Japan, Australia" -> ["ip4", "japan", "australia"]"""
    return normalize(text).split()


def has_alias(answer: str, aliases: Sequence[str]) -> bool:
    """True when any alias appears in the answer as whole words, ignoring case and punctuation.

    ("Trade nearly DOUBLED.", ["doubled", "doubling"]) -> True; ("Japanese", ["Japan"]) -> False
    """
    padded = f" {normalize(answer)} "
    return any(f" {normalize(a)} " in padded for a in aliases if normalize(a))


def first_position(answer: str, phrase: str) -> int | None:
    """Where a phrase first appears as whole words in the normalised answer, or None.

    ("Seoul in 2023, then Vientiane", "Vientiane") -> 19; ("Seoul", "Tokyo") -> None
    """
    needle = normalize(phrase)
    at = f" {normalize(answer)} ".find(f" {needle} ") if needle else -1
    return None if at < 0 else at


def looks_declined(text: str) -> bool:
    """"The articles do not cover this." -> True; "Seoul hosted it." -> False"""
    return bool(_DECLINE.search(text)) or not text.strip()


# --- retrieval ---------------------------------------------------------------------------------------------------
def _groups(retrieved: Sequence[str | Sequence[str]]) -> list[set[str]]:
    return [{r} if isinstance(r, str) else set(r) for r in retrieved]


def hit_at(retrieved: Sequence[str | Sequence[str]], gold: Sequence[str], k: int) -> float | None:
    """1.0 when a passage from a gold document is among the top k. ([["a"], ["b"]], ["b"], 1) -> 0.0"""
    if not gold:
        return None
    return float(any(g & set(gold) for g in _groups(retrieved)[:k]))


def hit_at_4(retrieved: Sequence[str | Sequence[str]], gold: Sequence[str]) -> float | None:
    return hit_at(retrieved, gold, 4)


def hit_at_10(retrieved: Sequence[str | Sequence[str]], gold: Sequence[str]) -> float | None:
    return hit_at(retrieved, gold, 10)


def mrr_at_10(retrieved: Sequence[str | Sequence[str]], gold: Sequence[str]) -> float | None:
    """1 / rank of the first gold passage in the top 10, else 0. ([["x"], ["a"]], ["a"]) -> 0.5"""
    if not gold:
        return None
    for rank, group in enumerate(_groups(retrieved)[:10], start=1):
        if group & set(gold):
            return 1.0 / rank
    return 0.0


def evidence_recall(retrieved: Sequence[str | Sequence[str]], gold: Sequence[str], k: int = 10) -> float | None:
    """Fraction of gold documents found in the top k passages. ([["a"], ["c"]], ["a", "b"]) -> 0.5"""
    if not gold:
        return None
    found = set().union(*_groups(retrieved)[:k]) if retrieved else set()
    return len(set(gold) & found) / len(set(gold))


# --- answers -----------------------------------------------------------------------------------------------------
def answer_accuracy(answer: str, key_facts: Sequence[Sequence[str]]) -> float | None:
    """1.0 when every key fact is present through one of its aliases.

    ("Japan, Australia and NZ.", [["Japan"], ["Australia"], ["New Zealand", "NZ"]]) -> 1.0
    """
    if not key_facts:
        return None
    return float(all(has_alias(answer, aliases) for aliases in key_facts))


def list_recall(answer: str, key_facts: Sequence[Sequence[str]]) -> float | None:
    """Share of key facts present through one of their aliases.

    ("Japan and NZ.", [["Japan"], ["Australia"], ["New Zealand", "NZ"]]) -> 0.667
    """
    if not key_facts:
        return None
    return sum(has_alias(answer, aliases) for aliases in key_facts) / len(key_facts)


def timeline_order(answer: str, order: Sequence[str]) -> float | None:
    """Share of consecutive event pairs whose first mentions come in order; a missing phrase breaks its pairs.

    ("Jakarta in 2023, Vientiane in 2024.", ["Jakarta", "Vientiane"]) -> 1.0; (..., ["Vientiane", "Jakarta"]) -> 0.0
    """
    if len(order) < 2:
        return None
    at = [first_position(answer, phrase) for phrase in order]
    pairs = list(itertools.pairwise(at))
    return sum(1 for a, b in pairs if a is not None and b is not None and a < b) / len(pairs)


def direct_answer_accuracy(short_answer: str, short: Sequence[str]) -> float | None:
    """1.0 when any accepted alias of the direct answer is in the short answer; None without aliases.

    ("Fumio Kishida", ["Kishida"]) -> 1.0; ("", ["Kishida"]) -> 0.0; ("Kishida", []) -> None
    """
    if not short:
        return None
    return float(has_alias(short_answer, short))


def yes_no_of(text: str) -> str | None:
    """The yes/no word a text opens with. "Yes, it did." -> "yes"; "No." -> "no"; "Seoul" -> None"""
    words = normalize(text).split()
    return words[0] if words and words[0] in ("yes", "no") else None


def yes_no_accuracy(short_answer: str, short: Sequence[str]) -> float | None:
    """Yes/no items (short ["Yes"] or ["No"]): 1.0 when the short answer opens with that word; None otherwise.

    ("Yes.", ["Yes"]) -> 1.0; ("No, it did not.", ["Yes"]) -> 0.0; ("Yes", ["Seoul"]) -> None
    """
    expected = yes_no_of(short[0]) if len(short) == 1 and normalize(short[0]) in ("yes", "no") else None
    if expected is None:
        return None
    return float(yes_no_of(short_answer) == expected)


def strict_accuracy(short_answer: str, reference: str, abstained: bool) -> float:
    """MultiHop-RAG exact match on the short answer, an abstention saying ABSTAIN_REFERENCE.

    ("Yes", "yes.", False) -> 1.0; ("", "Insufficient information.", True) -> 1.0; ("Yes, it did", "Yes", False) -> 0.0
    """
    return exact_match(ABSTAIN_REFERENCE if abstained else short_answer, reference)


def majority_class(references: Sequence[str]) -> tuple[str, float] | None:
    """The most common normalised reference and the share of references that are it (ties: first seen).

    (["Yes", "yes.", "No"]) -> ("yes", 0.667); ([]) -> None
    """
    if not references:
        return None
    answer, count = Counter(normalize(r) for r in references).most_common(1)[0]
    return answer, count / len(references)


def exact_match(answer: str, reference: str) -> float:
    """("Yes.", "yes") -> 1.0; ("Yes, it did.", "yes") -> 0.0"""
    return float(normalize(answer) == normalize(reference))


def token_f1(answer: str, reference: str) -> float:
    """SQuAD-style F1 over normalised tokens. ("Seoul, Korea", "Seoul") -> 0.667"""
    pred, gold = tokens(answer), tokens(reference)
    common = sum((Counter(pred) & Counter(gold)).values())
    if not pred or not gold or not common:
        return float(pred == gold)
    precision, recall = common / len(pred), common / len(gold)
    return 2 * precision * recall / (precision + recall)


def contains_reference(answer: str, reference: str) -> float:
    """Lenient accuracy: the normalised reference appears in the answer as whole words.
    ("Yes, Google did. [TechCrunch]", "Yes") -> 1.0"""
    return float(has_alias(answer, [reference]))


def word_overlap(answer: str, reference: str) -> float:
    """MultiHop-RAG's qa_evaluate.py rule (lowercased whitespace words of answer and reference intersect), with
    punctuation stripped from word ends since our answers are sentences. ("No, it did not.", "no") -> 1.0"""
    def words(text: str) -> set[str]:
        return {w.strip(string.punctuation + "“”‘’") for w in text.lower().split()} - {""}
    return float(bool(words(answer) & words(reference)))


# --- citations ---------------------------------------------------------------------------------------------------
def citation_precision(cited_doc_ids: Sequence[str], gold: Sequence[str]) -> float | None:
    """Share of shown citations pointing at a gold document. With no gold (off-corpus) any citation is wrong.
    (["a", "b"], ["a"]) -> 0.5; ([], []) -> 1.0; ([], ["a"]) -> None"""
    if not gold:
        return 0.0 if cited_doc_ids else 1.0
    if not cited_doc_ids:
        return None
    return sum(1 for d in cited_doc_ids if d in set(gold)) / len(cited_doc_ids)


def citation_recall(sentence_doc_ids: Sequence[Sequence[str]], gold: Sequence[str]) -> float | None:
    """Share of answer sentences citing at least one gold document. ([["a"], []], ["a"]) -> 0.5"""
    if not gold or not sentence_doc_ids:
        return None
    return sum(1 for ids in sentence_doc_ids if set(ids) & set(gold)) / len(sentence_doc_ids)


def outlet_precision(cited_labels: Sequence[str], gold_outlets: Sequence[str]) -> float | None:
    """Share of distinct cited labels that are gold outlets. (["BS", "KT"], ["BS"]) -> 0.5; ([], []) -> 1.0"""
    cited = {_label(x) for x in cited_labels}
    if not gold_outlets:
        return 0.0 if cited else 1.0
    if not cited:
        return None
    return len(cited & {_label(g) for g in gold_outlets}) / len(cited)


def outlet_recall(cited_labels: Sequence[str], gold_outlets: Sequence[str]) -> float | None:
    """Share of gold outlets cited. (["BS"], ["BS", "KT"]) -> 0.5"""
    if not gold_outlets:
        return None
    gold = {_label(g) for g in gold_outlets}
    return len(gold & {_label(x) for x in cited_labels}) / len(gold)


def _label(text: str) -> str:
    return " ".join(text.lower().split())


# --- abstention --------------------------------------------------------------------------------------------------
def abstention_correct(abstained: bool, answerable: bool) -> float:
    """1.0 when the system declined exactly the unanswerable questions. (True, False) -> 1.0"""
    return float(abstained != answerable)


def near_topic_abstention(abstained: bool, kind: str) -> float | None:
    """Near-topic questions (the corpus talks about it but does not answer): 1.0 when declined.
    (True, "near_topic") -> 1.0; (False, "near_topic") -> 0.0; (True, "date") -> None"""
    return float(abstained) if kind == "near_topic" else None


def false_abstention(abstained: bool, answerable: bool) -> float | None:
    """Answerable questions: 1.0 when declined anyway (lower is better). (True, True) -> 1.0; (True, False) -> None"""
    return float(abstained) if answerable else None
