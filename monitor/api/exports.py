"""The export calls of `Scwatch` (`scwatch export`, the search page's download): the
archive, or one search's results, as CSV (UTF-8 with a BOM), JSON Lines or XLSX, one row
per article with its story, the rules it matched and its main deal."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, Protocol

from scwatch.api.filters import DealFilter
from scwatch.api.finding import DateLike
from scwatch.api.reports import Since
from scwatch.config import Config
from scwatch.core.errors import QueryError
from scwatch.core.formats.exports import EXPORT_FORMATS, ExportFormat
from scwatch.core.records import ArticleRecord, SearchFilters, SearchPage
from scwatch.services.exports import export_rows, write_export
from scwatch.storage import Database

# A query's results come from `find`, a page at a time: at most this many by default.
SEARCH_EXPORT_LIMIT = 10_000
FIND_PAGE = 1000  # find's largest page


class _Archive(Protocol):
    config: Config

    @property
    def find(self) -> Callable[..., SearchPage]: ...

    @property
    def _search_filters(self) -> Callable[..., SearchFilters]: ...

    def _db(self) -> Database: ...


class ArchiveExports:
    """Exports of the archive; mixed into Scwatch, whose `find` and database they use."""

    def export(
        self: _Archive,
        target: IO[bytes] | str | os.PathLike[str],
        *,
        format: ExportFormat = "csv",  # the word users know, as in --format
        **selection: Any,
    ) -> int:
        """Write the articles `export_rows(**selection)` gives to `target` (a binary
        stream, or a file path that is created or replaced) as `format`: "csv", "jsonl" or
        "xlsx"; the number of rows written."""
        if format not in EXPORT_FORMATS:
            raise QueryError(f"unknown export format {format!r} (one of: csv, jsonl, xlsx)")
        rows = ArchiveExports.export_rows(self, **selection)
        if isinstance(target, str | os.PathLike):
            with Path(target).open("wb") as stream:
                return write_export(rows, stream, format)
        return write_export(rows, target, format)

    def export_rows(
        self: _Archive,
        *,
        query: str | None = None,
        since: Since = None,
        date_from: DateLike = None,
        date_to: DateLike = None,
        source: str | None = None,
        rule: str | None = None,
        story: int | None = None,
        deal: DealFilter | None = None,
        limit: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """The export rows, streamed: without `query` every stored article in storage order,
        with one every article `find` finds for it (not one per story), newest first, at
        most `limit` or 10,000. The other conditions are find's: `since` first-seen time,
        `date_from`/`date_to` publication time (a date: that whole day in KST), `source`,
        `rule` (articles it matched), `story`, `deal`. Each row has the columns of
        core.formats.exports.EXPORT_COLUMNS (docs/api.md)."""
        filters = self._search_filters(since, date_from, date_to, source, rule, story, deal)
        if query is None:
            return export_rows(self._db(), filters, limit)
        conditions = {  # `since` as one moment, the same for every page
            "since": filters.seen_since, "date_from": date_from, "date_to": date_to,
            "source": source, "rule": rule, "story": story, "deal": deal,
        }  # fmt: skip
        found = _found_articles(self, query, limit or SEARCH_EXPORT_LIMIT, conditions)
        return export_rows(self._db(), SearchFilters(), None, found)


def _found_articles(
    archive: _Archive, query: str, limit: int, conditions: dict[str, Any]
) -> Iterator[ArticleRecord]:
    """Every article `find` finds (not one per story), page after page, up to `limit`.
    The first page is asked for at once, so a bad query fails before anything is written."""
    size = min(FIND_PAGE, limit)
    page = archive.find(query, collapse=False, limit=size, offset=0, **conditions)
    return _pages(archive, page, limit, conditions)


def _pages(
    archive: _Archive, page: SearchPage, limit: int, conditions: dict[str, Any]
) -> Iterator[ArticleRecord]:
    offset = 0
    while True:
        yield from (hit.article for hit in page.hits)
        offset += len(page.hits)
        if offset >= min(limit, page.total) or not page.hits:
            return
        size = min(FIND_PAGE, limit - offset)
        page = archive.find(page.query, collapse=False, limit=size, offset=offset, **conditions)
