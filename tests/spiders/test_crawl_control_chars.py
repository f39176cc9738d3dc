"""Control characters from the web (issue 12, defect 2): a feed title with NUL and ESC,
used because the page has none, is stored without them on SQLite and on PostgreSQL, and
the commands that show it print no escape sequence."""

from __future__ import annotations

import re
from pathlib import Path

from support.cli import scwatch
from support.crawl import fetch_rows, run_crawl, stored_articles, write_config
from support.loopback import LoopbackServer, Reply

# Raw ESC sequences (clear screen, red, a window title), NUL as a character reference (the
# feed parser turns it into U+0000), a C1 CSI, a right-to-left override.
FEED_TITLE = "스마트시티&#0; 관제 플랫폼\x1b[2J\x1b[31m 베트남 수출\u202e\u009b"
FEED_AUTHOR = "김가온 기자\x1b]0;owned\x07"
PARAGRAPHS = (
    "한빛시스템은 4일 베트남 하노이시와 120억원 규모의 스마트시티 통합관제 플랫폼 수출 계약을 "
    "체결했다고 밝혔다. 회사는 교통 신호와 방범 카메라를 하나로 묶는 관제 센터를 짓는다.",
    "관제 센터는 도심 교차로 이백 곳의 신호를 실시간으로 조정하고, 사고가 나면 \u202e구급차가 "
    "지나는 길의 신호를 먼저 바꾼다. 공사는 내년 상반기에 마무리된다.",
    "회사 관계자는 하노이에 이어 호찌민과 다낭에도 같은 플랫폼을 제안하고 있다고 말했다. "
    "베트남 정부는 2030년까지 스마트시티 열두 곳을 짓겠다는 계획을 세웠다.",
)
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _feed(base: str) -> bytes:
    item = (
        f"<item><title>{FEED_TITLE}</title><link>{base}/news/1.html</link>"
        f"<author>{FEED_AUTHOR}</author><pubDate>Mon, 07 Dec 2026 09:00:00 +0900</pubDate></item>"
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>가온일보</title><link>{base}/</link>{item}</channel></rss>"
    ).encode()


def _page() -> bytes:
    # No <title>, <h1> or og:title: the feed's title is the article's.
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f'<html><head><meta charset="utf-8"></head><body><article>{body}</article></body></html>'.encode()


def _config(tmp_path: Path, base: str) -> Path:
    config = write_config(
        tmp_path / "scwatch.toml",
        [{"slug": "gaon", "kind": "rss", "url": base + "/rss.xml", "name": "가온일보"}],
    )
    with config.open("a", encoding="utf-8") as out:
        out.write(
            '\n[channels.jsonl]\ntype = "jsonl"\npath = "alerts.jsonl"\n\n'
            '[[rules]]\nname = "export"\nquery = "스마트시티 AND 수출"\nchannels = ["jsonl"]\n'
        )
    return config


def test_control_characters_from_a_feed_never_reach_the_store_or_the_terminal(
    tmp_path: Path, database_url: str
) -> None:
    server = LoopbackServer()
    server.routes["/rss.xml"] = Reply(_feed(server.base_url), "application/rss+xml")
    server.routes["/news/1.html"] = Reply(_page())
    config = _config(tmp_path, server.base_url)
    with server.running():
        run_crawl("feeds", config, database_url, tmp_path / "crawl.log")
    (fetch,) = fetch_rows(database_url, "gaon")
    assert fetch.error is None
    (article,) = stored_articles(database_url)
    # The feed decoder reads a C1 code point as the Windows-1252 character it meant (›).
    assert article.title == "스마트시티 관제 플랫폼[2J[31m 베트남 수출›"
    assert article.author.startswith("김가온")
    assert "지나는 길의 신호" in article.body and "구급차가" in article.body
    assert not CONTROL.search(article.title + article.author + article.body)
    env = {"SCWATCH_DATABASE_URL": database_url}
    for command in (
        ("alerts", "list"),
        ("search", "스마트시티"),
        ("show", str(article.id)),
        ("sources", "list"),
    ):
        result = scwatch(*command, "--config", str(config), env=env)
        assert result.returncode == 0, result.output
        assert not CONTROL.search(result.stdout.replace("\n", "")), (command, result.stdout)
    assert "베트남 수출" in scwatch("alerts", "list", "--config", str(config), env=env).stdout
