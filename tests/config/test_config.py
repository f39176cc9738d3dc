"""Configuration: the starter file loads, wrong keys and values name the key and the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from scwatch.config import ENV_SETTINGS, load_config, parse_duration_minutes
from scwatch.config.starter import starter_config
from scwatch.core.errors import ConfigError

SOURCE = """
[[sources]]
slug = "molit"
kind = "rss"
url = "https://www.korea.kr/rss/dept_molit.xml"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scwatch.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_starter_config_loads_with_real_korean_sources(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, starter_config()))
    urls = {source.url for source in config.sources}
    assert "https://www.korea.kr/rss/dept_molit.xml" in urls
    assert sum("korea.kr" not in url for url in urls) >= 4  # several press feeds too
    assert {rule.name for rule in config.rules} == {"smart-city export", "smart-city MOU"}
    assert set(config.channels) >= {"console", "jsonl"}
    assert config.database_url == f"sqlite:///{tmp_path / 'scwatch.db'}"


def test_unknown_key_names_key_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, SOURCE + 'intervl = "30m"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert f"{path}:6" in message
    assert "sources.0.intervl" in message
    assert "unknown key" in message


def test_wrong_value_names_key_and_line(tmp_path: Path) -> None:
    text = SOURCE + SOURCE.replace("molit", "motie").replace(
        'kind = "rss"', 'kind = "rss"\ninterval = "soon"'
    )
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert f"{path}:10" in str(caught.value)
    assert "sources.1.interval" in str(caught.value)


def test_bad_toml_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"not valid TOML.*line 2"):
        load_config(write(tmp_path, "[crawl]\nuser_agent = \n"))


def test_bad_rule_query_names_rule_and_line(tmp_path: Path) -> None:
    text = '[[rules]]\nname = "x"\nquery = "(스마트시티 AND"\nchannels = ["console"]\n'
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert f"{path}:3" in str(caught.value)
    assert "position" in str(caught.value)


def test_rule_with_unknown_channel_is_refused(tmp_path: Path) -> None:
    text = '[[rules]]\nname = "x"\nquery = "스마트시티"\nchannels = ["slack"]\n'
    with pytest.raises(ConfigError, match="unknown channel"):
        load_config(write(tmp_path, text))


def test_listing_source_needs_a_selector(tmp_path: Path) -> None:
    text = SOURCE.replace('kind = "rss"', 'kind = "listing"')
    with pytest.raises(ConfigError, match="link_selector"):
        load_config(write(tmp_path, text))


def test_duplicate_slugs_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unique"):
        load_config(write(tmp_path, SOURCE + SOURCE))


def test_database_url_comes_from_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCWATCH_DATABASE_URL", "postgresql+psycopg://u:secret@db/x")
    config = load_config(write(tmp_path, SOURCE))
    assert config.database_url.startswith("postgresql+psycopg://")
    assert "secret" not in repr(config)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such configuration file"):
        load_config(tmp_path / "absent.toml")


def test_no_file_means_packaged_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SCWATCH_CONFIG", raising=False)
    config = load_config(None)
    assert config.path is None
    assert [rule.name for rule in config.rules] == ["smart-city export", "smart-city MOU"]


@pytest.mark.parametrize(("text", "minutes"), [("90s", 2), ("30m", 30), ("2h", 120), ("1d", 1440)])
def test_durations(text: str, minutes: int) -> None:
    assert parse_duration_minutes(text) == minutes


def test_every_environment_setting_is_secret_aware() -> None:
    names = {setting.name for setting in ENV_SETTINGS}
    assert {"SCWATCH_DATABASE_URL", "SCWATCH_CONFIG"} <= names


def test_absurd_durations_are_refused() -> None:
    """Regression: interval = "99999999d" passed validation, then overflowed in the scheduler."""
    with pytest.raises(ValueError, match="longest allowed"):
        parse_duration_minutes("99999999d")


def test_smtp_login_without_tls_is_refused(tmp_path: Path) -> None:
    text = ('[channels.mail]\ntype = "email"\nhost = "smtp.example.kr"\nsecurity = "none"\n'
            'username = "scwatch"\nsender = "a@example.kr"\nrecipients = ["b@example.kr"]\n')
    with pytest.raises(ConfigError, match="unencrypted"):
        load_config(write(tmp_path, text))


def test_naver_secret_only_goes_to_the_naver_api(tmp_path: Path) -> None:
    text = '[[sources]]\nslug = "n"\nkind = "naver"\nquery = "스마트시티"\nurl = "http://evil.example/api"\n'
    with pytest.raises(ConfigError, match=r"only sent to https://openapi\.naver\.com"):
        load_config(write(tmp_path, text))
