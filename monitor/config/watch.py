"""Configuration reload for the long-running commands: `scwatch run` (on SIGHUP and when
the file changes) and `scwatch serve` (when the file changes: another worker process or a
person muted a source).

A changed file is loaded and checked in full before anything is applied; an invalid file is
refused with the same message `scwatch config check` prints, and the process goes on with
the configuration it has. The database URL is the one thing a reload never changes (the
process holds that database open): a changed URL is reported and needs a restart.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from scwatch.config import Config, load_config
from scwatch.core.errors import ScwatchError

logger = logging.getLogger(__name__)

# (modification time in ns, size, inode): any edit, rename-over or truncation changes it.
FileStamp = tuple[int, int, int] | None


def file_stamp(path: Path) -> FileStamp:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


class ConfigWatcher:
    """Says when the configuration file changed or a reload was asked for, and loads it."""

    def __init__(
        self, current: Config, load: Callable[[Path], Config] = load_config
    ) -> None:
        self.current = current
        self.path = current.path
        self._load = load
        self._stamp = file_stamp(self.path) if self.path else None
        self._requested = threading.Event()

    def request(self) -> None:
        """Ask for a reload at the next check (SIGHUP does this)."""
        self._requested.set()

    def due(self) -> bool:
        if self.path is None:
            return False
        return self._requested.is_set() or file_stamp(self.path) != self._stamp

    def poll(self) -> Config | None:
        """The new configuration when the file changed (or a reload was asked) and is
        valid; None otherwise. An invalid file is reported once per change."""
        if not self.due() or self.path is None:
            return None
        self._requested.clear()
        self._stamp = file_stamp(self.path)
        try:
            loaded = self._load(self.path)
        except ScwatchError as error:
            logger.error("configuration not reloaded, keeping the running one: %s", error)
            return None
        return self._accept(loaded)

    def _accept(self, loaded: Config) -> Config:
        if loaded.database_url != self.current.database_url:
            logger.warning(
                "the database setting changed; it takes effect after a restart"
            )
        self.current = replace(loaded, database_url=self.current.database_url)
        logger.info("configuration reloaded from %s", self.path)
        return self.current
