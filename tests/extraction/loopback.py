"""Loopback helpers of the source-kind crawl tests: a server whose replies may depend on the
query string and headers, and a `scrapy crawl` runner that can pass extra environment."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from crawl_helpers import OUR_CODE_FAILED, ROOT
from fixture_server import Reply


@dataclass(frozen=True)
class Request:
    path: str
    query: dict[str, str]
    headers: dict[str, str]


Handler = Callable[[Request], Reply]


class ScriptedServer:
    """Serves `routes[path](request)`; unknown paths are 404. Every request is logged."""

    def __init__(self, routes: Mapping[str, Handler]) -> None:
        self.routes = dict(routes)
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def requests_to(self, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def _reply(self, request: Request) -> Reply:
        with self._lock:
            self.requests.append(request)
        handler = self.routes.get(request.path)
        return handler(request) if handler else Reply(b"not found", "text/plain", 404)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class _Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                headers = {k.lower(): v for k, v in self.headers.items()}
                reply = server._reply(Request(parts.path, query, headers))
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(reply.body)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(reply.body)

            def log_message(self, format: str, *args: object) -> None:
                """Quiet: tests read server.requests."""

        return _Handler

    @contextmanager
    def running(self) -> Iterator[ScriptedServer]:
        self._thread.start()
        try:
            yield self
        finally:
            self._server.shutdown()
            self._server.server_close()


def static(
    body: bytes, content_type: str = "text/html; charset=utf-8", status: int = 200
) -> Handler:
    reply = Reply(body, content_type, status)
    return lambda request: reply


def run_crawl(
    spider: str,
    config: Path,
    database_url: str,
    log_path: Path,
    env: Mapping[str, str] | None = None,
) -> str:
    """`python -m scrapy crawl SPIDER`; fails the test on a crash; returns the crawl log."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SCWATCH_", "SCRAPY_"))}
    clean.update(env or {})
    clean["SCWATCH_DATABASE_URL"] = database_url
    clean["PYTHONPATH"] = str(ROOT)
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        spider,
        "-s",
        f"SCWATCH_CONFIG={config}",
        "-s",
        f"LOG_FILE={log_path}",
    ]
    result = subprocess.run(
        command, cwd=ROOT, env=clean, capture_output=True, text=True, timeout=300, check=False
    )
    log = log_path.read_text(encoding="utf-8") if log_path.exists() else ""
    assert result.returncode == 0, f"{command} failed:\n{result.stderr}\n{log}"
    for symptom in OUR_CODE_FAILED:
        assert symptom not in log, log
    return log
