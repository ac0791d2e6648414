"""Shared fixtures: a store of the bundled corpus built once per session with the real offline embedder."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest

from index.settings import BUNDLED_CORPUS, Settings

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts"


@pytest.fixture(autouse=True)
def _no_user_environment(monkeypatch):
    """Tests never read the developer's NEWSRAG_* variables, .env, or cloud keys."""
    for key in list(os.environ):
        if key.startswith("NEWSRAG_") or key in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
            monkeypatch.delenv(key, raising=False)


def make_settings(store: Path, **kw) -> Settings:
    # A scripted model stands for any model: its sentences compete with the quotes at face value (the embedded
    # model's lower default weight has tests of its own).
    kw.setdefault("model_weight", 1.0)
    return Settings(_env_file=None, store=store, feedback=store.parent / "feedback.jsonl", **kw)


@pytest.fixture
def settings(tmp_path) -> Settings:
    return make_settings(tmp_path / "store")


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A writable copy of the bundled corpus (with its sidecar)."""
    dest = tmp_path / "articles"
    shutil.copytree(BUNDLED_CORPUS, dest)
    return dest


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory) -> Path:
    """The bundled corpus indexed once with the default embedder; tests copy or read it."""
    from index.build import build

    store = tmp_path_factory.mktemp("seed") / "store"
    build(make_settings(store))
    return store


@pytest.fixture
def seed_settings(seed_store, tmp_path) -> Settings:
    """Settings on a private copy of the seed store (tests may write to it)."""
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    return make_settings(store)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def crowded_store(tmp_path_factory) -> Path:
    """The bundled corpus plus the 326 MultiHop-RAG evidence articles (tech, sport, finance news from 37
    outlets), indexed once: abstention must not lean on a word being absent from five articles."""
    from eval import multihop
    from eval.run import build_corpora

    root = tmp_path_factory.mktemp("crowded")
    _, truth = multihop.load_benchmark(multihop.find_benchmark())
    unrelated = multihop.write_corpus(multihop.build_articles(truth), root / "unrelated").parent
    store = root / "store"
    build_corpora(make_settings(store), [BUNDLED_CORPUS, unrelated])
    return store


@pytest.fixture(params=["bundled", "crowded"])
def answer_settings(request, seed_store) -> Settings:
    """Settings on the bundled store, then on the store crowded with unrelated articles (read only)."""
    store = seed_store if request.param == "bundled" else request.getfixturevalue("crowded_store")
    return make_settings(store)
