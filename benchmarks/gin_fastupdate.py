"""PostgreSQL's GIN `fastupdate`, on (the default) or off, for the search index: what storing
articles costs the server, and what the pending list that fastupdate leaves costs a search.

    nice -n 10 .venv/bin/python benchmarks/gin_fastupdate.py --articles 5000

For each setting a fresh database stores the synthetic articles of benchmarks/search.py
through the normal path (batches of 2,000, the index kept row by row) with autovacuum off
for articles, so the pending list stays as the inserts left it. Prints JSON: ms per article
stored (wall, this process's CPU, the server backend's CPU from /proc), the pending list
(pages, heap tuples) and, per term and order, the CPU ms (this process's and the server's)
of 3 searches; with fastupdate on, the same searches again after gin_clean_pending_list().
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search import postgres_url, server_cpu_ns
from search_bulk import load
from search_corpus import Corpus

from scwatch.core.records import SearchFilters
from scwatch.core.search import compile_search
from scwatch.services.finder import find_page
from scwatch.storage import Database, open_database

TERMS = ["스마트시티", "수출", "리야드", "뷁뒓"]
INDEX = "ix_articles_search_grams"


def searches(db: Database) -> dict[str, list[float]]:
    """CPU ms (client and server) of 3 runs of each term in each order."""
    found: dict[str, list[float]] = {}
    for order in ("newest", "relevance"):
        for term in TERMS:
            runs = []
            for _ in range(3):
                server = server_cpu_ns(db)
                assert server is not None
                started = time.process_time()
                find_page(db, term, compile_search(term), SearchFilters(), order=order,
                          limit=20, offset=0, collapse=True)  # fmt: skip
                after = server_cpu_ns(db, server[1])
                assert after is not None
                client = (time.process_time() - started) * 1000
                runs.append(round(client + (after[0] - server[0]) / 1e6, 1))
            found[f"{order} {term}"] = runs
    return found


def pending(db: Database) -> list[int]:
    with db.read() as conn:
        row = conn.exec_driver_sql(
            f"SELECT pending_pages, pending_tuples FROM pgstatginindex('{INDEX}')"
        ).one()
    return [int(row[0]), int(row[1])]


def measure(fastupdate: str, count: int) -> dict[str, Any]:
    with postgres_url() as url:
        db = open_database(url)
        with db.transaction() as conn:
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pgstattuple")
            conn.exec_driver_sql(f"ALTER INDEX {INDEX} SET (fastupdate = {fastupdate})")
            conn.exec_driver_sql("ALTER TABLE articles SET (autovacuum_enabled = off)")
        server = server_cpu_ns(db)
        assert server is not None
        started = time.process_time()
        wall = load(db, Corpus(seed=3).articles(count))
        cpu = time.process_time() - started
        after = server_cpu_ns(db, server[1])
        assert after is not None
        figures: dict[str, Any] = {
            "store_wall_ms": round(wall / count * 1000, 3),
            "store_cpu_ms": round(cpu / count * 1000, 3),
            "store_server_cpu_ms": round((after[0] - server[0]) / 1e6 / count, 3),
            "pending_pages_tuples": pending(db),
        }
        with db.transaction() as conn:
            conn.exec_driver_sql("ANALYZE articles")
        figures["searches_cpu_ms"] = searches(db)
        if fastupdate == "on":
            with db.transaction() as conn:
                conn.exec_driver_sql(f"SELECT gin_clean_pending_list('{INDEX}')")
            figures["searches_cpu_ms_pending_cleaned"] = searches(db)
        db.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=5_000)
    args = parser.parse_args()
    result = {
        "articles": args.articles,
        **{f"fastupdate_{value}": measure(value, args.articles) for value in ("on", "off")},
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
