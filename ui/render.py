"""Answer -> safe HTML for the chat bubble. Every piece of model, article or user text goes through `esc`.

Model output is data, never markup: no raw HTML, no images, and the only links on the page point to the
source cards (`#src-T-N`) or to a source's own http(s) url. The chatbot renders these strings with markdown
turned off, so markdown syntax in model text (`![x](http://evil)`) stays literal text too.

A bubble leads with the answer: a headline (the lead: "Fumio Kishida.", a Yes/No badge with its quote, the
provenance fact, or a note saying what the articles do not state), then the evidence quotes; a timeline is an
ordered list; conflicts are boxed. While the model writes, only sentences that passed verification are added.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import replace
from urllib.parse import urlsplit

from rag.answer import Answer, Citation, Sentence

MODE_NOTES = {
    "extractive": "Quoted from the sources: these article sentences answer the question better than anything "
                  "in the model's draft that could be verified.",
}
# The answer itself: the lead, or for "which outlet / who wrote / when published" the metadata sentence.
LEAD_REASONS = ("lead", "outlet", "author", "agency", "date")
KINDS = (*LEAD_REASONS, "partial", "timeline", "conflict")
VERDICTS = {"yes": "Yes", "no": "No"}
STATUS = {"searching": "Searching the articles…",
          "writing": "The model is writing: its sentences appear only once checked against the sources",
          "checking citations": "Checking the whole answer against the sources…"}


def esc(text: object) -> str:
    """Any text -> HTML-inert text. '<img src=x onerror=alert(1)>' -> '&lt;img src=x onerror=alert(1)&gt;'"""
    return html.escape("" if text is None else str(text), quote=True)


def token(text: str) -> str:
    """A value used in a class name -> letters, digits, '_' and '-' only. "yes_no" -> "yes_no"; '"x y' -> "xy" """
    return re.sub(r"[^a-z0-9_-]", "", (text or "").lower())


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


def chips_html(s: Sentence, turn: int, numbers: dict[str, int]) -> str:
    """A sentence's citations -> its outlet chips, one per cited article, preceded by a space ("" when none)."""
    chips, seen = [], set()
    for c in s.citations:
        if c.doc_id in seen or c.doc_id not in numbers:
            continue
        seen.add(c.doc_id)
        chips.append(chip(c, turn, numbers[c.doc_id]))
    return " " + " ".join(chips) if chips else ""


def sentence_html(s: Sentence, turn: int, numbers: dict[str, int], flag_unsupported: bool, extra: str = "",
                  text: str | None = None) -> str:
    """A sentence -> its text (or `text`, a display form of it) with its chips and, when unsupported, a flag."""
    flag = ""
    if flag_unsupported and not s.supported:
        flag = f' <span class="nr-flag" title="{esc(s.reason)}">not supported by the sources</span>'
    cls = "nr-s" if s.supported or not flag_unsupported else "nr-s nr-s-unsupported"
    cls += f" {extra}" if extra else ""
    return f'<span class="{cls}">{esc(s.text if text is None else text)}</span>{chips_html(s, turn, numbers)}{flag}'


def kind(s: Sentence) -> str:
    """What a sentence is in the bubble: "lead", "partial", "timeline", "conflict" or "" (evidence)."""
    if not s.supported or s.reason not in KINDS:
        return ""
    return "lead" if s.reason in LEAD_REASONS else s.reason


def verdict(answer: Answer) -> str:
    """ "yes" / "no" when the answer is a Yes/No (its short answer), else "". """
    word = token(answer.short_answer)
    return word if word in VERDICTS and any(kind(s) == "lead" for s in answer.sentences) else ""


def answer_html(answer: Answer, turn: int, live: Sequence[Sentence] = (), status: str = "") -> str:
    """The answer -> the chat bubble: the lead as a headline (a Yes/No badge, a partial-answer note), the
    evidence under it with outlet chips, a timeline as an ordered list, conflicts boxed, removed lines listed.

    `live` sentences (verified model sentences while the rest is still being checked) and a `status` line are
    shown while the answer streams."""
    if answer.abstained:
        return abstained_html(answer)
    numbers = card_numbers(answer)
    fresh = {id(s) for s in live}
    groups: dict[str, list[Sentence]] = {}
    for s in answer.sentences:
        groups.setdefault("live" if id(s) in fresh else kind(s), []).append(s)
    word = verdict(answer)
    classes = ["nr-answer", f"nr-mode-{token(answer.mode)}", f"nr-type-{token(answer.answer_type) or 'text'}",
               f"nr-{token(answer.answerability) or 'full'}"]
    classes += [f"nr-says-{word}"] if word else []
    classes += ["nr-disputed"] if groups.get("conflict") else []
    classes += ["nr-streaming"] if status else []
    parts = [f'<div class="{" ".join(classes)}">']
    parts.append(head_html(groups.get("lead", []), groups.get("partial", []), word, turn, numbers))
    parts.append(timeline_html(groups.get("timeline", []), turn, numbers))
    if groups.get(""):
        body = " ".join(sentence_html(s, turn, numbers, True) for s in groups[""])
        parts.append(f'<div class="nr-evidence"><p class="nr-text">{body}</p></div>')
    parts.append(disputes_html(groups.get("conflict", []), turn, numbers))
    if not groups.get("conflict"):  # answers that state no conflict sentence still show their conflicts
        parts.append(conflicts_html(answer))
    parts.append(live_html(groups.get("live", []), turn, numbers))
    if answer.mode in MODE_NOTES and not status and "first_token_s" in answer.timings:  # the model did write
        parts.append(f'<div class="nr-modenote">{esc(MODE_NOTES[answer.mode])}</div>')
    parts.append(status_html(status) if status else dropped_html(answer))
    parts.append(note_html(answer))
    parts.append("</div>")
    return "".join(p for p in parts if p)


