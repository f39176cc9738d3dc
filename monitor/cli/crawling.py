"""Crawl commands: crawl (configured sources) and demo (the bundled offline news web)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from scwatch.cli.common import (
    ALERT_COLUMNS,
    ConfigOption,
    FormatOption,
    OutputFormat,
    console,
    err_console,
    fail,
    handled_errors,
    open_scwatch,
    print_json_lines,
    print_table,
)
from scwatch.core.clock import format_kst, utcnow
from scwatch.core.views import alert_row, paused_lines, source_row, summary_dict, summary_row

if TYPE_CHECKING:
    from rich.console import Console

    from scwatch.api import CrawlProgress, CrawlReport, DemoResult
    from scwatch.core.records import SourceRecord

SOURCE_COLUMNS = ["slug", "kind", "name", "status", "last success", "last error"]
SUMMARY_COLUMNS = ["source", "status", "fetched", "new", "duplicates", "failed", "first failure"]
# The demo web's fixed port (scwatch.demo.web.server.DEFAULT_PORT; a test holds them equal).
DEMO_PORT = 8008
Reporter = Callable[["CrawlProgress"], None]
ServeOption = Annotated[
    bool,
    typer.Option(
        "--serve",
        help="Keep the demo web running after the demo and serve the web UI over the "
        "demo's archive, until Ctrl-C.",
    ),
]
UiPortOption = Annotated[
    int,
    typer.Option(
        "--ui-port",
        min=0,
        max=65535,
        help="Port of the web UI with --serve, on 127.0.0.1 (default: 8080; 0: any free).",
    ),
]


@contextmanager
def progress_reporter(start: str, lines_to: Console | None = None) -> Iterator[Reporter]:
    """A spinner on a terminal; elsewhere (cron, a pipe) plain lines a log keeps: one when
    a spider starts and one whenever its counts have changed, at most every 5 seconds."""
    if not console.is_terminal:
        yield _line_reporter(lines_to or console)
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(start, total=None)

        def report(state: CrawlProgress) -> None:
            progress.update(task, description=_progress_text(state))

        yield report


def _progress_text(state: CrawlProgress) -> str:
    return f"crawl {state.spider}: {state.articles} articles stored, {state.alerts} alerts queued"


def _line_reporter(out: Console, every_s: float = 5.0) -> Reporter:
    last_spider, last_counts, last_at = "", (-1, -1), -every_s

    def report(state: CrawlProgress) -> None:
        nonlocal last_spider, last_counts, last_at
        counts = (state.articles, state.alerts)
        due = counts != last_counts and state.seconds - last_at >= every_s
        if state.spider != last_spider or due:
            out.print(f"{_progress_text(state)} ({state.seconds:.0f}s)", soft_wrap=True)
            last_spider, last_counts, last_at = state.spider, counts, state.seconds

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
        # JSON on stdout stays JSON: progress lines then go to stderr.
        lines_to = err_console if output is OutputFormat.json else console
        with progress_reporter("starting the crawler", lines_to) as report_progress:
            report = scwatch.crawl(source, log_dir=log_dir, on_progress=report_progress)
    print_summary(report, output)
    problem = crawl_problem(report)
    if problem:
        raise fail(problem)


def crawl_problem(report: CrawlReport) -> str:
    """Why this crawl exits 1 (docs/cli.md), or '' when it did its work: the crawler
    crashed, every crawled source failed, or an alert could not be delivered."""
    failed = report.failed_runs
    if failed:
        logs = ", ".join(str(run.log_path) for run in failed)
        return f"the crawler exited with an error; see {logs}"
    summaries = report.summaries
    if summaries and len(report.failed_sources) == len(summaries):
        return "every source failed; see the first failure above and `scwatch sources health`"
    delivery = report.delivery
    if delivery.retried or delivery.dead:
        return (
            f"{delivery.retried + delivery.dead} alert(s) not delivered; "
            "see `scwatch alerts list` (last error)"
        )
    return ""


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
    from scwatch.core.policy.health import HealthSettings, source_status  # pydantic

    now, settings = utcnow(), HealthSettings()
    rows = (source_row(s, source_status(s, now, settings)) for s in sources)
    print_table("Sources", SOURCE_COLUMNS, rows)


def demo(
    workdir: Annotated[
        Path,
        typer.Option(help="Folder for the demo's files: new, empty or an earlier demo's."),
    ] = Path("scwatch-demo"),
    port: Annotated[
        int,
        typer.Option(
            "--port",
            min=0,
            max=65535,
            help=f"Port of the demo news web on 127.0.0.1 (default: {DEMO_PORT}; 0: any free).",
        ),
    ] = DEMO_PORT,
    serve: ServeOption = False,
    ui_port: UiPortOption = 8080,
) -> None:
    """Crawl the bundled offline Korean news web into a fresh SQLite file and show the
    stored articles and fired alerts. Needs no network. Never touches a folder that holds
    anything but an earlier demo.

    Example: scwatch demo --serve   (then open the printed web UI URL, or in another
    terminal: scwatch crawl --config scwatch-demo/scwatch.toml)
    """
    from scwatch.api import run_demo

    with handled_errors(), ExitStack() as progress:
        report_progress = progress.enter_context(progress_reporter("starting the demo news web"))

        def after(result: DemoResult, base_url: str) -> None:
            progress.close()  # the spinner goes before the tables
            print_demo(result)
            if serve and not result.failed_runs:
                _serve_until_interrupted(base_url, result.workdir, ui_port)

        result = run_demo(workdir, report_progress, port=port, then=after)
    if result.failed_runs:
        raise fail(f"the crawler exited with an error; see the logs in {workdir}")


def _serve_until_interrupted(base_url: str, workdir: Path, ui_port: int) -> None:
    """The demo news web stays up while the web UI serves the demo's archive."""
    from scwatch.api import Scwatch, demo_config
    from scwatch.cli.serving import run_web

    console.print(
        f"The demo news web keeps running at {base_url}/ (its sources are in "
        f"{workdir / 'scwatch.toml'}). In another terminal:",
        soft_wrap=True,
    )
    console.print(f"  scwatch crawl --config {workdir / 'scwatch.toml'}", soft_wrap=True)
    sys.stdout.flush()
    with handled_errors(), Scwatch.open(demo_config(workdir)) as scwatch:
        run_web(scwatch, "127.0.0.1", ui_port)
    console.print("demo web and web UI stopped")


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
        ALERT_COLUMNS,
        (alert_row(a) for a in result.alerts),
    )
    config_path = result.workdir / "scwatch.toml"
    console.print(
        f"Database: {result.workdir / 'demo.db'} · alerts: {result.workdir / 'alerts.jsonl'}"
    )
    console.print(f"Try: scwatch search 스마트시티 --config {config_path}")
