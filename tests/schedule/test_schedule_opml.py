"""Sources from and to OPML: round trip, slugs, --write, and hostile files refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import scwatch
from crawl_helpers import write_config

from scwatch.config import load_config
from scwatch.core.formats.opml import (
    OpmlError,
    feeds_to_import,
    parse_opml,
    slug_from,
    toml_sources,
)
from scwatch.core.models import Source

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

READER_EXPORT = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>My feeds</title></head>
  <body>
    <outline text="\xec\x8a\xa4\xeb\xa7\x88\xed\x8a\xb8\xec\x8b\x9c\xed\x8b\xb0">
      <outline type="rss" text="\xec\xa0\x84\xec\x9e\x90\xec\x8b\xa0\xeb\xac\xb8" xmlUrl="http://rss.etnews.com/Section901.xml"/>
      <outline type="rss" text="\xec\xa0\x84\xec\x9e\x90\xec\x8b\xa0\xeb\xac\xb8 IT" xmlUrl="http://rss.etnews.com/Section902.xml"/>
      <outline type="rss" title="Smart City Today" xmlUrl="https://smartcity.example.com/feed"/>
    </outline>
    <outline type="rss" text="Smart City Today" xmlUrl="https://smartcity.example.com/other"/>
    <outline text="no feed here" htmlUrl="https://example.com/"/>
    <outline type="rss" text="ftp" xmlUrl="ftp://example.com/feed.xml"/>
    <outline type="rss" text="known" xmlUrl="https://www.molit.go.kr/rss/news.xml"/>
  </body>
</opml>
"""


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


def test_import_proposes_unique_slugs_and_skips_what_is_configured() -> None:
    configured = [Source("molit", "rss", "https://www.molit.go.kr/rss/news.xml")]
    feeds = feeds_to_import(READER_EXPORT, configured)
    assert [(f.slug, f.url) for f in feeds] == [
        ("etnews-section901", "http://rss.etnews.com/Section901.xml"),
        ("etnews-section902", "http://rss.etnews.com/Section902.xml"),
        ("smart-city-today", "https://smartcity.example.com/feed"),
        ("smart-city-today-2", "https://smartcity.example.com/other"),
    ]
    assert feeds[0].name == "전자신문"
    assert slug_from("국토교통부", "https://www.molit.go.kr/USR/rss.jsp?id=7") == "molit-usr"


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


@pytest.mark.parametrize(
    "document",
    [
        b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
        b'<opml version="2.0"><body><outline text="&b;" xmlUrl="https://x.example/f"/></body></opml>',
        b'<?xml version="1.0"?><!DOCTYPE opml SYSTEM "http://127.0.0.1:9/evil.dtd">'
        b'<opml version="2.0"><body/></opml>',
        b"<html><body>not opml</body></html>",
        b"<opml><body><outline",
    ],
)
def test_hostile_or_broken_files_are_refused(document: bytes, tmp_path: Path) -> None:
    with pytest.raises(OpmlError):
        parse_opml(document)
    opml = tmp_path / "bad.opml"
    opml.write_bytes(document)
    result = scwatch(
        "sources", "import", str(opml), "--config", str(write_config(tmp_path / "c.toml", []))
    )
    assert result.returncode == 1
    assert "error:" in result.stderr and "Traceback" not in result.stderr


def test_emoji_and_hangul_names_give_valid_toml() -> None:
    """Regression: an emoji title became an escaped surrogate pair that TOML refuses."""
    import tomllib

    from scwatch.core.formats.opml import OpmlFeed, toml_sources

    text = toml_sources([OpmlFeed("smart", "https://news.example.kr/rss.xml", "📰 스마트 뉴스")])
    assert tomllib.loads(text)["sources"][0]["name"] == "📰 스마트 뉴스"
    assert "스마트" in text
