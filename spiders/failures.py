"""Short, clear reasons for failed requests, as the fetch log and the crawl log show them."""

from __future__ import annotations

from collections.abc import Collection
from http import HTTPStatus
from urllib.parse import urlsplit

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import (
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.python.failure import Failure

from scwatch.core.clock import retry_after_seconds
from scwatch.core.errors import ScwatchError, private_address_refusal
from scwatch.spiders.middlewares import SIZE_CAP_META

_REASONS: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
    ((CannotResolveHostError, DNSLookupError), "DNS lookup failed"),
    ((DownloadConnectionRefusedError, ConnectionRefusedError), "connection refused"),
    ((DownloadTimeoutError, TimeoutError, TCPTimedOutError), "timed out"),
    ((ResponseDataLossError,), "response truncated (data loss)"),
)


def describe_failure(failure: Failure, refused_hosts: Collection[str] = ()) -> str:
    """One line naming what went wrong, e.g. 'HTTP 404 Not Found' or 'DNS lookup failed'.

    `refused_hosts`: the host names the SSRF guard refused in this crawl (the crawler's
    scwatch add-on keeps them); a failed lookup of one of them is named as a refusal.
    """
    error = failure.value
    if isinstance(error, HttpError):
        return describe_status(error.response.status, error.response.headers.get("Retry-After"))
    if isinstance(error, IgnoreRequest | ScwatchError):
        # scwatch's own refusals (size, truncated body) say what happened themselves.
        return str(error) or "request ignored"
    lookup_failed = isinstance(error, CannotResolveHostError | DNSLookupError)
    if lookup_failed and _blocked(failure, refused_hosts):
        return private_address_refusal(_host(failure))
    if isinstance(error, DownloadCancelledError):
        return _size_refusal(failure)
    for types, reason in _REASONS:
        if isinstance(error, types):
            return _with_timeout(reason, failure) if reason == "timed out" else reason
    return f"{type(error).__name__}: {error}".rstrip(": ")


def _blocked(failure: Failure, refused_hosts: Collection[str]) -> bool:
    return _host(failure) in refused_hosts


def _host(failure: Failure) -> str:
    request = getattr(failure, "request", None)
    return (urlsplit(request.url).hostname or "") if request is not None else ""


def _size_refusal(failure: Failure) -> str:
    """Scrapy cancels a download whose body (or Content-Length) passes download_maxsize."""
    request = getattr(failure, "request", None)
    meta = request.meta if request is not None else {}
    cap, limit = meta.get(SIZE_CAP_META, "DOWNLOAD_MAXSIZE"), meta.get("download_maxsize")
    size = f" ({limit:,} bytes)" if limit else ""
    return f"refused: larger than {cap}{size} as received (download cancelled)"


def _with_timeout(reason: str, failure: Failure) -> str:
    request = getattr(failure, "request", None)
    seconds = request.meta.get("download_timeout") if request is not None else None
    return f"{reason} after {seconds:g} s" if seconds else reason


def describe_status(status: int, retry_after: bytes | None = None) -> str:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = ""
    text = f"HTTP {status} {phrase}".rstrip()
    if retry_after:
        # In seconds, whatever form the server used, so the scheduler's backoff can read it.
        seconds = retry_after_seconds(retry_after)
        shown = f"{seconds:.0f}" if seconds is not None else retry_after.decode("latin-1")
        text += f" (Retry-After: {shown})"
    return text
