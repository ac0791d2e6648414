"""Where a sentence and its window differ, word by word: the content words of both in order, aligned (difflib),
so that a word of the sentence the window lacks is either said in other words (a WordNet synonym,
rag/language/synonyms.py), put in place of another word (the window has "met" where the sentence has "sued": a wrong act,
name or quality, whatever the rest copies), the opposite of the word it replaces (rag/language/lexicon.py), or added with
nothing in its place (a clause glued on). Pure over strings.

    align("Luxon sued Yoon in Seoul.", "Luxon met Yoon in Seoul.").substituted -> [("sued", ("met",))]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from rag.language.lexicon import antonyms
from rag.language.synonyms import related
from rag.language.words import ANTONYMS, STOPWORDS, canonical, stem

# Words that state a cause the same way: "because of injury" is "due to injury".
_CONNECTIVES = {"because": "cause", "due": "cause", "owing": "cause"}


@dataclass
class Alignment:
    substituted: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (word, window words in its place)
    opposite: list[tuple[str, str]] = field(default_factory=list)  # (sentence word, its opposite in the window)
    inserted: list[list[str]] = field(default_factory=list)  # runs of sentence words with nothing in their place
    reworded: int = 0  # sentence words the window says in other words

    @property
    def longest_insert(self) -> int:
        return max((len(r) for r in self.inserted), default=0)


def tokens(text: str) -> tuple[tuple[str, str], ...]:
    """(word as written, stem) of each content word, in order. "Luxon met Yoon." -> (("Luxon", "luxon"), ...)"""
    return _tokens(text)


@lru_cache(maxsize=16384)
def _tokens(text: str) -> tuple[tuple[str, str], ...]:
    words = re.findall(r"[A-Za-z0-9]+(?:[.,]\d+)*", re.sub(r"['’]s\b", "", canonical(text)))
    return tuple((w, _CONNECTIVES.get(w.lower()) or stem(w.lower())) for w in words
                 if w.lower() not in STOPWORDS and len(w) > 1)


@lru_cache(maxsize=4096)
def align(sentence: str, window: str) -> Alignment:
    """The sentence against its window: what it rewords, substitutes, turns into its opposite or adds (cached:
    the verifier and its features both ask; do not change the result)."""
    mine, theirs = tokens(sentence), tokens(window)
    a, b = [s for _, s in mine], [s for _, s in theirs]
    have, own = set(b), set(a)
    out = Alignment()
    run: list[str] = []

    def flush() -> None:
        if run:
            out.inserted.append(run[:])
            run.clear()

    for op, i1, i2, j1, j2 in SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "insert":
            continue  # window words the sentence leaves out
        if op == "equal":
            flush()
            continue
        standing = [(w, s) for w, s in theirs[j1:j2] if s not in own]  # window words where these are
        across = {s for _, s in standing}
        for word, s in mine[i1:i2]:
            if s in have:  # moved, not missing
                flush()
            elif related(s, across) or related(s, have - own):
                flush()
                out.reworded += 1
            elif flip := next((t for t in sorted(across) if opposed(s, t)), None) or next(
                    (t for t in sorted(have - own) if opposed(s, t)), None):
                flush()
                out.opposite.append((word, flip))
            elif across:
                flush()
                out.substituted.append((word, tuple(dict.fromkeys(w for w, _ in standing))))
            else:
                run.append(word)
    flush()
    return out


def opposed(a: str, b: str) -> bool:
    """Two stems are opposites in the hand-picked list or in WordNet's (any part of speech)."""
    return (a, b) in _all_opposites()


@lru_cache(maxsize=1)
def _all_opposites() -> frozenset[tuple[str, str]]:
    return frozenset(set(ANTONYMS) | antonyms("verb") | antonyms("adj") | antonyms("noun"))
