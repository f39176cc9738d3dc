"""The matches of a query in the bigram index (storage/search_index.py), as the plans of
storage/fts_search.py ask for them, on each backend: counted (up to a bound, in a band of
ids, all), in newest-first order, ranked inside a band of ids, and their stories.

- SQLite: the FTS5 table answers a phrase of positioned bigrams exactly by itself; only
  ids and keys from the covering indexes of migration 0005 are read.
- PostgreSQL: the GIN index gives the articles holding every bigram of each word
  (`candidates`). For words of one or two letters these are exactly the matches; for longer
  words the substring test on the text (`condition`) decides, and it is only run on the
  candidates of the rows a plan needs (a band, a chunk of the newest candidates, a sample;
  every candidate only for an exact count, whose matches then serve the whole search).
"""

from __future__ import annotations

from collections.abc import Generator
from contextlib import closing
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import and_, func, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import replacement_traverse

from scwatch.core.search import Matcher, positive_terms
from scwatch.storage.plain import PlainStatement
from scwatch.storage.search_index import fts_query, occurrences, postgres_candidates
from scwatch.storage.tables import articles, newest_first_key

_TEXT = articles.c.search_text
_STORY = func.coalesce(articles.c.cluster_id, -articles.c.id)
Band = tuple[int, int]  # article ids in (low, high]
Pair = tuple[int, int]  # (article, story): the story is its cluster, or minus the article's id
Walk = Generator[Pair, None, None]
ALL_IDS: Band = (0, 2**63 - 1)
CHECK_CHUNK = 200  # candidates given the substring test at once (PostgreSQL)
SAMPLE = 100  # candidates tested to estimate the matches among many (PostgreSQL)


class IndexMatches(Protocol):
    """The articles a query matches, as the index finds them."""

    def count_below(self, conn: Connection, bound: int) -> int:
        """The number of matches when it is below `bound`; `bound` or more otherwise
        (PostgreSQL: `bound` when the index holds that many candidates, matching or not)."""
        ...

    def count(self, conn: Connection) -> int: ...

    def count_in(self, conn: Connection, bands: list[Band]) -> float:
        """The matches with ids in `bands` (PostgreSQL: estimated for long words)."""
        ...

    def newest(self, conn: Connection) -> Walk:
        """Every match, newest first, tested as they are consumed (close it to stop;
        PostgreSQL reads every candidate's key first)."""
        ...

    def all_newest(self, conn: Connection) -> list[Pair]:
        """Every match, newest first, at once (a few thousand)."""
        ...

    def ranked(self, conn: Connection, band: Band, size: int) -> list[Pair]:
        """The `size` most relevant matches with ids in `band`."""
        ...

    def stories(self, conn: Connection) -> int: ...

    def holding(self, conn: Connection, ids: list[int]) -> set[int]:
        """The matches among `ids` (a run of the newest articles)."""
        ...


def index_matches(conn: Connection, matcher: Matcher, condition: Any) -> IndexMatches:
    """The matches of `matcher` (words, AND, OR: core.search.index_decides) on this
    connection's backend; `condition` is the substring test as SQL on articles."""
    if conn.dialect.name == "postgresql":
        candidates = postgres_candidates(matcher)
        assert candidates is not None
        exact = all(len(term.term) <= 2 for term in positive_terms(matcher))
        return GinMatches(candidates, condition, exact, occurrences(matcher))
    query = fts_query(matcher)
    assert query is not None
    return Fts5Matches(query)


# Plain statements (storage/plain.py): a page runs up to a dozen of them, and through
# SQLAlchemy each cost more Python than SQLite's own work for a rare word.
_MATCHING = "SELECT rowid FROM article_grams WHERE article_grams MATCH :q"
_COUNT = PlainStatement("SELECT count(*) FROM article_grams WHERE article_grams MATCH :q")
_COUNT_UP_TO = PlainStatement(f"SELECT count(*) FROM ({_MATCHING} LIMIT :n)")
_COUNT_BETWEEN = PlainStatement(f"{_COUNT.sql} AND rowid > :low AND rowid <= :high")
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
_IN_RANGE = PlainStatement(f"{_MATCHING} AND rowid >= :low AND rowid <= :high")
_BAND_RANKED = PlainStatement(  # ties newest first, as on PostgreSQL: pages stay stable
    f"{_MATCHING} AND rowid > :low AND rowid <= :high "
    "ORDER BY bm25(article_grams), rowid DESC LIMIT :n"
)


