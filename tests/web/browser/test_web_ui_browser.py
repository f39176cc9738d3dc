"""The web UI in a real browser (Debian's chromium through Playwright), over `scwatch serve`
on the demo crawl's archive, clicked through as a desk would: dashboard, search with a
Korean query (and a CSV download of the results), a story with its original and copies, rules with the try-a-rule box, and
sources with their health and fetch log. No page may log a browser error (a blocked
resource, a CSP violation, a failed request)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Page

pytestmark = pytest.mark.browser


@pytest.fixture
def errors(page: Page) -> Iterator[list[str]]:
    """What the browser reports as going wrong on the page, checked by each test."""
    found: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        where = message.location.get("url", "")
        # The browser asks for /favicon.ico on its own; the UI has none (yet).
        if message.type == "error" and not where.endswith("/favicon.ico"):
            found.append(f"{message.text} ({where})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: found.append(str(error)))
    page.on("requestfailed", lambda request: found.append(f"failed: {request.url}"))
    page.on("response", lambda r: found.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    yield found


def nav_to(page: Page, label: str) -> None:
    """Follow the navigation link whose label holds `label`."""
    page.click(f"nav a:has-text('{label}')")
    page.wait_for_load_state()


def test_dashboard_navigation_reaches_every_page(
    page: Page, web_url: str, errors: list[str]
) -> None:
    page.goto(web_url + "/")
    assert page.title().startswith("대시보드 Dashboard")
    assert "오늘의 알림" in page.inner_text("main")
    labels = [link.inner_text() for link in page.locator("nav a").all()]
    assert len(labels) >= 6
    for label in labels:
        nav_to(page, label)
        assert page.locator("nav a[aria-current=page]").inner_text() == label
        assert page.locator("main").inner_text().strip(), f"{label} shows an empty page"
    assert errors == []


def test_search_with_a_korean_query_shows_marked_results_and_downloads(
    page: Page, web_url: str, errors: list[str]
) -> None:
    page.goto(web_url + "/")
    nav_to(page, "Search")
    page.fill("#search-form input[name=q]", "스마트시티 수출")
    page.press("#search-form input[name=q]", "Enter")
    page.wait_for_selector("#results li")
    hits = page.locator("#results li")
    assert hits.count() >= 1
    assert "스마트시티" in hits.first.locator("mark").first.inner_text()
    assert "showing" in page.inner_text("#result-count")
    assert page.input_value("#search-form input[name=q]") == "스마트시티 수출"
    with page.expect_download() as download:
        page.click("#downloads a:has-text('CSV')")
    saved = Path(download.value.path()).read_bytes()
    assert saved.startswith(b"\xef\xbb\xbf") and "스마트시티" in saved.decode("utf-8")
    assert errors == []


def test_a_story_shows_its_original_and_copies(
    page: Page, web_url: str, errors: list[str]
) -> None:
    page.goto(web_url + "/search")
    page.fill("#search-form input[name=q]", "스마트시티")
    page.click("#search-form button[type=submit]")
    with_copies = page.locator("#results li", has=page.locator(".copies")).first
    title = with_copies.locator("a.title").inner_text()
    with_copies.locator("a.title").click()
    page.wait_for_selector("#story")
    assert page.locator("#original").inner_text().startswith("원문 Original")
    members = page.locator("#copies [data-testid=member]")
    assert members.count() >= 2, "the demo's wire story was republished by a second outlet"
    assert title in page.inner_text("#copies")
    assert {"original"} < {members.nth(i).locator("td").nth(3).inner_text()
                           for i in range(members.count())}  # fmt: skip
    assert errors == []


def test_rules_list_their_hits_and_the_try_a_rule_box_answers(
    page: Page, web_url: str, errors: list[str]
) -> None:
    page.goto(web_url + "/rules")
    rules = page.locator("#rules [data-testid=rule]")
    assert rules.count() >= 2
    assert "smart-city export" in rules.first.locator("h3").inner_text()
    page.fill("#rule-test-form input[name=query]", "@smartcity AND 수출")
    page.fill("#rule-test-form input[name=since]", "3650d")
    page.click("#rule-test-form button[type=submit]")
    page.wait_for_selector("[data-testid=trial-count]")
    assert "would alert" in page.inner_text("[data-testid=trial-count]")
    assert page.locator("#trial-results li").count() >= 1
    assert errors == []


def test_sources_show_health_and_the_broken_feed_has_a_fetch_log(
    page: Page, web_url: str, errors: list[str]
) -> None:
    page.goto(web_url + "/")
    nav_to(page, "Sources")
    rows = page.locator("#sources tbody tr")
    assert rows.count() >= 4
    statuses = {rows.nth(i).locator(".badge").inner_text() for i in range(rows.count())}
    assert "RETRYING" in statuses and "OK" in statuses
    broken = page.locator("#sources tr[data-slug=broken-feed]")
    assert broken.locator("td").last.inner_text() == ""  # read-only: no mute button
    broken.locator("a").first.click()
    page.wait_for_load_state()
    assert "Fetch log" in page.inner_text("main")
    assert errors == []
