"""The bigram index of search_text (scwatch.core.search.grams): which articles can hold a
query's words, and their relevance. Migration 0005 builds it; the database keeps it in
step with articles in the same transaction as every insert, update and delete.

- SQLite: `article_grams`, a contentless FTS5 table of the positioned bigram tokens, filled
  by triggers on articles that call `scwatch_grams()`, a function scwatch registers on each
  of its connections (storage/engine.py). A phrase of bigrams is exactly a substring, and
  its bm25 is the relevance.
- PostgreSQL: a GIN index over `scwatch_grams(search_text)`, the set of an article's bigrams
  and letters, an immutable SQL function; the server maintains it. An article must hold every
  bigram of a term; the substring test then decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Float,
    and_,
    bindparam,
    cast,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.types import Text

from scwatch.core.search import Contains, Every, Matcher, OneOf, positive_terms
from scwatch.core.search.grams import fts_term, gram_tokens, term_grams
from scwatch.storage.tables import articles

GRAMS_FUNCTION = "scwatch_grams"
FTS_TABLE = "article_grams"
PG_INDEX = "ix_articles_search_grams"
# The indexes of migration 0005 that the table metadata does not declare.
INDEXES = (PG_INDEX, "ix_articles_search_id", "ix_articles_search_newest")
_text = articles.c.search_text

def sqlite_grams(search_text: str | None) -> str:
    """`scwatch_grams()` on SQLite: the FTS5 document of a search_text."""
    return gram_tokens(search_text or "")


def register_sqlite_functions(dbapi_connection: Any) -> None:
    dbapi_connection.create_function(GRAMS_FUNCTION, 1, sqlite_grams, deterministic=True)


def is_index_object(name: str | None, type_: str) -> bool:
    """True for the index's own tables and index, which the table metadata does not declare
    (autogenerate comparisons leave them out)."""
    if name is None:
        return False
    return name in INDEXES or (type_ == "table" and name.startswith(FTS_TABLE))


def outside_search_index(obj: Any, name: str | None, type_: str, *_: Any) -> bool:
    """Alembic's include_object: everything but the search index's objects."""
    return not is_index_object(name, type_)


@dataclass(frozen=True)
class SearchSource:
    """Where a search reads its rows: `table` (articles, or articles joined to the FTS5
    match with its bm25), `narrowed` (a condition keeping the rows that can match, None
    when the index cannot narrow the query: only NOT or source: terms) and `rank` (higher
    is more relevant; None for newest first)."""

    table: Any
    narrowed: Any
    rank: Any


def search_source(conn: Connection, matcher: Matcher, relevance: bool) -> SearchSource:
    if conn.dialect.name == "postgresql":
        rank = occurrences(matcher) if relevance else None
        return SearchSource(articles, postgres_candidates(matcher), rank)
    query = fts_query(matcher)
    if query is None:
        return SearchSource(articles, None, occurrences(matcher) if relevance else None)
    match = literal_column(FTS_TABLE).op("MATCH")(bindparam("fts_query", query, type_=Text))
    fts = text(FTS_TABLE)
    if not relevance:
        matching: Any = select(literal_column("rowid")).select_from(fts).where(match)
        return SearchSource(articles, articles.c.id.in_(matching), None)
    # bm25() is smaller for better matches, and only defined inside the FTS5 query.
    scored = (
        select(
            literal_column("rowid").label("id"),
            literal_column(f"bm25({FTS_TABLE})").label("score"),
        )
        .select_from(fts)
        .where(match)
        .subquery("scored")
    )
    table = articles.join(scored, scored.c.id == articles.c.id)
    return SearchSource(table, None, -scored.c.score)


def fts_query(matcher: Matcher) -> str | None:
    """The FTS5 expression finding the articles the positive part of `matcher` needs."""
    if isinstance(matcher, Contains):
        return fts_term(matcher.term)
    if isinstance(matcher, Every):
        parts = [part for part in map(fts_query, matcher.children) if part is not None]
        return "(" + " AND ".join(parts) + ")" if parts else None
    if isinstance(matcher, OneOf):
        alternatives = [fts_query(child) for child in matcher.children]
        if not alternatives or None in alternatives:
            return None
        return "(" + " OR ".join(part for part in alternatives if part) + ")"
    return None  # NOT and source: narrow nothing


def postgres_candidates(matcher: Matcher) -> Any:
    """The GIN index's condition: the articles holding every bigram of each word."""
    # Imported here: the PostgreSQL dialect costs a SQLite reader about 25 ms of start-up.
    from sqlalchemy.dialects.postgresql import ARRAY

    if isinstance(matcher, Contains):
        grams = cast(literal(term_grams(matcher.term), ARRAY(Text)), ARRAY(Text))
        return getattr(func, GRAMS_FUNCTION)(_text).op("@>")(grams)
    if isinstance(matcher, Every):
        parts = [part for part in map(postgres_candidates, matcher.children) if part is not None]
        return parts[0] if len(parts) == 1 else (None if not parts else and_(*parts))
    if isinstance(matcher, OneOf):
        alternatives = [postgres_candidates(child) for child in matcher.children]
        if not alternatives or any(part is None for part in alternatives):
            return None
        return or_(*alternatives)
    return None


def occurrences(matcher: Matcher) -> Any:
    """How often the query's words occur per 1,000 letters: the relevance of a scan."""
    total: Any = literal(0.0)
    for term in positive_terms(matcher):
        size = len(term.term)
        removed = func.length(func.replace(_text, literal(term.term), literal("")))
        total = total + cast(func.length(_text) - removed, Float) / size
    return total * 1000.0 / (func.length(_text) + 200)
