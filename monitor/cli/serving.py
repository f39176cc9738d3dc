"""`scwatch serve`: the web UI and JSON API (scwatch.web, imported only here, inside the
command, so other commands never load FastAPI or uvicorn)."""

from __future__ import annotations

import contextlib
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from scwatch.cli.common import ConfigOption, console, handled_errors, open_scwatch
from scwatch.core.errors import ScwatchError

if TYPE_CHECKING:
    from scwatch.api import Scwatch

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8080
TOKEN_VARIABLE = "SCWATCH_WEB_TOKEN"
# A Host header other than these is refused when serving on loopback (DNS rebinding).
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")

HostOption = Annotated[
    str,
    typer.Option(
        "--host", help="Address to listen on (default 127.0.0.1: this machine only)."
    ),
]
PortOption = Annotated[
    int, typer.Option("--port", "-p", min=0, max=65535, help="Port (0: any free port).")
]
WorkersOption = Annotated[
    int,
    typer.Option(
        "--workers",
        "-w",
        min=1,
        max=64,
        help="Server processes answering on the port (default 1; about one per CPU core).",
    ),
]
ThreadsOption = Annotated[
    int,
    typer.Option(
        "--threads",
        min=1,
        max=15,  # the database's connection pool: 5, and 10 more when busy
        help="Requests each process works on at once (default 4); the rest wait their turn.",
    ),
]
DEFAULT_THREADS = 4  # scwatch.web.app.DEFAULT_THREADS, without importing the web stack


def serve(
    host: HostOption = DEFAULT_HOST,
    port: PortOption = DEFAULT_PORT,
    config: ConfigOption = None,
    workers: WorkersOption = 1,
    threads: ThreadsOption = DEFAULT_THREADS,
) -> None:
    """Serve the web UI and the JSON API (/api, schema at /openapi.json) until Ctrl-C.
    Read-only unless SCWATCH_WEB_TOKEN is set: then retry, mute, merge and split work
    after signing in with the token (the API takes it as a Bearer token).

    Example: SCWATCH_WEB_TOKEN=$(openssl rand -hex 16) scwatch serve --port 8080 --workers 2
    """
    with open_scwatch(config) as scwatch:
        run_web(scwatch, host, port, workers=workers, threads=threads)


def run_web(
    scwatch: Scwatch,
    host: str,
    port: int,
    *,
    heading: str = "",
    workers: int = 1,
    threads: int = DEFAULT_THREADS,
) -> None:
    """Serve the UI over `scwatch` on host:port until Ctrl-C, after printing its URL;
    `workers` > 1: that many processes, each opening the configuration and database;
    `threads`: the requests each works on at once."""
    from scwatch.web import bind, create_app, serve_workers, url_of
    from scwatch.web import serve as serve_app

    with handled_errors():
        try:
            sock = bind(host, port)
        except OSError as exc:
            raise ScwatchError(
                f"cannot listen on {host}:{port} ({exc.strerror}); is another server "
                "running there? Choose --port N (0: any free port)"
            ) from None
    token = scwatch.config.env.get(TOKEN_VARIABLE) or None
    loopback = host in LOOPBACK_HOSTS
    allowed_hosts = LOOPBACK_HOSTS if loopback else None
    app = None
    if workers == 1:
        app = create_app(scwatch, token=token, allowed_hosts=allowed_hosts, threads=threads)
    _announce(heading, url_of(sock), token, host if not loopback else None, workers)
    console.print("Press Ctrl-C to stop it.")
    sys.stdout.flush()  # the URL reaches a pipe (a test, a supervisor) before serving
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn re-raises Ctrl-C after shutdown
        if app is not None:
            serve_app(app, sock)
        else:
            serve_workers(sock, workers, config=scwatch.config.path, token=token,
                          allowed_hosts=allowed_hosts, threads=threads)  # fmt: skip
    console.print("web UI stopped")


def _announce(
    heading: str, url: str, token: str | None, open_host: str | None, workers: int
) -> None:
    """What is served where (`open_host`: an address other machines reach) and who may
    write."""
    console.print(f"{heading}scwatch web UI: {url}/  (API: {url}/api, {url}/openapi.json)",
                  soft_wrap=True)  # fmt: skip
    if token:
        console.print(f"Write actions need the token in ${TOKEN_VARIABLE}.")
    else:
        console.print(f"Read-only: set {TOKEN_VARIABLE} to allow retry, mute, merge, split.")
    if open_host:
        console.print(f"Listening on {open_host}: other machines can reach it.", style="yellow")
    if workers > 1:
        console.print(f"{workers} worker processes.")
