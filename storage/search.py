"""Keyword search over the squeezed copy of each article (`Scwatch.search`).

Substring tests, so 2-syllable Korean terms such as 수출 are found inside compounds; the
bigram index (storage/search_index.py) narrows the rows they read. `Scwatch.find` and its
filters, pages and snippets live in storage/finder.py.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.engine import Connection

from scwatch.core.records import ArticleRecord, DealQuery
from scwatch.core.search import Contains, Every
from scwatch.storage.articles import article_query, newest_first, to_record
from scwatch.storage.deals import deal_conditions
from scwatch.storage.search_index import search_source
from scwatch.storage.tables import articles, deals


def search_articles(
    conn: Connection,
    terms: list[str],
    *,
    since: datetime | None = None,
    source: str | None = None,
    deal: DealQuery | None = None,
    limit: int = 50,
    published_since: datetime | None = None,
) -> list[ArticleRecord]:
    """Articles whose search_text contains every term, newest first. `since` keeps the
    articles first seen since then, `published_since` those published since then.

    Terms arrive squeezed (scwatch.core.text.folding.squeeze: the folding the rules use, no
    whitespace), so one never spans the newline between the squeezed title and body in
    search_text; % and _ in them are literal. `deal` keeps the articles reporting a deal
    with those fields (kind, status, country, party).
    """
    query = article_query()
    words = [term for term in terms if term]
    for term in words:
        query = query.where(articles.c.search_text.contains(term, autoescape=True))
    if words:
        matcher = Every(tuple(Contains(term) for term in words))
        narrowed = search_source(conn, matcher, relevance=False).narrowed
        if narrowed is not None:
            query = query.where(narrowed)
    if deal is not None:
        with_deal = select(deals.c.article_id).where(*deal_conditions(deal))
        query = query.where(articles.c.id.in_(with_deal))
    query = newest_first(
        query, since=published_since, seen_since=since, source=source, limit=limit
    )
    return [to_record(row) for row in conn.execute(query)]
