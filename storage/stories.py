"""Stories: candidate lookups (LSH band rows, event keys), story state, membership moves,
and the reads behind `scwatch stories`. Queries only; scwatch.services.stories decides."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.engine import Connection

from scwatch.core.records import ArticleRecord, ClusterRecord
from scwatch.storage.articles import article_query, to_record
from scwatch.storage.plain import PlainStatement, datetime_from_db
from scwatch.storage.tables import (
    article_minhashes,
    article_sightings,
    articles,
    clusters,
    newest_first_key,
    story_bands,
    story_keys,
)

# Any constant: the same in every scwatch process (see storage.migrate for the other one).
_PG_STORY_LOCK = 0x5C_5707
# The caps and the ordering (most shared first, ties to the highest id) are those of
# scwatch.core.stories.candidates, whose in-memory index the labelled measure uses.


def lock_stories(conn: Connection) -> None:
    """Serialise story assignment until the transaction ends. SQLite's writer lock already
    does; on PostgreSQL two crawls could otherwise both start a story for one event."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_STORY_LOCK})


def candidate_stories(
    conn: Connection,
    article_id: int,
    bands: Collection[tuple[int, int]],
    keys: Collection[str],
    window: tuple[datetime, datetime],
) -> list[ClusterRecord]:
    """One round trip for the story decision: the stories sharing a band row, the
    KEY_CANDIDATES stories sharing the most keys with their window start inside `window`,
    and the article's own story (insert_article's; its `original_article_id` is the
    article and it has no signature yet). Plain SQL (storage.plain), rendered once per
    band and key count."""
    params: dict[str, object] = {"article": article_id, "since": window[0], "until": window[1]}
    wanted = sorted(keys) or [""]
    for n, key in enumerate(wanted):
        params[f"q{n}"] = key
    for n, (band, bucket) in enumerate(bands):
        params[f"b{n}"], params[f"k{n}"] = band, bucket
    rows = _candidate_query(len(bands), len(wanted)).run(conn, params)
    moment = _moment_reader(conn.dialect.name, datetime_from_db(conn.dialect))
    records = []
    for row in rows:
        first = moment(row[3])
        assert first is not None  # NOT NULL
        records.append(ClusterRecord(row[0], row[1], row[2], first, moment(row[4]), *row[5:]))
    return records


@lru_cache(maxsize=4)
def _moment_reader(
    _dialect: str, read: Callable[[Any], datetime | None]
) -> Callable[[Any], datetime | None]:
    """The column reader, remembering its last few thousand values: the same live stories
    come back article after article, and parsing SQLite's datetime text is the costliest
    part of reading their rows."""
    return lru_cache(maxsize=4096)(read)


@lru_cache(maxsize=256)
def _candidate_query(band_count: int, key_count: int) -> PlainStatement:
    # Imported by the writing path only: scwatch.core.stories loads the story signatures
    # and the gazetteer, which the reading commands never need (docs/benchmarks.md).
    from scwatch.core.stories.candidates import BAND_CANDIDATES, KEY_CANDIDATES

    arms = ["SELECT cluster_id FROM articles WHERE id = :article"]
    if band_count:
        pairs = " OR ".join(f"(b.band = :b{n} AND b.bucket = :k{n})" for n in range(band_count))
        arms.append(
            "SELECT cluster_id FROM (SELECT b.cluster_id, count(*) AS shared"
            " FROM story_bands b JOIN clusters s ON s.id = b.cluster_id"
            f" WHERE ({pairs}) AND s.first_seen_at >= :since GROUP BY b.cluster_id"
            f" ORDER BY shared DESC, b.cluster_id DESC LIMIT {BAND_CANDIDATES}) AS by_band"
        )
    names = ", ".join(f":q{n}" for n in range(key_count))
    arms.append(
        "SELECT cluster_id FROM (SELECT cluster_id, count(*) AS shared FROM story_keys"
        f" WHERE key IN ({names}) AND first_seen_at BETWEEN :since AND :until"
        " GROUP BY cluster_id"
        f" ORDER BY shared DESC, cluster_id DESC LIMIT {KEY_CANDIDATES}) AS by_key"
    )
    return PlainStatement(
        "SELECT id, original_article_id, size, first_seen_at, last_seen_at, signature,"
        f" merged_into FROM clusters WHERE id IN ({' UNION '.join(arms)})",
        datetimes=("since", "until"),
    )


