"""The one errors module. Messages say what to do; only the CLIs and the UI turn them into text."""


class NewsragError(Exception):
    """Base of every error a user may see. `str(err)` is a one-line message."""


class UserError(NewsragError):
    """The user's input is wrong (a bad question, a bad option, a bad file)."""


class RejectedFile(UserError):
    """One article file cannot be indexed; the rest of the batch goes on."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class FetchFailed(RejectedFile):
    """One web source cannot be fetched or read; `transient` when trying again later may work (a timeout,
    a refused connection, HTTP 429 or 5xx), so `refresh` will ask for it again."""

    def __init__(self, url: str, reason: str, transient: bool = False):
        super().__init__(url, reason)
        self.transient = transient


class StoreError(NewsragError):
    """The index store is unusable (locked, unreachable, corrupt)."""


class StoreBusy(StoreError):
    """Another process is writing this embedded store."""


class ModelError(NewsragError):
    """The LLM or embedding model failed (missing, unreachable, rate limited, timed out)."""


class ConfigError(UserError):
    """A configuration value is invalid."""
