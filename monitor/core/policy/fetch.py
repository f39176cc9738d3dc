"""The fetch policy every outbound fetch follows, the crawler's and `scwatch extract`'s alike.

The crawler applies it through Scrapy (spiders/resolver.py, spiders/middlewares.py, settings),
the one-page fetch through httpx (services/pages.py); the decisions live here, once:

- guard: only public addresses, checked on the address a host resolves to at connect time,
  unless [crawl] allow_private_networks is on;
- caps: [crawl] max_page_bytes / max_feed_bytes on the body as received and on its
  decompressed form, counted while it streams (core/policy/bodies.py);
- timeouts: [crawl] download_timeout for the whole download;
- redirects: at most MAX_REDIRECTS, each hop guarded again;
- proxies: the environment's http_proxy/https_proxy are ignored unless [crawl] use_env_proxy.
"""

from __future__ import annotations

import ipaddress

from scwatch.core.errors import private_address_refusal

MAX_REDIRECTS = 5



def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (::ffff:a.b.c.d, 6to4, NAT64 64:ff9b::/96)."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in ipaddress.IPv6Network("64:ff9b::/96"):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public(address: str) -> bool:
    """True for a globally routable address; False for loopback, private, link-local,
    reserved, and anything that is not an IP address. An IPv6 address that carries an IPv4
    one must be public in both forms, and a zone index (fe80::1%eth0) is never public."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if not ip.is_global:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        return inner is None or inner.is_global
    return True


def address_allowed(address: str, allow_private: bool) -> bool:
    """May scwatch connect to `address` (an IP address, after resolution)?"""
    return allow_private or is_public(address)


def refusal(host: str, address: str) -> str:
    """Why a fetch from `host` was refused, and how to allow it on purpose."""
    return private_address_refusal(host, address)
