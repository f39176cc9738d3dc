"""Conditional GET and politeness against a loopback server, with the real `scrapy crawl`
subprocess: 304, a stale ETag over a changed body, an unchanged body without 304, the forced
full fetch, and Retry-After on 429 and 503."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from crawl_helpers import TEST_CRAWL, fetch_rows, run_scrapy, stored_articles, write_config
from fixture_server import FixtureServer, Reply
from korean_site import BUSAN, SEJONG, SONGDO, SUWON, rss

from scwatch.core.policy.polling import ScheduleSettings, plan_delay
from scwatch.storage import default_sqlite_url, open_database
from scwatch.storage.sources import get_source

pytestmark = pytest.mark.slow

RSS = "application/rss+xml; charset=utf-8"
DATE = "Tue, 04 Nov 2025 09:00:00 GMT"


@dataclass(frozen=True)
class Asked:
    path: str
    if_none_match: str | None
    if_modified_since: str | None


class ConditionalServer(FixtureServer):
    """The fixture server, plus: it notes each request's validators, and answers 304 on the
    paths in `honest` when If-None-Match matches the ETag it would send."""

    def __init__(self) -> None:
        self.asked: list[Asked] = []
        self.honest: set[str] = set()
        super().__init__()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        plain = super()._handler_class()
        server = self

        class Handler(plain):  # type: ignore[misc, valid-type]
            def do_GET(self) -> None:
                etag = self.headers.get("If-None-Match")
                server.asked.append(Asked(self.path, etag, self.headers.get("If-Modified-Since")))
                route = server.routes.get(self.path)
                current = route.headers.get("ETag") if isinstance(route, Reply) else None
                if self.path in server.honest and etag is not None and etag == current:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                super().do_GET()

        return Handler

    def asked_for(self, path: str) -> list[Asked]:
        return [a for a in self.asked if a.path == path]


def feed(*articles: object) -> bytes:
    return rss("조건부 요청 시험", [(a.title, a.path, a.path, DATE) for a in articles])  # type: ignore[attr-defined]


def feed_stats(log: Path) -> dict[str, int]:
    """The scwatch/feed/* counters Scrapy dumps at the end of the crawl log."""
    text = log.read_text(encoding="utf-8")
    return {k: int(v) for k, v in re.findall(r"'scwatch/feed/([a-z_]+)': (\d+)", text)}


@pytest.fixture(scope="module")
def site() -> Iterator[ConditionalServer]:
    server = ConditionalServer()
    server.routes["/robots.txt"] = Reply(b"User-agent: *\nDisallow: /private/\n", "text/plain")
    for article in (BUSAN, SEJONG, SUWON, SONGDO):
        server.routes[article.path] = Reply(article.html())
    with server.running():
        yield server


def test_conditional_polls_skip_unchanged_feeds_and_catch_changed_ones(
    site: ConditionalServer, tmp_path: Path
) -> None:
    site.honest.add("/honest.xml")
    site.routes["/honest.xml"] = Reply(feed(BUSAN), RSS, headers={"ETag": '"h1"'})
    site.routes["/stale.xml"] = Reply(
        feed(SEJONG), RSS, headers={"ETag": '"same"', "Last-Modified": DATE}
    )
    sources = [
        {"slug": slug, "kind": "rss", "url": f"{site.base_url}/{slug}.xml", "name": slug}
        for slug in ("honest", "stale")
    ]
    config = write_config(tmp_path / "scwatch.toml", sources)
    url = default_sqlite_url(tmp_path / "scwatch.db")

    def crawl(run: str, *settings: str) -> dict[str, int]:
        log = tmp_path / f"{run}.log"
        run_scrapy("feeds", config, url, log, "-a", "sources=honest,stale", *settings)
        return feed_stats(log)

    assert crawl("first") == {"parsed": 2}
    assert [a.if_none_match for a in site.asked_for("/honest.xml")] == [None]

    # Nothing changed: a 304 for one, the same body (validators ignored) for the other.
    assert crawl("second") == {"unchanged": 2, "not_modified": 1}
    assert site.asked_for("/honest.xml")[-1].if_none_match == '"h1"'
    assert site.asked_for("/stale.xml")[-1] == Asked("/stale.xml", '"same"', DATE)
    [latest, *_] = fetch_rows(url, "honest")
    assert (latest.status, latest.items, latest.new_items, latest.error) == (304, 0, 0, None)

    # The stale-ETag server changed its feed but not its ETag: the body hash notices.
    site.routes["/stale.xml"] = Reply(
        feed(SUWON, SEJONG), RSS, headers={"ETag": '"same"', "Last-Modified": DATE}
    )
    assert crawl("third") == {"parsed": 1, "unchanged": 1, "not_modified": 1}
    [latest, *_] = fetch_rows(url, "stale")
    assert (latest.status, latest.items, latest.new_items) == (200, 2, 1)
    stored = {a.url.removeprefix(site.base_url) for a in stored_articles(url)}
    assert stored == {BUSAN.path, SEJONG.path, SUWON.path}

    # Every N-th poll is unconditional and parsed, whatever the server says.
    assert crawl("fourth", "-s", "SCWATCH_FULL_FETCH_EVERY=3") == {"parsed": 2}
    assert site.asked_for("/honest.xml")[-1].if_none_match is None
    db = open_database(url)
    with db.read() as conn:
        honest = get_source(conn, "honest")
    db.dispose()
    assert honest is not None and honest.polls_since_full == 0 and honest.etag == '"h1"'


def test_retry_after_on_429_and_503_is_waited_for(site: ConditionalServer, tmp_path: Path) -> None:
    wait = {"Retry-After": "1"}
    site.routes["/busy429.xml"] = [
        Reply(b"busy", "text/plain", 429, wait),
        Reply(feed(SONGDO), RSS),
    ]
    site.routes["/busy503.xml"] = [Reply(b"busy", "text/plain", 503, wait), Reply(feed(BUSAN), RSS)]
    site.routes["/away.xml"] = Reply(b"away", "text/plain", 503, {"Retry-After": "7200"})
    sources = [
        {"slug": slug, "kind": "rss", "url": f"{site.base_url}/{slug}.xml"}
        for slug in ("busy429", "busy503", "away")
    ]
    config = write_config(tmp_path / "scwatch.toml", sources)
    url = default_sqlite_url(tmp_path / "scwatch.db")
    run_scrapy("feeds", config, url, tmp_path / "feeds.log", "-a", "sources=busy429,busy503,away")

    for slug in ("busy429", "busy503"):
        first, second = [hit.at for hit in site.hits_for(f"/{slug}.xml")]
        assert second - first >= 1.0
        [latest] = fetch_rows(url, slug)
        assert (latest.status, latest.items, latest.error) == (200, 1, None)
    assert all(hit.user_agent == TEST_CRAWL["user_agent"] for hit in site.hits)
    assert site.hits_for("/robots.txt")

    # Two hours is past the crawl's limit: given up for this run, and the scheduler plans
    # the next poll no sooner than the server asked.
    [away] = fetch_rows(url, "away")
    assert away.error == "HTTP 503 Service Unavailable (Retry-After: 7200)"
    db = open_database(url)
    with db.read() as conn:
        record = get_source(conn, "away")
    db.dispose()
    assert record is not None and record.failures == 1
    assert plan_delay(record, [], ScheduleSettings()).total_seconds() >= 7200
