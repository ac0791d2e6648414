"""Answer -> the Sources panel: one card per cited article with the supporting sentence highlighted in its
passage and a support badge per citation; the other retrieved passages collapsed below."""

from __future__ import annotations

from dataclasses import dataclass

from rag.answer import Answer, Citation, Passage, Sentence
from ui.render import card_id, card_numbers, esc, safe_url

PLACEHOLDER = ('<div class="nr-empty"><b>Sources</b><p>Ask a question: every sentence of the answer carries '
               "outlet chips. Click one to see the article passage it rests on, with the supporting sentence "
               "highlighted.</p></div>")


@dataclass
class Span:
    """A passage as shown in a card: its text and where it sits in the article's cleaned text."""

    chunk_id: str
    text: str
    start: int
    end: int
    author: str = ""


def highlight(text: str, spans: list[tuple[int, int]]) -> str:
    """Text + (start, end) spans -> escaped HTML with each span in <mark>; overlaps merge, bad spans drop.

    ("Trade doubled. Yoon met Luxon.", [(15, 30)]) -> "Trade doubled. <mark>Yoon met Luxon.</mark>"
    """
    good = sorted((max(0, s), min(len(text), e)) for s, e in spans if e > s and s < len(text) and e > 0)
    merged: list[list[int]] = []
    for s, e in good:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out, pos = [], 0
    for s, e in merged:
        out.append(esc(text[pos:s]) + f"<mark>{esc(text[s:e])}</mark>")
        pos = e
    return "".join(out) + esc(text[pos:])


def local_span(span: Span, c: Citation) -> tuple[int, int] | None:
    """Where a citation's quote sits inside a shown passage: by offsets when they agree, else by search."""
    if span.start <= c.start < c.end <= span.end:
        s, e = c.start - span.start, c.end - span.start
        if _same(span.text[s:e], c.quote):
            return s, e
    if c.quote:
        found = span.text.find(c.quote)
        if found >= 0:
            return found, found + len(c.quote)
    return None


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def passages_by_chunk(answer: Answer) -> dict[str, Span]:
    """Every retrieved passage and syndicated copy, by chunk_id."""
    out: dict[str, Span] = {}
    for p in answer.sources:
        out.setdefault(p.chunk_id, Span(p.chunk_id, p.text, p.start, p.end, p.author))
        for c in p.also:
            if c.get("chunk_id") and c.get("text"):
                out.setdefault(c["chunk_id"], Span(c["chunk_id"], c["text"], int(c.get("start", 0)),
                                                   int(c.get("end", 0)), c.get("author", "")))
    return out


def badge(supported: bool) -> str:
    if supported:
        return '<span class="nr-badge nr-ok" title="the sentence is backed by this passage">✓ supported</span>'
    return '<span class="nr-badge nr-bad" title="the passage does not back the sentence">✗ not supported</span>'


def card_html(answer: Answer, turn: int, n: int, doc_id: str, uses: list[tuple[Sentence, Citation]],
              chunks: dict[str, Span]) -> str:
    """One cited article -> its card: outlet, title (linked when the url is known), byline, date, passages
    with the cited sentences marked, and each citing sentence with its support badge."""
    first = uses[0][1]
    by_chunk: dict[str, list[Citation]] = {}
    for _, c in uses:
        by_chunk.setdefault(c.chunk_id, []).append(c)
    author = next((chunks[cid].author for cid in by_chunk if cid in chunks and chunks[cid].author), "")
    blocks = []
    for cid, cites in by_chunk.items():
        span = chunks.get(cid)
        marks = [m for m in (local_span(span, c) for c in cites) if m] if span else []
        if span and marks:
            blocks.append(f'<div class="nr-passage">{highlight(span.text, marks)}</div>')
        else:  # the passage is not among the retrieved ones: show the quoted sentence itself
            quotes = "".join(f"<mark>{esc(c.quote)}</mark> " for c in cites if c.quote)
            blocks.append(f'<div class="nr-passage">{quotes}</div>')
    claims = "".join(f'<li>{badge(c.supported)} <span class="nr-claim">{esc(s.text)}</span></li>'
                     for s, c in _unique_uses(uses))
    return card_frame(card_id(turn, n), n, first.outlet, first.title or doc_id, first.url,
                      [author, first.published or "undated"], "".join(blocks) + f'<ul class="nr-claims">{claims}</ul>')


