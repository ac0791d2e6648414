"""A dead, hanging, 401, 429 or mid-stream-breaking model endpoint: a clear one-line message within 30 s,
an extractive answer still shown, the next request works."""

import os
import subprocess
import sys
import time

import pytest

from rag.reply.pipeline import Engine
from tests.conftest import ROOT, free_port, make_settings
from tests.servers import StubOpenAI

IP4 = "Which countries make up the IP4 group?"


def _engine(seed_settings, monkeypatch, port, **kw):
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{port}/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    settings = make_settings(seed_settings.store, llm="openai:stub", llm_timeout_s=3, **kw)
    return Engine(settings)


def _timed_ask(engine, question=IP4):
    t0 = time.perf_counter()
    answer = engine.ask(question)
    return answer, time.perf_counter() - t0


def test_refused_connection_gives_a_message_and_quotes(seed_settings, monkeypatch):
    engine = _engine(seed_settings, monkeypatch, free_port())
    answer, took = _timed_ask(engine)
    assert took < 30
    assert "cannot reach the model endpoint" in answer.note
    assert answer.mode == "extractive" and answer.citations  # the user still gets sourced quotes
    assert "Traceback" not in answer.note and "test-key" not in answer.note


def test_hanging_endpoint_times_out_within_30_s(seed_settings, monkeypatch):
    with StubOpenAI(["hang", "hang", "hang"]) as stub:
        engine = _engine(seed_settings, monkeypatch, stub.port, llm_retries=2)
        answer, took = _timed_ask(engine)
    assert took < 30
    assert "did not answer in time" in answer.note


def test_401_says_check_the_key(seed_settings, monkeypatch):
    with StubOpenAI(["401"]) as stub:
        answer, _ = _timed_ask(_engine(seed_settings, monkeypatch, stub.port))
    assert "401" in answer.note and "OPENAI_API_KEY" in answer.note


def test_429_then_200_is_retried(seed_settings, monkeypatch):
    with StubOpenAI(["429", "ok"]) as stub:
        answer, took = _timed_ask(_engine(seed_settings, monkeypatch, stub.port))
        assert stub.requests == 2
    assert answer.note == "" and answer.mode == "generated"
    assert "002_d081907265adfced" in {c.doc_id for c in answer.citations}


def test_stream_broken_mid_way_is_marked_partial_and_next_request_works(seed_settings, monkeypatch):
    with StubOpenAI(["cut", "ok"]) as stub:
        engine = _engine(seed_settings, monkeypatch, stub.port, llm_retries=0)
        broken, _ = _timed_ask(engine)
        assert broken.partial and broken.note
        fine, _ = _timed_ask(engine)
    assert not fine.partial and fine.mode == "generated"


def test_cli_exits_non_zero_on_a_dead_endpoint(seed_settings):
    env = {**os.environ, "NEWSRAG_LLM": "openai:stub", "OPENAI_BASE_URL": f"http://127.0.0.1:{free_port()}/v1",
           "OPENAI_API_KEY": "sk-secret-123", "NEWSRAG_LLM_TIMEOUT_S": "3"}
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "rag", "ask", IP4, "--store", str(seed_settings.store)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert time.perf_counter() - t0 < 60  # includes interpreter and model start-up
    assert out.returncode == 3
    assert out.stderr.strip().startswith("error: cannot reach the model endpoint")
    assert "Traceback" not in out.stderr and "sk-secret-123" not in out.stdout + out.stderr


@pytest.mark.parametrize("question", ["", "   ", "x" * 5000])
def test_cli_rejects_bad_questions_before_any_model_call(seed_settings, question):
    env = {**os.environ, "NEWSRAG_LLM": "gguf:/nonexistent.gguf"}
    out = subprocess.run([sys.executable, "-m", "rag", "ask", question, "--store", str(seed_settings.store)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 2
    assert out.stderr.startswith("error: the question is") and "Traceback" not in out.stderr
