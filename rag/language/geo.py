"""Countries, told apart from cities and regions, and the country a nationality word names. Data in
rag/data/countries.tsv (a file a person can read and edit).

    country("the Netherlands") -> "Netherlands";  country("Vientiane") -> None
    country("Dutch") -> "Netherlands" (a demonym names its country);  country("U.S.") -> "United States"
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

COUNTRY_NOUNS = {"country", "countries", "nation", "nations", "government", "governments"}  # not "state": Ohio
CITY_NOUNS = {"city", "cities", "capital", "capitals", "town", "towns", "port", "village"}


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    """Lowercase name, other name or demonym -> the country's name."""
    out: dict[str, str] = {}
    text = resources.files("rag").joinpath("data/countries.tsv").read_text(encoding="utf-8")
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 3 or not cols[0].strip():
            raise ValueError(f"rag/data/countries.tsv line {n}: want 3 tab-separated columns (name, other names, "
                             f"demonyms), got {len(cols)}")
        name = cols[0].strip()
        for key in [name, *cols[1].split(","), *cols[2].split(",")]:
            if key.strip():
                out.setdefault(_key(key), name)
    return out


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    """Country name -> its first demonym: "China" -> "Chinese"."""
    out: dict[str, str] = {}
    text = resources.files("rag").joinpath("data/countries.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        cols = line.split("\t")
        if not line.startswith("#") and len(cols) == 3 and cols[2].strip():
            out[cols[0].strip()] = cols[2].split(",")[0].strip()
    return out


def demonym(text: str) -> str | None:
    """A country (by any of its names) -> its people's adjective: "China" -> "Chinese"; None if not a country."""
    name = country(text)
    return _demonyms().get(name) if name else None


def _key(text: str) -> str:
    return re.sub(r"^the\s+", "", " ".join(text.lower().replace("’", "'").split()))


def country(text: str) -> str | None:
    """A country's name, other name or nationality -> the country; anything else -> None."""
    return _table().get(_key(text))


def is_country(text: str) -> bool:
    return country(text) is not None
