"""Hardening (issue 6) where the other test files leave gaps: input through the upload path, two building
processes, an empty index behind `/ask`, a model window on the remote-model path, the security defaults of a
running server, login on every raw route, dependency versions, 20 concurrent users, and the soak script.

Already covered elsewhere (not repeated here): bad files, encodings and long titles (test_read, test_load),
kill -9 and the in-process writer lock (test_build), model faults (test_model_faults), Chroma server writers
(test_chroma_server), bad questions on every front end (test_pipeline, test_model_faults, test_ui_api),
file-route traversal, login with gradio_client and the queue limit (test_ui_api), inert rendering
(test_ui_render, test_ui_browser), injection and leaks (test_injection).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version

import httpx
import pytest
from gradio_client import Client, handle_file
from packaging.version import Version

from index.build import build
from index.chunk import approx_tokens
from index.store import Store
from rag.reply.pipeline import Engine
from tests.conftest import ROOT, free_port, make_settings
from tests.fakes import ScriptedLLM
from ui.app import build_app, launch

KT = "002_d081907265adfced"
SEEDS = {"000_a492bad89cb52a3e", "001_546bd0455f068fcd", KT, "003_ebf05fc48ef10ead", "004_b3ae7b4711933274"}
IP4 = "Which countries make up the IP4 group?"
IP4_REPLY = ("Yoon attended the NATO gathering as the head of Indo-Pacific Partners 4 (IP4) along with Japan, "
             "Australia and New Zealand [1].")
BRIDGE = """Otago Daily Courier
Dunedin harbour footbridge reopens after repairs
By Rewi Parata
April 2, 2025

The Dunedin harbour footbridge reopened on Saturday after six months of repairs to its steel deck, the city council said.

