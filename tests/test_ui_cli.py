"""`newsrag` / `python -m ui` for real: it indexes a fresh store with visible progress, binds 127.0.0.1 and
answers through `/ask` with the embedded model."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from gradio_client import Client

from tests.conftest import ROOT, free_port

pytestmark = pytest.mark.integration


def wait_for(proc: subprocess.Popen, log: Path, text: str, timeout: float) -> str:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        out = log.read_text(encoding="utf-8", errors="replace")
        if text in out:
            return out
        if proc.poll() is not None:
            pytest.fail(f"the app exited with {proc.returncode}:\n{out[-2000:]}")
        time.sleep(0.3)
    pytest.fail(f"no {text!r} within {timeout} s:\n{log.read_text()[-2000:]}")


def test_python_m_ui_indexes_then_serves_on_localhost(tmp_path):
    port = free_port()
    log = tmp_path / "stderr.txt"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSRAG_")}
    env["NEWSRAG_FEEDBACK"] = str(tmp_path / "feedback.jsonl")
    with log.open("w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "ui", "--store", str(tmp_path / "store"), "--port", str(port)],
                                cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL,
                                stderr=err)
    try:
        out = wait_for(proc, log, "newsrag is running at", 240)
        assert "indexing [" in out and "5/5" in out and "5 articles" in out  # first run: visible progress
        assert f"http://127.0.0.1:{port}" in out
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.3)
        result = Client(f"http://127.0.0.1:{port}/", verbose=False).predict(
            "Which countries make up the IP4 group?", api_name="/ask")
        assert "002_d081907265adfced" in {c["doc_id"] for c in result["citations"]}
        assert result["model"] and not result["abstained"]
        assert "Traceback" not in log.read_text()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_a_bad_setting_is_one_line_not_a_traceback(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSRAG_")}
    env.update(NEWSRAG_AUTH="no-colon-here", PYTHONPATH=str(ROOT))
    run = subprocess.run([sys.executable, "-m", "ui", "--store", str(tmp_path / "store"), "--port", "1"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 2
    assert "NEWSRAG_AUTH must look like user:password" in run.stderr and "Traceback" not in run.stderr
