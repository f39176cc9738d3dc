"""`scwatch demo`: crawl the bundled loopback Korean news web into a fresh SQLite file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from scwatch.config import load_config
from scwatch.core.formats.toml import toml_line
from scwatch.core.models import Source
from scwatch.core.records import AlertRecord, ArticleRecord, SourceRecord
from scwatch.demo.web.server import start_demo_web
from scwatch.notify import build_notifiers
from scwatch.scheduler.launcher import CrawlProgress, SpiderRun, failed_runs, run_crawl
from scwatch.services.deliver import DeliveryReport, deliver_due
from scwatch.services.runtime import runtime_for
from scwatch.storage import articles as article_store
from scwatch.storage import outbox
from scwatch.storage import sources as source_store

DEMO_DATABASE = "demo.db"


@dataclass(frozen=True)
class DemoResult:
    workdir: Path
    runs: list[SpiderRun]
    sources: list[SourceRecord]
    articles: list[ArticleRecord]
    alerts: list[AlertRecord]
    delivery: DeliveryReport

    @property
    def failed_runs(self) -> list[SpiderRun]:
        return failed_runs(self.runs)


def demo_config_text(sources: Sequence[Source]) -> str:
    """A scwatch.toml for the demo web."""
    lines = [
        "# Written by `scwatch demo` for the bundled loopback news web.",
        "[storage]",
        toml_line("database", DEMO_DATABASE),
        "",
        "[crawl]",
        "download_timeout = 10",
        "download_delay = 0",
        "# One request at a time: articles are stored in the same order, under the same ids,\n"
        "# on every run (the guide's `scwatch show 4` is always the same article).",
        "concurrent_requests = 1",
        "concurrent_per_domain = 1",
        "autothrottle = false",
        "allow_private_networks = true  # the demo web runs on 127.0.0.1",
        "",
        "[channels.jsonl]",
        'type = "jsonl"',
        'path = "alerts.jsonl"',
    ]
    for source in sources:
        lines += ["", "[[sources]]", *_source_lines(source)]
    for rule_name in ("smart-city export", "smart-city MOU"):
        lines += ["", "[[rules]]", toml_line("name", rule_name)]
        lines += [toml_line("query", _default_query(rule_name)), 'channels = ["jsonl"]']
    return "\n".join(lines) + "\n"


_SOURCE_KEYS = (
    "slug",
    "name",
    "kind",
    "url",
    "link_selector",
    "next_selector",
    "max_pages",
    "allow_pattern",
)


def _source_lines(source: Source) -> list[str]:
    """Every non-empty field of the source as a TOML line (JSON literals are valid TOML)."""
    lines = []
    for key in _SOURCE_KEYS:
        value = getattr(source, key)
        if value not in ("", None):
            lines.append(toml_line(key, value))
    lines.append(f'interval = "{source.interval_minutes}m"')
    return lines


def _default_query(name: str) -> str:
    from scwatch.core.rules import DEFAULT_RULES

    return next(rule.query for rule in DEFAULT_RULES if rule.name == name)


def fresh_workdir(workdir: Path) -> None:
    """Remove the previous demo database and alert file so each demo starts empty."""
    workdir.mkdir(parents=True, exist_ok=True)
    for name in (DEMO_DATABASE, f"{DEMO_DATABASE}-wal", f"{DEMO_DATABASE}-shm", "alerts.jsonl"):
        (workdir / name).unlink(missing_ok=True)


def run_demo(
    workdir: Path, on_progress: Callable[[CrawlProgress], None] | None = None
) -> DemoResult:
    fresh_workdir(workdir)
    with start_demo_web() as web:
        config_path = workdir / "scwatch.toml"
        config_path.write_text(demo_config_text(web.sources()), encoding="utf-8")
        # The demo always uses its own fresh SQLite file, even when SCWATCH_DATABASE_URL is set.
        config = replace(
            load_config(config_path),
            database_url=f"sqlite:///{(workdir / DEMO_DATABASE).resolve()}",
        )
        runtime = runtime_for(config)
        try:
            runs = run_crawl(config, runtime.db, log_dir=workdir, on_progress=on_progress)
            delivery = deliver_due(runtime.db, build_notifiers(config.channels))
            with runtime.db.read() as conn:
                return DemoResult(
                    workdir=workdir,
                    runs=runs,
                    sources=source_store.list_sources(conn),
                    articles=article_store.list_articles(conn, limit=1000),
                    alerts=outbox.list_alerts(conn, limit=1000),
                    delivery=delivery,
                )
        finally:
            runtime.close()
