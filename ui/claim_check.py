"""The "Check a claim" tab: a reader pastes a sentence and sees whether the indexed articles support it,
contradict it or say nothing about it, with the deciding sentence marked inside its source card; and the
`/check` API endpoint that returns the same JSON as `python -m rag verify`.

    handlers = build_claim_tab(settings, engine)  # inside a gr.Tab; then gr.api(handlers.check, api_name="check")
"""

from __future__ import annotations

import gradio as gr

from index.settings import Settings
from rag.reply.pipeline import Engine
from rag.verification.check import CONTRADICTED, NOT_FOUND, SUPPORTED, ClaimCheck, Quote, validate_claim
from rag.verification.checker import Checker
from ui.edge import ui_error, user_message
from ui.render import error_html, esc, token
from ui.sources import card_frame, highlight

EXAMPLES = [
    "NATO condemned North Korea's exports of artillery shells.",
    "South Korea and Japan have taken part in the NATO summit for five consecutive years.",
    "North Korea and Russia admitted they were in arms negotiations.",
    "Argentina won the 2022 World Cup final in Qatar.",
]
# verdict -> (mark, headline, what each evidence card shows)
LOOKS = {
    SUPPORTED: ("✓", "Supported by the articles", "supports the sentence"),
    CONTRADICTED: ("✗", "Contradicted by the articles", "contradicts the sentence"),
    NOT_FOUND: ("?", "Not found in the articles", ""),
}
PLACEHOLDER = ('<div class="nr-empty"><b>Check a claim</b><p>Paste a sentence from a news story, a post or an '
               "answer. The indexed articles are searched for it and the verifier says whether they support it, "
               "contradict it (a negation, an opposite, another number, date or place), or say nothing about it."
               "</p></div>")


def claim_html(sentence: str, result: ClaimCheck) -> str:
    """(sentence, its check) -> the verdict box: a coloured verdict, the sentence, the reason, and a source
    card per article with the window that decides marked. Every text is escaped.

    ("Trade fell.", ClaimCheck("contradicted", ...)) -> '<div class="nr-claimcheck nr-claim-contradicted">...'
    """
    mark, headline, _ = LOOKS.get(result.verdict, LOOKS[NOT_FOUND])
    kind = token(result.verdict) or "notfound"
    parts = [f'<div class="nr-claimcheck nr-claim-{kind}" data-verdict="{esc(result.verdict)}">',
             f'<div class="nr-claim-head"><span class="nr-claim-verdict nr-claim-verdict-{kind}">{mark} {headline}'
             f'</span></div><blockquote class="nr-claim-text">{esc(sentence)}</blockquote>',
             f'<div class="nr-claim-reason">{esc(result.reason)}</div>']
    if result.evidence:
        cards = "".join(evidence_card(q, n, result.verdict) for n, q in enumerate(result.evidence, 1))
        parts.append(f'<div class="nr-claim-cards">{cards}</div>')
    elif result.verdict == NOT_FOUND:
        parts.append('<p class="nr-hint">No indexed article states this or says otherwise. Try other words, or '
                     "add articles in the Corpus tab.</p>")
    parts.append("</div>")
    return "".join(parts)


def evidence_card(q: Quote, n: int, verdict: str) -> str:
    """One evidence window -> its source card (the chat's card frame) with the window in <mark> in its passage
    and a badge saying whether it supports or contradicts the sentence."""
    p, start, end = q
    stance = LOOKS.get(verdict, LOOKS[NOT_FOUND])[2]
    ok = verdict == SUPPORTED
    badge = (f'<div class="nr-claim-stance"><span class="nr-badge {"nr-ok" if ok else "nr-bad"}">'
             f'{"✓" if ok else "✗"} {esc(stance)}</span></div>') if stance else ""
    body = f'<div class="nr-passage">{highlight(p.text, [(start, end)])}</div>{badge}'
    return card_frame(f"claim-src-{n}", n, p.label, p.title or p.doc_id, p.url,
                      [p.author, p.published or "undated"], body, "nr-claim-card")


class ClaimHandlers:
    def __init__(self, engine: Engine, settings: Settings):
        self.settings = settings
        self.checker = Checker(settings, engine=engine)

    def show(self, sentence: str | None) -> str:
        """The tab's Check button: the sentence -> the verdict box, or a one-line message for bad input."""
        try:
            text = validate_claim(sentence, self.settings.max_question_chars)
            return claim_html(text, self.checker.search(text))
        except Exception as err:  # the edge: one line, never a traceback
            return error_html(user_message(err))

    def check(self, sentence: str) -> dict:
        """Check a sentence against the indexed articles. Returns {"supported", "verdict" ("supported",
        "contradicted" or "not found"), "reason", "evidence": [{"doc_id", "outlet", "quote", "start", "end"}]}:
        the JSON `python -m rag verify` prints, start/end being offsets of the quote in the retrieved passage."""
        try:
            return self.checker.search(validate_claim(sentence, self.settings.max_question_chars)).to_dict()
        except Exception as err:
            raise ui_error(err) from None


def build_claim_tab(settings: Settings, engine: Engine) -> ClaimHandlers:
    """The tab's controls (inside the current gr.Tab) and their events -> the handlers (`check` serves the API)."""
    handlers = ClaimHandlers(engine, settings)
    gr.Markdown("Paste one sentence: the articles are searched for it and each retrieved passage is checked "
                "against it. **Supported**: a passage states it. **Contradicted**: a passage about the same thing "
                "says the opposite or gives another number, date or place. **Not found**: the articles say "
                "nothing about it.")
    with gr.Row(equal_height=True, elem_id="nr-claimrow"):
        box = gr.Textbox(placeholder="Paste a sentence to check, e.g. NATO condemned North Korea's exports of "
                         "artillery shells.", show_label=False, lines=2, max_lines=6, elem_id="nr-claim",
                         max_length=settings.max_question_chars, scale=8, container=False)
        button = gr.Button("Check", variant="primary", scale=1, min_width=90, elem_id="nr-check")
    gr.Examples(EXAMPLES, [box], label="Examples")
    result = gr.HTML(PLACEHOLDER, elem_id="nr-claim-result", padding=False)
    for trigger in (box.submit, button.click):
        trigger(handlers.show, [box], [result], api_visibility="private", concurrency_id="check",
                concurrency_limit=1, show_progress="minimal")
    return handlers
