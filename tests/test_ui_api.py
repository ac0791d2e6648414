"""The web UI's API and server defaults, through `gradio_client` and plain HTTP against the real app on a
free port of 127.0.0.1 (a scripted LLM answers; retrieval, verification and the store are real)."""

from __future__ import annotations

import shutil
import time
from importlib.metadata import version

import httpx
import pytest
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError, AuthenticationError
from packaging.version import Version

from index.store import Store
from rag.reply.pipeline import Engine
from tests.conftest import free_port, make_settings
from tests.fakes import ScriptedLLM
from ui.app import build_app, launch, launch_options

KOREA_TIMES = "002_d081907265adfced"
SEEDS = {"000_a492bad89cb52a3e", "001_546bd0455f068fcd", KOREA_TIMES, "003_ebf05fc48ef10ead",
         "004_b3ae7b4711933274"}
IP4_REPLY = ("Yoon attended the NATO gathering as the head of Indo-Pacific Partners 4 (IP4) along with Japan, "
             "Australia and New Zealand [1].")
FERRY = """Harbour Tribune
Wellington ferry strike ends after three days
By Mere Tane
March 3, 2025

The strike by Interislander ferry workers in Wellington ended on Tuesday after the Maritime Union accepted a pay offer of 4.5 percent, the operator KiwiRail said.

About 300 crew members had walked off the job on Saturday, stranding thousands of travellers between the North and South Islands.
"""


@pytest.fixture(scope="module")
def served(seed_store, tmp_path_factory):
    """The app on a free local port over a private copy of the seed store: (url, settings, engine)."""
    root = tmp_path_factory.mktemp("ui_api")
    shutil.copytree(seed_store, root / "store")
    settings = make_settings(root / "store", port=free_port())
    engine = Engine(settings, llm=ScriptedLLM([]))
    app = build_app(settings, engine=engine)
    _, url, _ = launch(app, settings, prevent_thread_lock=True, quiet=True)
    yield url, settings, engine
    app.close()


@pytest.fixture(scope="module")
def client(served):
    return Client(served[0], verbose=False)


def test_ask_returns_the_answer_json_citing_the_korea_times(served, client):
    _, _, engine = served
    engine.llm.queue.append(IP4_REPLY)
    result = client.predict("Which countries make up the IP4 group?", api_name="/ask")
    assert isinstance(result, dict)
    assert {"answer", "abstained", "citations", "sources", "conflicts", "timings", "model"} <= set(result)
    cited = {c["doc_id"] for c in result["citations"]}
    assert KOREA_TIMES in cited
    kt = next(c for c in result["citations"] if c["doc_id"] == KOREA_TIMES)
    assert kt["outlet"] == "The Korea Times" and "Japan, Australia and New Zealand" in kt["quote"]
    assert "[The Korea Times]" in result["answer"] and not result["abstained"]


def test_ask_holds_a_conversation_given_question_answer_pairs(client):
    first = client.predict("When did Luxon take office?", api_name="/ask")
    assert {"answer_type", "short_answer", "answerability", "standalone"} <= set(first)
    follow = "And what did he agree with Yoon?"
    result = client.predict(follow, [["When did Luxon take office?", first["answer"]]], api_name="/ask")
    assert result["question"] == follow and "Luxon" in result["standalone"]  # "he" resolved from the history
    assert not result["abstained"] and result["citations"]
    alone = client.predict(follow, api_name="/ask")  # the one-argument call still works: no history
    assert alone["standalone"] == follow


def test_ask_refuses_a_history_that_is_not_question_answer_pairs(client):
    with pytest.raises(AppError, match=r"\[question, answer\] pairs"):
        client.predict("And what did he agree with Yoon?", [["only a question"]], api_name="/ask")


@pytest.mark.parametrize("question, message", [
    ("", "the question is empty"),
    ("   \n\t ", "the question is empty"),
    ("Which countries " * 100, "the limit is 1000"),
])
def test_bad_questions_are_rejected_server_side_before_any_model_call(served, client, question, message):
    _, _, engine = served
    asked = len(engine.llm.prompts)
    with pytest.raises(AppError) as err:
        client.predict(question, api_name="/ask")
    assert message in str(err.value)
    assert "Traceback" not in str(err.value) and "/" not in str(err.value).replace("/ask", "")
    assert len(engine.llm.prompts) == asked


