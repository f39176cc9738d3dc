"""The archive's search query: a compiled search (scwatch.core.search) as SQL, with its
filters, newest-first or relevance order, story collapsing, a total count and paging.

Every term is tested as a substring of search_text, the squeezed title and body, so the
results are exactly those of a scan; the bigram index (storage/search_index.py) only
narrows the rows that test reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    and_,
    false,
    func,
    literal,
    not_,
    or_,
    select,
    true,
)
from sqlalchemy.engine import Connection

from scwatch.core.records import ArticleRecord, SearchFilters
from scwatch.core.search import (
    Contains,
    Every,
    Matcher,
    Neither,
    OneOf,
    SourceIs,
    accepts,
    index_decides,
)
from scwatch.storage.articles import records_by_id
from scwatch.storage.deals import deal_conditions
from scwatch.storage.fts_search import fts_page
from scwatch.storage.index_matches import index_matches
from scwatch.storage.search_index import search_source
from scwatch.storage.tables import articles, clusters, deals, matches, newest_first_key

ORDERS = ("newest", "relevance")
_text = articles.c.search_text


@dataclass(frozen=True)
class FoundArticle:
    article: ArticleRecord
    copies: int  # matching articles of its story (1 when not collapsed)


@dataclass(frozen=True)
class Found:
    articles: list[FoundArticle]
    total: int
    total_exact: bool = True


def find_articles(
    conn: Connection,
    matcher: Matcher,
    filters: SearchFilters,
    *,
    order: str = "newest",
    limit: int = 20,
    offset: int = 0,
    collapse: bool = True,
) -> Found:
    """One page of the articles `matcher` accepts, and how many there are in all (stories
    when collapsed: each story's best article stands for it, with its count of matches)."""
    if _fast_path(conn, matcher, filters):
        return _from_fts(conn, matcher, order, limit, offset, collapse)
    source = search_source(conn, matcher, relevance=order == "relevance")
    conditions = [_condition(conn, matcher), *_filter_conditions(filters)]
    if source.narrowed is not None:
        conditions.insert(0, source.narrowed)
    rows = _Rows(source.table, and_(*conditions), _ordering(source.rank))
    if collapse:
        page, total = _collapsed(conn, rows, limit, offset)
    else:
        page, total = _plain(conn, rows, limit, offset)
    found = records_by_id(conn, [article_id for article_id, _ in page])
    return Found([FoundArticle(found[i], copies) for i, copies in page if i in found], total)


def _fast_path(conn: Connection, matcher: Matcher, filters: SearchFilters) -> bool:
    """No filters, and a query the bigram index answers by itself (words, AND, OR)."""
    return filters == SearchFilters() and index_decides(matcher)


def _from_fts(
    conn: Connection, matcher: Matcher, order: str, limit: int, offset: int, collapse: bool
) -> Found:
    condition = _condition(conn, matcher)
    index = index_matches(conn, matcher, condition)
    page = fts_page(
        conn, index, condition, order=order, limit=limit, offset=offset, collapse=collapse
    )
    found = records_by_id(conn, [article_id for article_id, _ in page.ids])
    # The substring test on each hit shown: the index never decides alone what people see.
    hits = [
        FoundArticle(found[i], copies)
        for i, copies in page.ids
        if i in found and accepts(matcher, found[i].search_text, found[i].source)
    ]
    return Found(hits, page.total, page.exact)


def _ordering(rank: Any) -> list[Any]:
    newest = [newest_first_key.desc(), articles.c.id.desc()]
    return newest if rank is None else [rank.desc(), *newest]


@dataclass(frozen=True)
class _Rows:
    table: Any
    where: Any
    ordering: list[Any]


def _plain(
    conn: Connection, rows: _Rows, limit: int, offset: int
) -> tuple[list[tuple[int, int]], int]:
    query = select(articles.c.id).select_from(rows.table).where(rows.where)
    query = query.order_by(*rows.ordering).limit(limit).offset(offset)
    page = [(article_id, 1) for article_id in conn.execute(query).scalars()]
    count = select(func.count()).select_from(rows.table).where(rows.where)
    return page, int(conn.execute(count).scalar_one())


def _collapsed(
    conn: Connection, rows: _Rows, limit: int, offset: int
) -> tuple[list[tuple[int, int]], int]:
    story = func.coalesce(articles.c.cluster_id, -articles.c.id)
    ranked = (
        select(
            articles.c.id.label("id"),
            func.row_number().over(partition_by=story, order_by=rows.ordering).label("place"),
            func.count().over(partition_by=story).label("copies"),
            func.row_number().over(order_by=rows.ordering).label("position"),
        )
        .select_from(rows.table)
        .where(rows.where)
        .subquery()
    )
    best = select(ranked.c.id, ranked.c.copies).where(ranked.c.place == 1)
    query = best.order_by(ranked.c.position).limit(limit).offset(offset)
    page = [(row.id, int(row.copies)) for row in conn.execute(query)]
    count = select(func.count()).select_from(ranked).where(ranked.c.place == 1)
    return page, int(conn.execute(count).scalar_one())


def _position(conn: Connection, text: Any, term: str) -> Any:
    """1-based position of `term` in `text`, 0 when absent (instr / strpos)."""
    name = "strpos" if conn.dialect.name == "postgresql" else "instr"
    return getattr(func, name)(text, literal(term))


def _condition(conn: Connection, matcher: Matcher) -> Any:
    if isinstance(matcher, Contains):
        return _contains(conn, matcher)
    if isinstance(matcher, SourceIs):
        return articles.c.source == matcher.slug
    if isinstance(matcher, Every):
        return and_(true(), *(_condition(conn, child) for child in matcher.children))
    if isinstance(matcher, OneOf):
        return or_(false(), *(_condition(conn, child) for child in matcher.children))
    assert isinstance(matcher, Neither)
    return not_(_condition(conn, matcher.child))


def _contains(conn: Connection, term: Contains) -> Any:
    found = _position(conn, _text, term.term)
    if term.field is None:
        return found > 0
    newline = _position(conn, _text, "\n")
    if term.field == "title":
        return and_(found > 0, found < newline)
    body = func.substr(_text, newline + 1)
    return _position(conn, body, term.term) > 0


def _filter_conditions(filters: SearchFilters) -> list[Any]:
    found: list[Any] = []
    if filters.seen_since is not None:
        found.append(articles.c.first_seen_at >= filters.seen_since)
    if filters.published_from is not None:
        found.append(newest_first_key >= filters.published_from)
    if filters.published_to is not None:
        found.append(newest_first_key < filters.published_to)
    if filters.source:
        found.append(articles.c.source == filters.source)
    if filters.rule:
        matched = select(matches.c.article_id).where(matches.c.rule == filters.rule)
        found.append(articles.c.id.in_(matched))
    if filters.story is not None:
        merged = select(clusters.c.merged_into).where(clusters.c.id == filters.story)
        found.append(
            or_(
                articles.c.cluster_id == filters.story,
                articles.c.cluster_id == merged.scalar_subquery(),
            )
        )
    if filters.deal is not None:
        with_deal = select(deals.c.article_id).where(*deal_conditions(filters.deal))
        found.append(articles.c.id.in_(with_deal))
    return found
