"""The one loopback HTTP server of the tests, and listeners that never answer.

`LoopbackServer` answers GET and POST on 127.0.0.1 (a port the kernel picks) from a route
table: a path maps to a fixed `Reply` or to a handler `(Request) -> Reply` (replies that
depend on the query or the headers, `in_order` scripts, `honest_304`). A request target is
looked up with its query first, then without it; anything else gets `fallback`. Every
request is logged (method, path, query, headers, body, arrival time) before it is answered.
A reply may drip its body a byte at a time, for clients that must give up.
"""

from __future__ import annotations

import io
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Reply:
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"  # None: no Content-Type header
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    # Send the headers, then this many body bytes ("." each) one at a time with a pause
    # between, instead of `body`: an answer that trickles past the client's deadline.
    drip_bytes: int = 0


NOT_FOUND = Reply(b"not found", "text/plain", 404)


@dataclass(frozen=True)
class Request:
    method: str
    target: str  # as sent: the path and the query string
    path: str  # without the query string
    query: dict[str, str]  # the first value of each parameter
    headers: dict[str, str]  # names in lower case
    body: bytes
    at: float  # time.monotonic() when the request arrived

    @property
    def user_agent(self) -> str:
        return self.headers.get("user-agent", "")

    def json(self) -> object:
        return json.loads(self.body.decode("utf-8"))


Handler = Callable[[Request], Reply]
Route = Reply | Handler


def in_order(*replies: Reply) -> Handler:
    """Each reply once, in order; the last one repeats."""
    served = iter(range(len(replies) - 1))
    lock = threading.Lock()

    def answer(request: Request) -> Reply:
        with lock:
            return replies[next(served, len(replies) - 1)]

    return answer


def honest_304(reply: Reply) -> Handler:
    """`reply`, or 304 Not Modified when If-None-Match names the reply's ETag."""

    def answer(request: Request) -> Reply:
        etag = request.headers.get("if-none-match")
        if etag is not None and etag == reply.headers.get("ETag"):
            return Reply(b"", None, 304, {"ETag": etag})
        return reply

    return answer


class _IPv6Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6


class LoopbackServer:
    def __init__(
        self,
        routes: Mapping[str, Route] | None = None,
        *,
        fallback: Route = NOT_FOUND,
        host: str = "127.0.0.1",  # "::1": the IPv6 loopback
    ) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.fallback: Route = fallback
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        server_class = _IPv6Server if ":" in host else ThreadingHTTPServer
        self._server = server_class((host, 0), self._handler_class())
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://[{host!s}]:{port}" if ":" in str(host) else f"http://{host!s}:{port}"

    def url(self, target: str) -> str:
        return self.base_url + target

    def requests_to(self, path: str) -> list[Request]:
        with self._lock:
            return [request for request in self.requests if request.path == path]

    def answer(self, request: Request) -> Reply:
        with self._lock:
            self.requests.append(request)
            route = self.routes.get(request.target, self.routes.get(request.path))
        route = self.fallback if route is None else route
        return route if isinstance(route, Reply) else route(request)

    @contextmanager
    def running(self) -> Iterator[LoopbackServer]:
        self._thread.start()
        try:
            yield self
        finally:
            self._server.shutdown()
            self._server.server_close()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self._reply(server.answer(self._request()))

            do_POST = do_GET

            def _request(self) -> Request:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                return Request(
                    method=self.command,
                    target=self.path,
                    path=parts.path,
                    query={k: v[0] for k, v in parse_qs(parts.query).items()},
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=self.rfile.read(length) if length else b"",
                    at=time.monotonic(),
                )

            def _reply(self, reply: Reply) -> None:
                self.send_response(reply.status)
                if reply.content_type is not None:
                    self.send_header("Content-Type", reply.content_type)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                length = reply.drip_bytes or len(reply.body)
                self.send_header("Content-Length", str(length))
                self.end_headers()
                if reply.drip_bytes:
                    _drip(self.wfile, reply.drip_bytes)
                else:
                    self.wfile.write(reply.body)

            def log_message(self, format: str, *args: object) -> None:
                """Quiet: tests read server.requests."""

        return Handler


def _drip(stream: io.BufferedIOBase, count: int) -> None:
    for _ in range(count):
        try:
            stream.write(b".")
            stream.flush()
        except OSError:  # the client gave up: that is what the test waits for
            return
        time.sleep(0.1)


class SilentListener:
    """Accepts TCP connections (through the kernel backlog) and never answers a byte."""

    def __init__(self) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(16)
        self.port = self._socket.getsockname()[1]

    def close(self) -> None:
        self._socket.close()


def closed_port() -> int:
    """A loopback port nobody listens on (connections are refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
