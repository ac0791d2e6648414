"""The gold set: question/answer items with key facts, gold documents and outlets, validated on load.

A gold file is JSONL, one item per line (see `eval/data/seeds.jsonl`). A malformed line raises a UserError that
names the file, the line and the item id, so whoever edits the data knows what to fix.

Split: every item belongs to the *calibration* half (tune rules and thresholds on it) or the *test* half (report
it), decided by its id alone so it never changes between runs or machines: the first byte of sha256(id) even ->
calibration, odd -> test. Conversation turns `conv-<name>-<n>` split by `conv-<name>`, so a whole conversation
lands in one half (its earlier turns are asked again as the history of the later ones). A new item never moves
an existing one.

A conversation is items `conv-<name>-1`, `-2`, ... of kind conversation: the first turn stands alone, every later
turn carries the earlier questions as its `history`.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from eval.jsonl import item_name, parse_line
from index.errors import UserError

DATA_DIR = Path(__file__).parent / "data"
SEEDS_FILE = DATA_DIR / "seeds.jsonl"

SEED_KINDS = ("single_source", "multi_source", "syndicated", "conflict", "outlet_byline", "date", "paraphrase",
              "follow_up", "off_corpus", "yes_no", "list", "timeline", "agreement", "near_topic", "metadata",
              "conversation")
# MultiHop-RAG question types, built in Python by eval.multihop (never read from a seeds file).
MULTIHOP_KINDS = ("inference", "comparison", "temporal", "null")
# Items that must be declined: off the corpus, near its topic but not answered by it, MultiHop-RAG's null queries.
UNANSWERABLE = ("off_corpus", "near_topic", "null")
WITH_HISTORY = ("follow_up", "conversation")  # kinds asked after earlier turns of a chat
SPLITS = ("calibration", "test")

Kind = Literal["single_source", "multi_source", "syndicated", "conflict", "outlet_byline", "date", "paraphrase",
               "follow_up", "off_corpus", "yes_no", "list", "timeline", "agreement", "near_topic", "metadata",
               "conversation", "inference", "comparison", "temporal", "null"]
_CONVERSATION_ID = re.compile(r"^(conv-.+)-(\d+)$")  # conv-<name>-<turn>


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
    short: list[str] = Field(default_factory=list, description='Accepted aliases of the direct answer ("Yes", '
                             'a name); a plain string becomes a one-element list.')
    order: list[str] = Field(default_factory=list, description="Timeline: phrases of the events, oldest first.")

    @field_validator("short", mode="before")
    @classmethod
    def _short_as_list(cls, value: object) -> object:
        """"Yes" -> ["Yes"]; ["Kishida", "Fumio Kishida"] -> unchanged"""
        return [value] if isinstance(value, str) else value

    @field_validator("short", "order")
    @classmethod
    def _phrases_not_empty(cls, phrases: list[str]) -> list[str]:
        if not all(p.strip() for p in phrases):
            raise ValueError("phrases must not be empty")
        return phrases

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
        if not self.answerable and (self.gold_doc_ids or self.key_facts or self.gold_outlets or self.short
                                    or self.order):
            raise ValueError(f"a {self.kind} item must have no key_facts, gold_doc_ids, gold_outlets, short or order")
        if self.kind == "follow_up" and not self.history:
            raise ValueError("a follow_up item needs a history of earlier questions")
        if self.kind == "conversation":
            turn = _CONVERSATION_ID.match(self.id)
            if not turn:
                raise ValueError("a conversation item's id must be conv-<name>-<turn number>, e.g. conv-seoul-2")
            if int(turn.group(2)) > 1 and not self.history:
                raise ValueError("a conversation item after the first turn needs a history of earlier questions")
        if self.kind == "timeline" and len(self.order) < 2:
            raise ValueError("a timeline item needs an order of at least 2 event phrases, oldest first")
        return self

    @property
    def answerable(self) -> bool:
        """False for questions the corpus cannot answer (they must be declined)."""
        return self.kind not in UNANSWERABLE

    @property
    def split(self) -> str:
        """"calibration" or "test", from the id (see the module docstring)."""
        return split_of(self.id)


def split_key(item_id: str) -> str:
    """The id the split hashes: "conv-seoul-2" -> "conv-seoul"; "date-summit" -> "date-summit" """
    match = _CONVERSATION_ID.match(item_id)
    return match.group(1) if match else item_id


def split_of(item_id: str) -> str:
    """First byte of sha256(split key) even -> "calibration", odd -> "test". "conv-a-1" and "conv-a-2" -> same"""
    return SPLITS[hashlib.sha256(split_key(item_id).encode()).digest()[0] % 2]


def in_split(items: list[GoldItem], split: str | None) -> list[GoldItem]:
    """Items of one half, file order kept. (items, "test") -> the test items; (items, None | "all") -> items;
    another name -> UserError."""
    if split in (None, "all"):
        return list(items)
    if split not in SPLITS:
        raise UserError(f"unknown split {split!r}; choose from {', '.join(SPLITS)} or all")
    return [i for i in items if i.split == split]


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
    return parse_line(line, where, GoldItem, item_name)


def subset(items: list[GoldItem], limit: int | None, split: str | None = None) -> list[GoldItem]:
    """The items of `split` (None: all), then the first `limit` of them taken round-robin over kinds (file order
    within a kind), so a small run still covers every kind. ([a1, a2, b1], 2) -> [a1, b1]; (items, None) -> items"""
    items = in_split(items, split)
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
