"""The fast path of search: queries the bigram index decides by itself (words anywhere,
AND and OR; storage/search_index.py) and no filters, on both backends
(storage/index_matches.py asks each index). Articles' texts are not read until the page is
known, but for PostgreSQL's substring test of the candidates a plan needs.

- Few matches: all of them are sorted (SQLite: their keys come from a covering index;
  PostgreSQL: from the rows the GIN index points to).
- Many matches: the matches are walked newest first until the page is full, which takes
  few steps exactly when matches are many; for a frequent word the newest articles' keys
  are read and the index asked which of them match.
- Relevance: the index ranks (bm25 on SQLite, occurrences per 1,000 letters on
  PostgreSQL) and hands over the best ones, more until the page is full; for a frequent
  word or one with thousands of matches, inside bands of about BAND_MATCHES matches, the
  newest band first (a page ranks one band's matches, not the whole archive's).
The total is exact but for a frequent word: the number of matching articles is counted
(SQLite: the index answers a positioned phrase of bigrams exactly), and stories are
counted below SORT_ALL_BELOW matches; a frequent word's matches are counted in windows of
ids spread over the archive and its total estimated from them (`exact` False).
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

from scwatch.storage.index_matches import ALL_IDS, Band, IndexMatches, scalar
from scwatch.storage.plain import PlainStatement
from scwatch.storage.tables import articles

SORT_ALL_BELOW = 1_000
# Newest first, a word in at least 1 article in SCAN_SHARE of an archive of SCAN_FROM or
# more is looked for in the newest rows directly, at most SCAN_ROWS of them.
SCAN_FROM, SCAN_SHARE, SCAN_ROWS = 20_000, 1 / 20, 2_000
SCAN_FIRST = 100  # rows asked first, then twice as many each time
# Relevance for such a word, or any word with more than 4 bands' worth of matches, ranks
# bands of about BAND_MATCHES matches (at most BAND_ROWS ids), newest band first: ranking
# costs per match of the whole archive on SQLite (bm25's statistics) and per match read on
# PostgreSQL, and a page needs one band.
BAND_MATCHES, BAND_ROWS = 500, 50_000
# The number of matches of such a word is estimated from this many windows of ids, a
# fortieth of the archive each but at most SAMPLE_WIDTH ids (a word in 1 article in 20 is
# then counted about 200 times: a few per cent off; each window is a statement).
SAMPLE_WINDOWS, SAMPLE_WIDTH = 4, 1_000
_second = itemgetter(1)  # the story of an (article, story) pair
_LAST_ARTICLE = PlainStatement("SELECT max(id) FROM articles")
_LAST_STORY = PlainStatement("SELECT max(id) FROM clusters")
_NEWEST_KEYS = tuple(  # the newest articles and their stories; SQLite: a covering index
    PlainStatement(
        f"SELECT id, coalesce(cluster_id, -id) FROM articles {hint}"
        "ORDER BY coalesce(published_at, first_seen_at) DESC, id DESC LIMIT :n OFFSET :skip"
    )
    for hint in ("", "INDEXED BY ix_articles_search_newest ")
)


@dataclass(frozen=True)
class FtsPage:
    ids: list[tuple[int, int]]  # (article id, matching articles of its story)
    total: int
    exact: bool = True  # False: estimated from the newest rows (a frequent word)


def fts_page(
    conn: Connection,
    index: IndexMatches,
    condition: Any,
    *,
    order: str,
    limit: int,
    offset: int,
    collapse: bool,
) -> FtsPage:
    """One page of the matches `index` finds; `condition` is the same test as SQL on
    articles (the substring test), used on the rows read from the articles table."""
    _one_snapshot(conn)
    wanted = offset + limit
    frequent, matching = _count(conn, index)
    if not matching:
        return FtsPage([], 0)
    scanned = None
    if order == "newest" and frequent:
        scanned = _scan_newest(conn, index, wanted, collapse)
    elif order == "relevance" and frequent:
        scanned = _ranked_in_bands(conn, index, matching, wanted, collapse)
    if scanned is not None:
        stories = matching if not collapse else _stories_about(conn, matching)
        found = _Ranked(scanned, matching, stories, exact=False)
        return _page(conn, condition, found, offset, wanted, collapse)
    if frequent:  # the newest rows did not fill the page: the exact plans need the count
        matching = index.count(conn)
    if order == "relevance" and matching > 4 * BAND_MATCHES:
        ranked = _ranked_in_bands(conn, index, matching, wanted, collapse)
    elif order == "relevance":
        ranked = _rank_band(conn, index, ALL_IDS, [], wanted, collapse)
    elif matching < SORT_ALL_BELOW or (not collapse and wanted > SORT_ALL_BELOW):
        ranked = index.all_newest(conn)
    else:
        ranked = _newest_walk(conn, index, wanted, collapse)
    return _page(conn, condition, _totals(conn, index, ranked, matching, collapse), offset,
                 wanted, collapse)  # fmt: skip


def _one_snapshot(conn: Connection) -> None:
    """One snapshot for all of a page's statements (plain ones do not begin a transaction;
    PostgreSQL's READ COMMITTED would take one per statement)."""
    if not conn.in_transaction():
        if conn.dialect.name == "postgresql":
            conn.execution_options(isolation_level="REPEATABLE READ")
        conn.begin()


