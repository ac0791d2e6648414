"""The saved keyword index on the real embedded store: written at ingest, loaded by a fresh process, updated
incrementally by builds and removals (in this process and another), built once for an old store, and never in
a question's way."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading

from index.build import build, remove
from index.keyword_files import load
from index.keyword_sync import keyword_folder
from index.store import Store
from rag.reply.pipeline import Engine
from rag.retrieval.keyword import KeywordIndex
from tests.conftest import ROOT
from tests.keyword_helpers import assert_same_ranking, ferry_folder, rebuilt_ranking

KT = "002_d081907265adfced"
QUERIES = ["Which countries make up the IP4 group?", "What did NATO say about North Korea?",
           "Luxon took office in November 2022", "ferry strike in Wellington"]
READ_IN_A_FRESH_PROCESS = """
import json, sys
from index.settings import Settings
from index.store import Store
from rag.retrieval.keyword import KeywordIndex
kw = KeywordIndex(Store.open(Settings(_env_file=None, store=sys.argv[1])))
kw.refresh()
snap = kw._current()
print(json.dumps({"generation": snap.generation, "loaded": all(s.saved for s in snap.segments),
                  "results": {q: {r["chunk_id"]: s for r, s in kw.search(q, 20)} for q in json.loads(sys.argv[2])}}))
"""


def _ranks_as_rebuilt(ours: dict[str, float], store: Store, query: str) -> None:
    assert_same_ranking(ours, rebuilt_ranking(store.get_chunks(), query))


def test_ingest_saves_the_index_and_a_fresh_process_loads_it_ranking_as_a_rebuild(seed_settings):
    folder = keyword_folder(Store.open(seed_settings))
    assert (folder / "CURRENT").is_file()
    out = subprocess.run([sys.executable, "-c", READ_IN_A_FRESH_PROCESS, str(seed_settings.store), json.dumps(QUERIES)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert got["loaded"] and got["generation"] >= 1  # read from the saved segments, not from the chunks
    store = Store.open(seed_settings)
    for q in QUERIES[:3]:
        assert got["results"][q], q
        _ranks_as_rebuilt(got["results"][q], store, q)


def test_an_added_and_a_removed_article_are_applied_without_rebuilding(seed_settings, tmp_path):
    store = Store.open(seed_settings)
    reader = KeywordIndex(store)
    reader.refresh()
    before = {s.name for s in reader._current().segments}
    report = build(seed_settings, articles=ferry_folder(tmp_path))
    assert report.added == 1
    # this process's reader caught up before build() returned; the saved segments were kept, not rewritten
    hits = reader.search("zebracorn ferry strike", 5)
    assert hits and hits[0][0]["doc_id"] == "ferry_strike"
    assert before <= {s.name for s in reader._current().segments}
    assert "Picton" in reader.article_text("ferry_strike") and not reader.unknown(["zebracorn"])
    assert "ferry_strike" in reader.articles and "Harbour Tribune" in reader.outlets

    assert remove(seed_settings, KT)
    assert not any(row["doc_id"] == KT for row, _ in reader.search("Indo-Pacific Partners IP4 Korea Times", 50))
    assert reader.article_text(KT) == "" and KT not in reader.articles
    for q in QUERIES:
        _ranks_as_rebuilt({r["chunk_id"]: s for r, s in reader.search(q, 20)}, store, q)
    saved = load(keyword_folder(store))
    assert saved.n_chunks == store.chunks.count() and set(saved.articles) == {a["doc_id"] for a in store.list_articles()}


def test_a_write_by_another_process_is_loaded_by_the_next_update(seed_settings, tmp_path):
    reader = KeywordIndex(Store.open(seed_settings))
    reader.refresh()
    out = subprocess.run([sys.executable, "-m", "index", "build", "--articles", str(ferry_folder(tmp_path)), "--store",
                          str(seed_settings.store), "--json"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    reader.update()  # what the background thread does every NEWSRAG_KEYWORD_POLL_S
    assert reader.search("zebracorn", 3)[0][0]["doc_id"] == "ferry_strike"
    assert reader._current().generation == load(keyword_folder(reader.store)).generation


def test_an_old_store_without_a_saved_index_is_indexed_once_then_saved(seed_settings):
    store = Store.open(seed_settings)
    shutil.rmtree(seed_settings.store / "keyword")
    first = KeywordIndex(store)
    first.refresh()
    assert first.search("IP4 group countries", 3)[0][0]["doc_id"] == KT
    assert (keyword_folder(store) / "CURRENT").is_file()
    second = KeywordIndex(Store.open(seed_settings))
    second.refresh()
    assert second._current().generation == first._current().generation  # loaded, not built again
    assert second.search("IP4 group countries", 3) == first.search("IP4 group countries", 3)


def test_a_question_during_an_update_neither_waits_nor_fails(seed_settings, tmp_path):
    engine = Engine(seed_settings)
    question = "Which countries make up the IP4 group?"
    assert engine.retrieve(question)[0]
    keyword = engine.retriever.keyword
    answered: list = []
    asking = threading.Thread(target=lambda: answered.extend(engine.retrieve(question)[0] for _ in range(3)))
    with keyword._lock:  # an update is in progress (loading a generation, applying the log)
        asking.start()
        asking.join(timeout=120)  # a guard against a hang, not a latency bound
        assert not asking.is_alive(), "a question waited for the keyword index update"
    assert len(answered) == 3 and all(p[0].doc_id == KT for p in answered)

    errors: list = []
    writer = threading.Thread(target=lambda: build(seed_settings, articles=ferry_folder(tmp_path)))
    writer.start()
    while writer.is_alive():  # questions keep being answered while the build writes and publishes
        try:
            assert engine.retrieve(question)[0][0].doc_id == KT
        except Exception as err:  # noqa: PERF203
            errors.append(err)
    writer.join()
    assert not errors
    assert any(p.doc_id == "ferry_strike" for p in engine.retrieve("zebracorn ferry strike in Wellington")[0])
