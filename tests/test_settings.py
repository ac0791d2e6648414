import pytest

from index.errors import ConfigError
from index.settings import Settings, load_settings


def test_environment_variables_are_read(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSRAG_STORE", str(tmp_path / "s"))
    monkeypatch.setenv("NEWSRAG_TOP_K", "9")
    s = load_settings()
    assert s.store == tmp_path / "s" and s.top_k == 9


def test_explicit_overrides_beat_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSRAG_STORE", str(tmp_path / "env"))
    assert load_settings(store=tmp_path / "flag").store == tmp_path / "flag"


def test_unknown_variable_is_rejected_with_its_name(monkeypatch):
    monkeypatch.setenv("NEWSRAG_TOPK", "3")
    with pytest.raises(ConfigError, match="NEWSRAG_TOPK"):
        load_settings()


def test_bad_value_is_a_one_line_config_error(monkeypatch):
    monkeypatch.setenv("NEWSRAG_TOP_K", "many")
    with pytest.raises(ConfigError, match="NEWSRAG_TOP_K") as err:
        load_settings()
    assert "\n" not in str(err.value)


def test_dotenv_file_is_read(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("NEWSRAG_TOP_K=4\n")
    assert load_settings().top_k == 4


def test_defaults_are_safe():
    s = load_settings()
    assert s.host == "127.0.0.1" and s.auth is None and s.llm == "embedded" and s.embed == "minilm-int8"


def test_model_dependent_defaults_and_their_overrides(monkeypatch):
    for name in ("NEWSRAG_PROMPT_TOKENS", "NEWSRAG_MODEL_WEIGHT", "NEWSRAG_LLM"):
        monkeypatch.delenv(name, raising=False)
    embedded, remote = Settings(_env_file=None), Settings(_env_file=None, llm="openai:gpt-4o-mini")
    assert (embedded.source_tokens, embedded.drafted_weight) == (100, 0.5)
    assert (remote.source_tokens, remote.drafted_weight) == (1500, 1.0)
    monkeypatch.setenv("NEWSRAG_MODEL_WEIGHT", "0.8")
    assert Settings(_env_file=None).drafted_weight == 0.8
