"""Data files a person edits, one JSON object a line, validated on load: the line parser the gold set, the claim
set and the shown-sentence labels share, and the passage they quote."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from index.errors import UserError

Model = TypeVar("Model", bound=BaseModel)


class SourcePassage(BaseModel):
    """Verbatim text of a seed article (doc_id: the file stem) or of the MultiHop-RAG evidence ("mh-…")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    doc_id: str = Field(pattern=r"^(\d{3}_[0-9a-f]{16}|mh-[0-9a-f]{12})$", description="Seed stem or mh- id.")
    text: str = Field(min_length=20, description="Verbatim text of that article.")


def item_name(raw: dict) -> str:
    """ {"id": "x-2"} -> " (item 'x-2')": how a bad line of an id'd file names its item."""
    return f" (item '{raw.get('id', '?')}')"


def parse_line(line: str, where: str, model: type[Model], name: Callable[[dict], str] = lambda raw: "") -> Model:
    """One JSONL line -> `model`, or UserError "<where><name(raw)>: <field>: <reason>" (bad JSON, not an
    object, a missing, unknown or invalid field). ('{"label": 1}', "f.jsonl:3", X) -> "f.jsonl:3: label: ..." """
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as err:
        raise UserError(f"{where}: malformed JSON ({err.msg} at column {err.colno})") from None
    if not isinstance(raw, dict):
        raise UserError(f"{where}: an item must be a JSON object")
    try:
        return model.model_validate(raw)
    except ValidationError as err:
        first = err.errors()[0]
        field = ".".join(str(p) for p in first.get("loc", ())) or "item"
        raise UserError(f"{where}{name(raw)}: {field}: {first['msg']}") from None
