"""The web UI reads both backends: every page and feed over SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from support.archive import CONFIG, archived_article
from support.web import client_for

from scwatch import Scwatch
from scwatch.config import load_config

PAGES = ["/", "/search?q=수출", "/stories/1", "/articles/1", "/rules", "/alerts", "/sources",
         "/sources/gukje", "/charts", "/rules/export/feed.xml", "/api/search?q=관제"]  # fmt: skip


def test_every_page_reads_each_backend(tmp_path: Path, database_url: str) -> None:
    path = tmp_path / "scwatch.toml"
    path.write_text(CONFIG, encoding="utf-8")
    config = dataclasses.replace(load_config(path), database_url=database_url)
    with Scwatch(config) as scwatch:
        assert scwatch._write_runtime().ingestor.ingest(archived_article()).status == "new"
    client = client_for(config)
    for page in PAGES:
        answer = client.get(page)
        assert answer.status_code == 200, (page, answer.text[:300])
    hits = client.get("/api/search", params={"q": "관제"}).json()["hits"]
    assert hits and "<mark>" not in hits[0]["snippet"]
    assert "<mark>관제</mark>" in client.get("/search", params={"q": "관제"}).text



def test_before_the_first_crawl_pages_say_what_to_run(tmp_path: Path) -> None:
    path = tmp_path / "scwatch.toml"
    path.write_text('[storage]\ndatabase = "later.db"\n', encoding="utf-8")
    client = client_for(path)
    page = client.get("/")
    assert page.status_code == 503 and "scwatch crawl" in page.text
    assert "scwatch crawl" in client.get("/api/search", params={"q": "수출"}).json()["error"]
    assert client.get("/sources").status_code == 200
    assert not (tmp_path / "later.db").exists(), "reading never creates the database"
