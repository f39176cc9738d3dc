"""A feed on the open web must not make the crawler fetch from the intranet: addresses are
checked after resolution, at connect time, unless [crawl] allow_private_networks is set."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest
from scrapy.crawler import AsyncCrawlerRunner
from scrapy.resolver import HostResolution
from scrapy.settings import Settings
from support.crawl import TEST_CRAWL, fetch_rows, run_crawl, stored_articles, write_config
from twisted.internet.address import IPv4Address, IPv6Address
from twisted.internet.base import ReactorBase

from scwatch.demo.web.server import start_demo_web
from scwatch.spiders.resolver import PublicOnlyResolver, is_public


@pytest.mark.parametrize(
    ("address", "public"),
    [("127.0.0.1", False), ("10.1.2.3", False), ("169.254.169.254", False), ("::1", False),
     ("192.168.0.10", False), ("8.8.8.8", True), ("211.234.10.1", True), ("not-an-ip", False)],
)
def test_public_addresses(address: str, public: bool) -> None:
    assert is_public(address) is public


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "2130706433"])
def test_loopback_feed_is_refused_by_default(tmp_path: Path, host: str) -> None:
    crawl = {k: v for k, v in TEST_CRAWL.items() if k != "allow_private_networks"}
    with start_demo_web() as web:
        port = web.base_url.rsplit(":", 1)[1]
        url = f"http://{host}:{port}/gukje/rss/allArticle.xml"
        config = write_config(tmp_path / "scwatch.toml", [{"slug": "inside", "kind": "rss",
                                                          "url": url}], crawl)
        database_url = f"sqlite:///{tmp_path / 'x.db'}"
        run_crawl("feeds", config, database_url, tmp_path / "crawl.log")
    (row,) = fetch_rows(database_url, "inside")
    assert row.error is not None and "private or local address" in row.error
    # The refusal says how to allow an intranet source on purpose.
    assert "allow_private_networks = true" in row.error and "[crawl]" in row.error
    assert stored_articles(database_url) == []


class ScriptedResolver:
    """Stands in for getaddrinfo: each host name resolves to the given addresses."""

    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers = answers

    def resolveHostName(
        self, receiver: Any, name: str, port: int = 0, *args: object
    ) -> Any:
        receiver.resolutionBegan(HostResolution(name))
        for address in self.answers[name]:
            kind = IPv6Address if ":" in address else IPv4Address
            receiver.addressResolved(kind("TCP", address, port))
        receiver.resolutionComplete()
        return receiver


class Collected:
    def __init__(self) -> None:
        self.addresses: list[str] = []

    def resolutionBegan(self, resolution: object) -> None:
        pass

    def addressResolved(self, address: Any) -> None:
        self.addresses.append(address.host)

    def resolutionComplete(self) -> None:
        pass


@pytest.mark.parametrize(
    ("name", "answers", "passed"),
    [
        ("v6.example", ["2606:4700:4700::1111"], ["2606:4700:4700::1111"]),
        ("mixed.example", ["10.0.0.1", "2606:4700::1111", "::1"], ["2606:4700::1111"]),
        ("inside.example", ["::1", "::ffff:127.0.0.1"], []),
    ],
)
def test_the_resolver_passes_public_ipv4_and_ipv6_addresses_only(
    name: str, answers: list[str], passed: list[str]
) -> None:
    resolver = PublicOnlyResolver.from_crawler(
        AsyncCrawlerRunner(Settings()), cast(ReactorBase, object())
    )
    resolver.original_resolver = cast(Any, ScriptedResolver({name: answers}))
    collected = Collected()
    resolver.resolveHostName(cast(Any, collected), name, 443)
    assert collected.addresses == passed
