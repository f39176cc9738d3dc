"""What every route reaches through the app: the one Scwatch, the write guard, and a lock
so two write actions never run at once (in this process, and with --workers in any of the
server's processes)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from fastapi import Request

from scwatch.api import Scwatch
from scwatch.config.watch import ConfigWatcher
from scwatch.web.guard import WriteGuard


@dataclass(frozen=True)
class Shared:
    """What the workers of one server share: the signing secret and a private folder."""

    folder: Path
    secret: bytes = field(repr=False)

    @property
    def sessions(self) -> Path:
        return self.folder / "sessions"

    @property
    def write_lock(self) -> Path:
        return self.folder / "write.lock"


class WriteLock:
    """A thread lock, and with `path` also an exclusive lock on that file (flock), which
    the other worker processes of the server take too."""

    def __init__(self, path: Path | None = None) -> None:
        self._thread = threading.Lock()
        self._path = path
        self._fd: int | None = None

    def __enter__(self) -> None:
        self._thread.acquire()
        if self._path is not None:
            import fcntl
            import os

            self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(self._fd, fcntl.LOCK_EX)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._fd is not None:
            import os

            os.close(self._fd)  # closing releases the flock
            self._fd = None
        self._thread.release()


@dataclass
class WebState:
    scwatch: Scwatch
    guard: WriteGuard
    write_lock: WriteLock = field(default_factory=WriteLock)
    # Another worker process (or a person) may edit the configuration file (a source
    # muted): every page then shows the new one.
    watcher: ConfigWatcher = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.watcher = ConfigWatcher(self.scwatch.config)

    def follow_config(self) -> None:
        """Load the configuration file again when it changed (one stat per request); an
        edit that does not load keeps the configuration in use."""
        loaded = self.watcher.poll()
        if loaded is not None:
            self.scwatch.config = loaded


def state_of(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state


def scwatch_of(request: Request) -> Scwatch:
    state = state_of(request)
    state.follow_config()
    return state.scwatch


def guard_of(request: Request) -> WriteGuard:
    return state_of(request).guard
