"""The search page's data (Scwatch.find): story-collapsed hits with a snippet and the
(start, end) ranges to highlight in it, filters, order, "showing N of M" and paging, as one
JSON-ready dict."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import Query

from scwatch.api import DealFilter, Scwatch
from scwatch.core.errors import QueryError
from scwatch.core.records import SearchHit
from scwatch.core.views import article_dict

MAX_LIMIT = 100
# A free-text query parameter of the pages.
Text = Annotated[str | None, Query(max_length=500)]
FILTER_NAMES = ("date_from", "date_to", "source", "rule", "story", "kind", "status", "country")


class SearchParameters:
    """The search page's query parameters (a FastAPI dependency), shared by the page and
    its downloads so both read one search the same way."""

    def __init__(
        self,
        q: Annotated[str, Query(max_length=500)] = "",
        since: Text = None,
        date_from: Annotated[str | None, Query(alias="from", max_length=10)] = None,
        date_to: Annotated[str | None, Query(alias="to", max_length=10)] = None,
        source: Text = None,
        rule: Text = None,
        story: Text = None,
        kind: Text = None,
        status: Text = None,
        country: Text = None,
    ) -> None:
        self.q, self.since = q, since
        given = (date_from, date_to, source, rule, story, kind, status, country)
        self.given: dict[str, str | None] = dict(zip(FILTER_NAMES, given, strict=True))

    def filters(self) -> dict[str, Any]:
        """The filters as search_page takes them (the story as a number)."""
        return self.given | {"story": story_number(self.given["story"])}

    def form(self) -> dict[str, str]:
        """The values to show in the form and carry in its links ('' when not given)."""
        names = {"date_from": "from", "date_to": "to"}
        shown = {names.get(key, key): value or "" for key, value in self.given.items()}
        return {"since": self.since or ""} | shown


def story_number(text: str | None) -> int | None:
    """The `story` parameter; empty (as the search form and its page links send it) means
    any story. ASCII digits only: "²" passes str.isdigit but not int()."""
    if not text or not text.strip():
        return None
    digits = text.strip()
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 18:
        raise QueryError(f"story: expected a story number; got {text!r}")
    return int(digits)


def search_page(
    sw: Scwatch,
    *,
    q: str = "",
    since: datetime | None = None,
    order: str = "newest",
    offset: int = 0,
    limit: int = 20,
    **filters: Any,
) -> dict[str, Any]:
    """`filters`: date_from, date_to (KST days as text), source, rule, story, and the deal
    filter's kind, status and country; empty ones are ignored."""
    limit, offset = max(1, min(limit, MAX_LIMIT)), max(0, offset)
    page: dict[str, Any] = {
        "query": q, "order": order, "offset": offset, "limit": limit, "total": 0, "hits": [],
        "more": False, "total_exact": True,
    }  # fmt: skip
    if not q.strip():
        return page
    found = sw.find(
        q, since=since, order=order, limit=limit, offset=offset, **find_filters(filters)
    )
    page["hits"] = [_hit(hit) for hit in found.hits]
    page["total"] = found.total
    page["total_exact"] = found.total_exact  # False: an estimate for a very frequent word
    page["more"] = offset + len(found.hits) < found.total
    return page


def find_filters(given: dict[str, Any]) -> dict[str, Any]:
    """search_page's filters as Scwatch.find (and Scwatch.export) take them."""
    kind, status, country = (given.get(k) or None for k in ("kind", "status", "country"))
    return {
        "date_from": _day(given.get("date_from"), "from"),
        "date_to": _day(given.get("date_to"), "to"),
        "source": given.get("source") or None,
        "rule": given.get("rule") or None,
        "story": given.get("story"),
        "deal": _deal(kind, status, country),
    }


def _day(text: str | None, what: str) -> date | None:
    """A `from`/`to` parameter: a date (YYYY-MM-DD, the whole day in KST)."""
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise QueryError(f"{what}: expected a date such as 2025-01-01; got {text!r}") from None


def _deal(kind: str | None, status: str | None, country: str | None) -> DealFilter | None:
    if not (kind or status or country):
        return None
    return DealFilter(
        kinds=[kind] if kind else None,
        statuses=[status] if status else None,
        country=country or None,
    )


def _hit(hit: SearchHit) -> dict[str, Any]:
    return {
        "article": article_dict(hit.article),
        "story_id": hit.story_id,
        "copies": hit.copies,
        "snippet": hit.snippet,
        "highlights": [list(span) for span in hit.highlights],
    }