def scalar(
    conn: Connection, statement: PlainStatement, params: dict[str, Any] | None = None
) -> int:
    """The statement's one number (0 for NULL: max() of an empty table)."""
    return int(statement.run(conn, params or {})[0][0] or 0)


@dataclass(frozen=True)
class Fts5Matches:
    """SQLite: `query` is the FTS5 expression (search_index.fts_query); relevance is bm25."""

    query: str

    def count_below(self, conn: Connection, bound: int) -> int:
        return scalar(conn, _COUNT_UP_TO, {"q": self.query, "n": bound})

    def count(self, conn: Connection) -> int:
        return scalar(conn, _COUNT, {"q": self.query})

    def count_in(self, conn: Connection, bands: list[Band]) -> float:
        return sum(
            scalar(conn, _COUNT_BETWEEN, {"q": self.query, "low": low, "high": high})
            for low, high in bands
        )

    def newest(self, conn: Connection) -> Walk:
        with closing(_NEWEST_FIRST.stream(conn, {"q": self.query}, batch=200)) as rows:
            yield from rows  # closed with this generator: the rest is never produced

    def all_newest(self, conn: Connection) -> list[Pair]:
        # Sorted by SQLite and fetched at once: row by row in Python took most of the time.
        return _KEYS_BY_ID.run(conn, {"q": self.query})

    def ranked(self, conn: Connection, band: Band, size: int) -> list[Pair]:
        arguments = {"q": self.query, "low": band[0], "high": band[1], "n": size}
        ids = [article for (article,) in _BAND_RANKED.run(conn, arguments)]
        story_of: dict[int, int] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            statement = PlainStatement(
                "SELECT id, coalesce(cluster_id, -id) FROM articles "
                "INDEXED BY ix_articles_search_id "
                f"WHERE id IN ({','.join(map(str, chunk))})"
            )
            story_of.update(statement.run(conn, {}))
        return [(article, story_of[article]) for article in ids]

    def stories(self, conn: Connection) -> int:
        return scalar(conn, _STORIES, {"q": self.query})

    def holding(self, conn: Connection, ids: list[int]) -> set[int]:
        # The index's matches in the ids' range (the newest articles' ids are close
        # together), or among the ids themselves when one old id widens the range; no
        # text is read either way.
        if not ids:
            return set()
        low, high = min(ids), max(ids)
        if high - low > 8 * len(ids):
            listed = PlainStatement(f"{_MATCHING} AND rowid IN ({','.join(map(str, ids))})")
            return {article for (article,) in listed.run(conn, {"q": self.query})}
        arguments = {"q": self.query, "low": low, "high": high}
        return {article for (article,) in _IN_RANGE.run(conn, arguments)}.intersection(ids)


