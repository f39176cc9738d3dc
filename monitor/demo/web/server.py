"""The loopback demo news web: a threaded HTTP server over the site rendered in memory.

    with start_demo_web() as web:          # 127.0.0.1, ephemeral port
        web.base_url                       # http://127.0.0.1:PORT
        web.sources()                      # list[scwatch.core.models.Source] to crawl it

Requests are only looked up in the rendered map (see render.py), so nothing outside the site
can be served. /broken/slow is the one answer computed per request (see broken.py).
"""

from __future__ import annotations

import logging
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

from scwatch.core.models import Source
from scwatch.demo.web.broken import NOT_FOUND_PATH, SLOW_PATH, slow_seconds
from scwatch.demo.web.render import Site, build_site
from scwatch.demo.web.resource import Resource

log = logging.getLogger(__name__)

# The demo web's documented port (`python -m scwatch.demo.web`, `scwatch demo`).
DEFAULT_PORT = 8008
MAX_TARGET_CHARS = 2048
SLOW_ANSWER = Resource("늦었지만 응답합니다.\n".encode(), "text/plain; charset=utf-8")
URI_TOO_LONG = Resource(b"request target too long\n", "text/plain; charset=utf-8", status=414)


class _DemoHTTPServer(ThreadingHTTPServer):
    """Threaded server that can end its open connections and waiting handlers on stop."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], family: socket.AddressFamily) -> None:
        self.address_family = family
        super().__init__(address, DemoRequestHandler)
        # Set by start_demo_web before the serving thread starts.
        self.site: Site
        self.stopping = threading.Event()
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_open_connections(self) -> None:
        """Unblock handlers waiting on idle keep-alive connections."""
        with self._open_lock:
            still_open = list(self._open)
        for sock in still_open:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                log.debug("demo web: connection already closed")

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError) or self.stopping.is_set():
            # Clients that give up (crawl timeouts) are part of the demo, not a fault.
            log.debug("demo web: %s dropped the connection: %r", client_address, error)
            return
        log.exception("demo web: error while answering %s", client_address)


class DemoRequestHandler(BaseHTTPRequestHandler):
    server: _DemoHTTPServer
    server_version = "scwatch-demoweb/1.0"
    protocol_version = "HTTP/1.1"
    # Idle keep-alive connections are closed after this many seconds.
    timeout = 60

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("demo web: " + format, *args)

    def _answer(self, send_body: bool) -> None:
        if len(self.path) > MAX_TARGET_CHARS:
            self._send(URI_TOO_LONG, send_body)
            return
        site = self.server.site
        target = urlsplit(self.path)
        path = unquote(target.path)
        if path == SLOW_PATH:
            self._answer_slowly(slow_seconds(target.query), send_body)
            return
        resource = site.lookup(path, target.query) or site.resources[NOT_FOUND_PATH]
        if resource.status == 200 and resource.etag in self.headers.get("If-None-Match", ""):
            self._send_not_modified(resource)
            return
        self._send(resource, send_body)

    def _answer_slowly(self, seconds: float, send_body: bool) -> None:
        if self.server.stopping.wait(seconds):
            # The server is stopping: drop the connection instead of holding shutdown up.
            self.close_connection = True
            return
        self._send(SLOW_ANSWER, send_body)

    def _send(self, resource: Resource, send_body: bool) -> None:
        self.send_response(resource.status)
        self.send_header("Content-Type", resource.content_type)
        self.send_header("Content-Length", str(len(resource.body)))
        self.send_header("ETag", resource.etag)
        self.end_headers()
        if send_body:
            self.wfile.write(resource.body)

    def _send_not_modified(self, resource: Resource) -> None:
        self.send_response(304)
        self.send_header("ETag", resource.etag)
        self.end_headers()


class DemoWeb:
    """A running demo web (serving from construction on). Use as a context manager, or stop()."""

    def __init__(self, server: _DemoHTTPServer, site: Site) -> None:
        self._server = server
        self._site = site
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"demoweb:{site.base_url}",
            daemon=True,
        )
        self._stopped = False
        self._thread.start()

    @property
    def base_url(self) -> str:
        return self._site.base_url

    @property
    def site(self) -> Site:
        return self._site

    def sources(self) -> list[Source]:
        """The demo's sources: three feeds, one listing and the one deliberately broken feed."""
        return [spec.to_source(self.base_url) for spec in self._site.source_specs]

    def article_urls(self) -> list[str]:
        """Every article page of the demo, newest first."""
        return [self._site.url(page.path) for page in self._site.pages]

    def stop(self) -> None:
        """Stop serving, end waiting and idle connections, and free the port. Idempotent."""
        if self._stopped:
            return
        self._stopped = True
        self._server.stopping.set()
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.close_open_connections()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> DemoWeb:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def _url_host(host: str) -> str:
    """The host to put in URLs: wildcard binds are reached on loopback; IPv6 gets brackets."""
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def start_demo_web(host: str = "127.0.0.1", port: int = 0) -> DemoWeb:
    """Bind, render the site for the bound address, and serve it from a daemon thread."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    server = _DemoHTTPServer((host, port), family)
    try:
        bound_port = server.server_address[1]
        server.site = build_site(f"http://{_url_host(host)}:{bound_port}")
    except BaseException:
        server.server_close()
        raise
    web = DemoWeb(server, server.site)
    log.info("demo web serving %s", web.base_url)
    return web
