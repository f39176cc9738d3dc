"""`scwatch config check`: every problem of the configuration at once, without crawling."""

from __future__ import annotations

import typer

from scwatch.cli.common import (
    EXIT_USAGE,
    ConfigOption,
    FormatOption,
    OutputFormat,
    console,
    print_items,
)

config_app = typer.Typer(help="The configuration file.", no_args_is_help=True)


@config_app.command("check")
def config_check(output: FormatOption = OutputFormat.table, config: ConfigOption = None) -> None:
    """Check scwatch.toml without crawling: keys and values, selectors, patterns, rule
    queries, channels, the secrets it names (environment variables set) and the database
    (driver installed, server reachable). Exits 2 when something is wrong.

    Example: scwatch config check --config /etc/scwatch/scwatch.toml
    """
    from scwatch.api import check_config  # the library, only when the command runs

    result = check_config(config)
    if result.problems or output is OutputFormat.json:
        print_items(
            output,
            result.problems,
            title=f"Problems in {result.path or 'the configuration'}",
            columns=["where", "key", "problem"],
            as_dict=lambda p: {"where": p.place, "key": p.key, "problem": p.message},
            as_row=lambda p: [p.place, p.key, p.message],
        )
    if result.problems:
        raise typer.Exit(EXIT_USAGE)
    loaded = result.config
    if loaded is not None and output is OutputFormat.table:
        enabled = sum(source.enabled for source in loaded.sources)
        console.print(
            f"{result.path}: OK — {len(loaded.sources)} sources ({enabled} enabled), "
            f"{len(loaded.rules)} rules, {len(loaded.channels)} channels, database reachable"
        )
