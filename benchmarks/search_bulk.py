"""Loading the synthetic corpus of benchmarks/search.py: the normal path (rows inserted in
batches, the search index kept by migration 0005's triggers or PostgreSQL's GIN index) and
a bulk path that makes a 1,000,000-article archive a matter of minutes.

The bulk path stores the same rows with the triggers and the articles' secondary indexes
dropped, then fills the FTS5 table with the statement of the migration (the same
scwatch_grams() tokens the triggers write), one transaction per BATCH articles as the
normal path commits them, and puts the indexes and triggers back. `same_index` compares the
index of both paths token by token (fts5vocab instances: term, article, column, position).
On PostgreSQL the bulk path stores the rows with the GIN index dropped and creates it once
afterwards (the migration's own definition, read back from pg_indexes), then ANALYZEs.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

from search_corpus import Synthetic
from sqlalchemy import insert, text

from scwatch.core.text.folding import squeeze_fields
from scwatch.storage import Database
from scwatch.storage.search_index import (
    FTS_TABLE,
    GRAMS_FUNCTION,
    PG_INDEX,
    register_sqlite_functions,
)
from scwatch.storage.tables import articles, clusters

BATCH = 2_000
BULK_ROWS = 20_000  # articles per transaction of the bulk path's row phase
_FILL = (
    f"INSERT INTO {FTS_TABLE}(rowid, grams) SELECT id, {GRAMS_FUNCTION}(search_text) "
    "FROM articles WHERE id BETWEEN :first AND :last"
)


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


def batches(items: Iterable[Synthetic], size: int) -> Iterator[list[Synthetic]]:
    batch: list[Synthetic] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def load(db: Database, items: Iterable[Synthetic]) -> float:
    """The normal path: BATCH articles per transaction, the index kept as they land; wall
    seconds."""
    started = time.perf_counter()
    for batch in batches(items, BATCH):
        store(db, batch)
    return time.perf_counter() - started


def store(db: Database, batch: list[Synthetic]) -> None:
    article_rows, story_rows = rows(batch)
    with db.transaction() as conn:
        if db.backend == "sqlite":
            conn.exec_driver_sql("PRAGMA cache_size=-500000")  # 500 MB: 1M rows of keys
        # A story's copies may straddle two batches: the first batch made its cluster.
        known = set(conn.execute(text("SELECT id FROM clusters WHERE id >= :first"),
                                 {"first": story_rows[0]["id"]}).scalars())  # fmt: skip
        new = [row for row in story_rows if row["id"] not in known]
        if new:
            conn.execute(insert(clusters), new)
        conn.execute(insert(articles), article_rows)


def bulk_load(db: Database, items: Iterable[Synthetic], log: Any = None) -> dict[str, float]:
    """The bulk path: CPU and wall seconds of its three phases."""
    if db.backend == "postgresql":
        return _bulk_load_postgres(db, items)
    figures: dict[str, float] = {}
    clock = _Clock()
    saved = _drop_index_objects(db)
    count = 0
    for batch in batches(items, BULK_ROWS):
        store(db, batch)
        count += len(batch)
        if log:
            log(f"rows {count}")
    figures.update(clock.lap("rows"))
    for first in range(1, count + 1, BATCH):
        with db.transaction() as conn:
            conn.execute(text(_FILL), {"first": first, "last": first + BATCH - 1})
        if log and (first - 1) % 100_000 == 0:
            log(f"index {first - 1}")
    figures.update(clock.lap("index"))
    with db.transaction() as conn:
        conn.exec_driver_sql("PRAGMA cache_size=-500000")
        for sql in saved:
            conn.exec_driver_sql(sql)
    figures.update(clock.lap("secondary_indexes"))
    return figures


def _bulk_load_postgres(db: Database, items: Iterable[Synthetic]) -> dict[str, float]:
    """PostgreSQL: the rows with the GIN index dropped, then the migration's CREATE INDEX
    (one build: the same index the server keeps row by row, sorted once)."""
    clock = _Clock()
    with db.transaction() as conn:
        saved = list(conn.exec_driver_sql(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %(name)s", {"name": PG_INDEX}
        ).scalars())  # fmt: skip
        conn.exec_driver_sql(f"DROP INDEX {PG_INDEX}")
    for batch in batches(items, BULK_ROWS):
        store(db, batch)
    figures = clock.lap("rows")
    with db.transaction() as conn:
        conn.exec_driver_sql("SET maintenance_work_mem = '512MB'")
        for sql in saved:
            conn.exec_driver_sql(sql)
        conn.exec_driver_sql("ANALYZE articles")
    figures.update(clock.lap("index"))
    return figures


class _Clock:
    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self, name: str) -> dict[str, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        lap = {
            f"{name}_wall_s": round(wall - self.wall, 1),
            f"{name}_cpu_s": round(cpu - self.cpu, 1),
        }
        self.wall, self.cpu = wall, cpu
        return lap


def _drop_index_objects(db: Database) -> list[str]:
    """Drop the triggers and the declared indexes of articles; their SQL, to restore them
    (the unique keys stay: they are part of the table)."""
    with db.transaction() as conn:
        saved = conn.exec_driver_sql(
            "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'articles' "
            "AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name"
        ).all()
        for kind, name, _ in saved:
            conn.exec_driver_sql(f'DROP {kind.upper()} "{name}"')
    return [sql for _, _, sql in saved]


def same_index(path: str, other: str) -> dict[str, int]:
    """The FTS5 index of two SQLite files compared token instance by token instance
    (term, article, column, position): instances in each and in one but not the other."""
    conn = sqlite3.connect(path)
    register_sqlite_functions(conn)
    try:
        conn.execute("ATTACH DATABASE ? AS other", (other,))
        for name, schema in (("mine", "main"), ("theirs", "other")):
            conn.execute(
                f"CREATE VIRTUAL TABLE temp.{name} USING fts5vocab({schema}, {FTS_TABLE}, instance)"
            )
        query = "SELECT count(*) FROM (SELECT * FROM {} EXCEPT SELECT * FROM {})"
        return {
            "instances": conn.execute("SELECT count(*) FROM mine").fetchone()[0],
            "instances_other": conn.execute("SELECT count(*) FROM theirs").fetchone()[0],
            "only_in_bulk": conn.execute(query.format("mine", "theirs")).fetchone()[0],
            "only_in_triggers": conn.execute(query.format("theirs", "mine")).fetchone()[0],
        }
    finally:
        conn.close()