About 4,000 people a day crossed the bridge before it closed in October, council figures show.
"""


def _serve(settings, engine=None):  # type: ignore[no-untyped-def]
    app = build_app(settings, engine=engine or Engine(settings, llm=ScriptedLLM([])))
    _, url, share = launch(app, settings, prevent_thread_lock=True, quiet=True)
    return app, url.rstrip("/"), share


@pytest.fixture(scope="module")
def served(seed_store, tmp_path_factory):
    """The app over a private copy of the seed store (a scripted LLM with no replies: quotes answer)."""
    root = tmp_path_factory.mktemp("hardening")
    shutil.copytree(seed_store, root / "store")
    settings = make_settings(root / "store", port=free_port())
    app, url, _ = _serve(settings)
    yield url, settings
    app.close()


def _counts(settings) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    store = Store.open(settings)
    return store.articles.count(), store.chunks.count()


# 1, 2, 3: input through the upload path ----------------------------------------------------------------------

def test_the_same_article_uploaded_twice_under_two_names_is_a_duplicate(served, tmp_path):
    url, settings = served
    client = Client(url, verbose=False)
    first, second = tmp_path / "bridge_reopens.txt", tmp_path / "copy_of_bridge.txt"
    first.write_text(BRIDGE, encoding="utf-8")
    second.write_bytes(first.read_bytes())
    note, *_ = client.predict([handle_file(first)], api_name="/upload")
    assert "1 added" in note
    before = _counts(settings)

    note, table, *_ = client.predict([handle_file(second)], api_name="/upload")
    assert "nothing indexed" in note
    assert "<b>copy_of_bridge.txt</b>: same story as <code>bridge_reopens</code>, not indexed twice" in note
    assert _counts(settings) == before
    assert {row[0] for row in table["value"]["data"]} == SEEDS | {"bridge_reopens"}

    seed_copy = tmp_path / "korea_times_again.txt"  # a bundled article under a new name
    seed_copy.write_bytes((settings.articles / f"{KT}.txt").read_bytes())
    note, *_ = client.predict([handle_file(seed_copy)], api_name="/upload")
    assert f"same story as <code>{KT}</code>" in note
    assert _counts(settings) == before
    assert "korea_times_again" not in {a["doc_id"] for a in Store.open(settings).list_articles()}


def test_uploads_that_are_empty_blank_or_not_articles_are_rejected_and_encodings_decoded(served, tmp_path):
    url, settings = served
    files = {
        "empty.txt": b"",
        "blank.txt": b"  \n\t \n   ",
        ".DS_Store": b"\x00\x00\x00\x01Bud1\x00\x00\x10\x00",
        "scan.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20,
        "broken.txt": b"caf\x81\x8d\x8f\x90\x9d text",
        "windows_story.txt": ("Caf\xe9 owners in Nelson \x93welcome\x94 the new \x96 and cheaper \x96 rents\n\n"
                              "Caf\xe9 owners in Nelson said on Friday the council\x92s new lease terms would cut "
                              "their rents by 12 percent.\n").encode("latin-1"),
        "utf16_story.txt": ("Seoul\u2019s new river park opens\n\nSeoul\u2019s new 12-kilometre river park opened "
                            "on Sunday, the city said, with 300,000 visitors expected a week.\n").encode("utf-16"),
    }
    paths = []
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        paths.append(handle_file(tmp_path / name))
    before = _counts(settings)[0]
    note, *_ = Client(url, verbose=False).predict(paths, api_name="/upload")
    assert "2 added" in note and _counts(settings)[0] == before + 2
    for name, reason in (("empty.txt", "empty file"), ("blank.txt", "empty file"),
                         ("DS_Store", "unsupported file type"), ("scan.txt", "binary data"),
                         ("broken.txt", "cannot decode text")):
        assert f"<b>{name}</b>: {reason}" in note, (name, note)
    assert str(settings.store) not in note and "UnicodeDecodeError" not in note
    store = Store.open(settings)
    cafe = store.get_article("windows_story")
    assert cafe["title"] == "Café owners in Nelson “welcome” the new – and cheaper – rents"
    assert "Café owners" in cafe["text"] and "council’s" in cafe["text"]
    assert "Seoul’s new 12-kilometre river park" in store.get_article("utf16_story")["text"]


# 8: two processes building one embedded store at once ---------------------------------------------------------

@pytest.mark.integration
def test_two_processes_building_one_store_at_once_leave_it_consistent(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    for i in range(30):
        (articles / f"story_{i:02d}.txt").write_text(
            f"Regional story {i} headline\n\n" + " ".join(
                f"Sentence {j} of regional story {i} says the count reached {i * 100 + j}." for j in range(30)),
            encoding="utf-8")
    store = tmp_path / "store"
    cmd = [sys.executable, "-m", "index", "build", "--articles", str(articles), "--store", str(store), "--json"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSRAG_")}
    procs = [subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    runs = [(p, *p.communicate(timeout=600)) for p in procs]
    added = 0
    for proc, out, err in runs:
        if proc.returncode == 0:  # it waited for the other and found everything indexed, or it went first
            report = json.loads(out)
            assert report["documents"] == 30 and report["added"] + report["unchanged"] == 30
            added += report["added"]
        else:  # or it refused clearly, in one line
            assert proc.returncode == 3, err
            assert err.strip().startswith("error: another build is writing") and "Traceback" not in err
    assert added == 30  # each article written once, by one of them
    settings = make_settings(store)
    s = Store.open(settings)
    states = s.chunk_states()
    docs = s.list_articles()
    assert len(docs) == 30 and len({d["doc_id"] for d in docs}) == 30
    for doc in docs:
        count, hashes = states[doc["doc_id"]]
        assert count == doc["chunks"] and len(hashes) == 1  # no half or doubled documents
    again = build(settings, articles=articles)
    assert (again.added, again.updated, again.unchanged, again.removed) == (0, 0, 30, 0)


# 10: the remote-model path of prompt fitting --------------------------------------------------------------

def test_sources_larger_than_a_remote_models_window_are_trimmed(seed_settings):
    """A model without a tokenizer here (an OpenAI-style endpoint): the prompt keeps a quarter of the window
    spare, however many sources are asked for."""
    settings = make_settings(seed_settings.store, prompt_tokens=5000, top_k=20)
    llm = ScriptedLLM([IP4_REPLY])
    answer = Engine(settings, llm=llm).ask(IP4)
    window = llm.metadata.context_window
    assert approx_tokens("\n".join(llm.prompts[0])) <= int(window * 0.75)
    assert answer.error == "" and answer.mode == "generated"
    assert KT in {c.doc_id for c in answer.citations}


# 11: an empty index behind the web API ---------------------------------------------------------------------

def test_an_empty_index_answers_not_found_through_ask(tmp_path):
    settings = make_settings(tmp_path / "store", port=free_port())
    llm = ScriptedLLM([IP4_REPLY])
    app, url, _ = _serve(settings, Engine(settings, llm=llm))
    try:
        result = Client(url, verbose=False).predict(IP4, api_name="/ask")
    finally:
        app.close()
    assert result["abstained"] and result["mode"] == "abstained"
    assert result["citations"] == [] and result["sources"] == []
    assert result["answer"] == "The articles do not cover this."
    assert llm.prompts == []


def test_no_relevant_passage_answers_not_found_through_ask(served):
    url, _ = served
    result = Client(url, verbose=False).predict("What is the recipe for a pavlova with passionfruit?",
                                                api_name="/ask")
    assert result["abstained"] and result["citations"] == []


# 17: a running server's defaults ---------------------------------------------------------------------------

def _non_loopback_ipv4() -> str | None:
    """This machine's address on its default route (no packet is sent), or None."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.255.255.255", 1))
            ip = s.getsockname()[0]
    except OSError:
        return None
    return None if ip.startswith("127.") else ip


