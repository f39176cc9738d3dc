"""What every route reaches through the app: the one Scwatch, the write guard, and a lock
so two write actions never run at once in this process."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from fastapi import Request

from scwatch.api import Scwatch
from scwatch.web.guard import WriteGuard


@dataclass
class WebState:
    scwatch: Scwatch
    guard: WriteGuard
    write_lock: threading.Lock = field(default_factory=threading.Lock)


def state_of(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state


def scwatch_of(request: Request) -> Scwatch:
    return state_of(request).scwatch


def guard_of(request: Request) -> WriteGuard:
    return state_of(request).guard
