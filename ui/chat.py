"""The chat's event handlers: question -> verified lead -> verified sentences -> final answer, plus stop,
clear, thumbs and /ask.

A chat turn is {"question", "answer": Answer | None, "live": the verified part shown while it streams, "html":
the bubble}; the Chatbot's messages are always rebuilt from the turns, two messages per turn, so a message index
maps to its turn (index // 2).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import gradio as gr

from index.errors import NewsragError, UserError
from index.settings import Settings
from rag.question.query import validate_question
from rag.reply.pipeline import Engine
from rag.retrieval.hybrid import Filters
from ui.edge import log, ui_error, user_message
from ui.feedback import feedback_record, save_feedback, vote_of
from ui.render import answer_html, error_html, esc, pending_html, provisional, stopped_html, streaming_html
from ui.sources import PLACEHOLDER, panel_html

# An API client's conversation: the engine reads the latest turns only, so older ones and very long texts
# would cost time and buy nothing.
MAX_HISTORY, MAX_TURN_CHARS = 10, 4000


def parse_day(value: object, label: str) -> int:
    """A date field -> yyyymmdd (0 when empty). "2024-09-04" -> 20240904; "soon" -> UserError"""
    text = str(value or "").strip()
    if not text:
        return 0
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?", text)
    if not m or not (1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31):
        raise UserError(f"the {label} date {text!r} is not a date: use YYYY-MM-DD")
    return int(m.group(1)) * 10000 + int(m.group(2)) * 100 + int(m.group(3))


def make_filters(outlets: list[str] | None, date_from: object, date_to: object) -> Filters | None:
    """The filter controls -> Filters, or None when nothing is restricted."""
    start, end = parse_day(date_from, "from"), parse_day(date_to, "to")
    if start and end and start > end:
        raise UserError("the 'from' date is after the 'to' date")
    if not outlets and not start and not end:
        return None
    return Filters(outlets=list(outlets) if outlets else None, date_from=start, date_to=end)


def messages_of(turns: list[dict]) -> list[dict]:
    """Turns -> Chatbot messages (Gradio 6 messages format). Questions are escaped like everything else."""
    out = []
    for t in turns:
        out.append({"role": "user", "content": esc(t["question"])})
        out.append({"role": "assistant", "content": t["html"]})
    return out


def history_of(turns: list[dict]) -> list[tuple[str, str]]:
    """Earlier turns -> the (question, answer text) pairs the engine resolves follow-ups against; a stopped
    turn counts with what it had verified."""
    out = []
    for t in turns:
        shown = t.get("answer") or t.get("live")
        if shown is not None:
            out.append((t["question"], shown.text))
    return out


def parse_history(history: object, limit: int = MAX_HISTORY) -> list[tuple[str, str]]:
    """An API client's history -> (question, answer) pairs, the last `limit` turns, each text clipped.

    [["When did Luxon take office?", "November 2022."]] -> [("When did Luxon take office?", "November 2022.")]
    None -> []; [["only a question"]] -> UserError
    """
    if history in (None, "", []):
        return []
    if not isinstance(history, (list, tuple)):
        raise UserError("history must be a list of [question, answer] pairs")
    pairs = []
    for item in history:
        if not (isinstance(item, (list, tuple)) and len(item) == 2 and all(isinstance(x, str) for x in item)):
            raise UserError("history must be a list of [question, answer] pairs (two strings each)")
        pairs.append((item[0][:MAX_TURN_CHARS], item[1][:MAX_TURN_CHARS]))
    return pairs[-limit:]


class ChatHandlers:
    def __init__(self, engine: Engine, settings: Settings):
        self.engine = engine
        self.settings = settings

    def accept(self, question: str) -> tuple[str, str]:
        """Textbox -> (cleared textbox, the question to answer); a bad question stops here with a message."""
        try:
            return "", validate_question(question, self.settings.max_question_chars)
        except NewsragError as err:
            raise ui_error(err) from None

    def pick_example(self, data: gr.SelectData) -> str:
        value = data.value
        return value.get("text", "") if isinstance(value, dict) else str(value)

    def respond(self, question: str, turns: list[dict] | None, outlets: list[str] | None, date_from: object,
                date_to: object, k: float, use_llm: bool) -> Iterator[tuple[list[dict], str, list[dict]]]:
        """Stream one turn: the verified lead as soon as it is known, each model sentence once it passes
        verification, then the final answer replacing it all. The model's raw tokens are never shown."""
        turns = list(turns or [])
        if not question:
            yield messages_of(turns), panel_html(turns), turns
            return
        turn = {"question": question, "answer": None, "live": None, "html": pending_html("searching")}
        turns.append(turn)
        index = len(turns) - 1
        yield messages_of(turns), panel_html(turns), turns
        try:
            filters = make_filters(outlets, date_from, date_to)
            lead, verified, status = None, [], "writing"
            for event in self.engine.stream(question, history=history_of(turns[:-1]), k=int(k) if k else None,
                                            filters=filters, use_llm=bool(use_llm)):
                if event.kind == "answer" and event.answer is not None:
                    turn["answer"], turn["live"] = event.answer, None
                    turn["html"] = answer_html(event.answer, index)
                    yield messages_of(turns), panel_html(turns), turns
                    continue
                if event.kind == "lead" and event.answer is not None:
                    lead, verified = event.answer, []
                elif event.kind == "sentence" and event.sentence is not None and lead is not None:
                    verified.append(event.sentence)
                elif event.kind == "status":
                    status = event.text
                else:  # "token": the unverified draft, for timing only
                    continue
                if lead is None:
                    turn["html"] = pending_html(status)
                else:
                    turn["live"] = provisional(lead, verified)
                    turn["html"] = streaming_html(lead, verified, index, status)
                yield messages_of(turns), panel_html(turns), turns
        except Exception as err:
            turn["html"] = error_html(user_message(err))
            yield messages_of(turns), panel_html(turns), turns

    def stop(self, turns: list[dict] | None) -> tuple[list[dict], str, list[dict]]:
        """After a stop, an unfinished turn keeps only what was already verified (its lead and checked sentences)."""
        turns = list(turns or [])
        if turns and turns[-1]["answer"] is None and "nr-error" not in turns[-1]["html"]:
            turns[-1] = dict(turns[-1], html=stopped_html(turns[-1].get("live"), len(turns) - 1))
        return messages_of(turns), panel_html(turns), turns

    def clear(self) -> tuple[list[dict], str, list[dict]]:
        return [], PLACEHOLDER, []

    def like(self, turns: list[dict] | None, data: gr.LikeData) -> None:
        """Thumbs on an answer -> a JSONL line at NEWSRAG_FEEDBACK."""
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        turns = turns or []
        n = int(index) // 2
        if n >= len(turns) or turns[n]["answer"] is None:
            gr.Warning("Only finished answers can be rated.")
            return
        vote = vote_of(data.liked)
        try:
            save_feedback(self.settings.feedback, feedback_record(turns[n]["question"], turns[n]["answer"], vote))
        except OSError as err:
            log.warning("cannot save feedback: %s", err)
            gr.Warning("Your rating could not be saved.")
            return
        gr.Info("Thanks: rating saved." if vote == "up" else "Thanks: rating saved; it helps find bad answers.")

    def ask(self, question: str, history: list[list[str]] | None = None) -> dict:
        """Ask the articles a question, optionally as a follow-up: `history` is the conversation so far as
        [question, answer] pairs, oldest first. Returns the verified answer with its citations, sources and
        conflicts (the same JSON as `python -m rag ask --json`)."""
        try:
            return self.engine.ask(question, history=parse_history(history) or None).to_dict()
        except Exception as err:
            raise ui_error(err) from None
