"""Article files -> Articles: read, clean, infer metadata, then let the file's own fields and the sidecar win.

Precedence for every metadata field: sidecar > fields the file states (front matter, JSON, HTML <meta>) > inferred.
One bad file never stops a batch; it becomes a RejectedFile with a reason.
"""

from __future__ import annotations

import re
from pathlib import Path

from index.article import UNKNOWN_OUTLET, Article
from index.attribute import infer_metadata, parse_date
from index.clean import clean_text
from index.errors import RejectedFile, UserError
from index.read import RawDoc, list_article_files, read_path
from index.settings import Settings
from index.sidecar import apply_sidecar, load_sidecar

EMPTY_AFTER_CLEANING = "no story text left after cleaning"


def load_articles(folder: Path, settings: Settings) -> tuple[list[Article], list[RejectedFile]]:
    """Articles folder (with an optional metadata.toml) -> (articles, rejected files).

    Raises UserError when the folder is missing and ConfigError when its metadata.toml is invalid.
    """
    if not folder.is_dir():
        raise UserError(
            f"articles folder {folder} does not exist; set NEWSRAG_ARTICLES to a folder of articles"
        )
    return load_files(list_article_files(folder), settings, load_sidecar(folder))


def load_files(
    paths: list[Path], settings: Settings, sidecar: dict[str, dict[str, str]] | None = None
) -> tuple[list[Article], list[RejectedFile]]:
    """Files + settings + sidecar entries -> (articles, rejected); duplicate doc ids keep the first file."""
    max_bytes = int(settings.max_file_mb * 1_048_576)
    articles: list[Article] = []
    rejected: list[RejectedFile] = []
    first_path: dict[str, Path] = {}
    for path in paths:
        docs, bad = read_path(path, max_bytes)
        rejected.extend(bad)
        for doc in docs:
            if doc.doc_id in first_path and first_path[doc.doc_id] != path:
                reason = (
                    f"document id '{doc.doc_id}' is already used by {first_path[doc.doc_id].name}; rename it"
                )
                rejected.append(RejectedFile(str(path), reason))
                continue
            first_path[doc.doc_id] = path
            try:
                articles.append(
                    build_article(doc, (sidecar or {}).get(doc.doc_id, {}), settings.max_title_chars)
                )
            except RejectedFile as err:
                rejected.append(err)
    return articles, rejected


def build_article(doc: RawDoc, entry: dict[str, str], max_title_chars: int) -> Article:
    """RawDoc + its sidecar entry -> Article; raises RejectedFile when no story text survives cleaning."""
    text = clean_text(doc.text)
    if not text.strip():
        where = str(doc.path) if doc.fmt != "jsonl" else f"{doc.path} (id {doc.doc_id})"
        raise RejectedFile(where, EMPTY_AFTER_CLEANING)
    meta = infer_metadata(doc.text, text)
    stated = {k: v for k, v in doc.meta.items() if v}
    if "published" in stated:
        stated["published"] = _stated_date(stated["published"])
    meta = apply_sidecar({**meta, **{k: v for k, v in stated.items() if v}}, entry)
    return Article(
        doc_id=doc.doc_id,
        text=text,
        title=truncate_title(meta.get("title", ""), max_title_chars),
        outlet=" ".join(meta.get("outlet", "").split()) or UNKNOWN_OUTLET,
        author=" ".join(meta.get("author", "").split()),
        published=meta.get("published", ""),
        url=meta.get("url", "").strip(),
        credit=meta.get("credit", "").strip(),
        source_path=str(doc.path),
    )


def _stated_date(value: str) -> str:
    """A file's own date -> ISO; it may carry a time ("2023-09-26T17:01:22+00:00") or be partial ("2024-09")."""
    value = value.strip()
    return value if re.fullmatch(r"\d{4}(-\d{2})?", value) else parse_date(value)


def truncate_title(title: str, max_chars: int) -> str:
    """Title -> one line of at most max_chars, ending in "…" when cut. ("A long headline", 8) -> "A long…" """
    title = " ".join(title.split())
    if len(title) <= max_chars:
        return title
    return title[: max_chars - 1].rstrip() + "…"
