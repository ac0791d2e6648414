"""Real servers on 127.0.0.1 for integration tests: a Chroma server and a llama.cpp OpenAI-compatible server."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import free_port

BIN = Path(sys.executable).parent


def wait_http(url: str, seconds: float = 60.0) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception as err:
            if getattr(err, "code", None):
                return
            time.sleep(0.3)
    raise TimeoutError(f"no answer from {url} within {seconds} s")


@contextlib.contextmanager
def _serving(cmd: list[str], ready_url: str, seconds: float) -> Iterator[None]:
    """Run a server process until the block ends, once `ready_url` answers."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_http(ready_url, seconds)
        yield
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@contextlib.contextmanager
def chroma_server(path: Path) -> Iterator[int]:
    port = free_port()
    cmd = [str(BIN / "chroma"), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)]
    with _serving(cmd, f"http://127.0.0.1:{port}/api/v2/heartbeat", 60):
        yield port


@contextlib.contextmanager
def llama_server(model: Path, api_key: str | None = None) -> Iterator[int]:
    port = free_port()
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
           "--port", str(port), "--n_ctx", "2048", "--n_threads", "2"]
    if api_key:
        cmd += ["--api_key", api_key]
    with _serving(cmd, f"http://127.0.0.1:{port}/v1/models", 120):
        yield port


class StubOpenAI:
    """A scripted OpenAI-compatible endpoint for faults a real server will not produce on demand:
    a hang, 429 then 200, a stream cut mid-way. Each request pops the next behaviour."""

    def __init__(self, behaviours: list[str]):
        import http.server
        import json
        import threading

        self.behaviours = list(behaviours)
        self.requests = 0
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                stub.requests += 1
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                kind = stub.behaviours.pop(0) if stub.behaviours else "ok"
                if kind == "hang":
                    time.sleep(60)
                    return
                if kind in ("429", "401", "500"):
                    body = json.dumps({"error": {"message": kind, "type": "error"}}).encode()
                    self.send_response(int(kind))
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                words = "Yoon attends as part of the IP4 along with Japan, Australia and New Zealand [1].".split(" ")
                for n, word in enumerate(words):
                    if kind == "cut" and n == 4:
                        self.wfile.flush()
                        self.connection.shutdown(2)
                        return
                    chunk = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "stub",
                             "choices": [{"index": 0, "delta": {"content": word + " "}, "finish_reason": None}]}
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                end = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "stub",
                       "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
                self.wfile.write(f"data: {json.dumps(end)}\n\ndata: [DONE]\n\n".encode())

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> StubOpenAI:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
