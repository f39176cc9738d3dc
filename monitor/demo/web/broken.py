"""Fixed paths that misbehave on purpose, so crawls and tests can meet bad input.

| path                  | answer                                                        |
|-----------------------|---------------------------------------------------------------|
| /broken/feed.xml      | 200, malformed RSS (breaks off mid-item; no item has a link)  |
| /broken/empty.html    | 200, text/html, empty body                                    |
| /broken/soft404       | 200, a full page that only says the article does not exist    |
| /broken/404           | 404 page (also the answer for every unknown path)             |
| /broken/500           | 500 page                                                      |
| /broken/binary        | 200, application/pdf                                          |
| /broken/slow?s=N      | waits N seconds (default 30) before answering; see server.py  |
"""

from __future__ import annotations

from urllib.parse import parse_qs

from jinja2 import Environment

from scwatch.demo.web.resource import Resource

NOT_FOUND_PATH = "/broken/404"
SLOW_PATH = "/broken/slow"
DEFAULT_SLOW_SECONDS = 30.0
MAX_SLOW_SECONDS = 3600.0
HTML = "text/html; charset=utf-8"

# Breaks off inside an item after an unescaped "&": a strict XML parser stops at the
# ampersand, and a lenient one recovers titles but no link, so no article can be fetched.
MALFORMED_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
<title>고장 난 피드</title>
<link>/broken/</link>
<description>생성 도중 멈춘 피드 & 닫히지 않은 태그</description>
<item>
<title>끝까지 쓰이지 못한 기사 제목
<description><p>본문 요약이 중간에서
""".encode()


def _pdf_bytes() -> bytes:
    """A one-page, empty, well-formed PDF (an attachment or a binary answer)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


PDF_BYTES = _pdf_bytes()


def broken_resources(env: Environment) -> dict[str, Resource]:
    def page(template: str) -> bytes:
        return env.get_template(f"common/{template}").render().encode("utf-8")

    return {
        "/broken/feed.xml": Resource(MALFORMED_FEED, "application/rss+xml; charset=utf-8"),
        "/broken/empty.html": Resource(b"", HTML),
        "/broken/soft404": Resource(page("soft404.html"), HTML),
        NOT_FOUND_PATH: Resource(page("not_found.html"), HTML, status=404),
        "/broken/500": Resource(page("server_error.html"), HTML, status=500),
        "/broken/binary": Resource(PDF_BYTES, "application/pdf"),
    }


def slow_seconds(query: str) -> float:
    """How long /broken/slow waits: ?s=N seconds, default 30, bounded to [0, 3600]."""
    values = parse_qs(query).get("s")
    if not values:
        return DEFAULT_SLOW_SECONDS
    try:
        seconds = float(values[0])
    except ValueError:
        return DEFAULT_SLOW_SECONDS
    if seconds != seconds:  # NaN
        return DEFAULT_SLOW_SECONDS
    return min(max(seconds, 0.0), MAX_SLOW_SECONDS)
