"""The list of feeds `python -m index refresh` reads: `<store>/web/feeds.json`, beside the Chroma data.

    {"feeds": [{"url": "https://example.org/rss", "kind": "feed", "added": "2025-01-02T03:04:05+00:00",
                "checked": "", "etag": "\\"v7\\"", "last_modified": "Wed, 04 Sep 2024 08:12:00 GMT",
                "seen": ["https://example.org/news/story-1", ...]}]}

A person may read or edit it. `seen` holds the clean URLs of entries already handled (indexed, duplicates,
or rejected for good), newest last, at most SEEN_KEPT per feed. Every change is a locked read-modify-write
and an atomic replace, so `feeds add` during a `refresh` loses neither.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from index.errors import ConfigError, StoreBusy
from index.settings import Settings
from index.urls import clean_url

WEB_DIR = "web"  # <store>/web/: feeds.json and metadata.toml (the sidecar for web articles)
FEEDS_FILE = "feeds.json"
SEEN_KEPT = 2000  # a feed lists its latest entries only; older seen URLs can be forgotten
LOCK_WAIT_S = 30.0


@dataclass
class Feed:
    url: str
    kind: str = "feed"  # feed | sitemap
    added: str = ""
    checked: str = ""  # when refresh last asked for it
    etag: str = ""
    last_modified: str = ""
    seen: list[str] = field(default_factory=list)


def web_dir(settings: Settings) -> Path:
    return settings.store / WEB_DIR


def feeds_path(settings: Settings) -> Path:
    return web_dir(settings) / FEEDS_FILE


def load_feeds(settings: Settings) -> list[Feed]:
    """The saved feeds, in the order they were added; [] when there is no list yet."""
    return _read(feeds_path(settings))


def add_feed(settings: Settings, url: str, kind: str) -> bool:
    """Append a feed; False when the same (clean) URL is already listed."""
    added = False

    def change(feeds: list[Feed]) -> None:
        nonlocal added
        if any(clean_url(f.url) == clean_url(url) for f in feeds):
            return
        feeds.append(Feed(url=url, kind=kind, added=now()))
        added = True

    update_feeds(settings, change)
    return added


def remove_feed(settings: Settings, url: str) -> bool:
    """Drop a feed (matched by clean URL); False when it was not listed. Indexed articles stay."""
    removed = False

    def change(feeds: list[Feed]) -> None:
        nonlocal removed
        keep = [f for f in feeds if clean_url(f.url) != clean_url(url)]
        removed = len(keep) < len(feeds)
        feeds[:] = keep

    update_feeds(settings, change)
    return removed


def update_feeds(settings: Settings, change: Callable[[list[Feed]], None]) -> None:
    """Locked read, change in place, atomic write."""
    path = feeds_path(settings)
    with _locked(path):
        feeds = _read(path)
        change(feeds)
        for f in feeds:
            f.seen = f.seen[-SEEN_KEPT:]
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"feeds": [asdict(f) for f in feeds]}, indent=1, ensure_ascii=False) + "\n",
                       encoding="utf-8")
        os.replace(tmp, path)


def now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path) + ".lock")
    try:
        lock.acquire(timeout=LOCK_WAIT_S)
    except Timeout:
        raise StoreBusy(f"another process is changing {path}; try again in a moment") from None
    try:
        yield
    finally:
        lock.release()


def _read(path: Path) -> list[Feed]:
    if not path.is_file():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        rows = data["feeds"]
        known = set(Feed.__dataclass_fields__)
        return [Feed(**{k: v for k, v in row.items() if k in known}) for row in rows]
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ConfigError(f"{path}: not a valid feed list ({type(err).__name__}); fix or delete it") from None
