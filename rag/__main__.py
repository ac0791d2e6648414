"""`python -m rag ask|retrieve|chat|verify`: answers with verified outlet citations from the terminal, and claims
checked against the articles (`verify`: JSONL in, one JSON verdict a line out; see rag/verification/checker.py)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, TextIO

from index.cli_util import add_common_flags, cli_main, print_json
from index.errors import UserError
from index.settings import Settings, load_settings
from index.store import require_store
from rag.answer import Answer, Sentence
from rag.question.query import validate_question
from rag.reply.pipeline import Engine
from rag.verification.checker import Checker


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m rag", description="Ask the newsrag articles.")
    sub = p.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("ask", help="answer one question with citations")
    a.add_argument("question")
    a.add_argument("--no-llm", action="store_true", help="extractive answer only (no model call)")
    r = sub.add_parser("retrieve", help="show the passages retrieval ranks first")
    r.add_argument("question")
    r.add_argument("-k", type=int, default=None, help="passages to return (default NEWSRAG_TOP_K)")
    sub.add_parser("chat", help="a terminal chat with streaming")
    v = sub.add_parser("verify", help="check claims (JSONL) against given passages or the indexed articles",
                       description="Each line: {\"sentence\": ..., \"passages\"?: [{\"text\", \"doc_id\"?, "
                       "\"outlet\"?}]}; without passages the store is searched. Prints one JSON verdict a line. "
                       "Exit 0 when every line was checked, 2 when a line was bad, 3 when the store or model failed.")
    v.add_argument("file", nargs="?", default="-", help="JSONL file (default: - , standard input)")
    v.add_argument("-k", type=int, default=None, help="passages searched per claim (default NEWSRAG_TOP_K)")
    add_common_flags(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    return cli_main(_parser(), _dispatch, argv)


def _dispatch(args: argparse.Namespace) -> int:
    settings = load_settings(store=args.store)
    if args.cmd == "verify":  # the store is opened only when a line needs searching
        return _verify(settings, args.file, args.k)
    if args.cmd in ("ask", "retrieve"):  # reject bad questions before loading any model
        validate_question(args.question, settings.max_question_chars)
    require_store(settings)
    engine = Engine(settings)
    if args.cmd == "retrieve":
        passages, timings = engine.retrieve(args.question, k=args.k)
        if args.json:
            print_json({"sources": [p.source_dict() for p in passages], "timings": timings})
        else:
            for i, p in enumerate(passages, 1):
                print(f"{i}. [{' | '.join(p.labels)}] {p.title} ({p.published or 'undated'}) "
                      f"score={p.score:.4f} cos={p.dense:.3f}\n   {p.text[:300]}")
        return 0
    if args.cmd == "ask":
        answer = engine.ask(args.question, use_llm=not args.no_llm)
        print_json(answer.to_dict()) if args.json else print(format_answer(answer))
        if answer.error:  # the quotes were printed; the exit code still says the model failed
            print(f"error: {answer.error}", file=sys.stderr)
            return 3
        return 0
    return _chat(engine)


def _verify(settings: Settings, path: str, k: int | None) -> int:
    """Claims from a JSONL file (or stdin) -> one JSON line each; exit 0 all checked, 2 a bad line, 3 a failure."""
    if k is not None and k < 1:
        raise UserError("-k must be at least 1")
    checker = Checker(settings, k=k, on_warning=lambda message: print(message, file=sys.stderr, flush=True))
    worst = 0
    with _lines(path) as lines:
        for result, status in checker.run(lines):
            print_json(result)
            sys.stdout.flush()
            worst = max(worst, status)
    return worst


@contextmanager
def _lines(path: str) -> Iterator[BinaryIO]:
    """A file's lines as bytes ("-": standard input); each line is decoded on its own, so one bad line is one error."""
    if path == "-":
        yield sys.stdin.buffer
        return
    try:
        f = open(Path(path), "rb")  # noqa: SIM115 - closed below, after the lines are read
    except OSError as err:
        raise UserError(f"cannot read {path}: {err.strerror or err}") from None
    with f:
        yield f


