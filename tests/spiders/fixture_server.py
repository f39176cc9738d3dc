"""A loopback HTTP server for crawl tests: fixed routes, scripted responses, a hit log."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Reply:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Hit:
    path: str
    at: float  # time.monotonic() when the request arrived
    user_agent: str


class FixtureServer:
    """Routes map a path to one Reply, or to a list played in order (the last one repeats)."""

    def __init__(self) -> None:
        self.routes: dict[str, Reply | list[Reply]] = {}
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        self._served: dict[str, int] = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def hits_for(self, path: str) -> list[Hit]:
        with self._lock:
            return [hit for hit in self.hits if hit.path == path]

    def reply_for(self, path: str, user_agent: str) -> Reply:
        with self._lock:
            self.hits.append(Hit(path, time.monotonic(), user_agent))
            route = self.routes.get(path)
            if route is None:
                return Reply(b"not found", "text/plain", 404)
            if isinstance(route, Reply):
                return route
            index = self._served.get(path, 0)
            self._served[path] = index + 1
            return route[min(index, len(route) - 1)]

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                reply = server.reply_for(self.path, self.headers.get("User-Agent", ""))
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(reply.body)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(reply.body)

            def log_message(self, format: str, *args: object) -> None:
                """Quiet: the hit log is what tests read."""

        return Handler

    @contextmanager
    def running(self) -> Iterator[FixtureServer]:
        self._thread.start()
        try:
            yield self
        finally:
            self._server.shutdown()
            self._server.server_close()
