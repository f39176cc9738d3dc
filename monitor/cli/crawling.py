"""Crawl commands: crawl (configured sources) and demo (the bundled offline news web)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

from scwatch.api import CrawlProgress, CrawlReport, DemoResult, run_demo
from scwatch.cli.common import (
    ConfigOption,
    FormatOption,
    OutputFormat,
    console,
    fail,
    handled_errors,
    open_scwatch,
    print_json_lines,
    print_table,
)
from scwatch.core.clock import format_kst, utcnow
from scwatch.core.policy.health import HealthSettings, source_status
from scwatch.core.records import SourceRecord
from scwatch.core.views import alert_row, paused_lines, source_row, summary_dict, summary_row

SOURCE_COLUMNS = ["slug", "kind", "name", "status", "last success", "last error"]
SUMMARY_COLUMNS = ["source", "status", "fetched", "new", "duplicates", "failed", "first failure"]


def _progress_bar() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def _reporter(progress: Progress, task: TaskID) -> Callable[[CrawlProgress], None]:
    def report(state: CrawlProgress) -> None:
        progress.update(
            task,
            description=(
                f"crawling ({state.spider}): {state.articles} articles stored, "
                f"{state.alerts} alerts queued"
            ),
        )

    return report


def crawl(
    source: Annotated[str | None, typer.Option("--source", "-s", help="Only this slug.")] = None,
    log_dir: Annotated[Path, typer.Option(help="Where crawl logs go.")] = Path("logs"),
    output: FormatOption = OutputFormat.table,
    config: ConfigOption = None,
) -> None:
    """Crawl the configured sources once, store new articles, then send due alerts; print
    per source the article pages fetched, new, duplicates and failed with the first reason.

    Example: scwatch crawl --source molit
    """
    with open_scwatch(config) as scwatch:
        if source:
            scwatch.config.source(source)
        with _progress_bar() as progress:
            task = progress.add_task("starting the crawler", total=None)
            report = scwatch.crawl(
                source, log_dir=log_dir, on_progress=_reporter(progress, task)
            )
    print_summary(report, output)
    failed = report.failed_runs
    if failed:
        logs = ", ".join(str(run.log_path) for run in failed)
        raise fail(f"the crawler exited with an error; see {logs}")


def print_summary(report: CrawlReport, output: OutputFormat) -> None:
    """The crawl's per-source table (or JSON lines), then what delivery did."""
    delivery = report.delivery
    alerts = {"sent": delivery.sent, "retrying": delivery.retried, "dead": delivery.dead}
    if output is OutputFormat.json:
        print_json_lines([*(summary_dict(s) for s in report.summaries), {"alerts": alerts}])
        return
    print_table("Crawl", SUMMARY_COLUMNS, (summary_row(s) for s in report.summaries))
    console.print(
        f"alerts: sent {delivery.sent}, retrying {delivery.retried}, dead {delivery.dead}"
    )
    for line in paused_lines(delivery.paused):
        console.print(line, style="yellow", markup=False)


def print_sources(sources: Sequence[SourceRecord]) -> None:
    now, settings = utcnow(), HealthSettings()
    rows = (source_row(s, source_status(s, now, settings)) for s in sources)
    print_table("Sources", SOURCE_COLUMNS, rows)


def demo(
    workdir: Annotated[Path, typer.Option(help="Folder for the demo database and logs.")] = Path(
        "scwatch-demo"
    ),
) -> None:
    """Crawl the bundled offline Korean news web into a fresh SQLite file and show the
    stored articles and fired alerts. Needs no network.

    Example: scwatch demo --workdir /tmp/scwatch-demo
    """
    with handled_errors(), _progress_bar() as progress:
        task = progress.add_task("starting the demo news web", total=None)
        result = run_demo(workdir, on_progress=_reporter(progress, task))
    print_demo(result)
    if result.failed_runs:
        raise fail(f"the crawler exited with an error; see the logs in {workdir}")


def print_demo(result: DemoResult) -> None:
    print_sources(result.sources)
    print_table(
        f"Articles stored ({len(result.articles)})",
        ["id", "published", "source", "title", "also in"],
        (
            [str(a.id), format_kst(a.published_at), a.source, a.title, str(a.sightings or "")]
            for a in result.articles
        ),
    )
    print_table(
        f"Alerts fired ({len(result.alerts)})",
        ["id", "rule", "channel", "status", "title", "why"],
        (alert_row(a) for a in result.alerts),
    )
    config_path = result.workdir / "scwatch.toml"
    console.print(
        f"Database: {result.workdir / 'demo.db'} · alerts: {result.workdir / 'alerts.jsonl'}"
    )
    console.print(f"Try: scwatch search 스마트시티 --config {config_path}")
