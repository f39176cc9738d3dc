"""Indexed archive search at scale: synthetic Korean articles (benchmarks/search_corpus.py)
stored with the search index, then the library's search (services.finder.find_page, what
Scwatch.find runs) timed per query class.

    nice -n 10 .venv/bin/python benchmarks/search.py                    # 100,000 in SQLite
    nice -n 10 .venv/bin/python benchmarks/search.py --articles 1000000
    nice -n 10 .venv/bin/python benchmarks/search.py --postgres         # 100,000 in PostgreSQL
    .venv/bin/python benchmarks/search.py --keep /tmp/search.db         # reuse a built database

Prints JSON: load time per article with the index and without it (triggers or GIN index
dropped, same rows), index size, p50/p95 latency (ms, wall) of newest-20 and relevance-20
(collapsed by story, with snippets and the total) for frequent, two-syllable, rare and
no-hit terms, and recall against a brute-force scan (substring test over every row).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_corpus import QUERY_CLASSES, Corpus, Synthetic
from sqlalchemy import create_engine, insert, text

from scwatch.core.records import SearchFilters
from scwatch.core.search import compile_search
from scwatch.core.text.folding import squeeze_fields
from scwatch.services.finder import find_page
from scwatch.storage import Database, default_sqlite_url, open_database
from scwatch.storage.tables import articles, clusters

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
BATCH = 2_000
REPEATS = 7
LOAD_SAMPLE = 20_000


def rows(batch: list[Synthetic]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The articles and clusters rows of a batch: a story's copies share its cluster."""
    stories = {}
    article_rows = []
    for item in batch:
        stories.setdefault(item.story, {
            "id": item.story + 1, "original_article_id": item.number + 1, "size": 0,
            "first_seen_at": item.published, "last_seen_at": item.published,
        })["size"] += 1  # fmt: skip
        article_rows.append({
            "id": item.number + 1, "source": f"outlet-{item.number % 40}",
            "url": f"https://bench.example.kr/{item.number}",
            "canonical_url": f"https://bench.example.kr/{item.number}",
            "url_key": uuid.uuid5(uuid.NAMESPACE_URL, str(item.number)).hex,
            "title": item.title, "body": item.body,
            "search_text": squeeze_fields(item.title, item.body),
            "content_key": uuid.uuid5(uuid.NAMESPACE_OID, str(item.number)).hex,
            "first_seen_at": item.published, "published_at": item.published,
            "cluster_id": item.story + 1,
        })  # fmt: skip
    return article_rows, list(stories.values())


def load(db: Database, items: Iterable[Synthetic]) -> float:
    """Store the articles in batches; CPU seconds of this process and wall seconds."""
    started = time.perf_counter()
    batch: list[Synthetic] = []
    for item in items:
        batch.append(item)
        if len(batch) == BATCH:
            _store(db, batch)
            batch = []
    if batch:
        _store(db, batch)
    return time.perf_counter() - started


def _store(db: Database, batch: list[Synthetic]) -> None:
    article_rows, story_rows = rows(batch)
    with db.transaction() as conn:
        # A story's copies may straddle two batches: the first batch made its cluster.
        known = set(conn.execute(text("SELECT id FROM clusters WHERE id >= :first"),
                                 {"first": story_rows[0]["id"]}).scalars())  # fmt: skip
        new = [row for row in story_rows if row["id"] not in known]
        if new:
            conn.execute(insert(clusters), new)
        conn.execute(insert(articles), article_rows)


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
    """Wall and CPU milliseconds of each query (SQLite runs in this process, so its CPU
    time is the cost on a busy machine; PostgreSQL's server time is only in the wall)."""
    wall: list[float] = []
    cpu: list[float] = []
    pages = []
    for term in terms:
        matcher = compile_search(term)
        for repeat in range(REPEATS):
            started, started_cpu = time.perf_counter(), time.process_time()
            page = find_page(db, term, matcher, SearchFilters(), order=order, limit=20,
                             offset=0, collapse=True)  # fmt: skip
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            if repeat == 0:
                pages.append(page)
    return wall, cpu, pages


