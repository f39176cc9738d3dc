"""Shared CLI plumbing: options, output formats, error handling and exit codes.

Exit codes: 0 success, 1 the work failed (database down, crawl failed, nothing found),
2 the command was used wrongly (bad option, bad config, bad rule).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from scwatch.core.clock import SINCE_FORMS, parse_since, utcnow
from scwatch.core.errors import ConfigError, QueryError, ScwatchError

# The library and the configuration are imported by the commands that use them, so
# `scwatch --help` and `scwatch version` start without them (docs/benchmarks.md).
if TYPE_CHECKING:
    from scwatch.api import Scwatch
    from scwatch.config import Config

# Markup is off: titles and bodies come from the web, and "[/]" in a headline must print as
# text, not crash Rich or turn into a terminal hyperlink. Styling uses Text objects.
console = Console(highlight=False, markup=False)
err_console = Console(stderr=True, highlight=False, markup=False)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
ALERT_COLUMNS = ["id", "rule", "channel", "status", "title", "why", "last error"]

ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config", "-c", help="Path of scwatch.toml (default: $SCWATCH_CONFIG or ./scwatch.toml)."
    ),
]


class OutputFormat(StrEnum):
    table = "table"
    json = "json"


FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="table for people, json for scripts (one object a line)."),
]

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = EXIT_FAILED) -> typer.Exit:
    err_console.print(Text("error: ", style="bold red") + Text(message), soft_wrap=True)
    return typer.Exit(code)


@contextmanager
def handled_errors() -> Iterator[None]:
    """Turn scwatch's errors into a clear message and the documented exit code."""
    try:
        yield
    except (ConfigError, QueryError) as exc:
        raise fail(str(exc), EXIT_USAGE) from None
    except ScwatchError as exc:
        raise fail(str(exc), EXIT_FAILED) from None


def config_from(path: Path | None) -> Config:
    from scwatch.config import load_config

    return load_config(path)


@contextmanager
def open_scwatch(path: Path | None) -> Iterator[Scwatch]:
    """The library for this command, with its errors turned into messages and exit codes."""
    from scwatch.api import Scwatch

    with handled_errors(), Scwatch.open(path) as scwatch:
        yield scwatch


def print_json_lines(rows: Iterable[dict[str, Any]]) -> None:
    for row in rows:
        sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


# Statuses people must notice, coloured wherever a table shows them (Rich drops the colours
# when the output is not a terminal, or NO_COLOR is set).
STATUS_STYLES = {
    "FAILING": "bold red",
    "dead": "bold red",
    "failing": "red",
    "failed": "red",
    "RETRYING": "yellow",
    "pending": "yellow",
    "LATE": "yellow",
    "SILENT": "magenta",
    "never run": "dim",
    "NEW": "cyan",
    "DISABLED": "dim",
    "disabled": "dim",
    "OK": "green",
    "ok": "green",
    "sent": "green",
}


def cell_text(cell: object) -> Text:
    """A table cell as plain text; a status word in its colour."""
    text = "" if cell is None else str(cell)
    style = STATUS_STYLES.get(text) or STATUS_STYLES.get(text.split(" ", 1)[0], "")
    return Text(text, style=style)


def print_table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    count = 0
    for row in rows:
        table.add_row(*(cell_text(cell) for cell in row))
        count += 1
    if count:
        console.print(table)
    else:
        console.print(f"{title}: none")


T = TypeVar("T")


def print_items(
    output: OutputFormat,
    items: Sequence[T],
    *,
    title: str,
    columns: Sequence[str],
    as_dict: Callable[[T], dict[str, Any]],
    as_row: Callable[[T], Sequence[Any]],
) -> None:
    """The items as JSON lines for scripts or as a table for people."""
    if output is OutputFormat.json:
        print_json_lines(as_dict(item) for item in items)
    else:
        print_table(title, columns, (as_row(item) for item in items))


# One meaning and one help text for every command's --since (docs/cli.md, "Time windows").
SINCE_HELP = (
    "Only articles scwatch first saw since then: 30d, 2w, 12h, 45m, or a date "
    "(2025-01-01) or date-time (2025-01-01T09:00) in KST."
)
SinceOption = Annotated[str | None, typer.Option("--since", help=SINCE_HELP)]


def since_moment(since: str | None, option: str = "--since") -> datetime | None:
    """'30d', '2w', '2025-01-01' ... -> the moment (UTC); a bad value is a usage error."""
    if not since:
        return None
    try:
        return parse_since(since, utcnow())
    except ValueError:
        raise fail(f"{option}: expected {SINCE_FORMS}; got {since!r}", EXIT_USAGE) from None
