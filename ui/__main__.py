"""`python -m ui` (and the `newsrag` command): index the articles if needed, then serve the web UI.

    python -m ui [--port N] [--host H] [--store DIR] [--articles DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from index.cli_util import run_cli


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="newsrag", description="Chat with the newsrag articles in your browser.")
    p.add_argument("--port", type=int, help="port (default: NEWSRAG_PORT or 7860)")
    p.add_argument("--host", help="address to bind (default: NEWSRAG_HOST or 127.0.0.1, this machine only)")
    p.add_argument("--store", type=Path, help="store folder (default: NEWSRAG_STORE)")
    p.add_argument("--articles", type=Path, help="article folder (default: NEWSRAG_ARTICLES, the bundled corpus)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return run_cli(lambda: _serve(args))


def _serve(args: argparse.Namespace) -> int:
    from index.settings import load_settings

    settings = load_settings(port=args.port, host=args.host, store=args.store, articles=args.articles)
    from ui.app import build_app, launch, parse_auth

    parse_auth(settings.auth)  # a malformed NEWSRAG_AUTH stops here, before any indexing or listening
    _index(settings)
    print("loading the app…", file=sys.stderr, flush=True)
    app = build_app(settings)
    print(f"newsrag is running at http://{settings.host}:{settings.port} (Ctrl-C to stop)", file=sys.stderr,
          flush=True)
    launch(app, settings, quiet=True)
    return 0


def _index(settings) -> None:  # type: ignore[no-untyped-def]
    """Bring the store up to date with the article folder (incremental: only new or edited files are embedded),
    with progress on the terminal. Uploaded articles are never pruned."""
    from index.build import build

    print(f"checking the index at {settings.store} against {settings.articles}…", file=sys.stderr, flush=True)

    def progress(done: int, total: int, doc_id: str) -> None:
        width = 30
        filled = width * done // max(total, 1)
        print(f"\r  indexing [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {doc_id[:40]:<40}",
              end="" if done < total else "\n", file=sys.stderr, flush=True)

    report = build(settings, prune=False, progress=progress)
    print(f"  {report.documents} articles, {report.chunks} passages indexed ({report.added} added, "
          f"{report.updated} updated, {report.unchanged} unchanged)", file=sys.stderr, flush=True)
    for r in report.rejected:
        print(f"  skipped {Path(r['path']).name}: {r['reason']}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
