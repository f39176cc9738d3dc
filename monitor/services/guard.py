"""The SSRF guard for fetches made with httpx (`scwatch extract URL`): the crawler's rule
(core/policy/fetch.py), applied where the connection is made.

httpx resolves and connects inside httpcore's network backend; the guarded backend resolves
the host itself, keeps the addresses the policy allows, and connects to one of those, so a
redirect, a numeric trick (2130706433) or a DNS answer that changes between a check and the
connect cannot reach a refused address. TLS still names the original host (SNI, certificate).
"""

from __future__ import annotations

import socket
import urllib.request
from collections.abc import Iterable
from urllib.parse import urlsplit

import httpcore
import httpx

from scwatch.config import CrawlConfig
from scwatch.core.errors import FetchError
from scwatch.core.policy.fetch import address_allowed, refusal


class RefusedAddressError(FetchError):
    """The host resolves only to addresses the fetch policy refuses."""


class GuardedBackend(httpcore.SyncBackend):
    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        address = self.allowed_address(host, port)
        return super().connect_tcp(address, port, timeout, local_address, socket_options)

    def allowed_address(self, host: str, port: int) -> str:
        """The first address of `host` the policy allows (RefusedAddressError if none)."""
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as error:
            raise httpcore.ConnectError(f"DNS lookup failed for {host}: {error}") from None
        addresses = [str(info[4][0]) for info in found]
        for address in addresses:
            if address_allowed(address, self.allow_private):
                return address
        raise RefusedAddressError(refusal(host, addresses[0] if addresses else "?"))


def env_proxy(url: str) -> str | None:
    """The environment's proxy for `url` (http_proxy, https_proxy, no_proxy), if any."""
    parts = urlsplit(url)
    if urllib.request.proxy_bypass(parts.hostname or ""):
        return None
    return urllib.request.getproxies().get(parts.scheme)


def guarded_transport(url: str, crawl: CrawlConfig) -> httpx.HTTPTransport:
    """An httpx transport whose every connection passes the guard. The environment's proxy is
    used only with [crawl] use_env_proxy; the guard then sees only the proxy's address."""
    proxy = env_proxy(url) if crawl.use_env_proxy else None
    transport = httpx.HTTPTransport(proxy=proxy)
    # httpx takes no network backend, so its connection pool gets one (one attribute, kept
    # since httpx 0.18); proxied pools connect through it to the proxy.
    pool = transport._pool
    pool._network_backend = GuardedBackend(crawl.allow_private_networks)
    return transport
