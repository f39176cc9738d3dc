"""Docs are part of the product: a command, setting or variable without docs fails here."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer
from pydantic import BaseModel

from scwatch.cli import app
from scwatch.config import (
    ENV_SETTINGS,
    CrawlConfig,
    RuleConfig,
    SourceConfig,
    StorageConfig,
    StoriesConfig,
)
from scwatch.config.channels import (
    ConsoleChannelConfig,
    EmailChannelConfig,
    JsonlChannelConfig,
    SlackChannelConfig,
    WebhookChannelConfig,
)
from scwatch.core.policy.health import HealthSettings
from scwatch.core.policy.polling import ScheduleSettings

ROOT = Path(__file__).resolve().parent.parent
CLI_DOC = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
CONFIG_DOC = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def command_paths(command: Any, prefix: str = "scwatch") -> list[str]:
    """Every leaf command of the Typer app (Typer vendors click, so duck-type groups)."""
    if hasattr(command, "commands"):
        paths = []
        for name, sub in command.commands.items():
            paths += command_paths(sub, f"{prefix} {name}")
        return paths
    return [prefix]


def test_every_cli_command_is_documented() -> None:
    paths = command_paths(typer.main.get_command(app))
    assert len(paths) >= 12
    missing = [path for path in paths if f"## `{path}" not in CLI_DOC]
    assert not missing, f"docs/cli.md lacks a section for {missing}"


def test_every_cli_option_is_documented() -> None:
    root = typer.main.get_command(app)
    missing = []
    for path in command_paths(root):
        command = root
        for name in path.split()[1:]:
            command = command.commands[name]
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt != "--help" and f"`{opt}" not in CLI_DOC:
                    missing.append(f"{path} {opt}")
    assert not missing, f"docs/cli.md does not mention {missing}"


def test_every_cli_command_help_has_an_example() -> None:
    root = typer.main.get_command(app)
    for path in command_paths(root):
        command = root
        for name in path.split()[1:]:
            command = command.commands[name]
        assert "Example:" in (command.help or ""), f"{path} help has no example"


def test_every_config_key_is_documented() -> None:
    models: list[type[BaseModel]] = [
        StorageConfig,
        StoriesConfig,
        CrawlConfig,
        SourceConfig,
        RuleConfig,
        ConsoleChannelConfig,
        JsonlChannelConfig, SlackChannelConfig, EmailChannelConfig, WebhookChannelConfig,
        ScheduleSettings, HealthSettings,
    ]
    missing = [
        f"{model.__name__}.{name}"
        for model in models
        for name in model.model_fields
        if f"`{name}`" not in CONFIG_DOC
    ]
    assert not missing, f"docs/configuration.md lacks {missing}"


def test_every_environment_variable_is_documented() -> None:
    missing = [s.name for s in ENV_SETTINGS if f"`{s.name}`" not in CONFIG_DOC]
    assert not missing


def test_readme_test_command_is_what_ci_runs() -> None:
    commands = re.findall(r"```bash\n(python3 -m venv .*)\n```", README)
    assert len(commands) == 2, "README quick start has exactly two commands"
    demo, tests = commands
    assert demo.endswith("scwatch demo")
    assert "pytest" in tests
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert tests in ci
