"""The one redaction of log output: secret values hidden, and secret-shaped text too.

`Redactor(secrets)` knows the configured secret values (webhook URLs, passwords, tokens, the
database URL; scwatch.config.secret_values lists them) and hides each of them, and each piece
of a secret URL that could be printed alone (user, password, path segments, query values).
It also hides what looks secret whatever the configuration says: a Slack webhook path, the
user and password of any URL, and token-like query parameters. `RedactingFilter` applies it
to every log record a handler writes, its traceback included: scwatch attaches one to each
handler it installs (the scheduler's stderr, the crawl logs).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, unquote, urlsplit

HIDDEN = "<hidden>"
# A shorter password would hide common words all over the log.
MIN_SECRET = 4
# Third-party loggers that print a request's full URL at INFO or DEBUG: kept at WARNING.
URL_LOGGERS = ("httpx", "httpcore", "urllib3", "hpack")

_SLACK_HOOK = re.compile(r"(hooks\.slack\.com/(?:services|workflows|triggers)/)[^\s\"'<>]+")
_USERINFO = re.compile(r"(\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/\s@\"'<>]+@")
_SECRET_QUERY = re.compile(
    r"([?&;](?:[a-z_]*token|[a-z_]*key|secret|password|passwd|pwd|sig|signature|auth|code)=)"
    r"[^&\s\"'<>#]+",
    re.IGNORECASE,
)


def _token_like(piece: str) -> bool:
    """A path segment or query value that may be a credential: long, or letters and digits
    mixed (Slack's T0123/B0456/XyZ…), not a word such as "services" or "alerts"."""
    mixed = any(c.isdigit() for c in piece) and any(c.isalpha() for c in piece)
    return len(piece) >= 16 or (len(piece) >= 6 and mixed)


def secret_pieces(value: str) -> set[str]:
    """The value itself and, for a URL, every part of it that could be the secret alone:
    user, password, token-like path segments and query values."""
    pieces = {value}
    parts = urlsplit(value) if "://" in value else None
    if parts is not None and parts.netloc:
        pieces.update(filter(None, (parts.username, parts.password)))
        values = parse_qsl(f"{parts.query}&{parts.fragment}")
        loose = parts.path.split("/") + [value for _, value in values]
        pieces.update(piece for piece in loose if _token_like(piece))
    pieces |= {unquote(piece) for piece in pieces}
    return {piece for piece in pieces if len(piece) >= MIN_SECRET}


class Redactor:
    """Hides the given secret values, their pieces, and secret-shaped text."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        pieces = set().union(*(secret_pieces(s) for s in secrets if s))
        # Longest first, so a whole URL is hidden before its pieces are looked for.
        self.pieces = sorted(pieces, key=len, reverse=True)

    def including(self, secrets: Iterable[str]) -> Redactor:
        """This redaction plus more secrets (a reloaded configuration's)."""
        wider = Redactor(secrets)
        wider.pieces = sorted(set(self.pieces) | set(wider.pieces), key=len, reverse=True)
        return wider

    def __call__(self, text: str) -> str:
        for piece in self.pieces:
            if piece in text:
                text = text.replace(piece, HIDDEN)
        text = _SLACK_HOOK.sub(rf"\g<1>{HIDDEN}", text)
        text = _USERINFO.sub(rf"\g<1>{HIDDEN}@", text)
        return _SECRET_QUERY.sub(rf"\g<1>{HIDDEN}", text)


class RedactingFilter(logging.Filter):
    """A handler filter: the record's message and traceback, redacted. It never drops one."""

    _formatter = logging.Formatter()

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redact = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a bad format string: show it as it is
            message = f"{record.msg} {record.args!r}"
        record.msg, record.args = self.redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def add_secrets(secrets: Iterable[str], logger: logging.Logger | None = None) -> None:
    """Teach every RedactingFilter on the (root) logger's handlers more secret values, for a
    configuration reloaded while running; the secrets known before stay hidden too."""
    for handler in (logger or logging.getLogger()).handlers:
        for log_filter in handler.filters:
            if isinstance(log_filter, RedactingFilter):
                log_filter.redact = log_filter.redact.including(secrets)


def quiet_url_loggers(level: int = logging.WARNING) -> None:
    """Keep the loggers that print full request URLs at `level` (secrets ride in URLs)."""
    for name in URL_LOGGERS:
        logging.getLogger(name).setLevel(level)
