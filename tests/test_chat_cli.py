"""`python -m rag chat` on the terminal: the verified lead first, then each sentence the verifier passed, then
the final answer when it differs; the model's raw draft is never printed (a scripted LLM, the real pipeline)."""

from __future__ import annotations

import io

import pytest

from rag.__main__ import _chat, _chat_turn, answer_lines
from rag.answer import Answer, Sentence
from rag.reply.pipeline import Engine
from tests.fakes import ScriptedLLM

KISHIDA_Q = "Did Kishida share Yoon's concerns about Russia-North Korea cooperation?"
UNCHECKED = "Zorblax"
REPLY = ("Kishida also expressed grave concerns over the growing Russia-North Korea military cooperation [1]. "
         f"Kishida then flew to {UNCHECKED} to sign a secret pact [1].")


@pytest.fixture
def engine(seed_settings):
    return Engine(seed_settings, llm=ScriptedLLM([]))


def test_chat_prints_the_verified_lead_then_checked_sentences_and_no_draft(engine):
    engine.llm.queue.append(REPLY)
    out = io.StringIO()
    answer = _chat_turn(engine, KISHIDA_Q, [], out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Yes — ") and "[The Korea Times]" in lines[0]
    added = [x for x in lines if x.startswith("  + ")]
    assert added and "Kishida also expressed grave concerns" in added[0] and UNCHECKED not in "".join(added)
    shown = [x for x in lines if UNCHECKED in x]
    assert all(x.startswith("  removed, not supported by the sources:") for x in shown)  # flagged, never as answer
    if "Checked answer:" in lines:  # the final answer differs from what was on screen: it follows in full
        assert lines[lines.index("Checked answer:") + 1].startswith("Yes — ")
    assert "Sources:" in lines and answer.short_answer == "Yes"


def test_a_declined_question_prints_the_decline_once(engine):
    out = io.StringIO()
    answer = _chat_turn(engine, "Who won the 2030 World Cup?", [], out)
    assert answer.abstained and out.getvalue().count("The articles do not cover this.") == 1
    assert "Sources:" not in out.getvalue() and not engine.llm.prompts


def test_chat_loop_resolves_follow_ups_from_the_conversation(engine, monkeypatch, capsys):
    engine.llm.queue.extend(["", ""])
    monkeypatch.setattr("sys.stdin", io.StringIO("When did Luxon take office?\nAnd what did he agree with Yoon?\n\n"))
    asked = []
    real = engine.stream

    def spy(question, history=None, **kw):  # type: ignore[no-untyped-def]
        asked.append((question, list(history or [])))
        yield from real(question, history=history, **kw)

    monkeypatch.setattr(engine, "stream", spy)
    assert _chat(engine) == 0
    assert [q for q, _ in asked] == ["When did Luxon take office?", "And what did he agree with Yoon?"]
    (past_q, past_a), = asked[1][1]
    assert past_q == "When did Luxon take office?" and past_a
    assert "Luxon" in capsys.readouterr().out


def test_answer_lines_number_a_timeline_and_tag_outlets():
    answer = Answer(question="q", sentences=[
        Sentence("November 2022 — Luxon took office.", [], True, "timeline"),
        Sentence("September 2024 — Luxon visited Seoul.", [], True, "timeline"),
        Sentence("A claim.", [], False, "not supported")])
    assert answer_lines(answer).splitlines() == ["  1. November 2022 — Luxon took office.",
                                                 "  2. September 2024 — Luxon visited Seoul.", "A claim. [unsupported]"]
