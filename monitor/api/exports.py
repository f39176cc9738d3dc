"""The export calls of `Scwatch` (`scwatch export`, the search page's download): the
archive, or one search's results, as CSV (UTF-8 with a BOM), JSON Lines or XLSX, one row
per article with its story, the rules it matched and its main deal."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, Protocol

from scwatch.api.filters import DealFilter
from scwatch.api.reports import Since, moment_of
from scwatch.config import Config
from scwatch.core.errors import QueryError
from scwatch.core.formats.exports import EXPORT_FORMATS, ExportFormat
from scwatch.core.records import ArticleRecord
from scwatch.services.exports import ExportSelection, export_rows, write_export
from scwatch.storage import Database

# A query's results are gathered before they are written: at most this many by default.
SEARCH_EXPORT_LIMIT = 10_000


class _Archive(Protocol):
    config: Config

    @property
    def search(self) -> Callable[..., list[ArticleRecord]]: ...

    def _db(self) -> Database: ...


class ArchiveExports:
    """Exports of the archive; mixed into Scwatch, whose `search` and database they use."""

    def export(
        self: _Archive,
        target: IO[bytes] | str | os.PathLike[str],
        *,
        format: ExportFormat = "csv",  # the word users know, as in --format
        query: str | None = None,
        since: Since = None,
        published_since: Since = None,
        source: str | None = None,
        deal: DealFilter | None = None,
        rule: str | None = None,
        limit: int | None = None,
    ) -> int:
        """Write the selected articles to `target` (a binary stream, or a file path that is
        created or replaced) as `format`: "csv", "jsonl" or "xlsx"; the number of rows
        written. The conditions are those of `export_rows`."""
        if format not in EXPORT_FORMATS:
            raise QueryError(f"unknown export format {format!r} (one of: csv, jsonl, xlsx)")
        rows = ArchiveExports.export_rows(
            self, query=query, since=since, published_since=published_since,
            source=source, deal=deal, rule=rule, limit=limit,
        )  # fmt: skip
        if isinstance(target, str | os.PathLike):
            with Path(target).open("wb") as stream:
                return write_export(rows, stream, format)
        return write_export(rows, target, format)

    def export_rows(
        self: _Archive,
        *,
        query: str | None = None,
        since: Since = None,
        published_since: Since = None,
        source: str | None = None,
        deal: DealFilter | None = None,
        rule: str | None = None,
        limit: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """The export rows, streamed: without `query` every stored article in storage order,
        with one the articles `search` finds (newest first, at most `limit` or 10,000).
        `since` is first-seen time, `published_since` publication time; `source`, `deal`
        and `rule` (articles that rule matched) narrow further. Each row has the columns
        of core.formats.exports.EXPORT_COLUMNS (docs/api.md)."""
        if source:
            self.config.source(source)  # ConfigError naming the configured sources
        if rule and rule not in {r.name for r in self.config.rules}:
            names = ", ".join(r.name for r in self.config.rules) or "none"
            raise QueryError(f"no rule named {rule!r} (configured: {names})")
        deal_query = deal.query() if deal else None
        if query is None:
            windows = {"since": moment_of(since), "published_since": moment_of(published_since)}
            selection = ExportSelection(
                **windows, source=source, deal=deal_query, rule=rule, limit=limit
            )
            return export_rows(self._db(), selection)
        found = self.search(
            query, since=since, published_since=published_since, source=source, deal=deal,
            limit=limit or SEARCH_EXPORT_LIMIT,
        )  # fmt: skip
        return export_rows(self._db(), ExportSelection(rule=rule), found)
