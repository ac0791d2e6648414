"""Words that say the same thing in other words, from WordNet: lemmas sharing one of their common senses, or a
sense and the sense it is a kind of ("denounce" ~ "condemn" through "criticize"), and adjectives WordNet calls
similar. Kept as a file a person can read and edit (rag/data/synonyms.tsv), derived from WordNet 3.0's database
files by this module (`python -m rag.language.synonyms /usr/share/wordnet > rag/data/synonyms.tsv`).

Only a word's first senses count (WordNet orders them by how often they are tagged in text), so "meet" is not
"fit" and "state" is not "province". The verifier reads a claim word that its window does not have, but whose
synonym it has, as said in other words (rag/verification/features.py); it proves nothing alone.

    related("denounc", {"condemn", "nato"}) -> True
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

from rag.language.lexicon import data_rows

SENSES = 3  # first senses of a lemma that count
POS = ("verb", "noun", "adj", "adv")
HEADER = ("# Synonyms from WordNet 3.0 (Princeton University): one-word lemmas sharing one of their first senses,\n"
          "# or a sense and its hypernym; adjectives WordNet calls similar.\n"
          "# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. Permission to use, copy,\n"
          "# modify and distribute this database for any purpose and without fee is granted (WordNet licence).\n"
          "# Regenerate: python -m rag.language.synonyms /usr/share/wordnet > rag/data/synonyms.tsv\n"
          "# word\trelated words\n")


@lru_cache(maxsize=1)
def table() -> dict[str, frozenset[str]]:
    """stem -> stems of its related words (rag.language.words.stem on both sides; a word is not its own)."""
    from rag.language.words import stem

    out: dict[str, set[str]] = {}
    for cols in data_rows("synonyms.tsv", ("word", "related words")):
        a = stem(cols[0])
        for w in cols[1].split():
            b = stem(w)
            if b != a:
                out.setdefault(a, set()).add(b)
                out.setdefault(b, set()).add(a)
    return {k: frozenset(v) for k, v in out.items()}


def related(s: str, stems: set[str] | frozenset[str]) -> bool:
    """A stem has a synonym among `stems`. ("criticiz", {"condemn"}) -> True"""
    return bool(table().get(s, frozenset()) & stems)


def build(wordnet: Path) -> dict[str, set[str]]:
    """WordNet's database folder -> {lemma: related lemmas}, one-word lemmas, each pair under its first word."""
    pairs: set[tuple[str, str]] = set()
    for pos in POS:
        synsets = _synsets(wordnet / f"data.{pos}")
        senses = _senses(wordnet / f"index.{pos}")
        common = {lemma: set(offsets[:SENSES]) for lemma, offsets in senses.items()}
        members: dict[str, set[str]] = {}
        for lemma, offsets in common.items():
            for o in offsets:
                members.setdefault(o, set()).add(lemma)
        for o, lemmas in members.items():
            near = {o} | {t for sym, t in synsets.get(o, ([], []))[1] if sym in ("@", "&")}
            for t in near:
                for a in lemmas:
                    for b in members.get(t, set()):
                        if a != b:
                            pairs.add(tuple(sorted((a, b))))  # type: ignore[arg-type]
    out: dict[str, set[str]] = {}
    for a, b in sorted(pairs):
        out.setdefault(a, set()).add(b)
    return out


def _synsets(path: Path) -> dict[str, tuple[list[str], list[tuple[str, str]]]]:
    """data.POS -> {offset: (lemmas, [(pointer symbol, target offset)])}; satellites' "similar to" included."""
    out = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue  # the licence at the top of the file
        fields = line.split(" | ")[0].split()
        n = int(fields[3], 16)
        lemmas = [fields[4 + 2 * i].lower() for i in range(n)]
        at = 4 + 2 * n
        count = int(fields[at])
        pointers = [(fields[at + 1 + 4 * k], fields[at + 2 + 4 * k]) for k in range(count)]
        out[fields[0]] = (lemmas, pointers)
    return out


def _senses(path: Path) -> dict[str, list[str]]:
    """index.POS -> {one-word lemma: the synset offsets of its senses tagged in WordNet's corpus, most frequent
    first}."""
    out = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue
        fields = line.split()
        lemma, synset_count, pointer_count = fields[0], int(fields[2]), int(fields[3])
        if "_" in lemma or not lemma.isalpha():
            continue
        tagged = int(fields[5 + pointer_count])
        if tagged:  # a lemma never tagged in WordNet's corpus is too rare to trust its senses
            out[lemma] = fields[6 + pointer_count:6 + pointer_count + min(synset_count, tagged)]
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m rag.language.synonyms WORDNET_DICT_DIR", file=sys.stderr)
        return 2
    rows = build(Path(argv[0]))
    sys.stdout.write(HEADER + "".join(f"{a}\t{' '.join(sorted(bs))}\n" for a, bs in sorted(rows.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
