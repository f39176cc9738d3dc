"""Configuration: scwatch.toml (sources, rules, channels) over packaged defaults, plus the
SCWATCH_* environment variables. This module is the only reader of os.environ.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from monitor.channel_config import (
    CHANNEL_TYPES,
    AnyChannelConfig,
    ChannelConfig,
    ConsoleChannelConfig,
    to_channel,
)
from monitor.errors import ConfigError, RuleSyntaxError
from monitor.google_news import GOOGLE_NEWS_SEARCH, search_feed_url
from monitor.health import HealthSettings
from monitor.models import Channel, Rule, Source
from monitor.naver import MAX_PAGES as NAVER_MAX_PAGES
from monitor.naver import NAVER_NEWS_API
from monitor.polling import ScheduleSettings
from monitor.timing import parse_clock, parse_window
from monitor.tomlpos import line_of


@dataclass(frozen=True)
class EnvSetting:
    name: str
    help: str
    secret: bool = False


# Every environment variable scwatch reads. docs/configuration.md documents each (tested).
ENV_SETTINGS: tuple[EnvSetting, ...] = (
    EnvSetting("SCWATCH_CONFIG", "Path of scwatch.toml when --config is not given."),
    EnvSetting(
        "SCWATCH_DATABASE_URL",
        "SQLAlchemy URL of the database; overrides [storage] database. "
        "Example: postgresql+psycopg://user@host/db",
        secret=True,
    ),
    EnvSetting("SCWATCH_SLACK_WEBHOOK_URL", "Default Slack incoming-webhook URL.", secret=True),
    EnvSetting("SCWATCH_SMTP_PASSWORD", "Default SMTP password for email channels.", secret=True),
    EnvSetting("SCWATCH_NAVER_CLIENT_ID", "Naver Search API client id.", secret=True),
    EnvSetting("SCWATCH_NAVER_CLIENT_SECRET", "Naver Search API client secret.", secret=True),
)

_DURATION = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
MAX_DURATION_MINUTES = 3650 * 1440  # ten years: beyond it, datetime arithmetic overflows
_DURATION_MINUTES = {"s": 1 / 60, "m": 1, "h": 60, "d": 1440}
_SLUG = r"^[a-z0-9][a-z0-9_-]{0,63}$"


def parse_duration_minutes(text: str) -> int:
    """'90s', '30m', '2h', '1d' -> whole minutes (at least 1)."""
    found = _DURATION.match(text)
    if not found:
        raise ValueError(f"expected a duration like '30m', '2h' or '1d', got {text!r}")
    minutes = int(found.group(1)) * _DURATION_MINUTES[found.group(2)]
    if minutes > MAX_DURATION_MINUTES:
        raise ValueError(f"{text!r} is longer than the longest allowed duration, 3650d")
    return max(1, round(minutes))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _credentials_safe(url: str) -> bool:
    """Where the Naver API credentials may go: the real API, or a local stand-in."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname == "openapi.naver.com":
        return True
    return parts.hostname in ("127.0.0.1", "localhost", "::1")


