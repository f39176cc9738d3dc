"""`scrapy crawl naver` against a loopback stand-in for the Naver News Search API.

The API answers with publisher links (originallink), a link-only item, and an item hosted
only on naver.com; quota and query errors end up in the fetch log, a quota error stops the
later calls of the run, and the credentials never appear in the crawl log.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.crawl import TEST_CRAWL, fetch_rows, run_crawl, stored_articles, write_config
from support.loopback import NOT_FOUND, LoopbackServer, Reply, Request
from support.paths import PAGES_DIR

from scwatch.config import ENV_SETTINGS
from scwatch.core.formats.naver import CLIENT_ID_ENV, CLIENT_SECRET_ENV

pytestmark = pytest.mark.slow

CLIENT_ID = "test-client-id"
CLIENT_SECRET = "s3cr3t-never-logged"
API_PATH = "/v1/search/news.json"
QUERIES = {"스마트시티 수출": "ok", "잘못된 질의": "bad", "할당량": "quota", "그다음": "after"}


def page_bytes(page_id: str) -> bytes:
    return (PAGES_DIR / "html" / f"{page_id}.html").read_bytes()


def items(base: str) -> list[dict[str, str]]:
    return [
        {
            "title": "K-<b>스마트시티</b>, 베트남 하노이 신도시에 통합플랫폼 첫 &quot;<b>수출</b>&quot;",
            "originallink": f"{base}/news/articleView.html?idxno=30512",
            "link": "https://n.news.naver.com/mnews/article/991/0000000412?sid=101",
            "description": "국내 기업이 개발한 <b>스마트시티</b> 통합플랫폼이...",
            "pubDate": "Fri, 07 Jun 2024 09:12:00 +0900",
        },
        {
            "title": "세종시 자율주행 버스 확대",
            "originallink": "",
            "link": f"{base}/news/articleView.html?idxno=88120",
            "description": "세종시가 시범 운행 중인 자율주행 수요응답 버스를...",
            "pubDate": "Tue, 12 Mar 2024 14:05:00 +0900",
        },
        {
            "title": "네이버에만 있는 기사",
            "originallink": "",
            "link": "https://n.news.naver.com/mnews/article/992/0000000788",
            "description": "원문 링크가 없다.",
            "pubDate": "Tue, 12 Mar 2024 15:00:00 +0900",
        },
    ]


def api(base: str) -> object:
    def answer(request: Request) -> Reply:
        if request.headers.get("x-naver-client-secret") != CLIENT_SECRET:
            return Reply(
                b'{"errorMessage":"Authentication failed","errorCode":"024"}',
                "application/json",
                401,
            )
        which = QUERIES.get(request.query.get("query", ""))
        if which == "bad":
            body = {
                "errorMessage": "Incorrect query request (잘못된 쿼리요청입니다.)",
                "errorCode": "SE01",
            }
            return Reply(json.dumps(body).encode(), "application/json", 400)
        if which == "quota":
            body = {"errorMessage": "Query limit exceeded", "errorCode": "010"}
            return Reply(json.dumps(body).encode(), "application/json", 429)
        found = items(base) if which == "ok" else []
        body = {
            "lastBuildDate": "Mon, 01 Dec 2025 09:00:00 +0900",
            "total": len(found),
            "start": 1,
            "display": len(found),
            "items": found,
        }
        return Reply(
            json.dumps(body, ensure_ascii=False).encode(), "application/json; charset=utf-8"
        )

    return answer


def article(request: Request) -> Reply:
    pages = {"30512": "ndsoft-smartdosi-30512", "88120": "ndsoft-hanbit-88120"}
    page = pages.get(request.query.get("idxno", ""))
    return Reply(page_bytes(page)) if page else NOT_FOUND


@pytest.fixture(scope="module")
def api_server() -> Iterator[LoopbackServer]:
    server = LoopbackServer()
    server.routes.update(
        {
            # The API is not a crawl target: its calls do not ask robots.txt; articles do.
            "/robots.txt": Reply(b"User-agent: *\nDisallow: /v1/\n", "text/plain"),
            API_PATH: api(server.base_url),  # type: ignore[dict-item]
            "/news/articleView.html": article,
        }
    )
    with server.running():
        yield server


def sources(base: str) -> list[dict[str, object]]:
    return [
        {
            "slug": f"naver-{name}",
            "kind": "naver",
            "query": query,
            "url": base + API_PATH,
            "max_pages": 3,
        }
        for query, name in QUERIES.items()
    ]


@pytest.fixture(scope="module")
def crawled(
    api_server: LoopbackServer, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, str]:
    if not {CLIENT_ID_ENV, CLIENT_SECRET_ENV} <= {s.name for s in ENV_SETTINGS}:
        pytest.skip(
            f"scwatch.config.ENV_SETTINGS does not list {CLIENT_ID_ENV} and {CLIENT_SECRET_ENV} yet"
        )
    tmp = tmp_path_factory.mktemp("naver")
    config = write_config(
        tmp / "scwatch.toml", sources(api_server.base_url), {**TEST_CRAWL, "obey_robots": True}
    )
    database_url = f"sqlite:///{tmp / 'scwatch.db'}"
    env = {CLIENT_ID_ENV: CLIENT_ID, CLIENT_SECRET_ENV: CLIENT_SECRET}
    log = run_crawl("naver", config, database_url, Path(tmp / "crawl.log"), env=env)
    return database_url, log


def test_publisher_pages_of_the_results_are_stored(crawled: tuple[str, str]) -> None:
    titles = sorted(a.title for a in stored_articles(crawled[0]))
    assert titles == [
        "K-스마트시티, 베트남 하노이 북부 신도시에 통합플랫폼 첫 수출",
        "세종시, 자율주행 수요응답 버스 3개 노선으로 확대",
    ]


def test_api_is_called_newest_first_with_the_credentials(
    crawled: tuple[str, str], api_server: LoopbackServer
) -> None:
    calls = api_server.requests_to(API_PATH)
    first = calls[0]
    assert first.query == {
        "query": "스마트시티 수출",
        "display": "100",
        "start": "1",
        "sort": "date",
    }
    assert first.headers["x-naver-client-id"] == CLIENT_ID
    # One call per source until the quota error; the source after it is not called.
    assert [c.query["query"] for c in calls] == ["스마트시티 수출", "잘못된 질의", "할당량"]


def test_errors_are_in_the_fetch_log_and_quota_stops_the_run(crawled: tuple[str, str]) -> None:
    database_url = crawled[0]
    (ok,) = fetch_rows(database_url, "naver-ok")
    assert ok.error is None and ok.items == 2 and ok.new_items == 2
    (bad,) = fetch_rows(database_url, "naver-bad")
    assert bad.error is not None and "SE01" in bad.error
    (quota,) = fetch_rows(database_url, "naver-quota")
    assert quota.error is not None and "quota" in quota.error
    (after,) = fetch_rows(database_url, "naver-after")
    assert after.error is not None and after.error.startswith("not called:")


def test_naver_pages_are_never_requested_and_secrets_never_logged(crawled: tuple[str, str]) -> None:
    log = crawled[1]
    assert "n.news.naver.com" not in log
    assert CLIENT_SECRET not in log


def test_missing_credentials_are_a_clear_fetch_log_error(
    api_server: LoopbackServer, tmp_path: Path
) -> None:
    config = write_config(tmp_path / "scwatch.toml", sources(api_server.base_url)[:1], TEST_CRAWL)
    database_url = f"sqlite:///{tmp_path / 'scwatch.db'}"
    calls_before = len(api_server.requests_to(API_PATH))
    run_crawl("naver", config, database_url, tmp_path / "crawl.log")
    (row,) = fetch_rows(database_url, "naver-ok")
    assert row.error is not None and CLIENT_ID_ENV in row.error
    assert len(api_server.requests_to(API_PATH)) == calls_before


# ---------------------------------------------------------------- paging

PAGING_QUERY = "페이징"


def paged_api(base: str) -> object:
    """1,000 results, 100 a page, each a distinct small article on the loopback site."""

    def answer(request: Request) -> Reply:
        start = int(request.query["start"])
        found = [
            {
                "title": f"기사 {n}",
                "originallink": f"{base}/paged/{n}",
                "link": f"https://n.news.naver.com/mnews/article/993/{n:010d}",
                "description": "요약",
                "pubDate": "Mon, 01 Dec 2025 08:00:00 +0900",
            }
            for n in range(start, start + 100)
        ]
        body = {"total": 1000, "start": start, "display": 100, "items": found}
        return Reply(json.dumps(body, ensure_ascii=False).encode(), "application/json")

    return answer


def paged_article(request: Request) -> Reply:
    n = request.path.rsplit("/", 1)[-1]
    text = (
        f"가상시 {n}번째 소식이다. "
        + "시청은 이번 사업의 세부 일정을 다음 주에 공개한다고 밝혔다. " * 4
    )
    html = f"<html><head><title>가상시 소식 {n}호</title></head><body><article><h1>가상시 소식 {n}호</h1><p>{text}</p></article></body></html>"
    return Reply(html.encode())


@pytest.fixture(scope="module")
def paging_server() -> Iterator[LoopbackServer]:
    server = LoopbackServer()
    server.routes.update({API_PATH: paged_api(server.base_url)})  # type: ignore[dict-item]
    for n in range(1, 301):
        server.routes[f"/paged/{n}"] = paged_article
    with server.running():
        yield server


def test_paging_is_capped_by_max_pages_and_stops_once_caught_up(
    paging_server: LoopbackServer, tmp_path: Path
) -> None:
    if not {CLIENT_ID_ENV, CLIENT_SECRET_ENV} <= {s.name for s in ENV_SETTINGS}:
        pytest.skip(
            f"scwatch.config.ENV_SETTINGS does not list {CLIENT_ID_ENV} and {CLIENT_SECRET_ENV} yet"
        )
    source = {
        "slug": "naver-paging",
        "kind": "naver",
        "query": PAGING_QUERY,
        "url": paging_server.base_url + API_PATH,
        "max_pages": 2,
    }
    config = write_config(tmp_path / "scwatch.toml", [source], TEST_CRAWL)
    database_url = f"sqlite:///{tmp_path / 'scwatch.db'}"
    env = {CLIENT_ID_ENV: CLIENT_ID, CLIENT_SECRET_ENV: CLIENT_SECRET}
    run_crawl("naver", config, database_url, tmp_path / "first.log", env=env)
    assert [c.query["start"] for c in paging_server.requests_to(API_PATH)] == ["1", "101"]
    assert len(stored_articles(database_url)) == 200
    run_crawl("naver", config, database_url, tmp_path / "second.log", env=env)
    # The newest page holds stored articles only: no second page is asked for.
    assert [c.query["start"] for c in paging_server.requests_to(API_PATH)] == ["1", "101", "1"]
