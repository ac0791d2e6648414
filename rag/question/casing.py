"""Names restored to a question typed in lower case, as the retrieved passages write them.

    restore_case("did new zealand's prime minister visit seoul?", ["... New Zealand ... in Seoul ..."])
    -> "did New Zealand's prime minister visit Seoul?"

The rules that read a question find names by their capitals; "new zealand" typed in lower case would be no name,
so nothing would hold an answer to it. Only a question with no capital after its first letter is changed, and only
by names the passages capitalise more often than not ("Summit" in a headline stays "summit").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from rag.language.words import find_names


def lower_case(question: str) -> bool:
    """No capital letter after the first: "what's the name of the new zealand prime minister" -> True"""
    return not any(ch.isupper() for ch in question[1:])


def restore_case(question: str, texts: Iterable[str]) -> str:
    """The question with each name the texts capitalise written as they write it (longest names first)."""
    if not lower_case(question):
        return question
    texts = list(texts)
    names = Counter(n for t in texts for n in find_names(t))
    corpus = " ".join(texts)
    cased = {}
    for name, _ in names.most_common():
        low = name.lower()
        if low in cased or low == name:
            continue
        if len(_whole(name).findall(corpus)) > len(_whole(low).findall(corpus)):
            cased[low] = name
    out = question
    for low in sorted(cased, key=len, reverse=True):
        out = _whole(low).sub(cased[low], out)
    return out


def _whole(words: str) -> re.Pattern:
    """The words as a whole, case as given: "seoul" in "seoul's", not in "seoulite" or "x-seoul"."""
    return re.compile(r"(?<![\w'’-])" + re.escape(words) + r"(?![\w-])")