def test_bad_upload_is_rejected_while_a_good_one_is_indexed_and_nothing_is_lost(served, client, tmp_path):
    _, settings, engine = served
    good, bad, exe = tmp_path / "ferry_strike.txt", tmp_path / "photo.txt", tmp_path / "tool.exe"
    good.write_text(FERRY, encoding="utf-8")
    bad.write_bytes(bytes(range(256)) * 40)  # binary data dressed as .txt
    exe.write_bytes(b"MZ\x90\x00")
    note, table, _outlets, _files = client.predict([handle_file(good), handle_file(bad), handle_file(exe)],
                                                   api_name="/upload")
    assert "1 added" in note
    assert "<b>photo.txt</b>: binary data" in note
    assert "<b>tool.exe</b>: unsupported file type" in note
    assert str(tmp_path) not in note and str(settings.store) not in note  # names, never server paths
    listed = {row[0] for row in table["value"]["data"]}
    assert listed == SEEDS | {"ferry_strike"}
    assert {a["doc_id"] for a in Store.open(settings).list_articles()} == SEEDS | {"ferry_strike"}
    assert (settings.store / "uploads" / "ferry_strike.txt").read_text(encoding="utf-8") == FERRY
    assert not (settings.store / "uploads" / "tool.exe").exists()

    engine.llm.queue.append("The strike by Interislander ferry workers in Wellington ended on Tuesday after "
                            "the Maritime Union accepted a pay offer of 4.5 percent [1].")
    result = client.predict("How did the Interislander ferry strike in Wellington end?", api_name="/ask")
    assert "ferry_strike" in {c["doc_id"] for c in result["citations"]}
    assert any("4.5 percent" in c["quote"] for c in result["citations"])


def test_an_edited_upload_replaces_the_old_text_for_the_running_app(served, client, tmp_path):
    _, _, engine = served
    first, edited = tmp_path / "a" / "tariff_note.txt", tmp_path / "b" / "tariff_note.txt"
    first.parent.mkdir()
    edited.parent.mkdir()
    first.write_text("Port Nelson raises wharf fees\n\nPort Nelson will raise its wharf fees by 7 percent from "
                     "July, the port company said on Monday.\n", encoding="utf-8")
    edited.write_text("Port Nelson raises wharf fees\n\nPort Nelson will raise its wharf fees by 9 percent from "
                      "July, the port company said on Monday.\n", encoding="utf-8")
    question = "By how much will Port Nelson raise its wharf fees?"
    note, *_ = client.predict([handle_file(first)], api_name="/upload")
    engine.llm.queue.append("Port Nelson will raise its wharf fees by 7 percent from July [1].")
    before = client.predict(question, api_name="/ask")  # the running app has now read the first version
    assert any("7 percent" in c["quote"] for c in before["citations"])
    note, *_ = client.predict([handle_file(edited)], api_name="/upload")
    assert "1 updated" in note
    engine.llm.queue.append("Port Nelson will raise its wharf fees by 9 percent from July [1].")
    result = client.predict(question, api_name="/ask")
    quotes = " ".join(c["quote"] for c in result["citations"] if c["doc_id"] == "tariff_note")
    passages = " ".join(s["text"] for s in result["sources"] if s["doc_id"] == "tariff_note")
    assert "9 percent" in quotes
    assert "7 percent" not in passages


def test_internal_ui_events_are_not_in_the_public_api(client):
    endpoints = set(client.view_api(print_info=False, return_format="dict")["named_endpoints"])
    assert endpoints == {"/ask", "/add_urls", "/check", "/upload"}


def test_server_binds_localhost_and_shares_nothing_by_default(served):
    url, settings, _ = served
    assert url.startswith("http://127.0.0.1:")
    defaults = launch_options(make_settings(settings.store))
    assert defaults["server_name"] == "127.0.0.1" and defaults["server_port"] == 7860
    assert defaults["share"] is False and defaults["debug"] is False and defaults["show_error"] is False
    assert defaults["auth"] is None and defaults["allowed_paths"] == []
    assert defaults["max_file_size"] == int(settings.max_upload_mb * 1024 * 1024)


