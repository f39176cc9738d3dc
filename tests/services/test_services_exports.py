"""The export service: the XLSX writer takes any stored text (control characters, which
openpyxl refuses with IllegalCharacterError, are dropped), and a large archive streams in
batches on both backends, each row with its story, rules and deal."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import openpyxl

from scwatch.core.formats.exports import EXPORT_COLUMNS
from scwatch.core.records import SearchFilters
from scwatch.services.exports import export_rows, write_export
from scwatch.storage import Database
from scwatch.storage.articles import EXPORT_BATCH, insert_article
from scwatch.storage.matches import add_match

START = datetime(2025, 3, 2, 1, 0, tzinfo=UTC)


def test_control_characters_do_not_break_the_xlsx_file() -> None:
    row = {"id": 1, "title": "스마트시티\x01 수출\x1b 계약", "body": "본문\x00 끝", "rules": []}
    target = io.BytesIO()
    assert write_export([row], target, "xlsx") == 1
    sheet = openpyxl.load_workbook(io.BytesIO(target.getvalue())).active
    assert sheet is not None
    cells = [c.value for c in next(sheet.iter_rows(min_row=2))]
    values = dict(zip(EXPORT_COLUMNS, cells, strict=True))
    assert values["title"] == "스마트시티 수출 계약" and values["body"] == "본문 끝"


def values(n: int) -> dict[str, object]:
    title, body = f"스마트시티 수출 소식 {n}호", f"{n}번째 기사 본문입니다."
    return {
        "source": "gukje" if n % 2 else "daily",
        "url": f"https://news.example.kr/{n}",
        "canonical_url": f"https://news.example.kr/{n}",
        "url_key": f"url-{n:05d}",
        "title": title,
        "body": body,
        "search_text": title + body,
        "content_key": f"content-{n:05d}",
        "first_seen_at": START + timedelta(minutes=n),
        "raw_sha256": "ab" * 32,
        "extractor_version": "test-1",
    }


def test_a_large_archive_streams_with_facts_for_every_row(database: Database) -> None:
    count = EXPORT_BATCH * 2 + 7  # more than one streamed batch of the cursor
    with database.transaction() as conn:
        for n in range(count):
            stored = insert_article(conn, values(n))
            if n % 100 == 0:
                add_match(conn, "export", stored.article_id, [], START)
    rows = list(export_rows(database, SearchFilters()))
    assert [row["id"] for row in rows] == sorted(row["id"] for row in rows)
    assert len(rows) == count and all(row["story_size"] == 1 for row in rows)
    assert sum(row["rules"] == ["export"] for row in rows) == 11
    chosen = list(export_rows(database, SearchFilters(rule="export", source="daily")))
    assert len(chosen) == 11 and all(row["source"] == "daily" for row in chosen)
