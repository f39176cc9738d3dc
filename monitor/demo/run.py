"""`scwatch demo`: crawl the bundled loopback Korean news web into a fresh SQLite file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from scwatch.config import Config, load_config
from scwatch.core.errors import ConfigError, ScwatchError
from scwatch.core.formats.toml import toml_line
from scwatch.core.models import Source
from scwatch.core.records import AlertRecord, ArticleRecord, SourceRecord
from scwatch.demo.web.server import DEFAULT_PORT, DemoWeb, start_demo_web
from scwatch.notify import build_notifiers
from scwatch.scheduler.launcher import CrawlProgress, SpiderRun, failed_runs, run_crawl
from scwatch.services.deliver import DeliveryReport, deliver_due
from scwatch.services.runtime import runtime_for
from scwatch.storage import articles as article_store
from scwatch.storage import outbox
from scwatch.storage import sources as source_store

DEMO_DATABASE = "demo.db"
# Written into every demo workdir: only a folder holding it is ever cleared by a later demo.
DEMO_MARKER = ".scwatch-demo"
DEMO_HEADER = "# Written by `scwatch demo` for the bundled loopback news web."
DEMO_PORT = DEFAULT_PORT


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
        DEMO_HEADER,
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


def check_workdir(workdir: Path) -> None:
    """Refuse a folder holding anything but an earlier demo: the demo writes scwatch.toml
    and clears demo.db and alerts.jsonl, which must never be a user's own files."""
    if not workdir.is_dir() or not any(workdir.iterdir()):
        return
    if (workdir / DEMO_MARKER).is_file() or _demo_config(workdir / "scwatch.toml"):
        return
    raise ConfigError(
        f"{workdir} is not empty and was not made by `scwatch demo`; the demo writes "
        "scwatch.toml, demo.db and alerts.jsonl there and never overwrites your files. "
        "Choose a new or empty folder with --workdir (default: scwatch-demo)."
    )


def _demo_config(path: Path) -> bool:
    """A workdir from before the marker existed: its scwatch.toml is the demo's own."""
    try:
        with path.open(encoding="utf-8") as file:
            return file.readline().rstrip("\n") == DEMO_HEADER
    except (OSError, UnicodeDecodeError):
        return False


def fresh_workdir(workdir: Path) -> None:
    """Remove the previous demo database and alert file so each demo starts empty."""
    check_workdir(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / DEMO_MARKER).write_text("scwatch demo workdir\n", encoding="utf-8")
    for name in (DEMO_DATABASE, f"{DEMO_DATABASE}-wal", f"{DEMO_DATABASE}-shm", "alerts.jsonl"):
        (workdir / name).unlink(missing_ok=True)


def start_web(port: int) -> DemoWeb:
    try:
        return start_demo_web(port=port)
    except OSError as exc:
        raise ScwatchError(
            f"cannot serve the demo web on 127.0.0.1:{port} ({exc.strerror}); another "
            "`scwatch demo --serve` may be running: stop it, or choose --port N "
            "(--port 0: any free port)"
        ) from None


def run_demo(
    workdir: Path,
    on_progress: Callable[[CrawlProgress], None] | None = None,
    *,
    port: int = DEMO_PORT,
    then: Callable[[DemoResult, str], None] | None = None,
) -> DemoResult:
    """Crawl the demo web (on 127.0.0.1:`port`) into `workdir`; `then`, when given, runs
    with the result and the web's base URL while the web is still up (`scwatch demo
    --serve` waits there)."""
    check_workdir(workdir)
    with start_web(port) as web:
        fresh_workdir(workdir)
        result = _crawl_demo(workdir, web, on_progress)
        if then is not None:
            then(result, web.base_url)
    return result


def demo_config(workdir: Path) -> Config:
    """The configuration a demo wrote in `workdir`: always its own SQLite file, even when
    SCWATCH_DATABASE_URL is set."""
    return replace(
        load_config(workdir / "scwatch.toml"),
        database_url=f"sqlite:///{(workdir / DEMO_DATABASE).resolve()}",
    )


def _crawl_demo(
    workdir: Path, web: DemoWeb, on_progress: Callable[[CrawlProgress], None] | None
) -> DemoResult:
    config_path = workdir / "scwatch.toml"
    config_path.write_text(demo_config_text(web.sources()), encoding="utf-8")
    config = demo_config(workdir)
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
