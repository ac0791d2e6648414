"""What every CLI shares: errors become one line on stderr and an exit code, never a traceback."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable

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


def print_json(obj: object) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=None))