def format_answer(answer: Answer) -> str:
    """Answer -> terminal text: the cited answer (lead first), flags, conflicts and a numbered source list."""
    return "\n".join([answer_lines(answer), *detail_lines(answer)])


def answer_lines(answer: Answer) -> str:
    """The answer's sentences, one a line, each with its [outlet] tags; a timeline numbered.

    "Yes — Kishida also expressed grave concerns ... [The Korea Times]"
    """
    lines, n = [], 0
    for s in answer.sentences:
        if s.reason == "timeline" and s.supported:
            n += 1
            lines.append(f"  {n}. {_tagged(s, answer)}")
        else:
            lines.append(_tagged(s, answer))
    return "\n".join(lines)


def _tagged(s: Sentence, answer: Answer) -> str:
    """One sentence as `Answer.text` writes it: "Trade doubled [Business Standard]"; flagged when unsupported."""
    tags = "".join(f" [{c.outlet}]" for c in s.citations if c.supported) if s.supported else ""
    flag = "" if s.supported or answer.abstained else " [unsupported]"
    return f"{s.text}{tags}{flag}"


def detail_lines(answer: Answer) -> list[str]:
    """What follows the sentences: the note, removed sentences, conflicts and the cited sources."""
    lines = []
    if answer.note:
        lines.append(f"({answer.note})")
    for s in answer.dropped:
        lines.append(f"  removed, not supported by the sources: {s.text!r}")
    if not any(s.reason == "conflict" for s in answer.sentences):
        for c in answer.conflicts:
            sides = "; ".join(f"{x['outlet']}: {x['value']}" for x in c.get("claims", []))
            lines.append(f"  sources disagree on {c.get('topic', 'a fact')}: {sides}")
    if not answer.abstained:
        lines.append("\nSources:")
        used = {c.doc_id for c in answer.citations}
        for p in answer.sources:
            if p.doc_id in used:
                lines.append(f"  [{p.label}] {p.title} ({p.published or 'undated'}) {p.url}".rstrip())
                used.discard(p.doc_id)
    return lines


def _chat(engine: Engine) -> int:
    from index.errors import NewsragError

    history: list[tuple[str, str]] = []
    print("Ask about the articles (empty line or Ctrl-D to quit).")
    while True:
        try:
            question = input("\n> ").strip()
        except EOFError:
            return 0
        if not question:
            return 0
        try:
            answer = _chat_turn(engine, question, history)
            history.append((question, answer.text))
        except NewsragError as err:
            print(f"error: {err}", file=sys.stderr)


def _chat_turn(engine: Engine, question: str, history: list[tuple[str, str]], out: TextIO | None = None) -> Answer:
    """One chat turn on the terminal: the verified lead at once, each model sentence once it passes
    verification, then the final answer when it differs from what is on screen. The model's raw tokens are
    never printed: nothing unchecked reaches the reader."""
    out = out or sys.stdout
    shown: list[Sentence] = []
    lead: Answer | None = None
    final: Answer | None = None
    for event in engine.stream(question, history=history):
        if event.kind == "lead" and event.answer is not None:
            lead = event.answer
            shown = list(lead.sentences)
            print(answer_lines(lead), file=out, flush=True)
        elif event.kind == "status" and event.text == "writing" and lead is not None:
            print("  (the model is writing; only sentences that pass the check are added)", file=out, flush=True)
        elif event.kind == "sentence" and event.sentence is not None and lead is not None:
            shown.append(event.sentence)
            print(f"  + {_tagged(event.sentence, lead)}", file=out, flush=True)
        elif event.kind == "answer" and event.answer is not None:
            final = event.answer
    assert final is not None
    if lead is None or [s.text for s in final.sentences] != [s.text for s in shown]:
        print(("\nChecked answer:\n" if lead is not None else "") + answer_lines(final), file=out)
    print("\n".join(detail_lines(final)), file=out, flush=True)
    return final


if __name__ == "__main__":
    sys.exit(main())
