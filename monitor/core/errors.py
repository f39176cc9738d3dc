"""The one error tree of scwatch, rooted in ScwatchError. Messages never carry secrets.

ScwatchError
  ConfigError, ExtractionError, FetchError, QueryError -> RuleSyntaxError
  DeliveryError -> TransientDeliveryError (-> ChannelNotReadyError, ChannelThrottledError),
    PermanentDeliveryError
  StorageError -> DatabaseUnavailable, DatabaseNotReady
"""


class ScwatchError(Exception):
    """Base of every error scwatch raises on purpose."""


class ConfigError(ScwatchError):
    """A configuration file or setting is wrong; the message names the key and line."""


class ExtractionError(ScwatchError):
    """A page could not be turned into an article (empty, not HTML, soft 404)."""


class QueryError(ScwatchError):
    """A search or rule query cannot be used as given."""


class RuleSyntaxError(QueryError):
    """A rule query does not parse; the message names the position and what was expected."""

    def __init__(self, message: str, position: int, query: str) -> None:
        super().__init__(f"{message} at position {position}: {query!r}")
        self.position = position
        self.query = query


class DeliveryError(ScwatchError):
    """Sending an alert failed."""


class TransientDeliveryError(DeliveryError):
    """Worth retrying later (timeouts, 5xx, 429). retry_after is in seconds when known."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PermanentDeliveryError(DeliveryError):
    """Retrying cannot help (404, bad payload, auth refused)."""


class ChannelNotReadyError(TransientDeliveryError):
    """The channel is not set up (its secret is missing): alerts wait without using up
    their attempts until it is."""


class ChannelThrottledError(TransientDeliveryError):
    """The receiver asks to slow down (HTTP 429 or 503): the whole channel pauses, for
    retry_after seconds when the receiver said how long."""


class StorageError(ScwatchError):
    """The database refused or failed an operation scwatch asked for on purpose."""


class DatabaseUnavailable(StorageError):
    """The database cannot be used right now: server down, file not writable, or locked
    for longer than the busy timeout. The message names the (masked) URL and the reason."""


class DatabaseNotReady(StorageError):
    """A reader found no database, or one whose schema is older than this scwatch: the
    message says which command prepares it (readers never create or migrate)."""


class FetchError(ScwatchError):
    """A page asked for by hand (`scwatch extract URL`) could not be fetched or read."""


ALLOW_PRIVATE_HINT = (
    "to fetch an intranet source, set allow_private_networks = true in the [crawl] table "
    "of scwatch.toml"
)


def private_address_refusal(host: str, address: str | None = None) -> str:
    """The SSRF guard's refusal, one wording for the crawler and `scwatch extract`: what was
    refused and the setting that allows intranet sources on purpose."""
    resolved = f" ({address})" if address else ""
    return (
        f"refused: {host} resolves to a private or local address{resolved}, "
        f"not fetched (SSRF guard); {ALLOW_PRIVATE_HINT}"
    )
