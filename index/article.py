"""The nouns of ingestion: an Article (cleaned story + metadata) and its Chunks (offsets into the story)."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field

UNKNOWN_OUTLET = "unknown"


@dataclass
class Article:
    doc_id: str
    text: str  # the cleaned story text; chunk offsets point into it
    title: str = ""
    outlet: str = UNKNOWN_OUTLET
    author: str = ""
    published: str = ""  # ISO date "YYYY-MM-DD" (or "YYYY-MM"/"YYYY"), "" when the text gives none
    url: str = ""
    credit: str = ""  # wire service credited by the text (AP, Reuters, Yonhap)
    source_path: str = ""
    story: str = ""  # story cluster id shared by syndicated copies ("" when alone)
    carried_by: list[str] = field(default_factory=list)  # outlets of every copy in the story cluster

    @property
    def content_hash(self) -> str:
        """Hash of the cleaned text: equal stories under two file names are duplicates."""
        return hashlib.sha256(" ".join(self.text.split()).encode()).hexdigest()[:16]

    @property
    def label(self) -> str:
        """What a citation shows: the outlet, or the title when the outlet is unknown."""
        return self.outlet if self.outlet and self.outlet != UNKNOWN_OUTLET else (self.title or self.doc_id)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Chunk:
    doc_id: str
    chunk_id: str
    start: int  # character offsets into Article.text
    end: int
    text: str

    def to_dict(self) -> dict:
        return asdict(self)