def streaming_html(lead: Answer, verified: Sequence[Sentence], turn: int, status: str) -> str:
    """The verified lead plus the model sentences verified so far, marked as still being checked."""
    return answer_html(provisional(lead, verified), turn, verified, status)


def provisional(lead: Answer, verified: Sequence[Sentence]) -> Answer:
    """The lead answer with the verified model sentences appended: what the reader sees while it streams."""
    return replace(lead, sentences=[*lead.sentences, *verified]) if verified else lead


def head_html(leads: list[Sentence], notes: list[Sentence], word: str, turn: int, numbers: dict[str, int]) -> str:
    """The headline: a Yes/No badge and its quote, an entity or provenance lead, or a partial-answer note."""
    parts = []
    if leads:
        badge = (f'<span class="nr-verdict nr-verdict-{word}" title="the answer, decided against the quoted '
                 f'sentence">{VERDICTS[word]}</span> ') if word else ""
        cls = "nr-lead-text nr-lead-quote" if word else "nr-lead-text"
        shown = " ".join(sentence_html(s, turn, numbers, False, cls, _after_verdict(s.text, word))
                         for s in leads)
        parts.append(f'<div class="nr-lead">{badge}{shown}</div>')
    for s in notes:
        parts.append('<div class="nr-lead nr-partial-note"><span class="nr-partial-label">Partial answer</span> '
                     f"{sentence_html(s, turn, numbers, False, 'nr-lead-text')}</div>")
    return f'<div class="nr-head">{"".join(parts)}</div>' if parts else ""


def _after_verdict(text: str, word: str) -> str | None:
    """ "Yes — Kishida also expressed ..." beside a Yes badge -> "Kishida also expressed ..."; else None (as is)."""
    if not word:
        return None
    m = re.match(rf"\s*{VERDICTS[word]}\s*[—–:,.-]\s*", text)
    rest = text[m.end():] if m else text
    return rest[:1].upper() + rest[1:] if rest else None


def timeline_html(entries: list[Sentence], turn: int, numbers: dict[str, int]) -> str:
    """ "November 2022 — <quote>" entries (oldest first) -> an ordered list, each with its date and outlet."""
    if not entries:
        return ""
    items = []
    for s in entries:
        when, sep, quote = s.text.partition(" — ")
        when, quote = (when, quote) if sep else ("", s.text)
        outlets = ", ".join(dict.fromkeys(short(c.outlet, 48) for c in s.citations if c.outlet))
        items.append(f'<li class="nr-tl-entry"><div class="nr-tl-head"><span class="nr-tl-date">{esc(when)}</span>'
                     f'<span class="nr-tl-outlet">{esc(outlets)}</span></div>'
                     f"{sentence_html(s, turn, numbers, False, 'nr-tl-text', quote)}</li>")
    return f'<ol class="nr-timeline">{"".join(items)}</ol>'


def disputes_html(sentences: list[Sentence], turn: int, numbers: dict[str, int]) -> str:
    """ "Sources disagree (...): A says X; B says Y." sentences -> a warning box, each side's outlet chipped."""
    if not sentences:
        return ""
    rows = "".join(f'<div class="nr-conflict-s">{sentence_html(s, turn, numbers, False)}</div>' for s in sentences)
    return f'<div class="nr-conflict">{rows}</div>'


def live_html(sentences: list[Sentence], turn: int, numbers: dict[str, int]) -> str:
    """Model sentences that passed verification while the rest of the answer is still being checked."""
    if not sentences:
        return ""
    body = " ".join(sentence_html(s, turn, numbers, True, "nr-s-live") for s in sentences)
    return ('<div class="nr-live"><div class="nr-live-label">Verified, still checking the rest</div>'
            f'<p class="nr-text">{body}</p></div>')


def status_html(status: str) -> str:
    return f'<div class="nr-status">{esc(STATUS.get(status, status))}</div>'


def pending_html(status: str = "searching") -> str:
    """The bubble before the verified lead is known: a status line, never any model text."""
    return f'<div class="nr-pending">{status_html(status)}</div>'


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


def error_html(message: str) -> str:
    return f'<div class="nr-error">{esc(message)}</div>'


def stopped_html(shown: Answer | None = None, turn: int = 0) -> str:
    """After Stop: what was already verified stays; nothing the model wrote after it is shown."""
    note = ('<div class="nr-note nr-stopped">Stopped. Only what had been checked against the sources is shown; '
            "the rest of the model's draft was discarded.</div>")
    return note if shown is None or shown.abstained else answer_html(shown, turn) + note
