"""`python -m index build|add|feeds|refresh|list|show|remove`: the indexing CLI (a contract other tools rely on)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from index.build import BuildReport, build, remove
from index.cli_util import add_common_flags, cli_main, print_json
from index.errors import UserError
from index.settings import Settings, load_settings
from index.store import Store, require_store


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m index", description="Build and inspect the newsrag index.")
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="index a folder of articles (incremental)")
    b.add_argument("--articles", type=Path, help="article folder (default: NEWSRAG_ARTICLES, the bundled corpus)")
    b.add_argument("--prune", action="store_true", help="remove stored documents whose files are gone")
    a = sub.add_parser("add", help="fetch and index article pages, RSS/Atom feeds or sitemaps by URL")
    a.add_argument("sources", nargs="+", metavar="SOURCE", help="an article, feed or sitemap URL")
    f = sub.add_parser("feeds", help="the saved feeds that `refresh` reads")
    f.add_argument("action", choices=["add", "list", "remove"])
    f.add_argument("url", nargs="?", help="feed or sitemap URL (add, remove)")
    sub.add_parser("refresh", help="fetch and index what is new in each saved feed")
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
    if args.cmd == "add":
        return _add(settings, args)
    if args.cmd == "feeds":
        return _feeds(settings, args)
    if args.cmd == "refresh":
        return _refresh(settings, args)
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


def _build(settings: Settings, args: argparse.Namespace) -> int:
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
    return report_build(report, args.json)


def report_build(report: BuildReport, as_json: bool, extra: dict | None = None) -> int:
    """Print a BuildReport (one JSON object, or a summary line and one stderr line per problem) -> exit code."""
    if as_json:
        print_json({**report.to_dict(), **(extra or {})})
    else:
        print(f"{report.documents} documents, {report.chunks} chunks in the store: {report.added} added, "
              f"{report.updated} updated, {report.unchanged} unchanged, {report.removed} removed")
        for r in report.rejected:
            print(f"rejected {r['path']}: {r['reason']}", file=sys.stderr)
        for d in report.duplicates:
            print(f"duplicate {d['path']}: same story as {d['duplicate_of']}", file=sys.stderr)
    processed = report.added + report.updated + report.unchanged + len(report.duplicates)
    return 1 if report.rejected and processed == 0 else 0


def _add(settings: Settings, args: argparse.Namespace) -> int:
    from index.web import add_sources

    with _fetch_bar(args) as progress:
        report = add_sources(settings, args.sources, progress=progress)
    return report_build(report, args.json)


def _refresh(settings: Settings, args: argparse.Namespace) -> int:
    from index.feedlist import load_feeds
    from index.refresh import refresh_feeds

    if not load_feeds(settings):
        raise UserError("no saved feeds: add one with `python -m index feeds add URL`")
    with _fetch_bar(args) as progress:
        report, feeds = refresh_feeds(settings, progress=progress)
    if not args.json:
        for f in feeds:
            detail = f.reason if f.status == "rejected" else f"{f.new} new, {f.seen_before} seen before"
            print(f"{f.url}: {f.status} ({detail})")
    code = report_build(report, args.json, {"feeds": [f.to_dict() for f in feeds]})
    return 1 if feeds and all(f.status == "rejected" for f in feeds) else code


def _feeds(settings: Settings, args: argparse.Namespace) -> int:
    from index.feedlist import load_feeds, remove_feed
    from index.refresh import follow

    if args.action == "list":
        feeds = [{k: getattr(f, k) for k in ("url", "kind", "added", "checked")} | {"seen": len(f.seen)}
                 for f in load_feeds(settings)]
        if args.json:
            print_json({"feeds": feeds})
        for f in feeds if not args.json else []:
            print(f"{f['url']}  {f['kind']}, {f['seen']} entries seen, last refreshed {f['checked'] or 'never'}")
        return 0
    if not args.url:
        raise UserError(f"feeds {args.action} needs a URL: python -m index feeds {args.action} URL")
    if args.action == "add":
        kind, added = follow(settings, args.url)
        result = {"added": args.url, "kind": kind} if added else {"unchanged": args.url, "kind": kind}
        message = f"added {kind} {args.url}; `python -m index refresh` fetches its entries" if added \
            else f"{args.url} is already saved"
    else:
        if not remove_feed(settings, args.url):
            raise UserError(f"{args.url} is not a saved feed; see `python -m index feeds list`")
        result, message = {"removed": args.url}, f"removed {args.url} (its indexed articles stay)"
    print_json(result) if args.json else print(message)
    return 0


@contextlib.contextmanager
def _fetch_bar(args: argparse.Namespace) -> Iterator[Callable[[int, int, str], None] | None]:
    """A progress bar of fetched URLs on a terminal's stderr; None (silent) otherwise."""
    if args.json or not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    bar = tqdm(total=1, unit="url", desc="fetching", file=sys.stderr)

    def progress(done: int, total: int, url: str) -> None:
        bar.total, bar.n = total, done
        bar.set_postfix_str(url[-50:], refresh=True)

    try:
        yield progress
    finally:
        bar.close()


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
