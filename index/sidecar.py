"""The metadata sidecar: `metadata.toml` beside the articles, one table per doc_id, edited by people.

    ["002_d081907265adfced"]
    outlet = "The Korea Times"
    author = "Anna J. Park"
    notes = "outlet from the koreatimes.co.kr e-mail under the story"

Its values override what is inferred from the text and what the file states itself.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

from index.errors import ConfigError
from index.read import SIDECAR_NAME

FIELDS = ("outlet", "title", "author", "published", "url", "credit", "notes")
_PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def load_sidecar(folder: Path) -> dict[str, dict[str, str]]:
    """Articles folder -> {doc_id: {field: value}} from its metadata.toml; {} when there is none.

    Raises ConfigError naming the file, the document and the key when the file is invalid.
    """
    path = folder / SIDECAR_NAME
    if not path.is_file():
        return {}
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot read the metadata sidecar ({err}); save it as UTF-8") from None
    return parse_sidecar(text, str(path))


def parse_sidecar(text: str, source: str = SIDECAR_NAME) -> dict[str, dict[str, str]]:
    """TOML text -> validated entries. '["a"]\\noutlet = "AP"' -> {"a": {"outlet": "AP"}}"""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{source}: not valid TOML ({err})") from None
    entries: dict[str, dict[str, str]] = {}
    for doc_id, entry in data.items():
        if not isinstance(entry, dict):
            raise ConfigError(
                f'{source}: "{doc_id}" must be a table: write ["{doc_id}"] and its keys below it'
            )
        for key, value in entry.items():
            _check(source, doc_id, key, value)
        entries[doc_id] = dict(entry)
    return entries


def apply_sidecar(meta: dict[str, str], entry: dict[str, str]) -> dict[str, str]:
    """Inferred metadata + one sidecar entry -> merged metadata; every key the entry sets wins, even "".

    ({"outlet": "unknown", "title": "T"}, {"outlet": "AP"}) -> {"outlet": "AP", "title": "T"}
    """
    return {**meta, **{k: v for k, v in entry.items() if k != "notes"}}


def _check(source: str, doc_id: str, key: str, value: object) -> None:
    where = f'{source}: ["{doc_id}"] {key}'
    if key not in FIELDS:
        raise ConfigError(f"{where}: unknown key; allowed keys are {', '.join(FIELDS)}")
    if not isinstance(value, str):
        raise ConfigError(
            f'{where}: must be a string in quotes, e.g. {key} = "..." (got {type(value).__name__})'
        )
    if key == "published" and value and not _is_partial_date(value):
        raise ConfigError(f'{where}: "{value}" is not a date; write "YYYY-MM-DD", "YYYY-MM", "YYYY" or ""')


def _is_partial_date(value: str) -> bool:
    if not _PARTIAL_DATE.fullmatch(value):
        return False
    year, month, day = (value.split("-") + ["01", "01"])[:3]
    try:
        dt.date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True
