"""What every CLI shares: errors become one line on stderr and an exit code, never a traceback."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from index.errors import NewsragError, UserError


def run_cli(main: Callable[[], int]) -> int:
    """Run a CLI body; NewsragError -> "error: message" (exit 2 for user errors, 3 otherwise)."""
    try:
        return main()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except NewsragError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2 if isinstance(err, UserError) else 3
    except Exception as err:  # a bug: still one line for the user; NEWSRAG_DEBUG=1 shows the traceback
        if os.environ.get("NEWSRAG_DEBUG"):
            raise
        print(f"error: unexpected {type(err).__name__}: {str(err).splitlines()[0][:200] if str(err) else ''}"
              " (set NEWSRAG_DEBUG=1 for details)", file=sys.stderr)
        return 1


def add_common_flags(sub: argparse._SubParsersAction) -> None:
    """Every subcommand takes --store and --json."""
    for s in sub.choices.values():
        s.add_argument("--store", type=Path, help="store folder (default: NEWSRAG_STORE)")
        s.add_argument("--json", action="store_true", help="print one JSON object")


def cli_main(parser: argparse.ArgumentParser, dispatch: Callable[[argparse.Namespace], int],
             argv: list[str] | None) -> int:
    """Parse argv, then run dispatch(args) with errors turned into one line."""
    args = parser.parse_args(argv)
    return run_cli(lambda: dispatch(args))


def print_json(obj: object) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=None))
