"""NaverSpider: poll the Naver News Search API (sort=date) and follow the publishers' URLs.

Quota (25,000 calls a day per client id): API calls go out one at a time, each source makes
at most `max_pages` calls a run, paging stops as soon as a page holds an article already
stored (results are newest first), calls are never retried, and a 401/403/429 answer stops
every further call of the run, with the reason in each source's fetch log. Pages on
naver.com are never requested (its robots.txt disallows all crawlers).
"""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

from scrapy.http import Request, Response
from twisted.python.failure import Failure

from scwatch.core.formats.naver import (
    CLIENT_ID_ENV,
    CLIENT_SECRET_ENV,
    DAILY_CALL_LIMIT,
    MAX_PAGES,
    PAGE_SIZE,
    NaverCredentials,
    NaverPage,
    naver_credentials,
    naver_error,
    parse_naver_page,
    search_url,
    worst_case_daily_calls,
)
from scwatch.core.models import Source
from scwatch.spiders.base import SourceSpider

MISSING_CREDENTIALS = f"{CLIENT_ID_ENV} and {CLIENT_SECRET_ENV} must both be set"


class NaverSpider(SourceSpider):
    name = "naver"
    source_kind = "naver"
    credentials: NaverCredentials | None = None
    # Sources not called yet, in configuration order.
    waiting: deque[Source]
    # Set by a quota or authentication error: no further API call is made in this run.
    halted: str = ""

    async def source_requests(self) -> AsyncIterator[Request]:
        config = self.config
        self.credentials = naver_credentials(config.env)
        self.waiting = deque(self.sources)
        if self.credentials is None:
            self._skip_waiting(MISSING_CREDENTIALS)
            return
        planned = worst_case_daily_calls(config.sources)
        if planned > DAILY_CALL_LIMIT:
            self.logger.warning(
                "naver sources may make %d calls a day, over the %d-call quota: "
                "raise their interval or lower max_pages",
                planned,
                DAILY_CALL_LIMIT,
            )
        for request in self._next_source():
            yield request

    def _next_source(self) -> Iterator[Request]:
        """The first call of the next waiting source (calls go out one at a time)."""
        if self.halted:
            self._skip_waiting(f"not called: {self.halted}")
            return
        if self.waiting and self.credentials is not None:
            yield self.api_request(self.waiting.popleft(), 1, self.credentials)

    def api_request(self, source: Source, page: int, credentials: NaverCredentials) -> Request:
        self.crawler.stats.inc_value("scwatch/naver/calls")
        request = self.source_request(
            search_url(source.url, source.query, page),
            source.slug,
            self.parse_results,
            self.max_feed_bytes,
            headers={**credentials.headers(), "Accept": "application/json"},
            # Every call counts against the quota: no retries; an API is not a crawl target.
            meta={"handle_httpstatus_all": True, "dont_retry": True, "dont_obey_robotstxt": True},
            page=page,
        )
        return request.replace(errback=self.api_failed)

    def parse_results(self, response: Response, source: str, page: int) -> Iterator[Request]:
        try:
            articles, next_page = self._follow_page(response, source, page)
        except Exception as exc:  # one bad answer must not stop the other sources' calls
            self.note_source_fetch(response, source, 0, f"could not read the answer: {exc}")
            articles, next_page = [], None
        yield from articles
        if next_page is not None:
            yield next_page
        else:
            yield from self._next_source()

    def _follow_page(
        self, response: Response, source: str, page: int
    ) -> tuple[list[Request], Request | None]:
        """Article requests for the page's unseen results, and the next page's call if the
        page's oldest result is still unseen (results come newest first: sort=date)."""
        config = next(s for s in self.sources if s.slug == source)
        result = self._read_page(response, source)
        if result is None:
            return [], None
        fresh = self.unseen([entry.url for entry in result.entries], source)
        articles = [
            self.article_request(e.url, source, e) for e in result.entries if e.url in fresh
        ]
        caught_up = not result.entries or result.entries[-1].url not in fresh
        more = result.returned >= PAGE_SIZE and page * PAGE_SIZE < result.total
        within_cap = page < min(config.max_pages, MAX_PAGES)
        if more and within_cap and not caught_up and self.credentials is not None:
            return articles, self.api_request(config, page + 1, self.credentials)
        return articles, None

    def _read_page(self, response: Response, source: str) -> NaverPage | None:
        """The page's results, or None after recording why there are none."""
        if response.status != 200:
            error = naver_error(response.status, response.body)
            if error.stops_run:
                self.halted = error.reason
            self.note_source_fetch(response, source, 0, error.reason)
            return None
        try:
            result = parse_naver_page(response.body)
        except (ValueError, UnicodeDecodeError) as exc:
            self.note_source_fetch(response, source, 0, f"not a Naver API answer: {exc}")
            return None
        if result.naver_only:
            # Items hosted only on naver.com: their pages may not be crawled.
            self.crawler.stats.inc_value("scwatch/naver/naver_only", result.naver_only)
        self.note_source_fetch(response, source, len(result.entries))
        return result

    def api_failed(self, failure: Failure) -> Iterator[Request]:
        self.source_failed(failure)
        yield from self._next_source()

    def _skip_waiting(self, reason: str) -> None:
        now = datetime.now(UTC)
        while self.waiting:
            source = self.waiting.popleft()
            self.context.note_fetch(source.slug, source.url, now, None, 0, reason)
            self.crawler.stats.inc_value("scwatch/source/failed")
            self.logger.warning("%s: %s", source.slug, reason)
