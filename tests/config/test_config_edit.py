"""Sources added, removed, switched on and off by command: the user's comments and layout
stay, and a change that would break the file is refused with the file left as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from scwatch.config import load_config
from scwatch.config.edit import add_source, remove_source, set_enabled
from scwatch.config.starter import starter_config
from scwatch.core.errors import ConfigError

MINE = """# My newsroom's watch list -- keep the comments!
[crawl]
obey_robots = true   # always

# Ministry feeds
[[sources]]
slug = "molit"        # 국토교통부
kind = "rss"
url = "https://www.korea.kr/rss/dept_molit.xml"

[[rules]]
name = "export"
query = "@smartcity AND 수출"
"""


def write(tmp_path: Path, text: str = MINE) -> Path:
    path = tmp_path / "scwatch.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_add_keeps_comments_and_layout_and_loads(tmp_path: Path) -> None:
    path = write(tmp_path)
    add_source(path, {"slug": "busan", "kind": "listing", "url": "https://www.busan.go.kr/news",
                      "link_selector": "td.title a", "name": "부산시"})
    text = path.read_text(encoding="utf-8")
    for line in MINE.splitlines():
        assert line in text  # every comment and line of the user's file is still there
    config = load_config(path)
    busan = config.source("busan")
    assert (busan.kind, busan.link_selector, busan.name) == ("listing", "td.title a", "부산시")


def test_add_to_a_file_without_sources(tmp_path: Path) -> None:
    path = write(tmp_path, "# nothing yet\n[crawl]\nobey_robots = true\n")
    add_source(path, {"slug": "etnews", "kind": "rss", "url": "https://rss.etnews.com/Section901.xml"})
    assert [s.slug for s in load_config(path).sources] == ["etnews"]
    assert path.read_text(encoding="utf-8").startswith("# nothing yet\n")


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"slug": "molit", "kind": "rss", "url": "https://x.kr/rss"}, "already configured"),
        ({"slug": "busan", "kind": "listing", "url": "https://x.kr", "link_selector": "td[[["},
         "not a valid CSS selector"),
        ({"slug": "Bad Slug", "kind": "rss", "url": "https://x.kr/rss"}, "slug"),
        ({"slug": "x", "kind": "rss", "url": "ftp://x.kr"}, "http"),
    ],
)
def test_a_bad_addition_is_refused_and_the_file_is_untouched(
    tmp_path: Path, fields: dict[str, object], problem: str
) -> None:
    path = write(tmp_path)
    with pytest.raises(ConfigError, match=problem):
        add_source(path, fields)
    assert path.read_text(encoding="utf-8") == MINE
    assert [p.name for p in tmp_path.iterdir()] == ["scwatch.toml"]  # no temporary left


def test_disable_enable_and_remove(tmp_path: Path) -> None:
    path = write(tmp_path)
    set_enabled(path, "molit", False)
    assert load_config(path).source("molit").enabled is False
    set_enabled(path, "molit", True)
    assert load_config(path).source("molit").enabled is True
    assert path.read_text(encoding="utf-8") == MINE
    remove_source(path, "molit")
    assert load_config(path).sources == []
    assert "# My newsroom's watch list" in path.read_text(encoding="utf-8")


def test_unknown_slug_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path)
    with pytest.raises(ConfigError, match="no source 'nosuch'"):
        remove_source(path, "nosuch")


def test_enable_the_starter_files_disabled_listing(tmp_path: Path) -> None:
    path = write(tmp_path, starter_config())
    disabled = [s.slug for s in load_config(path).sources if not s.enabled]
    assert disabled
    set_enabled(path, disabled[0], True)
    assert load_config(path).source(disabled[0]).enabled
