"""What the answers showed: each shown sentence's origin, labels for the ones not copied from their source, and
the share of shown sentences that are unsupported (issue 12: "no unsupported sentence shown").

A sentence is *shown* when the answer presents it as a cited claim: supported, with at least one supported
citation, in an answer that did not abstain (headers and notes without a source are not claims). Its origin:

- `copy`: a verbatim copy of the text it cites (a quote, a lead span "Fumio Kishida.", "Yes — <quote>", a
  timeline entry "<date> — <quote>", a lead list of copied names): supported by construction, whoever wrote it;
- `model`: one of the sentences of the model's raw draft (rag.reply.cite.parse_answer, as the engine splits it);
- `composed`: neither, so the answer rules built it (a metadata line "Reported by ...", a conflict line, a lead
  phrase not copied verbatim).

Model sentences that are not copies need a label (composed ones may have one: their metadata and conflict
lines are the answer rules' output, measured by the answer metrics, not by the verifier):
`eval/data/shown_labels.jsonl`, one JSON object a line,
{"sentence", "passages": [{"doc_id", "text"}], "label": "supported"|"unsupported", "model", "question_id",
"note"?}, validated on load (a bad line -> UserError with its line number). A label is found by the normalised
sentence and the passages it cites (doc_id and text), so a sentence citing other text needs a label of its own.

    python -m eval.shown --run eval-runs/X            # JSONL stubs ("label": "?") for the unlabelled ones
    python -m eval.shown --run eval-runs/X --rescore  # recompute the metrics with the label file, rewrite reports
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from eval.gold import DATA_DIR
from eval.jsonl import SourcePassage, parse_line
from eval.metrics import normalize
from eval.models import MODELS, QWEN_NAME, SMOLLM2_NAME
from index.errors import UserError

if TYPE_CHECKING:  # rag is imported only where origins are decided: the metrics stay light
    from rag.answer import Citation, Passage, Sentence

LABELS_FILE = DATA_DIR / "shown_labels.jsonl"
RULES = "rules"  # the `model` of a composed sentence: the answer rules wrote it
WRITERS = (*MODELS, RULES)
ORIGINS = ("copy", "model", "composed")
# Per-question counts behind the aggregate metrics (eval.scoring sums them; see shown_aggregate).
COUNTS = ("shown_sentences", "model_sentences_shown", "unsupported_shown", "unlabelled_shown",
          "faithful_model_shown", "composed_shown")
_LEAD_WORD = re.compile(r"^(?:Yes|No) — ")
_TIMELINE_LABEL = re.compile(r"^[^—]{1,60} — ")
_LIST_SPLIT = re.compile(r",\s+(?:and\s+)?|\s+and\s+")
MAX_ITEM_WORDS = 8  # a lead list's items are names, not clauses
Key = tuple[str, tuple[tuple[str, str], ...]]


# ---- origins ------------------------------------------------------------------------------------------------
def _flat(text: str) -> str:
    return " ".join(text.split()).casefold()


def copied(text: str, sources: Sequence[str], reason: str = "") -> bool:
    """A verbatim copy (case and spacing aside) of one of `sources`, after the fixed wrapper of a lead ("Yes — ")
    or a timeline entry ("July 2024 — "), with the full stop a lead span gets; a lead (reason "lead") may be a
    list of copied names. ("Fumio Kishida.", ["... Prime Minister Fumio Kishida ..."]) -> True"""
    body = _LEAD_WORD.sub("", text.strip())
    if reason == "timeline":
        body = _TIMELINE_LABEL.sub("", body)
    body = _flat(body).rstrip(".!?")
    flat = [_flat(s) for s in sources]
    if body and any(body in s for s in flat):
        return True
    items = [i for i in _LIST_SPLIT.split(body) if i]
    return (reason == "lead" and len(items) > 1 and all(len(i.split()) <= MAX_ITEM_WORDS for i in items)
            and all(any(i in s for s in flat) for i in items))


def draft_sentences(draft: str, passages: Sequence[Passage]) -> set[str]:
    """The model's raw draft -> its sentences normalised, split as the engine splits them."""
    from rag.answer import with_copies
    from rag.reply.cite import parse_answer

    return {normalize(s) for s, _ in parse_answer(draft, with_copies(list(passages)))}


def cited_passages(citations: Sequence[Citation], sources: Sequence[Passage]) -> list[dict]:
    """Shown citations -> [{doc_id, text}] of the chunks they point at (syndicated copies included), the
    citation's quote when its chunk is not among the sources or does not hold it; each text once."""
    from rag.answer import with_copies

    chunks = {(p.doc_id, p.chunk_id): p.text for p in with_copies(list(sources))}
    out: dict[tuple[str, str], None] = {}
    for c in citations:
        chunk = chunks.get((c.doc_id, c.chunk_id), "")
        holds = chunk and _flat(c.quote) in _flat(chunk)
        out.setdefault((c.doc_id, chunk if holds else c.quote), None)
    return [{"doc_id": d, "text": t} for d, t in out]


