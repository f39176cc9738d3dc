"""Several writers at once: no "database is locked", no IntegrityError, nothing stored twice."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from multiprocessing.synchronize import Barrier as BarrierType
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, insert, select

from scwatch.storage import Database, default_sqlite_url, open_database
from scwatch.storage.articles import count_articles, insert_article
from scwatch.storage.engine import WAL_CHECKPOINT_PAGES
from scwatch.storage.tables import fetches

ArticleFactory = Callable[..., dict[str, Any]]
# fork: the workers are closures over test data; each one opens its own engine after forking.
FORK = multiprocessing.get_context("fork")


def insert_batch(url: str, batch: list[dict[str, Any]], start: BarrierType, results: Any) -> None:
    db = open_database(url)
    statuses: list[str] = []
    try:
        start.wait()
        for values in batch:
            with db.transaction() as conn:
                statuses.append(insert_article(conn, values).status)
        results.put(("ok", statuses))
    except Exception as exc:
        results.put(("error", repr(exc)))
    finally:
        db.dispose()


def read_then_write(url: str, worker: int, rounds: int, start: BarrierType, results: Any) -> None:
    db = open_database(url)
    errors: list[str] = []
    start.wait()
    for n in range(rounds):
        try:
            with db.transaction() as conn:
                seen = conn.execute(select(func.count()).select_from(fetches)).scalar_one()
                conn.execute(insert(fetches).values(_fetch_row(worker, n, seen)))
        except Exception as exc:
            errors.append(repr(exc))
    db.dispose()
    results.put(errors)


def _fetch_row(worker: int, n: int, seen: int) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {
        "source": f"worker-{worker}",
        "url": f"https://example.kr/{n}",
        "started_at": now,
        "finished_at": now,
        "items": seen,
    }


def run_processes(targets: list[tuple[Callable[..., None], tuple[Any, ...]]]) -> None:
    processes = [FORK.Process(target=target, args=args) for target, args in targets]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=300)
        assert process.exitcode == 0


@pytest.mark.slow
def test_two_processes_inserting_the_same_articles(
    tmp_path: Path, article_values: ArticleFactory
) -> None:
    url = default_sqlite_url(tmp_path / "scwatch.db")
    open_database(url).dispose()
    batch = [article_values(n) for n in range(1, 31)]
    batch += [article_values(100 + n, content_key=f"content-{n:04d}") for n in range(1, 11)]
    start, results = FORK.Barrier(2), FORK.Queue()
    run_processes([(insert_batch, (url, batch, start, results)) for _ in range(2)])
    outcomes = [results.get(timeout=60) for _ in range(2)]
    assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
    statuses = [status for _, run in outcomes for status in run]
    assert statuses.count("new") == 30
    assert statuses.count("duplicate_content") == 10
    db = open_database(url)
    with db.read() as conn:
        assert count_articles(conn) == 30
    db.dispose()


@pytest.mark.slow
def test_six_writer_processes_never_see_database_locked(tmp_path: Path) -> None:
    url = default_sqlite_url(tmp_path / "scwatch.db")
    open_database(url).dispose()
    workers, rounds = 6, 50
    start, results = FORK.Barrier(workers), FORK.Queue()
    run_processes([(read_then_write, (url, w, rounds, start, results)) for w in range(workers)])
    errors = [error for _ in range(workers) for error in results.get(timeout=60)]
    assert errors == []
    db = open_database(url)
    with db.read() as conn:
        assert conn.execute(select(func.count()).select_from(fetches)).scalar_one() == 300
    db.dispose()


def test_threads_racing_on_the_same_articles(
    database: Database, article_values: ArticleFactory
) -> None:
    batch = [article_values(n) for n in range(1, 21)]
    batch += [article_values(100 + n, content_key=f"content-{n:04d}") for n in range(1, 6)]
    start = threading.Barrier(4)
    statuses: list[str] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            start.wait()
            for values in batch:
                with database.transaction() as conn:
                    statuses.append(insert_article(conn, values).status)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    assert statuses.count("new") == 20 and statuses.count("duplicate_content") == 5
    with database.read() as conn:
        assert count_articles(conn) == 20


@pytest.mark.parametrize("same", ["url", "content"])
def test_writer_waiting_on_an_uncommitted_twin(
    database: Database, article_values: ArticleFactory, same: str
) -> None:
    first = article_values(1)
    twin = first if same == "url" else article_values(2, content_key=first["content_key"])
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def insert_twin() -> None:
        try:
            with database.transaction() as conn:
                outcomes.append(insert_article(conn, twin).status)
        except BaseException as exc:
            errors.append(exc)

    other_writer = threading.Thread(target=insert_twin)
    with database.transaction() as conn:
        insert_article(conn, first)
        other_writer.start()
        # Let the other writer reach its INSERT and wait on our uncommitted row.
        other_writer.join(timeout=0.5)
    other_writer.join(timeout=60)
    assert errors == []
    assert outcomes == ["duplicate_url" if same == "url" else "duplicate_content"]


def test_writers_checkpoint_the_wal_every_ten_thousand_pages(tmp_path: Path) -> None:
    """Ingest dirties the same pages transaction after transaction: a larger checkpoint
    step copies each into the database file less often (docs/stories.md, round seven)."""
    db = open_database(default_sqlite_url(tmp_path / "wal.db"))
    try:
        with db.transaction() as conn:
            step = conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar_one()
            mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar_one()
    finally:
        db.dispose()
    assert (step, mode) == (WAL_CHECKPOINT_PAGES, "wal")
