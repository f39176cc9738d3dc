"""`scwatch init`: render the commented starter configuration."""

from __future__ import annotations

from importlib import resources

from jinja2 import Environment, StrictUndefined

from scwatch.core.rules import DEFAULT_ALIASES, DEFAULT_RULES


def starter_config() -> str:
    """scwatch.toml with real Korean sources, the default rules and channel sections."""
    template_text = (
        resources.files("scwatch.config").joinpath("defaults/scwatch.toml.j2").read_text("utf-8")
    )
    environment = Environment(undefined=StrictUndefined, keep_trailing_newline=True)
    template = environment.from_string(template_text)
    return template.render(
        rules=DEFAULT_RULES, alias_names=", ".join(f"@{name}" for name in DEFAULT_ALIASES)
    )
