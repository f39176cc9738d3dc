"""Routes of the loopback Korean news site and the sources that point at it."""

from __future__ import annotations

from support.korean_site import (
    ALL_ARTICLES,
    DAEGU,
    GWANGJU,
    MALFORMED_FEED,
    NOT_A_FEED,
    ROBOTS_TXT,
    SLOW,
    dates_feed,
    euckr_feed,
    guarded_feed,
    listing_page,
    utf8_feed,
)
from support.loopback import LoopbackServer, Reply, Route, in_order

RSS = "application/rss+xml"

# slug -> feed path on the fixture site
FEED_PATHS = {
    "utf8": "/feeds/utf8.xml",
    "euckr": "/feeds/euckr.xml",
    "dates": "/feeds/dates.xml",
    "guarded": "/feeds/guarded.xml",
    "malformed": "/feeds/malformed.xml",
    "not-a-feed": "/feeds/not-a-feed.xml",
    "missing": "/feeds/missing.xml",
    "server-error": "/feeds/error.xml",
}
RETRY_AFTER_SECONDS = 2
REFUSED_FEED_URL = "http://127.0.0.1:1/feeds/refused.xml"


def install_routes(server: LoopbackServer) -> None:
    base = server.base_url
    routes: dict[str, Route] = {
        "/robots.txt": Reply(ROBOTS_TXT, "text/plain"),
        "/feeds/utf8.xml": Reply(utf8_feed(base), f"{RSS}; charset=utf-8"),
        "/feeds/euckr.xml": Reply(euckr_feed(base), "application/xml; charset=euc-kr"),
        "/feeds/dates.xml": Reply(dates_feed(base), RSS),
        "/feeds/guarded.xml": Reply(guarded_feed(base), RSS),
        "/feeds/malformed.xml": Reply(MALFORMED_FEED, RSS),
        "/feeds/not-a-feed.xml": Reply(NOT_A_FEED, "text/html; charset=utf-8"),
        "/feeds/error.xml": Reply(b"internal error", "text/plain", 500),
        "/list/page1.html": Reply(
            listing_page(
                [(DAEGU.path, DAEGU.title), ("/ads/promo.html", "광고")], "/list/page2.html"
            )
        ),
        "/list/page2.html": Reply(
            listing_page([(GWANGJU.path, GWANGJU.title)], "/list/page3.html")
        ),
        "/list/page3.html": Reply(listing_page([], None)),
        "/ads/promo.html": Reply(NOT_A_FEED),
    }
    for article in ALL_ARTICLES:
        # EUC-KR pages come without a charset in the header, as many old CMSs serve them.
        content_type = "text/html" if article.charset == "euc-kr" else "text/html; charset=utf-8"
        routes[article.path] = Reply(article.html(), content_type)
    busy = Reply(b"busy", "text/plain", 429, {"Retry-After": str(RETRY_AFTER_SECONDS)})
    routes[SLOW.path] = in_order(busy, Reply(SLOW.html(), "text/html; charset=utf-8"))
    server.routes.update(routes)


def feed_sources(base: str) -> list[dict[str, object]]:
    sources: list[dict[str, object]] = [
        {"slug": slug, "kind": "rss", "url": base + path, "name": f"시험 {slug}"}
        for slug, path in FEED_PATHS.items()
    ]
    # Nothing listens on port 1 of loopback: the connection is refused at once.
    sources.append({"slug": "refused", "kind": "rss", "url": REFUSED_FEED_URL})
    return sources


def listing_sources(base: str) -> list[dict[str, object]]:
    return [
        {
            "slug": "local-list",
            "kind": "listing",
            "url": base + "/list/page1.html",
            "name": "시험일보 지역 소식",
            "link_selector": "ul.headlines a",
            "next_selector": "a.next",
            "max_pages": 2,
            "allow_pattern": "/list-articles/",
            "interval": "15m",
        }
    ]
