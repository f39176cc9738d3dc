"""Set-up and bookkeeping commands: init, db upgrade, version, sources, alerts, rules."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from scwatch import __version__
from scwatch.cli.common import (
    ALERT_COLUMNS,
    EXIT_USAGE,
    ConfigOption,
    FormatOption,
    OutputFormat,
    config_from,
    console,
    fail,
    handled_errors,
    open_scwatch,
    print_items,
    shown,
)
from scwatch.core.views import alert_dict, alert_row, pause_line, source_dict, source_row


class AlertStatus(StrEnum):
    pending = "pending"
    sent = "sent"
    dead = "dead"


alerts_app = typer.Typer(help="The alert outbox: list, send, retry.", no_args_is_help=True)
sources_app = typer.Typer(help="Configured sources and their state.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)


def init(
    path: Annotated[Path, typer.Argument(help="Where to write the file.")] = Path("scwatch.toml"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented starter scwatch.toml (Korean sources, default rules, channels).

    Example: scwatch init && scwatch crawl
    """
    from scwatch.config.starter import starter_config  # Jinja2, only here

    if path.exists() and not force:
        raise fail(f"{path} exists; use --force to overwrite it", EXIT_USAGE)
    with handled_errors():
        path.write_text(starter_config(), encoding="utf-8")
        config = config_from(path)
    console.print(f"wrote {path}: {len(config.sources)} sources, {len(config.rules)} rules")


def version() -> None:
    """Print the scwatch version.

    Example: scwatch version
    """
    typer.echo(f"scwatch {__version__}")  # not Rich: `version` starts without it


@db_app.command("upgrade")
def db_upgrade(config: ConfigOption = None) -> None:
    """Create or migrate the database schema (also done automatically on first use).

    Example: SCWATCH_DATABASE_URL=postgresql+psycopg://postgres@localhost/scwatch scwatch db upgrade
    """
    with open_scwatch(config) as scwatch:
        scwatch.upgrade()
    console.print("database schema is up to date")


@sources_app.command("list")
def sources_list(
    output: FormatOption = OutputFormat.table,
    health: Annotated[
        bool, typer.Option("--health", help="Show the columns of `scwatch sources health`.")
    ] = False,
    config: ConfigOption = None,
) -> None:
    """List configured sources with their last fetch result.

    Example: scwatch sources list --format json
    """
    if health:
        from scwatch.cli.scheduling import print_health

        with open_scwatch(config) as scwatch:
            print_health(scwatch, output)
        return
    with open_scwatch(config) as scwatch:
        sources = scwatch.sources()
        # The status is the health check's, so list and health never disagree.
        status = {health.slug: health.status for health in scwatch.health()}
    print_items(
        output,
        sources,
        title="Sources",
        columns=["slug", "kind", "name", "status", "last success", "last error"],
        as_dict=lambda source: source_dict(source, status[source.slug]),
        as_row=lambda source: source_row(source, status[source.slug]),
    )


@alerts_app.command("list")
def alerts_list(
    status: Annotated[AlertStatus | None, typer.Option(help="pending, sent or dead.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 50,
    output: FormatOption = OutputFormat.table,
    config: ConfigOption = None,
) -> None:
    """List alerts in the outbox, newest first, with the sentence that fired each.

    Example: scwatch alerts list --status pending
    """
    with open_scwatch(config) as scwatch:
        alerts = scwatch.alerts(status=status.value if status else None, limit=limit)
        paused = scwatch.channel_pauses()
    print_items(
        output,
        alerts,
        title="Alerts",
        columns=ALERT_COLUMNS,
        as_dict=alert_dict,
        as_row=alert_row,
    )
    if output is OutputFormat.table:  # JSON lines stay alerts only; last_error says it
        for pause in paused:
            console.print(pause_line(pause), style="yellow", markup=False)


@alerts_app.command("send")
def alerts_send(config: ConfigOption = None) -> None:
    """Deliver due alerts now (the scheduler does this every minute).

    Example: scwatch alerts send
    """
    with open_scwatch(config) as scwatch:
        report = scwatch.deliver()
    console.print(f"sent {report.sent}, retrying {report.retried}, dead {report.dead}")
    for error in report.errors:
        console.print(shown(f"  {error}"), style="yellow", markup=False)
    if report.dead or report.retried:
        raise typer.Exit(1)


@alerts_app.command("retry")
def alerts_retry(
    alert_id: Annotated[int, typer.Argument(help="Alert id from `scwatch alerts list`.")],
    config: ConfigOption = None,
) -> None:
    """Queue a dead or pending alert for delivery again, now.

    Example: scwatch alerts retry 12 && scwatch alerts send
    """
    with open_scwatch(config) as scwatch:
        found = scwatch.retry_alert(alert_id)
    if not found:
        raise fail(f"no alert with id {alert_id} waiting or dead")
    console.print(f"alert {alert_id} queued")
