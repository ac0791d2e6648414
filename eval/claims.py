"""The claim set: sentences labelled supported or unsupported by the passages beside them, and the verifier
measured on it (`python -m eval --suite claims`).

A claim file is JSONL (`eval/data/claims.jsonl`), one item per line:
{"id", "sentence", "passages": [{"doc_id", "text"}], "label": "supported"|"unsupported", "kind", "source"?,
"question"?, "note"?}. Passages are verbatim text of the seed articles (doc_id: the file stem) or of the
MultiHop-RAG evidence (doc_id: `eval.multihop.article_id`, "mh-…"). A bad line raises a UserError naming the
file, the line and the item id. Faithful kinds (FAITHFUL) must be labelled supported, error kinds (ERRORS)
unsupported; `draft` items are real model sentences (`source` names the model, see eval/claims_drafts.py),
labelled by reading the passages.

Each item is verified as the engine does it: `rag.verification.verifier.verify_sentence(sentence, passages, passages, embed)`.
"Supported" is the positive class. Per kind: recall is the share of supported items passed; for an error kind
(no supported items) precision is 1 - the share wrongly passed (`false_pass`), as issue 12 states its gate.
The split is eval.gold's: sha256 of the id, even first byte -> calibration, odd -> test.
"""

from __future__ import annotations

import hashlib
import json
import re
import statistics
import time
import tomllib
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from eval.configs import parse_names
from eval.gold import DATA_DIR, split_of, subset
from eval.jsonl import SourcePassage as ClaimPassage
from eval.jsonl import item_name, parse_line
from eval.models import MODELS
from eval.report import Threshold, _aligned, compute_deltas, fmt, metric_rows
from index.errors import UserError
from index.settings import BUNDLED_CORPUS, Settings
from rag.answer import Passage

CLAIMS_FILE = DATA_DIR / "claims.jsonl"
FAITHFUL = ("verbatim", "reordered", "synonym", "merged", "list-summary", "number-in-words", "paraphrase")
ERRORS = ("polarity", "antonym", "count-mismatch", "added-relation", "fragment", "copied-plus-clause",
          "wrong-entity", "swapped-roles", "wrong-number", "wrong-date", "merged-events", "generalisation",
          "question")
DRAFT = "draft"
KINDS = (*FAITHFUL, *ERRORS, DRAFT)
CONFIGS = {"default": "verify_sentence with the configured embedder (NEWSRAG_EMBED; MiniLM by default), as the "
                      "engine runs it",
           "lexical": "verify_sentence without an embedder: its lexical checks alone"}
METRICS = ("precision", "recall", "f1", "accuracy", "min_error_precision", "min_faithful_recall",
           "draft_precision", "draft_recall", "verify_ms_p50")
Embed = Callable[[list[str]], list[list[float]]]

Kind = Literal["verbatim", "reordered", "synonym", "merged", "list-summary", "number-in-words", "paraphrase",
               "polarity", "antonym", "count-mismatch", "added-relation", "fragment", "copied-plus-clause",
               "wrong-entity", "swapped-roles", "wrong-number", "wrong-date", "merged-events", "generalisation",
               "question", "draft"]


class ClaimItem(BaseModel):
    """One sentence and the passages it is judged against: {"id": "kt-ip4-verbatim", "sentence": "...",
    "passages": [{"doc_id": "002_d081907265adfced", "text": "..."}], "label": "supported", "kind": "verbatim"}"""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9_.-]+$")
    sentence: str = Field(min_length=1)
    passages: list[ClaimPassage] = Field(min_length=1, max_length=6)
    label: Literal["supported", "unsupported"]
    kind: Kind
    source: Literal["smollm2", "qwen2.5-coder-0.5b"] | None = Field(None, description="Model of a draft.")
    question: str | None = Field(None, description="What the model was asked (drafts).")
    note: str = Field("", description="Why the label, where it is not obvious.")

    @model_validator(mode="after")
    def _consistent(self) -> ClaimItem:
        if self.kind in FAITHFUL and self.label != "supported":
            raise ValueError(f"a {self.kind} item is faithful: its label must be supported")
        if self.kind in ERRORS and self.label != "unsupported":
            raise ValueError(f"a {self.kind} item is an error: its label must be unsupported")
        if (self.kind == DRAFT) != (self.source is not None):
            raise ValueError(f"draft items need a source ({', '.join(MODELS)}); other items have none")
        return self

    @property
    def supported(self) -> bool:
        return self.label == "supported"

    @property
    def split(self) -> str:
        """"calibration" or "test", from the id (eval.gold.split_of)."""
        return split_of(self.id)


