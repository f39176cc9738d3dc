"""`scrapy crawl sitemaps` against a loopback news site: a sitemap index leads to recent child
sitemaps (one gzipped), and only entries published within max_age are fetched."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from support.crawl import TEST_CRAWL, fetch_rows, run_crawl, stored_articles, write_config
from support.loopback import NOT_FOUND, LoopbackServer, Reply, Request
from support.paths import PAGES_DIR

pytestmark = pytest.mark.slow

NOW = datetime.now(UTC)
NEWS_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
# idxno -> (golden page, age of the entry, title in the sitemap); None: no date in the entry.
ENTRIES: dict[str, tuple[str, timedelta | None]] = {
    "30512": ("ndsoft-smartdosi-30512", timedelta(hours=3)),
    "88120": ("ndsoft-hanbit-88120", timedelta(hours=30)),
    "4410": ("ndsoft-kukto-4410", timedelta(days=5)),
    "99999": ("ndsoft-kukto-4987", None),
}
RECENT = ("30512", "88120")


def page_bytes(page_id: str) -> bytes:
    return (PAGES_DIR / "html" / f"{page_id}.html").read_bytes()


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def index_xml(base: str) -> bytes:
    children = [
        (f"{base}/sitemaps/news.xml", f"<lastmod>{stamp(NOW - timedelta(hours=1))}</lastmod>"),
        (f"{base}/sitemaps/news-2.xml.gz", ""),
        (f"{base}/sitemaps/archive-2019.xml", "<lastmod>2019-12-31</lastmod>"),
    ]
    items = "".join(f"<sitemap><loc>{loc}</loc>{mod}</sitemap>" for loc, mod in children)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>'
    ).encode()


def news_entry(loc: str, age: timedelta | None, title: str) -> str:
    date = f"<news:publication_date>{stamp(NOW - age)}</news:publication_date>" if age else ""
    return (
        f"<url><loc>{loc}</loc><news:news><news:publication><news:name>시험일보</news:name>"
        f"<news:language>ko</news:language></news:publication>{date}"
        f"<news:title>{title}</news:title></news:news></url>"
    )


def news_xml(base: str) -> bytes:
    entries = "".join(
        news_entry(f"{base}/news/articleView.html?idxno={idxno}", age, f"기사 {idxno}")
        for idxno, (_, age) in ENTRIES.items()
    )
    # Declared EUC-KR, as some Korean CMSs still write them; a CP949-only syllable in a title.
    xml = (
        f'<?xml version="1.0" encoding="EUC-KR"?>\n<urlset {NEWS_NS}>{entries}'
        + news_entry(
            f"{base}/news/articleView.html?idxno=30512", timedelta(hours=3), "똠방각하 중복 항목"
        )
        + "</urlset>"
    )
    return xml.encode("cp949")


def gz_news_xml(base: str) -> bytes:
    loc = f"{base}/briefing/pressReleaseView.do?newsId=156612345"
    entry = news_entry(loc, timedelta(hours=2), "보도자료")
    return gzip.compress(f'<?xml version="1.0"?><urlset {NEWS_NS}>{entry}</urlset>'.encode())


def article(request: Request) -> Reply:
    page = ENTRIES.get(request.query.get("idxno", ""))
    if page is None:
        return NOT_FOUND
    return Reply(page_bytes(page[0]))


@pytest.fixture(scope="module")
def site() -> Iterator[LoopbackServer]:
    server = LoopbackServer()
    base = server.base_url
    server.routes.update(
        {
            "/robots.txt": Reply(
                f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap_index.xml\n".encode(),
                "text/plain",
            ),
            "/sitemap_index.xml": Reply(index_xml(base), "application/xml"),
            "/sitemaps/news.xml": Reply(news_xml(base), "text/xml"),
            "/sitemaps/news-2.xml.gz": Reply(gz_news_xml(base), "application/x-gzip"),
            "/sitemaps/archive-2019.xml": Reply(news_xml(base), "application/xml"),
            "/sitemaps/undated.xml": Reply(
                f"<urlset {NEWS_NS}><url><loc>{base}/about.html</loc></url></urlset>".encode(),
                "application/xml",
            ),
            "/news/articleView.html": article,
            "/briefing/pressReleaseView.do": Reply(page_bytes("koreakr-council")),
        }
    )
    with server.running():
        yield server


@pytest.fixture(scope="module")
def crawled(site: LoopbackServer, tmp_path_factory: pytest.TempPathFactory) -> str:
    tmp = tmp_path_factory.mktemp("sitemaps")
    sources = [
        {
            "slug": "news-sitemap",
            "kind": "sitemap",
            "url": site.base_url + "/sitemap_index.xml",
            "max_age": "2d",
        },
        {"slug": "gone-sitemap", "kind": "sitemap", "url": site.base_url + "/missing.xml"},
        {
            "slug": "undated-sitemap",
            "kind": "sitemap",
            "url": site.base_url + "/sitemaps/undated.xml",
        },
    ]
    config = write_config(tmp / "scwatch.toml", sources, TEST_CRAWL)
    database_url = f"sqlite:///{tmp / 'scwatch.db'}"
    run_crawl("sitemaps", config, database_url, Path(tmp / "crawl.log"))
    return database_url


def test_recent_entries_of_recent_child_sitemaps_are_stored(crawled: str) -> None:
    titles = sorted(a.title for a in stored_articles(crawled))
    assert titles == sorted(
        [
            "K-스마트시티, 베트남 하노이 북부 신도시에 통합플랫폼 첫 수출",
            "세종시, 자율주행 수요응답 버스 3개 노선으로 확대",
            "국토부, 스마트도시 해외진출 지원 협의체 공식 출범",
        ]
    )


def test_old_undated_and_stale_sitemap_entries_are_not_fetched(
    crawled: str, site: LoopbackServer
) -> None:
    fetched = {r.query.get("idxno") for r in site.requests_to("/news/articleView.html")}
    assert fetched == set(RECENT)
    assert site.requests_to("/sitemaps/archive-2019.xml") == []
    assert len(site.requests_to("/sitemaps/news-2.xml.gz")) == 1


def test_fetch_log_counts_entries_and_names_failures(crawled: str) -> None:
    (row,) = fetch_rows(crawled, "news-sitemap")
    assert row.error is None
    assert row.items == 3
    assert row.new_items == 3
    (gone,) = fetch_rows(crawled, "gone-sitemap")
    assert gone.error is not None and "404" in gone.error
    (undated,) = fetch_rows(crawled, "undated-sitemap")
    assert undated.error == "no entry has a date (news:publication_date or lastmod)"


def test_published_updated_and_first_seen_are_stored_apart(crawled: str) -> None:
    stored = {a.title: a for a in stored_articles(crawled)}
    article = stored["K-스마트시티, 베트남 하노이 북부 신도시에 통합플랫폼 첫 수출"]
    assert article.published_at == datetime(2024, 6, 7, 0, 12, tzinfo=UTC)
    assert article.updated_at == datetime(2024, 6, 7, 1, 40, tzinfo=UTC)
    assert article.first_seen_at is not None and article.first_seen_at >= NOW - timedelta(minutes=5)