def describe(sentence: Sentence, shown: Sequence[Citation], sources: Sequence[Passage], draft: str | None) -> dict:
    """One answer Sentence and its shown citations -> the record fields {"shown", "origin", "by_model",
    "passages"?}. With no draft recorded (None) a sentence that is not a copy counts as the model's."""
    if not shown:
        return {"shown": False, "origin": None, "by_model": None}
    passages = cited_passages(shown, sources)
    texts = [p["text"] for p in passages] + [c.quote for c in shown]
    by_model = normalize(sentence.text) in draft_sentences(draft, sources) if draft else draft is None
    if copied(sentence.text, texts, sentence.reason):
        return {"shown": True, "origin": "copy", "by_model": by_model}
    return {"shown": True, "origin": "model" if by_model else "composed", "by_model": by_model,
            "passages": passages}


# ---- labels -------------------------------------------------------------------------------------------------
class ShownLabel(BaseModel):
    """A shown sentence that is not a copy, judged against the passages it cites: {"sentence": "...",
    "passages": [{"doc_id": "002_d081907265adfced", "text": "..."}], "label": "unsupported", "model":
    "qwen2.5-coder-0.5b", "question_id": "kt-ip4", "note": "the article has them meeting, not signing"}"""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sentence: str = Field(min_length=1)
    passages: list[SourcePassage] = Field(min_length=1, max_length=6)
    label: Literal["supported", "unsupported"]
    model: Literal["smollm2", "qwen2.5-coder-0.5b", "rules"]
    question_id: str = Field(min_length=1, description="The gold question it was shown for (first seen).")
    note: str = Field("", description="Why the label, where it is not obvious.")

    @property
    def key(self) -> Key:
        return label_key(self.sentence, [p.model_dump() for p in self.passages])


def label_key(sentence: str, passages: Sequence[dict]) -> Key:
    """(sentence, [{doc_id, text}]) -> the lookup key: normalised words, and each passage's doc_id and text with
    spacing flattened, in a fixed order."""
    return normalize(sentence), tuple(sorted((p["doc_id"], " ".join(p["text"].split())) for p in passages))


def load_labels(path: Path = LABELS_FILE) -> dict[Key, ShownLabel]:
    """A label file -> {key: label}. Bad JSON, a missing, unknown or bad field, or a sentence labelled twice
    for the same passages -> UserError "shown_labels.jsonl:7: label: Input should be 'supported' ..."."""
    if not path.is_file():
        raise UserError(f"label file {path} does not exist")
    labels: dict[Key, ShownLabel] = {}
    lines: dict[Key, int] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        label = parse_line(line, f"{path.name}:{number}", ShownLabel)
        if label.key in lines:
            raise UserError(f"{path.name}:{number}: this sentence and passages are already labelled on line "
                            f"{lines[label.key]}")
        labels[label.key], lines[label.key] = label, number
    return labels


# ---- metrics ------------------------------------------------------------------------------------------------
def label_sentences(record: dict, labels: dict[Key, ShownLabel]) -> dict:
    """Put each shown sentence's label on it ("label": "supported" | "unsupported", None when it has none yet;
    copies need none) -> the same record."""
    for s in record.get("sentences") or []:
        if s.get("shown") and s.get("origin") not in (None, "copy"):
            found = labels.get(label_key(s["text"], s.get("passages", [])))
            s["label"] = found.label if found else None
    return record


def shown_scores(record: dict) -> dict[str, float | None]:
    """One labelled record (label_sentences) -> the per-question counts (COUNTS) and `model_sentences_reach`
    (1.0 when a faithful model sentence was shown, None when nothing was); all None for a record without
    origins (vanilla) or an error. A model sentence is faithful when it is a copy or labelled supported."""
    every = record.get("sentences") or []
    if record.get("error") or not every or any("origin" not in s for s in every):
        return dict.fromkeys((*COUNTS, "model_sentences_reach"))
    counts = dict.fromkeys(COUNTS, 0)
    for s in (s for s in every if s.get("shown")):
        copy, label, mine = s["origin"] == "copy", s.get("label"), bool(s.get("by_model"))
        counts["shown_sentences"] += 1
        counts["model_sentences_shown"] += mine
        counts["unlabelled_shown"] += s["origin"] == "model" and label is None
        counts["composed_shown"] += s["origin"] == "composed"
        counts["unsupported_shown"] += not copy and label == "unsupported"
        counts["faithful_model_shown"] += mine and (copy or label == "supported")
    reach = float(counts["faithful_model_shown"] > 0) if counts["shown_sentences"] else None
    return {**{k: float(v) for k, v in counts.items()}, "model_sentences_reach": reach}


