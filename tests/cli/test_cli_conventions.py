"""What every command shares: -h and --version, coloured statuses, start-up without the
crawler, and exit codes as docs/cli.md states them (a closed pipe is not an error)."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from support.cli import console_command, console_env, scwatch
from support.records import molit_record

from scwatch import __version__
from scwatch.api import CrawlReport, DeliveryReport, SpiderRun
from scwatch.cli import app, common
from scwatch.cli.crawling import crawl_problem
from scwatch.core.records import SourceSummary

# What no start-up should pay for: the crawler, the extractor, the scheduler, the web
# stack, the senders, the migrations and the exporters, each loaded by the command using it.
HEAVY = (
    "scrapy",
    "twisted",
    "trafilatura",
    "alembic",
    "apscheduler",
    "httpx",
    "dateparser",
    "fastapi",
    "starlette",
    "uvicorn",
    "openpyxl",
    "jinja2",
    "parsel",
    "tomlkit",
)
# What `--help` and `version` need not load either: the database layer, the configuration
# models, the table renderer and the XML parser.
READING_ONLY = ("sqlalchemy", "pydantic", "rich", "lxml")


@pytest.mark.parametrize(
    "command", [[], ["sources"], ["sources", "list"], ["demo"], ["search"], ["rules", "test"]]
)
def test_h_is_help_everywhere(command: list[str]) -> None:
    result = scwatch(*command, "-h")
    assert result.returncode == 0, result.output
    assert "Usage: scwatch" in result.stdout


def test_version_option() -> None:
    for option in ("--version", "-V"):
        result = scwatch(option)
        assert result.returncode == 0
        assert result.stdout.strip() == f"scwatch {__version__}"


def imported_by(code: str, *, packages: bool = True) -> list[str]:
    """The heavy modules a fresh interpreter has loaded after running `code`: their top
    packages, or every module's full name with packages=False."""
    names = "{m.split('.')[0] for m in sys.modules}" if packages else "sys.modules"
    probe = f"import sys\n{code}\nsys.stderr.write(' '.join(sorted({names})))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    return done.stderr.split()


def running(args: list[str]) -> str:
    return f"from scwatch.cli import app\ntry:\n    app({args!r})\nexcept SystemExit:\n    pass"


def test_importing_the_cli_loads_only_typer() -> None:
    loaded = set(imported_by("import scwatch.cli"))
    assert "typer" in loaded
    assert not loaded & {*HEAVY, *READING_ONLY}, loaded & {*HEAVY, *READING_ONLY}


def test_help_and_version_load_neither_the_crawler_nor_the_database() -> None:
    for args in (["--help"], ["--version"]):
        loaded = set(imported_by(running(args)))
        assert not loaded & {*HEAVY, *READING_ONLY}, (args, loaded & {*HEAVY, *READING_ONLY})
    # Below the top, Typer checks option values (its own --help's too) with pydantic.
    for args in (["version"], ["sources", "--help"]):
        unwanted = {*HEAVY, *READING_ONLY} - {"pydantic"}
        loaded = set(imported_by(running(args)))
        assert not loaded & unwanted, (args, loaded & unwanted)


READING = [
    ["search", "스마트시티"],
    ["show", "6"],
    ["alerts", "list"],
    ["sources", "list"],
    ["sources", "health"],
    ["rules", "list"],
    ["stories", "show", "1"],
    ["deals"],
]


@pytest.mark.parametrize("args", READING, ids=" ".join)
def test_reading_commands_load_no_crawler(demo_dir: Path, args: list[str]) -> None:
    config = str(demo_dir / "scwatch.toml")
    loaded = set(imported_by(running([*args, "-c", config])))
    if args != ["rules", "list"]:  # the rules are in the configuration, not the database
        assert "sqlalchemy" in loaded  # it did read the database
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


# Parts of SQLAlchemy a reader of a SQLite archive does not need: the ORM, the PostgreSQL
# dialect (its search is built only for a PostgreSQL database), the asyncio extension.
NOT_FOR_SQLITE = ("sqlalchemy.orm", "sqlalchemy.dialects.postgresql", "sqlalchemy.ext.asyncio")


@pytest.mark.parametrize("args", [["search", "스마트시티"], ["show", "6"], ["sources", "health"]])
def test_reading_a_sqlite_archive_loads_neither_the_orm_nor_postgresql(
    demo_dir: Path, args: list[str]
) -> None:
    config = str(demo_dir / "scwatch.toml")
    loaded = set(imported_by(running([*args, "-c", config]), packages=False))
    assert "sqlalchemy.dialects.sqlite" in loaded  # it did open the SQLite archive
    assert not loaded & set(NOT_FOR_SQLITE), loaded & set(NOT_FOR_SQLITE)


