"""A feed on the open web must not make the crawler fetch from the intranet: addresses are
checked after resolution, at connect time, unless [crawl] allow_private_networks is set."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.crawl import TEST_CRAWL, fetch_rows, run_crawl, stored_articles, write_config

from scwatch.demo.web.server import start_demo_web
from scwatch.spiders.resolver import is_public


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