@dataclass(frozen=True)
class GinMatches:
    """PostgreSQL: `candidates` uses the GIN index; `exact` when they are the matches (every
    word of one or two letters: holding its bigram is holding it), else `condition` decides.
    Relevance is `rank` (occurrences per 1,000 letters), newest first among equals.

    The text is read once a row (`_read`): each mention of search_text in a condition or
    the rank would decompress it again (4 reads a row for one word's relevance)."""

    candidates: Any
    condition: Any
    exact: bool
    rank: Any
    kept: dict[str, list[Pair]] = field(default_factory=dict, compare=False)

    def _read(self, *where: Any, known: list[int] | None = None) -> Any:
        """The candidates passing `where` (or the `known` candidates), with their text read:
        OFFSET 0 keeps PostgreSQL from merging the subquery, so `text || ''` is computed
        (decompressed) once. Known candidates are read by id: with the GIN condition too,
        the planner may compute scwatch_grams() on each of them (2 ms a row)."""
        found = self.candidates if known is None else articles.c.id.in_(known)
        return (
            select(
                articles.c.id, _STORY.label("story"), newest_first_key.label("newest"),
                (articles.c.search_text + "").label("t"),
            )
            .where(found, *where)
            .offset(0)
            .subquery("read")
        )  # fmt: skip

    def _test(self, read: Any) -> list[Any]:
        """The substring test on the text of `read` (none when the candidates match)."""
        return [] if self.exact else [_on_text(self.condition, read.c.t)]

    def count_below(self, conn: Connection, bound: int) -> int:
        """Candidates are counted (the index alone), and when they are below `bound` the
        matches among them."""
        first = select(articles.c.id).where(self.candidates).limit(bound).subquery()
        counted = int(conn.execute(select(func.count()).select_from(first)).scalar_one())
        return self.count(conn) if counted < bound and not self.exact else counted

    def count(self, conn: Connection) -> int:
        if not self.exact:  # the matches are read anyway: keep them for the page's plan
            return len(self._every_match(conn))
        query = select(func.count()).select_from(articles).where(self.candidates)
        return int(conn.execute(query).scalar_one())

    def _every_match(self, conn: Connection) -> list[Pair]:
        """Every match newest first, each text read once, kept for the rest of the search
        (the exact count, the sorted page and the stories read the same rows)."""
        if "every" not in self.kept:
            read = self._read()
            query = (
                select(read.c.id, read.c.story)
                .where(*self._test(read))
                .order_by(read.c.newest.desc(), read.c.id.desc())
            )
            self.kept["every"] = [(row.id, row.story) for row in conn.execute(query)]
        return self.kept["every"]

    def count_in(self, conn: Connection, bands: list[Band]) -> float:
        """The candidates in `bands`, times the share of matches among SAMPLE of them for
        long words (the substring test on every one would read thousands of texts)."""
        inside = or_(*(and_(*_in(band)) for band in bands))
        query = select(articles.c.id).where(self.candidates, inside).order_by(articles.c.id)
        ids = list(conn.execute(query).scalars())
        if self.exact or not ids:
            return len(ids)
        sample = ids[:: max(1, len(ids) // SAMPLE)]
        return len(ids) * len(self.holding(conn, sample)) / len(sample)

    def holding(self, conn: Connection, ids: list[int]) -> set[int]:
        # The substring test decides for every word: `ids` need not be candidates.
        read = self._read(known=ids)
        test = _on_text(self.condition, read.c.t)
        return set(conn.execute(select(read.c.id).where(test)).scalars())

    def newest(self, conn: Connection) -> Walk:
        """The candidates' keys newest first (no text read: the index and the rows' keys),
        then the substring test on them a chunk at a time, as far as they are consumed."""
        query = (
            select(articles.c.id, _STORY)
            .where(self.candidates)
            .order_by(newest_first_key.desc(), articles.c.id.desc())
        )
        keys: list[Pair] = [(article, story) for article, story in conn.execute(query)]
        for start in range(0, len(keys), CHECK_CHUNK):
            chunk = keys[start : start + CHECK_CHUNK]
            if self.exact:
                yield from chunk
                continue
            holding = self.holding(conn, [article for article, _ in chunk])
            yield from (key for key in chunk if key[0] in holding)

    def all_newest(self, conn: Connection) -> list[Pair]:
        return list(self.newest(conn)) if self.exact else self._every_match(conn)

    def ranked(self, conn: Connection, band: Band, size: int) -> list[Pair]:
        read = self._read(*_in(band))
        query = (
            select(read.c.id, read.c.story)
            .where(*self._test(read))
            .order_by(_on_text(self.rank, read.c.t).desc(), read.c.newest.desc(),
                      read.c.id.desc())
            .limit(size)
        )  # fmt: skip
        return [(row.id, row.story) for row in conn.execute(query)]

    def stories(self, conn: Connection) -> int:
        if not self.exact:
            return len({story for _, story in self._every_match(conn)})
        query = select(func.count(_STORY.distinct())).where(self.candidates)
        return int(conn.execute(query).scalar_one())


def _on_text(expression: ColumnElement[Any], text_column: Any) -> ColumnElement[Any]:
    """`expression` with articles.search_text replaced by `text_column`."""

    def replace(element: Any, **_: Any) -> Any:
        return text_column if element is _TEXT else None

    options: dict[str, Any] = {}
    return replacement_traverse(expression, options, replace)


def _in(band: Band) -> list[Any]:
    if band == ALL_IDS:
        return []
    return [articles.c.id > band[0], articles.c.id <= band[1]]
