"""The gold set: question/answer items with key facts, gold documents and outlets, validated on load.

A gold file is JSONL, one item per line (see `eval/data/seeds.jsonl`). A malformed line raises a UserError that
names the file, the line and the item id, so whoever edits the data knows what to fix.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from index.errors import UserError

DATA_DIR = Path(__file__).parent / "data"
SEEDS_FILE = DATA_DIR / "seeds.jsonl"

SEED_KINDS = ("single_source", "multi_source", "syndicated", "conflict", "outlet_byline", "date", "paraphrase",
              "follow_up", "off_corpus")
# MultiHop-RAG question types, built in Python by eval.multihop (never read from a seeds file).
MULTIHOP_KINDS = ("inference", "comparison", "temporal", "null")
UNANSWERABLE = ("off_corpus", "null")  # items that must be declined

Kind = Literal["single_source", "multi_source", "syndicated", "conflict", "outlet_byline", "date", "paraphrase",
               "follow_up", "off_corpus", "inference", "comparison", "temporal", "null"]


class GoldItem(BaseModel):
    """One gold question. `key_facts` is a list of facts, each a list of accepted aliases:
    [["Japan"], ["Australia"], ["New Zealand"]] -> an answer must name all three."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9_.-]+$")
    kind: Kind
    question: str = Field(min_length=3)
    answer: str = Field(min_length=1, description="Reference answer.")
    key_facts: list[list[str]] = Field(default_factory=list)
    gold_doc_ids: list[str] = Field(default_factory=list)
    gold_outlets: list[str] = Field(default_factory=list, description="Citation labels: outlet, or title if unknown.")
    history: list[str] = Field(default_factory=list, description="Earlier user questions of a follow-up.")

    @field_validator("key_facts")
    @classmethod
    def _aliases_not_empty(cls, facts: list[list[str]]) -> list[list[str]]:
        for fact in facts:
            if not fact or not all(isinstance(a, str) and a.strip() for a in fact):
                raise ValueError("every key fact needs at least one non-empty alias")
        return facts

    @model_validator(mode="after")
    def _consistent(self) -> GoldItem:
        if self.answerable and not (self.gold_doc_ids and self.key_facts and self.gold_outlets):
            raise ValueError(f"a {self.kind} item needs key_facts, gold_doc_ids and gold_outlets")
        if not self.answerable and (self.gold_doc_ids or self.key_facts or self.gold_outlets):
            raise ValueError(f"a {self.kind} item must have no key_facts, gold_doc_ids or gold_outlets")
        if self.kind == "follow_up" and not self.history:
            raise ValueError("a follow_up item needs a history of earlier questions")
        return self

    @property
    def answerable(self) -> bool:
        """False for questions the corpus cannot answer (they must be declined)."""
        return self.kind not in UNANSWERABLE


def load_gold(path: Path = SEEDS_FILE, kinds: tuple[str, ...] = SEED_KINDS) -> list[GoldItem]:
    """A JSONL gold file -> items in file order. Bad JSON, unknown keys, a kind outside `kinds` or a repeated
    id -> UserError "seeds.jsonl:12 (item 'x'): ..."."""
    if not path.is_file():
        raise UserError(f"gold file {path} does not exist; pass --gold with a JSONL file of gold items")
    items: list[GoldItem] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        item = parse_item(line, f"{path.name}:{number}")
        if item.kind not in kinds:
            raise UserError(f"{path.name}:{number} (item '{item.id}'): kind '{item.kind}' is not one of "
                            f"{', '.join(kinds)}")
        if item.id in seen:
            raise UserError(f"{path.name}:{number} (item '{item.id}'): duplicate id (first on line {seen[item.id]})")
        seen[item.id] = number
        items.append(item)
    if not items:
        raise UserError(f"gold file {path} holds no items")
    return items


def parse_item(line: str, where: str) -> GoldItem:
    """One JSONL line -> GoldItem, or UserError naming `where` and the item id.

    '{"id": "q1", "kind": "date", ...}' -> GoldItem(id="q1", ...)
    """
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as err:
        raise UserError(f"{where}: malformed JSON ({err.msg} at column {err.colno})") from None
    item_id = raw.get("id", "?") if isinstance(raw, dict) else "?"
    if not isinstance(raw, dict):
        raise UserError(f"{where}: an item must be a JSON object")
    try:
        return GoldItem.model_validate(raw)
    except ValidationError as err:
        first = err.errors()[0]
        field = ".".join(str(p) for p in first.get("loc", ())) or "item"
        raise UserError(f"{where} (item '{item_id}'): {field}: {first['msg']}") from None


def subset(items: list[GoldItem], limit: int | None) -> list[GoldItem]:
    """The first `limit` items taken round-robin over kinds (file order within a kind), so a small run still
    covers every kind. ([a1, a2, b1], 2) -> [a1, b1]; (items, None) -> items"""
    if limit is None or limit >= len(items):
        return list(items)
    queues: dict[str, list[GoldItem]] = {}
    for item in items:
        queues.setdefault(item.kind, []).append(item)
    out: list[GoldItem] = []
    while len(out) < limit:
        for queue in queues.values():
            if queue and len(out) < limit:
                out.append(queue.pop(0))
    return out
