"""The SQLite fast path of search: queries the FTS5 bigram index decides by itself (words
anywhere, AND and OR; storage/search_index.py) and no filters. Articles are never read
until the page is known: the index gives the matching ids, two narrow covering indexes
(migration 0005) give their order and their story, and only the page's rows are loaded.

- Few matches: all of them are sorted (cheap: their keys come from the covering index).
- Many matches: the newest-first index is walked from the top and stops once the page is
  full, which takes few steps exactly when matches are many.
- Relevance: FTS5 ranks by bm25 and hands over the best ones, more until the page is full.
The total is exact: the index answers a positioned phrase of bigrams exactly, so the
number of matching articles is its count, and stories are counted from the covering
index.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection

SORT_ALL_BELOW = 5_000
_MATCHING = "SELECT rowid FROM article_grams WHERE article_grams MATCH :q"
_COUNT = text("SELECT count(*) FROM article_grams WHERE article_grams MATCH :q")
_KEYS_BY_ID = text(
    "SELECT id, cluster_id, coalesce(published_at, first_seen_at) AS newest "
    f"FROM articles INDEXED BY ix_articles_search_id WHERE id IN ({_MATCHING})"
)
_NEWEST_FIRST = text(
    "SELECT id, cluster_id FROM articles INDEXED BY ix_articles_search_newest "
    f"WHERE id IN ({_MATCHING}) "
    "ORDER BY coalesce(published_at, first_seen_at) DESC, id DESC"
)
_STORIES = text(
    "SELECT count(DISTINCT coalesce(cluster_id, -id)) "
    f"FROM articles INDEXED BY ix_articles_search_id WHERE id IN ({_MATCHING})"
)
_ONE_MATCHES = text("SELECT rowid FROM article_grams WHERE article_grams MATCH :q AND rowid = :id")
_BEST_RANKED = text(
    "SELECT rowid FROM article_grams WHERE article_grams MATCH :q "
    "ORDER BY bm25(article_grams) LIMIT :n"
)


@dataclass(frozen=True)
class FtsPage:
    ids: list[tuple[int, int]]  # (article id, matching articles of its story)
    total: int


def fts_page(
    conn: Connection, query: str, *, order: str, limit: int, offset: int, collapse: bool
) -> FtsPage:
    matching = int(conn.execute(_COUNT, {"q": query}).scalar_one())
    if not matching:
        return FtsPage([], 0)
    wanted = offset + limit
    if order == "relevance":
        ranked = _ranked(conn, query, wanted, matching, collapse)
    elif matching < SORT_ALL_BELOW or (not collapse and wanted > SORT_ALL_BELOW):
        ranked = _sorted_keys(conn, query)
    else:
        ranked = _newest_walk(conn, query, wanted, collapse)
    if not collapse:
        return FtsPage([(article, 1) for article, _ in ranked[offset:wanted]], matching)
    stories = _story_order(ranked)
    page = stories[offset:wanted]
    counts = _story_counts(conn, query, [story for story, _ in page])
    total = len(stories) if len(ranked) == matching else _story_total(conn, query)
    return FtsPage([(article, counts.get(story, 1)) for story, article in page], total)


def _sorted_keys(conn: Connection, query: str) -> list[tuple[int, int]]:
    rows = list(conn.execute(_KEYS_BY_ID, {"q": query}))
    rows.sort(key=lambda row: (row.newest, row.id), reverse=True)
    return [(row.id, _story(row.id, row.cluster_id)) for row in rows]


def _newest_walk(
    conn: Connection, query: str, wanted: int, collapse: bool
) -> list[tuple[int, int]]:
    """Matches newest first until `wanted` stories (articles) are seen."""
    found: list[tuple[int, int]] = []
    stories: set[int] = set()
    result = conn.execution_options(yield_per=200).execute(_NEWEST_FIRST, {"q": query})
    for row in result:
        story = _story(row.id, row.cluster_id)
        found.append((row.id, story))
        stories.add(story)
        if len(stories if collapse else found) >= wanted:
            break
    result.close()
    return found


def _ranked(
    conn: Connection, query: str, wanted: int, matching: int, collapse: bool
) -> list[tuple[int, int]]:
    """The best-ranked matches, fetched in growing batches until `wanted` stories."""
    size = wanted * 4 if collapse else wanted
    while True:
        ids = list(conn.execute(_BEST_RANKED, {"q": query, "n": size}).scalars())
        story_of = _stories_of(conn, ids)
        ranked = [(article, story_of[article]) for article in ids]
        if len(ids) >= matching or len({story for _, story in ranked}) >= wanted:
            return ranked
        size *= 4


def _stories_of(conn: Connection, ids: list[int]) -> dict[int, int]:
    found: dict[int, int] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = conn.execute(
            text("SELECT id, cluster_id FROM articles INDEXED BY ix_articles_search_id "
                 f"WHERE id IN ({','.join(map(str, chunk))})")
        )  # fmt: skip
        found.update((row.id, _story(row.id, row.cluster_id)) for row in rows)
    return found


def _story(article_id: int, cluster_id: int | None) -> int:
    return cluster_id if cluster_id is not None else -article_id


def _story_order(ranked: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """(story, its first article) in the order of `ranked`."""
    first: dict[int, int] = {}
    for article, story in ranked:
        first.setdefault(story, article)
    return list(first.items())


def _story_counts(conn: Connection, query: str, stories: list[int]) -> dict[int, int]:
    """How many matching articles each story of the page has."""
    clusters = [story for story in stories if story > 0]
    if not clusters:
        return {}
    listed = ",".join(map(str, clusters))
    members = conn.execute(
        text(f"SELECT id, cluster_id FROM articles WHERE cluster_id IN ({listed})")
    ).all()
    counts: dict[int, int] = {}
    for member in members:
        if conn.execute(_ONE_MATCHES, {"q": query, "id": member.id}).first() is not None:
            counts[member.cluster_id] = counts.get(member.cluster_id, 0) + 1
    return counts


def _story_total(conn: Connection, query: str) -> int:
    return int(conn.execute(_STORIES, {"q": query}).scalar_one())
