"""Scheduling commands: run (the scheduler), sources health, sources import/export (OPML)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from scwatch.cli.common import (
    EXIT_FAILED,
    EXIT_USAGE,
    ConfigOption,
    FormatOption,
    OutputFormat,
    console,
    err_console,
    fail,
    open_scwatch,
    print_items,
    shown,
)
from scwatch.core.clock import format_kst
from scwatch.core.errors import ConfigError
from scwatch.core.redact import RedactingFilter, Redactor, quiet_url_loggers
from scwatch.core.views import health_dict, paused_lines, shorten

if TYPE_CHECKING:
    from scwatch.api import CycleReport, Scwatch, SourceHealth
    from scwatch.core.formats.opml import OpmlFeed

HEALTH_COLUMNS = [
    "slug",
    "status",
    "last success",
    "last new",
    "failures",
    "next due",
    "last error",
]
PROBLEMS = ("FAILING", "SILENT")


def run(
    log_dir: Annotated[Path, typer.Option("--log-dir", help="Where crawl logs go.")] = Path("logs"),
    once: Annotated[
        bool,
        typer.Option("--once", help="Crawl what is due, check health, send alerts, then exit."),
    ] = False,
    config: ConfigOption = None,
) -> None:
    """Run the scheduler: crawl each source on its interval, deliver alerts every minute and
    watch source health, until Ctrl-C or SIGTERM (the running crawl finishes cleanly).
    Only one scheduler may run per database.

    Example: scwatch run --config /etc/scwatch/scwatch.toml --log-dir /var/log/scwatch
    """
    from scwatch.config import log_redactor

    redaction = _log_to_stderr()
    with open_scwatch(config) as scwatch:
        redaction.redact = log_redactor(scwatch.config)  # now that the secrets are known
        report = scwatch.run(log_dir=log_dir, once=once)
    if report is None:
        console.print("scheduler stopped")
        return
    _print_cycle(report)
    if any(batch.returncode != 0 for batch in report.batches):
        raise fail(f"a crawl exited with an error; see the logs in {log_dir}")


def _log_to_stderr() -> RedactingFilter:
    """Log INFO to stderr through the one redaction filter (secret-shaped text hidden until
    the configuration's own secrets are known); returns the filter."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    redaction = RedactingFilter(Redactor())
    handler.addFilter(redaction)
    logging.basicConfig(level=logging.INFO, handlers=[handler])
    # APScheduler logs every job run at INFO (one line per source and tick) and Alembic its
    # migration context on every start: noise next to the crawl summaries. httpx and the
    # like print each request's full URL, and a webhook URL is a secret.
    for noisy in ("apscheduler", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    quiet_url_loggers()
    return redaction


def _print_cycle(report: CycleReport) -> None:
    crawled = sum(len(batch.slugs) for batch in report.batches)
    missing = sum(len(batch.missing) for batch in report.batches)
    console.print(f"crawled {crawled} due source(s) in {len(report.batches)} batch(es)")
    if missing:
        console.print(f"{missing} source(s) got no result (recorded as failures)")
    for change in report.health.opened:
        console.print(shown(f"health incident opened: {change}"), style="yellow")
    for change in report.health.closed:
        console.print(shown(f"health incident closed: {change}"))
    delivery = report.delivery
    console.print(
        f"alerts: sent {delivery.sent}, retrying {delivery.retried}, dead {delivery.dead}"
    )
    for line in paused_lines(delivery.paused):
        console.print(line, style="yellow", markup=False)


def sources_health(output: FormatOption = OutputFormat.table, config: ConfigOption = None) -> None:
    """Show each source's health: OK, NEW, RETRYING, LATE, FAILING, SILENT or DISABLED, with
    last success, last new article, failure streak and next due time. Exits 1 when a source
    is FAILING or SILENT.

    Example: scwatch sources health --format json
    """
    with open_scwatch(config) as scwatch:
        found = print_health(scwatch, output)
    if any(health.status in PROBLEMS for health in found):
        raise typer.Exit(EXIT_FAILED)


def print_health(scwatch: Scwatch, output: OutputFormat) -> list[SourceHealth]:
    """The health table (or JSON lines) of every source; `sources list --health` too."""
    found = scwatch.health()
    print_items(
        output,
        found,
        title="Source health",
        columns=HEALTH_COLUMNS,
        as_dict=health_dict,
        as_row=health_row,
    )
    return found


def health_row(health: SourceHealth) -> list[str]:
    return [
        health.slug,
        health.status,
        format_kst(health.last_success_at),
        format_kst(health.last_new_at),
        str(health.failures),
        format_kst(health.next_due_at),
        shorten(health.last_error),
    ]


def sources_import(
    opml_file: Annotated[Path, typer.Argument(help="An OPML file (a feed reader's export).")],
    write: Annotated[
        bool, typer.Option("--write", help="Append the new sources to the configuration file.")
    ] = False,
    config: ConfigOption = None,
) -> None:
    """Turn the feeds of an OPML file into [[sources]] tables (feeds already configured are
    skipped). Prints them, or appends them to scwatch.toml with --write.

    Example: scwatch sources import subscriptions.opml --write
    """
    with open_scwatch(config) as scwatch:
        try:
            data = opml_file.read_bytes()
        except OSError as exc:
            raise ConfigError(f"cannot read {opml_file}: {exc.strerror}") from None
        found = scwatch.opml_import(data)
        settings = scwatch.config
    feeds = _valid_feeds(found.feeds)
    from scwatch.core.formats.opml import toml_sources

    text = toml_sources(feeds)
    if not write:
        sys.stdout.write(text)
        err_console.print(f"{len(feeds)} new source(s); add them with --write")
        return
    if settings.path is None:
        raise fail("no configuration file to write to; pass --config PATH", EXIT_USAGE)
    if feeds:
        _append(settings.path, f"\n# Imported from {opml_file.name}\n{text}")
    console.print(f"added {len(feeds)} source(s) to {settings.path}")


def _valid_feeds(feeds: Sequence[OpmlFeed]) -> list[OpmlFeed]:
    from pydantic import ValidationError

    from scwatch.config import SourceConfig

    valid = []
    for feed in feeds:
        try:
            SourceConfig(slug=feed.slug, kind="rss", url=feed.url, name=feed.name)
        except ValidationError:
            err_console.print(f"skipped {feed.url!r}: not a usable feed URL", markup=False)
            continue
        valid.append(feed)
    return valid


def _append(path: Path, text: str) -> None:
    """Append, then check the file still loads; restore it when it does not."""
    from scwatch.config import load_config

    before = path.read_text(encoding="utf-8")
    separator = "" if before.endswith("\n") or not before else "\n"
    path.write_text(before + separator + text, encoding="utf-8")
    try:
        load_config(path)
    except ConfigError as exc:
        path.write_text(before, encoding="utf-8")
        raise fail(f"the imported sources would break the configuration: {exc}") from None


def sources_export(config: ConfigOption = None) -> None:
    """Write the configured RSS sources as OPML 2.0 to standard output.

    Example: scwatch sources export > scwatch-sources.opml
    """
    with open_scwatch(config) as scwatch:
        sys.stdout.write(scwatch.opml_export())
