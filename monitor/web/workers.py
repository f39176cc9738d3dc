"""`scwatch serve --workers N`: N server processes (uvicorn's supervisor, which restarts a
worker that dies) answering on one listening socket over one database.

Each worker opens the configuration and the database itself. What a sign-in needs is
shared between them, so a browser is signed in whichever worker answers: the secret that
signs session cookies and CSRF tokens is made once by the parent and handed to each
worker, and the sessions are files in a private folder (SessionFiles) that the parent
removes when it stops. Writes take a lock file in that folder as well as the worker's own
lock, so two write actions never run at once; SQLite's own locking and busy timeout order
them against a crawl. A source muted in one worker (scwatch.toml edited) is seen by the
others at their next request (WebState follows the file)."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import tempfile
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from fastapi import FastAPI

from scwatch.api import Scwatch
from scwatch.web.app import DEFAULT_THREADS, create_app
from scwatch.web.state import Shared


@dataclass(frozen=True)
class WorkerSpec:
    """What a worker needs to build its app (handed over pickled, never in the environment)."""

    config: Path | None  # None: the packaged defaults, found as Scwatch.open(None) finds them
    token: str | None = field(repr=False)
    allowed_hosts: tuple[str, ...] | None
    shared: Shared
    threads: int = DEFAULT_THREADS


def worker_app(spec: WorkerSpec) -> FastAPI:
    """The app of one worker process (uvicorn calls this in the worker)."""
    scwatch = Scwatch.open(spec.config)
    return create_app(
        scwatch, token=spec.token, allowed_hosts=spec.allowed_hosts, shared=spec.shared,
        threads=spec.threads,
    )


def serve_workers(
    sock: socket.socket,
    workers: int,
    *,
    config: Path | None,
    token: str | None,
    allowed_hosts: tuple[str, ...] | None,
    threads: int = DEFAULT_THREADS,
) -> None:
    """Serve on `sock` with `workers` processes (`threads` each) until Ctrl-C or SIGTERM."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    # libuv (uvloop) accepts every waiting connection at once by default, so one worker
    # took all of a client's keep-alive connections and the others idled; one at a time,
    # the workers share them (documented in libuv's uv_tcp_simultaneous_accepts).
    os.environ["UV_TCP_SINGLE_ACCEPT"] = "1"
    folder = Path(tempfile.mkdtemp(prefix="scwatch-web-"))  # mode 0700: this user only
    try:
        (folder / "sessions").mkdir(mode=0o700)
        shared = Shared(folder, secrets.token_bytes(32))
        spec = WorkerSpec(config, token, allowed_hosts, shared, threads)
        settings = uvicorn.Config(
            partial(worker_app, spec),
            factory=True,
            workers=workers,
            log_level="warning",
            access_log=False,
        )
        Multiprocess(settings, sockets=[sock]).run()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
