"""`scwatch export`: the archive, or what a search finds, as CSV, JSON Lines or XLSX (the
writing is the library's: Scwatch.export)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

from scwatch.cli.common import (
    EXIT_USAGE,
    ConfigOption,
    SinceOption,
    err_console,
    fail,
    open_scwatch,
    shown,
    since_moment,
)
from scwatch.cli.dealopts import (
    CountryOption,
    KindOption,
    PartyOption,
    StatusOption,
    deal_filter,
)
from scwatch.cli.searching import (
    FromOption,
    PublishedSinceOption,
    ToOption,
    _day_or_moment,
)

if TYPE_CHECKING:
    from scwatch.core.formats.exports import ExportFormat as FileFormat


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    json = "json"  # the same as jsonl: one object per line, like every other command
    xlsx = "xlsx"


FormatOption = Annotated[
    ExportFormat,
    typer.Option(
        "--format", "-f", help="jsonl (json is the same), csv (UTF-8 with BOM) or xlsx."
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file instead of standard output."),
]
QueryOption = Annotated[
    str | None,
    typer.Option("--query", "-q", help="Only what `scwatch search` finds for these words."),
]
RuleOption = Annotated[str | None, typer.Option("--rule", help="Only articles this rule matched.")]
StoryOption = Annotated[int | None, typer.Option("--story", help="Only this story's articles.")]
SourceOption = Annotated[str | None, typer.Option("--source", help="Only this source slug.")]
LimitOption = Annotated[int | None, typer.Option("--limit", min=1, help="At most this many.")]


def export(
    export_format: FormatOption = ExportFormat.jsonl,
    output: OutputOption = None,
    query: QueryOption = None,
    since: SinceOption = None,
    published_since: PublishedSinceOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    source: SourceOption = None,
    rule: RuleOption = None,
    story: StoryOption = None,
    kinds: KindOption = None,
    statuses: StatusOption = None,
    country: CountryOption = None,
    party: PartyOption = None,
    limit: LimitOption = None,
    config: ConfigOption = None,
) -> None:
    """Write stored articles (with bodies, story, rules matched and main deal) as JSON
    Lines, CSV or XLSX, to standard output or to --output.

    Example: scwatch export --format xlsx --since 30d -o articles.xlsx
    """
    fmt = cast("FileFormat", "jsonl" if export_format == "json" else export_format.value)
    if fmt == "xlsx" and output is None and sys.stdout.isatty():
        raise fail("XLSX is a binary file: give a file with -o articles.xlsx", EXIT_USAGE)
    chosen = {
        "query": query, "source": source, "rule": rule, "story": story, "limit": limit,
        "deal": deal_filter(kinds, statuses, country, party), "since": since_moment(since),
        **_publication_window(published_since, date_from, date_to),
    }  # fmt: skip
    sys.stdout.flush()
    target = output if output is not None else sys.stdout.buffer
    with open_scwatch(config) as scwatch:
        written = scwatch.export(target, format=fmt, **chosen)
    if output is not None:
        noun = "article" if written == 1 else "articles"
        err_console.print(shown(f"{written} {noun} written to {output}"))


def _publication_window(
    published_since: str | None, date_from: str | None, date_to: str | None
) -> dict[str, Any]:
    """date_from and date_to as `scwatch search` reads --published-since, --from, --to."""
    if published_since and date_from:
        raise fail("--published-since and --from say the same thing: give one", EXIT_USAGE)
    return {
        "date_from": _day_or_moment(date_from, "--from")
        or since_moment(published_since, "--published-since"),
        "date_to": _day_or_moment(date_to, "--to"),
    }
