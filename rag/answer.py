"""The nouns of answering: a retrieved Passage, a Citation, a verified Sentence and the Answer.

The CLI's `--json`, the UI's `/ask` and the eval harness all serialise `Answer.to_dict()`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Passage:
    """A retrieved chunk with its scores and every outlet that carried the same text."""

    doc_id: str
    chunk_id: str
    text: str
    start: int
    end: int
    outlet: str
    title: str
    published: str = ""
    author: str = ""
    url: str = ""
    score: float = 0.0  # fused retrieval score
    dense: float = 0.0  # cosine similarity of the query and the chunk
    also: list[dict] = field(default_factory=list)  # syndicated copies: [{"doc_id", "outlet", "title", ...}]
    # The whole article's text, for checks at article level (is the summit a question names in this article?);
    # not serialised.
    article: str = field(default="", repr=False, compare=False)

    @property
    def label(self) -> str:
        """Citation label: the outlet, or the title when the outlet is unknown."""
        return self.outlet if self.outlet and self.outlet != "unknown" else (self.title or self.doc_id)

    @property
    def labels(self) -> list[str]:
        """Labels of this passage and of every syndicated copy, without repeats."""
        out = [self.label]
        for copy in self.also:
            lab = copy.get("outlet") if copy.get("outlet") not in ("", "unknown", None) else copy.get("title")
            if lab and lab not in out:
                out.append(lab)
        return out

    def source_dict(self) -> dict:
        return {
            "doc_id": self.doc_id,
            "outlet": self.outlet,
            "title": self.title,
            "published": self.published,
            "author": self.author,
            "url": self.url,
            "chunk_id": self.chunk_id,
            "score": round(self.score, 6),
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "also": self.also,
        }


@dataclass
class Citation:
    outlet: str
    doc_id: str
    title: str
    published: str
    url: str
    quote: str  # the passage sentence that supports (or best matches) the answer sentence
    supported: bool
    chunk_id: str = ""
    start: int = -1  # offsets of the quote in the article's cleaned text
    end: int = -1


@dataclass
class Sentence:
    text: str  # without citation markers
    citations: list[Citation] = field(default_factory=list)
    supported: bool = False
    reason: str = ""  # why it was flagged, when it was


@dataclass
class Answer:
    question: str
    sentences: list[Sentence] = field(default_factory=list)
    sources: list[Passage] = field(default_factory=list)
    abstained: bool = False
    conflicts: list[dict] = field(default_factory=list)
    mode: str = "generated"  # generated | extractive | abstained
    partial: bool = False
    model: str = ""
    timings: dict = field(default_factory=dict)
    note: str = ""
    dropped: list[Sentence] = field(default_factory=list)  # model sentences the verifier could not support
    error: str = ""  # the model failed (one line); the answer then quotes the sources
    standalone: str = ""  # the question with a follow-up's pronouns resolved from the conversation
    answer_type: str = ""  # what the question asks for (rag.question.analysis.ANSWER_TYPES)
    short_answer: str = ""  # the lead phrase: "Yes", "Fumio Kishida"; "" when there is none
    answerability: str = "full"  # full | partial (says what the articles do not state) | none (declined)

    @property
    def text(self) -> str:
        """The answer with inline citations: "... doubled [Business Standard] [The Korea Times]"."""
        parts = []
        for s in self.sentences:
            tags = "".join(f" [{c.outlet}]" for c in s.citations if c.supported) if s.supported else ""
            flag = "" if s.supported or self.abstained else " [unsupported]"
            parts.append(f"{s.text}{tags}{flag}")
        return " ".join(parts)

    @property
    def citations(self) -> list[Citation]:
        return [c for s in self.sentences for c in s.citations]

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "standalone": self.standalone or self.question,
            "answer": self.text,
            "answer_type": self.answer_type,
            "short_answer": self.short_answer,
            "answerability": self.answerability,
            "abstained": self.abstained,
            "mode": self.mode,
            "partial": self.partial,
            "citations": [
                {k: v for k, v in asdict(c).items()} for c in self.citations
            ],
            "sentences": [
                {"text": s.text, "supported": s.supported, "reason": s.reason,
                 "citations": [c.outlet for c in s.citations]}
                for s in self.sentences
            ],
            "sources": [p.source_dict() for p in self.sources],
            "conflicts": self.conflicts,
            "timings": self.timings,
            "model": self.model,
            "note": self.note,
            "error": self.error,
            "dropped": [{"text": s.text, "reason": s.reason} for s in self.dropped],
        }


def with_copies(passages: list[Passage]) -> list[Passage]:
    """Passages plus their syndicated copies as passages of their own, so each outlet can be verified."""
    out = list(passages)
    for p in passages:
        for c in p.also:
            out.append(Passage(doc_id=c["doc_id"], chunk_id=c["chunk_id"], text=c["text"], start=c["start"],
                               end=c["end"], outlet=c["outlet"], title=c["title"], published=c["published"],
                               author=c.get("author", ""), url=c.get("url", ""), score=c.get("score", 0.0)))
    return out


def unique_passages(passages: list[Passage]) -> list[Passage]:
    """Passages without repeats of the same chunk of the same document, first kept."""
    seen, out = set(), []
    for p in passages:
        if (p.doc_id, p.chunk_id) not in seen:
            seen.add((p.doc_id, p.chunk_id))
            out.append(p)
    return out
