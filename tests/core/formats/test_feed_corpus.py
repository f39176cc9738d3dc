"""feedparser's test feeds from the shared corpora (read in place, never copied; skipped when
../shared/corpora is absent) through decode_feed and feedparser: every feed gives strings
and zone-aware dates, and the Korean ones read as Korean."""

from __future__ import annotations

import re
from pathlib import Path

from support.paths import CORPORA, need

from scwatch.core.formats.rss import feed_entries, parse_feed_text
from scwatch.core.text.decoding import decode_feed

FEEDS = CORPORA / "feedparser-corpus"
_HEADER = re.compile(rb"^Header:\s*Content-type:\s*(.+?)\s*$", re.I | re.M)


def feed_files() -> list[Path]:
    return (
        sorted(p for p in FEEDS.rglob("*") if p.suffix in (".xml", ".json"))
        if FEEDS.is_dir()
        else []
    )


def test_every_feedparser_corpus_feed_decodes_and_parses_to_strings() -> None:
    need(FEEDS)
    files = feed_files()
    assert len(files) == 283
    for path in files:
        body = path.read_bytes()
        header = _HEADER.search(body[:2000])
        content_type = header.group(1).decode("latin-1") if header else None
        text = decode_feed(body, content_type)
        assert isinstance(text, str), path
        parsed = parse_feed_text(text)
        for entry in feed_entries(parsed, "https://feeds.example/feed.xml"):
            values = (entry.url, entry.title, entry.summary, entry.author, entry.guid)
            assert all(isinstance(value, str) for value in values), path
            assert entry.published_at is None or entry.published_at.tzinfo is not None, path


def test_korean_corpus_feeds_are_read_as_korean() -> None:
    need(FEEDS)
    text = decode_feed((FEEDS / "encoding" / "euc-kr.xml").read_bytes(), None)
    assert parse_feed_text(text).feed["title"] == "\ub144"
