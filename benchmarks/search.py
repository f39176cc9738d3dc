"""Indexed archive search at scale: synthetic Korean articles (benchmarks/search_corpus.py)
stored with the search index, then the library's search (services.finder.find_page, what
Scwatch.find runs) timed per query class.

    nice -n 10 .venv/bin/python benchmarks/search.py                    # 100,000 in SQLite
    nice -n 10 .venv/bin/python benchmarks/search.py --articles 1000000 --keep /tmp/s1m.db
    nice -n 10 .venv/bin/python benchmarks/search.py --postgres         # 100,000 in PostgreSQL
    .venv/bin/python benchmarks/search.py --keep /tmp/search.db         # reuse a built database
    nice -n 10 .venv/bin/python benchmarks/search.py --postgres --keep scwatch_search_100k

Prints JSON: load time per article with the index and without it (triggers or GIN index
dropped, same rows), index size, p50/p95 latency (ms, wall) and CPU (this process's; on
PostgreSQL plus the server backends' of the database, read from /proc) of newest-20 and
relevance-20 (collapsed by story, with snippets and the total) for frequent, two-syllable,
rare and no-hit terms, and recall against a brute-force scan (substring test over every row).

Archives are bulk-loaded (benchmarks/search_bulk.py: same rows; SQLite's FTS5 index filled
by the migration's statement after the rows, about 1.3 ms of CPU an article; PostgreSQL's
GIN index created once after the rows) unless --normal-path; the insert cost is still
measured through the normal path on the --load-sample articles, where SQLite's bulk index
is also compared with the triggers'. --keep reuses a built SQLite file or, with
--postgres, a kept database of that name (created and built when missing, never dropped).
--no-recall skips the scan (re-running the queries on a kept 1,000,000-article file).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_bulk import bulk_load, load, same_index
from search_corpus import QUERY_CLASSES, Corpus
from sqlalchemy import create_engine, make_url, text

from scwatch.core.records import SearchFilters
from scwatch.core.search import compile_search
from scwatch.services.finder import find_page
from scwatch.storage import Database, default_sqlite_url, open_database

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
REPEATS = 7
LOAD_SAMPLE = 20_000
RECALL_PAGE = 50_000


def drop_index(db: Database) -> None:
    """The same schema without the search index (to price what it costs on insert)."""
    with db.transaction() as conn:
        if db.backend == "postgresql":
            conn.exec_driver_sql("DROP INDEX ix_articles_search_grams")
        else:
            for name in ("insert", "update", "delete"):
                conn.exec_driver_sql(f"DROP TRIGGER article_grams_{name}")


def index_mib(db: Database) -> float:
    with db.read() as conn:
        if db.backend == "postgresql":
            size = conn.exec_driver_sql(
                "SELECT pg_relation_size('ix_articles_search_grams')"
            ).scalar_one()
        else:
            size = sum(
                conn.exec_driver_sql(f"SELECT coalesce(sum(length({column})), 0) FROM {table}")
                .scalar_one()
                for table, column in (("article_grams_data", "block"),
                                      ("article_grams_idx", "term"),
                                      ("article_grams_docsize", "sz"))
            )  # fmt: skip
    return round(size / 2**20, 1)


def timed_queries(
    db: Database, terms: list[str], order: str
) -> tuple[list[float], list[float], list[Any]]:
    """Wall and CPU milliseconds of each query. SQLite runs in this process, so its CPU time
    is the cost on a busy machine; on PostgreSQL the CPU is this process's and the server
    backends' together (server_cpu_ns: the server on this machine)."""
    wall: list[float] = []
    cpu: list[float] = []
    pages = []
    for term in terms:
        matcher = compile_search(term)
        for repeat in range(REPEATS):
            server = server_cpu_ns(db)
            started, started_cpu = time.perf_counter(), time.process_time()
            page = find_page(db, term, matcher, SearchFilters(), order=order, limit=20,
                             offset=0, collapse=True)  # fmt: skip
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            if server is not None:
                cpu[-1] += (server_cpu_ns(db, server[1]) or (0, []))[0] / 1e6 - server[0] / 1e6
            if repeat == 0:
                pages.append(page)
    return wall, cpu, pages


