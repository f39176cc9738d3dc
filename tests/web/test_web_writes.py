"""Write actions of the web UI: refused without the token, without signing in and without
the CSRF token; accepted with both; the API takes the token as a Bearer token only; the
token never appears in a page, a cookie or a header."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.archive import NOW
from support.articles import make_article
from support.web import TOKEN, TestClient, client_for, csrf_of, sign_in

from scwatch import Scwatch

BEARER = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def writer(archive: Path) -> TestClient:
    return client_for(archive, token=TOKEN)


def test_without_a_token_configured_every_write_is_refused(archive: Path) -> None:
    client = client_for(archive)
    page = client.get("/alerts")
    assert "읽기 전용 Read-only" in page.text and "<form method=\"post\"" not in page.text
    csrf = "whatever"
    refused = client.post("/alerts/1/retry", data={"csrf": csrf})
    assert refused.status_code == 403 and "writes are disabled" in refused.text
    api = client.post("/api/alerts/1/retry", headers=BEARER)
    assert api.status_code == 403 and "SCWATCH_WEB_TOKEN" in api.json()["error"]
    assert client.post("/login", data={"token": TOKEN, "csrf": csrf}).status_code == 403


def test_a_form_needs_the_session_and_the_csrf_token(writer: TestClient) -> None:
    csrf = csrf_of(writer, "/alerts")
    not_signed_in = writer.post("/alerts/1/retry", data={"csrf": csrf})
    assert not_signed_in.status_code == 401 and "sign in" in not_signed_in.text
    sign_in(writer)
    assert "재시도 Retry" in writer.get("/alerts").text
    assert writer.post("/alerts/1/retry", data={}).status_code == 403
    assert writer.post("/alerts/1/retry", data={"csrf": csrf + "x"}).status_code == 403
    forged = csrf.split(".")[0] + "." + "0" * 64
    assert writer.post("/alerts/1/retry", data={"csrf": forged}).status_code == 403
    done = writer.post("/alerts/1/retry", data={"csrf": csrf_of(writer, "/alerts")})
    assert done.status_code == 303 and done.headers["location"] == "/alerts"


def test_the_csrf_token_must_match_this_browsers_cookie(archive: Path) -> None:
    victim, attacker = client_for(archive, token=TOKEN), client_for(archive, token=TOKEN)
    sign_in(victim)
    attackers_token = csrf_of(attacker)
    assert victim.post("/alerts/1/retry", data={"csrf": attackers_token}).status_code == 403


def test_a_wrong_token_does_not_sign_in(writer: TestClient) -> None:
    answer = writer.post("/login", data={"token": "guess", "csrf": csrf_of(writer)})
    assert answer.status_code == 401
    assert "scwatch_session" not in writer.cookies
    assert writer.post("/login", data={"token": TOKEN}).status_code == 403  # no CSRF


def test_api_writes_take_only_the_bearer_token(writer: TestClient) -> None:
    assert writer.post("/api/alerts/1/retry").status_code == 401
    wrong = {"Authorization": "Bearer nope"}
    assert writer.post("/api/alerts/1/retry", headers=wrong).status_code == 401
    sign_in(writer)  # a browser session is no API credential
    assert writer.post("/api/alerts/1/retry").status_code == 401
    answer = writer.post("/api/alerts/1/retry", headers=BEARER)
    assert answer.status_code == 200 and answer.json() == {"alert_id": 1, "queued": True}
    assert writer.post("/api/alerts/999/retry", headers=BEARER).status_code == 404


def test_muting_a_source_edits_the_configuration(writer: TestClient, archive: Path) -> None:
    answer = writer.post("/api/sources/gukje/disable", headers=BEARER)
    assert answer.json() == {"slug": "gukje", "enabled": False}
    assert "enabled = false" in archive.read_text(encoding="utf-8")
    assert writer.get("/api/sources").json()["sources"][0]["status"] == "DISABLED"
    sign_in(writer)
    enabled = writer.post("/sources/gukje/enable", data={"csrf": csrf_of(writer, "/sources")})
    assert enabled.status_code == 303
    assert "enabled = false" not in archive.read_text(encoding="utf-8")
    assert writer.post("/api/sources/nowhere/disable", headers=BEARER).status_code == 404


def test_split_and_merge_stories(writer: TestClient) -> None:
    split = writer.post("/api/articles/1/split", headers=BEARER)
    assert split.status_code == 200
    story = split.json()["story_id"]
    same = writer.post(f"/api/stories/{story}/merge", params={"other": story}, headers=BEARER)
    assert same.status_code == 400
    sign_in(writer)
    page = writer.get(f"/stories/{story}")
    assert 'action="/stories/' in page.text  # the merge form, signed in
    missing = writer.post(f"/stories/{story}/merge", data={"other": "999", "csrf": csrf_of(writer)})
    assert missing.status_code in (400, 404)


def test_the_token_never_appears_in_pages_cookies_or_headers(writer: TestClient) -> None:
    sign_in(writer)
    for path in ("/", "/alerts", "/sources", "/stories/1", "/api/dashboard", "/openapi.json"):
        answer = writer.get(path)
        assert TOKEN not in answer.text and TOKEN not in str(answer.headers)
    assert all(TOKEN not in value for value in writer.cookies.values())


def test_merge_and_split_through_the_forms(archive: Path) -> None:


    with Scwatch.open(archive) as scwatch:  # a second, unrelated story
        other = make_article("https://news.example.kr/news/articleView.html?idxno=8",
                             "세종시 자율주행 버스 시범 운행", "세종시는 다음 달부터 자율주행 버스를 "
                             "시범 운행한다고 밝혔다. 요금은 받지 않는다.", first_seen_at=NOW)
        assert scwatch._write_runtime().ingestor.ingest(other).status == "new"
    writer = client_for(archive, token=TOKEN)
    sign_in(writer)
    merged = writer.post("/stories/1/merge", data={"other": "2", "csrf": csrf_of(writer)})
    assert merged.status_code == 303 and merged.headers["location"] == "/stories/1"
    story = writer.get("/api/stories/1").json()
    assert len(story["members"]) == 2 and "manual" in {m["story_join"] for m in story["members"]}
    assert "분리 Split" in writer.get("/stories/1").text
    split = writer.post("/articles/2/split", data={"csrf": csrf_of(writer, "/stories/1")})
    assert split.status_code == 303
    assert len(writer.get("/api/stories/1").json()["members"]) == 1
