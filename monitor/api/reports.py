"""What the API's calls return beyond the core's records, and how they read `since`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from scwatch.core.clock import utcnow
from scwatch.core.formats.opml import OpmlFeed
from scwatch.core.records import SourceRecord, SourceSummary

if TYPE_CHECKING:
    from scwatch.scheduler.launcher import SpiderRun
    from scwatch.services.deliver import DeliveryReport

NOTHING_RECORDED = "the crawler recorded nothing for this source; see the crawl log"

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

    @property
    def summaries(self) -> list[SourceSummary]:
        """One per source crawled, in configuration order: fetched, new, duplicates, failed
        and the first reason. A source the crawler recorded nothing for is "failed"."""
        found = {summary.source: summary for run in self.runs for summary in run.summaries}
        return [
            found.get(source.slug) or SourceSummary(source.slug, error=NOTHING_RECORDED)
            for source in self.sources
            if source.enabled or source.slug in found
        ]

    @property
    def failed_sources(self) -> list[SourceSummary]:
        return [summary for summary in self.summaries if summary.status == "failed"]


@dataclass(frozen=True)
class OpmlImport:
    feeds: list[OpmlFeed]
    toml: str
