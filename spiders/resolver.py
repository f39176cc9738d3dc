"""SSRF guard: refuse to connect to loopback, private, link-local or otherwise non-public
addresses, checked on the address a host name resolves to, at connect time. String checks
on URLs are not enough (2130706433, 0x7f000001 and redirects all reach 127.0.0.1). The
decision itself is the fetch policy's (scwatch.core.policy.fetch), shared with `scwatch
extract`; IPv6 literals (http://[::1]/) and AAAA-only hosts resolve and are guarded alike.

Installed process-wide through TWISTED_DNS_RESOLVER (a spider's custom_settings cannot
install it). Scrapy builds the resolver from the CrawlerProcess, before any crawler has
loaded its settings, so nothing is decided at build time: each lookup that yields a
non-public address asks the scwatch add-ons of the crawlers running in the process
(spiders/addon.py). The address is used only when every one of them allows private
networks ([crawl] allow_private_networks = true, or `-s SCWATCH_ALLOW_PRIVATE_NETWORKS=true`:
the bundled demo, the loopback tests, an intranet deployment that means it). One resolver
serves the whole process and cannot tell which crawler asked, so the strictest running crawl
decides, and every running crawl's add-on records the refused host for its fetch log. With
no scwatch crawler running, the process setting SCWATCH_ALLOW_PRIVATE_NETWORKS decides (off).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Self, cast

from scrapy.crawler import Crawler, CrawlerRunnerBase
from scrapy.resolver import CachingHostnameResolver, dnscache
from twisted.internet.base import ReactorBase
from twisted.internet.error import DNSLookupError
from twisted.internet.interfaces import IAddress, IHostResolution, IResolutionReceiver
from zope.interface import implementer

from scwatch.core.policy.fetch import address_allowed, is_public, refusal
from scwatch.spiders.addon import ALLOW_PRIVATE_SETTING, ScwatchAddon

__all__ = ["BlockedAddressError", "PublicOnlyResolver", "is_public"]


class BlockedAddressError(DNSLookupError):
    """The host resolves to an address scwatch must not fetch from."""


class PublicOnlyResolver(CachingHostnameResolver):
    """Scrapy's caching getaddrinfo resolver (IPv4 and IPv6, literals included), with every
    address it yields passed through the guard. DNS_TIMEOUT does not apply (getaddrinfo has
    none); DOWNLOAD_TIMEOUT bounds the lookup with the rest of the download."""

    def __init__(self, reactor: ReactorBase, cache_size: int, owner: Crawler | CrawlerRunnerBase):
        # Not super().__init__(): the reactor's own resolver is taken when this one is installed.
        self.reactor = reactor
        dnscache.limit = cache_size
        # The CrawlerProcess (or one Crawler) whose crawls this resolver serves.
        self.owner = owner

    @classmethod
    def from_crawler(cls, crawler: Crawler | CrawlerRunnerBase, reactor: ReactorBase) -> Self:
        """`crawler` is the CrawlerProcess when Scrapy installs the resolver."""
        settings = crawler.settings
        cache = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        return cls(reactor, cache, crawler)

    def install_on_reactor(self) -> None:
        self.original_resolver = self.reactor.nameResolver
        super().install_on_reactor()

    def resolveHostName(
        self,
        resolutionReceiver: IResolutionReceiver,
        hostName: str,
        portNumber: int = 0,
        addressTypes: Sequence[type[IAddress]] | None = None,
        transportSemantics: str = "TCP",
    ) -> IHostResolution:
        guarded = _GuardedReceiver(resolutionReceiver, self, hostName)
        return super().resolveHostName(
            cast(IResolutionReceiver, guarded),
            hostName,
            portNumber,
            addressTypes,
            transportSemantics,
        )

    def allows(self, address: str) -> bool:
        """May a running crawl (or, with none, the process setting) connect to `address`?"""
        if is_public(address):
            return True
        guards = self.running_addons()
        if guards:
            return all(address_allowed(address, g.allows_private_networks) for g in guards)
        return address_allowed(address, self.owner.settings.getbool(ALLOW_PRIVATE_SETTING))

    def refused(self, name: str) -> None:
        for guard in self.running_addons():
            guard.note_refused(name)

    def check_address(self, address: str, name: str) -> str:
        """`address` (what `name` resolved to), or BlockedAddressError when not allowed."""
        if self.allows(address):
            return address
        self.refused(name)
        raise BlockedAddressError(refusal(name, address))

    def running_addons(self) -> list[ScwatchAddon]:
        """The scwatch add-ons of the crawlers running now (those past their settings)."""
        owner = self.owner
        crawlers = list(owner.crawlers) if isinstance(owner, CrawlerRunnerBase) else [owner]
        addons = (crawler.get_addon(ScwatchAddon) for crawler in crawlers)
        return [addon for addon in addons if addon is not None]


@implementer(IResolutionReceiver)
class _GuardedReceiver:
    """Passes on the allowed addresses only. With none left, the connection fails as a
    lookup with no result, and the crawl's add-on notes the host so the fetch log says why."""

    def __init__(self, receiver: IResolutionReceiver, resolver: PublicOnlyResolver, name: str):
        self.receiver: Any = receiver  # zope interfaces confuse mypy about `self`
        self.resolver = resolver
        self.name = name
        self.passed = 0
        self.blocked = 0

    def resolutionBegan(self, resolution: IHostResolution) -> None:
        self.receiver.resolutionBegan(resolution)

    def addressResolved(self, address: IAddress) -> None:
        if self.resolver.allows(str(getattr(address, "host", ""))):
            self.passed += 1
            self.receiver.addressResolved(address)
        else:
            self.blocked += 1

    def resolutionComplete(self) -> None:
        if self.blocked and not self.passed:
            self.resolver.refused(self.name)
        self.receiver.resolutionComplete()