def server_cpu_ns(db: Database, pids: list[int] | None = None) -> tuple[int, list[int]] | None:
    """CPU nanoseconds run so far by the PostgreSQL backends of this database (or `pids`),
    from /proc/PID/schedstat; and their pids. None on SQLite."""
    if db.backend != "postgresql":
        return None
    if pids is None:
        with db.read() as conn:
            pids = list(conn.exec_driver_sql(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            ).scalars())  # fmt: skip
    total = 0
    for pid in pids:
        stat = Path(f"/proc/{pid}/schedstat")
        if stat.exists():
            total += int(stat.read_text().split()[0])
    return total, pids


def percentiles(times: list[float], prefix: str = "") -> dict[str, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        f"{prefix}p50_ms": round(statistics.median(ordered), 1),
        f"{prefix}p95_ms": round(p95, 1),
    }


def recall(db: Database, terms: list[str]) -> dict[str, Any]:
    """Every article the index finds for each term against a substring scan of every row
    (one pass over the table tests all the terms)."""
    position = "strpos" if db.backend == "postgresql" else "instr"
    tests = ", ".join(f"{position}(search_text, :t{n}) > 0" for n in range(len(terms)))
    scans: list[set[int]] = [set() for _ in terms]
    with db.read() as conn:
        result = conn.execute(
            text(f"SELECT id, {tests} FROM articles"), {f"t{n}": t for n, t in enumerate(terms)}
        )
        for row in result:
            for scan, hit in zip(scans, row[1:], strict=True):
                if hit:
                    scan.add(row[0])
    expected = found = both = 0
    for term, scan in zip(terms, scans, strict=True):
        indexed, total = _every_hit(db, term)
        expected, found, both = (
            expected + len(scan),
            found + len(indexed),
            both + len(scan & indexed),
        )
        if total != len(scan):
            print(f"total {total} != scan {len(scan)} for {term}", file=sys.stderr)
    return {
        "recall": round(both / expected, 6) if expected else 1.0,
        "precision": round(both / found, 6) if found else 1.0,
        "articles_checked": expected,
    }


def _every_hit(db: Database, term: str) -> tuple[set[int], int]:
    """Every article search shows for the quoted term, newest first, in pages of RECALL_PAGE
    (SQLite takes at most 250,000 ids in one statement); and the total the pages gave."""
    found: set[int] = set()
    offset, total = 0, -1
    while offset == 0 or offset < total:
        page = find_page(db, term, compile_search(f'"{term}"'), SearchFilters(), order="newest",
                         limit=RECALL_PAGE, offset=offset, collapse=False)  # fmt: skip
        found.update(hit.article.id for hit in page.hits)
        offset, total = offset + RECALL_PAGE, page.total
    return found, total


def load_cost(url_of: Any, count: int, bulk: bool) -> dict[str, Any]:
    """ms per article (wall and CPU) stored through the normal path with and without the
    index (same rows, fresh databases); with `bulk`, the same rows also bulk-loaded and
    the two indexes compared token by token."""
    figures: dict[str, Any] = {}
    for indexed in (True, False):
        with url_of() as url:
            db = open_database(url)
            if not indexed:
                drop_index(db)
            started = time.process_time()
            seconds = load(db, Corpus(seed=3).articles(count))
            cpu = time.process_time() - started
            db.dispose()
            name = "with_index" if indexed else "without_index"
            figures[name] = round(seconds / count * 1000, 3)
            figures[f"{name}_cpu"] = round(cpu / count * 1000, 3)
            if indexed and bulk:
                figures["bulk_against_triggers"] = _bulk_check(url_of, url, count)
    return figures


