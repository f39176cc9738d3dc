"""For benchmarks/ssrf.py only: the crawler's SSRF resolver, except that 127.0.0.2 counts
as a public address, so a loopback server can play a hostile site on the open web whose
feed and redirects point into the intranet. Every other address is judged as in
production."""

from __future__ import annotations

from scwatch.spiders.resolver import PublicOnlyResolver

PUBLIC_STAND_IN = "127.0.0.2"


class StandInPublicResolver(PublicOnlyResolver):
    def check_address(self, address: str, name: str) -> str:
        if address == PUBLIC_STAND_IN:
            return address
        return super().check_address(address, name)
