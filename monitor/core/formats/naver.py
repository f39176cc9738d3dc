"""The Naver News Search API: request URLs, response parsing, error reasons. Pure, no I/O.

Naver's own pages are never fetched (news.naver.com and n.news.naver.com disallow every
crawler in robots.txt): an item is followed through `originallink`, the publisher's URL, and
through `link` only when that is not on naver.com.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from scwatch.core.extract.cleanup import strip_tags
from scwatch.core.models import FeedEntry, Source
from scwatch.core.text.dates import parse_korean_datetime

__all__ = [
    "CLIENT_ID_ENV",
    "CLIENT_SECRET_ENV",
    "DAILY_CALL_LIMIT",
    "MAX_PAGES",
    "NAVER_NEWS_API",
    "PAGE_SIZE",
    "NaverCredentials",
    "NaverError",
    "NaverPage",
    "naver_credentials",
    "naver_error",
    "parse_naver_page",
    "search_url",
    "strip_markup",
    "worst_case_daily_calls",
]

NAVER_NEWS_API = "https://openapi.naver.com/v1/search/news.json"
CLIENT_ID_ENV = "SCWATCH_NAVER_CLIENT_ID"
CLIENT_SECRET_ENV = "SCWATCH_NAVER_CLIENT_SECRET"
# The API returns at most 100 items a call and never past result 1,000 (start <= 1000).
PAGE_SIZE = 100
MAX_PAGES = 10
# Calls a day for the whole Search API family, counted per client id.
DAILY_CALL_LIMIT = 25_000

_NAVER_HOST = re.compile(r"(?:^|\.)naver\.com$")


@dataclass(frozen=True)
class NaverCredentials:
    """The application's id and secret; repr never shows the secret."""

    client_id: str
    client_secret: str = field(repr=False)

    def headers(self) -> dict[str, str]:
        return {"X-Naver-Client-Id": self.client_id, "X-Naver-Client-Secret": self.client_secret}


@dataclass(frozen=True)
class NaverPage:
    """One page of results: the usable entries and what was left out, and why."""

    entries: list[FeedEntry]
    total: int
    returned: int
    naver_only: int = 0


@dataclass(frozen=True)
class NaverError:
    """An error answer: the code (SE01 …, or the HTTP status) and a reason to show."""

    code: str
    reason: str
    # Quota and authentication errors stop every later call of the run, not only this query.
    stops_run: bool


def naver_credentials(env: Mapping[str, str]) -> NaverCredentials | None:
    client_id = env.get(CLIENT_ID_ENV, "").strip()
    secret = env.get(CLIENT_SECRET_ENV, "").strip()
    return NaverCredentials(client_id, secret) if client_id and secret else None


def search_url(base: str, query: str, page: int) -> str:
    """The URL of result page `page` (1-based), newest first, 100 items a page."""
    start = 1 + (page - 1) * PAGE_SIZE
    params = {"query": query, "display": PAGE_SIZE, "start": start, "sort": "date"}
    separator = "&" if urlsplit(base).query else "?"
    return base + separator + urlencode(params)


def strip_markup(text: str) -> str:
    """Titles and descriptions carry <b> around the query words and HTML entities."""
    return " ".join(html.unescape(strip_tags(text or "")).split())


def is_naver_url(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return bool(_NAVER_HOST.search(host))


def article_url(item: Mapping[str, Any]) -> str | None:
    """The publisher's URL of an item: originallink, else link unless it is on naver.com."""
    for key in ("originallink", "link"):
        value = item.get(key)
        url = value.strip() if isinstance(value, str) else ""
        if urlsplit(url).scheme in ("http", "https") and not is_naver_url(url):
            return url
    return None


def _entry(item: Mapping[str, Any], url: str) -> FeedEntry:
    pub_date = item.get("pubDate")
    published = parse_korean_datetime(pub_date) if isinstance(pub_date, str) else None
    return FeedEntry(
        url=url,
        title=strip_markup(str(item.get("title") or "")),
        summary=strip_markup(str(item.get("description") or "")),
        published_at=published,
    )


def parse_naver_page(body: bytes) -> NaverPage:
    """Entries of a news.json answer; ValueError when the body is not that JSON."""
    data = json.loads(body.decode("utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise ValueError("the answer has no items list")
    items = [item for item in data["items"] if isinstance(item, dict)]
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    naver_only = 0
    for item in items:
        url = article_url(item)
        if url is None:
            naver_only += 1
            continue
        if url not in seen:
            seen.add(url)
            entries.append(_entry(item, url))
    total = data.get("total")
    return NaverPage(entries, total if isinstance(total, int) else 0, len(items), naver_only)


_STATUS_REASONS = {
    401: "authentication failed: check SCWATCH_NAVER_CLIENT_ID and SCWATCH_NAVER_CLIENT_SECRET",
    403: "call refused (the API needs https, and the application needs the 검색 API enabled)",
    429: f"daily quota exceeded ({DAILY_CALL_LIMIT:,} calls a day per client id); "
    "the next calls wait for tomorrow (KST)",
}


def naver_error(status: int, body: bytes) -> NaverError:
    """What an error answer means. The message never contains the credentials."""
    code, message = str(status), ""
    try:
        data = json.loads(body.decode("utf-8", "replace"))
    except ValueError:
        data = None
    if isinstance(data, dict):
        code = str(data.get("errorCode") or code)
        message = " ".join(str(data.get("errorMessage") or "").split())[:200]
    reason = _STATUS_REASONS.get(status) or message or "no error message"
    stops_run = status in (401, 403, 429)
    return NaverError(code, f"Naver API error {code} (HTTP {status}): {reason}", stops_run)


def worst_case_daily_calls(sources: Iterable[Source]) -> int:
    """Calls a day if every enabled naver source polled every interval with all its pages."""
    return sum(
        math.ceil(24 * 60 / max(1, s.interval_minutes)) * s.max_pages
        for s in sources
        if s.kind == "naver" and s.enabled
    )