def load_claims(path: Path = CLAIMS_FILE) -> list[ClaimItem]:
    """A claim JSONL file -> items in file order. Bad JSON, a missing or unknown field, a bad label or kind, or
    a repeated id -> UserError "claims.jsonl:12 (item 'x'): label: ..."."""
    if not path.is_file():
        raise UserError(f"claim file {path} does not exist; pass --gold with a JSONL file of claim items")
    items: list[ClaimItem] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        item = parse_claim(line, f"{path.name}:{number}")
        if item.id in seen:
            raise UserError(f"{path.name}:{number} (item '{item.id}'): duplicate id (first on line {seen[item.id]})")
        seen[item.id] = number
        items.append(item)
    if not items:
        raise UserError(f"claim file {path} holds no items")
    return items


def parse_claim(line: str, where: str) -> ClaimItem:
    """One JSONL line -> ClaimItem, or UserError naming `where`, the item id, the field and the reason."""
    return parse_line(line, where, ClaimItem, item_name)


@lru_cache(maxsize=1)
def doc_meta() -> dict[str, dict[str, str]]:
    """doc_id -> {"outlet", "title", "published"} for the seed articles and the MultiHop-RAG evidence."""
    from eval import multihop

    meta = tomllib.loads((BUNDLED_CORPUS / "metadata.toml").read_text(encoding="utf-8"))
    out = {k: {f: v.get(f, "") for f in ("outlet", "title", "published")} for k, v in meta.items()}
    try:
        _, truth = multihop.load_benchmark(multihop.find_benchmark())
    except UserError:
        return out  # without the benchmark files a MultiHop passage is labelled by its id
    for a in multihop.build_articles(truth):
        out[a["id"]] = {"outlet": a.get("outlet", ""), "title": a.get("title", ""),
                        "published": a.get("published_at", "")[:10]}
    return out


def to_passages(item: ClaimItem) -> list[Passage]:
    """An item's passages -> rag Passages, a chunk id per distinct text ("<doc_id>#<sha256 prefix>"), outlet and
    title from the corpus metadata. [{"doc_id": "002_…", "text": "Yoon…"}] -> [Passage("002_…", "002_…#9f2c41d0",
    "Yoon…", ...)]"""
    meta = doc_meta()
    out = []
    for p in item.passages:
        m = meta.get(p.doc_id, {})
        chunk_id = f"{p.doc_id}#{hashlib.sha256(p.text.encode()).hexdigest()[:8]}"
        out.append(Passage(doc_id=p.doc_id, chunk_id=chunk_id, text=p.text, start=0, end=len(p.text),
                           outlet=m.get("outlet") or "unknown", title=m.get("title") or p.doc_id,
                           published=m.get("published", "")))
    return out


def judge(items: Sequence[ClaimItem], embed: Embed | None = None, config: str = "default") -> list[dict]:
    """Items -> one row per item: {"id", "kind", "label", "supported" (the verdict), "correct", "reason", "ms"}."""
    from rag.verification.verifier import verify_sentence

    rows = []
    for item in items:
        passages = to_passages(item)
        t0 = time.perf_counter()
        verdict = verify_sentence(item.sentence, passages, passages, embed)
        ms = (time.perf_counter() - t0) * 1000
        rows.append({"id": item.id, "config": config, "kind": item.kind, "source": item.source,
                     "split": item.split, "label": item.label, "sentence": item.sentence,
                     "supported": verdict.supported, "correct": verdict.supported == item.supported,
                     "reason": verdict.reason, "ms": round(ms, 2)})
    return rows


