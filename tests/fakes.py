"""Test doubles that tell texts apart, so ranking and verification tests mean something."""

from __future__ import annotations

import itertools
import re
import time
import zlib

import numpy as np


class HashEmbed:
    """Hashed bag of lowercase words and word bigrams, L2-normalised: shared words -> close vectors.

    HashEmbed()(["Luxon met Yoon", "Luxon met Yoon"]) -> two equal unit vectors of 512 floats
    """

    def __init__(self, dim: int = 512):
        self.dim = dim

    def __call__(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def _vector(self, text: str) -> list[float]:
        words = re.findall(r"[a-z0-9]+", text.lower())
        vec = np.zeros(self.dim)
        # crc32, not hash(): Python salts str hashes per process and tests must be repeatable.
        for feature in words + [f"{a} {b}" for a, b in itertools.pairwise(words)]:
            vec[zlib.crc32(feature.encode()) % self.dim] += 1.0
        norm = np.linalg.norm(vec)
        return (vec / norm if norm else vec).tolist()


class FakeEmbedding:
    """A llama-index BaseEmbedding over HashEmbed (built lazily so importing fakes needs no llama-index)."""

    def __new__(cls, dim: int = 384):  # type: ignore[misc]
        from llama_index.core.base.embeddings.base import BaseEmbedding

        hashed = HashEmbed(dim)

        class _HashEmbedding(BaseEmbedding):
            def _get_query_embedding(self, query: str) -> list[float]:
                return hashed([query])[0]

            def _get_text_embedding(self, text: str) -> list[float]:
                return hashed([text])[0]

            async def _aget_query_embedding(self, query: str) -> list[float]:
                return hashed([query])[0]

        return _HashEmbedding(model_name="hash-embed")


class ScriptedLLM:
    """A llama-index LLM that streams queued replies and records every prompt it was sent.

    llm = ScriptedLLM(["Trade doubled [1]."]); llm.stream_chat(msgs) -> yields "Trade", " doubled", ...
    An Exception in the queue is raised instead of a reply (after `fail_after` tokens, to test partial answers).
    `delay` seconds pass before each token: a slow model that keeps a web queue busy.
    """

    def __new__(cls, replies: list, fail_after: int | None = None, delay: float = 0.0):  # type: ignore[misc]
        from llama_index.core.base.llms.types import (
            ChatMessage,
            ChatResponse,
            CompletionResponse,
            LLMMetadata,
        )
        from llama_index.core.llms.custom import CustomLLM

        class _Scripted(CustomLLM):
            queue: list = []
            prompts: list = []

            @property
            def metadata(self) -> LLMMetadata:
                return LLMMetadata(context_window=2048, num_output=200, is_chat_model=True, model_name="scripted")

            def stream_chat(self, messages, **kwargs):  # type: ignore[no-untyped-def]
                self.prompts.append([m.content for m in messages])
                reply = self.queue.pop(0) if self.queue else ""
                text = ""
                pieces = re.findall(r"\S+\s*", reply if isinstance(reply, str) else "")
                for n, piece in enumerate(pieces):
                    if fail_after is not None and n == fail_after:
                        raise ConnectionError("scripted failure mid-stream")
                    time.sleep(delay)
                    text += piece
                    yield ChatResponse(message=ChatMessage(role="assistant", content=text), delta=piece)
                if isinstance(reply, Exception):
                    raise reply

            def chat(self, messages, **kwargs):  # type: ignore[no-untyped-def]
                last = None
                for last in self.stream_chat(messages, **kwargs):
                    pass
                return last or ChatResponse(message=ChatMessage(role="assistant", content=""))

            def complete(self, prompt, formatted=False, **kwargs):  # type: ignore[no-untyped-def]
                return CompletionResponse(text=self.chat([ChatMessage(role="user", content=prompt)]).message.content)

            def stream_complete(self, prompt, formatted=False, **kwargs):  # type: ignore[no-untyped-def]
                for part in self.stream_chat([ChatMessage(role="user", content=prompt)]):
                    yield CompletionResponse(text=part.message.content, delta=part.delta)

        llm = _Scripted()
        llm.queue = list(replies)
        llm.prompts = []
        return llm
