"""The sitemap, naver and google_news source kinds in scwatch.toml: search sources need no
URL, sitemaps get a default max_age, and bad settings are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from scwatch.config import load_config
from scwatch.core.errors import ConfigError
from scwatch.core.formats.naver import NAVER_NEWS_API


def config_with(tmp_path: Path, source: str) -> Path:
    path = tmp_path / "scwatch.toml"
    path.write_text(f'[[sources]]\nslug = "s"\n{source}\n', encoding="utf-8")
    return path


def test_search_sources_need_no_url_and_get_the_right_endpoint(tmp_path: Path) -> None:
    naver = load_config(config_with(tmp_path, 'kind = "naver"\nquery = "스마트시티 수출"'))
    assert naver.sources[0].url == NAVER_NEWS_API
    assert naver.sources[0].query == "스마트시티 수출"
    google = load_config(config_with(tmp_path, 'kind = "google_news"\nquery = "스마트시티 MOU"'))
    assert google.sources[0].url == (
        "https://news.google.com/rss/search?q=%EC%8A%A4%EB%A7%88%ED%8A%B8%EC%8B%9C%ED%8B%B0%20MOU"
        "&hl=ko&gl=KR&ceid=KR:ko"
    )


def test_sitemap_max_age_defaults_to_two_days(tmp_path: Path) -> None:
    config = load_config(
        config_with(tmp_path, 'kind = "sitemap"\nurl = "https://news.example/sitemap.xml"')
    )
    assert config.sources[0].max_age_minutes == 2 * 24 * 60
    config = load_config(
        config_with(
            tmp_path, 'kind = "sitemap"\nurl = "https://news.example/s.xml"\nmax_age = "6h"'
        )
    )
    assert config.sources[0].max_age_minutes == 360


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ('kind = "naver"', "needs query"),
        ('kind = "google_news"\nquery = "  "', "needs query"),
        ('kind = "sitemap"', "needs url"),
        ('kind = "naver"\nquery = "q"\nmax_pages = 11', "at most 10"),
        ('kind = "sitemap"\nurl = "https://news.example/s.xml"\nmax_age = "two days"', "duration"),
        ('kind = "naver"\nquery = "q"\nurl = "ftp://x"', "http"),
    ],
)
def test_bad_source_settings_are_named(tmp_path: Path, source: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(config_with(tmp_path, source))
