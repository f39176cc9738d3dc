"""Hostile text from the web and from configuration files goes through every page and
feed of the web UI escaped: no tag, attribute, javascript: link, control or bidi character
of it reaches the browser as markup."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import feedparser
import pytest
from support.web import (
    HOSTILE,
    JS_URL,
    TOKEN,
    TestClient,
    client_for,
    make_hostile_archive,
    sign_in,
)

# The tags our templates write; anything else came from the data.
OUR_TAGS = {
    "html", "head", "meta", "title", "link", "body", "header", "nav", "a", "div", "span",
    "form", "input", "label", "button", "main", "h1", "h2", "h3", "h4", "footer", "section",
    "ul", "ol", "li", "b", "q", "small", "table", "thead", "tbody", "tr", "th", "td", "p",
    "article", "time", "code", "select", "option", "mark", "details", "summary", "svg",
    "line", "text", "polyline", "rect", "circle",
}  # fmt: skip
RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
RULE = "export <script>x</script>\" onmouseover='x'"


class Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]


def assert_nothing_unescaped(html: str) -> None:
    parsed = Markup()
    parsed.feed(html)
    assert set(parsed.tags) <= OUR_TAGS, set(parsed.tags) - OUR_TAGS
    assert not [name for name, _ in parsed.attributes if name.startswith("on")]
    links = [value for name, value in parsed.attributes if name in ("href", "src", "action")]
    assert not [link for link in links if not link.startswith(("/", "http://", "https://", "#"))]
    assert not RAW_CONTROL.search(html), repr(RAW_CONTROL.search(html))
    assert "<script" not in html and "<img" not in html


@pytest.fixture
def hostile(tmp_path: Path) -> TestClient:
    client = client_for(make_hostile_archive(tmp_path), token=TOKEN)
    sign_in(client)  # the write buttons and forms show too
    return client


PAGES = [
    "/", "/search?q=수출", "/stories/1", "/articles/1", "/rules", "/rules?query=수출&since=30d",
    "/alerts", "/alerts?status=dead", "/sources", "/sources/gukje", "/charts", "/api",
    "/search?q=" + quote(HOSTILE), "/rules?query=" + quote(HOSTILE), "/stories/" + quote(HOSTILE),
]  # fmt: skip


@pytest.mark.parametrize("path", PAGES)
def test_every_page_escapes_hostile_text(hostile: TestClient, path: str) -> None:
    page = hostile.get(path)
    assert page.status_code in (200, 400, 404, 422), page.text
    assert_nothing_unescaped(page.text)


def test_the_hostile_text_is_shown_as_text(hostile: TestClient) -> None:
    for path in ("/articles/1", "/stories/1", "/alerts", "/sources", "/rules", "/search?q=수출"):
        page = hostile.get(path).text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, path
    assert "&lt;script&gt;x&lt;/script&gt;&#34; onmouseover=&#39;x&#39;" in hostile.get("/rules").text
    assert f'href="{JS_URL}"' not in hostile.get("/articles/1").text


def test_the_rule_feed_parses_and_keeps_hostile_titles_as_text(hostile: TestClient) -> None:
    answer = hostile.get(f"/rules/{quote(RULE, safe='')}/feed.xml")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(answer.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == f"scwatch · {RULE}"
    (entry,) = feed.entries
    assert entry.title.startswith("<script>alert(1)</script>")  # text, not markup
    assert "<script>" not in answer.text  # escaped in the XML itself
    assert not [link for link in entry.links if link.href.startswith("javascript:")]
    assert not RAW_CONTROL.search(answer.text)


def test_the_json_api_carries_the_text_as_data(hostile: TestClient) -> None:
    article = hostile.get("/api/articles/1").json()["article"]
    assert article["title"].startswith(HOSTILE)
    assert hostile.get("/api/articles/1").headers["content-type"] == "application/json"
