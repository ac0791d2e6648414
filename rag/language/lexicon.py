"""Opposites from WordNet: the antonym pairs of English verbs, adjectives and nouns, kept as a file a person can
read and edit (rag/data/antonyms.tsv) and derived from WordNet 3.0's database files by this module.

The verifier compares these only where the parse says the two words play the same part (the verbs of two
relations with the same parties, the modifiers of the same noun), because many have other senses ("rise" /
"set", "close" / "open"). The hand-picked opposites that are safe word for word are in rag/language/words.py.

    antonyms("verb") -> {("increas", "decreas"), ("decreas", "increas"), ...}   (stems, both ways)
    python -m rag.language.lexicon /usr/share/wordnet > rag/data/antonyms.tsv   (Debian: apt-get install wordnet-base)
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path

POS = {"verb": "verb", "adj": "adj", "noun": "noun"}
HEADER = ("# Antonyms from WordNet 3.0 (Princeton University), direct antonym pointers of one-word lemmas.\n"
          "# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. Permission to use, copy,\n"
          "# modify and distribute this database for any purpose and without fee is granted (WordNet licence).\n"
          "# Regenerate: python -m rag.language.lexicon /usr/share/wordnet > rag/data/antonyms.tsv\n"
          "# pos\tword\tantonym\n")


@lru_cache(maxsize=4)
def antonyms(pos: str) -> frozenset[tuple[str, str]]:
    """Part of speech -> its antonym pairs as stems (rag.language.words.stem), both ways; pairs that stem alike dropped."""
    from rag.language.words import stem

    out = set()
    for cols in data_rows("antonyms.tsv", ("pos", "word", "antonym")):
        if cols[0] == pos:
            a, b = stem(cols[1]), stem(cols[2])
            if a != b:
                out |= {(a, b), (b, a)}
    return frozenset(out)


def data_rows(name: str, columns: tuple[str, ...]) -> list[list[str]]:
    """The rows of a tab-separated file in rag/data/, comments and blank lines skipped; a row with another
    number of columns is a ValueError naming the file and line. ("antonyms.tsv", ("pos", "word", "antonym"))"""
    text = resources.files("rag").joinpath(f"data/{name}").read_text(encoding="utf-8")
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != len(columns):
            raise ValueError(f"rag/data/{name} line {n}: want {len(columns)} tab-separated columns "
                             f"({', '.join(columns)})")
        out.append(cols)
    return out


def build(wordnet: Path) -> list[tuple[str, str, str]]:
    """WordNet's database folder -> sorted (pos, word, antonym) rows, each pair once, one-word lemmas only."""
    rows = set()
    for pos in POS:
        lines = (wordnet / f"data.{pos}").read_text(encoding="latin-1").splitlines()
        synsets = {}
        for line in lines:
            if line.startswith(" "):
                continue  # the licence at the top of the file
            fields = line.split(" | ")[0].split()
            synsets[fields[0]] = fields
        for fields in synsets.values():
            words = _words(fields)
            count = int(fields[4 + 2 * len(words)])
            at = 5 + 2 * len(words)
            for k in range(count):
                symbol, target, _, st = fields[at + 4 * k: at + 4 * k + 4]
                if symbol != "!" or target not in synsets:
                    continue
                a, b = words[int(st[:2], 16) - 1], _words(synsets[target])[int(st[2:], 16) - 1]
                if "_" not in a + b and a != b:
                    rows.add((pos, *sorted((a, b))))
    return sorted(rows)


def _words(fields: list[str]) -> list[str]:
    """A synset's lemmas, lowercase, adjective markers such as "(a)" dropped."""
    return [re.sub(r"\(.*\)$", "", fields[4 + 2 * i]).lower() for i in range(int(fields[3], 16))]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m rag.language.lexicon WORDNET_DICT_DIR", file=sys.stderr)
        return 2
    sys.stdout.write(HEADER + "".join(f"{p}\t{a}\t{b}\n" for p, a, b in build(Path(argv[0]))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
