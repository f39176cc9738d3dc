"""What benchmarks/faults.py checks once the final clean run is over: articles stored once,
alerts delivered, duplicates raw and after the Idempotency-Key, database integrity."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from fault_web import Delivery
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection

LOCK_ERRORS = re.compile(
    r"database is locked|deadlock detected|could not serialize|lock timeout", re.IGNORECASE
)


def article_figures(conn: Connection, published: Sequence[str]) -> dict[str, int]:
    stored = Counter(str(url) for (url,) in conn.execute(text("SELECT url FROM articles")))
    sighted = {str(url) for (url,) in conn.execute(text("SELECT url FROM article_sightings"))}
    return {
        "articles_published": len(published),
        "articles_stored": sum(stored[url] for url in published),
        "articles_lost": sum(1 for url in published if url not in stored and url not in sighted),
        "articles_stored_twice": sum(1 for url in published if stored[url] > 1),
        "articles_as_sightings": sum(1 for url in published if url in sighted),
    }


def alert_figures(conn: Connection, deliveries: Sequence[Delivery]) -> dict[str, int]:
    rows = conn.execute(text("SELECT idempotency_key, status FROM alerts")).all()
    keys = {str(key) for key, _ in rows}
    status = Counter(str(state) for _, state in rows)
    stories = conn.execute(text("SELECT COUNT(DISTINCT cluster_id) FROM articles")).scalar_one()
    alerted = conn.execute(
        text("SELECT COUNT(DISTINCT cluster_id) FROM alerts WHERE rule = 'faults'")
    ).scalar_one()
    received = {d.key for d in deliveries}
    return {
        "stories": int(stories),
        "stories_without_alert": int(stories) - int(alerted),
        "alerts": len(rows),
        "alerts_sent": status["sent"],
        "alerts_pending": status["pending"],
        "alerts_dead": status["dead"],
        "alerts_undelivered": len(keys - received),
        "deliveries_unknown_key": len(received - keys),
        **delivery_figures(deliveries),
    }


def delivery_figures(deliveries: Sequence[Delivery]) -> dict[str, int]:
    """Raw repeats (same key: a receiver drops them) and repeats that survive that drop
    (the same rule and story delivered under two keys)."""
    keys = Counter(d.key for d in deliveries)
    keys_per_story: defaultdict[tuple[str, object], set[str]] = defaultdict(set)
    for delivery in deliveries:
        keys_per_story[(delivery.rule, delivery.story)].add(delivery.key)
    return {
        "deliveries_raw": len(deliveries),
        "deliveries_distinct_keys": len(keys),
        "duplicate_deliveries_raw": len(deliveries) - len(keys),
        "duplicate_deliveries_after_dedup": sum(len(k) - 1 for k in keys_per_story.values()),
    }


def integrity(url: str) -> dict[str, Any]:
    """SQLite: PRAGMA integrity_check and foreign_key_check. PostgreSQL: amcheck's
    bt_index_check on every index of the schema (when the extension is available). Both:
    the UNIQUE keys hold and every article's story exists."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                physical = _sqlite_integrity(conn)
            else:
                physical = _postgres_integrity(conn)
            problems = physical + _logical_problems(conn)
    finally:
        engine.dispose()
    return {"integrity": "ok" if not problems else "; ".join(problems)}


def _sqlite_integrity(conn: Connection) -> list[str]:
    result = [str(row[0]) for row in conn.exec_driver_sql("PRAGMA integrity_check")]
    problems = [] if result == ["ok"] else result
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
    return problems + ([f"{len(broken)} foreign key violation(s)"] if broken else [])


def _postgres_integrity(conn: Connection) -> list[str]:
    try:
        conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS amcheck")
        conn.commit()
    except Exception:  # amcheck not installed: the logical checks still run
        conn.rollback()
        return []
    indexes = conn.exec_driver_sql(
        "SELECT c.oid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am a ON a.oid = c.relam "
        "WHERE n.nspname = 'public' AND a.amname = 'btree'"
    ).scalars()
    problems = []
    for index in list(indexes):
        try:
            conn.execute(text("SELECT bt_index_check(CAST(:i AS regclass), true)"), {"i": index})
        except Exception as exc:
            conn.rollback()
            problems.append(f"{index}: {type(exc).__name__}")
    return problems


def _logical_problems(conn: Connection) -> list[str]:
    checks = {
        "articles with one url_key twice": "SELECT COUNT(*) - COUNT(DISTINCT url_key) FROM articles",
        "alerts with one key twice": (
            "SELECT COUNT(*) - COUNT(DISTINCT idempotency_key) FROM alerts"
        ),
        "articles without their story": (
            "SELECT COUNT(*) FROM articles a LEFT JOIN clusters c ON c.id = a.cluster_id "
            "WHERE c.id IS NULL"
        ),
    }
    found = []
    for name, query in checks.items():
        count = int(conn.execute(text(query)).scalar_one())
        if count:
            found.append(f"{count} {name}")
    return found


def lock_errors(paths: Iterable[Path]) -> int:
    """Lines of the crawl and process logs that report a lock error."""
    count = 0
    for path in paths:
        content = path.read_text(encoding="utf-8", errors="replace")
        count += len(LOCK_ERRORS.findall(content))
    return count


def tracebacks(paths: Iterable[Path]) -> int:
    return sum(
        path.read_text(encoding="utf-8", errors="replace").count("Traceback (most recent")
        for path in paths
    )
