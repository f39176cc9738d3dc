"""Scwatch: one installation (its configuration and its database) as a Python object.

Reading calls (search, article, articles, alerts, sources, health, test_rule, extract)
open the database read-only: they never write and never wait for the write lock, so they
answer while a crawl or the scheduler is writing. Writing calls (crawl, deliver,
retry_alert, run, upgrade) open the full runtime: migrations, sources synced from the
configuration, rules compiled.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from scwatch.api.browsing import ArchiveBrowsing
from scwatch.api.editing import SourceEditing
from scwatch.api.exports import ArchiveExports
from scwatch.api.filters import DealFilter
from scwatch.api.finding import ArchiveSearch
from scwatch.api.reports import CrawlReport, OpmlImport, Since, moment_of
from scwatch.config import Config, load_config
from scwatch.config.checks import crawl_readiness
from scwatch.core.clock import utcnow
from scwatch.core.errors import ConfigError, DatabaseNotReady, QueryError
from scwatch.core.formats.opml import export_opml, feeds_to_import, toml_sources
from scwatch.core.policy.health import SourceHealth, assess
from scwatch.core.records import (
    AlertRecord,
    AlertStatus,
    ArticleRecord,
    ChannelPause,
    DealRecord,
    SourceRecord,
)
from scwatch.services import archive, story_archive
from scwatch.services.archive import ArticleDetail
from scwatch.services.incidents import assess_all
from scwatch.services.story_archive import StoryDetail, StoryHit
from scwatch.services.trials import RuleTrial, Sample, archive_samples, trial_ruleset, try_rules
from scwatch.storage import Database, open_database

# The crawler, scheduler, senders, extractor and migrations: imported by the calls using them.
if TYPE_CHECKING:
    from scwatch.scheduler.launcher import CrawlProgress
    from scwatch.scheduler.service import CycleReport
    from scwatch.services.deliver import DeliveryReport
    from scwatch.services.explain import Explanation
    from scwatch.services.pages import Extraction
    from scwatch.services.runtime import Runtime

ConfigLike = Config | str | os.PathLike[str] | None


class Scwatch(SourceEditing, ArchiveSearch, ArchiveBrowsing, ArchiveExports):
    """The scwatch library.

        with Scwatch.open("scwatch.toml") as sw:
            for article in sw.search("스마트시티 수출", since=timedelta(days=30)):
                print(article.id, article.title)

    `open(None)` finds the configuration as the CLI does: $SCWATCH_CONFIG, else
    ./scwatch.toml, else the packaged defaults. The calls that edit the configuration file
    (add_source, remove_source, enable_source, disable_source) live in api/editing.py,
    `find` (the archive search with snippets and paging) in api/finding.py, the exports
    (export, export_rows) in api/exports.py.
    """

    def __init__(self, config: Config) -> None:
        self.config = config
        self._reader: Database | None = None
        self._runtime: Runtime | None = None

    @classmethod
    def open(cls, config: ConfigLike = None) -> Scwatch:
        """Load and check the configuration (ConfigError names the file line); nothing is
        opened until the first call that needs the database."""
        return cls(config if isinstance(config, Config) else load_config(config))

    def close(self) -> None:
        if self._reader is not None:
            self._reader.dispose()
            self._reader = None
        if self._runtime is not None:
            self._runtime.close()
            self._runtime = None

    def __enter__(self) -> Scwatch:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    # ---------------------------------------------------------------- reading

    def search(
        self,
        query: str,
        *,
        since: Since = None,
        source: str | None = None,
        deal: DealFilter | None = None,
        limit: int = 50,
        published_since: Since = None,
    ) -> list[ArticleRecord]:
        """Articles holding every word of `query` ("a phrase" is one word), newest first by
        publication time; spacing, case, full-width forms and Korean particles do not
        matter. `since`: first seen since then; `published_since`: published since then.
        `deal` keeps the articles reporting a deal of those kinds, statuses, country or
        party. `search_stories` collapses the copies of one story."""
        terms = archive.search_terms(query)
        if not terms:
            raise QueryError("the query has no words")
        if source:
            self.config.source(source)  # ConfigError naming the configured sources
        moment = moment_of(since)
        return archive.search_archive(
            self._db(),
            terms,
            since=moment,
            source=source,
            deal=deal.query() if deal else None,
            limit=limit,
            published_since=moment_of(published_since),
        )

    def article(self, article_id: int) -> ArticleDetail | None:
        """One article with the other URLs that carried it, the rules it matched, its deals
        and its story."""
        return archive.article_detail(self._db(), article_id)

    def articles(self, *, since: Since = None) -> Iterator[ArticleRecord]:
        """Every stored article first seen at or after `since`, streamed in storage order."""
        return archive.iter_archive(self._db(), since=moment_of(since))

    def alerts(self, *, status: AlertStatus | None = None, limit: int = 50) -> list[AlertRecord]:
        """Alerts in the outbox, newest first."""
        return archive.list_alerts(self._db(), status=status, limit=limit)

    def channel_pauses(self, *, now: datetime | None = None) -> list[ChannelPause]:
        """Channels paused now (their receiver answered 429 or 503), with the end of each
        pause and the answer; their alerts wait without using up attempts."""
        return archive.channel_pauses(self._db(), now or utcnow())

    def sources(self) -> list[SourceRecord]:
        """The configured sources with their last fetch results (never run: no results,
        also before the database exists)."""
        db = self._db_if_any()
        if db is None:
            return [archive.as_configured(None, source) for source in self.config.sources]
        return archive.configured_sources(db, self.config.sources)

    def health(self, *, now: datetime | None = None) -> list[SourceHealth]:
        """Each configured source's health: OK, NEW, RETRYING, LATE, FAILING, SILENT or
        DISABLED (core.policy.health.source_status, the one decision)."""
        db = self._db_if_any()
        if db is None:
            moment = now or utcnow()
            return [assess(s, [], moment, self.config.health) for s in self.sources()]
        return assess_all(db, self.config.health, now, sources=self.sources())

    def test_rule(
        self,
        query: str | None = None,
        *,
        since: Since = timedelta(days=30),
        samples: Iterable[Sample] | None = None,
    ) -> list[RuleTrial]:
        """Try `query` (default: the configured rules) on `samples`, or on the archive's
        articles first seen since `since`. Nothing is stored or sent. With samples every
        sample is reported; on the archive only the articles that matched."""
        ruleset = trial_ruleset(self.config, query)
        if samples is not None:
            return list(try_rules(ruleset, samples))
        found = try_rules(ruleset, archive_samples(self._db(), moment_of(since)))
        return [trial for trial in found if trial.matches]

    def extract(self, target: str | Path, *, url: str | None = None) -> Extraction:
        """Extract one page as the crawler would: an http(s) URL is fetched under the
        crawler's fetch policy (SSRF guard, User-Agent, timeout, size cap); anything else is
        a saved file."""
        from scwatch.services.pages import extract_page, page_from_file, page_from_web

        if isinstance(target, str) and target.startswith(("http://", "https://")):
            page = page_from_web(target, self.config.crawl)
        else:
            page = page_from_file(Path(target), url)
        return extract_page(page)

    def opml_import(self, document: bytes) -> OpmlImport:
        """The feeds of an OPML file that are not configured yet, as [[sources]] TOML."""
        feeds = feeds_to_import(document, self.config.sources)
        return OpmlImport(feeds=feeds, toml=toml_sources(feeds))

    def opml_export(self) -> str:
        """The configured RSS sources as OPML 2.0."""
        return export_opml(self.config.sources, utcnow())

    # ---------------------------------------------------------------- stories and deals

    def search_stories(
        self,
        query: str,
        *,
        since: Since = None,
        source: str | None = None,
        deal: DealFilter | None = None,
        limit: int = 50,
        published_since: Since = None,
    ) -> list[StoryHit]:
        """Like `search`, with the hits of one story collapsed into one StoryHit (the newest
        matching article stands for it; `hits` lists them all)."""
        wanted = min(limit * story_archive.HITS_PER_STORY, 10_000)
        windows = {"since": since, "published_since": published_since}
        found = self.search(query, source=source, deal=deal, limit=wanted, **windows)
        return story_archive.collapse(found, limit)

    def story(self, story_id: int) -> StoryDetail | None:
        """One story: original, copies and rewrites (how each joined, with its score),
        outlets, deals and alerts. A story merged into another answers as that one."""
        return story_archive.story_detail(self._db(), story_id)

    def deals(
        self, *, since: Since = None, deal: DealFilter | None = None, limit: int | None = None
    ) -> Iterator[DealRecord]:
        """Stored deals (the main deal of each article and any others), oldest first, with
        the article and story they came from, filtered by `deal`; streamed."""
        query = (deal or DealFilter()).query(since=moment_of(since), limit=limit)
        return story_archive.iter_deals(self._db(), query)

    def explain(self, target: int | str) -> Explanation:
        """Why an article did or did not alert: `target` is a stored article id, a stored
        URL, or any http(s) URL or saved file (extracted as the crawler would). For each
        configured rule: fired or not, the terms and sentences it saw; the deals found with
        their status and the words that decided it; the alerts sent for its story."""
        from scwatch.services.explain import explain_article

        return explain_article(self._db_if_any(), self.config, target)

    def merge_stories(self, keep: int, other: int) -> StoryDetail:
        """Put every article of story `other` into story `keep`, by hand. Later copies of
        either join `keep`; re-crawls do not undo it."""
        from scwatch.services.stories import merge_stories

        db = self._write_runtime().db
        with db.transaction() as conn:
            merge_stories(conn, keep, other)
        detail = story_archive.story_detail(db, keep)
        if detail is None:
            raise QueryError(f"no story with id {keep}")
        return detail

    def split_article(self, article_id: int) -> StoryDetail:
        """Take one article out of its story into a story of its own, by hand."""
        from scwatch.services.stories import split_article

        db = self._write_runtime().db
        with db.transaction() as conn:
            story_id = split_article(conn, article_id)
        detail = story_archive.story_detail(db, story_id)
        if detail is None:
            raise QueryError(f"no article with id {article_id}")
        return detail

    # ---------------------------------------------------------------- writing

    def crawl(
        self,
        source: str | None = None,
        *,
        log_dir: Path = Path("logs"),
        timeout_s: float | None = None,
        on_progress: Callable[[CrawlProgress], None] | None = None,
    ) -> CrawlReport:
        """Crawl the enabled sources (or one) once, store new articles, send due alerts."""
        from scwatch.scheduler.launcher import DEFAULT_TIMEOUT_S, run_crawl

        if source:
            self.config.source(source)  # ConfigError for an unknown slug
        self._ready_to_crawl(log_dir, source)
        runtime = self._write_runtime()
        runs = run_crawl(
            self.config,
            runtime.db,
            source=source,
            log_dir=log_dir,
            timeout_s=DEFAULT_TIMEOUT_S if timeout_s is None else timeout_s,
            on_progress=on_progress,
        )
        delivery = self.deliver()
        sources = [s for s in self.sources() if not source or s.slug == source]
        return CrawlReport(runs=runs, delivery=delivery, sources=sources)

    def deliver(self) -> DeliveryReport:
        """Deliver every alert that is due now, batch after batch, for at most
        `[schedule] deliver_budget_seconds` (the scheduler does this every minute). A
        channel that answered 429 or 503 is paused (see `channel_pauses`)."""
        from scwatch.notify import build_notifiers
        from scwatch.services.deliver import Pacing, deliver_due

        db = self._write_runtime().db
        pacing = Pacing(budget=self.config.schedule.deliver_budget)
        return deliver_due(db, build_notifiers(self.config.channels), pacing=pacing)

    def retry_alert(self, alert_id: int) -> bool:
        """Queue a dead or pending alert for delivery now; False when there is no such
        alert waiting or dead."""
        from scwatch.services.deliver import retry_alert

        return retry_alert(self._write_runtime().db, alert_id, utcnow())

    def run(self, *, log_dir: Path = Path("logs"), once: bool = False) -> CycleReport | None:
        """The scheduler: crawl each source on its interval, deliver alerts, watch health,
        until SIGTERM or Ctrl-C (once=True: one cycle, and its report). SchedulerBusy when
        another scheduler runs on this database."""
        from scwatch.scheduler.service import SchedulerService, scheduler_lock

        self._ready_to_crawl(log_dir)
        runtime = self._write_runtime()
        with scheduler_lock(runtime.db):
            service = SchedulerService(self.config, runtime.db, log_dir=log_dir)
            if once:
                return service.run_once()
            service.run_forever()
            return None

    def upgrade(self) -> None:
        """Create the database schema or migrate it to this version's."""
        from scwatch.storage.migrate import upgrade

        upgrade(self.config.database_url)

    # ---------------------------------------------------------------- internals

    def _ready_to_crawl(self, log_dir: Path, source: str | None = None) -> None:
        """ConfigError before anything is created (database, logs) when there is nothing to
        crawl or nowhere to log."""
        config_error = crawl_readiness(self.config, source)
        if config_error:
            raise ConfigError(config_error)
        try:
            log_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(
                f"cannot create the log folder {log_dir} (--log-dir): {exc.strerror}"
            ) from None

    def _db(self) -> Database:
        """The read-only database; DatabaseNotReady when nothing was crawled yet."""
        if self._runtime is not None:
            return self._runtime.db
        if self._reader is None:
            self._reader = open_database(self.config.database_url, readonly=True)
        return self._reader

    def _db_if_any(self) -> Database | None:
        """The read-only database, or None when nothing was crawled yet."""
        try:
            return self._db()
        except DatabaseNotReady:
            return None

    def _write_runtime(self) -> Runtime:
        from scwatch.services.runtime import runtime_for

        if self._runtime is None:
            self._runtime = runtime_for(self.config)
        return self._runtime