@pytest.mark.parametrize("target", [
    "/etc/passwd", "../../../../etc/passwd", "..%2F..%2F..%2F..%2Fetc%2Fpasswd", "{store}/chroma.sqlite3",
    "{store}/uploads/ferry_strike.txt",
])
def test_file_route_serves_nothing_outside_the_apps_own_files(served, target):
    url, settings, _ = served
    path = target.format(store=settings.store)
    got = httpx.get(f"{url.rstrip('/')}/gradio_api/file={path}", timeout=10)
    assert got.status_code in (403, 404), got.status_code
    assert b"root:" not in got.content and b"SQLite" not in got.content and b"Interislander" not in got.content


def test_login_is_required_when_auth_is_configured(seed_store, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    settings = make_settings(store, port=free_port(), auth="editor:s3cret-pass")
    app = build_app(settings, engine=Engine(settings, llm=ScriptedLLM([IP4_REPLY])))
    _, url, _ = launch(app, settings, prevent_thread_lock=True, quiet=True)
    try:
        assert httpx.get(f"{url.rstrip('/')}/config", timeout=10).status_code == 401
        with pytest.raises(AuthenticationError, match="credentials were not provided"):
            Client(url, verbose=False).predict("Which countries make up the IP4 group?", api_name="/ask")
        with pytest.raises(ValueError, match="Could not login"):
            Client(url, auth=("editor", "wrong"), verbose=False)
        ok = Client(url, auth=("editor", "s3cret-pass"), verbose=False)
        result = ok.predict("Which countries make up the IP4 group?", api_name="/ask")
        assert KOREA_TIMES in {c["doc_id"] for c in result["citations"]}
    finally:
        app.close()


def test_web_facing_dependencies_are_past_their_published_advisories():
    # Gradio 6.20 fixed the latest file-route SSRF advisory; no advisory database is reachable from here.
    assert Version(version("gradio")) >= Version("6.20")
    assert Version(version("gradio_client")) >= Version("2.0")


def test_a_full_queue_answers_busy_instead_of_piling_up(seed_store, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    settings = make_settings(store, port=free_port(), queue_size=1)
    llm = ScriptedLLM([IP4_REPLY] * 5, delay=0.1)  # ~3 s per answer: long enough for the others to arrive
    app = build_app(settings, engine=Engine(settings, llm=llm))
    _, url, _ = launch(app, settings, prevent_thread_lock=True, quiet=True)
    try:
        client = Client(url, verbose=False)
        jobs = []
        for _ in range(4):
            jobs.append(client.submit("Which countries make up the IP4 group?", api_name="/ask"))
            time.sleep(0.3)
        outcomes = []
        for job in jobs:
            try:
                outcomes.append(job.result(timeout=120)["citations"][0]["doc_id"])
            except Exception as err:
                outcomes.append(str(err))
        answered = [o for o in outcomes if o == KOREA_TIMES]
        busy = [o for o in outcomes if "Queue is full" in o]
        assert len(answered) == 2 and len(busy) == 2, outcomes  # one running + one waiting; the rest told busy
    finally:
        app.close()


def test_uploads_over_the_size_limit_are_refused_and_nothing_changes(seed_store, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    settings = make_settings(store, port=free_port(), max_upload_mb=0.01)
    app = build_app(settings, engine=Engine(settings, llm=ScriptedLLM([])))
    _, url, _ = launch(app, settings, prevent_thread_lock=True, quiet=True)
    try:
        big = tmp_path / "huge_story.txt"
        big.write_text("A long story about the harbour. " * 2000, encoding="utf-8")  # ~64 KB > 10 KB
        with pytest.raises(ValueError, match="exceeds the maximum file size"):
            Client(url, verbose=False).predict([handle_file(big)], api_name="/upload")
        # the server enforces it too, for clients that do not check first
        raw = httpx.post(f"{url.rstrip('/')}/gradio_api/upload", files={"files": big.open("rb")}, timeout=30)
        assert raw.status_code == 413
        assert {a["doc_id"] for a in Store.open(settings).list_articles()} == SEEDS
        assert not (store / "uploads").exists()
    finally:
        app.close()
