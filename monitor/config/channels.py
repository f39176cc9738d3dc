"""Channel tables of scwatch.toml ([channels.NAME]) and how they become Channel objects.
Secrets are read from the environment variable each table names, never from the file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from scwatch.config.env import secret_from
from scwatch.core.models import Channel


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ConsoleChannelConfig(_Strict):
    type: Literal["console"]


class JsonlChannelConfig(_Strict):
    type: Literal["jsonl"]
    path: str = "alerts.jsonl"


_ENV_NAME = r"^SCWATCH_[A-Z0-9_]+$"
EnvName = Annotated[str, Field(pattern=_ENV_NAME)]


class SlackChannelConfig(_Strict):
    type: Literal["slack"]
    webhook_url_env: EnvName = "SCWATCH_SLACK_WEBHOOK_URL"


class EmailChannelConfig(_Strict):
    type: Literal["email"]
    host: Annotated[str, Field(min_length=1)]
    port: Annotated[int, Field(ge=1, le=65535)] = 587
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username: str = ""
    password_env: EnvName = "SCWATCH_SMTP_PASSWORD"
    sender: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+$")]
    recipients: Annotated[
        list[Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+$")]], Field(min_length=1)
    ]
    timeout: Annotated[float, Field(gt=0, le=300)] = 30.0

    @model_validator(mode="after")
    def _no_password_in_clear(self) -> EmailChannelConfig:
        if self.security == "none" and self.username:
            raise ValueError("a username with security = \"none\" would send the password "
                             "unencrypted; use starttls or ssl")
        return self


class WebhookChannelConfig(_Strict):
    type: Literal["webhook"]
    url_env: EnvName


AnyChannelConfig = (
    ConsoleChannelConfig
    | JsonlChannelConfig
    | SlackChannelConfig
    | EmailChannelConfig
    | WebhookChannelConfig
)
CHANNEL_TYPES = frozenset({"console", "jsonl", "slack", "email", "webhook"})
ChannelConfig = Annotated[AnyChannelConfig, Field(discriminator="type")]
SECRET_KEYS = ("webhook_url_env", "password_env", "url_env")


def to_channel(
    name: str, config: AnyChannelConfig, beside: Callable[[Path], Path]
) -> Channel:
    """The Channel for a [channels.NAME] table; relative paths are relative to the config."""
    options: dict[str, object] = {k: v for k, v in config.model_dump().items() if k != "type"}
    if isinstance(config, JsonlChannelConfig):
        options["path"] = str(beside(Path(config.path)))
    secret = ""
    for key in SECRET_KEYS:
        if key in options:
            # Secrets come only from the environment; the file names the variable.
            secret = secret_from(str(options[key]))
    return Channel(name=name, type=config.type, options=options, secret=secret)
