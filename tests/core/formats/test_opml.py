"""OPML: feeds to import get unique slugs and skip what is configured, hostile or broken files
are refused, and exported names give valid TOML (the `scwatch sources import/export`
commands: tests/cli/test_opml_cli.py)."""

from __future__ import annotations

import pytest
from support.opml import HOSTILE_OPML, READER_EXPORT

from scwatch.core.formats.opml import OpmlError, feeds_to_import, parse_opml, slug_from
from scwatch.core.models import Source


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


@pytest.mark.parametrize("document", HOSTILE_OPML)
def test_hostile_or_broken_files_are_refused(document: bytes) -> None:
    with pytest.raises(OpmlError):
        parse_opml(document)


def test_emoji_and_hangul_names_give_valid_toml() -> None:
    """Regression: an emoji title became an escaped surrogate pair that TOML refuses."""
    import tomllib

    from scwatch.core.formats.opml import OpmlFeed, toml_sources

    text = toml_sources([OpmlFeed("smart", "https://news.example.kr/rss.xml", "📰 스마트 뉴스")])
    assert tomllib.loads(text)["sources"][0]["name"] == "📰 스마트 뉴스"
    assert "스마트" in text
