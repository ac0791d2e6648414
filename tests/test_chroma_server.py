"""The same build and retrieval against a real `chroma run` server on 127.0.0.1 (NEWSRAG_CHROMA_HOST/_PORT)."""

import threading

import pytest

from index.build import build
from index.store import Store
from rag.pipeline import Engine
from tests.conftest import make_settings
from tests.fakes import ScriptedLLM
from tests.servers import chroma_server

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with chroma_server(tmp_path_factory.mktemp("chroma")) as port:
        yield port


def test_build_and_ask_through_a_chroma_server(server, tmp_path):
    settings = make_settings(tmp_path / "unused", chroma_host="127.0.0.1", chroma_port=server, collection="srvtest")
    report = build(settings)
    assert report.added == 5 and report.chunks > 5
    assert build(settings).unchanged == 5
    assert not (tmp_path / "unused").exists()  # nothing written locally in server mode
    engine = Engine(settings, llm=ScriptedLLM(["Japan, Australia and New Zealand are in the IP4 [1]."]))
    answer = engine.ask("Which countries make up the IP4 group?")
    assert "002_d081907265adfced" in {c.doc_id for c in answer.citations}


def test_several_writers_work_with_a_server(server, tmp_path, corpus):
    settings = make_settings(tmp_path / "unused", chroma_host="127.0.0.1", chroma_port=server, collection="multi")
    errors = []

    def run():
        try:
            build(settings, articles=corpus)
        except Exception as err:
            errors.append(err)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    store = Store.open(settings)
    assert store.articles.count() == 5
    states = store.chunk_states()
    for doc in store.list_articles():
        assert states[doc["doc_id"]][0] == doc["chunks"]