def card_frame(anchor: str, n: int, outlet: str, title: str, url: str, byline: list[str], body: str,
               extra_class: str = "") -> str:
    """What every source card shows around its passages: number and outlet ("Outlet not named in the article"
    when the outlet label is the title), the title linked when its url is plain http(s), the byline, then
    `body` (already HTML). Every text is escaped here.

    ("src-0-1", 1, "AP", "Trade doubled", "", ["", "2024-09-04"], "<p>..</p>") -> '<article class="nr-card" ...'
    """
    safe = safe_url(url)
    title_html = (f'<a href="{esc(safe)}" target="_blank" rel="noopener noreferrer nofollow">{esc(title)}</a>'
                  if safe else esc(title))
    outlet_html = (f'<span class="nr-outlet">{esc(outlet)}</span>' if outlet != title
                   else '<span class="nr-outlet nr-unknown">Outlet not named in the article</span>')
    cls = f"nr-card {extra_class}".strip()
    return (f'<article class="{esc(cls)}" id="{esc(anchor)}">'
            f'<div class="nr-card-head"><span class="nr-num">{n}</span>{outlet_html}</div>'
            f'<div class="nr-card-title">{title_html}</div>'
            f'<div class="nr-byline">{" · ".join(esc(x) for x in byline if x)}</div>{body}</article>')


def _unique_uses(uses: list[tuple[Sentence, Citation]]) -> list[tuple[Sentence, Citation]]:
    seen, out = set(), []
    for s, c in uses:
        if s.text not in seen:
            seen.add(s.text)
            out.append((s, c))
    return out


def other_html(answer: Answer, cited_chunks: set[str]) -> str:
    """Retrieved passages no sentence cites -> one collapsed list."""
    rest = [p for p in answer.sources if p.chunk_id not in cited_chunks]
    if not rest:
        return ""
    items = "".join(_other_item(p) for p in rest)
    return (f'<details class="nr-other"><summary>{len(rest)} other retrieved passage'
            f'{"s" if len(rest) > 1 else ""}</summary>{items}</details>')


def _other_item(p: Passage) -> str:
    text = p.text if len(p.text) <= 600 else p.text[:600].rstrip() + "…"
    also = f" (also carried by {esc(', '.join(p.labels[1:]))})" if len(p.labels) > 1 else ""
    return (f'<div class="nr-other-item"><div class="nr-other-head"><b>{esc(p.label)}</b>{also} · '
            f'{esc(p.title)} · {esc(p.published or "undated")}</div><div class="nr-other-text">{esc(text)}</div></div>')


def answer_sources_html(answer: Answer, turn: int) -> str:
    """One answer -> its cards (cited articles in chip order) and the uncited passages collapsed."""
    numbers = card_numbers(answer)
    uses: dict[str, list[tuple[Sentence, Citation]]] = {d: [] for d in numbers}
    for s in answer.sentences:
        for c in s.citations:
            if c.doc_id in uses:
                uses[c.doc_id].append((s, c))
    chunks = passages_by_chunk(answer)
    cards = [card_html(answer, turn, n, d, uses[d], chunks) for d, n in numbers.items() if uses[d]]
    if not cards:
        head = ('<div class="nr-none">No source backs an answer to this question.</div>' if answer.abstained
                else '<div class="nr-none">No citations.</div>')
        cards = [head]
    cited = {c.chunk_id for c in answer.citations}
    return "".join(cards) + other_html(answer, cited)


def panel_html(turns: list[dict]) -> str:
    """Chat turns [{"question", "answer": Answer | None, "live": Answer | None}] -> the panel: the newest answer's sources open,
    earlier answers' sources collapsed (their chips still open them)."""
    if not turns:
        return PLACEHOLDER
    parts = []
    for turn in range(len(turns) - 1, -1, -1):
        question = turns[turn]["question"]
        answer = turns[turn].get("answer") or turns[turn].get("live")  # final, or verified so far / at a stop
        if answer is None:  # still searching, or stopped / failed before the lead
            working = "nr-pending" in turns[turn].get("html", "nr-pending")
            body = f'<div class="nr-none">{"Searching the articles…" if working else "No answer."}</div>'
        else:
            body = answer_sources_html(answer, turn)
        heading = f'<div class="nr-q">Sources for <q>{esc(question)}</q></div>'
        if turn == len(turns) - 1:
            parts.append(f'<section class="nr-turn nr-latest" id="turn-{turn}">{heading}{body}</section>')
        else:
            parts.append(f'<details class="nr-turn" id="turn-{turn}"><summary>Earlier: <q>{esc(question)}</q>'
                         f"</summary>{body}</details>")
    return '<div class="nr-panel">' + "".join(parts) + "</div>"