def test_the_running_app_is_local_only_shares_nothing_and_serves_no_dotenv(seed_store, tmp_path, monkeypatch):
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    (tmp_path / ".env").write_text("OPENAI_API_KEY=sk-dotenv-secret-777\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # where a user keeps .env and starts the app
    settings = make_settings(store, port=free_port())
    app, url, share = _serve(settings)
    try:
        assert url.startswith("http://127.0.0.1:") and share is None and app.share is False
        assert app.server_app.debug is False  # Starlette would send tracebacks with 500 responses
        ip = _non_loopback_ipv4()
        if ip:
            with pytest.raises(OSError):
                socket.create_connection((ip, settings.port), timeout=3).close()
        for target in (".env", "./.env", str(tmp_path / ".env"), "%2Eenv", f"{tmp_path}/store/../.env"):
            got = httpx.get(f"{url}/gradio_api/file={target}", timeout=10)
            assert got.status_code in (403, 404), (target, got.status_code)
            assert b"sk-dotenv-secret" not in got.content
        bad = httpx.post(f"{url}/gradio_api/call/ask", content=b"{not json", timeout=10)
        assert bad.status_code == 422 and "Traceback" not in bad.text and str(store) not in bad.text
    finally:
        app.close()


# 18: login on every raw route ------------------------------------------------------------------------------

def test_with_login_configured_no_route_answers_without_credentials(seed_store, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    settings = make_settings(store, port=free_port(), auth="editor:s3cret-pass")
    llm = ScriptedLLM([IP4_REPLY] * 10)
    app, url, _ = _serve(settings, Engine(settings, llm=llm))
    article = ("bridge.txt", BRIDGE.encode())
    requests = [
        ("GET", "/config", {}),
        ("GET", "/gradio_api/info", {}),
        ("POST", "/gradio_api/call/ask", {"json": {"data": [IP4]}}),
        ("POST", "/gradio_api/run/ask", {"json": {"data": [IP4]}}),
        ("POST", "/gradio_api/queue/join", {"json": {"data": [IP4], "fn_index": 0, "session_hash": "x1"}}),
        ("POST", "/gradio_api/upload", {"files": {"files": article}}),
        ("GET", f"/gradio_api/file={store}/chroma.sqlite3", {}),
    ]
    try:
        for cookies in ({}, {"access-token": "forged", "access-token-unsecure": "forged"}):
            for method, path, kw in requests:
                got = httpx.request(method, url + path, cookies=cookies, timeout=10, **kw)
                assert got.status_code == 401, (path, got.status_code, got.text[:200])
                assert b"Korea" not in got.content and b"SQLite" not in got.content
        assert llm.prompts == [] and not (store / "uploads").exists()
    finally:
        app.close()


# 19: web-facing dependencies past their advisories -----------------------------------------------------------

# The server stack under Gradio, with the first release that fixed the latest advisory we know of (no
# advisory database is reachable from these machines; Gradio itself is checked in test_ui_api). Gradio 6.31
# accepts starlette>=1.0.1 and python-multipart>=0.0.18, so a fresh resolve could pick an affected release.
MINIMUM = {
    # GHSA-86qp-5c8j-p5mr / CVE-2026-48710 (Host header bypasses path checks: fixed 1.0.1) and
    # CVE-2026-54283 (form() limits ignored for urlencoded bodies, unauthenticated DoS: fixed 1.3.1).
    "starlette": "1.3.1",
    # CVE-2026-42561 (multipart part-header DoS: fixed 0.0.27); 0.0.26 fixed CVE-2026-40347 and 0.0.22
    # CVE-2026-24486. Gradio parses every upload with it.
    "python-multipart": "0.0.27",
    # CVE-2025-43859 (request smuggling through lenient chunked-encoding parsing: fixed 0.16.0); uvicorn's
    # default HTTP/1.1 parser.
    "h11": "0.16.0",
    # CVE-2024-24762 (ReDoS on form Content-Type: fixed 0.109.1).
    "fastapi": "0.109.1",
    # CVE-2020-7694 / CVE-2020-7695 (log and header injection: fixed 0.11.7).
    "uvicorn": "0.11.7",
}


@pytest.mark.parametrize("package", sorted(MINIMUM))
def test_server_stack_is_past_its_published_advisories(package):
    assert Version(version(package)) >= Version(MINIMUM[package]), f"upgrade {package} to {MINIMUM[package]}+"


# 15: twenty concurrent users ------------------------------------------------------------------------------

@pytest.mark.integration
def test_twenty_concurrent_users_are_each_answered_or_told_busy(seed_store, tmp_path):
    """20 gradio_client users at once on a queue of 8: nobody is lost or left hanging, the app survives.
    A scripted model taking ~0.2 s per reply (0.01 s per token) keeps the queue full while they arrive."""
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    settings = make_settings(store, port=free_port(), queue_size=8)
    llm = ScriptedLLM([IP4_REPLY] * 40, delay=0.01)
    app, url, _ = _serve(settings, Engine(settings, llm=llm))
    users = 20
    try:
        with ThreadPoolExecutor(users) as pool:
            clients = list(pool.map(lambda _: Client(url, verbose=False), range(users)))
            start = threading.Barrier(users)

            def user(client: Client) -> tuple[str, str]:
                start.wait()
                job = client.submit(IP4, api_name="/ask")
                try:
                    result = job.result(timeout=180)
                except TimeoutError:
                    return "hung", ""
                except Exception as err:  # noqa: BLE001 - the busy answer arrives as an error
                    return ("busy" if "Queue is full" in str(err) else "failed"), str(err)
                return ("answered" if KT in {c["doc_id"] for c in result["citations"]} else "wrong"), ""

            outcomes = list(pool.map(user, clients))
        kinds = [k for k, _ in outcomes]
        assert kinds.count("answered") + kinds.count("busy") == users, outcomes
        assert kinds.count("answered") >= settings.queue_size, outcomes  # the queue's places were all used
        assert kinds.count("busy") >= 1, outcomes  # 20 at once cannot all fit
        after = Client(url, verbose=False).predict(IP4, api_name="/ask")  # and the app still works
        assert KT in {c["doc_id"] for c in after["citations"]}
    finally:
        app.close()


# 16: the soak script runs and reports a memory series --------------------------------------------------------

def test_soak_script_reports_rss_series_and_growth(seed_settings):
    from eval.bench_soak import soak

    result = soak(Engine(seed_settings, llm=ScriptedLLM([])), questions=12, every=4, use_llm=False)
    assert [p["questions"] for p in result["rss_mb"]] == [4, 8, 12]
    assert all(p["rss_mb"] > 0 for p in result["rss_mb"])
    assert result["answered"] + result["abstained"] == 12 and result["failed"] == 0
    assert result["growth_mb"] == round(result["rss_mb"][-1]["rss_mb"] - result["rss_mb"][0]["rss_mb"], 1)
