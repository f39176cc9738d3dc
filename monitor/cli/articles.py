"""Querying the article store: search, collapsed by story (export: cli/exporting.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from scwatch.cli.common import (
    ConfigOption,
    FormatOption,
    OutputFormat,
    SinceOption,
    open_scwatch,
    print_json_lines,
    print_table,
    since_moment,
)
from scwatch.cli.dealopts import (
    CountryOption,
    KindOption,
    PartyOption,
    StatusOption,
    deal_filter,
)
from scwatch.core.views import article_dict, article_row

if TYPE_CHECKING:
    from scwatch.api import StoryHit

PublishedSinceOption = Annotated[
    str | None,
    typer.Option(
        "--published-since",
        help="Only articles published since then (first seen when the date is unknown): "
        "30d, 2w, 12h or a date (2025-01-01, KST).",
    ),
]


def search(
    query: Annotated[str, typer.Argument(help="Words to find (all of them): '스마트시티 수출'.")],
    since: SinceOption = None,
    published_since: PublishedSinceOption = None,
    source: Annotated[str | None, typer.Option("--source", help="Only this source slug.")] = None,
    kinds: KindOption = None,
    statuses: StatusOption = None,
    country: CountryOption = None,
    party: PartyOption = None,
    expand: Annotated[
        bool, typer.Option("--expand", help="List every matching copy under its story.")
    ] = False,
    limit: Annotated[int, typer.Option("--limit", min=1, max=10_000)] = 50,
    output: FormatOption = OutputFormat.table,
    config: ConfigOption = None,
) -> None:
    """Search stored articles, one line per story (the newest matching copy stands for it;
    --expand lists the others). Spacing and particles do not matter: '스마트 시티를' finds
    '스마트시티'. The deal options keep articles reporting such a deal.

    Example: scwatch search "스마트시티" --deal export --status done --since 30d
    """
    windows = {
        "since": since_moment(since),
        "published_since": since_moment(published_since, "--published-since"),
    }
    chosen = deal_filter(kinds, statuses, country, party)
    with open_scwatch(config) as scwatch:
        hits = scwatch.search_stories(query, source=source, deal=chosen, limit=limit, **windows)
    if output is OutputFormat.json:
        print_json_lines(_hit_dicts(hits, expand))
    else:
        rows = [row for hit in hits for row in _hit_rows(hit, expand)]
        print_table(f"Stories matching {query!r}", SEARCH_COLUMNS, rows)
    if not hits:
        raise typer.Exit(1)  # nothing found, in either format (docs/cli.md)


SEARCH_COLUMNS = ["id", "story", "published", "source", "title", "copies"]


def _hit_rows(hit: StoryHit, expand: bool) -> list[list[str]]:
    first = article_row(hit.article)
    copies = f"+{hit.copies}" if hit.copies else ""
    rows = [[first[0], str(hit.story_id or ""), *first[1:], copies]]
    if expand:
        for copy in hit.hits[1:]:
            row = article_row(copy)
            rows.append([f"  {row[0]}", "", *row[1:], ""])
    return rows


def _hit_dicts(hits: list[StoryHit], expand: bool) -> list[dict[str, object]]:
    found = []
    for hit in hits:
        found.append({**article_dict(hit.article), "copies": hit.copies})
        if expand:
            found.extend({**article_dict(c), "copy_of": hit.article.id} for c in hit.hits[1:])
    return found
