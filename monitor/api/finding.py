"""`Scwatch.find`: the archive's search, one page at a time, with snippets and a total."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Protocol

from scwatch.api.filters import DealFilter
from scwatch.api.reports import Since, moment_of
from scwatch.config import Config
from scwatch.core.clock import KST
from scwatch.core.errors import QueryError
from scwatch.core.records import SearchFilters, SearchPage
from scwatch.core.search import compile_search
from scwatch.services.finder import find_page

if TYPE_CHECKING:
    from scwatch.storage import Database

ORDERS = ("newest", "relevance")
MAX_LIMIT = 1000
DateLike = date | datetime | None


class _Searchable(Protocol):
    """What `find` needs of Scwatch."""

    config: Config

    def _db(self) -> Database: ...

    def _search_filters(
        self,
        since: Since,
        date_from: DateLike,
        date_to: DateLike,
        source: str | None,
        rule: str | None,
        story: int | None,
        deal: DealFilter | None,
    ) -> SearchFilters: ...


class ArchiveSearch:
    """The `find` call of Scwatch (the body lives here to keep scwatch.py readable)."""

    config: Config

    def find(
        self: _Searchable,
        query: str,
        *,
        since: Since = None,
        date_from: DateLike = None,
        date_to: DateLike = None,
        source: str | None = None,
        rule: str | None = None,
        story: int | None = None,
        deal: DealFilter | None = None,
        order: str = "newest",
        limit: int = 20,
        offset: int = 0,
        collapse: bool = True,
    ) -> SearchPage:
        """One page of the articles matching `query`, written in the rule language (words
        ANDed, OR, NOT, "phrases", title:/body:/source:, @alias); every occurrence counts,
        inside compounds and before particles (수출 finds 수출상담회). `since`: first seen
        since then (a timedelta back from now or a moment); `date_from`/`date_to`:
        published (first seen when unknown) from/before then, a date meaning that whole
        day in KST. `rule`: articles that matched that rule; `story`: one story's articles;
        `deal`: articles reporting such a deal. `order`: "newest" or "relevance".
        collapse=True gives one hit per story (its best article; `copies` counts the
        story's matching articles) and `total` counts stories."""
        if order not in ORDERS:
            raise QueryError(f"unknown order {order!r} (one of: {', '.join(ORDERS)})")
        if not 1 <= limit <= MAX_LIMIT or offset < 0:
            raise QueryError(f"limit must be 1 to {MAX_LIMIT} and offset 0 or more")
        matcher = compile_search(query, self.config.aliases)
        filters = self._search_filters(since, date_from, date_to, source, rule, story, deal)
        return find_page(
            self._db(), query, matcher, filters,
            order=order, limit=limit, offset=offset, collapse=collapse,
        )  # fmt: skip

    def _search_filters(
        self: _Searchable,
        since: Since,
        date_from: DateLike,
        date_to: DateLike,
        source: str | None,
        rule: str | None,
        story: int | None,
        deal: DealFilter | None,
    ) -> SearchFilters:
        if source:
            self.config.source(source)  # ConfigError naming the configured sources
        if rule and rule not in {configured.name for configured in self.config.rules}:
            names = ", ".join(configured.name for configured in self.config.rules)
            raise QueryError(f"unknown rule {rule!r} (configured: {names or 'none'})")
        return SearchFilters(
            seen_since=moment_of(since),
            published_from=start_of(date_from),
            published_to=start_of(date_to, next_day=True),
            source=source or None,
            rule=rule or None,
            story=story,
            deal=deal.query() if deal else None,
        )


def start_of(value: DateLike, *, next_day: bool = False) -> datetime | None:
    """A moment as is (timezone-aware); a date as the start of that day in KST, or of the
    next day (`next_day`: the end of a range that includes the whole day)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise QueryError("date_from and date_to must be timezone-aware (or dates)")
        return value
    day = value + timedelta(days=1) if next_day else value
    return datetime.combine(day, time(), tzinfo=KST)
