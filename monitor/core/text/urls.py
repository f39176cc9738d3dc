"""Canonical URLs: one spelling per article, whatever tracking or mobile host it came with."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from courlan.clean import TRACKERS_RE, normalize_url, scrub_url

# Parameters that only say where a click came from; the article is the same without them.
_TRACKING_PARAMS = frozenset(
    [
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "yclid",
        "igshid",
        "call_from",
        "pwise",
        "pwisesub",
        "from",
        "ref",
        "rss",
        "rsslink",
        "referer",
        "referrer",
        "source",
        "sns",
        "share",
        "fromrss",
        "inflow",
        "nclick",
        "outlink",
        "isyh",
        "_ga",
        "cmpid",
        "spm",
        "ntype",
    ]
)
# Parameters that identify an article even when they look like trackers.
_IDENTITY_PARAMS = frozenset(
    [
        "idxno",
        "newsid",
        "no",
        "artid",
        "aid",
        "oid",
        "id",
        "article_id",
        "articleid",
        "news_id",
        "nid",
        "seq",
        "entry_id",
        "ac",
        "code",
        "num",
        "idx",
    ]
)
# Hosts whose article URL is fully identified by one parameter.
_SINGLE_KEY_HOSTS = {"www.korea.kr": "newsId"}
# Hosts whose article path alone identifies the article (the query only says where from).
_PATH_ONLY_HOSTS = frozenset({"n.news.naver.com", "v.daum.net"})
_HOST_ALIASES = {"korea.kr": "www.korea.kr"}
_MOBILE_PREFIXES = ("m.", "mobile.")
# Second-level suffixes under which "name.co.kr" is a bare registrable domain.
_TWO_LEVEL_SUFFIXES = frozenset(
    [
        "co.kr",
        "or.kr",
        "go.kr",
        "ne.kr",
        "re.kr",
        "pe.kr",
        "ac.kr",
        "kg.kr",
        "mil.kr",
        "co.jp",
        "co.uk",
        "com.au",
        "com.cn",
        "com.sg",
    ]
)
_PERCENT_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")
_ESCAPED_SLASH = re.compile("%2F", re.I)


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    if lowered in _IDENTITY_PARAMS:
        return False
    return (
        lowered in _TRACKING_PARAMS
        or lowered.startswith(("utm_", "utm-"))
        or bool(TRACKERS_RE.search(lowered))
    )


def _is_bare_domain(host: str) -> bool:
    labels = host.split(".")
    return len(labels) == 2 or (len(labels) == 3 and ".".join(labels[1:]) in _TWO_LEVEL_SUFFIXES)


def _canonical_host(host: str) -> str:
    """Mobile hosts map to the desktop one: m.news.example -> www.news.example,
    m.sports.news.example -> sports.news.example."""
    host = host.lower().rstrip(".")
    for prefix in _MOBILE_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            if _is_bare_domain(host):
                host = "www." + host
            break
    return _HOST_ALIASES.get(host, host)


def _canonical_query(host: str, query: str) -> str:
    if host in _PATH_ONLY_HOSTS:
        return ""
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not _is_tracking(k)]
    only_key = _SINGLE_KEY_HOSTS.get(host)
    if only_key is not None:
        kept = [(k, v) for k, v in pairs if k.lower() == only_key.lower()]
        pairs = kept or pairs
    return urlencode(sorted(pairs), quote_via=quote, safe="")


def _canonical_path(path: str) -> str:
    # An escaped slash stays escaped: "a%2Fb" is one segment, and unescaped it would make
    # empty segments that the next pass collapses (the canonical URL must be a fixed point).
    segments = _ESCAPED_SLASH.split(path)
    path = "%2F".join(quote(unquote(s), safe="/!$&'()*+,;=:@-._~") for s in segments)
    path = _PERCENT_ESCAPE.sub(lambda m: m.group(0).upper(), path)
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    return path or "/"


def canonical_url(url: str) -> str:
    """One spelling per article: lower-case host, no tracking, sorted query, desktop host."""
    raw = url.strip()
    if not raw:
        return ""
    try:
        scrubbed = scrub_url(raw)
        parts = urlsplit(normalize_url(scrubbed, strict=False, trailing_slash=False))
        port = parts.port
    except ValueError:
        return raw
    scheme = parts.scheme.lower()
    host = _canonical_host(parts.hostname or "")
    if ":" in host:  # an IPv6 literal keeps its brackets, or the port cannot be told apart
        host = f"[{host}]"
    if port is not None and (scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    # courlan's own query cleaning drops blank values and knows no Korean trackers.
    query = _canonical_query(host, urlsplit(scrubbed).query)
    return urlunsplit((scheme, host, _canonical_path(parts.path), query, ""))
