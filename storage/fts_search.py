"""The SQLite fast path of search: queries the FTS5 bigram index decides by itself (words
anywhere, AND and OR; storage/search_index.py) and no filters. Articles are never read
until the page is known: the index gives the matching ids, two narrow covering indexes
(migration 0005) give their order and their story, and only the page's rows are loaded.

- Few matches: all of them are sorted (cheap: their keys come from the covering index).
- Many matches: the newest-first index is walked from the top and stops once the page is
  full, which takes few steps exactly when matches are many.
- Relevance: FTS5 ranks by bm25 and hands over the best ones, more until the page is full;
  for a frequent word, bm25 inside bands of BAND_ROWS article ids, the newest band first
  (a page scores one band's matches, not the whole archive's).
The total is exact but for a frequent word: the index answers a positioned phrase of
bigrams exactly, so the number of matching articles is its count, and stories are
counted from the covering index; a frequent word's matches are counted in windows of ids
spread over the archive and its total estimated from them (`exact` False).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from scwatch.storage.plain import PlainStatement
from scwatch.storage.tables import articles, newest_first_key

SORT_ALL_BELOW = 5_000
# Newest first, a word in at least 1 article in SCAN_SHARE of an archive of SCAN_FROM or
# more is looked for in the newest rows directly, at most SCAN_ROWS of them.
SCAN_FROM, SCAN_SHARE, SCAN_ROWS = 20_000, 1 / 20, 2_000
# Relevance for such a word ranks bands of BAND_ROWS article ids, newest band first.
BAND_ROWS = 50_000
# The number of matches of such a word is estimated from this many windows of ids.
SAMPLE_WINDOWS = 8
_ALL_IDS = 2**63 - 1  # the upper bound of a band that is the whole archive
_second = itemgetter(1)  # the story of an (article, story) pair
# Plain statements (storage/plain.py): a page runs up to a dozen of them, and through
# SQLAlchemy each cost more Python than SQLite's own work for a rare word.
_MATCHING = "SELECT rowid FROM article_grams WHERE article_grams MATCH :q"
_COUNT = PlainStatement("SELECT count(*) FROM article_grams WHERE article_grams MATCH :q")
_COUNT_UP_TO = PlainStatement(f"SELECT count(*) FROM ({_MATCHING} LIMIT :n)")
_COUNT_BETWEEN = PlainStatement(f"{_COUNT.sql} AND rowid > :low AND rowid <= :high")
_LAST_ARTICLE = PlainStatement("SELECT max(id) FROM articles")
_LAST_STORY = PlainStatement("SELECT max(id) FROM clusters")
# (article, story) rows: a story is its cluster, or minus the article's id (_story).
_KEYS_BY_ID = PlainStatement(
    "SELECT id, coalesce(cluster_id, -id) "
    f"FROM articles INDEXED BY ix_articles_search_id WHERE id IN ({_MATCHING}) "
    "ORDER BY coalesce(published_at, first_seen_at) DESC, id DESC"
)
_NEWEST_FIRST = PlainStatement(
    "SELECT id, coalesce(cluster_id, -id) FROM articles INDEXED BY ix_articles_search_newest "
    f"WHERE id IN ({_MATCHING}) "
    "ORDER BY coalesce(published_at, first_seen_at) DESC, id DESC"
)
_STORIES = PlainStatement(
    "SELECT count(DISTINCT coalesce(cluster_id, -id)) "
    f"FROM articles INDEXED BY ix_articles_search_id WHERE id IN ({_MATCHING})"
)
_BAND_RANKED = PlainStatement(
    "SELECT rowid FROM article_grams WHERE article_grams MATCH :q "
    "AND rowid > :low AND rowid <= :high ORDER BY bm25(article_grams) LIMIT :n"
)


@dataclass(frozen=True)
class FtsPage:
    ids: list[tuple[int, int]]  # (article id, matching articles of its story)
    total: int
    exact: bool = True  # False: estimated from the newest rows (a frequent word)


def fts_page(
    conn: Connection,
    query: str,
    condition: Any,
    *,
    order: str,
    limit: int,
    offset: int,
    collapse: bool,
) -> FtsPage:
    """One page of the matches of the FTS5 `query`; `condition` is the same test as SQL
    on articles (the substring test), used on the rows read from the articles table."""
    if not conn.in_transaction():
        conn.begin()  # one snapshot for all its statements (plain ones do not begin one)
    wanted = offset + limit
    frequent, matching = _count(conn, query)
    if not matching:
        return FtsPage([], 0)
    scanned = None
    if order == "newest" and frequent:
        scanned = _scan_newest(conn, condition, wanted, collapse)
    elif order == "relevance" and frequent:
        scanned = _ranked_in_bands(conn, query, wanted, collapse)
    if scanned is not None:
        stories = matching if not collapse else _stories_about(conn, matching)
        found = _Ranked(scanned, matching, stories, exact=False)
        return _page(conn, condition, found, offset, wanted, collapse)
    if frequent:  # the newest rows did not fill the page: the exact plans need the count
        matching = _exact(conn, query)
    if order == "relevance":
        ranked = _rank_band(conn, query, (0, _ALL_IDS), [], wanted, collapse)
    elif matching < SORT_ALL_BELOW or (not collapse and wanted > SORT_ALL_BELOW):
        ranked = _sorted_keys(conn, query)
    else:
        ranked = _newest_walk(conn, query, wanted, collapse)
    return _page(conn, condition, _totals(conn, query, ranked, matching, collapse), offset,
                 wanted, collapse)  # fmt: skip


def _totals(
    conn: Connection, query: str, ranked: list[tuple[int, int]], matching: int, collapse: bool
) -> _Ranked:
    """The stories among the matches: those of `ranked` when it holds them all, counted
    from the covering index below SORT_ALL_BELOW matches, estimated above (counting them
    reads every match's story: 30 ms for 40,000 matches)."""
    if len(ranked) == matching or not collapse:
        return _Ranked(ranked, matching, len(set(map(_second, ranked))), exact=True)
    if matching < SORT_ALL_BELOW:
        return _Ranked(ranked, matching, _story_total(conn, query), exact=True)
    return _Ranked(ranked, matching, _stories_about(conn, matching), exact=False)


@dataclass(frozen=True)
class _Ranked:
    ranked: list[tuple[int, int]]  # (article, story) in result order, at least the page
    matching: int  # articles in all
    stories: int  # stories in all
    exact: bool


def _page(
    conn: Connection, condition: Any, found: _Ranked, offset: int, wanted: int, collapse: bool
) -> FtsPage:
    if not collapse:
        ids = [(article, 1) for article, _ in found.ranked[offset:wanted]]
        return FtsPage(ids, found.matching, found.exact)
    page = _story_order(found.ranked, wanted)[offset:]
    counts: dict[int, int]
    if found.exact and len(found.ranked) == found.matching:  # every match at hand
        counts = Counter(map(_second, found.ranked))
    else:
        counts = _story_counts(conn, condition, [story for story, _ in page])
    ids = [(article, counts.get(story, 1)) for story, article in page]
    return FtsPage(ids, found.stories, found.exact)


def _count(conn: Connection, query: str) -> tuple[bool, int]:
    """(frequent, matches): a word is frequent when at least 1 article in SCAN_SHARE
    matches, in an archive of SCAN_FROM or more (then the newest rows hold its newest page
    within a few hundred rows). An exact count reads every match (300,000 for a word in 30 %
    of 1,000,000 articles), so a word that may be frequent is first counted in
    SAMPLE_WINDOWS windows of ids spread over the archive, a tenth of it; when these say it
    is frequent, their estimate is the count, otherwise the matches are counted."""
    floor = math.ceil(SCAN_FROM * SCAN_SHARE)  # fewer: frequent in no large archive
    counted = _scalar(conn, _COUNT_UP_TO, {"q": query, "n": floor})
    stored = _scalar(conn, _LAST_ARTICLE)  # about
    if counted < floor or stored < SCAN_FROM:
        return False, _exact(conn, query) if counted >= floor else counted
    width = max(1, stored // (SAMPLE_WINDOWS * 10))
    hits = 0
    for window in range(SAMPLE_WINDOWS):
        low = window * stored // SAMPLE_WINDOWS
        arguments = {"q": query, "low": low, "high": min(stored, low + width)}
        hits += _scalar(conn, _COUNT_BETWEEN, arguments)
    estimate = round(hits * stored / (width * SAMPLE_WINDOWS))
    if estimate >= stored * SCAN_SHARE:
        return True, estimate
    return False, _exact(conn, query)


def _exact(conn: Connection, query: str) -> int:
    return _scalar(conn, _COUNT, {"q": query})


def _scalar(
    conn: Connection, statement: PlainStatement, params: dict[str, Any] | None = None
) -> int:
    """The statement's one number (0 for NULL: max() of an empty table)."""
    return int(statement.run(conn, params or {})[0][0] or 0)


def _scan_newest(
    conn: Connection, condition: Any, wanted: int, collapse: bool
) -> list[tuple[int, int]] | None:
    """For a frequent word: the newest articles tested one by one (the substring test)
    until the page is full, which takes few rows exactly when matches are many; None when
    SCAN_ROWS rows do not fill it (the index then finds them)."""
    query = (
        select(articles.c.id, articles.c.cluster_id, condition.label("hit"))
        .with_hint(articles, "INDEXED BY ix_articles_newest", "sqlite")
        .order_by(newest_first_key.desc(), articles.c.id.desc())
        .limit(SCAN_ROWS)
    )
    ranked: list[tuple[int, int]] = []
    stories: set[int] = set()
    for row in conn.execute(query):
        if row.hit:
            story = _story(row.id, row.cluster_id)
            ranked.append((row.id, story))
            stories.add(story)
            if len(stories if collapse else ranked) >= wanted:
                return ranked
    return None


def _stories_about(conn: Connection, matching: int) -> int:
    """The stories among `matching` articles, estimated with the archive's articles per
    story (a story's copies mostly match together): counting them exactly would read every
    match's story, and this is used only when thousands match."""
    stored = _scalar(conn, _LAST_ARTICLE) or 1
    stories = _scalar(conn, _LAST_STORY) or stored
    return max(1, round(matching * min(1.0, stories / stored)))


def _sorted_keys(conn: Connection, query: str) -> list[tuple[int, int]]:
    """Every match newest first, sorted by SQLite and fetched at once (thousands of rows:
    fetching and sorting them row by row in Python took most of the search's time)."""
    return _KEYS_BY_ID.run(conn, {"q": query})


def _newest_walk(
    conn: Connection, query: str, wanted: int, collapse: bool
) -> list[tuple[int, int]]:
    """Matches newest first until `wanted` stories (articles) are seen."""
    found: list[tuple[int, int]] = []
    stories: set[int] = set()
    with closing(_NEWEST_FIRST.stream(conn, {"q": query}, batch=200)) as rows:
        for article, story in rows:  # closing: the cursor is closed when the page is full
            found.append((article, story))
            stories.add(story)
            if len(stories if collapse else found) >= wanted:
                break
    return found


def _ranked_in_bands(
    conn: Connection, query: str, wanted: int, collapse: bool
) -> list[tuple[int, int]]:
    """Relevance for a frequent word: bm25 order inside bands of BAND_ROWS consecutive
    article ids, the newest band first, until `wanted` stories (articles) are ranked. Every
    match is in one band, so every match has its place; a page costs the matches of a band or
    a few, not all of them (a word in 30 % of 1,000,000 articles: 300,000 to score)."""
    high = _scalar(conn, _LAST_ARTICLE)
    ranked: list[tuple[int, int]] = []
    while high > 0 and not _enough(ranked, wanted, collapse):
        low = max(0, high - BAND_ROWS)
        ranked = _rank_band(conn, query, (low, high), ranked, wanted, collapse)
        high = low
    return ranked


def _rank_band(
    conn: Connection,
    query: str,
    band: tuple[int, int],
    before: list[tuple[int, int]],
    wanted: int,
    collapse: bool,
) -> list[tuple[int, int]]:
    """`before` followed by the best-ranked (bm25) matches with ids in band = (low, high],
    fetched in growing batches until the band is exhausted or the whole fills the page."""
    size = wanted * 4 if collapse else wanted
    while True:
        arguments = {"q": query, "low": band[0], "high": band[1], "n": size}
        ids = [article for (article,) in _BAND_RANKED.run(conn, arguments)]
        story_of = _stories_of(conn, ids)
        ranked = before + [(article, story_of[article]) for article in ids]
        if len(ids) < size or _enough(ranked, wanted, collapse):
            return ranked
        size *= 4


def _enough(ranked: list[tuple[int, int]], wanted: int, collapse: bool) -> bool:
    return len({story for _, story in ranked} if collapse else ranked) >= wanted


def _stories_of(conn: Connection, ids: list[int]) -> dict[int, int]:
    found: dict[int, int] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        statement = PlainStatement(
            "SELECT id, cluster_id FROM articles INDEXED BY ix_articles_search_id "
            f"WHERE id IN ({','.join(map(str, chunk))})"
        )
        found.update((article, _story(article, cluster))
                     for article, cluster in statement.run(conn, {}))  # fmt: skip
    return found


def _story(article_id: int, cluster_id: int | None) -> int:
    return cluster_id if cluster_id is not None else -article_id


def _story_order(ranked: Iterable[tuple[int, int]], wanted: int) -> list[tuple[int, int]]:
    """(story, its first article) in the order of `ranked`, the first `wanted` stories
    (`ranked` may hold thousands of matches, and a page needs twenty)."""
    first: dict[int, int] = {}
    for article, story in ranked:
        if story not in first:
            first[story] = article
            if len(first) == wanted:
                break
    return list(first.items())


def _story_counts(conn: Connection, condition: Any, stories: list[int]) -> dict[int, int]:
    """How many matching articles each story of the page has (the substring test on the
    stories' members: a few rows)."""
    clusters = [story for story in stories if story > 0]
    if not clusters:
        return {}
    query = (
        select(articles.c.cluster_id, func.count())
        .where(articles.c.cluster_id.in_(clusters), condition)
        .group_by(articles.c.cluster_id)
    )
    return {cluster: int(count) for cluster, count in conn.execute(query).all()}


def _story_total(conn: Connection, query: str) -> int:
    return _scalar(conn, _STORIES, {"q": query})