def percentiles(times: list[float], prefix: str = "") -> dict[str, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        f"{prefix}p50_ms": round(statistics.median(ordered), 1),
        f"{prefix}p95_ms": round(p95, 1),
    }


def recall(db: Database, terms: list[str]) -> dict[str, Any]:
    """Every article the index finds for each term against a substring scan of every row."""
    position = "strpos" if db.backend == "postgresql" else "instr"
    expected = found = both = 0
    for term in terms:
        with db.read() as conn:
            scan = set(conn.execute(
                text(f"SELECT id FROM articles WHERE {position}(search_text, :t) > 0"), {"t": term}
            ).scalars())  # fmt: skip
        page = find_page(db, term, compile_search(f'"{term}"'), SearchFilters(),
                         order="newest", limit=10**7, offset=0, collapse=False)  # fmt: skip
        indexed = {hit.article.id for hit in page.hits}
        expected, found, both = (
            expected + len(scan),
            found + len(indexed),
            both + len(scan & indexed),
        )
        if page.total != len(scan):
            print(f"total {page.total} != scan {len(scan)} for {term}", file=sys.stderr)
    return {
        "recall": round(both / expected, 6) if expected else 1.0,
        "precision": round(both / found, 6) if found else 1.0,
        "articles_checked": expected,
    }


def load_cost(url_of: Any, count: int) -> dict[str, float]:
    """ms per article stored with and without the index (same rows, fresh databases)."""
    figures = {}
    for indexed in (True, False):
        with url_of() as url:
            db = open_database(url)
            if not indexed:
                drop_index(db)
            seconds = load(db, Corpus(seed=3).articles(count))
            db.dispose()
        figures["with_index" if indexed else "without_index"] = round(seconds / count * 1000, 3)
    return figures


def run(url_of: Any, count: int, keep: Path | None, sample: int) -> dict[str, Any]:
    result: dict[str, Any] = {"articles": count}
    if keep is None or not keep.exists():
        result["insert_sample"] = min(sample, count)
        result["insert_ms_per_article"] = load_cost(url_of, min(sample, count))
    with url_of(keep) as url:
        db = open_database(url)
        with db.read() as conn:
            stored = conn.exec_driver_sql("SELECT count(*) FROM articles").scalar_one()
        if stored == 0:
            seconds = load(db, Corpus().articles(count))
            result["full_load_ms_per_article"] = round(seconds / count * 1000, 3)
        result["index_mib"] = index_mib(db)
        for order in ("newest", "relevance"):
            for name, terms in QUERY_CLASSES.items():
                wall, cpu, pages = timed_queries(db, terms, order)
                result[f"{order}_20_{name}"] = {
                    **percentiles(wall), **percentiles(cpu, "cpu_"),
                    "totals": [page.total for page in pages],
                    "exact": all(page.total_exact for page in pages),
                }  # fmt: skip
        result["recall"] = recall(db, [t for terms in QUERY_CLASSES.values() for t in terms])
        db.dispose()
    return result


@contextmanager
def sqlite_url(keep: Path | None = None) -> Iterator[str]:
    if keep is not None:
        yield default_sqlite_url(keep)
        return
    with tempfile.TemporaryDirectory() as folder:
        yield default_sqlite_url(Path(folder) / "bench.db")


@contextmanager
def postgres_url(keep: Path | None = None) -> Iterator[str]:
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    name = f"scwatch_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--postgres", action="store_true", help="the local PostgreSQL server")
    parser.add_argument("--keep", type=Path, help="SQLite file to build once and reuse")
    parser.add_argument(
        "--load-sample", type=int, default=LOAD_SAMPLE, help="articles of the insert-cost runs"
    )
    args = parser.parse_args()
    url_of = postgres_url if args.postgres else sqlite_url
    backend = "postgresql" if args.postgres else "sqlite"
    keep = None if args.postgres else args.keep
    result = {
        "backend": backend,
        **run(url_of, args.articles, keep, args.load_sample),
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
