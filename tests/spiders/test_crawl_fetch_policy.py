"""The crawler under the fetch policy, with the real `scrapy crawl` against loopback servers:
every compressed body checked complete and capped while it decodes, a page refused for size
counted as a failure, IPv6 literals guarded like any host, the environment's proxy unused
unless asked for."""

from __future__ import annotations

import gzip
import hashlib
import sys
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import brotli
import pytest
from support.crawl import TEST_CRAWL, fetch_rows, run_crawl, stored_articles, write_config
from support.korean_site import (
    BUSAN,
    CHATBOT,
    DAEGU,
    GIMPO,
    GWANGJU,
    SEJONG,
    SONGDO,
    SUWON,
    TOMYUM,
    FixtureArticle,
    rss,
)
from support.loopback import LoopbackServer, Reply

if sys.version_info >= (3, 14):
    from compression import zstd
else:
    from backports import zstd

pytestmark = pytest.mark.slow

DATE = "Tue, 04 Nov 2025 09:00:00 GMT"
LIMIT = 1_000_000
ENCODERS: dict[str, Callable[[bytes], bytes]] = {
    "gzip": gzip.compress,
    "deflate": zlib.compress,
    "br": brotli.compress,
    "zstd": zstd.compress,
}
WHOLE = dict(zip(ENCODERS, (BUSAN, SEJONG, SUWON, TOMYUM), strict=True))
CUT = dict(zip(ENCODERS, (CHATBOT, SONGDO, GIMPO, DAEGU), strict=True))


def padded(article: FixtureArticle) -> bytes:
    """The page with 40 KB of incompressible filler after the article, so a body cut at
    three quarters still holds the whole article text: a partial page that extracts."""
    filler = "".join(hashlib.sha256(str(i).encode()).hexdigest() for i in range(1250))
    return article.html().replace(b"</body>", f"<!-- {filler} --></body>".encode())


def encoded(body: bytes, encoding: str, cut: bool = False) -> Reply:
    data = ENCODERS[encoding](body)
    return Reply(
        data[: len(data) * 3 // 4] if cut else data,
        headers={"Content-Encoding": encoding},
    )


def routes(base: str) -> dict[str, Reply]:
    served: dict[str, Reply] = {
        "/robots.txt": Reply(b"User-agent: *\nAllow: /\n", "text/plain"),
        "/bomb.html": encoded(b"<html><body>" + b" " * (64 * 1024 * 1024), "br"),
        "/huge.html": Reply(b"<html><body>" + b" " * (LIMIT + 1) + b"</body></html>"),
    }
    for encoding, article in WHOLE.items():
        served[article.path] = encoded(padded(article), encoding)
    for encoding, article in CUT.items():
        served[article.path] = encoded(padded(article), encoding, cut=True)
    items = [(a.title, base + a.path, a.path, DATE) for a in (*WHOLE.values(), *CUT.values())]
    items.append(("폭탄", base + "/bomb.html", "bomb", DATE))
    items.append(("거대", base + "/huge.html", "huge", DATE))
    served["/feed.xml"] = Reply(rss("압축 시험", items), "application/rss+xml")
    return served


@pytest.fixture(scope="module")
def site() -> Iterator[LoopbackServer]:
    server = LoopbackServer()
    server.routes.update(routes(server.base_url))
    with server.running():
        yield server


def test_only_complete_bodies_are_stored_and_refusals_are_failures(
    site: LoopbackServer, tmp_path: Path
) -> None:
    source = {"slug": "packed", "kind": "rss", "url": site.url("/feed.xml")}
    config = write_config(
        tmp_path / "scwatch.toml", [source], {**TEST_CRAWL, "max_page_bytes": LIMIT}
    )
    database_url = f"sqlite:///{tmp_path / 'scwatch.db'}"
    log = run_crawl("feeds", config, database_url, tmp_path / "crawl.log")
    stored = {record.url for record in stored_articles(database_url)}
    # Whole bodies in all four encodings are stored; no cut one, in any encoding.
    assert stored == {site.url(a.path) for a in WHOLE.values()}
    for encoding, article in CUT.items():
        line = next(
            line
            for line in log.splitlines()
            if site.url(article.path) in line and "truncated" in line
        )
        assert "WARNING" in line and encoding in line, line
    # Pages refused for size are failures with their reason, not an INFO "skipped".
    for path, how in (("/bomb.html", "once decompressed (br)"), ("/huge.html", "as received")):
        (line,) = [line for line in log.splitlines() if path in line and "refused" in line]
        assert "WARNING" in line and "larger than max_page_bytes (1,000,000 bytes)" in line
        assert how in line, line
    assert "skipped" not in log
    assert "'scwatch/article/failed': 6" in log


def article_server(host: str) -> LoopbackServer:
    server = LoopbackServer(host=host)
    server.routes.update(
        {
            "/robots.txt": Reply(b"User-agent: *\nAllow: /\n", "text/plain"),
            GWANGJU.path: Reply(GWANGJU.html()),
            "/feed.xml": Reply(
                rss("v6", [(GWANGJU.title, server.url(GWANGJU.path), "g", DATE)]),
                "application/rss+xml",
            ),
        }
    )
    return server


@pytest.mark.parametrize("allow", [False, True])
def test_an_ipv6_literal_host_is_resolved_and_guarded(tmp_path: Path, allow: bool) -> None:
    crawl = {**TEST_CRAWL, "allow_private_networks": allow}
    server = article_server("::1")
    with server.running():
        assert server.base_url.startswith("http://[::1]:")
        source = {"slug": "v6", "kind": "rss", "url": server.url("/feed.xml")}
        config = write_config(tmp_path / "scwatch.toml", [source], crawl)
        database_url = f"sqlite:///{tmp_path / 'scwatch.db'}"
        run_crawl("feeds", config, database_url, tmp_path / "crawl.log")
    (row,) = fetch_rows(database_url, "v6")
    if allow:
        assert row.error is None and row.status == 200
        assert [a.url for a in stored_articles(database_url)] == [server.url(GWANGJU.path)]
    else:
        assert row.error is not None and "private or local address" in row.error, row.error
        assert "allow_private_networks = true" in row.error
        assert server.requests == []


@pytest.mark.parametrize("use_env_proxy", [False, True])
def test_the_environment_proxy_is_used_only_when_asked_for(
    tmp_path: Path, use_env_proxy: bool
) -> None:
    proxy = LoopbackServer(fallback=Reply(b"from the proxy", "text/plain", 502))
    target = article_server("127.0.0.1")
    with proxy.running(), target.running():
        source = {"slug": "proxied", "kind": "rss", "url": target.url("/feed.xml")}
        # The default is what matters: no use_env_proxy key at all.
        crawl = {**TEST_CRAWL, **({"use_env_proxy": True} if use_env_proxy else {})}
        config = write_config(tmp_path / "scwatch.toml", [source], crawl)
        database_url = f"sqlite:///{tmp_path / 'scwatch.db'}"
        env = {
            "http_proxy": proxy.base_url,
            "HTTP_PROXY": proxy.base_url,
            "no_proxy": "",
            "NO_PROXY": "",
        }
        run_crawl("feeds", config, database_url, tmp_path / "crawl.log", env=env)
    if use_env_proxy:
        assert any("/feed.xml" in r.target for r in proxy.requests)
        assert target.requests == []
    else:
        assert proxy.requests == []
        assert [r.path for r in target.requests_to("/feed.xml")] == ["/feed.xml"]
