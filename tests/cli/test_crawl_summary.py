"""`scwatch crawl` ends with one line per source: pages fetched, new, duplicates, failed and
the first reason; a source whose every article failed is not "ok"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.cli import json_lines, scwatch
from support.crawl import write_config
from support.korean_site import BUSAN, SEJONG, rss
from support.loopback import LoopbackServer, Reply

pytestmark = pytest.mark.slow

RSS = "application/rss+xml; charset=utf-8"
DATE = "Tue, 04 Nov 2025 09:00:00 GMT"
STUB = "<html><head><title>x</title></head><body><p>짧은 글.</p></body></html>".encode()


@pytest.fixture(scope="module")
def site() -> Iterator[LoopbackServer]:
    server = LoopbackServer()
    server.routes["/robots.txt"] = Reply(b"User-agent: *\n", "text/plain")
    for article in (BUSAN, SEJONG):
        server.routes[article.path] = Reply(article.html())
    server.routes["/stub-1.html"] = Reply(STUB)
    server.routes["/stub-2.html"] = Reply(STUB)
    server.routes["/good.xml"] = Reply(
        rss("좋은 피드", [(a.title, a.path, a.path, DATE) for a in (BUSAN, SEJONG)]), RSS
    )
    server.routes["/stubs.xml"] = Reply(
        rss("짧은 글 피드", [(f"짧은 글 {n}", f"/stub-{n}.html", f"s{n}", DATE) for n in (1, 2)]),
        RSS,
    )
    with server.running():
        yield server


def summary_lines(stdout: str) -> list[dict[str, object]]:
    """The JSON lines (the console channel prints its alerts to the same stdout)."""
    return json_lines("\n".join(line for line in stdout.splitlines() if line.startswith("{")))


def test_crawl_summary_counts_each_source_and_names_the_first_failure(
    site: LoopbackServer, tmp_path: Path
) -> None:
    sources = [
        {"slug": "good", "kind": "rss", "url": f"{site.base_url}/good.xml"},
        {"slug": "mirror", "kind": "rss", "url": f"{site.base_url}/good.xml?mirror"},
        {"slug": "stubs", "kind": "rss", "url": f"{site.base_url}/stubs.xml"},
        {"slug": "gone", "kind": "rss", "url": f"{site.base_url}/missing.xml"},
    ]
    config = write_config(tmp_path / "scwatch.toml", sources, database=tmp_path / "x.db")
    args = ("--config", str(config), "--log-dir", str(tmp_path / "logs"))
    first = scwatch("crawl", *args, "--format", "json")
    rows = {str(row["source"]): row for row in summary_lines(first.stdout) if "source" in row}
    assert rows["good"]["status"] == "ok", first.output
    assert rows["good"]["failed"] == 0
    stubs = rows["stubs"]
    assert stubs["status"] == "failed" and stubs["new"] == 0 and stubs["failed"] == 2
    assert "too short" in str(stubs["first_failure"])
    assert rows["gone"]["status"] == "failed" and "404" in str(rows["gone"]["first_failure"])

    # The mirror offers the same two articles: each is stored once, the other is a duplicate.
    pair = (rows["good"], rows["mirror"])
    assert sum(int(str(r["new"])) for r in pair) == 2, pair
    assert sum(int(str(r["duplicates"])) for r in pair) == 2, pair
    assert rows["mirror"]["status"] == "ok"

    # The table, from a crawl into a fresh database (the first one's feeds are unchanged now).
    other = write_config(tmp_path / "table.toml", sources, database=tmp_path / "y.db")
    table = scwatch("crawl", "--config", str(other), "--log-dir", str(tmp_path / "logs")).stdout
    stubs_line = next(line for line in table.splitlines() if "│ stubs" in line)
    assert "failed" in stubs_line and "too short" in stubs_line
    for column in ("fetched", "new", "duplicates", "failed", "first failure"):
        assert column in table
