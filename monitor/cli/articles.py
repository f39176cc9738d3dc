"""Exporting the article store (`scwatch search` lives in cli/searching.py)."""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from typing import Annotated

import typer

from scwatch.cli.common import ConfigOption, SinceOption, open_scwatch, since_moment
from scwatch.core.views import article_dict


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
    "story_id",
    "story_join",
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
        else:
            sys.stdout.write("\ufeff")  # Excel reads UTF-8 only with a BOM
            writer = csv.DictWriter(sys.stdout, fieldnames=EXPORT_COLUMNS, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        sys.stdout.flush()  # a full disk shows here, as a message, not at exit