class SourceConfig(_Strict):
    slug: Annotated[str, Field(pattern=_SLUG)]
    kind: Literal["rss", "listing", "sitemap", "naver", "google_news"]
    # Optional for naver and google_news, whose endpoints have defaults.
    url: str = ""
    name: str = ""
    interval: str = "30m"
    enabled: bool = True
    link_selector: str = ""
    next_selector: str = ""
    max_pages: Annotated[int, Field(ge=1, le=50)] = 1
    allow_pattern: str = ""
    query: str = ""
    max_age: str = "2d"

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if value and not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("must be an http:// or https:// URL")
        return value

    @field_validator("max_age")
    @classmethod
    def _valid_max_age(cls, value: str) -> str:
        parse_duration_minutes(value)
        return value

    @field_validator("interval")
    @classmethod
    def _valid_interval(cls, value: str) -> str:
        parse_duration_minutes(value)
        return value

    @field_validator("allow_pattern")
    @classmethod
    def _valid_pattern(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from None
        return value

    @model_validator(mode="after")
    def _listing_needs_selector(self) -> SourceConfig:
        if self.kind == "listing" and not self.link_selector:
            raise ValueError("a listing source needs link_selector (CSS of the article links)")
        return self

    @model_validator(mode="after")
    def _kind_needs(self) -> SourceConfig:
        searches = ("naver", "google_news")
        if self.kind not in searches and not self.url:
            raise ValueError(f"a {self.kind} source needs url")
        if self.kind in searches and not self.query.strip():
            raise ValueError(f"a {self.kind} source needs query (the search words)")
        if self.kind == "naver" and self.max_pages > NAVER_MAX_PAGES:
            raise ValueError(f"max_pages of a naver source is at most {NAVER_MAX_PAGES}")
        if self.kind == "naver" and self.url and not _credentials_safe(self.url):
            raise ValueError("the Naver client secret is only sent to https://openapi.naver.com "
                             "(or a loopback test server)")
        return self

    def _resolved_url(self) -> str:
        if self.kind == "naver":
            return self.url or NAVER_NEWS_API
        if self.kind == "google_news":
            return search_feed_url(self.url or GOOGLE_NEWS_SEARCH, self.query.strip())
        return self.url

    def to_source(self) -> Source:
        return Source(
            slug=self.slug,
            kind=self.kind,
            url=self._resolved_url(),
            name=self.name or self.slug,
            interval_minutes=parse_duration_minutes(self.interval),
            enabled=self.enabled,
            link_selector=self.link_selector,
            next_selector=self.next_selector,
            max_pages=self.max_pages,
            allow_pattern=self.allow_pattern,
            query=self.query.strip(),
            max_age_minutes=parse_duration_minutes(self.max_age),
        )


class RuleConfig(_Strict):
    name: Annotated[str, Field(min_length=1, max_length=80)]
    query: Annotated[str, Field(min_length=1)]
    channels: list[str] = Field(default_factory=lambda: ["console"])
    mode: Literal["instant", "digest"] = "instant"
    description: str = ""
    digest: Literal["hourly", "daily"] = "daily"
    digest_at: str = "08:30"
    quiet_hours: str = ""
    send_empty: bool = False

    @field_validator("digest_at")
    @classmethod
    def _valid_clock(cls, value: str) -> str:
        parse_clock(value)
        return value

    @field_validator("quiet_hours")
    @classmethod
    def _valid_window(cls, value: str) -> str:
        if value:
            parse_window(value)
        return value

    def to_rule(self) -> Rule:
        return Rule(
            name=self.name,
            query=self.query,
            channels=tuple(self.channels),
            mode=self.mode,
            description=self.description,
            digest=self.digest,
            digest_at=self.digest_at,
            quiet_hours=self.quiet_hours,
            send_empty=self.send_empty,
        )


class CrawlConfig(_Strict):
    user_agent: str = "scwatch/0.1 (+https://github.com/scwatch/scwatch)"
    download_timeout: Annotated[float, Field(gt=0, le=300)] = 20.0
    max_page_bytes: Annotated[int, Field(ge=10_000)] = 10 * 1024 * 1024
    max_feed_bytes: Annotated[int, Field(ge=10_000)] = 5 * 1024 * 1024
    concurrent_requests: Annotated[int, Field(ge=1, le=256)] = 16
    concurrent_per_domain: Annotated[int, Field(ge=1, le=64)] = 2
    download_delay: Annotated[float, Field(ge=0, le=60)] = 0.5
    obey_robots: bool = True
    autothrottle: bool = True
    # Fetch from loopback/private addresses (off: a hostile feed cannot probe the intranet).
    allow_private_networks: bool = False


class StorageConfig(_Strict):
    database: str = "scwatch.db"


def _console_only() -> dict[str, AnyChannelConfig]:
    return {"console": ConsoleChannelConfig(type="console")}


class FileConfig(_Strict):
    """The shape of scwatch.toml. Unknown keys are errors."""

    storage: StorageConfig = Field(default_factory=StorageConfig)
    crawl: CrawlConfig = Field(default_factory=CrawlConfig)
    aliases: dict[str, list[str]] = Field(default_factory=dict)
    sources: list[SourceConfig] = Field(default_factory=list)
    rules: list[RuleConfig] | None = None
    channels: dict[str, ChannelConfig] = Field(default_factory=lambda: _console_only())
    schedule: ScheduleSettings = Field(default_factory=ScheduleSettings)
    health: HealthSettings = Field(default_factory=HealthSettings)

    @model_validator(mode="after")
    def _cross_checks(self) -> FileConfig:
        slugs = [source.slug for source in self.sources]
        duplicated = sorted({slug for slug in slugs if slugs.count(slug) > 1})
        if duplicated:
            raise ValueError(f"source slugs must be unique; repeated: {', '.join(duplicated)}")
        for rule in self.rules or []:
            unknown = [name for name in rule.channels if name not in self.channels]
            if unknown:
                raise ValueError(f"rule {rule.name!r} names unknown channel(s): {unknown}")
        unknown = [name for name in self.health.channels or [] if name not in self.channels]
        if unknown:
            raise ValueError(f"[health] channels names unknown channel(s): {unknown}")
        return self


@dataclass(frozen=True)
class Config:
    """Everything a run needs, loaded and checked."""

    path: Path | None
    database_url: str = field(repr=False)  # may hold a password
    crawl: CrawlConfig
    sources: list[Source]
    rules: list[Rule]
    aliases: dict[str, tuple[str, ...]]
    channels: dict[str, Channel]
    env: Mapping[str, str] = field(default_factory=dict, repr=False)
    schedule: ScheduleSettings = field(default_factory=ScheduleSettings)
    health: HealthSettings = field(default_factory=HealthSettings)

    def source(self, slug: str) -> Source:
        for source in self.sources:
            if source.slug == slug:
                return source
        known = ", ".join(s.slug for s in self.sources) or "none"
        raise ConfigError(f"unknown source {slug!r} (configured: {known})")


def _env() -> dict[str, str]:
    return {s.name: os.environ[s.name] for s in ENV_SETTINGS if os.environ.get(s.name)}


def find_config_path(explicit: str | os.PathLike[str] | None) -> Path | None:
    """--config, else SCWATCH_CONFIG, else ./scwatch.toml when present, else None (defaults)."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get("SCWATCH_CONFIG")
    if from_env:
        return Path(from_env)
    local = Path("scwatch.toml")
    return local if local.is_file() else None


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Load and validate the configuration; ConfigError names the file, line and key."""
    config_path = find_config_path(path)
    text = _read_text(config_path) if config_path else ""
    file_config = _parse(text, config_path)
    return _build(file_config, config_path, text, _env())


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such configuration file (run `scwatch init`)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None


def _parse(text: str, path: Path | None) -> FileConfig:
    where = str(path) if path else "<defaults>"
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: not valid TOML: {exc}") from None
    try:
        return FileConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, text, where)) from None


