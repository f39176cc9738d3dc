"""The secret values of a loaded configuration, for the one log redaction
(scwatch.core.redact): channel secrets (Slack and webhook URLs, SMTP passwords), the
secret SCWATCH_* variables and the database password."""

from __future__ import annotations

from urllib.parse import urlsplit

from scwatch.config.env import ENV_SETTINGS
from scwatch.config.load import Config
from scwatch.core.redact import Redactor

DATABASE_VARIABLE = "SCWATCH_DATABASE_URL"


def secret_values(config: Config) -> list[str]:
    """Every configured value that must never be shown."""
    values = [channel.secret for channel in config.channels.values() if channel.secret]
    values += [
        config.env[setting.name]
        for setting in ENV_SETTINGS
        if setting.secret and setting.name != DATABASE_VARIABLE and config.env.get(setting.name)
    ]
    # Only the password of the database URL: its user name (often "postgres") is no secret,
    # and hiding it would blank out ordinary words of the log.
    password = _password(config.database_url)
    if password:
        values.append(password)
    return values


def _password(url: str) -> str | None:
    try:
        return urlsplit(url).password
    except ValueError:  # not a URL with a valid port: no password to find either
        return None


def log_redactor(config: Config) -> Redactor:
    """The redaction of every log scwatch writes, knowing this configuration's secrets."""
    return Redactor(secret_values(config))
