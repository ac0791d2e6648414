"""Incremental, idempotent, crash-safe builds on the real embedded Chroma store."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from index.build import build, remove, writer_lock
from index.errors import StoreBusy
from index.store import Store
from tests.conftest import ROOT, make_settings

SEEDS = ["000_a492bad89cb52a3e", "001_546bd0455f068fcd", "002_d081907265adfced",
         "003_ebf05fc48ef10ead", "004_b3ae7b4711933274"]


def _cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "index", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=300)


def test_bundled_corpus_builds_with_metadata(seed_settings):
    store = Store.open(seed_settings)
    docs = {d["doc_id"]: d for d in store.list_articles()}
    assert sorted(docs) == SEEDS
    assert docs["001_546bd0455f068fcd"]["outlet"] == "Business Standard"
    assert docs["002_d081907265adfced"]["outlet"] == "The Korea Times"
    assert docs["000_a492bad89cb52a3e"]["outlet"] == "unknown"
    assert all(d["chunks"] > 0 for d in docs.values())


def test_chunks_carry_offsets_into_the_cleaned_text(seed_settings):
    store = Store.open(seed_settings)
    for doc_id in SEEDS:
        text = store.get_article(doc_id)["text"]
        for c in store.get_chunks(doc_id):
            assert text[c["start"]:c["end"]] == c["text"]
            assert c["outlet"] and c["title"]


def test_syndicated_summit_reports_share_one_story(seed_settings):
    store = Store.open(seed_settings)
    a = store.get_article("000_a492bad89cb52a3e")
    b = store.get_article("001_546bd0455f068fcd")
    assert a["story"] and a["story"] == b["story"]
    assert "Business Standard" in a["carried_by"]
    assert store.get_article("002_d081907265adfced")["story"] == ""


def test_rebuilding_an_unchanged_corpus_changes_nothing(seed_settings):
    before = Store.open(seed_settings).version()
    report = build(seed_settings)
    assert (report.added, report.updated, report.unchanged, report.removed) == (0, 0, 5, 0)
    assert Store.open(seed_settings).version() == before


def test_edited_article_replaces_its_chunks(seed_settings, corpus):
    path = corpus / "004_b3ae7b4711933274.txt"
    text = path.read_text()
    path.write_text(text.replace("Jakarta, Indonesia", "Manila, Philippines"))
    report = build(seed_settings, articles=corpus)
    assert (report.added, report.updated, report.unchanged) == (0, 1, 4)
    chunks = " ".join(c["text"] for c in Store.open(seed_settings).get_chunks("004_b3ae7b4711933274"))
    assert "Manila, Philippines" in chunks and "Jakarta" not in chunks


def test_removed_file_is_pruned_only_with_prune(seed_settings, corpus):
    (corpus / "003_ebf05fc48ef10ead.txt").unlink()
    assert build(seed_settings, articles=corpus).removed == 0
    report = build(seed_settings, articles=corpus, prune=True)
    assert report.removed == 1 and report.documents == 4
    assert Store.open(seed_settings).get_chunks("003_ebf05fc48ef10ead") == []


def test_same_content_under_another_name_is_a_duplicate(seed_settings, corpus):
    (corpus / "copy_of_002.txt").write_bytes((corpus / "002_d081907265adfced.txt").read_bytes())
    report = build(seed_settings, articles=corpus)
    assert report.documents == 5 and report.unchanged == 5
    assert report.duplicates == [{"path": str(corpus / "copy_of_002.txt"), "doc_id": "copy_of_002",
                                  "duplicate_of": "002_d081907265adfced"}]


def test_bad_files_are_rejected_and_the_rest_indexed(settings, corpus):
    (corpus / "empty.txt").write_text("")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (corpus / "notes.pdf").write_bytes(b"%PDF-1.4")
    report = build(settings, articles=corpus)
    assert report.added == 5
    reasons = {os.path.basename(r["path"]): r["reason"] for r in report.rejected}
    assert set(reasons) == {"empty.txt", "binary.txt", "notes.pdf"}
    assert all(reasons.values())


def test_remove_deletes_one_document(seed_settings):
    assert remove(seed_settings, "003_ebf05fc48ef10ead")
    assert not remove(seed_settings, "003_ebf05fc48ef10ead")
    assert "003_ebf05fc48ef10ead" not in {d["doc_id"] for d in Store.open(seed_settings).list_articles()}


def test_second_writer_refuses_with_a_clear_message(settings):
    with writer_lock(settings):
        with pytest.raises(StoreBusy, match="another build is writing"):
            with writer_lock(settings, wait_s=0.2):
                pass


def test_cli_build_json_contract(tmp_path):
    out = _cli("build", "--store", str(tmp_path / "s"), "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert {"documents", "chunks", "added", "updated", "unchanged", "removed", "rejected", "duplicates"} <= set(report)
    assert report["documents"] == 5 and report["added"] == 5
    listed = json.loads(_cli("list", "--store", str(tmp_path / "s"), "--json").stdout)
    assert {d["doc_id"] for d in listed["documents"]} == set(SEEDS)
    assert set(listed["documents"][0]) == {"doc_id", "outlet", "title", "published", "chunks"}
    shown = json.loads(_cli("show", SEEDS[1], "--store", str(tmp_path / "s"), "--json").stdout)
    assert shown["outlet"] == "Business Standard" and shown["chunks"]
    assert all(shown["text"][c["start"]:c["end"]] == c["text"] for c in shown["chunks"])


def test_cli_errors_are_one_line(tmp_path):
    out = _cli("show", "nope", "--store", str(tmp_path / "s"), "--json")
    assert out.returncode == 2
    assert out.stderr.strip().startswith("error:") and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_reading_a_store_that_was_never_built_says_how_to_build_it(tmp_path):
    missing = tmp_path / "typo"
    for cmd in (["-m", "index", "list"], ["-m", "rag", "ask", "Who met in Seoul?"]):
        out = subprocess.run([sys.executable, *cmd, "--store", str(missing)], cwd=ROOT, capture_output=True,
                             text=True, timeout=120)
        assert out.returncode == 2, out.stderr
        assert out.stderr.strip() == f"error: no index at {missing}: build one with " \
                                     f"`python -m index build --store {missing}`"
    assert not missing.exists()  # nothing created by a mistyped path


def test_cli_exit_code_when_nothing_can_be_indexed(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "a.txt").write_text("   ")
    out = _cli("build", "--articles", str(bad), "--store", str(tmp_path / "s"), "--json")
    assert out.returncode == 1
    assert json.loads(out.stdout)["rejected"][0]["path"].endswith("a.txt")


@pytest.mark.integration
def test_kill_9_mid_build_then_rebuild_is_complete(tmp_path):
    """SIGKILL while writing a large corpus; the next build completes it with no duplicates."""
    articles = tmp_path / "many"
    articles.mkdir()
    for i in range(60):
        (articles / f"gen_{i:03d}.txt").write_text(
            f"Story {i} headline\n\n" + " ".join(f"Sentence {j} of story {i} reports fact {i * j}." for j in range(80)))
    store = tmp_path / "store"
    proc = subprocess.Popen([sys.executable, "-m", "index", "build", "--articles", str(articles), "--store",
                             str(store), "--json"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    settings = make_settings(store)
    deadline = time.time() + 120
    while time.time() < deadline:  # wait until some, not all, documents are written
        time.sleep(0.5)
        try:
            n = len(list((store).glob("**/*.sqlite3")))
        except OSError:
            n = 0
        if n and _count_docs(store) >= 5:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    report = build(settings, articles=articles)
    assert report.documents == 60
    s = Store.open(settings)
    states = s.chunk_states()
    for doc in s.list_articles():
        count, hashes = states[doc["doc_id"]]
        assert count == doc["chunks"] and len(hashes) == 1
    again = build(settings, articles=articles)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 60)


def _count_docs(store) -> int:
    code = ("import chromadb,sys; c=chromadb.PersistentClient(path=sys.argv[1]);"
            "print(c.get_or_create_collection('newsrag_articles').count())")
    out = subprocess.run([sys.executable, "-c", code, str(store)], capture_output=True, text=True, timeout=60)
    return int(out.stdout.strip() or 0) if out.returncode == 0 else 0