def _totals(
    conn: Connection,
    index: IndexMatches,
    ranked: list[tuple[int, int]],
    matching: int,
    collapse: bool,
) -> _Ranked:
    """The stories among the matches: those of `ranked` when it holds them all, counted
    from the covering index below SORT_ALL_BELOW matches, estimated above (counting them
    reads every match's story: 30 ms for 40,000 matches)."""
    if len(ranked) == matching or not collapse:
        return _Ranked(ranked, matching, len(set(map(_second, ranked))), exact=True)
    if matching < SORT_ALL_BELOW:
        return _Ranked(ranked, matching, index.stories(conn), exact=True)
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


def _count(conn: Connection, index: IndexMatches) -> tuple[bool, int]:
    """(frequent, matches): a word is frequent when at least 1 article in SCAN_SHARE
    matches, in an archive of SCAN_FROM or more (then the newest rows hold its newest page
    within a few hundred rows). An exact count reads every match (300,000 for a word in 30 %
    of 1,000,000 articles), so a word that may be frequent is first counted in
    SAMPLE_WINDOWS windows of ids spread over the archive (at most a tenth of it); when they
    say it is frequent, their estimate is the count, otherwise the matches are counted."""
    floor = math.ceil(SCAN_FROM * SCAN_SHARE)  # fewer: frequent in no large archive
    counted = index.count_below(conn, floor)
    stored = scalar(conn, _LAST_ARTICLE)  # about
    if counted < floor or stored < SCAN_FROM:
        return False, index.count(conn) if counted >= floor else counted
    width = max(1, min(stored // (SAMPLE_WINDOWS * 10), SAMPLE_WIDTH))
    windows = [
        (low, min(stored, low + width))
        for low in (window * stored // SAMPLE_WINDOWS for window in range(SAMPLE_WINDOWS))
    ]
    estimate = round(index.count_in(conn, windows) * stored / (width * SAMPLE_WINDOWS))
    if estimate >= stored * SCAN_SHARE:
        return True, estimate
    return False, index.count(conn)


def _scan_newest(
    conn: Connection, index: IndexMatches, wanted: int, collapse: bool
) -> list[tuple[int, int]] | None:
    """For a frequent word: the newest articles' keys (a covering index, no text), asked of
    the index a run at a time until the page is full, which takes few rows exactly when
    matches are many; None when SCAN_ROWS rows do not fill it (the index then finds them)."""
    ranked: list[tuple[int, int]] = []
    stories: set[int] = set()
    done, size = 0, SCAN_FIRST
    newest = _NEWEST_KEYS[conn.dialect.name == "sqlite"]
    while done < SCAN_ROWS:
        run = newest.run(conn, {"n": size, "skip": done})
        if not run:
            return None
        held = index.holding(conn, [article for article, _ in run])
        for article, story in run:
            if article in held:
                ranked.append((article, story))
                stories.add(story)
                if len(stories if collapse else ranked) >= wanted:
                    return ranked
        done, size = done + size, min(size * 2, SCAN_ROWS - done - size)
    return None


def _stories_about(conn: Connection, matching: int) -> int:
    """The stories among `matching` articles, estimated with the archive's articles per
    story (a story's copies mostly match together): counting them exactly would read every
    match's story, and this is used only when thousands match."""
    stored = scalar(conn, _LAST_ARTICLE) or 1
    stories = scalar(conn, _LAST_STORY) or stored
    return max(1, round(matching * min(1.0, stories / stored)))


def _newest_walk(
    conn: Connection, index: IndexMatches, wanted: int, collapse: bool
) -> list[tuple[int, int]]:
    """Matches newest first until `wanted` stories (articles) are seen."""
    found: list[tuple[int, int]] = []
    stories: set[int] = set()
    with closing(index.newest(conn)) as walk:
        for article, story in walk:  # closing: the cursor is closed when the page is full
            found.append((article, story))
            stories.add(story)
            if len(stories if collapse else found) >= wanted:
                break
    return found


def _ranked_in_bands(
    conn: Connection, index: IndexMatches, matching: int, wanted: int, collapse: bool
) -> list[tuple[int, int]]:
    """Relevance for a frequent word: the index's order inside bands of consecutive article
    ids, the newest band first, until `wanted` stories (articles) are ranked. Every match is
    in one band, so every match has its place; a page costs the matches of a band or a few,
    not all of them (a word in 30 % of 1,000,000 articles: 300,000 to score). A band holds
    about BAND_MATCHES matches, at most BAND_ROWS ids."""
    high = scalar(conn, _LAST_ARTICLE)
    rows = min(BAND_ROWS, max(1, math.ceil(BAND_MATCHES * high / max(1, matching))))
    ranked: list[tuple[int, int]] = []
    while high > 0 and not _enough(ranked, wanted, collapse):
        low = max(0, high - rows)
        ranked = _rank_band(conn, index, (low, high), ranked, wanted, collapse)
        high = low
    return ranked


def _rank_band(
    conn: Connection,
    index: IndexMatches,
    band: Band,
    before: list[tuple[int, int]],
    wanted: int,
    collapse: bool,
) -> list[tuple[int, int]]:
    """`before` followed by the best-ranked matches with ids in band = (low, high], fetched
    in growing batches until the band is exhausted or the whole fills the page."""
    size = wanted * 4 if collapse else wanted
    while True:
        found = index.ranked(conn, band, size)
        ranked = before + found
        if len(found) < size or _enough(ranked, wanted, collapse):
            return ranked
        size *= 4


def _enough(ranked: list[tuple[int, int]], wanted: int, collapse: bool) -> bool:
    return len({story for _, story in ranked} if collapse else ranked) >= wanted


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
