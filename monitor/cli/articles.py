"""Querying the article store: search, show, export."""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.text import Text

from scwatch.cli.common import (
    ConfigOption,
    FormatOption,
    OutputFormat,
    console,
    fail,
    open_scwatch,
    print_items,
    print_json_lines,
    since_moment,
)
from scwatch.core.clock import format_kst
from scwatch.core.views import article_dict, article_row

SinceOption = Annotated[
    str | None, typer.Option("--since", help="Only articles seen within this window, e.g. 7d.")
]


def search(
    query: Annotated[str, typer.Argument(help="Words to find (all of them): '스마트시티 수출'.")],
    since: SinceOption = None,
    source: Annotated[str | None, typer.Option("--source", help="Only this source slug.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=10_000)] = 50,
    output: FormatOption = OutputFormat.table,
    config: ConfigOption = None,
) -> None:
    """Search stored articles. Spacing-insensitive: '스마트 시티' finds '스마트시티를'.

    Example: scwatch search "스마트시티 수출" --since 30d
    """
    since_at = since_moment(since)
    with open_scwatch(config) as scwatch:
        found = scwatch.search(query, since=since_at, source=source, limit=limit)
    print_items(
        output,
        found,
        title=f"Articles matching {query!r}",
        columns=["id", "published", "source", "title"],
        as_dict=article_dict,
        as_row=article_row,
    )
    if output is OutputFormat.table and not found:
        raise typer.Exit(1)


def show(
    article_id: Annotated[int, typer.Argument(help="Article id (from search or the demo table).")],
    output: FormatOption = OutputFormat.table,
    config: ConfigOption = None,
) -> None:
    """Show one article with its body, where else it appeared and the rules it matched.

    Example: scwatch show 3
    """
    with open_scwatch(config) as scwatch:
        detail = scwatch.article(article_id)
    if detail is None:
        raise fail(f"no article with id {article_id}")
    article, sightings, matches = detail.article, detail.sightings, detail.matches
    if output is OutputFormat.json:
        row = article_dict(article, with_body=True)
        row["sightings"] = [{"source": s.source, "url": s.url} for s in sightings]
        row["matches"] = [{"rule": m.rule, "evidence": m.evidence} for m in matches]
        print_json_lines([row])
        return
    console.print(Text(article.title, style="bold"))
    console.print(f"{article.source} · {article.author} · {format_kst(article.published_at)}")
    console.print(article.url, style="blue")
    for sighting in sightings:
        console.print(f"also in {sighting.source}: {sighting.url}")
    for match in matches:
        why = " / ".join(str(e.get("sentence", "")) for e in match.evidence)
        console.print(Text(f"matched {match.rule}: ", style="green") + Text(why))
    console.print()
    console.print(article.body)


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    json = "json"  # the same as jsonl: one object per line, like every other command


EXPORT_COLUMNS = [
    "id",
    "source",
    "title",
    "url",
    "author",
    "published_at",
    "first_seen_at",
    "cluster_id",
    "also_seen",
    "body",
]


def export(
    export_format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.jsonl,
    since: SinceOption = None,
    config: ConfigOption = None,
) -> None:
    """Write all stored articles (with bodies) to standard output as CSV or JSONL.

    Example: scwatch export --format csv --since 30d > articles.csv
    """
    since_at = since_moment(since)
    with open_scwatch(config) as scwatch:
        rows = (article_dict(a, with_body=True) for a in scwatch.articles(since=since_at))
        if export_format is not ExportFormat.csv:
            for row in rows:
                sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
            return
        writer = csv.DictWriter(sys.stdout, fieldnames=EXPORT_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
