"""Questions about the articles themselves, answered from article metadata rather than from the story text:
who wrote it (the byline the cleaner takes out of the text), which outlet carried it, which wire agency it
credits, when it was published. Each answer sentence cites the article whose metadata it states.

Which article: the one whose author, outlet or title the question names (in any case: "the piece by anna j.
park"), else the article of the best quote on the question's topic.
"""

from __future__ import annotations

import re

from rag.answer import Citation, Passage, Sentence
from rag.language.words import name_key
from rag.question.analysis import Question

MAX_ARTICLES = 3  # metadata sentences shown for one question


def provenance(q: Question, passages: list[Passage], answer: list[Sentence],
               articles: dict[str, dict]) -> tuple[str, list[Sentence]]:
    """(question, passages, the topical answer's sentences, doc_id -> metadata) -> (short answer, sentences
    stating the metadata); ("", []) when it is not a metadata question or the metadata does not say.

    (analyse("Which outlet reported Yoon's call in Laos?"), ..., [Sentence(.., [Citation("The Odessa Journal",
    "003")])], ...) -> ("The Odessa Journal", [Sentence("Reported by The Odessa Journal.", ...)])
    """
    if q.answer_type != "provenance":
        return "", []
    named = _named(q.text, articles)
    # the first topical sentence whose articles say (an article of no known outlet leaves it to the next)
    groups = [named] if named else [_cited([s], passages) for s in answer] or [_cited([], passages)]
    values: list[tuple[str, dict]] = []
    for docs in groups:
        for doc_id in docs:
            meta = {**_from_passage(doc_id, passages), **articles.get(doc_id, {})}
            value = _value(q.provenance, meta)
            if not value and named and q.provenance == "outlet" and meta.get("title"):
                value = f"an article naming no outlet (\"{meta['title']}\")"  # "which reports are dated ...?": all
            if value and value not in [v for v, _ in values]:
                values.append((value, meta))
        if values:
            break
    if not values:
        return "", []
    values.sort(key=lambda vm: vm[0].startswith("an article naming no outlet"))  # the outlets named first
    shown = values[:MAX_ARTICLES]
    sentences = [Sentence(_say(q.provenance, v, m), [_cite(m, passages)], supported=True, reason=q.provenance)
                 for v, m in shown]
    return join_names([v for v, _ in shown]), sentences


def named_article(q: Question, articles: dict[str, dict]) -> bool:
    """A metadata question naming an article's author or outlet ("the piece by anna j. park")."""
    return q.answer_type == "provenance" and bool(_named(q.text, articles))


def _from_passage(doc_id: str, passages: list[Passage]) -> dict:
    """What a retrieved passage carries of its article's metadata."""
    p = next((p for p in passages if p.doc_id == doc_id), None)
    if p is None:
        return {"doc_id": doc_id}
    return {"doc_id": doc_id, "outlet": p.outlet, "title": p.title, "author": p.author, "published": p.published,
            "url": p.url}


def _value(field: str, meta: dict) -> str:
    if field == "outlet":
        return meta.get("outlet", "") if meta.get("outlet") not in (None, "", "unknown") else ""
    if field == "agency":
        return meta.get("credit", "")
    if field == "date":
        return meta.get("published", "")
    return meta.get(field, "")


def _say(field: str, value: str, meta: dict) -> str:
    title = meta.get("title") or meta.get("doc_id", "")
    if field == "author":
        return f"The article \"{title}\" is by {value}."
    if field == "agency":
        return f"{meta.get('outlet') or title} credits {value} for this report."
    if field == "date":
        return f"The article \"{title}\" was published on {value}."
    if field == "title":
        return f"The {meta.get('outlet') or 'unattributed'} article is headlined \"{value}\"."
    if value.startswith("an article naming no outlet"):
        return f"The article \"{title}\" names no outlet."
    return f"Reported by {value}."


def _named(question: str, articles: dict[str, dict]) -> list[str]:
    """Articles whose author or outlet the question names, or whose date it gives, ignoring case.
    ("which outlet ran the piece by anna j. park?", ...) -> ["002_..."]"""
    words = f" {name_key(question)} "
    dates = set(_iso_dates(question))
    out = []
    for doc_id, meta in articles.items():
        for field in ("author", "outlet"):
            value = meta.get(field) or ""
            key = name_key(re.sub(r"^the\s+", "", value, flags=re.I))
            if value not in ("", "unknown") and key and key not in _NOT_NAMES and f" {key} " in words:
                out.append(doc_id)
                break
        else:
            if meta.get("published") and meta["published"][:10] in dates:
                out.append(doc_id)
    return out


# Bylines and mastheads that are words every question may use: "News", "Staff", "Editorial Board".
# Kept in the form questions are compared in ("news" -> "new").
_NOT_NAMES = {name_key(w) for w in ("news", "staff", "editor", "editorial", "editorial board", "reporter", "desk",
                                    "news desk", "wire", "agency", "agencies", "online", "web", "admin", "team",
                                    "newsroom")}
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def _iso_dates(text: str) -> list[str]:
    """ "the sep 4, 2024 story" -> ["2024-09-04"]; "published 2024-09-04" -> ["2024-09-04"]"""
    out = re.findall(r"\b(20\d\d-\d\d-\d\d)\b", text)
    for m in re.finditer(r"\b(" + "|".join(_MONTHS) + r")[a-z]*\.?\s+(\d{1,2}),?\s+(20\d\d)\b", text, re.I):
        out.append(f"{m.group(3)}-{_MONTHS.index(m.group(1).lower()[:3]) + 1:02d}-{int(m.group(2)):02d}")
    return out


def _cited(answer: list[Sentence], passages: list[Passage]) -> list[str]:
    """The articles the topical answer quotes, first sentence first; else the top passages' articles."""
    ids = [c.doc_id for s in answer for c in s.citations]
    return list(dict.fromkeys(ids or [p.doc_id for p in passages[:1]]))


def _cite(meta: dict, passages: list[Passage]) -> Citation:
    p = next((p for p in passages if p.doc_id == meta.get("doc_id")), None)
    outlet = meta.get("outlet") if meta.get("outlet") not in (None, "", "unknown") else meta.get("title", "")
    quote = f"By {meta['author']}" if meta.get("author") else (p.text[:120] if p else "")
    return Citation(outlet=outlet or meta.get("doc_id", ""), doc_id=meta.get("doc_id", ""),
                    title=meta.get("title", ""), published=meta.get("published", ""), url=meta.get("url", ""),
                    quote=quote, supported=True, chunk_id=p.chunk_id if p else "")


def join_names(names: list[str]) -> str:
    """[] -> ""; ["A"] -> "A"; ["A", "B", "C"] -> "A, B and C" """
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
