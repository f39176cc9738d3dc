"""The lease keeper: while a worker delivers, a thread renews the leases of the alerts it
holds, so leases can be short (a killed worker's alerts come back within about a minute)
and a slow send still never has its alert claimed by a second worker."""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from types import TracebackType

from scwatch.storage import Database, outbox

logger = logging.getLogger(__name__)


def worker_id() -> str:
    """Unique per delivery run: host, process and a random part (fits the 64-char column)."""
    return f"{socket.gethostname()[:32]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


class LeaseKeeper:
    """Renews `owner`'s leases to now + `lease` every `every` seconds until closed."""

    def __init__(
        self,
        db: Database,
        owner: str,
        *,
        lease: timedelta,
        every: float,
        now: Callable[[], datetime],
    ) -> None:
        self.db, self.owner, self.lease, self.every, self.now = db, owner, lease, every, now
        self.renewals = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="scwatch-lease", daemon=True)

    def __enter__(self) -> LeaseKeeper:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()

    def renew(self) -> int:
        """Renew now; how many alerts the owner still holds."""
        with self.db.transaction() as conn:
            held = outbox.renew_leases(conn, self.owner, self.now() + self.lease)
        self.renewals += 1
        return held

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self.renew()
            except Exception as exc:  # a busy database: the next round tries again
                logger.warning("renewing alert leases failed (%s); retrying", type(exc).__name__)