def _describe(exc: ValidationError, text: str, where: str) -> str:
    problems = []
    for error in exc.errors():
        loc = _clean_loc(error["loc"])
        key = ".".join(str(part) for part in loc) or "(top level)"
        line = line_of(text, loc) if loc else None
        place = f"{where}:{line}" if line else where
        message = error["msg"]
        if error["type"] == "extra_forbidden":
            message = "unknown key (check the spelling; see docs/configuration.md)"
        problems.append(f"{place}: {key}: {message}")
    return "invalid configuration:\n  " + "\n  ".join(problems)


def _clean_loc(loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """Drop the union tag pydantic inserts in channel errors (channels.NAME.<type>.key)."""
    parts = list(loc)
    if len(parts) >= 3 and parts[0] == "channels" and parts[2] in CHANNEL_TYPES:
        del parts[2]
    return tuple(parts)


def _build(file: FileConfig, path: Path | None, text: str, env: dict[str, str]) -> Config:
    from monitor.rules import DEFAULT_ALIASES, DEFAULT_RULES

    aliases = {name: tuple(terms) for name, terms in DEFAULT_ALIASES.items()}
    aliases.update({name: tuple(terms) for name, terms in file.aliases.items()})
    rules = _rules(file.rules, DEFAULT_RULES)
    _check_queries(rules, aliases, text, path, explicit=file.rules is not None)
    return Config(
        path=path,
        database_url=env.get("SCWATCH_DATABASE_URL") or _sqlite_url(file.storage, path),
        crawl=file.crawl,
        sources=[source.to_source() for source in file.sources],
        rules=rules,
        aliases=aliases,
        channels={
            name: to_channel(name, ch, lambda target: _beside(target, path))
            for name, ch in file.channels.items()
        },
        schedule=file.schedule,
        health=file.health,
        env=env,
    )


def _rules(configured: list[RuleConfig] | None, defaults: Sequence[Rule]) -> list[Rule]:
    if configured is None:
        return list(defaults)
    return [rule.to_rule() for rule in configured]


def _check_queries(
    rules: list[Rule],
    aliases: Mapping[str, tuple[str, ...]],
    text: str,
    path: Path | None,
    *,
    explicit: bool,
) -> None:
    from monitor.rules import compile_rules

    for index, rule in enumerate(rules):
        try:
            compile_rules([rule], aliases)
        except RuleSyntaxError as exc:
            line = line_of(text, ("rules", index, "query")) if explicit else None
            place = f"{path}:{line}" if line else str(path or "<defaults>")
            raise ConfigError(f"{place}: rules[{index}].query ({rule.name}): {exc}") from None


def _sqlite_url(storage: StorageConfig, path: Path | None) -> str:
    return f"sqlite:///{_beside(Path(storage.database), path).resolve()}"


def _beside(target: Path, config_path: Path | None) -> Path:
    """A relative path in the config file is relative to that file."""
    target = target.expanduser()
    if target.is_absolute() or config_path is None:
        return target
    return config_path.resolve().parent / target
