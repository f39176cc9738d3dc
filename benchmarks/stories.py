"""Story assignment at scale: synthetic Korean articles with known story groups, stored
through insert_article + assign_story exactly as ingest does, one transaction each.

    .venv/bin/python benchmarks/stories.py                  # 100,000 into SQLite
    .venv/bin/python benchmarks/stories.py --articles 1000000
    .venv/bin/python benchmarks/stories.py --postgres       # 100,000 into local PostgreSQL

Prints JSON: ms per article for lookup+insert (the transaction) and for facts_of (before
it), wall and CPU time of this process, peak RSS, database size, and the pairwise precision/recall of the grouping.
"""

from __future__ import annotations

import argparse
import heapq
import json
import random
import resource
import sys
import tempfile
import time
import uuid
from array import array
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text

from scwatch.core.stories import ArticleFacts, facts_of
from scwatch.services.stories import assign_story
from scwatch.storage import Connection, default_sqlite_url, open_database
from scwatch.storage import articles as article_store

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
ORGS = [
    "LH",
    "K-water",
    "KOTRA",
    "국토교통부",
    "한국도로공사",
    "KIND",
    "LX",
    "한국전력",
    "부산시",
    "대구시",
    "세종시",
    "인천시",
    "고양시",
    "서울시",
    "한결ITS",
    "네이버",
]
PLACES = [
    "베트남",
    "하노이",
    "인도네시아",
    "자카르타",
    "우즈베키스탄",
    "타슈켄트",
    "사우디아라비아",
    "리야드",
    "폴란드",
    "바르샤바",
    "태국",
    "방콕",
    "필리핀",
    "마닐라",
    "몽골",
    "울란바토르",
    "쿠웨이트",
    "카자흐스탄",
    "알마티",
    "케냐",
    "나이로비",
    "페루",
    "리마",
    "콜롬비아",
]
SYLLABLES = [chr(c) for c in range(0xAC00, 0xAC00 + 2000, 3)]
START = datetime(2024, 1, 1, tzinfo=UTC)
PROGRESS = 10_000  # a progress line on stderr every so many articles


def words(rng: random.Random, n: int) -> str:
    return " ".join("".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(n))


def story_versions(rng: random.Random, story: int) -> list[tuple[str, str, timedelta]]:
    """An original, wire copies (small edits) and rewrites (other words, same event)."""
    org, place = rng.choice(ORGS), rng.choice(PLACES)
    amount = f"{rng.randint(11, 999)}억원"
    head = f"{org}, {place} 스마트시티 협력 {amount} 규모 사업 {words(rng, 2)}"
    body = f"{org}는 {place}와 {amount} 규모 스마트시티 사업 협약을 체결했다고 밝혔다. " + words(
        rng, 140
    )
    out = [(head, body, timedelta(0))]
    for _ in range(rng.randint(0, 4)):
        cut = rng.randint(0, 40)
        out.append(
            (
                head,
                body[: len(body) - cut] + " " + words(rng, 3),
                timedelta(minutes=rng.randint(5, 600)),
            )
        )
    for _ in range(rng.randint(0, 2)):
        lead = f"{place}에 {org}의 스마트시티 기술이 간다. {amount} 규모다. "
        out.append(
            (
                f"{org}, {place}에 스마트시티 {amount} {words(rng, 1)}",
                lead + words(rng, 60),
                timedelta(hours=rng.randint(1, 72)),
            )
        )
    return out


def generate(count: int, seed: int = 7) -> Iterator[tuple[int, str, str, datetime]]:
    """The first `count` versions of the stories, yielded in published order, streamed: a
    heap holds only the versions of the last few days' stories (delays are at most 72 h)."""
    rng = random.Random(seed)
    pending: list[tuple[datetime, int, int, str, str]] = []
    made = story = 0
    # A story every 17 minutes (100,000 articles span a year; 1,000,000 span ten): the
    # density, not the total, sets how many candidates share a window.
    minutes_per_story = 17.0
    while made < count:
        at = START + timedelta(minutes=story * minutes_per_story)
        while pending and pending[0][0] <= at:
            published, _, number, title, body = heapq.heappop(pending)
            yield number, title, body, published
        for title, body, delay in story_versions(rng, story):
            if made < count:
                heapq.heappush(pending, (at + delay, made, story, title, body))
                made += 1
        story += 1
    while pending:
        published, _, number, title, body = heapq.heappop(pending)
        yield number, title, body, published