def scores(rows: Sequence[dict]) -> dict:
    """Judged rows -> counts and rates of "supported" as the positive class; None where undefined. Rows with
    only unsupported items get precision = 1 - false_pass (issue 12's per-error-kind precision); rows with only
    supported items have no precision (nothing could pass wrongly).
    [supported passed, unsupported passed] -> {"tp": 1, "fp": 1, "precision": 0.5, "recall": 1.0, ...}"""
    tp = sum(r["label"] == "supported" and r["supported"] for r in rows)
    fn = sum(r["label"] == "supported" and not r["supported"] for r in rows)
    fp = sum(r["label"] == "unsupported" and r["supported"] for r in rows)
    tn = sum(r["label"] == "unsupported" and not r["supported"] for r in rows)
    precision = tp / (tp + fp) if tp + fp and fp + tn else None
    if tp + fn == 0 and fp + tn:
        precision = 1 - fp / (fp + tn)
    recall = tp / (tp + fn) if tp + fn else None
    f1 = (2 * precision * recall / (precision + recall) if precision is not None and recall is not None
          and precision + recall else (0.0 if recall is not None else None))
    return {"n": len(rows), "tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": precision, "recall": recall,
            "f1": f1, "accuracy": (tp + tn) / len(rows) if rows else None,
            "false_pass": fp / (fp + tn) if fp + tn else None}


def aggregate(rows: Sequence[dict]) -> dict:
    """Judged rows of one config -> overall scores, the METRICS, and scores by kind and by draft model."""
    by_kind = {k: scores([r for r in rows if r["kind"] == k]) for k in KINDS if any(r["kind"] == k for r in rows)}
    by_source = {s: scores([r for r in rows if r["source"] == s]) for s in MODELS if any(r["source"] == s for r in rows)}
    errors = [by_kind[k]["precision"] for k in ERRORS if k in by_kind]
    faithful = [by_kind[k]["recall"] for k in FAITHFUL if k in by_kind]
    drafts = by_kind.get(DRAFT, {})
    return {**scores(rows), "errors": 0, "min_error_precision": min(errors) if errors else None,
            "min_faithful_recall": min(faithful) if faithful else None,
            "draft_precision": drafts.get("precision"), "draft_recall": drafts.get("recall"),
            "verify_ms_p50": statistics.median(r["ms"] for r in rows) if rows else None,
            "by_kind": by_kind, "by_source": by_source, "misjudged": [r["id"] for r in rows if not r["correct"]]}


def parse_configs(spec: str | Sequence[str]) -> list[str]:
    """"default,lexical" -> ["default", "lexical"]; an unknown name -> UserError listing CONFIGS."""
    return parse_names(spec, CONFIGS, "claims config")


def parse_gates(specs: list[str]) -> list[Threshold]:
    """["precision=0.9", "lexical:min_error_precision=0.9"] -> Thresholds over METRICS; bad ones -> UserError."""
    out = []
    for spec in specs:
        m = re.fullmatch(r"\s*(?:([\w-]+):)?(\w+)\s*=\s*([-+]?\d*\.?\d+)\s*", spec)
        if not m or m.group(2) not in METRICS:
            raise UserError(f"--fail-under {spec!r}: use METRIC=VALUE with a claims metric: {', '.join(METRICS)}")
        out.append(Threshold(m.group(2), float(m.group(3)), m.group(1)))
    return out


