"""The store's change log: one Chroma record per write, so every process can follow the collection.

`<name>_changes` holds, for each write, the ids of the documents it touched and when: "docs" (their chunks
and records were replaced or deleted) or "meta" (only their article records changed: story clusters). A
reader asks for the entries since its cursor minus LAG_S (cheap: one filtered `get`), skips those it has
applied, and re-reads the current state of the documents named, so applying an entry twice, late or out of
order changes nothing. It works the same on an embedded store and a Chroma server, with no shared disk.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

# An entry is stamped when its write has finished; one that becomes visible later than this after its stamp
# (a stalled writer, clocks apart) could be missed. Readers re-read the last LAG_S of the log every time.
LAG_S = 120.0
_IDS_PER_ENTRY = 500


@dataclass(frozen=True)
class Change:
    id: str
    at: float
    kind: str  # "docs" | "meta"
    docs: tuple[str, ...]


class ChangeLog:
    def __init__(self, client: Any, name: str):
        self.collection = client.get_or_create_collection(f"{name}_changes", embedding_function=None)

    def record(self, kind: str, doc_ids: list[str]) -> list[Change]:
        """Append entries naming `doc_ids` (in groups of at most 500) -> the entries written."""
        out = []
        for i in range(0, len(doc_ids), _IDS_PER_ENTRY):
            docs = tuple(doc_ids[i:i + _IDS_PER_ENTRY])
            change = Change(uuid.uuid4().hex, time.time(), kind, docs)
            # Chroma needs a vector per record: a constant one-dimensional placeholder
            self.collection.add(ids=[change.id], documents=[json.dumps(list(docs))], embeddings=[[0.0]],
                                metadatas=[{"at": change.at, "kind": kind}])
            out.append(change)
        return out

    def since(self, at: float) -> list[Change]:
        """Entries stamped at or after `at`, oldest first."""
        got = self.collection.get(where={"at": {"$gte": at}}, include=["metadatas", "documents"])
        out = [Change(i, float(m["at"]), str(m.get("kind", "docs")), tuple(json.loads(d or "[]")))
               for i, m, d in zip(got["ids"], got["metadatas"] or [], got["documents"] or [])]
        return sorted(out, key=lambda c: c.at)
