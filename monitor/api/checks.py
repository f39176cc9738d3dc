"""`check_config`: everything `scwatch config check` validates, without crawling: the file
(keys, values, selectors, patterns, rule queries, channel names), the secrets it names, and
the database (driver installed, server reachable)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from scwatch.config import Config, find_config_path, load_config
from scwatch.config.checks import Problem, missing_secrets, problems_of_error
from scwatch.config.tomlpos import line_of
from scwatch.core.errors import ConfigError, DatabaseNotReady, ScwatchError
from scwatch.storage import open_database


@dataclass(frozen=True)
class ConfigCheck:
    """The result of `check_config`: the file checked, what is wrong (empty: nothing), and
    the loaded configuration when the file loads."""

    path: Path | None
    problems: list[Problem] = field(default_factory=list)
    config: Config | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def check_config(path: str | os.PathLike[str] | None = None) -> ConfigCheck:
    """Check the configuration found as `Scwatch.open` finds it; every problem at once,
    each with file:line where it has one. Nothing is created, crawled or sent."""
    found = find_config_path(path)
    if found is None:
        problem = Problem("", "", "no configuration file here: run `scwatch init` to write one")
        return ConfigCheck(None, [problem])
    try:
        config = load_config(found)
    except ConfigError as exc:
        return ConfigCheck(found, problems_of_error(exc))
    text = found.read_text(encoding="utf-8")
    problems = missing_secrets(config, text)
    database = _database_problem(config, text)
    if database is not None:
        problems.append(database)
    return ConfigCheck(found, problems, config)


def _database_problem(config: Config, text: str) -> Problem | None:
    """The database: a driver for its URL, and a server that answers. A database not
    created yet is fine (the first crawl creates or migrates it)."""
    if "SCWATCH_DATABASE_URL" in config.env:
        place, key = "SCWATCH_DATABASE_URL", "database URL"
    else:
        line = line_of(text, ("storage", "database"))
        place = f"{config.path}:{line}" if line else str(config.path)
        key = "storage.database"
    try:
        open_database(config.database_url, readonly=True).dispose()
    except DatabaseNotReady:
        return None
    except ScwatchError as exc:
        return Problem(place, key, str(exc))
    return None
