"""Loading scwatch.toml over the packaged defaults, with the SCWATCH_* environment.

A wrong key or value is a ConfigError naming the file, the line and the key path.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from scwatch.config.channels import CHANNEL_TYPES, to_channel
from scwatch.config.env import config_path_setting, scwatch_settings
from scwatch.config.files import CrawlConfig, FileConfig, RuleConfig, StorageConfig
from scwatch.config.tomlpos import line_of
from scwatch.core.errors import ConfigError, RuleSyntaxError
from scwatch.core.models import Channel, Rule, Source
from scwatch.core.policy.health import HealthSettings
from scwatch.core.policy.polling import ScheduleSettings
from scwatch.core.rules import DEFAULT_ALIASES, DEFAULT_RULES, compile_rules


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
    story_window_days: int = 14

    def source(self, slug: str) -> Source:
        for source in self.sources:
            if source.slug == slug:
                return source
        known = ", ".join(s.slug for s in self.sources) or "none"
        raise ConfigError(f"unknown source {slug!r} (configured: {known})")


def find_config_path(explicit: str | os.PathLike[str] | None) -> Path | None:
    """--config, else SCWATCH_CONFIG, else ./scwatch.toml when present, else None (defaults)."""
    if explicit:
        return Path(explicit)
    from_env = config_path_setting()
    if from_env:
        return Path(from_env)
    local = Path("scwatch.toml")
    return local if local.is_file() else None


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Load and validate the configuration; ConfigError names the file, line and key."""
    config_path = find_config_path(path)
    text = _read_text(config_path) if config_path else ""
    file_config = _parse(text, config_path)
    return _build(file_config, config_path, text, scwatch_settings())


def check_text(text: str, path: Path | None) -> Config:
    """The Config `text` would give as the file at `path` (ConfigError when it is wrong);
    for edits checked before they are written."""
    return _build(_parse(text, path), path, text, scwatch_settings())


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
        story_window_days=file.stories.window_days,
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
