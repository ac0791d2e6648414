"""Passages cut from the bundled seed articles, with the metadata from index/corpus/metadata.toml.

Shared by the verifier, extractive-answer and conflict tests: each is a chunk as retrieval hands it over.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from rag.answer import Passage

CORPUS = Path(__file__).resolve().parent.parent / "index" / "corpus"
META = tomllib.loads((CORPUS / "metadata.toml").read_text(encoding="utf-8"))


def seed_passage(prefix: str, first: str, last: str, **meta) -> Passage:
    """The chunk of seed article `prefix` from phrase `first` to phrase `last`, as retrieval hands it over.

    Offsets are into the article file, so a citation's start/end can be checked against the file itself.
    """
    path = next(CORPUS.glob(f"{prefix}_*.txt"))
    raw = path.read_text(encoding="utf-8")
    start = raw.index(first)
    end = raw.index(last, start) + len(last)
    info = {**META[path.stem], **meta}
    return Passage(doc_id=path.stem, chunk_id=f"{path.stem}:{start}", text=raw[start:end], start=start,
                   end=end, outlet=info["outlet"], title=info["title"], published=info["published"])


def article_text(p: Passage) -> str:
    return next(CORPUS.glob(f"{p.doc_id}.txt")).read_text(encoding="utf-8")


def nz() -> Passage:
    """000, outlet unknown (cited by title): Luxon took office "in November 2022"; trade "nearly doubling"."""
    return seed_passage("000", "On Wednesday, leaders", "over the past decade.")


def bs() -> Passage:
    """001, Business Standard (AP copy): took office "last November"; trade "approximately doubled"."""
    return seed_passage("001", "The leaders of South Korea and New Zealand strongly",
                        "has approximately doubled in the past decade, according to the joint statement.")


def kt() -> Passage:
    """002, The Korea Times: the IP4 paragraph, NATO summit for "three consecutive years"."""
    return seed_passage("002", "Yoon, who is attending", "Yoon noted.")


def oj() -> Passage:
    """003, The Odessa Journal: ASEAN summit in Vientiane, "never tolerate", the 10 member countries."""
    return seed_passage("003", "South Korean President Yoon Suk Yeol stated", "Sergey Lavrov.")


def rt() -> Passage:
    """004, outlet unknown: ASEAN summit in Jakarta; North Korea and Russia "have denied" arms talks."""
    return seed_passage("004", "South Korean President Yoon Suk Yeol said on Wednesday",
                        "have denied they were in arms negotiations.")


def all_passages() -> list[Passage]:
    return [nz(), bs(), kt(), oj(), rt()]
