"""A synthetic loopback news site for benchmarks: N ndsoft-style Korean article pages of
realistic weight (navigation, scripts, related lists) and RSS feeds of 100 items each.
The text is generated from a small bank of sentences written for this project."""

from __future__ import annotations

import random
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

SENTENCES = [
    "가온시는 {n}일 도시 통합관제센터를 새로 열고 교통 신호 데이터를 실시간으로 분석하기 시작했다고 밝혔다.",
    "이번 사업에는 국비와 시비를 합쳐 모두 {n}억원이 들어간다.",
    "시 관계자는 시민이 체감할 수 있는 서비스부터 차례로 넓혀 가겠다고 말했다.",
    "한국 기업 {n}곳이 참여한 컨소시엄은 동남아 신도시의 스마트시티 설계 사업을 따냈다.",
    "업계에서는 해외 수주가 이어지면 관련 중소기업의 매출도 늘어날 것으로 내다봤다.",
    "기상청은 내일 전국이 대체로 맑겠으나 아침 기온이 {n}도 안팎으로 떨어지겠다고 예보했다.",
    "코스피는 외국인 순매수에 힘입어 전날보다 {n}포인트 오른 채 거래를 마쳤다.",
    "두 기관은 스마트도시 기술 교류와 공동 연구를 위한 업무협약을 맺었다.",
    "협약에 따라 양측은 실증 사업 부지를 함께 찾고 인력 교류도 늘리기로 했다.",
    "전문가들은 데이터 표준이 갖춰져야 서비스가 도시마다 반복 개발되는 일을 막을 수 있다고 지적했다.",
]
# Real Korean news pages average about 174 KB (notes/performance.md); most of it is menus,
# inline scripts and styles, which these imitate so parsing costs what it costs in the wild.
NAV = "".join(
    f'<li class="menu-item"><a href="/section/{i}">섹션 메뉴 {i}</a></li>' for i in range(300)
)
SCRIPT = (
    "<script>var ads=[" + ",".join(f'"slot-{i}-banner-area"' for i in range(1500)) + "];</script>"
)
STYLE = (
    "<style>"
    + "".join(f".c{i}{{margin:{i % 9}px;color:#{i % 999:03d}}}" for i in range(1200))
    + "</style>"
)
RELATED = "".join(
    f'<li><a href="/news/articleView.html?idxno={i}">관련 기사 제목 {i}</a></li>' for i in range(30)
)


def article_body(idx: int) -> str:
    rng = random.Random(idx)
    paragraphs = []
    for _ in range(12):
        sentence = rng.choice(SENTENCES).format(n=rng.randint(2, 900))
        paragraphs.append(f"<p>{sentence} (기사 {idx}번)</p>")
    return "".join(paragraphs)


def article_page(idx: int) -> bytes:
    title = f"가온시 스마트시티 소식 {idx}호…통합관제 확대"
    html = f"""<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8">
<title>{title} - 벤치뉴스</title><meta property="og:title" content="{title}">
{STYLE}{SCRIPT}</head><body><nav><ul>{NAV}</ul></nav>
<header class="article-view-header"><h3 class="heading">{title}</h3>
<ul class="infomation"><li>기자명 홍길동 기자</li><li>입력 2025.03.{idx % 28 + 1:02d} 10:{idx % 60:02d}</li></ul></header>
<article id="article-view-content-div">{article_body(idx)}
<p>저작권자 © 벤치뉴스 무단전재 및 재배포 금지</p></article>
<aside><h4>관련기사</h4><ul>{RELATED}</ul></aside>
<div class="ad">{SCRIPT}</div><footer>벤치뉴스 | 서울시 가온구 | 대표전화 02-000-0000</footer>
</body></html>"""
    return html.encode("utf-8")


def feed(base: str, number: int, per_feed: int) -> bytes:
    items = []
    for idx in range(number * per_feed, (number + 1) * per_feed):
        link = f"{base}/news/articleView.html?idxno={idx}"
        items.append(
            f"<item><title>기사 {idx}</title><link>{escape(link)}</link>"
            f"<pubDate>Wed, 05 Mar 2025 10:00:00 +0900</pubDate></item>"
        )
    xml = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>벤치뉴스 {number}</title><link>{base}</link>{''.join(items)}</channel></rss>"
    )
    return xml.encode("utf-8")


class BenchSite:
    """Serves /rss/N.xml and /news/articleView.html?idxno=I on 127.0.0.1."""

    def __init__(self, articles: int = 2000, per_feed: int = 100) -> None:
        self.articles, self.per_feed = articles, per_feed
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.pages = {idx: article_page(idx) for idx in range(articles)}
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def feed_urls(self) -> list[str]:
        return [f"{self.base_url}/rss/{n}.xml" for n in range(self.articles // self.per_feed)]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = site.route(self.path)
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                return

        return Handler

    def route(self, path: str) -> bytes:
        if path.startswith("/rss/"):
            return feed(self.base_url, int(path[5:].split(".")[0]), self.per_feed)
        if "idxno=" in path:
            return self.pages.get(int(path.split("idxno=")[1]), b"")
        return b""

    def __enter__(self) -> BenchSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
