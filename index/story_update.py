"""Story clusters brought up to date around the articles a build wrote or removed.

`find_stories` (index/story.py) compares every pair of the articles it is given: fine for a group, not for a
store (29,200 articles took minutes and a 3 GB similarity matrix). Here the candidates come from the article
collection's own nearest-neighbour index: the articles within SAME_STORY cosine of a changed one, and every
member of a story any of them was in, followed until nothing new is reached. find_stories then decides with
its exact rule within each linked group, so an upload reads a handful of records, not the whole store.
"""

from __future__ import annotations

from index.store import Store
from index.story import SAME_STORY, find_stories

NEIGHBOURS = 20  # nearest articles asked for each changed one
_BATCH = 500


def update_stories(store: Store, changed: set[str], old_stories: set[str]) -> None:
    """Articles written or removed (and the story ids they had before) -> story records rewritten where
    the clusters they touch changed."""
    records: dict[str, tuple[dict, list[float]]] = {}
    parent: dict[str, str] = {}
    frontier = set(changed) | store.story_members(old_stories)
    seen = set(frontier)
    while frontier:
        found = store.article_vectors(sorted(frontier))
        records.update(found)
        reached = store.story_members({meta["story"] for meta, _ in found.values()})
        ids = sorted(found)
        for i in range(0, len(ids), _BATCH):
            part = ids[i:i + _BATCH]
            for doc, near in zip(part, store.neighbours([found[d][1] for d in part], NEIGHBOURS)):
                for other, cos in near:
                    if other != doc and cos >= SAME_STORY:
                        _union(parent, doc, other)
                        reached.add(other)
        frontier = reached - seen
        seen |= frontier
    groups: dict[str, list[str]] = {}
    for doc in records:
        groups.setdefault(_root(parent, doc), []).append(doc)
    stories: dict[str, tuple[str, list[str]]] = {}
    for members in groups.values():
        if len(members) > 1:
            stories.update(find_stories({d: records[d] for d in members}))
    store.set_stories(stories, among=set(records))


def _root(parent: dict[str, str], x: str) -> str:
    while parent.get(x, x) != x:
        parent[x] = parent.get(parent[x], parent[x])
        x = parent[x]
    return x


def _union(parent: dict[str, str], a: str, b: str) -> None:
    ra, rb = _root(parent, a), _root(parent, b)
    if ra != rb:
        parent[rb] = ra
