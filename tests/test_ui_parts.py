"""The web UI's handlers and helpers without a server: chat turns (verified streaming, history, filters, stop, errors),
uploads, feedback, settings parsing and the Evaluation tab's tables."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import gradio as gr
import pytest

from index.build import BuildReport
from index.errors import ConfigError, ModelError, UserError
from rag.answer import Sentence
from rag.reply.pipeline import Engine, Event
from tests.fakes import ScriptedLLM
from ui.app import launch_options, parse_auth
from ui.chat import ChatHandlers, make_filters, messages_of, parse_day, parse_history
from ui.edge import user_message
from ui.evaluation import (
    aggregate_rows,
    config_names,
    earlier_runs,
    question_rows,
    report_frame,
    run_options,
    suite_configs,
)
from ui.feedback import feedback_record, save_feedback, vote_of
from ui.sources import panel_html
from ui.uploads import report_html, safe_name, save_uploads

IP4 = "Which countries make up the IP4 group?"
IP4_REPLY = ("Yoon attended the NATO gathering as the head of Indo-Pacific Partners 4 (IP4) along with Japan, "
             "Australia and New Zealand [1].")
KISHIDA_Q = "Did Kishida share Yoon's concerns about Russia-North Korea cooperation?"
LUXON_Q = "When did Luxon take office?"
UNCHECKED = "Zorblax"  # a word of the model's draft no article backs: it must never reach the page unflagged
KISHIDA_REPLY = ("Kishida also expressed grave concerns over the growing Russia-North Korea military cooperation [1]. "
                 f"Kishida then flew to {UNCHECKED} to sign a secret pact [1].")


def run_turn(chat: ChatHandlers, question: str, turns: list, outlets=None, k=6, use_llm=True) -> list:
    """Drive one chat turn to the end -> every (messages, panel, turns) it yielded."""
    return list(chat.respond(question, turns, outlets or [], None, None, k, use_llm))


@pytest.fixture
def chat(seed_settings):
    return ChatHandlers(Engine(seed_settings, llm=ScriptedLLM([])), seed_settings)


def test_a_turn_shows_the_verified_lead_before_the_model_runs_and_never_its_raw_tokens(chat):
    chat.engine.llm.queue.append(KISHIDA_REPLY)
    steps, lead_at = [], None
    for messages, panel, turns in chat.respond(KISHIDA_Q, [], [], None, None, 6, True):
        steps.append((messages[-1]["content"], panel))
        if lead_at is None and "nr-lead" in messages[-1]["content"]:
            lead_at = len(chat.engine.llm.prompts)  # the model has not been asked yet
    assert "nr-pending" in steps[0][0] and lead_at == 0
    bubbles = [b for b, _ in steps]
    assert all(UNCHECKED not in b and UNCHECKED not in p and "nr-draft" not in b for b, p in steps[:-1])
    live = [b for b in bubbles if "nr-live" in b]
    assert live and "Kishida also expressed grave concerns" in live[-1].split('class="nr-live"')[1]
    assert all("nr-verdict-yes" in b for b in bubbles[1:])  # the Yes badge stays from the lead on
    final = bubbles[-1]
    assert "nr-live" not in final and "nr-status" not in final and 'href="#src-0-1"' in final
    assert UNCHECKED not in final.split('class="nr-dropped"')[0]  # only in the list of removed sentences
    assert 'id="src-0-1"' in steps[-1][1] and "<mark>" in steps[-1][1]
    assert turns[0]["answer"].question == KISHIDA_Q and turns[0]["live"] is None


def test_raw_tokens_cause_no_update_and_never_reach_the_page(chat, monkeypatch):
    lead = chat.engine.ask(KISHIDA_Q, use_llm=False)
    checked = Sentence("Kishida also expressed grave concerns.", lead.sentences[0].citations, True)

    def scripted(question, **kw):  # type: ignore[no-untyped-def]
        yield Event("lead", answer=lead)
        yield Event("status", "writing")
        yield Event("token", f"{UNCHECKED} says ")
        yield Event("sentence", checked.text, sentence=checked)
        yield Event("token", f"{UNCHECKED} again.")
        yield Event("status", "checking citations")
        yield Event("answer", answer=lead)

    monkeypatch.setattr(chat.engine, "stream", scripted)
    steps = run_turn(chat, KISHIDA_Q, [])
    assert len(steps) == 1 + 5  # the pending bubble, then one update per event that is not a token
    assert not [m for m, p, _ in steps if UNCHECKED in m[-1]["content"] + p]
    assert "Kishida also expressed grave concerns." in steps[3][0][-1]["content"]


def test_follow_ups_send_question_and_answer_text_pairs_to_the_engine(chat, monkeypatch):
    chat.engine.llm.queue.extend(["", ""])
    *_, (_, _, turns) = run_turn(chat, LUXON_Q, [])
    seen, real = [], chat.engine.stream

    def spy(question, history=None, **kw):  # type: ignore[no-untyped-def]
        seen.append(history)
        yield from real(question, history=history, **kw)

    monkeypatch.setattr(chat.engine, "stream", spy)
    *_, (messages, panel, turns) = run_turn(chat, "And what did he agree with Yoon?", turns)
    assert seen == [[(LUXON_Q, turns[0]["answer"].text)]]
    assert LUXON_Q in "\n".join(chat.engine.llm.prompts[-1])  # the earlier turn travels to the model too
    assert "Luxon" in turns[1]["answer"].standalone
    assert len(messages) == 4 and len(turns) == 2
    assert 'id="src-1-1"' in panel and '<details class="nr-turn" id="turn-0">' in panel


def test_outlet_filter_restricts_the_sources(chat):
    *_, (_, _, turns) = run_turn(chat, "What did the leaders condemn?", [], outlets=["Business Standard"],
                                 use_llm=False)
    answer = turns[-1]["answer"]
    assert answer.sources and {p.outlet for p in answer.sources} == {"Business Standard"}
    assert {c.outlet for c in answer.citations} <= {"Business Standard"}


def test_engine_failures_become_one_short_line_in_the_chat(chat, monkeypatch):
    def boom(*a, **kw):
        raise KeyError("/srv/secret/path/.env")
        yield  # pragma: no cover

    monkeypatch.setattr(chat.engine, "stream", boom)
    *_, (messages, _, turns) = run_turn(chat, IP4, [])
    shown = messages[-1]["content"]
    assert "nr-error" in shown and "unexpected error (KeyError)" in shown
    assert "/srv/secret" not in shown and "Traceback" not in shown
    assert turns[-1]["answer"] is None


def test_bad_dates_are_a_message_not_a_crash(chat):
    *_, (messages, _, _) = list(chat.respond(IP4, [], [], "next tuesday", None, 6, False))
    assert "is not a date: use YYYY-MM-DD" in messages[-1]["content"]


def test_stop_keeps_only_what_was_verified(chat):
    chat.engine.llm.queue.append(KISHIDA_REPLY)
    steps = iter(chat.respond(KISHIDA_Q, [], [], None, None, 6, True))
    for _, _, turns in steps:
        if turns[-1].get("live") is not None:
            break  # the user presses Stop once the lead is on screen
    messages, panel, turns = chat.stop(turns)
    shown = messages[-1]["content"]
    assert "Stopped" in shown and "nr-lead" in shown and "nr-verdict-yes" in shown
    assert "nr-status" not in shown and "nr-live" not in shown and UNCHECKED not in shown
    assert 'id="src-0-1"' in panel  # its chips still open their cards
    assert turns[-1]["answer"] is None  # not a finished answer: it cannot be rated


def test_stop_before_the_lead_leaves_a_note_and_no_sources(chat):
    steps = iter(chat.respond(KISHIDA_Q, [], [], None, None, 6, True))
    _, _, turns = next(steps)  # still searching
    assert "Searching the articles" in panel_html(turns)
    messages, panel, _ = chat.stop(turns)
    assert "Stopped" in messages[-1]["content"] and "nr-pending" not in messages[-1]["content"]
    assert "Searching" not in panel and "No answer." in panel


def test_stop_leaves_finished_answers_alone(chat):
    *_, (_, _, done) = run_turn(chat, KISHIDA_Q, [], use_llm=False)
    assert chat.stop(done)[2][-1]["html"] == done[-1]["html"]


def test_empty_questions_are_refused_before_the_turn_starts(chat):
    with pytest.raises(gr.Error) as err:
        chat.accept("   ")
    assert "the question is empty" in str(err.value)
    assert chat.accept("  Who met?  ") == ("", "Who met?")


def test_user_questions_are_escaped_in_the_chat():
    shown = messages_of([{"question": "<img src=x onerror=alert(1)>", "answer": None, "html": ""}])
    assert shown[0]["content"] == "&lt;img src=x onerror=alert(1)&gt;"


def test_api_history_is_question_answer_pairs_kept_short():
    assert parse_history(None) == [] and parse_history([]) == []
    assert parse_history([["When?", "November 2022."]]) == [("When?", "November 2022.")]
    many = [[f"q{i}", "a" * 9000] for i in range(30)]
    kept = parse_history(many)
    assert [q for q, _ in kept] == [f"q{i}" for i in range(20, 30)] and all(len(a) == 4000 for _, a in kept)
    for bad in ("When?", [["only a question"]], [["q", 3]], [{"role": "user", "content": "q"}]):
        with pytest.raises(UserError, match=r"\[question, answer\] pairs"):
            parse_history(bad)


def test_dates_and_filters():
    assert parse_day("2024-09-04", "from") == 20240904 and parse_day("", "from") == 0 and parse_day(None, "x") == 0
    for bad in ("2024-13-01", "04/09/2024", "soon"):
        with pytest.raises(UserError):
            parse_day(bad, "from")
    assert make_filters([], None, None) is None
    f = make_filters(["The Korea Times"], "2024-01-01", "2024-12-31")
    assert (f.outlets, f.date_from, f.date_to) == (["The Korea Times"], 20240101, 20241231)
    with pytest.raises(UserError, match="after"):
        make_filters([], "2024-12-31", "2024-01-01")


def test_feedback_lines_hold_question_answer_citations_and_vote(chat, tmp_path):
    chat.engine.llm.queue.append(IP4_REPLY)
    answer = chat.engine.ask(IP4)
    path = tmp_path / "fb" / "feedback.jsonl"
    when = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    save_feedback(path, feedback_record(IP4, answer, "up", when))
    save_feedback(path, feedback_record(IP4, answer, vote_of("Dislike"), when))
    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    assert [x["vote"] for x in lines] == ["up", "down"]
    assert lines[0]["question"] == IP4 and lines[0]["answer"] == answer.text
    assert lines[0]["timestamp"] == "2025-01-02T03:04:05+00:00"
    assert "002_d081907265adfced" in {c["doc_id"] for c in lines[0]["citations"]}
    assert vote_of(True) == "up" and vote_of(False) == "down" and vote_of("Like") == "up"


def test_uploaded_names_cannot_escape_the_upload_folder(tmp_path):
    assert safe_name("../../etc/My story!.txt") == "My_story.txt"
    assert safe_name("..\\..\\win.TXT") == "win.txt"
    assert safe_name(".DS_Store") == "DS_Store"
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Some story.", encoding="utf-8")
    (src / "b.exe").write_bytes(b"MZ")
    saved, rejected = save_uploads([str(src / "a.txt"), str(src / "b.exe")], tmp_path / "uploads")
    assert [p.name for p in saved] == ["a.txt"] and saved[0].parent == tmp_path / "uploads"
    assert rejected[0].path == "b.exe" and "unsupported file type ('.exe')" in rejected[0].reason


def test_upload_report_names_files_never_server_paths():
    report = BuildReport(documents=7, chunks=30, added=1,
                         rejected=[{"path": "/srv/store/uploads/x.txt", "reason": "binary data (NUL bytes)"},
                                   {"path": "/srv/store/uploads/f.jsonl (id 3)", "reason": "no story text"}],
                         duplicates=[{"path": "/srv/store/uploads/copy.txt", "duplicate_of": "001_x"}])
    page = report_html(report)
    assert "<b>x.txt</b>: binary data (NUL bytes)" in page and "<b>f.jsonl (id 3)</b>" in page
    assert "copy.txt" in page and "001_x" in page and "1 added" in page and "7 articles" in page
    assert "/srv" not in page


def test_error_messages_keep_our_text_and_hide_everything_else():
    assert user_message(ModelError("the model timed out after 8 s")) == "the model timed out after 8 s"
    hidden = user_message(OSError("[Errno 13] Permission denied: '/home/me/.env' OPENAI_API_KEY=sk-123"))
    assert ".env" not in hidden and "sk-123" not in hidden and "OSError" in hidden


def test_auth_setting_and_launch_defaults(settings):
    assert parse_auth(None) is None and parse_auth("ed:pa:ss") == ("ed", "pa:ss")
    for bad in ("nopassword", ":x", "x:"):
        with pytest.raises(ConfigError):
            parse_auth(bad)
    opts = launch_options(settings)
    assert opts["server_name"] == "127.0.0.1" and opts["share"] is False and opts["ssr_mode"] is False
    assert str(settings.store.resolve()) in opts["blocked_paths"] and opts["allowed_paths"] == []
    assert "fonts.googleapis" not in json.dumps(opts["theme"].to_dict())


def test_evaluation_tables_from_a_results_dict(tmp_path):
    results = {"configs": ["default", "vanilla"], "metrics": ["hit_at_4", "answer_accuracy"],
               "aggregate": {"default": {"hit_at_4": 0.9, "answer_accuracy": 0.75, "n": 4},
                             "vanilla": {"hit_at_4": 0.6, "answer_accuracy": None, "n": 4}},
               "items": [{"config": "default", "id": "q1", "kind": "fact", "question": "Who?", "answer": "Yoon.",
                          "metrics": {"hit_at_4": 1.0, "answer_accuracy": 0.0}}]}
    head, rows = aggregate_rows(results)
    assert head == ["metric", "default", "vanilla"]
    assert rows[0] == ["hit_at_4", "0.900", "0.600"] and rows[1] == ["answer_accuracy", "0.750", "–"]
    qhead, qrows = question_rows(results)
    assert qhead[-2:] == ["hit_at_4", "answer_accuracy"] and qrows[0][:5] == ["default", "q1", "fact", "Who?", "Yoon."]
    (tmp_path / "runs" / "old").mkdir(parents=True)
    (tmp_path / "runs" / "old" / "results.json").write_text("{}")
    (tmp_path / "runs" / "junk").mkdir()
    assert earlier_runs(tmp_path / "runs") == ["old"] and earlier_runs(tmp_path / "none") == []


def test_the_evaluation_tab_offers_the_claims_suite_the_split_and_distractors(tmp_path):
    assert config_names("claims") == ["default", "lexical"] and "qwen" in config_names("seeds")
    assert suite_configs("claims").value == ["default"]
    assert run_options("seeds", ["default"], None, "test", 50.0) == {
        "suite": "seeds", "configs": ["default"], "limit": None, "split": "test", "distractors": 50}
    assert run_options("claims", None, 3.0, None, None) == {
        "suite": "claims", "configs": [], "limit": 3, "split": "all", "distractors": 0}
    from eval import run_eval

    # what the tab's Run button does for the claims suite, on three claims of the test half, lexical checks only
    results = run_eval(**run_options("claims", ["lexical"], 3, "test", 0), out=tmp_path / "run")
    assert results["split"] == "test" and results["n_items"] == 3
    head, rows = question_rows(results)
    assert head[:4] == ["config", "id", "kind", "sentence"] and len(rows) == 3 and rows[0][0] == "lexical"
    assert rows[0][4] in ("supported", "unsupported") and rows[0][6] in ("yes", "no")
    frame = report_frame(results)
    assert frame.startswith('<pre class="nr-evalreport">') and "claims suite, split test: 3 claims" in frame
    with pytest.raises(UserError, match="--distractors applies to the seeds suite only"):
        run_eval(**run_options("claims", ["lexical"], 3, "test", 5), out=tmp_path / "bad")
