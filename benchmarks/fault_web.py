"""The loopback world of benchmarks/faults.py: a news web that keeps publishing, and a
webhook receiver that counts every delivery and its Idempotency-Key.

Each article is its own event (its own invented company, city and amount), so each one
becomes its own story and its own alert; every article names 스마트시티, which the fault
run's one rule looks for.
"""

from __future__ import annotations

import json
import random
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

SYLLABLES = "가나다라마바사아자차카타파하한결누리온빛솔미래새봄달별숲강"
CITIES = ("자카르타", "하노이", "리야드", "쿠웨이트", "나이로비", "리마", "울란바토르", "타슈켄트")
WORKS = (
    "통합관제",
    "자율주행 셔틀",
    "스마트 에너지망",
    "지능형 교통",
    "상수도 관리",
    "디지털 트윈",
)


def invented_name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(4)) + rng.choice(("건설", "정보", "도시"))


def article_text(number: int) -> tuple[str, str]:
    """(title, body HTML) of article `number`: one invented export deal, told in 5 paragraphs."""
    rng = random.Random(number)
    company, city, work = invented_name(rng), rng.choice(CITIES), rng.choice(WORKS)
    amount = rng.randint(10, 9000)
    title = f"{company}, {city} 스마트시티 {work} {amount}억원 수주 ({number}호)"
    words = [invented_name(rng) for _ in range(40)]
    paragraphs = [
        f"{company}가 {city} 당국이 발주한 스마트시티 {work} 사업을 {amount}억원에 수주했다고 "
        f"{rng.randint(1, 28)}일 밝혔다.",
        f"{company}는 {city} 신도시에 {work} 시설을 {rng.randint(2, 6)}년 동안 구축한다.",
        "협력사로는 " + ", ".join(words[:8]) + " 등이 참여한다.",
        "회사 측은 " + " ".join(words[8:24]) + " 분야의 경험을 살리겠다고 설명했다.",
        f"업계는 이번 계약(관리번호 {number})이 {' '.join(words[24:])} 시장 진출로 이어질 "
        "것으로 내다봤다.",
    ]
    return title, "".join(f"<p>{p}</p>" for p in paragraphs)


def article_page(number: int) -> bytes:
    title, body = article_text(number)
    return (
        '<!doctype html><html lang="ko"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body><article><h1>{escape(title)}</h1>"
        f"{body}</article></body></html>"
    ).encode()


@dataclass
class Published:
    number: int
    feed: int
    at: float


class NewsWeb:
    """/feed/F.xml (every article published on feed F so far, newest first), /a/N.html,
    robots.txt; a publisher thread adds one article every `every` seconds up to `total`."""

    def __init__(self, feeds: int, total: int, every: float) -> None:
        self.feeds, self.total, self.every = feeds, total, every
        self.published: list[Published] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.server = QuietServer(("127.0.0.1", 0), self._handler())
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def feed_url(self, feed: int) -> str:
        return f"{self.base_url}/feed/{feed}.xml"

    def article_url(self, number: int) -> str:
        return f"{self.base_url}/a/{number}.html"

    def publish_all_now(self) -> None:
        while len(self.published) < self.total:
            self.publish()

    def publish(self) -> None:
        with self._lock:
            number = len(self.published)
            if number >= self.total:
                return
            self.published.append(Published(number, number % self.feeds, time.monotonic()))

    @property
    def done(self) -> bool:
        return len(self.published) >= self.total

    def _publisher(self) -> None:
        while not self.done and not self._stop.wait(self.every):
            self.publish()

    def feed(self, feed: int) -> bytes:
        with self._lock:
            numbers = [p.number for p in self.published if p.feed == feed]
        items = "".join(
            f"<item><title>{escape(article_text(n)[0])}</title>"
            f"<link>{self.article_url(n)}</link><guid>{self.article_url(n)}</guid></item>"
            for n in reversed(numbers)
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>장애 시험 뉴스 {feed}</title><link>{self.base_url}/</link>{items}"
            "</channel></rss>"
        ).encode()

    def route(self, path: str) -> tuple[int, bytes, str]:
        if path == "/robots.txt":
            return 200, b"User-agent: *\nAllow: /\n", "text/plain"
        if path.startswith("/feed/"):
            return 200, self.feed(int(path[6:].split(".")[0])), "application/rss+xml"
        if path.startswith("/a/"):
            number = int(path[3:].split(".")[0])
            if number < len(self.published):
                return 200, article_page(number), "text/html; charset=utf-8"
        return 404, b"not found", "text/plain"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        web = self

        class Handler(QuietHandler):
            def do_GET(self) -> None:
                status, body, ctype = web.route(self.path)
                self.answer(status, body, ctype)

        return Handler

    @contextmanager
    def running(self) -> Iterator[NewsWeb]:
        threads = [
            threading.Thread(target=self.server.serve_forever, daemon=True),
            threading.Thread(target=self._publisher, daemon=True),
        ]
        for thread in threads:
            thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            self.server.shutdown()
            self.server.server_close()


class QuietServer(ThreadingHTTPServer):
    """A killed client resets its connection: that is the point here, not an error."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class QuietHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@dataclass(frozen=True)
class Delivery:
    key: str
    rule: str
    story: object


class Receiver:
    """A webhook on 127.0.0.1 that answers 200 after a short random pause (so kills can land
    between the POST and the sender's record of it) and logs every delivery."""

    def __init__(self, seed: int, max_pause: float = 0.05) -> None:
        self.deliveries: list[Delivery] = []
        self._rng, self._max_pause = random.Random(seed), max_pause
        self._lock = threading.Lock()
        self.server = QuietServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def record(self, key: str, body: bytes) -> float:
        payload = json.loads(body.decode("utf-8"))
        with self._lock:
            self.deliveries.append(Delivery(key, str(payload.get("rule")), payload.get("story_id")))
            return self._rng.uniform(0, self._max_pause)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(QuietHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                time.sleep(receiver.record(self.headers.get("Idempotency-Key", ""), body))
                self.answer(200, b"ok", "text/plain")

        return Handler

    @contextmanager
    def running(self) -> Iterator[Receiver]:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        try:
            yield self
        finally:
            self.server.shutdown()
            self.server.server_close()