def _bulk_check(url_of: Any, url: str, count: int) -> dict[str, Any]:
    with url_of() as other:
        db = open_database(other)
        started = time.process_time()
        bulk_load(db, Corpus(seed=3).articles(count))
        cpu = time.process_time() - started
        db.dispose()
        return {
            "bulk_cpu": round(cpu / count * 1000, 3),
            **same_index(str(make_url(other).database), str(make_url(url).database)),
        }


def build(db: Database, count: int, bulk: bool) -> dict[str, Any]:
    """The archive of `count` articles (seed 11): bulk-loaded or through the normal path."""
    started = time.process_time()
    if bulk:
        return {"bulk_load": bulk_load(db, Corpus().articles(count))}
    seconds = load(db, Corpus().articles(count))
    return {
        "full_load_ms_per_article": round(seconds / count * 1000, 3),
        "full_load_cpu_ms_per_article": round((time.process_time() - started) / count * 1000, 3),
    }


def run(url_of: Any, count: int, keep: Path | None, options: argparse.Namespace) -> dict[str, Any]:
    result: dict[str, Any] = {"articles": count}
    bulk = not options.normal_path
    if keep is None or not _kept(keep, options.postgres):
        result["insert_sample"] = min(options.load_sample, count)
        result["insert_ms_per_article"] = load_cost(
            url_of, result["insert_sample"], bulk and not options.postgres
        )
    with url_of(keep) as url:
        db = open_database(url)
        with db.read() as conn:
            stored = conn.exec_driver_sql("SELECT count(*) FROM articles").scalar_one()
        if stored == 0:
            result.update(build(db, count, bulk))
        result["index_mib"] = index_mib(db)
        for order in ("newest", "relevance"):
            for name, terms in QUERY_CLASSES.items():
                wall, cpu, pages = timed_queries(db, terms, order)
                result[f"{order}_20_{name}"] = {
                    **percentiles(wall), **percentiles(cpu, "cpu_"),
                    "totals": [page.total for page in pages],
                    "exact": all(page.total_exact for page in pages),
                }  # fmt: skip
        if not options.no_recall:
            terms = [t for terms in QUERY_CLASSES.values() for t in terms]
            result["recall"] = recall(db, terms)
        db.dispose()
    return result


def _kept(keep: Path, postgres: bool) -> bool:
    """A kept SQLite file, or a kept PostgreSQL database (--keep names it)."""
    if not postgres:
        return keep.exists()
    admin = create_engine(PG_ADMIN)
    with admin.connect() as conn:
        found = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": str(keep)}
        ).first()
    admin.dispose()
    return found is not None


@contextmanager
def sqlite_url(keep: Path | None = None) -> Iterator[str]:
    if keep is not None:
        yield default_sqlite_url(keep)
        return
    with tempfile.TemporaryDirectory() as folder:
        yield default_sqlite_url(Path(folder) / "bench.db")


@contextmanager
def postgres_url(keep: Path | None = None) -> Iterator[str]:
    """A new database, dropped afterwards; or the kept database named `keep` (created when
    missing, never dropped)."""
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    name = str(keep) if keep is not None else f"scwatch_bench_{uuid.uuid4().hex[:8]}"
    if keep is None or not _kept(keep, postgres=True):
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        if keep is None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--postgres", action="store_true", help="the local PostgreSQL server")
    parser.add_argument(
        "--keep", type=Path,
        help="SQLite file (with --postgres: database name) to build once and reuse",
    )  # fmt: skip
    parser.add_argument(
        "--load-sample", type=int, default=LOAD_SAMPLE, help="articles of the insert-cost runs"
    )
    parser.add_argument(
        "--normal-path", action="store_true",
        help="SQLite: build the archive through the normal path (triggers) instead of in bulk",
    )  # fmt: skip
    parser.add_argument(
        "--no-recall", action="store_true", help="skip the brute-force scan (a kept database)"
    )
    args = parser.parse_args()
    url_of = postgres_url if args.postgres else sqlite_url
    backend = "postgresql" if args.postgres else "sqlite"
    keep = args.keep
    result = {
        "backend": backend,
        **run(url_of, args.articles, keep, args),
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