# The statements of every ingest transaction, as plain SQL (storage.plain: no statement
# compilation per call); the rest of this module is SQLAlchemy Core.
_PLACE = PlainStatement(
    "UPDATE articles SET cluster_id = :story, story_join = :join, story_score = :score"
    " WHERE id = :article"
)
_FACTS = PlainStatement(
    "INSERT INTO article_minhashes (article_id, facts) VALUES (:article, :facts)"
)
_BANDS = PlainStatement(
    "INSERT INTO story_bands (band, bucket, article_id, cluster_id)"
    " VALUES (:band, :bucket, :article, :story)"
)
_KEYS = PlainStatement(
    "INSERT INTO story_keys (key, cluster_id, first_seen_at) VALUES (:key, :story, :start)",
    datetimes=("start",),
)
_START = PlainStatement(
    "INSERT INTO clusters (original_article_id, size, first_seen_at, last_seen_at, signature)"
    " VALUES (:article, 1, :seen, :seen, :signature) RETURNING id",
    datetimes=("seen",),
)
_GROW = PlainStatement(
    "UPDATE clusters SET signature = :signature, size = :size, last_seen_at = :last"
    " WHERE id = :story",
    datetimes=("last",),
)
_GROW_ORIGINAL = PlainStatement(
    "UPDATE clusters SET signature = :signature, size = :size, last_seen_at = :last,"
    " original_article_id = :original WHERE id = :story",
    datetimes=("last",),
)


def place_article(
    conn: Connection, article_id: int, story_id: int, join: str, score: float | None
) -> None:
    """Point a just-inserted article (no band rows yet) at its story."""
    _PLACE.run(conn, {"story": story_id, "join": join, "score": score, "article": article_id})


def insert_facts(conn: Connection, article_id: int, facts: str) -> None:
    """The facts of a just-inserted article (it has none yet: no delete first)."""
    _FACTS.run(conn, {"article": article_id, "facts": facts})


def start_story(conn: Connection, article_id: int, seen: datetime, signature: str) -> int:
    """A one-article story with its state, the article its original."""
    params = {"article": article_id, "seen": seen, "signature": signature}
    return int(_START.run(conn, params)[0][0])


def grow_story(
    conn: Connection, story_id: int, state: tuple[str, int, datetime], original: int | None
) -> None:
    """A story after a join: its state JSON, size and last arrival; `original`: the new
    original article, when the newcomer ranks before the old one."""
    signature, size, last = state
    params = {"story": story_id, "signature": signature, "size": size, "last": last}
    if original is None:
        _GROW.run(conn, params)
    else:
        _GROW_ORIGINAL.run(conn, {**params, "original": original})


def get_story(conn: Connection, story_id: int) -> ClusterRecord | None:
    row = conn.execute(select(clusters).where(clusters.c.id == story_id)).first()
    return ClusterRecord(**row._asdict()) if row else None


def get_stories(conn: Connection, ids: Iterable[int]) -> list[ClusterRecord]:
    wanted = sorted(set(ids))
    if not wanted:
        return []
    rows = conn.execute(select(clusters).where(clusters.c.id.in_(wanted)))
    return [ClusterRecord(**row._asdict()) for row in rows]


def story_of(conn: Connection, article_id: int) -> int | None:
    query = select(articles.c.cluster_id).where(articles.c.id == article_id)
    return conn.execute(query).scalar_one_or_none()


def update_story(conn: Connection, story_id: int, **values: Any) -> None:
    conn.execute(update(clusters).where(clusters.c.id == story_id).values(**values))


def delete_story(conn: Connection, story_id: int) -> None:
    conn.execute(delete(clusters).where(clusters.c.id == story_id))


def recount_size(conn: Connection, story_id: int) -> int:
    """Members plus their sightings: what clusters.size has always counted."""
    members = select(articles.c.id).where(articles.c.cluster_id == story_id)
    count = conn.execute(select(func.count()).select_from(members.subquery())).scalar_one()
    seen = select(func.count()).where(article_sightings.c.article_id.in_(members))
    size = int(count) + int(conn.execute(seen).scalar_one())
    update_story(conn, story_id, size=size)
    return size


