"""Claims in, verdicts out: the JSONL lines `python -m rag verify` reads, and a Checker that judges each one
against the passages it brings or, without passages, against the indexed articles.

A line is `{"sentence": "...", "passages": [{"text": "...", "doc_id"?: "...", "outlet"?: "...", "title"?: "..."}]}`
or `{"sentence": "..."}` alone (then the store is searched). The store and the embedder are loaded on first need,
so lines that bring their passages need no store.

    for result, status in Checker(settings).run(['{"sentence": "Trade doubled.", "passages": [{"text": "..."}]}']):
        print(result)  # {"supported": ..., "verdict": ..., "reason": ..., "evidence": [...]}
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.errors import NewsragError, UserError
from index.settings import Settings
from rag.answer import Passage, with_copies
from rag.verification.check import ClaimCheck, check_claim, validate_claim
from rag.verification.verifier import Embed

if TYPE_CHECKING:
    from rag.reply.pipeline import Engine

LINE_KEYS = ("sentence", "passages")
PASSAGE_TEXT_KEYS = ("doc_id", "outlet", "title")  # optional strings; other keys (a `retrieve --json` source) are ignored
MAX_PASSAGES = 100
MAX_PASSAGE_CHARS = 50_000
OK, BAD_LINE, FAILED = 0, 2, 3  # line statuses; the CLI exits with the worst


@dataclass
class ClaimLine:
    sentence: str
    passages: list[Passage] | None  # None: search the indexed articles


def parse_line(raw: str, max_chars: int) -> ClaimLine:
    """One JSONL line -> ClaimLine, or UserError saying what is wrong with it.

    '{"sentence": "Trade doubled."}' -> ClaimLine("Trade doubled.", None); '{"text": 1}' -> UserError
    """
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as err:
        raise UserError(f"not JSON ({err.msg} at column {err.colno})") from None
    if not isinstance(obj, dict):
        raise UserError('a line must be a JSON object: {"sentence": "...", "passages": [...]}')
    unknown = [k for k in obj if k not in LINE_KEYS]
    if unknown:
        raise UserError(f'unknown key "{unknown[0]}": a line has "sentence" and, optionally, "passages"')
    if "sentence" not in obj:
        raise UserError('no "sentence": give the sentence to check')
    if not isinstance(obj["sentence"], str):
        raise UserError('"sentence" must be a string')
    sentence = validate_claim(obj["sentence"], max_chars)
    if "passages" not in obj or obj["passages"] is None:
        return ClaimLine(sentence, None)
    return ClaimLine(sentence, inline_passages(obj["passages"]))


def inline_passages(items: object) -> list[Passage]:
    """The passages a line brings -> Passages; a missing doc_id becomes "passage-N" (1-based), so each counts
    as its own source.

    [{"text": "Trade doubled.", "outlet": "AP"}] -> [Passage(doc_id="passage-1", chunk_id="passage-1:0",
    text="Trade doubled.", start=0, end=14, outlet="AP", title="")]
    """
    if not isinstance(items, list):
        raise UserError('"passages" must be a list of {"text": "..."} objects')
    if len(items) > MAX_PASSAGES:
        raise UserError(f"{len(items)} passages; the limit is {MAX_PASSAGES} a line")
    out = []
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not item["text"].strip():
            raise UserError(f'passage {n} must be an object with a non-empty "text" string')
        if len(item["text"]) > MAX_PASSAGE_CHARS:
            raise UserError(f"passage {n} is {len(item['text'])} characters long; the limit is {MAX_PASSAGE_CHARS}")
        bad = next((k for k in PASSAGE_TEXT_KEYS if k in item and not isinstance(item[k], str)), None)
        if bad:
            raise UserError(f'passage {n}: "{bad}" must be a string')
        doc_id = item.get("doc_id") or f"passage-{n}"
        out.append(Passage(doc_id=doc_id, chunk_id=f"{doc_id}:{n - 1}", text=item["text"], start=0,
                           end=len(item["text"]), outlet=item.get("outlet", ""), title=item.get("title", "")))
    return out


class Checker:
    """Judges claim lines; opens the store (an Engine) and the embedder only when a line first needs them.

    `engine`: an Engine already open (the web app's); `on_warning`: where a one-line warning goes (the CLI
    prints it on stderr) when the embedder cannot load and inline passages are checked without its cosine.
    """

    def __init__(self, settings: Settings, k: int | None = None, engine: Engine | None = None,
                 on_warning: Callable[[str], None] | None = None):
        self.settings = settings
        self.k = k
        self._engine = engine
        self._engine_error: NewsragError | None = None
        self._embed: Embed | None = None
        self._embed_tried = False
        self._warn = on_warning or (lambda message: None)

    def run(self, lines: Iterable[str | bytes]) -> Iterator[tuple[dict, int]]:
        """Lines -> (one JSON object per non-blank line, its status: OK, BAD_LINE or FAILED), in order.
        A bad line gives {"line": N, "error": "..."} and the rest go on."""
        for n, raw in enumerate(lines, 1):
            try:
                text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            except UnicodeDecodeError:
                yield {"line": n, "error": "not UTF-8 text"}, BAD_LINE
                continue
            if not text.strip():
                continue
            try:
                yield self.check(parse_line(text, self.settings.max_question_chars)).to_dict(), OK
            except NewsragError as err:
                status = BAD_LINE if isinstance(err, UserError) else FAILED
                yield {"line": n, "error": str(err).splitlines()[0] if str(err) else type(err).__name__}, status

    def check(self, line: ClaimLine) -> ClaimCheck:
        """A parsed line -> its verdict: against its own passages, else against the indexed articles."""
        if line.passages is not None:
            return check_claim(line.sentence, line.passages, self.embedder())
        return self.search(line.sentence)

    def search(self, sentence: str) -> ClaimCheck:
        """A sentence -> its verdict against the passages retrieval finds for it in the store."""
        engine = self.engine()
        passages, _ = engine.retrieve(sentence, k=self.k)
        return check_claim(sentence, with_copies(passages), engine.embed)

    def engine(self) -> Engine:
        """The Engine over the store, opened once (imported late: Chroma loads with it); a store that failed to
        open fails every later line the same way."""
        if self._engine is None:
            if self._engine_error is not None:
                raise self._engine_error
            from index.store import require_store
            from rag.reply.pipeline import Engine

            try:
                require_store(self.settings)
                self._engine = Engine(self.settings)
            except NewsragError as err:
                self._engine_error = err
                raise
        return self._engine

    def embedder(self) -> Embed | None:
        """The configured embedder for the verifier's cosine, or None (lexical checks only) when it cannot load."""
        if not self._embed_tried:
            self._embed_tried = True
            if self._engine is not None:
                self._embed = self._engine.embed
            else:
                self._embed = self._load_embedder()
        return self._embed

    def _load_embedder(self) -> Embed | None:
        from index.embed import embed_texts, make_embedder

        try:
            model = make_embedder(self.settings.embed)
            embed_texts(model, ["a first sentence to load the model"])
        except NewsragError as err:
            self._warn(f"warning: {err}; checking without the embedding similarity")
            return None
        return lambda texts: embed_texts(model, texts)
