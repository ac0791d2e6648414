"""Thumbs up/down on answers -> one JSON line each, so evaluators can turn them into gold pairs."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path

from rag.answer import Answer

_LOCK = threading.Lock()  # one writer at a time inside this process; lines are appended whole


def vote_of(liked: object) -> str:
    """What Gradio's like event carries -> "up" | "down". True -> "up", "Dislike" -> "down" """
    if isinstance(liked, str):
        return "down" if liked.lower() in ("dislike", "false", "down") else "up"
    return "up" if liked else "down"


def feedback_record(question: str, answer: Answer, vote: str, when: datetime | None = None) -> dict:
    """(question, Answer, "up") -> {"timestamp", "vote", "question", "answer", "citations", ...}"""
    data = answer.to_dict()
    return {
        "timestamp": (when or datetime.now(UTC)).isoformat(timespec="seconds"),
        "vote": vote,
        "question": question,
        "answer": data["answer"],
        "mode": data["mode"],
        "abstained": data["abstained"],
        "citations": [{k: c[k] for k in ("outlet", "doc_id", "title", "quote", "supported", "chunk_id")}
                      for c in data["citations"]],
        "dropped": data["dropped"],
        "model": data["model"],
    }


def save_feedback(path: Path, record: dict) -> None:
    """Append one record as a JSON line (creating the folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(record, ensure_ascii=False) + "\n"
    with _LOCK, path.open("a", encoding="utf-8") as f:
        f.write(line)