OUTPUT: dict[str, Any] = {"env": console_env(), "capture_output": True, "text": True}
# `scwatch ARGS` with every command built, as it ran before it built the named one alone.
EVERY = "import typer\nfrom scwatch.cli import app\ntyper.main.get_command(app)(prog_name='scwatch')"


def test_a_command_builds_only_itself_and_says_the_same() -> None:
    # `scwatch NAME` builds NAME's Click command alone (start-up); its help and errors read
    # the same as with every command built.
    assert [c.callback.__name__ for c in app._only(["search", "x"]).registered_commands] == [
        "search"
    ]
    assert [g.name for g in app._only(["sources", "list"]).registered_groups] == ["sources"]
    assert app._only(["--help"]) is None and app._only(["serch"]) is None
    for args in (["sources", "list", "-h"], ["search", "-h"], ["search"], ["rules", "nosuch"]):
        alone = subprocess.run(console_command(*args), timeout=120, **OUTPUT)
        built = subprocess.run([sys.executable, "-c", EVERY, *args], timeout=120, **OUTPUT)
        assert alone.stdout == built.stdout and alone.stderr == built.stderr, args
        assert alone.returncode == built.returncode, args


def test_the_garbage_collector_runs_again_once_the_library_is_loaded(demo_dir: Path) -> None:
    # Start-up imports run without the collector (common.loading); a long command (`run`,
    # `serve`, a big export) must not go on without it, nor a caller that had it off get it.
    assert scwatch("search", "스마트시티", "-c", str(demo_dir / "scwatch.toml")).returncode == 0
    assert gc.isenabled()
    with pytest.raises(RuntimeError), common.loading():
        assert not gc.isenabled()
        raise RuntimeError("an import failed")
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    gc.disable()
    try:
        with common.loading():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert gc.get_freeze_count() == frozen  # nothing imported, nothing frozen


def test_statuses_are_coloured_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = Console(force_terminal=True, color_system="standard", width=120, record=True)
    monkeypatch.setattr(common, "console", terminal)
    common.print_table(
        "Health", ["slug", "status"], [["a", "FAILING"], ["b", "RETRYING"], ["c", "OK"]]
    )
    shown = terminal.export_text(styles=True)
    assert "\x1b[1;31mFAILING" in shown  # bold red
    assert "\x1b[33mRETRYING" in shown  # yellow
    assert "\x1b[32mOK" in shown  # green


def report(*summaries: SourceSummary, retried: int = 0, returncode: int = 0) -> CrawlReport:
    run = SpiderRun("feeds", returncode, 1.0, Path("logs/crawl-feeds.log"), summaries)
    sources = [molit_record(slug=s.source) for s in summaries]
    return CrawlReport([run], DeliveryReport(retried=retried), sources)


def test_crawl_fails_when_every_source_failed_or_an_alert_was_not_delivered() -> None:
    ok = SourceSummary("molit", fetched=3, new=3)
    failed = SourceSummary("broken", error="HTTP status 404")
    assert crawl_problem(report(ok, failed)) == ""
    assert "every source failed" in crawl_problem(report(failed))
    too_short = SourceSummary("molit", fetched=2, failed=2, first_failure="too short")
    assert "every source failed" in crawl_problem(report(too_short))
    assert "not delivered" in crawl_problem(report(ok, retried=2))
    assert "crawler exited" in crawl_problem(report(ok, returncode=1))


def test_search_exits_1_when_nothing_is_found_in_json_too(demo_dir: Path) -> None:
    config = str(demo_dir / "scwatch.toml")
    for output in ("table", "json"):
        result = scwatch("search", "없는낱말입니다", "-f", output, "-c", config)
        assert result.returncode == 1, (output, result.output)
        assert result.stdout.strip() in ("", "Stories matching '없는낱말입니다': none")


def test_a_reader_that_stops_early_is_not_an_error(demo_dir: Path) -> None:
    config = str(demo_dir / "scwatch.toml")
    for args in (["export", "-c", config], ["search", "스마트시티", "-f", "json", "-c", config]):
        process = subprocess.Popen(
            console_command(*args),
            cwd=demo_dir,
            env=console_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # like `| head -0`: nobody reads what comes
        error = process.stderr.read().decode()
        assert process.wait(timeout=120) == 0, error
        assert error == ""


def test_alerts_list_shows_the_last_error(demo_dir: Path) -> None:
    result = scwatch("alerts", "list", "-c", str(demo_dir / "scwatch.toml"))
    assert result.returncode == 0
    assert "last error" in result.stdout.splitlines()[2]
