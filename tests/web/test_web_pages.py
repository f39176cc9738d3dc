"""Every page of `scwatch serve` answers on the demo crawl's archive with what a desk
expects to find there, and its JSON twin under /api carries the same data."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from support.web import TestClient


def first_story_with_copies(client: TestClient) -> dict:
    hits = client.get("/api/search", params={"q": "스마트", "limit": 100}).json()["hits"]
    return max(hits, key=lambda hit: hit["copies"])


def test_dashboard_shows_todays_alerts_rules_and_attention(demo_client: TestClient) -> None:
    page = demo_client.get("/")
    assert page.status_code == 200
    for label in ("오늘의 알림 Today's alerts", "New stories per rule", "Sources needing attention"):
        assert label in page.text
    data = demo_client.get("/api/dashboard").json()
    assert data["alerts"], "the demo fires alerts today"
    assert {row["rule"] for row in data["new_stories"]} == {"smart-city export", "smart-city MOU"}
    assert sum(row["stories"] for row in data["new_stories"]) >= 1
    assert [s["slug"] for s in data["attention"]] == ["broken-feed"]  # RETRYING after 1 failure
    assert data["alerts"][0]["title"] in page.text


def test_every_page_has_the_navigation(demo_client: TestClient) -> None:
    page = demo_client.get("/")
    for href in ("/search", "/rules", "/alerts", "/sources", "/charts", "/api"):
        assert f'<a href="{href}"' in page.text


def test_search_collapses_copies_and_marks_the_terms(demo_client: TestClient) -> None:
    page = demo_client.get("/search", params={"q": "스마트시티"})
    assert page.status_code == 200
    assert 'id="search-form"' in page.text and 'id="results"' in page.text
    assert "<mark>스마트시티</mark>" in page.text
    assert "showing" in page.text
    data = demo_client.get("/api/search", params={"q": "스마트시티"}).json()
    assert data["hits"] and data["total"] >= len(data["hits"])
    hit = data["hits"][0]
    start, end = hit["highlights"][0]
    assert hit["snippet"][start:end] == "스마트시티"
    story_ids = [h["story_id"] for h in data["hits"]]
    assert len(story_ids) == len(set(story_ids)), "one line per story"


def test_search_filters_and_bad_input(demo_client: TestClient) -> None:
    done = demo_client.get("/api/search", params={"q": "수출", "kind": "export", "status": "done"})
    assert done.status_code == 200 and done.json()["hits"]
    assert demo_client.get("/api/search", params={"q": "수출", "since": "soon"}).status_code == 400
    bad = demo_client.get("/search", params={"q": "수출", "kind": "bribe"})
    assert bad.status_code == 400 and "unknown deal kind" in bad.text
    assert demo_client.get("/search").status_code == 200  # the empty form


def test_story_page_shows_original_copies_timeline_and_evidence(demo_client: TestClient) -> None:
    hit = first_story_with_copies(demo_client)
    assert hit["copies"] >= 2, "the demo holds a wire story republished by a second outlet"
    page = demo_client.get(f"/stories/{hit['story_id']}")
    assert page.status_code == 200
    assert 'id="story"' in page.text
    for section in ("원문 Original", "Copies and rewrites", "Timeline", "Evidence", "Deal facts"):
        assert section in page.text
    story = demo_client.get(f"/api/stories/{hit['story_id']}").json()
    assert len(story["members"]) >= 2 and len(story["outlets"]) >= 2
    joins = {member["story_join"] for member in story["members"]}
    assert "original" in joins and joins & {"copy", "rewrite"}
    for outlet in story["outlets"]:
        assert outlet in page.text


def test_article_page_shows_body_matches_and_deals(demo_client: TestClient) -> None:
    alert = demo_client.get("/api/alerts").json()["alerts"][0]
    story = demo_client.get("/api/stories/" + str(_story_of(demo_client, alert))).json()
    article_id = story["original"]["id"]
    page = demo_client.get(f"/articles/{article_id}")
    assert page.status_code == 200 and 'id="article"' in page.text
    data = demo_client.get(f"/api/articles/{article_id}").json()
    assert data["article"]["body"] and data["article"]["title"] in page.text
    assert "Rules matched" in page.text


def _story_of(client: TestClient, alert: dict) -> int:
    hits = client.get("/api/search", params={"q": alert["title"][:6], "limit": 50}).json()
    return next(h["story_id"] for h in hits["hits"] if h["article"]["title"] == alert["title"])


def test_rules_page_lists_rules_with_hits_and_tries_a_rule(demo_client: TestClient) -> None:
    page = demo_client.get("/rules")
    assert page.status_code == 200 and 'id="rules"' in page.text
    data = demo_client.get("/api/rules").json()
    export = next(r for r in data["rules"] if r["name"] == "smart-city export")
    assert export["recent"] and export["recent"][0]["title"] in page.text
    tried = demo_client.get("/rules", params={"query": "@smartcity AND 수출", "since": "3650d"})
    assert "would alert" in tried.text
    trial = demo_client.get("/api/rules/test", params={"query": "수출 AND", "since": "30d"})
    assert trial.status_code == 400 and "error" in trial.json()


def test_alerts_page_filters_by_status(demo_client: TestClient) -> None:
    page = demo_client.get("/alerts")
    assert page.status_code == 200 and 'id="alerts"' in page.text
    sent = demo_client.get("/api/alerts", params={"status": "sent"}).json()["alerts"]
    assert sent and all(a["status"] == "sent" for a in sent)
    assert demo_client.get("/api/alerts", params={"status": "lost"}).status_code == 400
    assert "재시도 Retry" not in page.text  # read-only: no write buttons


def test_sources_page_and_fetch_log(demo_client: TestClient) -> None:
    page = demo_client.get("/sources")
    assert page.status_code == 200 and 'id="sources"' in page.text
    sources = demo_client.get("/api/sources").json()["sources"]
    failing = next(s for s in sources if s["slug"] == "broken-feed")
    detail = demo_client.get(f"/sources/{quote(failing['slug'])}")
    assert detail.status_code == 200 and "Fetch log" in detail.text
    log = demo_client.get(f"/api/sources/{failing['slug']}").json()["fetches"]
    assert log and log[0]["error"]
    assert demo_client.get("/sources/nowhere").status_code == 404


def test_charts_draw_stories_per_week_as_inline_svg(demo_client: TestClient) -> None:
    page = demo_client.get("/charts")
    assert page.status_code == 200
    assert page.text.count("<svg") == 2 and "<polyline" in page.text
    by_rule = demo_client.get("/api/charts/weekly", params={"by": "rule"}).json()
    assert sum(sum(s["counts"]) for s in by_rule["series"]) >= 1
    by_country = demo_client.get("/api/charts/weekly", params={"by": "country"}).json()
    assert len(by_country["weeks"]) == 26
    assert demo_client.get("/api/charts/weekly", params={"by": "mood"}).status_code == 400


@pytest.mark.parametrize("path", ["/stories/999999", "/articles/999999", "/nowhere"])
def test_missing_things_answer_404_pages(demo_client: TestClient, path: str) -> None:
    page = demo_client.get(path)
    assert page.status_code == 404 and 'id="error"' in page.text
    assert demo_client.get("/api" + path).status_code == 404


def test_openapi_documents_the_api_and_no_page_loads_from_a_cdn(demo_client: TestClient) -> None:
    schema = demo_client.get("/openapi.json").json()
    for path in ("/api/search", "/api/stories/{story_id}", "/api/alerts/{alert_id}/retry",
                 "/rules/{name}/feed.xml"):
        assert path in schema["paths"]
    assert demo_client.get("/docs").status_code == 404
    api_page = demo_client.get("/api")
    assert "/api/search" in api_page.text
    for path in ("/", "/search?q=스마트시티", "/charts", "/api"):
        page = demo_client.get(path)
        assert "<script" not in page.text and "cdn" not in page.text.lower()
        assert "script-src" not in page.headers["content-security-policy"]


def test_each_rule_has_an_atom_feed_of_its_stories(demo_client: TestClient) -> None:
    import feedparser

    rules = demo_client.get("/api/rules").json()["rules"]
    export = next(r for r in rules if r["name"] == "smart-city export")
    answer = demo_client.get(export["feed"])
    assert answer.status_code == 200
    feed = feedparser.parse(answer.content)
    assert not feed.bozo and feed.feed.title == "scwatch · smart-city export"
    titles = [entry.title for entry in feed.entries]
    assert titles and titles[0] == export["recent"][0]["title"]
    ids = [entry.id for entry in feed.entries]
    assert len(ids) == len(set(ids)), "one entry per story"
    assert all(entry.link.startswith("http://127.0.0.1:") for entry in feed.entries)
    assert demo_client.get("/rules/no-such-rule/feed.xml").status_code == 404


def test_search_pages_orders_and_filters_by_rule(demo_client: TestClient) -> None:
    first = demo_client.get("/api/search", params={"q": "스마트", "limit": 2}).json()
    assert first["total"] > 2 and first["more"] and len(first["hits"]) == 2
    second = demo_client.get("/api/search", params={"q": "스마트", "limit": 2, "offset": 2}).json()
    assert {h["story_id"] for h in first["hits"]}.isdisjoint(h["story_id"] for h in second["hits"])
    page = demo_client.get("/search", params={"q": "스마트"})
    assert f"showing {min(20, first['total'])} of {first['total']}" in page.text
    relevance = demo_client.get("/api/search", params={"q": "스마트", "order": "relevance"})
    assert relevance.json()["order"] == "relevance" and relevance.json()["total"] == first["total"]
    by_rule = demo_client.get("/api/search", params={"q": "스마트", "rule": "smart-city export"})
    exported = by_rule.json()
    assert 1 <= exported["total"] < first["total"]
    assert demo_client.get("/api/search", params={"q": "스마트", "from": "soon"}).status_code == 400
    assert demo_client.get("/api/search", params={"q": "스마트", "order": "best"}).status_code == 400
    published = demo_client.get("/api/search", params={"q": "스마트", "from": "2099-01-01"}).json()
    assert published["total"] == 0
