"""The shape of scwatch.toml: one pydantic model per table. Unknown keys are errors."""

from __future__ import annotations

import re
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from scwatch.config.channels import AnyChannelConfig, ChannelConfig, ConsoleChannelConfig
from scwatch.config.css import check_css
from scwatch.core.models import Rule, Source
from scwatch.core.policy.health import HealthSettings
from scwatch.core.policy.polling import ScheduleSettings
from scwatch.core.policy.timing import parse_clock, parse_window

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


def _naver_max_pages() -> int:
    from scwatch.core.formats.naver import MAX_PAGES

    return MAX_PAGES


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

    @field_validator("link_selector", "next_selector")
    @classmethod
    def _valid_selector(cls, value: str) -> str:
        if value:
            check_css(value)
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
        if self.kind == "naver" and self.max_pages > _naver_max_pages():
            raise ValueError(f"max_pages of a naver source is at most {_naver_max_pages()}")
        if self.kind == "naver" and self.url and not _credentials_safe(self.url):
            raise ValueError("the Naver client secret is only sent to https://openapi.naver.com "
                             "(or a loopback test server)")
        return self

    def _resolved_url(self) -> str:
        # The feed formats are imported only for sources of their kind: they load the
        # HTML clean-up, which a configuration of RSS sources never needs.
        if self.kind == "naver":
            from scwatch.core.formats.naver import NAVER_NEWS_API

            return self.url or NAVER_NEWS_API
        if self.kind == "google_news":
            from scwatch.core.formats.google_news import GOOGLE_NEWS_SEARCH, search_feed_url

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
    # Use http_proxy/https_proxy from the environment (off: the guard checks real targets).
    use_env_proxy: bool = False
    # A crawl log rotates past this size, keeping log_backups older files (name.1, name.2…).
    log_max_mb: Annotated[float, Field(gt=0, le=10_000)] = 10.0
    log_backups: Annotated[int, Field(ge=0, le=100)] = 5


class StorageConfig(_Strict):
    database: str = "scwatch.db"


class StoriesConfig(_Strict):
    # A story accepts copies and rewrites this many days after its first article, then
    # it is frozen: a later report of the same parties is a new event.
    window_days: Annotated[int, Field(ge=1, le=365)] = 14


def _console_only() -> dict[str, AnyChannelConfig]:
    return {"console": ConsoleChannelConfig(type="console")}


class FileConfig(_Strict):
    """The shape of scwatch.toml. Unknown keys are errors."""

    storage: StorageConfig = Field(default_factory=StorageConfig)
    crawl: CrawlConfig = Field(default_factory=CrawlConfig)
    stories: StoriesConfig = Field(default_factory=StoriesConfig)
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


