"""Property-based tests of URL canonicalisation (scwatch.core.text.urls): any string gives
a string without raising, and a canonical URL is its own canonical form (url_key and the
seen-URL filter compare canonical URLs, so a second pass must not move it)."""

from __future__ import annotations

from urllib.parse import urlsplit

from hypothesis import example, given, settings
from hypothesis import strategies as st

from scwatch.core.text.urls import canonical_url

HOSTS = st.sampled_from(
    ["www.example.kr", "M.News.Example.co.kr", "m.sports.news.example", "korea.kr",
     "www.korea.kr", "n.news.naver.com", "한국일보.kr", "xn--3e0b707e.kr", "127.0.0.1",
     "[::1]", "[2001:db8::1]", "example.com.", "a_b.example", ""]
)  # fmt: skip
PIECE = st.sampled_from(
    ["news", "articleView.html", "%EC%8A%A4", "%2F", "%25", "%zz", "스마트시티", "a b", "..",
     ".", "~x", "é", "+", ";p=1", "@", ":", "", "\x00", "\t"]
) | st.text(max_size=5)  # fmt: skip
PARAMS = st.sampled_from(
    ["idxno", "utm_source", "fbclid", "newsId", "id", "from", "q", "a b", "스마트", "", "x"]
)
VALUES = st.sampled_from(["1", "", "a+b", "%20", "스마트", "a=b", "&", "%E3", "?"]) | st.text(
    max_size=4
)
URLS = st.builds(
    lambda scheme, host, port, path, query, fragment: (
        f"{scheme}://{host}{port}/{'/'.join(path)}"
        + ("?" + "&".join(f"{k}={v}" for k, v in query) if query else "")
        + fragment
    ),
    st.sampled_from(["http", "https", "HTTP", "ftp", ""]),
    HOSTS,
    st.sampled_from(["", ":80", ":443", ":8080", ":0", ":99999", ":x"]),
    st.lists(PIECE, max_size=5),
    st.lists(st.tuples(PARAMS, VALUES), max_size=4),
    st.sampled_from(["", "#top", "#", "#%20"]),
)


@settings(deadline=None)
@given(URLS | st.text(max_size=60))
@example("http://www.example.kr/%2F/news")  # "%2F" unescaped gave "///news", then "/news"
def test_canonical_url_never_raises_and_is_idempotent(url: str) -> None:
    once = canonical_url(url)
    assert isinstance(once, str)
    assert canonical_url(once) == once


@settings(deadline=None)
@given(URLS)
@example("http://[::1]:8080/news/1.html")  # the IPv6 host lost its brackets: "http://::1:8080/"
def test_a_canonical_http_url_is_a_url_with_the_same_host(url: str) -> None:
    try:
        parts = urlsplit(url)
        host, _ = parts.hostname, parts.port
    except ValueError:
        return  # not a URL to begin with
    once = urlsplit(canonical_url(url))
    if parts.scheme.lower() in ("http", "https") and host:
        assert once.hostname is not None
        assert once.port in (parts.port, None)
        same = idna(once.hostname.strip(".")) == idna(host.lower().strip("."))
        assert same or host.lower().startswith(("m.", "mobile.", "korea.kr"))


def idna(host: str) -> str:
    """The host in Unicode (courlan writes IDN hosts so, punycode or not)."""
    try:
        return host.encode("ascii").decode("idna")
    except UnicodeError:
        return host
