"""`scwatch sources export` and `scwatch sources import [--write]`: a round trip, the TOML
printed or appended, and hostile or broken files refused with an error, not a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.cli import scwatch
from support.crawl import write_config
from support.opml import HOSTILE_OPML, READER_EXPORT

from scwatch.config import load_config
from scwatch.core.formats.opml import feeds_to_import, toml_sources

SOURCES: list[dict[str, object]] = [
    {
        "slug": "molit",
        "kind": "rss",
        "url": "https://www.molit.go.kr/rss/news.xml",
        "name": "국토교통부 보도자료",
    },
    {
        "slug": "herald",
        "kind": "rss",
        "url": "https://www.koreaherald.com/rss/all.xml",
        "name": "Korea Herald & Co",
    },
    {
        "slug": "paused",
        "kind": "rss",
        "url": "https://paused.example.kr/feed",
        "name": "쉬는 피드",
        "enabled": False,
    },
    {
        "slug": "city",
        "kind": "listing",
        "url": "https://city.example.kr/list",
        "link_selector": "a.title",
    },
]


def test_export_then_import_gives_back_the_rss_sources(tmp_path: Path) -> None:
    config = write_config(tmp_path / "scwatch.toml", SOURCES)
    exported = scwatch("sources", "export", "--config", str(config))
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.startswith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">'
    )
    feeds = feeds_to_import(exported.stdout.encode(), [])
    assert [(f.slug, f.url, f.name) for f in feeds] == [
        (str(s["slug"]), str(s["url"]), str(s["name"])) for s in SOURCES if s["kind"] == "rss"
    ]


def test_import_prints_toml_and_write_appends_it(tmp_path: Path) -> None:
    config = write_config(tmp_path / "scwatch.toml", SOURCES)
    opml = tmp_path / "feeds.opml"
    opml.write_bytes(READER_EXPORT)
    printed = scwatch("sources", "import", str(opml), "--config", str(config))
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout == toml_sources(
        feeds_to_import(READER_EXPORT, load_config(config).sources)
    )
    assert "4 new source(s)" in printed.stderr
    assert config.read_text(encoding="utf-8").count("[[sources]]") == 4

    written = scwatch("sources", "import", str(opml), "--write", "--config", str(config))
    assert written.returncode == 0, written.stderr
    loaded = load_config(config)
    assert len(loaded.sources) == 8
    assert loaded.source("smart-city-today-2").url == "https://smartcity.example.com/other"
    again = scwatch("sources", "import", str(opml), "--write", "--config", str(config))
    assert "added 0 source(s)" in again.stdout
    assert len(load_config(config).sources) == 8


@pytest.mark.parametrize("document", HOSTILE_OPML)
def test_import_of_a_hostile_or_broken_file_fails_with_an_error(
    document: bytes, tmp_path: Path
) -> None:
    opml = tmp_path / "bad.opml"
    opml.write_bytes(document)
    result = scwatch(
        "sources", "import", str(opml), "--config", str(write_config(tmp_path / "c.toml", []))
    )
    assert result.returncode == 1
    assert "error:" in result.stderr and "Traceback" not in result.stderr
