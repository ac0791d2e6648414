"""A long-lived app process for tests: `python -m tests.engine_worker STORE HOST PORT COLLECTION` reads one JSON
command a line ({"ask": QUESTION} or {"add": FOLDER}) and writes one JSON reply a line, through the Engine and
the build a running app uses (no model: quoted answers)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from index.build import build
from rag.reply.pipeline import Engine
from tests.conftest import make_settings


def main(store: str, host: str, port: str, collection: str) -> None:
    settings = make_settings(Path(store), chroma_host=host, chroma_port=int(port), collection=collection)
    engine = Engine(settings)
    engine.retriever.refresh()
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        if "add" in command:
            report = build(settings, articles=Path(command["add"]))
            reply = {"added": report.added}
        else:
            answer = engine.ask(command["ask"], use_llm=False)
            reply = {"sources": sorted({p.doc_id for p in answer.sources} | {c["doc_id"] for p in answer.sources
                                                                               for c in p.also}),
                     "cited": sorted({c.doc_id for c in answer.citations}), "abstained": answer.abstained,
                     "answer": answer.text}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:5])
