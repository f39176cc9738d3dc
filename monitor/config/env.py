"""The environment: the one module of scwatch that reads os.environ.

Deployment settings and secrets live in SCWATCH_* variables; scwatch.toml names the
variable a channel's secret comes from, never the secret itself.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass


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
    EnvSetting(
        "SCWATCH_WEB_TOKEN",
        "Token that allows the write actions of `scwatch serve` (retry an alert, disable a "
        "source, merge or split a story); unset: the web UI is read-only.",
        secret=True,
    ),
)

# The crawler parses untrusted pages: it gets only the SCWATCH_* variables it needs, not
# the alert channels' secrets (webhook URLs, SMTP passwords).
CRAWLER_VARIABLES = ("SCWATCH_CONFIG", "SCWATCH_DATABASE_URL", "SCWATCH_NAVER_")


def scwatch_settings() -> dict[str, str]:
    """The SCWATCH_* settings that are set (and not empty)."""
    return {s.name: os.environ[s.name] for s in ENV_SETTINGS if os.environ.get(s.name)}


def config_path_setting() -> str | None:
    return os.environ.get("SCWATCH_CONFIG") or None


def secret_from(variable: str) -> str:
    """The value of the variable a channel table names ('' when unset)."""
    return os.environ.get(variable, "")


def crawler_environment(overrides: Mapping[str, str]) -> dict[str, str]:
    """This process's environment minus the channel secrets, plus `overrides`."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("SCWATCH_") or name.startswith(CRAWLER_VARIABLES)
    }
    env.update(overrides)
    return env
