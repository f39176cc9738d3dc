"""Scrapy's compression bombs from the shared corpora (read in place, never copied; skipped
when ../shared/corpora is absent), served gzip/deflate/br/zstd-encoded to a real crawl,
which must refuse them by size without a crash."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.crawl import TEST_CRAWL, fetch_rows, run_crawl, stored_articles, write_config
from support.loopback import LoopbackServer, Reply
from support.paths import CORPORA, need

COMPRESSED = CORPORA / "scrapy-compressed"
LIMIT = 1_000_000
ENCODED = {
    "gzip": ("bomb-gzip.bin", "gzip"),
    "deflate": ("bomb-deflate.bin", "deflate"),
    "br": ("bomb-br.bin", "br"),
    "zstd": ("bomb-zstd.bin", "zstd"),
    "crc": ("truncated-crc-error.gz", "gzip"),
    "eof": ("unexpected-eof.gz", "gzip"),
}


def encoded(name: str, content_type: str) -> Reply:
    filename, encoding = ENCODED[name]
    body = (COMPRESSED / filename).read_bytes()
    return Reply(body, content_type, headers={"Content-Encoding": encoding})


def article_feed(base: str) -> bytes:
    items = "".join(
        f"<item><title>폭탄 {name}</title><link>{base}/articles/{name}.html</link></item>"
        for name in ENCODED
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()


@pytest.fixture(scope="module")
def bomb_site() -> Iterator[LoopbackServer]:
    need(COMPRESSED)
    server = LoopbackServer({"/robots.txt": Reply(b"User-agent: *\nAllow: /\n", "text/plain")})
    server.routes["/feeds/articles.xml"] = Reply(
        article_feed(server.base_url), "application/rss+xml"
    )
    for name in ENCODED:
        server.routes[f"/feeds/{name}.xml"] = lambda request, n=name: encoded(
            n, "application/rss+xml"
        )
        server.routes[f"/articles/{name}.html"] = lambda request, n=name: encoded(n, "text/html")
    with server.running():
        yield server


@pytest.mark.slow
def test_compression_bombs_are_refused_by_size_without_a_crash(
    bomb_site: LoopbackServer, tmp_path: Path
) -> None:
    sources: list[dict[str, object]] = [
        {"slug": f"bomb-{name}", "kind": "rss", "url": f"{bomb_site.base_url}/feeds/{name}.xml"}
        for name in ENCODED
    ]
    sources.append(
        {"slug": "bomb-articles", "kind": "rss", "url": bomb_site.base_url + "/feeds/articles.xml"}
    )
    crawl = {**TEST_CRAWL, "max_page_bytes": LIMIT, "max_feed_bytes": LIMIT}
    config = write_config(tmp_path / "scwatch.toml", sources, crawl)
    database_url = f"sqlite:///{tmp_path / 'scwatch.db'}"
    run_crawl("feeds", config, database_url, tmp_path / "crawl.log")
    # Nothing is stored: no bomb, and no part of a truncated or corrupt gzip stream.
    assert stored_articles(database_url) == []
    for name in ("gzip", "deflate", "br"):
        (row,) = fetch_rows(database_url, f"bomb-{name}")
        assert row.error is not None and "larger than max_feed_bytes" in row.error, row.error
    (row,) = fetch_rows(database_url, "bomb-zstd")
    assert row.error is not None and "larger than max_feed_bytes" in row.error, row.error
    for name in ("crc", "eof"):
        (row,) = fetch_rows(database_url, f"bomb-{name}")
        assert row.error is not None and "truncated or corrupt" in row.error, row.error
    articles = [r.path for r in bomb_site.requests if r.path.startswith("/articles/")]
    assert sorted(articles) == sorted(f"/articles/{name}.html" for name in ENCODED)
