"""Degenerate model output: empty, looping, or echoing the prompt's instructions. Pure functions.

"The IP4 is. The IP4 is. The IP4 is." -> True. The pipeline checks it while an answer streams and
once it is done, and falls back to an extractive answer.
"""

from __future__ import annotations

import re
from collections import Counter

from rag.answer import Passage
from rag.language.words import content_stems


def is_degenerate(
    text: str, prompt: str = "", passages: list[Passage] | None = None, partial: bool = False
) -> bool:
    """Model output -> True when it is empty, loops, or mostly echoes the prompt's instructions.

    "The IP4 is. The IP4 is. The IP4 is." -> True. While streaming pass partial=True: "Sure! Here is" is
    only the start of an answer, so emptiness is not judged until the end.
    """
    words = re.findall(r"[A-Za-z0-9]+", text)
    empty = not any(c.isalpha() for s in content_stems(re.sub(r"\[[^\]]*\]", " ", text)) for c in s)
    if empty and not partial:
        return True
    return _loops(words) or _repeats_sentence(text) or _echoes(words, prompt, passages or [])


_CONNECTORS = {"and", "of", "the", "s"}


def _loops(words: list[str]) -> bool:
    """A run repeated 3 times back to back, or a 4-gram beyond names ("North Korea and Russia") seen 3 times.
    """
    low = [w.lower() for w in words]
    for size in range(1, 9):
        for i in range(len(low) - 3 * size + 1):
            if low[i:i + size] == low[i + size:i + 2 * size] == low[i + 2 * size:i + 3 * size]:
                return True
    grams = Counter(tuple(low[i:i + 4]) for i in range(len(low) - 3))
    cased = {tuple(low[i:i + 4]): words[i:i + 4] for i in range(len(low) - 3)}
    return any(n >= 3 and any(w.islower() and w not in _CONNECTORS for w in cased[g])
               for g, n in grams.items())


def _repeats_sentence(text: str) -> bool:
    counts = Counter(" ".join(re.findall(r"[a-z0-9]+", s.lower())) for s in re.split(r"[.!?\n]+", text))
    counts.pop("", None)
    return any(n >= 3 for n in counts.values())


def _echoes(words: list[str], prompt: str, passages: list[Passage]) -> bool:
    """Half the output's 6-grams come from the prompt's own words (instructions, question), not passages."""
    if not prompt:
        return False
    for p in passages:  # quoting a passage is allowed; echoing the instructions is not
        prompt = prompt.replace(p.text, " ")
    low = [w.lower() for w in words]
    grams = {tuple(low[i:i + 6]) for i in range(len(low) - 5)}
    pw = [w.lower() for w in re.findall(r"[A-Za-z0-9]+", prompt)]
    prompt_grams = {tuple(pw[i:i + 6]) for i in range(len(pw) - 5)}
    return len(grams) >= 2 and len(grams & prompt_grams) >= 0.5 * len(grams)
