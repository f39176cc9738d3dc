"""Lock errors under concurrent crawls: 4 `scrapy crawl feeds` processes started at once,
each crawling the same 4 loopback feeds (240 new articles, benchmarks/fault_web.py) into
one database, on SQLite and on PostgreSQL (a fresh database on 127.0.0.1:5432, dropped
afterwards). Every process writes the same articles, so each insert races three others.

Counts the lock errors in the crawl logs ("database is locked", deadlocks, serialization
failures), errors of any kind, crawls that failed, and whether every article was stored
exactly once. Prints JSON, one object per backend.

    python benchmarks/locks.py [--crawls 4] [--backend sqlite|postgresql|both] [--json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from crawl_command import feeds_crawl  # noqa: E402
from fault_checks import article_figures, lock_errors  # noqa: E402
from fault_web import NewsWeb  # noqa: E402
from faults import FEEDS, fleet_env, fresh_database, write_config  # noqa: E402
from sqlalchemy import create_engine  # noqa: E402

ARTICLES = 240


def migrate(url: str) -> None:
    """Create the schema first, so the crawls race on articles rather than on migrations."""
    from scwatch.storage import open_database

    open_database(url).dispose()


def crawl_all(workdir: Path, url: str, crawls: int) -> tuple[list[int], float]:
    env = fleet_env(url, "http://127.0.0.1:9/unused") | {
        "SCRAPY_SETTINGS_MODULE": "scwatch.spiders.settings"
    }
    started = time.monotonic()
    processes = [
        subprocess.Popen(
            feeds_crawl(workdir / "scwatch.toml", workdir / f"crawl-{n}.log"),
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for n in range(crawls)
    ]
    codes = [process.wait(timeout=300) for process in processes]
    return codes, time.monotonic() - started


def error_lines(paths: list[Path]) -> int:
    return sum(
        path.read_text(encoding="utf-8", errors="replace").count("] ERROR:") for path in paths
    )


def run(backend: str, crawls: int) -> dict[str, Any]:
    with (
        tempfile.TemporaryDirectory(prefix="scwatch-locks-") as folder,
        fresh_database(backend, Path(folder)) as url,
        NewsWeb(FEEDS, ARTICLES, 0).running() as web,
    ):
        workdir = Path(folder)
        web.publish_all_now()
        write_config(workdir, web)
        migrate(url)
        codes, seconds = crawl_all(workdir, url, crawls)
        logs = sorted(workdir.glob("crawl-*.log"))
        engine = create_engine(url)
        with engine.connect() as conn:
            stored = article_figures(conn, [web.article_url(p.number) for p in web.published])
        engine.dispose()
        errors = {"lock_errors": lock_errors(logs), "error_lines": error_lines(logs)}
    return {
        "backend": backend,
        "concurrent_crawls": crawls,
        "crawls_failed": sum(code != 0 for code in codes),
        **errors,
        "seconds": round(seconds, 1),
        **stored,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--crawls", type=int, default=4)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--json", action="store_true", help="one line of JSON per backend")
    args = parser.parse_args()
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    for backend in backends:
        figures = run(backend, args.crawls)
        print(json.dumps(figures, ensure_ascii=False, indent=None if args.json else 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
