"""The browsing calls of `Scwatch` the web UI needs beyond search and stories: recent hits
of each rule, a source's fetch log, matching stories per week. Read-only."""

from __future__ import annotations

from typing import Literal, Protocol

from scwatch.api.reports import Since, moment_of
from scwatch.config import Config
from scwatch.core.errors import ConfigError
from scwatch.core.records import FetchRecord
from scwatch.services import browse
from scwatch.services.browse import RuleHit, WeekCount
from scwatch.storage import Database


class _Browsable(Protocol):
    """What the browsing calls need of Scwatch."""

    config: Config

    def _db_if_any(self) -> Database | None: ...


class ArchiveBrowsing:
    """Rule hits, fetch logs and weekly counts; `_db_if_any` is Scwatch's."""

    config: Config

    def rule_hits(
        self: _Browsable, rule: str | None = None, *, since: Since = None, limit: int = 50
    ) -> list[RuleHit]:
        """The newest matches of `rule` (None: every rule), newest first; `since` is the
        time of the match. ConfigError when `rule` is not a configured rule."""
        if rule is not None and rule not in {r.name for r in self.config.rules}:
            known = ", ".join(r.name for r in self.config.rules) or "none"
            raise ConfigError(f"unknown rule {rule!r} (configured: {known})")
        db = self._db_if_any()
        if db is None:
            return []
        return browse.rule_hits(db, rule=rule, since=moment_of(since), limit=limit)

    def fetch_log(self: _Browsable, slug: str, *, limit: int = 30) -> list[FetchRecord]:
        """A configured source's latest fetches, newest first (status, items, new, error).
        ConfigError when `slug` is not a configured source."""
        self.config.source(slug)
        db = self._db_if_any()
        return browse.fetch_log(db, slug, limit) if db is not None else []

    def weekly_stories(
        self: _Browsable, *, by: Literal["rule", "country"] = "rule", since: Since = None
    ) -> list[WeekCount]:
        """Matching stories per KST week (weeks start on Monday), oldest first: by rule
        (stories a rule matched) or by country (stories reporting a deal in that country),
        in the week their first such article was published (first seen when the date is
        unknown). `since` keeps stories published since then."""
        db = self._db_if_any()
        if db is None:
            return []
        if by == "country":
            return browse.weekly_by_country(db, moment_of(since))
        return browse.weekly_by_rule(db, moment_of(since))