def run(url: str, count: int) -> dict[str, object]:
    db = open_database(url)
    facts_s = store_s = facts_cpu = store_cpu = 0.0
    story_cpu = [0.0]  # of store_cpu: assign_story itself (lookup, decision, story rows)
    truth, assigned = array("q"), array("q")
    for n, (story, title, body, published) in enumerate(generate(count)):
        started, cpu = time.perf_counter(), time.process_time()
        facts = facts_of(title, body, published, ())
        facts_s += time.perf_counter() - started
        facts_cpu += time.process_time() - cpu
        started, cpu = time.perf_counter(), time.process_time()
        with db.transaction() as conn:
            row = values(n, title, body, published)
            place = partial(_place, conn, facts, published, story_cpu)
            outcome = article_store.insert_article(conn, row, place)
        store_s += time.perf_counter() - started
        store_cpu += time.process_time() - cpu
        truth.append(story)
        assigned.append(outcome.cluster_id)
        if n and n % PROGRESS == 0:
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"{n} articles, {store_s / n * 1000:.2f} ms, cpu {store_cpu / n * 1000:.2f}"
                f" (story {story_cpu[0] / n * 1000:.2f}) + facts {facts_cpu / n * 1000:.2f} ms,"
                f" peak {rss:.0f} MiB",
                file=sys.stderr,
                flush=True,
            )
    db.dispose()
    precision, recall = pairwise(list(truth), list(assigned))
    return {
        "articles": count,
        "stories": len(set(truth)),
        "ms_per_article_lookup_insert": round(store_s / count * 1000, 3),
        "ms_per_article_facts_of": round(facts_s / count * 1000, 3),
        # CPU time of this process: wall time lies on a shared machine (SQLite runs
        # in-process and is counted; the PostgreSQL server's work is not).
        "cpu_ms_per_article_lookup_insert": round(store_cpu / count * 1000, 3),
        "cpu_ms_per_article_facts_of": round(facts_cpu / count * 1000, 3),
        # The story assignment's share of the transaction's CPU; the rest is the article
        # row with its indexes and search index (migration 0005), BEGIN and COMMIT.
        "cpu_ms_per_article_story": round(story_cpu[0] / count * 1000, 3),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
    }


def _place(
    conn: Connection, facts: ArticleFacts, published: datetime, cpu: list[float], article_id: int
) -> int:
    """What services.ingest hands insert_article: the story assignment of the new article
    (its CPU time added to cpu[0])."""
    started = time.process_time()
    story = assign_story(conn, article_id, facts, published).story_id or 0
    cpu[0] += time.process_time() - started
    return story


def values(n: int, title: str, body: str, published: datetime) -> dict[str, object]:
    return {
        "source": f"outlet-{n % 40}",
        "url": f"https://bench.example.kr/{n}",
        "canonical_url": f"https://bench.example.kr/{n}",
        "url_key": uuid.uuid5(uuid.NAMESPACE_URL, str(n)).hex,
        "title": title,
        "body": body,
        "search_text": title + body,
        "content_key": uuid.uuid5(uuid.NAMESPACE_OID, str(n)).hex,
        "first_seen_at": published,
        "published_at": published,
    }


def pairwise(truth: list[int], assigned: list[int]) -> tuple[float, float]:
    """Pairwise precision and recall from the contingency counts (no n^2 loop)."""

    def pairs(counter: Counter[object]) -> int:
        return sum(c * (c - 1) // 2 for c in counter.values())

    both = pairs(Counter(zip(truth, assigned, strict=True)))
    predicted, actual = pairs(Counter(assigned)), pairs(Counter(truth))
    return (both / predicted if predicted else 1.0), (both / actual if actual else 1.0)


def sqlite_run(count: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        result = run(default_sqlite_url(path), count)
        size = sum(p.stat().st_size for p in Path(folder).iterdir())
    return {"backend": "sqlite", **result, "db_mib": round(size / 2**20, 1)}


def postgres_run(count: int) -> dict[str, object]:
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    name = f"scwatch_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = admin.url.set(database=name).render_as_string(hide_password=False)
        result = run(url, count)
        with admin.connect() as conn:
            size = conn.execute(text("SELECT pg_database_size(:n)"), {"n": name}).scalar_one()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return {"backend": "postgresql", **result, "db_mib": round(size / 2**20, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--postgres", action="store_true", help="the local PostgreSQL server")
    args = parser.parse_args()
    result = postgres_run(args.articles) if args.postgres else sqlite_run(args.articles)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