def run_claims(configs: str | Sequence[str] = ("default",), limit: int | None = None, out: Path | None = None,
               split: str = "all", path: Path | None = None, settings: Settings | None = None,
               embed: Embed | None = None, baseline: dict | None = None) -> dict:
    """Configs over the claim file's `split` (the first `limit` items round-robin over kinds) -> results dict,
    written to out/results.json and out/report.md. `embed` replaces the configured embedder (tests)."""
    names = parse_configs(configs)
    # eval.gold's subset and split read only .kind and .split, which ClaimItem has too
    items = subset(load_claims(path or CLAIMS_FILE), limit, split)  # type: ignore[arg-type]
    if not items:
        raise UserError(f"the {split} split of the claim file holds no items")
    rows = []
    for name in names:
        rows += judge(items, _embedder(name, settings, embed), name)
    results = {"suite": "claims", "created": datetime.now().isoformat(timespec="seconds"), "out": str(out),
               "file": str(path or CLAIMS_FILE), "configs": names, "complete": True,
               "descriptions": {n: CONFIGS[n] for n in names}, "metrics": list(METRICS),
               "settings": {"embed": settings.embed if settings else None}, "n_items": len(items), "split": split,
               "distractors": 0, "aggregate": {n: aggregate([r for r in rows if r["config"] == n]) for n in names},
               "items": rows, "baseline": None}
    if baseline:
        results["baseline"] = {"dir": baseline.get("out"), "created": baseline.get("created"),
                               "split": baseline.get("split", "all"),
                               "deltas": compute_deltas(results["aggregate"], baseline.get("aggregate", {}))}
    if out:
        out.mkdir(parents=True, exist_ok=True)
        (out / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
        (out / "report.md").write_text(render_markdown(results), encoding="utf-8")
    return results


def _embedder(name: str, settings: Settings | None, embed: Embed | None) -> Embed | None:
    if name == "lexical":
        return None
    if embed is not None:
        return embed
    from index.embed import embed_texts, make_embedder

    embedder = make_embedder((settings or Settings(_env_file=None)).embed)  # type: ignore[call-arg]
    return lambda texts: embed_texts(embedder, texts)


def summary(results: dict) -> str:
    """-> "claims suite, split test: 204 claims (101 supported); verifier rag.verification.verifier.verify_sentence." """
    supported = sum(r["label"] == "supported" for r in results["items"] if r["config"] == results["configs"][0])
    return (f"claims suite, split {results['split']}: {results['n_items']} claims ({supported} supported); "
            "verifier rag.verification.verifier.verify_sentence.")


def kind_rows(agg: dict) -> list[list[str]]:
    """One config's aggregate -> rows [kind, n, precision, recall, false passes] (drafts by model too)."""
    groups = {**agg["by_kind"], **{f"draft:{s}": v for s, v in agg["by_source"].items()}}
    return [[k, str(v["n"]), fmt(v["precision"]), fmt(v["recall"]),
             f"{v['fp']}/{v['fp'] + v['tn']}" if v["fp"] + v["tn"] else "—"] for k, v in groups.items()]


def tables(results: dict) -> str:
    """Results -> the overall table (metrics down, configs across) and a per-kind table per config."""
    rows = metric_rows(results)
    rows[-2][0] = "claims"  # metric_rows counts "questions"
    lines = _aligned([["metric", *results["configs"]], *rows])
    for c in results["configs"]:
        lines += ["", f"{c}: by kind (precision of an error kind = 1 - false-pass rate)",
                  *_aligned([["kind", "n", "precision", "recall", "passed wrongly"], *kind_rows(results["aggregate"][c])])]
    return "\n".join(lines)


def render_markdown(results: dict) -> str:
    """Results -> report.md: the tables, then every misjudged item with the verifier's reason."""
    lines = [f"# Eval: claims ({results['created']})", "", summary(results), "",
             *(f"- **{c}**: {results['descriptions'][c]}" for c in results["configs"]), ""]
    if results.get("baseline"):
        b = results["baseline"]
        lines += [f"Deltas in parentheses against `{b['dir']}` (split {b['split']}).", ""]
    lines += ["```", tables(results), "```", "", "## Misjudged items", ""]
    wrong = [r for r in results["items"] if not r["correct"]]
    lines += [f"- `{r['config']}` `{r['id']}` ({r['kind']}, {r['label']}, verdict "
              f"{'supported' if r['supported'] else 'unsupported: ' + r['reason']}): {r['sentence']}"
              for r in wrong] or ["None."]
    return "\n".join(lines) + "\n"
