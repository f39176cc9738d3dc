"""The FastAPI application of `scwatch serve`, and the server that runs it.

No page loads anything from another host: /docs and /redoc (which load their JavaScript
from a CDN) are off; /openapi.json is the schema and /api lists it as a page. Every answer
carries a Content-Security-Policy that allows no script at all.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from scwatch import __version__
from scwatch.api import Scwatch
from scwatch.core.errors import ConfigError, DatabaseNotReady, QueryError, ScwatchError
from scwatch.web import actions, exports, feeds, json_api, pages
from scwatch.web.data import NotFound
from scwatch.web.guard import SessionFiles, WriteGuard, WriteRefused
from scwatch.web.render import page
from scwatch.web.state import Shared, WebState, WriteLock

STATIC = Path(__file__).parent / "static"
# Requests a process works on at once. Handlers are mostly Python: more threads than this
# only take turns on the interpreter lock, which costs CPU and lengthens every answer
# (docs/benchmarks.md), while a few keep a slow export from holding up the rest.
DEFAULT_THREADS = 4
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def create_app(
    scwatch: Scwatch,
    *,
    token: str | None = None,
    allowed_hosts: Sequence[str] | None = None,
    shared: Shared | None = None,
    threads: int = DEFAULT_THREADS,
) -> FastAPI:
    """The web UI and JSON API over `scwatch`. `token` allows the write actions (None:
    read-only); `allowed_hosts` refuses other Host headers (against DNS rebinding);
    `shared`: one of several worker processes (scwatch.web.workers); `threads`: how many
    requests the process works on at once (the others wait their turn)."""

    @asynccontextmanager
    async def limit_threads(_: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield

    app = FastAPI(
        title="scwatch",
        version=__version__,
        description="Korean smart-city press monitor: the archive, rules, alerts and sources.",
        docs_url=None,
        redoc_url=None,
        lifespan=limit_threads,
    )
    app.state.web = _state(scwatch, token or None, shared)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    routers = (pages.router, json_api.router, actions.forms, actions.api, feeds.router)
    for router in (*routers, exports.router):
        app.include_router(router)
    _handle_errors(app)
    app.add_middleware(SecurityHeaders)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    return app


def _state(scwatch: Scwatch, token: str | None, shared: Shared | None) -> WebState:
    if shared is None:
        return WebState(scwatch, WriteGuard(token))
    guard = WriteGuard(token, secret=shared.secret, sessions=SessionFiles(shared.sessions))
    return WebState(scwatch, guard, WriteLock(shared.write_lock))


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every answer that lacks them: a plain ASGI middleware
    (FastAPI's @app.middleware("http") runs each request through an extra task and
    memory streams)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers.append(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def answer(request: Request, status: int, message: str) -> Response:
    """An error as the error page, or as JSON for /api and the feeds."""
    if request.url.path.startswith("/api/") or request.url.path.endswith(".xml"):
        return JSONResponse({"error": message}, status_code=status)
    guard = request.app.state.web.guard
    context = {"status": status, "message": message}
    return page(request, guard, "error.html", context, status_code=status, title="Error")


def _handle_errors(app: FastAPI) -> None:
    """Errors answer as the page or JSON the caller asked for, never as a traceback."""

    handlers: dict[type[Exception], int] = {
        NotFound: 404,
        QueryError: 400,
        ConfigError: 400,
        DatabaseNotReady: 503,
        ScwatchError: 500,
        # An id or date past what the database or datetime can hold (story 10**20,
        # to=9999-12-31): the caller's mistake, not a crash.
        OverflowError: 400,
    }
    for kind, status in handlers.items():
        app.exception_handler(kind)(
            lambda request, exc, status=status: answer(request, status, str(exc))
        )
    app.exception_handler(WriteRefused)(
        lambda request, exc: answer(request, exc.status, exc.message)
    )
    app.exception_handler(StarletteHTTPException)(
        lambda request, exc: answer(request, exc.status_code, str(exc.detail))
    )
    app.exception_handler(RequestValidationError)(
        lambda request, exc: answer(request, 422, _validation_text(exc))
    )
    app.exception_handler(Exception)(_internal_error)


def _internal_error(request: Request, error: Exception) -> Response:
    """Any other failure: the error page or JSON with the security headers (this handler
    runs outside the middleware that adds them), never a traceback."""
    response = answer(request, 500, "internal error: see the server log")
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _validation_text(error: RequestValidationError) -> str:
    problems = [
        f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg', '')}"
        for e in error.errors()
    ]
    return "bad request: " + "; ".join(problems)


def bind(host: str, port: int) -> socket.socket:
    """A listening socket (port 0: any free one), so the URL is known before serving."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.setblocking(False)
    return sock


def serve(app: FastAPI, sock: socket.socket) -> None:
    """Serve `app` on `sock` in this process until Ctrl-C or SIGTERM (several processes:
    scwatch.web.workers). No access log: it would cost CPU on every request; errors are
    logged with paths, never headers, so the token never reaches a log."""
    import uvicorn

    config = uvicorn.Config(app, log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"