def shown_aggregate(scores: Sequence[dict]) -> dict[str, float | None]:
    """Per-question scores of one config -> sums of the counts, `unsupported_shown_share` (labelled unsupported
    / shown, pooled over the questions) and `model_sentences_reach` (share of the questions with a shown answer
    that show a faithful model sentence). Nothing measured -> None for each."""
    got = [s for s in scores if s.get("shown_sentences") is not None]
    if not got:
        return dict.fromkeys((*COUNTS, "unsupported_shown_share", "model_sentences_reach"))
    sums = {k: sum(int(s[k]) for s in got) for k in COUNTS}
    reach = [s["model_sentences_reach"] for s in got if s.get("model_sentences_reach") is not None]
    return {**sums,
            "unsupported_shown_share": round(sums["unsupported_shown"] / sums["shown_sentences"], 4)
            if sums["shown_sentences"] else None,
            "model_sentences_reach": round(sum(reach) / len(reach), 4) if reach else None}


def writer(item: dict, sentence: dict) -> str:
    """Who wrote a shown sentence, as the label file names it: the model of the run, or "rules"."""
    if not sentence.get("by_model"):
        return RULES
    model = str(item.get("model") or "")
    if model == "embedded":
        return SMOLLM2_NAME
    return QWEN_NAME if "qwen" in model.lower() else model


def unlabelled(results: dict, labels: dict[Key, ShownLabel]) -> list[dict]:
    """A run's results -> one stub per shown model sentence that is neither a copy nor labelled, each once, with
    "label": "?" (which load_labels rejects: a person reads the passages and sets it) and the question and
    the answer in the note."""
    stubs: dict[Key, dict] = {}
    for item in results.get("items", []):
        for s in item.get("sentences") or []:
            if not s.get("shown") or s.get("origin") != "model":
                continue
            key = label_key(s["text"], s.get("passages", []))
            if key in labels or key in stubs:
                continue
            stubs[key] = {"sentence": s["text"], "passages": s.get("passages", []), "label": "?",
                          "model": writer(item, s), "question_id": item["id"],
                          "note": f"{item['config']}: {item['question']} | shown: {item.get('answer', '')}"}
    return list(stubs.values())


def unsupported(results: dict) -> list[tuple[str, str, str]]:
    """A labelled run's results -> (config, question id, sentence) of each shown sentence labelled unsupported."""
    return [(item["config"], item["id"], s["text"]) for item in results.get("items", [])
            for s in item.get("sentences") or [] if s.get("shown") and s.get("label") == "unsupported"]


def rescore(results: dict, labels: dict[Key, ShownLabel]) -> dict:
    """A run's results -> the same with its sentences labelled afresh from `labels`, every question's shown
    scores and every config's aggregate recomputed (the other metrics re-aggregated from the stored scores)."""
    from eval.scoring import SHOWN, aggregate

    results["metrics"] = [*results["metrics"], *(m for m in SHOWN if m not in results["metrics"])]
    for item in results["items"]:
        item["metrics"] = {**(item.get("metrics") or {}), **shown_scores(label_sentences(item, labels))}
    rows = [{"config": i["config"], "kind": i["kind"], "record": i, "scores": i["metrics"]} for i in results["items"]]
    results["aggregate"] = {c: aggregate([r for r in rows if r["config"] == c], results["metrics"])
                            for c in results["configs"]}
    return results


def main(argv: list[str] | None = None) -> int:
    from index.cli_util import run_cli

    p = argparse.ArgumentParser(prog="python -m eval.shown", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--run", type=Path, required=True, help="an eval run folder (or its results.json)")
    p.add_argument("--labels", type=Path, default=LABELS_FILE, help=f"label file (default: {LABELS_FILE})")
    p.add_argument("--rescore", action="store_true",
                   help="recompute the shown-sentence metrics with the label file and rewrite the run's reports")
    args = p.parse_args(argv)

    def run() -> int:
        from eval.report import terminal_table
        from eval.run import load_run, write_run

        results, labels = load_run(args.run), load_labels(args.labels)
        if not any("origin" in s for i in results.get("items", []) for s in i.get("sentences") or []):
            raise UserError(f"{args.run} records no sentence origins: rerun it with this version of the eval")
        if args.rescore:
            folder = args.run if args.run.is_dir() else args.run.parent
            write_run(rescore(results, labels), folder)
            print(terminal_table(results))
            return 0
        stubs = unlabelled(results, labels)
        for stub in stubs:
            print(json.dumps(stub, ensure_ascii=False))
        print(f"{len(stubs)} shown model sentences without a label: set each label, then append them to {args.labels}",
              file=sys.stderr)
        return 0
    return run_cli(run)


if __name__ == "__main__":
    raise SystemExit(main())
