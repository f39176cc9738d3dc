"""The demo web as a crawler meets it: feeds, pages, listing, encodings, bad input, shutdown."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest

from scwatch.demo.web import DemoWeb, start_demo_web

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def web() -> Iterator[DemoWeb]:
    with start_demo_web() as running:
        yield running


def get(web: DemoWeb, target: str) -> tuple[int, bytes]:
    """A raw GET: the target is sent exactly as given (no client-side path normalisation)."""
    parts = urlsplit(web.base_url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    connection.request("GET", target)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(url)
    target = url[len(f"{parts.scheme}://{parts.netloc}") :] or "/"
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    connection.request("GET", target)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), body


def feed_links(body: bytes, encoding: str) -> list[str]:
    text = body.decode(encoding).split("?>", 1)[1]
    return [link.text or "" for link in ET.fromstring(text).iter("link")][1:]


def test_serves_on_an_ephemeral_loopback_port(web: DemoWeb) -> None:
    with start_demo_web() as second:
        assert web.base_url.startswith("http://127.0.0.1:")
        assert second.base_url != web.base_url
        assert fetch(second.base_url + "/")[0] == 200


def test_every_source_url_resolves(web: DemoWeb) -> None:
    sources = web.sources()
    assert {source.slug for source in sources} >= {"broken-feed"}
    assert {source.kind for source in sources} == {"rss", "listing"}
    for source in sources:
        assert source.url.startswith(web.base_url + "/")
        status, _, body = fetch(source.url)
        assert (status, bool(body)) == (200, True), source.slug


@pytest.mark.parametrize(
    ("slug", "encoding", "outlet_path"),
    [
        ("gukje", "utf-8", "/gukje/"),
        ("hanbit", "cp949", "/hanbit/"),
        ("korea-molit", "utf-8", "/korea/"),
    ],
)
def test_feed_lists_every_article_of_its_outlet(
    web: DemoWeb, slug: str, encoding: str, outlet_path: str
) -> None:
    source = next(s for s in web.sources() if s.slug == slug)
    links = feed_links(fetch(source.url)[2], encoding)
    articles = [url for url in web.article_urls() if url.startswith(web.base_url + outlet_path)]
    assert sorted(link.split("&call_from=")[0] for link in links) == sorted(articles)
    for link in links:
        status, headers, body = fetch(link)
        assert status == 200 and headers["Content-Type"].startswith("text/html") and body


def test_listing_pages_link_every_listing_article_through_next(web: DemoWeb) -> None:
    source = next(s for s in web.sources() if s.kind == "listing")
    found: list[str] = []
    url: str | None = source.url
    for _ in range(source.max_pages):
        assert url is not None
        page = lxml.html.fromstring(fetch(url)[2].decode("utf-8"))
        found += [urljoin(url, a.get("href")) for a in page.cssselect(source.link_selector)]
        next_links = page.cssselect(source.next_selector)
        url = urljoin(url, next_links[0].get("href")) if next_links else None
    assert url is None, "the last list page has no next link"
    expected = [u for u in web.article_urls() if u.startswith(web.base_url + "/citynews/")]
    assert sorted(found) == sorted(expected) and len(expected) == 4


# Besides scripts and a footer: the menu, where readers react, what is advertised and the
# related list. The government portal has a satisfaction survey and a policy banner instead.
PAGE_FURNITURE = {
    "gukje": ("<nav", "댓글", "광고", "관련기사"),
    "hanbit": ('<ul id="gnb">', "댓글", "광고", "주요 뉴스", "오늘의 상승종목"),
    "korea": ("<nav", "만족하십니까", "정책 홍보", "최신 보도자료"),
    "citynews": ("<nav", "댓글", "스폰서", "함께 읽으면 좋은 기사"),
}


def test_article_pages_are_full_pages(web: DemoWeb) -> None:
    for page in web.site.pages:
        status, _, body = fetch(web.base_url + page.path)
        text = body.decode(page.outlet.encoding)
        assert status == 200
        assert page.story.title in text and page.story.paragraphs[-1] in text
        for part in ("<script", "footer", *PAGE_FURNITURE[page.outlet.slug]):
            assert part in text, (page.path, part)


def test_hanbit_pages_are_cp949_bytes_without_a_charset_in_the_header(web: DemoWeb) -> None:
    page = next(p for p in web.site.pages if "똠" in p.story.title)
    status, headers, body = fetch(web.base_url + page.path)
    assert (status, headers["Content-Type"]) == (200, "text/html")
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        body.decode("euc-kr")  # 똠 exists only in CP949, as on real "euc-kr" sites
    assert page.story.title in body.decode("cp949")
    assert b'charset=euc-kr"' in body


def test_hanbit_feed_is_cp949_under_a_strict_euc_kr_label(web: DemoWeb) -> None:
    source = next(s for s in web.sources() if s.slug == "hanbit")
    _, headers, body = fetch(source.url)
    assert headers["Content-Type"] == "text/xml; charset=euc-kr"
    assert body.startswith(b'<?xml version="1.0" encoding="EUC-KR"?>')
    with pytest.raises(UnicodeDecodeError):
        body.decode("euc-kr")
    assert "똠양꿍" in body.decode("cp949")


@pytest.mark.parametrize(
    "target",
    [
        "/../../../../etc/passwd",
        "/static/../outlets.toml",
        "/static/%2e%2e/outlets.toml",
        "/static/..%2f..%2fserver.py",
        "/site/stories/seed-000-wscw-2018-results.toml",
        "/templates/gukje/article.html",
        "//etc/passwd",
        "/gukje/../../scwatch/demo/web/server.py",
    ],
)
def test_paths_outside_the_site_are_refused(web: DemoWeb, target: str) -> None:
    status, body = get(web, target)
    assert status == 404
    assert b"[[outlet]]" not in body and b"import" not in body and b"root:" not in body


def test_overlong_request_target_is_refused(web: DemoWeb) -> None:
    assert get(web, "/gukje/" + "a" * 5000)[0] == 414


def test_broken_endpoints_behave_as_documented(web: DemoWeb) -> None:
    status, _, feed = fetch(web.base_url + "/broken/feed.xml")
    assert status == 200
    with pytest.raises(ET.ParseError):
        ET.fromstring(feed)
    status, headers, body = fetch(web.base_url + "/broken/empty.html")
    assert (status, headers["Content-Length"], body) == (200, "0", b"")
    assert fetch(web.base_url + "/broken/404")[0] == 404
    assert fetch(web.base_url + "/no/such/page.html")[0] == 404
    assert fetch(web.base_url + "/broken/500")[0] == 500
    status, headers, body = fetch(web.base_url + "/broken/binary")
    assert (status, headers["Content-Type"]) == (200, "application/pdf")
    assert body.startswith(b"%PDF-")
    status, _, body = fetch(web.base_url + "/broken/soft404")
    assert status == 200 and "찾을 수 없습니다" in body.decode("utf-8")


def test_slow_endpoint_outlasts_a_client_timeout(web: DemoWeb) -> None:
    with pytest.raises(TimeoutError):
        urllib.request.urlopen(web.base_url + "/broken/slow?s=30", timeout=0.3)
    status, _, body = fetch(web.base_url + "/broken/slow?s=0")
    assert status == 200 and body


def test_stop_ends_a_waiting_slow_request_and_frees_the_port() -> None:
    web = start_demo_web()
    parts = urlsplit(web.base_url)
    waiting = socket.create_connection((parts.hostname or "", parts.port or 0), timeout=10)
    waiting.sendall(b"GET /broken/slow HTTP/1.1\r\nHost: demo\r\n\r\n")
    # Connections are accepted in order: once a later request is answered, the slow one
    # is in its handler, waiting its 30 seconds.
    assert fetch(web.base_url + "/")[0] == 200
    web.stop()
    try:
        answer = waiting.recv(1024)
    except ConnectionResetError:
        answer = b""
    finally:
        waiting.close()
    assert answer == b"", "a stopping server sends no answer to the waiting request"
    web.stop()  # idempotent
    with pytest.raises(ConnectionRefusedError):
        fetch(web.base_url + "/")


def test_head_and_conditional_get(web: DemoWeb) -> None:
    path = web.site.pages[0].path
    parts = urlsplit(web.base_url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    connection.request("HEAD", path)
    head = connection.getresponse()
    assert head.status == 200 and head.read() == b"" and int(head.headers["Content-Length"]) > 0
    etag = head.headers["ETag"]
    connection.request("GET", path, headers={"If-None-Match": etag})
    assert connection.getresponse().status == 304


def test_pages_are_identical_on_every_start_apart_from_the_address(web: DemoWeb) -> None:
    with start_demo_web() as other:
        for page in web.site.pages:
            mine = fetch(web.base_url + page.path)[2].replace(web.base_url.encode(), b"BASE")
            theirs = fetch(other.base_url + page.path)[2].replace(other.base_url.encode(), b"BASE")
            assert mine == theirs, page.path


def test_module_entry_point_prints_the_urls_and_stops_on_ctrl_c() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "scwatch.demo.web", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert process.stdout is not None
    printed = []
    for line in process.stdout:
        printed.append(line)
        if "Ctrl-C" in line:
            break
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) == 0
    text = "".join(printed)
    assert "/gukje/rss/allArticle.xml" in text and "broken-feed" in text
    assert "/hanbit/news/view/1669204" in text
