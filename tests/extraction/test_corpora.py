"""Hostile and foreign inputs from the shared corpora (read in place, never copied; skipped
when /work/shared/corpora is absent): feedparser's test feeds through decode_feed and
feedparser, the ScrapingHub pages through extract_article, and Scrapy's compression bombs
served gzip/deflate/br/zstd-encoded to a real crawl, which must refuse them by size."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from crawl_helpers import TEST_CRAWL, fetch_rows, stored_articles, write_config
from fixture_server import Reply
from loopback import ScriptedServer, run_crawl, static

from scwatch.core.errors import ExtractionError
from scwatch.core.extract.article import extract_article
from scwatch.core.formats.rss import feed_entries, parse_feed_text
from scwatch.core.models import FetchedPage
from scwatch.core.text.decoding import decode_feed

CORPORA = Path("/work/shared/corpora")
FEEDS = CORPORA / "feedparser-corpus"
SCRAPINGHUB = CORPORA / "article-extraction-benchmark"
COMPRESSED = CORPORA / "scrapy-compressed"
_HEADER = re.compile(rb"^Header:\s*Content-type:\s*(.+?)\s*$", re.I | re.M)


def need(folder: Path) -> Path:
    if not folder.is_dir():
        pytest.skip(f"{folder} is not on this machine")
    return folder


def feed_files() -> list[Path]:
    return (
        sorted(p for p in FEEDS.rglob("*") if p.suffix in (".xml", ".json"))
        if FEEDS.is_dir()
        else []
    )


def test_every_feedparser_corpus_feed_decodes_and_parses_to_strings() -> None:
    need(FEEDS)
    files = feed_files()
    assert len(files) == 283
    for path in files:
        body = path.read_bytes()
        header = _HEADER.search(body[:2000])
        content_type = header.group(1).decode("latin-1") if header else None
        text = decode_feed(body, content_type)
        assert isinstance(text, str), path
        parsed = parse_feed_text(text)
        for entry in feed_entries(parsed, "https://feeds.example/feed.xml"):
            values = (entry.url, entry.title, entry.summary, entry.author, entry.guid)
            assert all(isinstance(value, str) for value in values), path
            assert entry.published_at is None or entry.published_at.tzinfo is not None, path


def test_korean_corpus_feeds_are_read_as_korean() -> None:
    need(FEEDS)
    text = decode_feed((FEEDS / "encoding" / "euc-kr.xml").read_bytes(), None)
    assert parse_feed_text(text).feed["title"] == "\ub144"


def scrapinghub_pages() -> Iterator[FetchedPage]:
    truth = json.loads((SCRAPINGHUB / "ground-truth.json").read_text(encoding="utf-8"))
    for key, item in sorted(truth.items()):
        yield FetchedPage(
            source="scrapinghub",
            url=item["url"],
            final_url=item["url"],
            status=200,
            headers={"content-type": "text/html"},
            body=gzip.decompress((SCRAPINGHUB / "html" / f"{key}.html.gz").read_bytes()),
            fetched_at=datetime(2025, 12, 1, tzinfo=UTC),
        )


def test_scrapinghub_pages_extract_without_crashing() -> None:
    need(SCRAPINGHUB)
    extracted = 0
    for page in scrapinghub_pages():
        try:
            article = extract_article(page)
        except ExtractionError:
            continue
        extracted += 1
        for value in (article.title, article.body, article.author, article.canonical_url):
            assert isinstance(value, str) and "\ufffd" not in value, page.url
        for moment in (article.published_at, article.updated_at):
            assert moment is None or moment.tzinfo is not None, page.url
    assert extracted >= 175


# ---------------------------------------------------------------- compression bombs

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
def bomb_site() -> Iterator[ScriptedServer]:
    need(COMPRESSED)
    server = ScriptedServer({"/robots.txt": static(b"User-agent: *\nAllow: /\n", "text/plain")})
    server.routes["/feeds/articles.xml"] = static(
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
    bomb_site: ScriptedServer, tmp_path: Path
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
        assert row.error is not None and "DOWNLOAD_MAXSIZE" in row.error, row.error
    for name in ("zstd", "crc", "eof"):
        (row,) = fetch_rows(database_url, f"bomb-{name}")
        assert row.error is not None, name
    articles = [r.path for r in bomb_site.requests if r.path.startswith("/articles/")]
    assert sorted(articles) == sorted(f"/articles/{name}.html" for name in ENCODED)
