"""The search page's data: story-collapsed hits with a snippet and the (start, end) ranges to
highlight in it, filters, order and paging, as one JSON-ready dict."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from scwatch.api import DealFilter, Scwatch
from scwatch.core.errors import QueryError
from scwatch.core.text.folding import fold
from scwatch.core.text.query import search_terms
from scwatch.core.views import article_dict

ORDERS = ("newest", "relevance")
SNIPPET_CHARS = 160
MAX_LIMIT = 100


def search_page(
    sw: Scwatch,
    *,
    q: str = "",
    since: datetime | None = None,
    source: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    country: str | None = None,
    order: str = "newest",
    offset: int = 0,
    limit: int = 20,
) -> dict[str, Any]:
    if order not in ORDERS:
        raise QueryError(f"order must be one of {', '.join(ORDERS)}")
    limit, offset = max(1, min(limit, MAX_LIMIT)), max(0, offset)
    page: dict[str, Any] = {
        "query": q, "order": order, "offset": offset, "limit": limit, "total": 0, "hits": [],
    }
    if not q.strip():
        return page
    deal = _deal(kind, status, country)
    found = sw.search_stories(
        q, since=since, source=source or None, deal=deal, limit=offset + limit + 1
    )
    shown = found[offset : offset + limit]
    terms = search_terms(q)
    page["hits"] = [_hit(hit.article, hit.story_id, hit.copies, terms) for hit in shown]
    # Without a count from the index: the total is known only on the last page.
    page["total"] = offset + len(found[offset:])
    page["more"] = len(found) > offset + limit
    return page


def _deal(kind: str | None, status: str | None, country: str | None) -> DealFilter | None:
    if not (kind or status or country):
        return None
    return DealFilter(
        kinds=[kind] if kind else None,
        statuses=[status] if status else None,
        country=country or None,
    )


def _hit(article: Any, story_id: int | None, copies: int, terms: list[str]) -> dict[str, Any]:
    snippet, highlights = snippet_of(article.body or article.title, terms)
    return {
        "article": article_dict(article),
        "story_id": story_id,
        "copies": copies,
        "snippet": snippet,
        "highlights": highlights,
    }


def snippet_of(text: str, terms: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """About SNIPPET_CHARS characters of `text` around the first term found, and where
    each term occurs in them (folded as the search folds)."""
    flat = " ".join(text.split())
    folded = fold(flat)
    starts = [folded.find(fold(term)) for term in terms if term]
    first = min((s for s in starts if s >= 0), default=0)
    begin = max(0, first - SNIPPET_CHARS // 3)
    snippet = flat[begin : begin + SNIPPET_CHARS]
    ranges: list[tuple[int, int]] = []
    folded_snippet = fold(snippet)
    for term in terms:
        for match in re.finditer(re.escape(fold(term)), folded_snippet):
            if all(match.end() <= s or match.start() >= e for s, e in ranges):
                ranges.append(match.span())
    prefix = "…" if begin else ""
    shifted = [(s + len(prefix), e + len(prefix)) for s, e in sorted(ranges)]
    suffix = "…" if begin + SNIPPET_CHARS < len(flat) else ""
    return prefix + snippet + suffix, shifted
