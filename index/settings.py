"""The one settings object: typed, documented per field, read from the environment and `.env`.

Every field maps to a `NEWSRAG_<FIELD>` variable (e.g. `NEWSRAG_STORE`). Unknown `NEWSRAG_` keys are rejected.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from index.errors import ConfigError

BUNDLED_CORPUS = Path(__file__).parent / "corpus"
# Source text in the prompt. The embedded 135M model reads ~200 prompt tokens/s on 2 cores, so its sources are
# the best ~100 tokens (the answer is ranked against the quotes anyway); larger models get room to read.
EMBEDDED_PROMPT_TOKENS, OTHER_PROMPT_TOKENS = 100, 1500
# A model sentence is ranked with the article quotes at its score times this weight. The embedded 135M model's
# verified sentences still swap who did what ("the summit was held by Yoon") where a quote cannot, and on the gold
# set they displaced quotes holding the key fact: it must answer twice as well as the best quote to be shown.
EMBEDDED_MODEL_WEIGHT, OTHER_MODEL_WEIGHT = 0.5, 1.0
WEB_USER_AGENT = "newsrag/0.1 (news question answering; indexes articles it is given)"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="NEWSRAG_", env_file=".env", env_file_encoding="utf-8", extra="forbid"
    )

    store: Path = Field(Path(".newsrag/store"), description="Folder of the embedded Chroma store.")
    articles: Path = Field(BUNDLED_CORPUS, description="Folder of article files (default: bundled corpus).")
    collection: str = Field("newsrag", min_length=3, max_length=40, description="Chroma collection name prefix.")
    chroma_host: str | None = Field(None, description="Chroma server host; set to use chromadb.HttpClient.")
    chroma_port: int = Field(8000, description="Chroma server port (with NEWSRAG_CHROMA_HOST).")
    keyword_dir: Path | None = Field(
        None, description="Folder of the saved keyword index (BM25 segments, memory-mapped by readers). Default: "
        "`<store>/keyword` for the embedded store; none with a Chroma server, where each app process builds its "
        "own from the collection once and follows the change log; set it there to keep a local copy that the "
        "next start loads instead.")
    keyword_poll_s: float = Field(1.0, ge=0.1, le=60, description="Seconds between two checks by a serving "
                                  "process for writes made elsewhere (the change log in Chroma, a newer saved "
                                  "keyword index); each is applied in the background.")
    embed: str = Field(
        "minilm-int8",
        description="Embedder: `minilm-int8` (offline default), `openai:MODEL`, `hf:SENTENCE_TRANSFORMERS_NAME`.",
    )
    llm: str = Field(
        "embedded", description="LLM: `embedded` (SmolLM2-135M), `gguf:/path/model.gguf`, `openai:MODEL`."
    )
    llm_timeout_s: float = Field(12.0, gt=0, description="Seconds before a model request is abandoned.")
    llm_retries: int = Field(1, ge=0, le=5, description="Retries on connection errors, 429 and 5xx.")
    llm_context: int = Field(2048, ge=512, description="Context window (tokens) for local GGUF models.")
    llm_threads: int = Field(2, ge=1, description="CPU threads for local GGUF models.")
    max_answer_tokens: int = Field(200, ge=16, description="Most tokens the model may generate per answer.")
    chunk_tokens: int = Field(160, ge=32, le=512, description="Target chunk size in word-piece tokens.")
    chunk_overlap_sentences: int = Field(1, ge=0, le=3, description="Sentences repeated between chunks.")
    prompt_tokens: int | None = Field(
        None, ge=64, description="Tokens of source text given to the model: the best sentences across the passages. "
        "Default: 100 for the embedded model (each prompt token delays its first answer token by ~5 ms on 2 cores), "
        "1500 for any other model.")
    model_weight: float | None = Field(
        None, gt=0, le=2, description="Weight of the model's verified sentences against quotes from the articles "
        "(the answer shows the best-ranked). Default: 0.5 for the embedded model, 1.0 for any other model.")
    top_k: int = Field(6, ge=1, le=50, description="Passages given to the answer step.")
    max_file_mb: float = Field(5.0, gt=0, description="Article files larger than this are rejected.")
    max_title_chars: int = Field(300, ge=20, description="Longer titles are truncated.")
    max_question_chars: int = Field(1000, ge=10, description="Longer questions are rejected.")
    abstain_below: float = Field(0.24, description="Abstain when no passage's relevance (0.6 cosine + 0.4 word coverage) reaches this.")
    host: str = Field("127.0.0.1", description="Address the web UI binds.")
    port: int = Field(7860, description="Port of the web UI.")
    auth: str | None = Field(None, description="`user:password` to require a login in the web UI.")
    max_upload_mb: float = Field(5.0, gt=0, description="Largest article upload in the web UI.")
    queue_size: int = Field(16, ge=1, description="Questions that may wait for the model before 'busy'.")
    feedback: Path = Field(Path(".newsrag/feedback.jsonl"), description="Where thumbs up/down are saved.")
    web_user_agent: str = Field(WEB_USER_AGENT, min_length=3, description="User-Agent sent with every web "
                                "request (`index add`, `index refresh`, the Corpus tab): names the project.")
    web_timeout_s: float = Field(15.0, gt=0, description="Seconds a web server may take to connect or to send "
                                 "the next bytes; a whole download may take 3 times this.")
    web_max_mb: float = Field(5.0, gt=0, description="Web pages, feeds and sitemaps larger than this are rejected.")
    web_delay_s: float = Field(1.0, ge=0, description="Seconds between two requests to the same host.")
    web_max_entries: int = Field(20, ge=1, le=1000, description="Most entries fetched from one feed or sitemap "
                                 "(the newest first).")
    web_min_words: int = Field(60, ge=1, description="A fetched page whose story has fewer words is rejected as "
                               "too little text to be an article.")
    web_allow_private: bool = Field(False, description="Allow fetching from loopback and private addresses "
                                    "(127.0.0.1, 10.x, 192.168.x). Off: the web app cannot be used to reach "
                                    "services inside your network.")

    @property
    def source_tokens(self) -> int:
        """NEWSRAG_PROMPT_TOKENS, or its default for the configured model."""
        if self.prompt_tokens is not None:
            return self.prompt_tokens
        return EMBEDDED_PROMPT_TOKENS if self.llm == "embedded" else OTHER_PROMPT_TOKENS

    @property
    def drafted_weight(self) -> float:
        """NEWSRAG_MODEL_WEIGHT, or its default for the configured model."""
        if self.model_weight is not None:
            return self.model_weight
        return EMBEDDED_MODEL_WEIGHT if self.llm == "embedded" else OTHER_MODEL_WEIGHT


_KNOWN_ENV = {f"NEWSRAG_{name.upper()}" for name in Settings.model_fields} | {"NEWSRAG_DEBUG"}


def load_settings(**overrides: object) -> Settings:
    """Environment and `.env`, then explicit overrides (CLI flags) -> Settings; bad values -> ConfigError."""
    clean = {k: v for k, v in overrides.items() if v is not None}
    unknown = sorted(k for k in os.environ if k.startswith("NEWSRAG_") and k not in _KNOWN_ENV)
    if unknown:
        raise ConfigError(f"unknown setting {unknown[0]}: see the README's configuration table")
    try:
        return Settings(**clean)  # type: ignore[arg-type]
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "settings"
        raise ConfigError(f"invalid setting NEWSRAG_{where.upper()}: {first['msg']}") from None
