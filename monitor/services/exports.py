"""Exporting the archive: choose articles, add their story, rules and main deal in
batches, and write CSV, JSON Lines or XLSX to a binary stream. Read-only.

openpyxl is imported only when an XLSX file is written, so the CLI starts without it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import islice
from typing import IO, Any

from scwatch.core.errors import QueryError
from scwatch.core.formats.exports import (
    EXPORT_COLUMNS,
    XLSX_ROW_LIMIT,
    ExportFormat,
    csv_chunks,
    export_row,
    jsonl_chunks,
    xlsx_cells,
)
from scwatch.core.records import ArticleRecord, DealQuery, SearchFilters
from scwatch.storage import Connection, Database
from scwatch.storage import articles as article_store
from scwatch.storage import deals as deal_store
from scwatch.storage import stories as story_store
from scwatch.storage.exports import articles_matching_rule, facts_for

BATCH = 200  # articles whose facts are read with one set of queries


def export_rows(
    db: Database,
    filters: SearchFilters,
    limit: int | None = None,
    searched: Iterable[ArticleRecord] | None = None,
) -> Iterator[dict[str, Any]]:
    """The export rows (core.formats.exports.export_row) of the articles `filters` keep,
    at most `limit`: every stored article in storage order, or `searched` (search
    results, in their order)."""
    with db.read() as conn:
        keep = _keeper(conn, filters)
        found = searched if searched is not None else article_store.iter_articles(
            conn, since=filters.seen_since
        )
        chosen = islice(filter(keep, found), limit)
        while batch := list(islice(chosen, BATCH)):
            facts = facts_for(conn, batch)
            yield from (export_row(article, facts[article.id]) for article in batch)


def _keeper(conn: Connection, filters: SearchFilters) -> Callable[[ArticleRecord], bool]:
    """A test for the filters (the deal and rule ones read once, as sets of ids)."""
    dealt = _deal_articles(conn, filters.deal) if filters.deal else None
    ruled = articles_matching_rule(conn, filters.rule) if filters.rule else None
    stories = _story_ids(conn, filters.story)
    since, start, end = filters.seen_since, filters.published_from, filters.published_to

    def keep(article: ArticleRecord) -> bool:
        published = article.published_at or article.first_seen_at
        return (
            (since is None or article.first_seen_at >= since)
            and (start is None or published >= start)
            and (end is None or published < end)
            and (filters.source is None or article.source == filters.source)
            and (stories is None or article.cluster_id in stories)
            and (dealt is None or article.id in dealt)
            and (ruled is None or article.id in ruled)
        )

    return keep


def _story_ids(conn: Connection, story: int | None) -> set[int | None] | None:
    """The story and, when it was merged into another, that one: as `find` does, a story
    id from before a merge still names its articles."""
    if story is None:
        return None
    found = story_store.get_story(conn, story)
    return {story, found.merged_into} if found and found.merged_into else {story}


def _deal_articles(conn: Connection, query: DealQuery) -> set[int]:
    return {record.article_id for record in deal_store.iter_deals(conn, query)}


def write_export(rows: Iterable[Mapping[str, Any]], target: IO[bytes], fmt: ExportFormat) -> int:
    """Write `rows` to `target` as `fmt`; the number of rows written."""
    counted = _Counter(rows)
    if fmt == "xlsx":
        _write_xlsx(counted, target)
    else:
        for chunk in (csv_chunks if fmt == "csv" else jsonl_chunks)(counted):
            target.write(chunk)
    target.flush()
    return counted.count


class _Counter:
    """Passes rows through, counting them."""

    def __init__(self, rows: Iterable[Mapping[str, Any]]) -> None:
        self.rows = rows
        self.count = 0

    def __iter__(self) -> Iterator[Mapping[str, Any]]:
        for row in self.rows:
            self.count += 1
            yield row


def _write_xlsx(rows: Iterable[Mapping[str, Any]], target: IO[bytes]) -> None:
    from openpyxl import Workbook  # only here: a large import the CLI rarely needs
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("articles")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = [WriteOnlyCell(sheet, value=name) for name in EXPORT_COLUMNS]
    for cell in header:
        cell.font = bold
    sheet.append(header)
    for number, row in enumerate(rows, start=1):
        if number > XLSX_ROW_LIMIT:
            raise QueryError(
                f"an XLSX sheet holds at most {XLSX_ROW_LIMIT:,} rows: export CSV or JSON "
                "Lines, or fewer articles (--since, --limit)"
            )
        sheet.append(xlsx_cells(row))
    book.save(target)
