"""Generated news corpora for benchmarks: seed-story sentences recombined with fresh names and numbers."""

from __future__ import annotations

import random
import re
from pathlib import Path

from index.clean import clean_text
from index.read import read_path
from index.sentences import split_sentences
from index.settings import BUNDLED_CORPUS

_PLACES = ["Seoul", "Tokyo", "Canberra", "Wellington", "Jakarta", "Vientiane", "Hanoi", "Manila", "Ottawa",
           "Berlin", "Helsinki", "Prague", "Stockholm", "Madrid", "Lisbon", "Nairobi", "Lima", "Oslo"]
_OUTLETS = ["Harbor Daily", "The Meridian Post", "Northgate Times", "Coastal Ledger", "Valley Herald"]


def seed_sentences() -> list[str]:
    """The bundled stories' sentences (cleaned): raw material for generated articles."""
    out: list[str] = []
    for path in sorted(BUNDLED_CORPUS.glob("*.txt")):
        docs, _ = read_path(path, 10_000_000)
        for doc in docs:
            out += [s for s in split_sentences(clean_text(doc.text)) if len(s.split()) >= 8]
    return out


def write_corpus(folder: Path, n: int, seed: int = 7, sentences_per_article: tuple[int, int] = (12, 30)) -> int:
    """Write n `.jsonl`-free `.txt` articles into folder -> total characters written."""
    rng = random.Random(seed)
    pool = seed_sentences()
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        k = rng.randint(*sentences_per_article)
        body = [_vary(rng.choice(pool), rng) for _ in range(k)]
        paragraphs = ["\n".join(body[j:j + 3]).replace("\n", " ") for j in range(0, len(body), 3)]
        headline = f"{rng.choice(_PLACES)} talks: {' '.join(body[0].split()[:8])}"
        text = f"{rng.choice(_OUTLETS)}\n\n{headline}\n\n" + "\n\n".join(paragraphs) + "\n"
        (folder / f"gen_{i:06d}.txt").write_text(text, encoding="utf-8")
        total += len(text)
    return total


def _vary(sentence: str, rng: random.Random) -> str:
    """A seed sentence with its numbers and one place changed, so generated articles are all distinct."""
    sentence = re.sub(r"\d+", lambda m: str(rng.randint(2, 999)), sentence)
    for place in ("Seoul", "Washington", "Jakarta", "Vientiane"):
        if place in sentence:
            return sentence.replace(place, rng.choice(_PLACES))
    return sentence
