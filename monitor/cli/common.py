"""Shared CLI plumbing: options, output formats, error handling and exit codes.

Exit codes: 0 success, 1 the work failed (database down, crawl failed, nothing found),
2 the command was used wrongly (bad option, bad config, bad rule).
"""

from __future__ import annotations

import gc
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, cast

import typer

from scwatch.core.errors import ConfigError, QueryError, ScwatchError
from scwatch.core.text.controls import BIDI_CONTROLS

# The library, the configuration and Rich are imported by the commands that use them, so
# `scwatch --help` and `scwatch version` start without them (docs/benchmarks.md).
if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from scwatch.api import Scwatch
    from scwatch.config import Config


class _LazyConsole:
    """A Rich Console made on first use (Rich costs tens of milliseconds to import);
    attributes read and set go to it."""

    def __init__(self, **options: Any) -> None:
        object.__setattr__(self, "_options", options)
        object.__setattr__(self, "_console", None)

    def _made(self) -> Console:
        made = object.__getattribute__(self, "_console")
        if made is None:
            with loading():
                from rich.console import Console

                made = Console(**object.__getattribute__(self, "_options"))
            object.__setattr__(self, "_console", made)
        return cast("Console", made)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._made(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._made(), name, value)


# Markup is off: titles and bodies come from the web, and "[/]" in a headline must print as
# text, not crash Rich or turn into a terminal hyperlink. Styling uses Text objects.
console = cast("Console", _LazyConsole(highlight=False, markup=False))
err_console = cast("Console", _LazyConsole(stderr=True, highlight=False, markup=False))


def styled(text: str, style: str = "") -> Text:
    """Rich Text in `style` (Rich imported on first use)."""
    from rich.text import Text

    return Text(text, style=style)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
ALERT_COLUMNS = ["id", "rule", "channel", "status", "title", "why", "last error"]

# What a terminal would obey rather than show: C0 (but newline and tab), DEL, C1, bidi
# controls; lone surrogates cannot even be encoded. Ingest removes them before storage
# (scwatch.core.text.controls); rows stored earlier and texts from servers may still hold them.
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}\ud800-\udfff]")
# json.dumps escapes C0 already; these it would write raw.
_UNSAFE_IN_JSON = re.compile(f"[\x7f-\x9f{BIDI_CONTROLS}\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(value: object) -> str:
    """`value` as text for the terminal: every control character but newline and tab, and
    every bidi control, shown as an escape (\\x1b, \\u202e) instead of acting on the
    terminal. Every table and text renderer of the CLI prints data through it."""
    text = "" if value is None else str(value)
    return _UNSAFE.sub(_escape, text)

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
    err_console.print(styled("error: ", "bold red") + styled(shown(message)), soft_wrap=True)
    return typer.Exit(code)


@contextmanager
def handled_errors() -> Iterator[None]:
    """Turn scwatch's errors into a clear message and the documented exit code."""
    try:
        yield
    except (ConfigError, QueryError) as exc:
        raise fail(str(exc), EXIT_USAGE) from None
    except OverflowError:
        # A story id or a date past what the database or datetime holds (--to 9999-12-31).
        raise fail("a number or date in the options is out of range", EXIT_USAGE) from None
    except ScwatchError as exc:
        raise fail(str(exc), EXIT_FAILED) from None
    except BrokenPipeError:
        # The reader stopped early (`scwatch export | head`): a normal end, exit 0 quietly,
        # as for other Unix tools (docs/cli.md).
        _drop_stdout()
        raise typer.Exit(EXIT_OK) from None
    except OSError as exc:
        # A path that cannot be written (a file where a folder should be, a full disk):
        # one line naming it, not a traceback.
        if exc.filename is None:
            _drop_stdout()
        raise fail(os_error_text(exc), EXIT_FAILED) from None


def os_error_text(exc: OSError) -> str:
    """'cannot write /x/y: Not a directory' or, for standard output, the reason alone."""
    reason = exc.strerror or str(exc)
    if exc.filename is None:
        return f"cannot write the output: {reason}"
    return f"cannot write {exc.filename}: {reason}"


def _drop_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's last flush of what could not
    be written does not fail again with a traceback at exit."""
    with suppress(OSError):
        sys.stdout.flush()
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError):
        pass  # not a real file descriptor (tests capture stdout in memory)


@contextmanager
def loading() -> Iterator[None]:
    """Imports without the cyclic garbage collector. A command's first call of the library
    imports some 400 modules whose objects all stay: each collection on the way would walk
    them again for nothing, and so would every later one, unless they are frozen (moved
    out of the collector's sight, as after any start-up). About 90 ms of a reading command.
    Nothing is frozen when nothing was imported (a second command in the same process)."""
    enabled, modules = gc.isenabled(), len(sys.modules)
    gc.disable()
    try:
        yield
    finally:
        if len(sys.modules) > modules:
            gc.freeze()
        if enabled:
            gc.enable()


def config_from(path: Path | None) -> Config:
    with loading():
        from scwatch.config import load_config

    return load_config(path)


@contextmanager
def open_scwatch(path: Path | None) -> Iterator[Scwatch]:
    """The library for this command, with its errors turned into messages and exit codes."""
    with handled_errors():
        with loading():  # the library's modules, then the configuration and the database
            from scwatch.api import Scwatch

            opened = Scwatch.open(path)
        with opened as scwatch:
            yield scwatch


def print_json_lines(rows: Iterable[dict[str, Any]]) -> None:
    for row in rows:
        line = json.dumps(row, ensure_ascii=False, default=str)
        # Inside JSON strings \u escapes mean the same characters, so scripts lose nothing.
        sys.stdout.write(_UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", line) + "\n")


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
    """A table cell as plain text (control characters shown, not acted on); a status
    word in its colour."""
    text = shown(cell)
    style = STATUS_STYLES.get(text) or STATUS_STYLES.get(text.split(" ", 1)[0], "")
    return styled(text, style)


def print_table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    from rich.table import Table

    table = Table(title=shown(title), title_justify="left", show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    count = 0
    for row in rows:
        table.add_row(*(cell_text(cell) for cell in row))
        count += 1
    if count:
        console.print(table)
    else:
        console.print(f"{shown(title)}: none")


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
    from scwatch.core.clock import SINCE_FORMS, parse_since, utcnow

    if not since:
        return None
    try:
        return parse_since(since, utcnow())
    except ValueError:
        raise fail(f"{option}: expected {SINCE_FORMS}; got {since!r}", EXIT_USAGE) from None
