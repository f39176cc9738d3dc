"""FeedSpider: fetch each RSS/Atom source, follow the entries not stored yet.

Feeds are polled conditionally: the stored ETag and Last-Modified go out as If-None-Match and
If-Modified-Since, and a 304 is recorded as a successful fetch with no items and no parse.
A 200 whose body hashes to the stored hash is not parsed either (some servers ignore the
validators, or send a stale ETag). Every SCWATCH_FULL_FETCH_EVERY-th poll is unconditional
and always parsed, so a server that answers 304 wrongly cannot hide changes for long.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterator
from typing import Protocol

from scrapy.http import Request, Response

from scwatch.core.formats.rss import feed_entries, feed_problem, parse_feed_text
from scwatch.core.text.decoding import decode_feed
from scwatch.services.sources import list_sources
from scwatch.spiders.base import SourceSpider
from scwatch.spiders.context import FeedState

FULL_FETCH_EVERY_SETTING = "SCWATCH_FULL_FETCH_EVERY"
DEFAULT_FULL_FETCH_EVERY = 10


class FeedHistory(Protocol):
    """What a source record tells about the previous polls of its feed."""

    @property
    def etag(self) -> str | None: ...
    @property
    def last_modified(self) -> str | None: ...
    @property
    def body_hash(self) -> str | None: ...
    @property
    def polls_since_full(self) -> int: ...


def needs_full_fetch(state: FeedHistory | None, every: int) -> bool:
    """Unconditional (and always parsed): no state yet, or the every-N-th poll is due."""
    if state is None or not (state.etag or state.last_modified or state.body_hash):
        return True
    return state.polls_since_full + 1 >= every


def conditional_headers(state: FeedHistory | None, full: bool) -> dict[str, str]:
    if full or state is None:
        return {}
    headers = {}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    return headers


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


class FeedSpider(SourceSpider):
    name = "feeds"
    source_kind = "rss"

    async def source_requests(self) -> AsyncIterator[Request]:
        states = {s.slug: s for s in list_sources(self.context.runtime.db)}
        every = self.crawler.settings.getint(FULL_FETCH_EVERY_SETTING, DEFAULT_FULL_FETCH_EVERY)
        for source in self.sources:
            state = states.get(source.slug)
            full = needs_full_fetch(state, every)
            yield self.source_request(
                source.url,
                source.slug,
                self.parse_feed,
                self.max_feed_bytes,
                headers=conditional_headers(state, full),
                meta={"handle_httpstatus_list": [304]},
                known_hash=None if full or state is None else state.body_hash,
                full=full,
            )

    def parse_feed(
        self, response: Response, source: str, known_hash: str | None = None, full: bool = True
    ) -> Iterator[Request]:
        stats = self.crawler.stats
        if response.status == 304:
            stats.inc_value("scwatch/feed/unchanged")
            stats.inc_value("scwatch/feed/not_modified")
            # The stored validators stay as they are (None keeps them).
            self.note_source_fetch(response, source, 0, feed=FeedState(None, None, None, full))
            return
        validators = self._validators(response, full)
        if known_hash is not None and validators.body_hash == known_hash:
            stats.inc_value("scwatch/feed/unchanged")
            self.note_source_fetch(response, source, 0, feed=validators)
            return
        stats.inc_value("scwatch/feed/parsed")
        yield from self._parse_entries(response, source, validators)

    def _validators(self, response: Response, full: bool) -> FeedState:
        """What the next conditional request sends; '' clears a validator the server dropped."""
        etag = response.headers.get("ETag")
        modified = response.headers.get("Last-Modified")
        return FeedState(
            etag=etag.decode("latin-1") if etag else "",
            last_modified=modified.decode("latin-1") if modified else "",
            body_hash=body_hash(response.body),
            full_fetch=full,
        )

    def _parse_entries(
        self, response: Response, source: str, validators: FeedState
    ) -> Iterator[Request]:
        content_type = response.headers.get("Content-Type")
        text = decode_feed(response.body, content_type.decode("latin-1") if content_type else None)
        parsed = parse_feed_text(text)
        entries = feed_entries(parsed, response.url)
        problem = feed_problem(parsed, len(entries), text)
        if problem:
            self.note_source_fetch(response, source, 0, problem)
            return
        if parsed.get("bozo"):
            # Recovered: the entries are used, the feed's owner may want to know.
            self.crawler.stats.inc_value("scwatch/feed/bozo")
            self.logger.info(
                "%s: feed has errors but was read: %s", source, parsed.get("bozo_exception")
            )
        self.note_source_fetch(response, source, len(entries), feed=validators)
        fresh = self.unseen([entry.url for entry in entries], source)
        for entry in entries:
            if entry.url in fresh:
                yield self.article_request(entry.url, source, entry)
