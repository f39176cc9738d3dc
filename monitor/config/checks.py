"""Checks of a loaded configuration beyond its shape: is there anything to crawl, are the
secrets it names set. `scwatch config check` shows them all at once with file and line."""

from __future__ import annotations

import re
from dataclasses import dataclass

from scwatch.config.channels import SECRET_KEYS
from scwatch.config.env import secret_from
from scwatch.config.load import Config
from scwatch.config.tomlpos import line_of
from scwatch.core.errors import ConfigError

NAVER_VARIABLES = ("SCWATCH_NAVER_CLIENT_ID", "SCWATCH_NAVER_CLIENT_SECRET")
# "path:line: key: message", as load_config words each problem.
_PLACED = re.compile(r"^(?P<place>.+?:\d+): (?P<key>[^:\s]+(?: \([^)]*\))?): (?P<message>.+)$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the configuration: where (file:line), which key, what."""

    place: str
    key: str
    message: str


def crawl_readiness(config: Config, source: str | None = None) -> str | None:
    """Why a crawl would do nothing (no file, no enabled source), or None."""
    if config.path is None and not config.sources:
        return (
            "no configuration: no ./scwatch.toml here, no --config and no SCWATCH_CONFIG; "
            "run `scwatch init` to write a starter file"
        )
    if source is None and not any(s.enabled for s in config.sources):
        return (
            f"{config.path or 'the configuration'}: no sources to crawl (none configured, "
            "or all disabled); add one with `scwatch sources add SLUG URL --kind rss`"
        )
    return None


def problems_of_error(error: ConfigError) -> list[Problem]:
    """The problems a ConfigError lists, one per line of its message."""
    lines = [line.strip() for line in str(error).splitlines()]
    lines = [line for line in lines if line and line != "invalid configuration:"]
    found = []
    for line in lines:
        placed = _PLACED.match(line)
        if placed:
            found.append(Problem(placed["place"], placed["key"], placed["message"]))
        else:
            found.append(Problem("", "", line))
    return found


def missing_secrets(config: Config, text: str) -> list[Problem]:
    """Every environment variable the configuration names (channel secrets, the Naver
    credentials) that is not set. Only the variable's name is shown, never a value."""
    where = str(config.path or "<defaults>")
    found = []
    for name, channel in config.channels.items():
        for key in SECRET_KEYS:
            variable = channel.options.get(key)
            if not variable or secret_from(str(variable)):
                continue
            if key == "password_env" and not channel.options.get("username"):
                continue  # no login, no password needed
            line = line_of(text, ("channels", name, key))
            found.append(
                Problem(_at(where, line), f"channels.{name}.{key}", f"{variable} is not set")
            )
    for index, source in enumerate(config.sources):
        if source.kind != "naver" or not source.enabled:
            continue
        line = line_of(text, ("sources", index))
        for variable in NAVER_VARIABLES:
            if not secret_from(variable):
                found.append(
                    Problem(_at(where, line), f"sources.{index}", f"{variable} is not set")
                )
    return found


def _at(where: str, line: int | None) -> str:
    return f"{where}:{line}" if line else where
