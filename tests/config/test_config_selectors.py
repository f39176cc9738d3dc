"""Selectors and patterns are checked when the configuration loads, with file and line:
a listing whose link_selector cannot parse must not crawl "successfully" with no links."""

from __future__ import annotations

from pathlib import Path

import pytest

from scwatch.config import load_config
from scwatch.core.errors import ConfigError

LISTING = """# my sources
[[sources]]
slug = "busan"
kind = "listing"
url = "https://www.busan.go.kr/news"
link_selector = "{link}"
next_selector = "{next}"
allow_pattern = "{pattern}"
"""


def write(tmp_path: Path, link: str = "td.title a", nxt: str = "", pattern: str = "") -> Path:
    path = tmp_path / "scwatch.toml"
    text = LISTING.format(link=link, next=nxt, pattern=pattern)
    path.write_text(text, encoding="utf-8")
    return path


def test_invalid_css_link_selector_names_file_line_and_key(tmp_path: Path) -> None:
    path = write(tmp_path, link="td[[[")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert f"{path}:6" in message
    assert "sources.0.link_selector" in message
    assert "not a valid CSS selector" in message


def test_invalid_next_selector_is_refused_too(tmp_path: Path) -> None:
    path = write(tmp_path, nxt="a::nosuch")
    with pytest.raises(ConfigError, match=r"scwatch.toml:7: sources.0.next_selector"):
        load_config(path)


def test_invalid_allow_pattern_names_file_line(tmp_path: Path) -> None:
    path = write(tmp_path, pattern="news/(\\\\d+")
    with pytest.raises(ConfigError, match=r"scwatch.toml:8: sources.0.allow_pattern.*regular"):
        load_config(path)


@pytest.mark.parametrize("selector", ["td.title a", "a.title::attr(href)", "li.article", "a::text"])
def test_valid_selectors_load(tmp_path: Path, selector: str) -> None:
    config = load_config(write(tmp_path, link=selector, nxt="a.next"))
    assert config.sources[0].link_selector == selector
