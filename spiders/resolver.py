"""SSRF guard: refuse to connect to loopback, private, link-local or otherwise non-public
addresses, checked on the address a host name resolves to, at connect time. String checks
on URLs are not enough (2130706433, 0x7f000001 and redirects all reach 127.0.0.1).

Installed process-wide through DNS_RESOLVER (a spider's custom_settings cannot install it).
Off only when [crawl] allow_private_networks = true: the bundled demo and the loopback tests,
or an intranet deployment that means it."""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Callable, Sequence
from typing import Self

from scrapy.crawler import Crawler
from scrapy.resolver import CachingThreadedResolver
from twisted.internet.base import ReactorBase
from twisted.internet.defer import Deferred
from twisted.internet.error import DNSLookupError

from scwatch.config import load_config


class BlockedAddressError(DNSLookupError):
    """The host resolves to an address scwatch must not fetch from."""


# Host names refused in this process. Twisted reports a refused lookup as a plain "no
# results" DNS failure, so the fetch log looks here to say why.
BLOCKED_HOSTS: set[str] = set()


def is_public(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_global
    except ValueError:
        return False


@functools.cache
def _config_allows(config_path: str | None) -> bool:
    """[crawl] allow_private_networks of the crawl's scwatch.toml. The resolver is built from
    the process settings, before a spider applies the [crawl] table, so it reads it here."""
    return load_config(config_path).crawl.allow_private_networks


class PublicOnlyResolver(CachingThreadedResolver):
    def __init__(
        self, reactor: ReactorBase, cache_size: int, timeout: float, allow: Callable[[], bool]
    ) -> None:
        super().__init__(reactor, cache_size, timeout)
        self.allow_private = allow

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: ReactorBase) -> Self:
        cache = (
            crawler.settings.getint("DNSCACHE_SIZE")
            if crawler.settings.getbool("DNSCACHE_ENABLED")
            else 0
        )
        forced = crawler.settings.getbool("SCWATCH_ALLOW_PRIVATE_NETWORKS")
        config_path = crawler.settings.get("SCWATCH_CONFIG") or None
        return cls(
            reactor,
            cache,
            crawler.settings.getfloat("DNS_TIMEOUT"),
            lambda: forced or _config_allows(config_path),
        )

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:
        lookup = super().getHostByName(name, timeout)
        lookup.addCallback(self._refuse_private, name)
        return lookup

    def _refuse_private(self, address: str, name: str) -> str:
        if not self.allow_private() and not is_public(address):
            BLOCKED_HOSTS.add(name)
            raise BlockedAddressError(
                f"{name} resolves to a private or local address ({address}); not fetched"
            )
        return address
