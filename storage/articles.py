"""Articles: insert-if-new (duplicates by URL or content), reads and exports."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, func, select, update
from sqlalchemy.engine import Connection, Row

from scwatch.core.errors import StorageError
from scwatch.core.records import ArticleRecord, InsertOutcome, SightingRecord
from scwatch.storage.clusters import create_cluster, grow_cluster
from scwatch.storage.conflicts import insert_or_ignore
from scwatch.storage.plain import PlainStatement, datetime_from_db
from scwatch.storage.tables import article_sightings, articles, newest_first_key

REQUIRED_FIELDS = (
    "source", "url", "canonical_url", "url_key", "title", "body", "search_text",
    "content_key", "first_seen_at",
)  # fmt: skip
OPTIONAL_FIELDS: Mapping[str, Any] = {
    "author": "",
    "published_at": None,
    "updated_at": None,
    "raw_sha256": "",
    "extractor_version": "",
}
# Keeps IN (...) lists well under SQLite's bound-parameter limit.
IN_CHUNK = 500
EXPORT_BATCH = 500

_sightings_count = (
    select(func.count())
    .where(article_sightings.c.article_id == articles.c.id)
    .correlate(articles)
    .scalar_subquery()
    .label("sightings")
)

# The article that owns a URL (stored under it, or a sighting of it: one round trip) and
# the insert, as plain SQL: they run for every article ingested (storage.plain: no
# statement compilation or result wrapping); both backends take ON CONFLICT DO NOTHING.
_OWNER_BY_URL = PlainStatement(
    "SELECT id, cluster_id FROM articles WHERE url_key = :key UNION ALL"
    " SELECT articles.id, articles.cluster_id FROM articles JOIN article_sightings"
    " ON article_sightings.article_id = articles.id WHERE article_sightings.url_key = :key"
)
_COLUMNS = (*REQUIRED_FIELDS, *OPTIONAL_FIELDS)
_INSERT = PlainStatement(
    f"INSERT INTO articles ({', '.join(_COLUMNS)})"
    f" VALUES ({', '.join(':' + name for name in _COLUMNS)})"
    " ON CONFLICT DO NOTHING RETURNING id",
    datetimes=("first_seen_at", "published_at", "updated_at"),
)
_set_cluster = (
    update(articles)
    .where(articles.c.id == bindparam("article"))
    .values(cluster_id=bindparam("cluster"))
)


def insert_article(
    conn: Connection,
    values: Mapping[str, object],
    place: Callable[[int], int] | None = None,
) -> InsertOutcome:
    """Store an article unless its URL or its content is already known.

    - URL known (as an article or a sighting): nothing is written, `duplicate_url`.
    - Content known from another URL: a sighting of the first article is recorded and its
      cluster grows, `duplicate_content`.
    - Otherwise the article and its one-article cluster are created, `new`; with `place`,
      place(article id) puts the new article into its cluster instead and returns its id
      (the story assignment: no one-article cluster is made only to be dropped).
    The UNIQUE constraints decide, so concurrent writers never raise IntegrityError.
    """
    row = _article_row(values)
    known = _owner_of_url(conn, row["url_key"])
    if known is not None:
        return known
    returned = _INSERT.run(conn, row)
    if returned:
        inserted = int(returned[0][0])
        if place is not None:
            return InsertOutcome("new", inserted, place(inserted))
        cluster_id = _attach_new_cluster(conn, inserted, row["first_seen_at"])
        return InsertOutcome("new", inserted, cluster_id)
    return _record_sighting(conn, row)


def _article_row(values: Mapping[str, object]) -> dict[str, Any]:
    missing = [name for name in REQUIRED_FIELDS if name not in values]
    if missing:
        raise StorageError(f"article values lack {', '.join(missing)}")
    row = {name: values[name] for name in REQUIRED_FIELDS}
    row.update({name: values.get(name, default) for name, default in OPTIONAL_FIELDS.items()})
    return row


def _owner_of_url(conn: Connection, url_key: str) -> InsertOutcome | None:
    """The article already stored under this URL, directly or as a sighting."""
    found = _OWNER_BY_URL.run(conn, {"key": url_key})
    if not found:
        return None
    article_id, cluster_id = found[0]
    cluster_id = cluster_id or _attach_new_cluster(conn, article_id, None)
    return InsertOutcome("duplicate_url", article_id, cluster_id)


def _attach_new_cluster(conn: Connection, article_id: int, first_seen_at: datetime | None) -> int:
    if first_seen_at is None:
        first_seen_at = conn.execute(
            select(articles.c.first_seen_at).where(articles.c.id == article_id)
        ).scalar_one()
    cluster_id = create_cluster(conn, article_id, first_seen_at)
    conn.execute(_set_cluster, {"article": article_id, "cluster": cluster_id})
    return cluster_id


def _record_sighting(conn: Connection, row: Mapping[str, Any]) -> InsertOutcome:
    # The insert was refused: another writer may have stored this very URL meanwhile.
    known = _owner_of_url(conn, row["url_key"])
    if known is not None:
        return known
    original = _owner_of_content(conn, row["content_key"])
    sighting = _sighting_of(conn, original.article_id, row)
    stmt = insert_or_ignore(conn, article_sightings, ["url_key"], article_sightings.c.id)
    if conn.execute(stmt, sighting).scalar_one_or_none() is None:
        return InsertOutcome("duplicate_url", original.article_id, original.cluster_id)
    grow_cluster(conn, original.cluster_id)
    return original


_COPY_FIELDS = (
    "source",
    "url",
    "canonical_url",
    "url_key",
    "title",
    "author",
    "published_at",
    "updated_at",
    "raw_sha256",
)


def _sighting_of(conn: Connection, article_id: int, row: Mapping[str, Any]) -> dict[str, Any]:
    """The sighting to record for a second copy of a story. When the new copy was published
    earlier (the wire original crawled after a republication), it becomes the article and
    the stored copy becomes the sighting, so a story always points at its original."""
    stored = conn.execute(select(articles).where(articles.c.id == article_id)).one()
    earlier = row["published_at"] is not None and (
        stored.published_at is None or row["published_at"] < stored.published_at
    )
    if not earlier:
        return {
            "article_id": article_id,
            "source": row["source"],
            "url": row["url"],
            "url_key": row["url_key"],
            "seen_at": row["first_seen_at"],
        }
    conn.execute(
        update(articles)
        .where(articles.c.id == article_id)
        .values({name: row[name] for name in _COPY_FIELDS})
    )
    return {
        "article_id": article_id,
        "source": stored.source,
        "url": stored.url,
        "url_key": stored.url_key,
        "seen_at": stored.first_seen_at,
    }


def _owner_of_content(conn: Connection, content_key: str) -> InsertOutcome:
    found = conn.execute(
        select(articles.c.id, articles.c.cluster_id).where(articles.c.content_key == content_key)
    ).first()
    if found is None:
        raise StorageError("article insert was refused but no article holds its URL or content")
    cluster_id = found.cluster_id or _attach_new_cluster(conn, found.id, None)
    return InsertOutcome("duplicate_content", found.id, cluster_id)


def known_url_keys(conn: Connection, keys: Iterable[str]) -> set[str]:
    """The subset of `keys` already stored, as an article or as a sighting."""
    wanted = list(dict.fromkeys(keys))
    known: set[str] = set()
    for start in range(0, len(wanted), IN_CHUNK):
        chunk = wanted[start : start + IN_CHUNK]
        for table in (articles, article_sightings):
            query = select(table.c.url_key).where(table.c.url_key.in_(chunk))
            known.update(conn.execute(query).scalars())
    return known


def article_query() -> Select[Any]:
    """SELECT of every article column plus the sightings count, as ArticleRecord expects."""
    return select(*articles.c, _sightings_count)


def to_record(row: Row[Any]) -> ArticleRecord:
    return ArticleRecord(**row._asdict())


def newest_first(
    query: Select[Any],
    *,
    since: datetime | None,
    source: str | None,
    limit: int,
    seen_since: datetime | None = None,
) -> Select[Any]:
    """Newest first by publication time (first-seen time when unknown); `since` compares
    against that same time, `seen_since` against the first-seen time (what the CLI's
    --since means, docs/cli.md)."""
    if since is not None:
        query = query.where(newest_first_key >= since)
    if seen_since is not None:
        query = query.where(articles.c.first_seen_at >= seen_since)
    if source:
        query = query.where(articles.c.source == source)
    return query.order_by(newest_first_key.desc(), articles.c.id.desc()).limit(limit)


# What article_query reads, as plain SQL for records_by_id.
_RECORD_SQL = (
    f"SELECT {', '.join(column.name for column in articles.c)}, (SELECT count(*) FROM"
    " article_sightings WHERE article_sightings.article_id = articles.id) AS sightings"
    " FROM articles WHERE id IN "
)
_RECORD_DATETIMES = ("published_at", "updated_at", "first_seen_at")


def records_by_id(conn: Connection, ids: Iterable[int]) -> dict[int, ArticleRecord]:
    """The articles with these ids by id, the same records as to_record(article_query())
    makes, in one plain statement (storage/plain.py): a search page loads twenty, and
    SQLAlchemy's compilation and row wrapping cost more than SQLite's reading them."""
    wanted = ",".join(str(int(article_id)) for article_id in ids)
    if not wanted:
        return {}
    rows = PlainStatement(f"{_RECORD_SQL}({wanted})").run(conn, {})
    names = [*(column.name for column in articles.c), "sightings"]
    stamp = datetime_from_db(conn.dialect)
    found: dict[int, ArticleRecord] = {}
    for row in rows:
        fields = dict(zip(names, row, strict=True))
        for name in _RECORD_DATETIMES:
            fields[name] = stamp(fields[name])
        found[fields["id"]] = ArticleRecord(**fields)
    return found


def get_article(conn: Connection, article_id: int) -> ArticleRecord | None:
    row = conn.execute(article_query().where(articles.c.id == article_id)).first()
    return to_record(row) if row else None


def list_articles(
    conn: Connection, *, since: datetime | None = None, source: str | None = None, limit: int = 50
) -> list[ArticleRecord]:
    query = newest_first(article_query(), since=since, source=source, limit=limit)
    return [to_record(row) for row in conn.execute(query)]


def count_articles(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(articles)).scalar_one())


def sightings_of(conn: Connection, article_id: int) -> list[SightingRecord]:
    query = (
        select(article_sightings)
        .where(article_sightings.c.article_id == article_id)
        .order_by(article_sightings.c.seen_at, article_sightings.c.id)
    )
    return [SightingRecord(**row._asdict()) for row in conn.execute(query)]


def iter_articles(conn: Connection, since: datetime | None = None) -> Iterator[ArticleRecord]:
    """Every article in storage order, streamed in batches (keep `conn` open while iterating).
    `since` keeps articles first seen at or after it: what an incremental export wants."""
    query = article_query().order_by(articles.c.id)
    if since is not None:
        query = query.where(articles.c.first_seen_at >= since)
    # Set on the statement, not on conn, so later queries on conn are not streamed.
    query = query.execution_options(stream_results=True, yield_per=EXPORT_BATCH)
    for row in conn.execute(query):
        yield to_record(row)


def article_id_for_url(conn: Connection, key: str) -> int | None:
    """The stored article carrying the URL with this url_key, as an article or a sighting."""
    found = _OWNER_BY_URL.run(conn, {"key": key})
    return int(found[0][0]) if found else None
