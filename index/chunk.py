"""Sentence-aware chunking: Article -> Chunks whose offsets point into the cleaned story text."""

from __future__ import annotations

import re
from collections.abc import Callable

from index.article import Article, Chunk
from index.sentences import sentence_spans

_PIECE = re.compile(r"\w+|[^\w\s]")


def approx_tokens(text: str) -> int:
    """Text -> an estimate of its word-piece count (words and punctuation, x1.15 for split words).

    >>> approx_tokens("Yoon met Luxon.")
    4
    """
    return int(len(_PIECE.findall(text)) * 1.15)


def chunk_article(
    article: Article,
    max_tokens: int = 160,
    overlap_sentences: int = 1,
    count: Callable[[str], int] = approx_tokens,
) -> list[Chunk]:
    """Article -> consecutive sentence groups of at most ~max_tokens, each with offsets into article.text.

    A sentence longer than max_tokens becomes its own chunk (split at word boundaries if it is huge).
    `overlap_sentences` sentences are repeated at the start of the next chunk so a fact spanning a boundary
    is whole in one of them.
    """
    spans = _split_long(article.text, sentence_spans(article.text), max_tokens, count)
    groups: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    size = 0
    for span in spans:
        n = count(article.text[span[0]:span[1]])
        if current and size + n > max_tokens:
            groups.append(current)
            current = current[-overlap_sentences:] if overlap_sentences else []
            size = sum(count(article.text[s:e]) for s, e in current)
            if size + n > max_tokens:  # the overlap alone would overflow: drop it
                current, size = [], 0
        current.append(span)
        size += n
    if current and (not groups or current[-1] != groups[-1][-1]):
        groups.append(current)
    return [
        Chunk(
            doc_id=article.doc_id,
            chunk_id=f"{article.doc_id}:{i:04d}",
            start=g[0][0],
            end=g[-1][1],
            text=article.text[g[0][0]:g[-1][1]],
        )
        for i, g in enumerate(groups)
    ]


def _split_long(
    text: str, spans: list[tuple[int, int]], max_tokens: int, count: Callable[[str], int]
) -> list[tuple[int, int]]:
    """Spans -> spans where no span exceeds max_tokens (long ones cut at whitespace)."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if count(text[start:end]) <= max_tokens:
            out.append((start, end))
            continue
        piece_start = start
        words = [m.end() for m in re.finditer(r"\S+", text[start:end])]
        acc = 0
        for i, w_end in enumerate(words):
            acc += 1
            if acc * 1.3 >= max_tokens * 0.9 or i == len(words) - 1:
                out.append((piece_start, start + w_end))
                piece_start = start + w_end
                while piece_start < end and text[piece_start].isspace():
                    piece_start += 1
                acc = 0
    return out
