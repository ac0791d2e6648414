"""Uploaded article files -> saved under `<store>/uploads/` -> indexed next to what is already there.

Nothing stored is removed by an upload (no pruning); a file named like a stored document replaces it,
as an edited article should. Rejected files are reported by name with their reason, never by server path.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from index.build import BuildReport, build_articles
from index.errors import RejectedFile
from index.load import load_files
from index.read import TEXT_FORMATS
from index.settings import Settings
from index.store import Store
from ui.render import esc

UPLOAD_DIR = "uploads"
ARTICLE_COLUMNS = ["doc_id", "outlet", "title", "author", "published", "chunks", "also carried by"]


def safe_name(name: str) -> str:
    """An uploaded file's name -> a plain file name. "../../etc/My story!.txt" -> "My_story_.txt" """
    base = os.path.basename(name.replace("\\", "/"))
    stem, ext = os.path.splitext(base)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", stem).strip("._-")[:100] or "upload"
    return stem + re.sub(r"[^A-Za-z0-9.]", "", ext.lower())[:12]


def save_uploads(paths: list[str], folder: Path) -> tuple[list[Path], list[RejectedFile]]:
    """Gradio temp files -> copies in `folder` (article types only); other types rejected with a reason."""
    folder.mkdir(parents=True, exist_ok=True)
    saved, rejected = [], []
    for p in paths:
        name = safe_name(Path(p).name)
        ext = Path(name).suffix
        if ext not in TEXT_FORMATS:
            kind = f"'{ext}'" if ext else "no extension"
            rejected.append(RejectedFile(name, f"unsupported file type ({kind}); use .txt, .md, .html or .jsonl"))
            continue
        dest = folder / name
        shutil.copyfile(p, dest)
        saved.append(dest)
    return saved, rejected


def index_uploads(settings: Settings, paths: list[str],
                  progress: Callable[[int, int, str], None] | None = None) -> BuildReport:
    """Uploaded files -> BuildReport: saved, read, cleaned and indexed incrementally (nothing pruned)."""
    saved, rejected = save_uploads(paths, settings.store / UPLOAD_DIR)
    articles, bad = load_files(saved, settings)
    return build_articles(settings, articles, rejected + bad, prune_missing=False, progress=progress)


def display_name(path: str) -> str:
    """A rejection's path -> what the user sees: the file name (and a JSONL line's id), never the folder."""
    return os.path.basename(path.replace("\\", "/"))


def report_html(report: BuildReport, name: Callable[[str], str] = display_name) -> str:
    """BuildReport -> a short summary: what was added, updated, unchanged, duplicated and rejected (with why).
    `name` turns a rejection's path into what the user sees (a file name; a URL stays whole)."""
    done = [f"{n} {label}" for n, label in ((report.added, "added"), (report.updated, "updated"),
                                             (report.unchanged, "unchanged")) if n]
    summary = (f'<div class="nr-upload"><div class="nr-upload-sum"><b>{esc(", ".join(done) or "nothing indexed")}'
               f"</b> · the store now holds {report.documents} articles in {report.chunks} passages.</div>")
    parts = [summary]
    if report.duplicates:
        rows = "".join(f"<li><b>{esc(name(d['path']))}</b>: same story as "
                       f"<code>{esc(d['duplicate_of'])}</code>, not indexed twice</li>" for d in report.duplicates)
        parts.append(f'<div class="nr-dups">Duplicates<ul>{rows}</ul></div>')
    if report.rejected:
        rows = "".join(f"<li><b>{esc(name(r['path']))}</b>: {esc(r['reason'])}</li>"
                       for r in report.rejected)
        parts.append(f'<div class="nr-rejected">Rejected<ul>{rows}</ul></div>')
    return "".join(parts) + "</div>"


def article_rows(store: Store) -> list[list]:
    """Every indexed article -> a table row (ARTICLE_COLUMNS)."""
    rows = []
    for a in store.list_articles():
        own = a["outlet"] if a["outlet"] not in ("", "unknown") else a["title"]
        others = [o for o in a.get("carried_by") or [] if o != own]
        rows.append([a["doc_id"], a["outlet"], a["title"], a["author"], a["published"] or "undated", a["chunks"],
                     ", ".join(others)])
    return rows


def refresh_reader(store: Store) -> None:
    """Make a long-lived reader see a build made through another Store object.

    Why: Chroma's Collection object caches its metadata, so `Store.version()` on the engine's store misses
    the version bump of a build that replaced an article without changing any count; the keyword index
    would keep serving the old text.
    """
    store.articles = store.client.get_collection(store.articles.name)
