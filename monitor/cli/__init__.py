"""The `scwatch` command line (Typer and Rich): thin handlers over the library.

What belongs here: parsing options, calling scwatch.api, printing tables or JSON lines, and
turning errors into messages and exit codes (0 done, 1 failed, 2 wrong usage). It imports
scwatch.api, scwatch.config and scwatch.core only; the only package that imports typer and
rich.
"""

from __future__ import annotations

import copy
import gc
import os
import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from scwatch import __version__
from scwatch.cli.admin import (
    alerts_app,
    db_app,
    init,
    sources_app,
    version,
)
from scwatch.cli.config_cmd import config_app
from scwatch.cli.crawling import crawl, demo
from scwatch.cli.deals import deals, explain
from scwatch.cli.exporting import export
from scwatch.cli.extracting import extract
from scwatch.cli.rules_cmd import rules_app
from scwatch.cli.scheduling import run, sources_export, sources_health, sources_import
from scwatch.cli.searching import search
from scwatch.cli.serving import serve
from scwatch.cli.sources_cmd import sources_add, sources_disable, sources_enable, sources_remove
from scwatch.cli.stories import show, stories_app


class ScwatchGroup(TyperGroup):
    """The top command: a reader that stops early (`scwatch export | head`) ends the
    command quietly with exit 0, as for other Unix tools."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            _quiet_stdout()
            raise typer.Exit(0) from None


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file (tests capture output in memory)
        pass


class ScwatchTyper(typer.Typer):
    """The app: `scwatch NAME ...` builds the Click command of NAME alone, not all 36 (about
    20 ms of every start-up); anything else (`--help`, `-V`, a misspelt name) builds all.
    Run as the console script, it ends without the shutdown's garbage collection."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        argv = kwargs.get("args", args[0] if args else None)
        lean = self._only(sys.argv[1:] if argv is None else list(argv))
        try:
            return typer.Typer.__call__(lean or self, *args, **kwargs)
        except SystemExit:
            # The process is ending. Frozen, the objects of its ~550 modules are skipped by
            # the collections of the interpreter's shutdown, which would walk them all
            # (about 0.1 s); atexit handlers, flushes and module teardown run as usual.
            gc.freeze()
            raise

    def _only(self, argv: Sequence[str]) -> typer.Typer | None:
        if not argv or argv[0].startswith("-"):
            return None
        commands = [c for c in self.registered_commands if _command_name(c) == argv[0]]
        groups = [g for g in self.registered_groups if g.name == argv[0]]
        if not commands and not groups:
            return None
        lean = copy.copy(self)
        lean.registered_commands, lean.registered_groups = commands, groups
        return lean


def _command_name(info: Any) -> str:
    """The name Typer gives a registered command (its function's, dashed, when unnamed)."""
    return str(info.name or info.callback.__name__.lower().replace("_", "-"))


app = ScwatchTyper(
    name="scwatch",
    cls=ScwatchGroup,
    help="Monitor Korean smart-city press coverage: crawl, extract, de-duplicate, alert.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    # -h beside --help on every command (subcommands inherit the context settings).
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(wanted: bool) -> None:
    if wanted:
        typer.echo(f"scwatch {__version__}")
        raise typer.Exit(0)


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=_print_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """Monitor Korean smart-city press coverage: crawl, extract, de-duplicate, alert."""

app.command()(init)
app.command()(crawl)
app.command()(demo)
app.command()(search)
app.command()(show)
app.command()(export)
app.command()(deals)
app.command()(explain)
app.command()(extract)
app.command()(version)
app.command()(run)
app.command()(serve)
sources_app.command("health")(sources_health)
sources_app.command("import")(sources_import)
sources_app.command("export")(sources_export)
sources_app.command("add")(sources_add)
sources_app.command("remove")(sources_remove)
sources_app.command("enable")(sources_enable)
sources_app.command("disable")(sources_disable)
app.add_typer(alerts_app, name="alerts")
app.add_typer(sources_app, name="sources")
app.add_typer(db_app, name="db")
app.add_typer(config_app, name="config")
app.add_typer(rules_app, name="rules")
app.add_typer(stories_app, name="stories")

__all__ = ["app"]
