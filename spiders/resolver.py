"""SSRF guard: refuse to connect to loopback, private, link-local or otherwise non-public
addresses, checked on the address a host name resolves to, at connect time. String checks
on URLs are not enough (2130706433, 0x7f000001 and redirects all reach 127.0.0.1).

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

import ipaddress
from collections.abc import Sequence
from typing import Self

from scrapy.crawler import Crawler, CrawlerRunnerBase
from scrapy.resolver import CachingThreadedResolver
from twisted.internet.base import ReactorBase
from twisted.internet.defer import Deferred
from twisted.internet.error import DNSLookupError

from scwatch.core.errors import private_address_refusal
from scwatch.spiders.addon import ALLOW_PRIVATE_SETTING, ScwatchAddon


class BlockedAddressError(DNSLookupError):
    """The host resolves to an address scwatch must not fetch from."""


def is_public(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_global
    except ValueError:
        return False


class PublicOnlyResolver(CachingThreadedResolver):
    def __init__(
        self,
        reactor: ReactorBase,
        cache_size: int,
        timeout: float,
        owner: Crawler | CrawlerRunnerBase,
    ) -> None:
        super().__init__(reactor, cache_size, timeout)
        # The CrawlerProcess (or one Crawler) whose crawls this resolver serves.
        self.owner = owner

    @classmethod
    def from_crawler(cls, crawler: Crawler | CrawlerRunnerBase, reactor: ReactorBase) -> Self:
        """`crawler` is the CrawlerProcess when Scrapy installs the resolver."""
        settings = crawler.settings
        cache = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        return cls(reactor, cache, settings.getfloat("DNS_TIMEOUT"), crawler)

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:
        lookup = super().getHostByName(name, timeout)
        lookup.addCallback(self.check_address, name)
        return lookup

    def check_address(self, address: str, name: str) -> str:
        """The address `name` resolved to, or BlockedAddressError when it is not public and
        a running crawl (or, with none, the process setting) does not allow that."""
        if is_public(address):
            return address
        guards = self.running_addons()
        if guards:
            allowed = all(guard.allows_private_networks for guard in guards)
        else:
            allowed = self.owner.settings.getbool(ALLOW_PRIVATE_SETTING)
        if allowed:
            return address
        for guard in guards:
            guard.note_refused(name)
        raise BlockedAddressError(private_address_refusal(name, address))

    def running_addons(self) -> list[ScwatchAddon]:
        """The scwatch add-ons of the crawlers running now (those past their settings)."""
        owner = self.owner
        crawlers = list(owner.crawlers) if isinstance(owner, CrawlerRunnerBase) else [owner]
        addons = (crawler.get_addon(ScwatchAddon) for crawler in crawlers)
        return [addon for addon in addons if addon is not None]
