"""Hybrid retrieval on the seed store with the real embedder: ranking, outlet hints, syndicated copies, modes."""

from __future__ import annotations

import pytest

from index.embed import make_embedder
from index.store import Store
from rag.reply.pipeline import Engine
from rag.retrieval.hybrid import Filters, HybridRetriever

KT, BS, NZ = "002_d081907265adfced", "001_546bd0455f068fcd", "000_a492bad89cb52a3e"


@pytest.fixture()
def engine(seed_settings):
    return Engine(seed_settings)


def test_the_article_that_answers_is_ranked_first(engine):
    passages, timings = engine.retrieve("Which countries make up the Indo-Pacific Partners 4 (IP4) with South Korea?")
    assert passages[0].doc_id == KT and len(passages) == engine.settings.top_k
    assert timings["retrieve_s"] > 0


def test_an_outlet_named_in_the_question_filters_to_it(engine):
    passages, _ = engine.retrieve("What did Business Standard report about the summit in Seoul?")
    assert passages and {p.doc_id for p in passages} == {BS}


def test_explicit_filters_win(engine):
    passages, _ = engine.retrieve("What did the leaders condemn?", filters=Filters(outlets=["The Korea Times"]))
    assert passages and {p.outlet for p in passages} == {"The Korea Times"}


def test_syndicated_copies_collapse_into_one_passage_keeping_every_outlet(engine):
    passages, _ = engine.retrieve("How much has trade between South Korea and New Zealand grown?")
    trade = [p for p in passages if "nearly doubl" in p.text]
    assert len(trade) == 1, [p.doc_id for p in trade]  # one passage, not one per outlet
    assert {trade[0].doc_id, *(c["doc_id"] for c in trade[0].also)} == {BS, NZ}


def test_dense_mode_ranks_by_cosine_alone(seed_settings):
    store = Store.open(seed_settings)
    dense = HybridRetriever(store, make_embedder(seed_settings.embed), mode="dense")
    passages, _ = dense.retrieve("Which Russian official attended the ASEAN summit in Laos?", k=6)
    cosines = [p.dense for p in passages]
    assert len(cosines) == 6 and cosines == sorted(cosines, reverse=True)
    with pytest.raises(ValueError):
        HybridRetriever(store, make_embedder(seed_settings.embed), mode="sparse")
