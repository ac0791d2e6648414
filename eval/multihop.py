"""The MultiHop-RAG suite: its evidence facts grouped into articles (a JSONL corpus our indexer reads), and its
queries as gold items. Data: `eval/data/multihop-rag/` (a copy, see its README), or `--benchmark-dir`.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from eval.gold import DATA_DIR, GoldItem
from index.errors import UserError

BUNDLED = DATA_DIR / "multihop-rag"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "multihop-rag"  # ../shared from the root
FILES = ("queries.json", "ground_truth.json")
CORPUS_FILE = "multihop-articles.jsonl"


def find_benchmark(explicit: Path | None = None) -> Path:
    """--benchmark-dir, else the copy in eval/data, else ../shared/benchmarks/multihop-rag -> a folder that
    holds queries.json and ground_truth.json; none -> UserError."""
    candidates = [explicit] if explicit else [BUNDLED, SHARED]
    for folder in candidates:
        if folder and all((folder / f).is_file() for f in FILES):
            return folder
    where = explicit or f"{BUNDLED} or {SHARED}"
    raise UserError(f"MultiHop-RAG files ({', '.join(FILES)}) not found in {where}; pass --benchmark-dir")


def load_benchmark(folder: Path) -> tuple[list[dict], dict[str, dict]]:
    """Folder -> (queries in file order, ground truth by query id); malformed files -> UserError."""
    try:
        queries = json.loads((folder / "queries.json").read_text(encoding="utf-8"))["queries"]
        truth = json.loads((folder / "ground_truth.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise UserError(f"cannot read the MultiHop-RAG files in {folder}: {type(err).__name__}: {err}") from None
    missing = [q["id"] for q in queries if q["id"] not in truth]
    if missing:
        raise UserError(f"{folder}/ground_truth.json lacks query ids {', '.join(missing[:5])}")
    return queries, truth


def article_id(evidence: dict) -> str:
    """Evidence -> a stable article id from its url (or outlet + title). {"url": "https://x/y"} -> "mh-5e1a…" """
    key = evidence.get("url") or f"{evidence.get('source', '')}|{evidence.get('title', '')}"
    return "mh-" + hashlib.sha256(key.encode()).hexdigest()[:12]


def build_articles(truth: dict[str, dict]) -> list[dict]:
    """Ground truth -> one JSONL record per article, its distinct facts joined in first-seen order.

    {"q": {"evidence_list": [{"url": "u", "fact": "A.", "source": "S", ...}]}}
    -> [{"id": "mh-…", "title", "outlet": "S", "published_at", "author", "url": "u", "body": "A."}]
    """
    articles: dict[str, dict[str, Any]] = {}
    for entry in truth.values():
        for ev in entry.get("evidence_list", []):
            rec = articles.setdefault(article_id(ev), {
                "id": article_id(ev), "title": ev.get("title", ""), "outlet": ev.get("source", ""),
                "published_at": ev.get("published_at", ""), "author": ev.get("author", ""),
                "url": ev.get("url", ""), "facts": [],
            })
            fact = " ".join(str(ev.get("fact", "")).split())
            if fact and fact not in rec["facts"]:
                rec["facts"].append(fact)
    out = []
    for rec in sorted(articles.values(), key=lambda r: r["id"]):
        facts = rec.pop("facts")
        out.append({**{k: v for k, v in rec.items() if v}, "body": " ".join(facts)})
    return out


def write_corpus(articles: list[dict], folder: Path) -> Path:
    """Records -> `<folder>/multihop-articles.jsonl` (only that file in the folder, so a build reads it alone)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / CORPUS_FILE
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    return path


def gold_items(queries: list[dict], truth: dict[str, dict]) -> list[GoldItem]:
    """Queries + ground truth -> GoldItems: kind from question_type ("null_query" -> "null", to be declined),
    the gold answer as the one key fact (so answer_accuracy is the paper's lenient containment) and as the
    direct answer (`short`: direct_answer_accuracy, and yes_no_accuracy for the yes/no references)."""
    items = []
    for q in queries:
        try:
            items.append(_gold_item(q, truth[q["id"]]))
        except ValidationError as err:
            first = err.errors()[0]
            raise UserError(f"MultiHop-RAG query {q.get('id')!r}: {'.'.join(map(str, first['loc']))}: "
                            f"{first['msg']}") from None
    return items


def _gold_item(q: dict, entry: dict) -> GoldItem:
    kind = str(q.get("question_type", "")).removesuffix("_query")
    evidence = entry.get("evidence_list", []) if kind != "null" else []
    return GoldItem.model_validate({
        "id": f"mh-{q['id']}", "kind": kind, "question": q["question"], "answer": str(entry["answer"]),
        "key_facts": [[str(entry["answer"])]] if kind != "null" else [],
        "short": [str(entry["answer"])] if kind != "null" else [],
        "gold_doc_ids": list(dict.fromkeys(article_id(e) for e in evidence)),
        "gold_outlets": list(dict.fromkeys(e.get("source", "") for e in evidence)),
    })


def documents(articles: list[dict]) -> list[Any]:
    """Records -> llama-index Documents for the vanilla baseline (text = facts, metadata = the article's)."""
    from llama_index.core import Document

    docs = []
    for a in articles:
        meta = {k: a[k] for k in ("title", "outlet", "published_at", "author") if a.get(k)}
        doc = Document(id_=a["id"], text=a["body"], metadata={**meta, "doc_id": a["id"]})
        doc.excluded_embed_metadata_keys = ["doc_id"]
        doc.excluded_llm_metadata_keys = ["doc_id"]
        docs.append(doc)
    return docs