def set_membership(
    conn: Connection, article_id: int, story_id: int, join: str, score: float | None
) -> None:
    conn.execute(
        update(articles)
        .where(articles.c.id == article_id)
        .values(cluster_id=story_id, story_join=join, story_score=score)
    )
    conn.execute(
        update(story_bands)
        .where(story_bands.c.article_id == article_id)
        .values(cluster_id=story_id)
    )


def set_join(conn: Connection, article_id: int, join: str, score: float | None) -> None:
    values = {"story_join": join, "story_score": score}
    conn.execute(update(articles).where(articles.c.id == article_id).values(values))


def move_members(conn: Connection, from_id: int, to_id: int, join: str) -> None:
    """Every article of one story into another, marked with `join`."""
    conn.execute(
        update(articles)
        .where(articles.c.cluster_id == from_id)
        .values(cluster_id=to_id, story_join=join)
    )
    conn.execute(
        update(story_bands).where(story_bands.c.cluster_id == from_id).values(cluster_id=to_id)
    )


def add_bands(
    conn: Connection, article_id: int, story_id: int, bands: Iterable[tuple[int, int]]
) -> None:
    rows = [
        {"band": band, "bucket": bucket, "article": article_id, "story": story_id}
        for band, bucket in bands
    ]
    if rows:
        _BANDS.run(conn, rows)


def add_keys(conn: Connection, story_id: int, keys: Iterable[str], start: datetime) -> None:
    rows = [{"key": key, "story": story_id, "start": start} for key in keys]
    if rows:
        _KEYS.run(conn, rows)


def replace_keys(conn: Connection, story_id: int, keys: Iterable[str], start: datetime) -> None:
    conn.execute(delete(story_keys).where(story_keys.c.cluster_id == story_id))
    add_keys(conn, story_id, keys, start)


def facts_of_articles(conn: Connection, ids: Iterable[int]) -> dict[int, str]:
    wanted = list(ids)
    query = select(article_minhashes).where(article_minhashes.c.article_id.in_(wanted))
    return {row.article_id: row.facts for row in conn.execute(query)}


def member_facts(conn: Connection, story_id: int) -> list[tuple[int, str | None, datetime]]:
    """(article id, stored facts JSON or None, first seen) of every member."""
    query = (
        select(articles.c.id, article_minhashes.c.facts, articles.c.first_seen_at)
        .outerjoin(article_minhashes, article_minhashes.c.article_id == articles.c.id)
        .where(articles.c.cluster_id == story_id)
        .order_by(articles.c.id)
    )
    return [(row.id, row.facts, row.first_seen_at) for row in conn.execute(query)]


def story_members(conn: Connection, story_id: int) -> list[ArticleRecord]:
    """Every article of the story (outlet, times, join and score), by publication time."""
    query = article_query().where(articles.c.cluster_id == story_id)
    query = query.order_by(newest_first_key, articles.c.id)
    return [to_record(row) for row in conn.execute(query)]


def merged_target(conn: Connection, story_id: int) -> int:
    """The story a hand merge put `story_id` into (following chains), else itself."""
    seen = {story_id}
    while True:
        query = select(clusters.c.merged_into).where(clusters.c.id == story_id)
        target = conn.execute(query).scalar_one_or_none()
        if target is None or target in seen:
            return story_id
        seen.add(target)
        story_id = target


def get_story_article_seen(conn: Connection, article_id: int) -> datetime:
    query = select(articles.c.first_seen_at).where(articles.c.id == article_id)
    return conn.execute(query).scalar_one()


def new_story(
    conn: Connection, original_article_id: int, first_seen_at: datetime, **extra: Any
) -> int:
    """A one-article story (`extra`: more columns, the state JSON of a new story)."""
    values = {
        "original_article_id": original_article_id,
        "size": 1,
        "first_seen_at": first_seen_at,
        "last_seen_at": first_seen_at,
        **extra,
    }
    return int(conn.execute(insert(clusters).returning(clusters.c.id), values).scalar_one())
