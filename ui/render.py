"""Answer -> safe HTML for the chat bubble. Every piece of model, article or user text goes through `esc`.

Model output is data, never markup: no raw HTML, no images, and the only links on the page point to the
source cards (`#src-T-N`) or to a source's own http(s) url. The chatbot renders these strings with markdown
turned off, so markdown syntax in model text (`![x](http://evil)`) stays literal text too.
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit

from rag.answer import Answer, Citation, Sentence

MODE_NOTES = {
    "extractive": "Quoted from the sources: these article sentences answer the question better than anything "
                  "in the model's draft that could be verified.",
}


def esc(text: object) -> str:
    """Any text -> HTML-inert text. '<img src=x onerror=alert(1)>' -> '&lt;img src=x onerror=alert(1)&gt;'"""
    return html.escape("" if text is None else str(text), quote=True)


def safe_url(url: str | None) -> str:
    """A source url -> itself when it is plain http(s) with a host, else "". "javascript:alert(1)" -> "" """
    url = (url or "").strip()
    if not url or any(ch in url for ch in "\"'<> \n\r\t\\"):
        return ""
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.netloc else ""


def card_id(turn: int, n: int) -> str:
    """(turn 2, card 1) -> "src-2-1": the anchor a citation chip points at."""
    return f"src-{turn}-{n}"


def card_numbers(answer: Answer) -> dict[str, int]:
    """Cited doc_ids in order of first citation -> card number (1-based). One card per cited article."""
    numbers: dict[str, int] = {}
    for c in answer.citations:
        if c.doc_id and c.doc_id not in numbers:
            numbers[c.doc_id] = len(numbers) + 1
    return numbers


def chip(c: Citation, turn: int, n: int) -> str:
    """A citation -> a compact outlet chip linking to its source card."""
    target = card_id(turn, n)
    status = "supported by" if c.supported else "not supported by"
    tip = f"{status} {c.outlet}: {c.title}" if c.title else f"{status} {c.outlet}"
    cls = "nr-cite" if c.supported else "nr-cite nr-cite-weak"
    return (f'<a class="{cls}" href="#{target}" data-target="{target}" title="{esc(tip)}">'
            f'<span class="nr-cite-n">{n}</span>{esc(short(c.outlet))}</a>')


def short(label: str, limit: int = 28) -> str:
    """A chip label stays compact: "Tasman Link power cable between Nelson and Golden Bay" -> "Tasman Link power cable…" """
    label = " ".join(label.split())
    return label if len(label) <= limit else label[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-") + "…"


def sentence_html(s: Sentence, turn: int, numbers: dict[str, int], flag_unsupported: bool) -> str:
    chips, seen = [], set()
    for c in s.citations:
        if c.doc_id in seen or c.doc_id not in numbers:
            continue
        seen.add(c.doc_id)
        chips.append(chip(c, turn, numbers[c.doc_id]))
    flag = ""
    if flag_unsupported and not s.supported:
        flag = f' <span class="nr-flag" title="{esc(s.reason)}">not supported by the sources</span>'
    cls = "nr-s" if s.supported or not flag_unsupported else "nr-s nr-s-unsupported"
    return f'<span class="{cls}">{esc(s.text)}</span>{" " + " ".join(chips) if chips else ""}{flag}'


def answer_html(answer: Answer, turn: int) -> str:
    """The verified answer -> the chat bubble: sentences with outlet chips, flags, conflicts, removed lines."""
    if answer.abstained:
        return abstained_html(answer)
    numbers = card_numbers(answer)
    body = " ".join(sentence_html(s, turn, numbers, True) for s in answer.sentences)
    parts = [f'<div class="nr-answer nr-mode-{esc(answer.mode)}">']
    if answer.mode in MODE_NOTES:
        parts.append(f'<div class="nr-modenote">{esc(MODE_NOTES[answer.mode])}</div>')
    parts.append(f'<p class="nr-text">{body}</p>')
    parts.append(conflicts_html(answer))
    parts.append(dropped_html(answer))
    parts.append(note_html(answer))
    parts.append("</div>")
    return "".join(p for p in parts if p)


def abstained_html(answer: Answer) -> str:
    text = " ".join(s.text for s in answer.sentences) or "The articles do not cover this."
    return ('<div class="nr-answer nr-abstained"><div class="nr-abstain-title">Not found in the articles</div>'
            f'<p>{esc(text)}</p><p class="nr-hint">Try other words, widen the filters, or add articles in the '
            "Corpus tab.</p>" + note_html(answer) + "</div>")


def relevant_conflicts(answer: Answer) -> list[dict]:
    """Conflicts that touch an article the answer cites; the others are about facts the answer does not state."""
    cited = {c.doc_id for c in answer.citations}
    return [x for x in answer.conflicts if cited & {c.get("doc_id") for c in x.get("claims", [])}]


def conflicts_html(answer: Answer) -> str:
    """Conflicts -> a warning box naming each side with its outlet and quote."""
    conflicts = relevant_conflicts(answer)
    if not conflicts:
        return ""
    items = []
    for conflict in conflicts:
        sides = "".join(
            f'<li><b>{esc(c.get("outlet") or "unknown outlet")}</b>: {esc(c.get("value", ""))}'
            f'<span class="nr-quote">“{esc(c.get("quote", ""))}”</span></li>'
            for c in conflict.get("claims", [])
        )
        items.append(f'<div class="nr-conflict-topic">Sources disagree on {esc(conflict.get("topic") or "a fact")}'
                     f"</div><ul>{sides}</ul>")
    return f'<div class="nr-conflict">{"".join(items)}</div>'


def dropped_html(answer: Answer) -> str:
    """Model sentences the verifier removed -> a collapsed list, so nothing is hidden silently."""
    if not answer.dropped:
        return ""
    n = len(answer.dropped)
    rows = "".join(f'<li><s>{esc(s.text)}</s> <span class="nr-reason">({esc(s.reason or "not supported")})</span>'
                   "</li>" for s in answer.dropped)
    label = f"{n} sentence{'s' if n > 1 else ''} removed: not supported by the sources"
    return f'<details class="nr-dropped"><summary>{label}</summary><ul>{rows}</ul></details>'


def note_html(answer: Answer) -> str:
    bits = []
    if answer.partial:
        bits.append("The model stopped early; this answer is partial.")
    if answer.note:
        bits.append(answer.note)
    return f'<div class="nr-note">{esc(" ".join(bits))}</div>' if bits else ""


def draft_html(draft: str, status: str = "writing") -> str:
    """The model's unverified draft while it streams, clearly marked as such."""
    label = {"writing": "Draft, not yet checked against the sources",
             "checking citations": "Checking every sentence against the sources…",
             "searching": "Searching the articles…"}.get(status, esc(status))
    text = f'<div class="nr-draft-text">{esc(draft)}</div>' if draft.strip() else ""
    return f'<div class="nr-draft"><div class="nr-draft-label"><span class="nr-spinner"></span>{label}</div>{text}</div>'


def error_html(message: str) -> str:
    return f'<div class="nr-error">{esc(message)}</div>'


def stopped_html() -> str:
    return '<div class="nr-note">Stopped. The unverified draft was discarded.</div>'
