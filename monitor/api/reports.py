"""What the API's calls return beyond the core's records, and how they read `since`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from scwatch.core.clock import utcnow
from scwatch.core.formats.opml import OpmlFeed
from scwatch.core.records import SourceRecord

if TYPE_CHECKING:
    from scwatch.scheduler.launcher import SpiderRun
    from scwatch.services.deliver import DeliveryReport

# A window back from now (timedelta) or a moment (timezone-aware datetime).
Since = datetime | timedelta | None


def moment_of(since: Since) -> datetime | None:
    if isinstance(since, timedelta):
        return utcnow() - since
    if since is not None and since.tzinfo is None:
        raise ValueError("since must be timezone-aware (or a timedelta)")
    return since


@dataclass(frozen=True)
class CrawlReport:
    """One crawl: each spider run, the delivery that followed, the sources' state after."""

    runs: list[SpiderRun]
    delivery: DeliveryReport
    sources: list[SourceRecord]

    @property
    def failed_runs(self) -> list[SpiderRun]:
        return [run for run in self.runs if run.returncode != 0]


@dataclass(frozen=True)
class OpmlImport:
    feeds: list[OpmlFeed]
    toml: str
