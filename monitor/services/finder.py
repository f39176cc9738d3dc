"""Finding articles in the archive: one page of hits with snippets, and the total."""

from __future__ import annotations

from scwatch.core.records import SearchFilters, SearchHit, SearchPage
from scwatch.core.search import Matcher, positive_terms, snippet_of
from scwatch.storage import Database
from scwatch.storage.finder import find_articles


def find_page(
    db: Database,
    query: str,
    matcher: Matcher,
    filters: SearchFilters,
    *,
    order: str,
    limit: int,
    offset: int,
    collapse: bool,
) -> SearchPage:
    """The hits from `offset` on (at most `limit`), each with a snippet of its body around
    the words found and their ranges in it; `total` counts them all."""
    with db.read() as conn:
        found = find_articles(
            conn, matcher, filters, order=order, limit=limit, offset=offset, collapse=collapse
        )
    terms = [term.term for term in positive_terms(matcher)]
    hits = []
    for item in found.articles:
        snippet, highlights = snippet_of(item.article.body, terms)
        hits.append(
            SearchHit(item.article, snippet, highlights, item.article.cluster_id, item.copies)
        )
    return SearchPage(hits, found.total, query, order, offset, limit, found.total_exact)
