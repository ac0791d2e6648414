"""Article files -> RawDoc (decoded text plus the metadata the file states itself), or a RejectedFile with a reason.

Formats: `.txt` scraped page text, `.md`/`.markdown` (front matter and `# Title`), `.html`/`.htm` (main text
by trafilatura, never fetching anything), `.jsonl` (one article per line). Nothing here raises for a bad file.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from index.clean import is_end_marker, is_prose
from index.errors import RejectedFile

SIDECAR_NAME = "metadata.toml"
TEXT_FORMATS = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
}
META_KEYS = ("title", "outlet", "author", "published", "url", "credit")
# Front-matter and JSONL spellings of the same fields.
_ALIASES = {"date": "published", "published_at": "published", "source": "outlet", "sitename": "outlet"}


@dataclass
class RawDoc:
    doc_id: str
    text: str  # decoded page text (HTML: the extracted main text)
    fmt: str  # txt | md | html | jsonl
    path: Path
    # Fields the file states itself (front matter, JSON fields, HTML <meta>); they beat inference.
    meta: dict[str, str] = field(default_factory=dict)


def list_article_files(folder: Path) -> list[Path]:
    """Folder -> its files, sorted; hidden files and the metadata sidecar are skipped, unknown types are kept
    so that reading rejects them with a reason the user sees."""
    return sorted(
        p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".") and p.name != SIDECAR_NAME
    )


def read_path(path: Path, max_bytes: int) -> tuple[list[RawDoc], list[RejectedFile]]:
    """One file -> (documents, rejections). A .jsonl file may give both: good lines kept, bad lines rejected."""
    fmt = TEXT_FORMATS.get(path.suffix.lower())
    if fmt is None:
        kind = f"'{path.suffix}'" if path.suffix else "no extension"
        return _reject(path, f"unsupported file type ({kind}); use .txt, .md, .html or .jsonl")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return _reject(
                path, f"file is {_size(size)}, over the {_size(max_bytes)} limit (NEWSRAG_MAX_FILE_MB)"
            )
        data = path.read_bytes()
    except OSError as err:
        return _reject(path, f"cannot read file: {err.strerror or err}")
    text, problem = decode_bytes(data)
    if text is None:
        return _reject(path, problem)
    if fmt == "jsonl":
        return parse_jsonl(text, path)
    if fmt == "html":
        return read_html(text, path)
    body, meta = parse_markdown(text) if fmt == "md" else (text, {})
    if not body.strip():
        return _reject(path, "no text besides the front matter")
    return [RawDoc(doc_id_for(path.stem), body, fmt, path, meta)], []


def decode_bytes(data: bytes) -> tuple[str | None, str]:
    """File bytes -> (text, "") or (None, reason). b"caf\\xe9 au lait" -> ("café au lait", "")

    UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252 when that reads as text.
    """
    if not data.strip():
        return None, "empty file"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    elif b"\x00" in data:
        return None, "binary data (NUL bytes), not a text file"
    else:
        candidates = ["utf-8-sig", "cp1252"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            return None, "empty file (whitespace only)"
        if _looks_like_text(text, latin=encoding == "cp1252"):
            return text, ""
        return None, "binary data (mostly control characters), not a text file"
    return None, "cannot decode text: not UTF-8, UTF-16 with a BOM or Windows-1252; save it as UTF-8"


def doc_id_for(name: str) -> str:
    """File stem or JSONL id -> a safe document id. "Seoul summit (1)" -> "Seoul_summit_1" """
    clean = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("._-")[:100]
    # A name with no safe characters at all ("日本") still needs a stable, distinct id.
    return clean or "doc_" + hashlib.sha256(name.encode()).hexdigest()[:12]


def parse_markdown(text: str) -> tuple[str, dict[str, str]]:
    """Markdown -> (plain body, meta from front matter and a leading `# Title`).

    "---\\nauthor: Kim\\n---\\n# Big news\\nBody." -> ("Body.", {"author": "Kim", "title": "Big news"})
    """
    meta: dict[str, str] = {}
    match = re.match(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", text, re.DOTALL)
    if match:
        for line in match.group(1).splitlines():
            key, sep, value = line.partition(":")
            key = _ALIASES.get(key.strip().lower(), key.strip().lower())
            if sep and key in META_KEYS and value.strip():
                meta[key] = value.strip().strip("\"'")
        text = text[match.end() :]
    heading = re.match(r"\A\s*#[ \t]+(.+?)[ \t#]*(?:\n|\Z)", text)
    if heading:
        meta.setdefault("title", heading.group(1).strip())
        text = text[heading.end() :]
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # images carry no story text
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # links keep their words
    text = re.sub(r"(?m)^#{1,6}[ \t]+", "", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n"), meta


def parse_jsonl(text: str, path: Path) -> tuple[list[RawDoc], list[RejectedFile]]:
    """JSONL text -> one RawDoc per good record; a bad line is rejected as `path:LINE` and the rest kept."""
    docs: list[RawDoc] = []
    rejected: list[RejectedFile] = []
    first_line: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        record, problem = _jsonl_record(line)
        if record is None:
            rejected.append(RejectedFile(where, problem))
            continue
        doc_id = doc_id_for(str(record.pop("id")))
        if doc_id in first_line:
            rejected.append(
                RejectedFile(where, f"duplicate id '{doc_id}' (first on line {first_line[doc_id]})")
            )
            continue
        first_line[doc_id] = number
        body = str(record.pop("body"))
        meta = {_ALIASES.get(k, k): v.strip() for k, v in record.items() if isinstance(v, str) and v.strip()}
        docs.append(RawDoc(doc_id, body, "jsonl", path, {k: v for k, v in meta.items() if k in META_KEYS}))
    if not docs and not rejected:
        rejected.append(RejectedFile(str(path), "empty file (no records)"))
    return docs, rejected


def _jsonl_record(line: str) -> tuple[dict | None, str]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        return None, f"malformed JSON ({err.msg} at column {err.colno})"
    if not isinstance(record, dict):
        return None, "a record must be a JSON object with 'id' and 'body'"
    for key in ("id", "body"):
        value = record.get(key)
        if not isinstance(value, (str, int)) or not str(value).strip():
            return None, f"missing or empty '{key}'"
    for key, value in record.items():
        if key not in ("id", "body") and value is not None and not isinstance(value, str):
            return None, f"field '{key}' must be a string"
    return record, ""


def read_html(html: str, path: Path) -> tuple[list[RawDoc], list[RejectedFile]]:
    """Decoded HTML -> its main text (trafilatura) and the metadata its markup states; never fetches anything.
    Files and fetched web pages (index/web.py) both come through here."""
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - trafilatura is a core dependency
        return _reject(path, "HTML support needs trafilatura: pip install trafilatura")
    try:
        body = trafilatura.extract(html, include_comments=False, include_tables=False, with_metadata=False)
        # Dates from the markup only: htmldate's extensive search reads a copyright year or a /2024/07/ path
        # as 2024-01-01 or 2024-07-01, a day the page never states.
        found = trafilatura.extract_metadata(html, extensive=False)
    except Exception as err:
        return _reject(path, f"cannot parse HTML: {type(err).__name__}")
    if not body or not body.strip():
        return _reject(path, "no article text found in the HTML page")
    body = drop_orphan_markers(body)
    # trafilatura's names for the fields we keep: its sitename (og:site_name) is the page's own outlet name.
    fields = {"title": "title", "author": "author", "date": "published", "sitename": "outlet", "url": "url"}
    meta = {
        key: value.strip()
        for attr, key in fields.items()
        if isinstance(value := getattr(found, attr, None), str) and value.strip()
    }
    return [RawDoc(doc_id_for(path.stem), body, "html", path, meta)], []


def drop_orphan_markers(text: str) -> str:
    """trafilatura's text -> without the heading of an inline box whose links it removed ("Also Read" between
    two story paragraphs), which cleaning would otherwise take for the end of the story.

    "Seoul and Wellington met on Monday.\nAlso Read\nThe two leaders agreed on trade." -> the two sentences
    """
    lines = text.split("\n")
    return "\n".join(
        line for i, line in enumerate(lines)
        if not (0 < i < len(lines) - 1 and is_end_marker(line) and is_prose(lines[i - 1]) and is_prose(lines[i + 1]))
    )


def _reject(path: Path, reason: str) -> tuple[list[RawDoc], list[RejectedFile]]:
    return [], [RejectedFile(str(path), reason)]


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 100_000 else f"{n / 1024:.0f} KB"


def _looks_like_text(text: str, latin: bool = False) -> bool:
    """Decoded text -> False when control characters betray binary data decoded by accident.

    A Windows-1252 reading must also be mostly ASCII: Western text is, while binary data or another
    legacy encoding (GBK, KOI8-R) read as Windows-1252 turns into a run of accented symbols.
    """
    sample = text[:20_000]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\n\t\f\v")
    if controls > len(sample) * 0.01:
        return False
    return not latin or sum(1 for ch in sample if ord(ch) > 127) <= len(sample) * 0.3
