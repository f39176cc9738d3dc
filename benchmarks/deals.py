"""Throughput of deal extraction: articles/s of extract_deals on one core (CPU time).

Run from the project root:  PYTHONPATH=. python benchmarks/deals.py [--seconds 3]

~3,000-character Korean bodies are made by joining the bodies of the labelled deal set
(tests/fixtures/labelled/deals/{a,…,j}.jsonl) in a shuffled order, so each article holds many
triggers, amounts and names, more than a real article. Prints one JSON line.

The articles repeat the labelled sentences, so the per-sentence caches of extraction hit
more often than on real, non-repeating text; `fresh_extract_articles_per_s` empties them
before every article (the figure to expect on fresh text).

`--passes N` runs exactly N fresh-text passes without timing, for an instruction counter
(valgrind --tool=callgrind): its count does not move with the load of a shared machine.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from pathlib import Path

from scwatch.core.deals import extract_deals
from scwatch.core.rules import DEFAULT_ALIASES, DEFAULT_RULES, compile_rules

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "tests" / "fixtures" / "labelled" / "deals"
# The files the articles are drawn from: fixed, so that adding labelled files (k–n in the
# dev-round of 2026-12-07) does not change the benchmark's text.
BENCH_FILES = frozenset("abcdefghij")
BODY_CHARS = 3000
ARTICLES = 200


def articles(seed: int = 7) -> list[tuple[str, str]]:
    rows = [
        json.loads(line)
        for path in sorted(LABELLED.glob("*.jsonl"))
        if path.stem in BENCH_FILES
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    korean = [row for row in rows if sum("가" <= ch <= "힣" for ch in row["body"]) > 50]
    rng = random.Random(seed)
    made = []
    for _ in range(ARTICLES):
        first = rng.choice(korean)
        body = first["body"]
        while len(body) < BODY_CHARS:
            body += "\n" + rng.choice(korean)["body"]
        made.append((first["title"], body[:BODY_CHARS]))
    return made


def rate(call: object, batch: list[tuple[str, str]], seconds: float) -> float:
    """Articles per second of this process's CPU time: on a shared machine wall time would
    count the time other processes held the core."""
    done, start = 0, time.process_time()
    while time.process_time() - start < seconds:
        for title, body in batch:
            call(title, body)  # type: ignore[operator]
        done += len(batch)
    return done / (time.process_time() - start)


def _caches() -> list[object]:
    """The lru_caches of deal extraction (functions with cache_clear in its modules)."""
    modules = [m for name, m in sys.modules.items() if name.startswith("scwatch.core.deals")]
    found = {id(v): v for m in modules for v in vars(m).values() if hasattr(v, "cache_clear")}
    return list(found.values())


def fresh(title: str, body: str) -> object:
    for cache in _caches_found:
        cache.cache_clear()  # type: ignore[attr-defined]
    return extract_deals(title, body)


_caches_found: list[object] = []


def fixed_work(batch: list[tuple[str, str]], passes: int) -> dict[str, object]:
    """Exactly `passes` fresh-text passes, no timing: for an instruction counter, whose count
    does not depend on the machine's load (run with 0 and 1 pass and subtract)."""
    for _ in range(passes):
        for title, body in batch:
            fresh(title, body)
    return {"benchmark": "deals", "fresh_passes": passes, "articles": len(batch) * passes}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--passes", type=int, default=None, help="fixed work, no timing")
    options = parser.parse_args()
    seconds = options.seconds
    batch = articles()
    ruleset = compile_rules(DEFAULT_RULES, DEFAULT_ALIASES)
    extract_deals(*batch[0])  # loads every deal module, so their caches are found
    _caches_found.extend(_caches())
    if options.passes is not None:
        print(json.dumps(fixed_work(batch, options.passes)))
        return
    figures = {
        "benchmark": "deals",
        "python": platform.python_version(),
        "articles": len(batch),
        "body_chars": BODY_CHARS,
        "deals_per_article": sum(len(extract_deals(t, b)) for t, b in batch) / len(batch),
        "extract_articles_per_s": round(rate(extract_deals, batch, seconds)),
        "fresh_extract_articles_per_s": round(rate(fresh, batch, seconds)),
        "default_rules_articles_per_s": round(rate(ruleset.match, batch, seconds)),
    }
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
