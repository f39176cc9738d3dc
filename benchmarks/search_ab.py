"""Two versions of storage/fts_search.py alternated on one kept database (A/B in the same
process under the same load): the CPU milliseconds of the same queries through
services.finder.find_page, as benchmarks/search.py times them.

    git show 8dc1981:storage/fts_search.py > /tmp/fts_before.py
    nice -n 10 .venv/bin/python benchmarks/search_ab.py /tmp/s1m.db /tmp/fts_before.py

Prints JSON: per order and query class, p50/p95 CPU ms of the other version ("before") and
of this checkout's ("after"), and whether both gave the same page and total.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search import percentiles
from search_corpus import QUERY_CLASSES

from scwatch.core.records import SearchFilters
from scwatch.core.search import compile_search
from scwatch.services.finder import find_page
from scwatch.storage import Database, default_sqlite_url, finder, fts_search, open_database

REPEATS = 5


def timed(db: Database, term: str, order: str) -> tuple[float, Any]:
    started = time.process_time()
    page = find_page(db, term, compile_search(term), SearchFilters(), order=order, limit=20,
                     offset=0, collapse=True)  # fmt: skip
    return (time.process_time() - started) * 1000, page


def compare(db: Database, before: Any, order: str, terms: list[str]) -> dict[str, Any]:
    cpu: dict[str, list[float]] = {"before": [], "after": []}
    same = True
    for term in terms:
        for _ in range(REPEATS):
            pages = {}
            for name, module in (("before", before), ("after", fts_search)):
                finder.fts_page = module.fts_page  # type: ignore[attr-defined]
                spent, pages[name] = timed(db, term, order)
                cpu[name].append(spent)
            ids = {name: [hit.article.id for hit in page.hits] for name, page in pages.items()}
            same = same and ids["before"] == ids["after"]
    return {**{name: percentiles(times, "cpu_") for name, times in cpu.items()}, "same": same}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("database", type=Path, help="a database kept by benchmarks/search.py")
    parser.add_argument("before", type=Path, help="the other version of storage/fts_search.py")
    parser.add_argument("--order", choices=("newest", "relevance"), action="append")
    args = parser.parse_args()
    spec = importlib.util.spec_from_file_location("fts_before", args.before)
    assert spec is not None and spec.loader is not None
    before = importlib.util.module_from_spec(spec)
    sys.modules["fts_before"] = before
    spec.loader.exec_module(before)
    db = open_database(default_sqlite_url(args.database))
    result = {
        f"{order}_20_{name}": compare(db, before, order, terms)
        for order in args.order or ("newest", "relevance")
        for name, terms in QUERY_CLASSES.items()
    }
    db.dispose()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
