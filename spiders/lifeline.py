"""The crawler's lifeline: a crawl dies with the process that started it, and ends at its
deadline even when nobody is left to stop it.

The scheduler starts `scrapy crawl` in a session of its own (a Ctrl-C must reach only the
scheduler), so a killed scheduler used to leave its crawler running: the restarted scheduler
then started the same sources again, and the orphan escaped `crawl_timeout_minutes`. The
launcher passes its pid (SCWATCH_PARENT_PID) and the crawl timeout (SCWATCH_DEADLINE_S):

- on Linux the crawler asks the kernel for a SIGTERM when its parent dies (prctl
  PR_SET_PDEATHSIG, set here in the child rather than in a preexec_fn, which is unsafe in
  the scheduler's threads);
- everywhere, a watch thread notices the parent is gone (getppid changes) or the deadline
  has passed, asks Scrapy to close gracefully (one SIGTERM: requests in flight finish, the
  fetch log is written), and ends the process SCWATCH_STOP_GRACE_S later if it still runs.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import sys
import threading
import time
from typing import Self

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

logger = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1  # linux/prctl.h
POLL_S = 0.5
EXIT_STOPPED = 3  # the lifeline ended the crawl the hard way


def die_with_parent() -> bool:
    """Ask Linux for a SIGTERM when the parent dies; False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


class Lifeline:
    """Watches the parent process and the crawl's deadline from a daemon thread."""

    def __init__(self, parent: int, deadline_s: float, grace_s: float) -> None:
        self.parent = parent
        self.deadline = time.monotonic() + deadline_s if deadline_s > 0 else None
        self.grace_s = grace_s
        # A parent that died before the request was made sends nothing: the thread does.
        self.armed = bool(parent) and die_with_parent() and os.getppid() == parent
        self.thread = threading.Thread(target=self._watch, name="scwatch-lifeline", daemon=True)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        parent = settings.getint("SCWATCH_PARENT_PID")
        deadline_s = settings.getfloat("SCWATCH_DEADLINE_S")
        if not parent and deadline_s <= 0:
            raise NotConfigured
        lifeline = cls(parent, deadline_s, settings.getfloat("SCWATCH_STOP_GRACE_S"))
        lifeline.thread.start()
        return lifeline

    def reason_to_stop(self) -> str | None:
        if self.parent and os.getppid() != self.parent:
            return (
                f"the process that started this crawl (pid {self.parent}) is gone "
                f"(parent now pid {os.getppid()})"
            )
        if self.deadline is not None and time.monotonic() > self.deadline:
            return "the crawl timeout has passed"
        return None

    def _watch(self) -> None:
        reason = self.reason_to_stop()
        while reason is None:
            time.sleep(POLL_S)
            reason = self.reason_to_stop()
        logger.warning("%s: stopping the crawl", reason)
        orphaned = self.parent and os.getppid() != self.parent
        if not (orphaned and self.armed):  # else the kernel has sent the SIGTERM already
            os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(self.grace_s)
        logger.error("still running %.0f s after it was asked to stop: exiting now", self.grace_s)
        logging.shutdown()  # flush the crawl log before the hard exit
        os._exit(EXIT_STOPPED)
