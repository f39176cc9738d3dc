"""Conditional GET and politeness against a loopback server, with the real `scrapy crawl`
subprocess: 304, a stale ETag over a changed body, an unchanged body without 304, the forced
full fetch, and Retry-After on 429 and 503."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from support.crawl import (
    TEST_CRAWL,
    fetch_rows,
    read_stored,
    run_crawl,
    stored_articles,
    write_config,
)
from support.korean_site import BUSAN, SEJONG, SONGDO, SUWON, rss
from support.loopback import LoopbackServer, Reply, honest_304, in_order

from scwatch.core.policy.polling import ScheduleSettings, plan_delay
from scwatch.storage import default_sqlite_url
from scwatch.storage.sources import get_source

pytestmark = pytest.mark.slow

RSS = "application/rss+xml; charset=utf-8"
DATE = "Tue, 04 Nov 2025 09:00:00 GMT"


@dataclass(frozen=True)
class Asked:
    path: str
    if_none_match: str | None
    if_modified_since: str | None


def asked_for(site: LoopbackServer, path: str) -> list[Asked]:
    """The validators of each request for `path`."""
    return [
        Asked(r.path, r.headers.get("if-none-match"), r.headers.get("if-modified-since"))
        for r in site.requests_to(path)
    ]


def feed(*articles: object) -> bytes:
    return rss("조건부 요청 시험", [(a.title, a.path, a.path, DATE) for a in articles])  # type: ignore[attr-defined]


def feed_stats(log: Path) -> dict[str, int]:
    """The scwatch/feed/* counters Scrapy dumps at the end of the crawl log."""
    text = log.read_text(encoding="utf-8")
    return {k: int(v) for k, v in re.findall(r"'scwatch/feed/([a-z_]+)': (\d+)", text)}


@pytest.fixture(scope="module")
def site() -> Iterator[LoopbackServer]:
    server = LoopbackServer()
    server.routes["/robots.txt"] = Reply(b"User-agent: *\nDisallow: /private/\n", "text/plain")
    for article in (BUSAN, SEJONG, SUWON, SONGDO):
        server.routes[article.path] = Reply(article.html())
    with server.running():
        yield server


def test_conditional_polls_skip_unchanged_feeds_and_catch_changed_ones(
    site: LoopbackServer, tmp_path: Path
) -> None:
    site.routes["/honest.xml"] = honest_304(Reply(feed(BUSAN), RSS, headers={"ETag": '"h1"'}))
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
        run_crawl("feeds", config, url, log, "-a", "sources=honest,stale", *settings)
        return feed_stats(log)

    assert crawl("first") == {"parsed": 2}
    assert [a.if_none_match for a in asked_for(site, "/honest.xml")] == [None]

    # Nothing changed: a 304 for one, the same body (validators ignored) for the other.
    assert crawl("second") == {"unchanged": 2, "not_modified": 1}
    assert asked_for(site, "/honest.xml")[-1].if_none_match == '"h1"'
    assert asked_for(site, "/stale.xml")[-1] == Asked("/stale.xml", '"same"', DATE)
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
    assert asked_for(site, "/honest.xml")[-1].if_none_match is None
    honest = read_stored(url, lambda conn: get_source(conn, "honest"))
    assert honest is not None and honest.polls_since_full == 0 and honest.etag == '"h1"'


def test_retry_after_on_429_and_503_is_waited_for(site: LoopbackServer, tmp_path: Path) -> None:
    wait = {"Retry-After": "1"}
    site.routes["/busy429.xml"] = in_order(
        Reply(b"busy", "text/plain", 429, wait),
        Reply(feed(SONGDO), RSS),
    )
    site.routes["/busy503.xml"] = in_order(
        Reply(b"busy", "text/plain", 503, wait), Reply(feed(BUSAN), RSS)
    )
    site.routes["/away.xml"] = Reply(b"away", "text/plain", 503, {"Retry-After": "7200"})
    sources = [
        {"slug": slug, "kind": "rss", "url": f"{site.base_url}/{slug}.xml"}
        for slug in ("busy429", "busy503", "away")
    ]
    config = write_config(tmp_path / "scwatch.toml", sources)
    url = default_sqlite_url(tmp_path / "scwatch.db")
    run_crawl("feeds", config, url, tmp_path / "feeds.log", "-a", "sources=busy429,busy503,away")

    for slug in ("busy429", "busy503"):
        first, second = [hit.at for hit in site.requests_to(f"/{slug}.xml")]
        assert second - first >= 1.0
        [latest] = fetch_rows(url, slug)
        assert (latest.status, latest.items, latest.error) == (200, 1, None)
    assert all(hit.user_agent == TEST_CRAWL["user_agent"] for hit in site.requests)
    assert site.requests_to("/robots.txt")

    # Two hours is past the crawl's limit: given up for this run, and the scheduler plans
    # the next poll no sooner than the server asked.
    [away] = fetch_rows(url, "away")
    assert away.error == "HTTP 503 Service Unavailable (Retry-After: 7200)"
    record = read_stored(url, lambda conn: get_source(conn, "away"))
    assert record is not None and record.failures == 1
    assert plan_delay(record, [], ScheduleSettings()).total_seconds() >= 7200
