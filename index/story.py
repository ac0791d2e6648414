"""Syndication: find articles that carry the same story (e.g. an AP report and a rewrite of it)."""

from __future__ import annotations

import numpy as np

from index.sentences import split_sentences

# Cosine of lead-paragraph vectors above which two articles are one story; measured on the seeds with MiniLM:
# the two reports of the Seoul summit score well above this, different summits with the same leaders below.
SAME_STORY = 0.80
SAME_STORY_UNDATED = 0.88  # stricter when a date is missing on either side


def lead_text(title: str, text: str, sentences: int = 3) -> str:
    """Title + story -> the text whose vector stands for the story ("title. first sentences")."""
    return " ".join([title.strip(), *split_sentences(text)[:sentences]]).strip()


def find_stories(records: dict[str, tuple[dict, list[float]]]) -> dict[str, tuple[str, list[str]]]:
    """{doc_id: (meta, lead vector)} -> {doc_id: (story id, outlet labels of every copy)} for clustered docs.

    Docs alone in their story are left out. The story id is the smallest doc_id in the cluster.
    """
    ids = sorted(records)
    if len(ids) < 2:
        return {}
    vectors = np.array([records[i][1] for i in ids], dtype=np.float32)
    vectors /= np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)
    sims = vectors @ vectors.T
    parent = list(range(len(ids)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a in range(len(ids)):
        for b in range(a + 1, len(ids)):
            if _same_story(records[ids[a]][0], records[ids[b]][0], float(sims[a, b])):
                parent[root(b)] = root(a)
    clusters: dict[int, list[str]] = {}
    for i, doc_id in enumerate(ids):
        clusters.setdefault(root(i), []).append(doc_id)
    out: dict[str, tuple[str, list[str]]] = {}
    for members in clusters.values():
        if len(members) < 2:
            continue
        labels = list(dict.fromkeys(_label(records[m][0]) for m in members))
        for m in members:
            out[m] = (members[0], labels)
    return out


def _same_story(a: dict, b: dict, sim: float) -> bool:
    da, db = a.get("published", ""), b.get("published", "")
    if da and db:
        return da[:10] == db[:10] and sim >= SAME_STORY
    return sim >= SAME_STORY_UNDATED


def _label(meta: dict) -> str:
    outlet = meta.get("outlet", "")
    return outlet if outlet and outlet != "unknown" else (meta.get("title") or meta.get("doc_id", ""))
