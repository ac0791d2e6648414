"""`python -m index build|list|show|remove`: the indexing CLI (a contract other tools rely on)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from index.build import build, remove
from index.cli_util import add_common_flags, cli_main, print_json
from index.errors import UserError
from index.settings import load_settings
from index.store import Store, require_store


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m index", description="Build and inspect the newsrag index.")
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="index a folder of articles (incremental)")
    b.add_argument("--articles", type=Path, help="article folder (default: NEWSRAG_ARTICLES, the bundled corpus)")
    b.add_argument("--prune", action="store_true", help="remove stored documents whose files are gone")
    for name in ("list", "show", "remove"):
        s = sub.add_parser(name, help=f"{name} indexed documents")
        if name != "list":
            s.add_argument("doc_id")
    add_common_flags(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    return cli_main(_parser(), _dispatch, argv)


def _dispatch(args: argparse.Namespace) -> int:
    settings = load_settings(store=args.store)
    if args.cmd == "build":
        return _build(settings, args)
    require_store(settings)
    if args.cmd == "remove":
        found = remove(settings, args.doc_id)
        if not found:
            raise UserError(f"no document {args.doc_id!r} in the store")
        print_json({"removed": args.doc_id}) if args.json else print(f"removed {args.doc_id}")
        return 0
    store = Store.open(settings)
    if args.cmd == "list":
        docs = [{k: d[k] for k in ("doc_id", "outlet", "title", "published", "chunks")}
                for d in store.list_articles()]
        if args.json:
            print_json({"documents": docs})
        else:
            for d in docs:
                print(f"{d['doc_id']:<28} {d['outlet'][:22]:<22} {d['published'] or '-':<10} "
                      f"{d['chunks']:>3}  {d['title'][:60]}")
        return 0
    return _show(store, args)


def _build(settings, args: argparse.Namespace) -> int:
    bar = None
    progress = None
    if not args.json and sys.stderr.isatty():
        from tqdm import tqdm

        def progress(done: int, total: int, doc_id: str) -> None:
            nonlocal bar
            if bar is None:
                bar = tqdm(total=total, unit="doc", desc="indexing", file=sys.stderr)
            bar.update(1)

    report = build(settings, articles=args.articles, prune=args.prune, progress=progress)
    if bar is not None:
        bar.close()
    if args.json:
        print_json(report.to_dict())
    else:
        print(f"{report.documents} documents, {report.chunks} chunks in the store: {report.added} added, "
              f"{report.updated} updated, {report.unchanged} unchanged, {report.removed} removed")
        for r in report.rejected:
            print(f"rejected {r['path']}: {r['reason']}", file=sys.stderr)
        for d in report.duplicates:
            print(f"duplicate {d['path']}: same story as {d['duplicate_of']}", file=sys.stderr)
    processed = report.added + report.updated + report.unchanged + len(report.duplicates)
    return 1 if report.rejected and processed == 0 else 0


def _show(store: Store, args: argparse.Namespace) -> int:
    doc = store.get_article(args.doc_id)
    if doc is None:
        raise UserError(f"no document {args.doc_id!r} in the store; see `python -m index list`")
    chunks = [{k: c[k] for k in ("chunk_id", "start", "end", "text")} for c in store.get_chunks(args.doc_id)]
    out = {k: doc[k] for k in ("doc_id", "outlet", "title", "author", "published", "url", "credit",
                               "story", "carried_by", "text")}
    out["chunks"] = chunks
    if args.json:
        print_json(out)
    else:
        print(f"{out['title']}\n{out['outlet']} | {out['author'] or 'no byline'} | {out['published'] or 'undated'}")
        if out["carried_by"]:
            print(f"same story carried by: {', '.join(out['carried_by'])}")
        print(f"\n{out['text']}\n\n{len(chunks)} chunks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
