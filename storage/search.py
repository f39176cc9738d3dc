"""Keyword search over the squeezed copy of each article.

Plain substring tests, not FTS: SQLite's trigram tokenizer cannot find 2-syllable Korean
terms such as 수출, and exact recall matters more here than ranking.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Connection

from scwatch.core.records import ArticleRecord
from scwatch.storage.articles import article_query, newest_first, to_record
from scwatch.storage.tables import articles


def search_articles(
    conn: Connection,
    terms: list[str],
    *,
    since: datetime | None = None,
    source: str | None = None,
    limit: int = 50,
) -> list[ArticleRecord]:
    """Articles whose search_text contains every term, newest first.

    Terms arrive squeezed (scwatch.core.text.folding.squeeze: the folding the rules use, no
    whitespace), so one never spans the newline between the squeezed title and body in
    search_text; % and _ in them are literal.
    """
    query = article_query()
    for term in terms:
        if term:
            query = query.where(articles.c.search_text.contains(term, autoescape=True))
    query = newest_first(query, since=since, source=source, limit=limit)
    return [to_record(row) for row in conn.execute(query)]
