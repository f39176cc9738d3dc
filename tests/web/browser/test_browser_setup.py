"""The browser set-up itself: Debian's chromium, driven by Playwright, renders Korean and
submits a form to a loopback server. (The web UI's own pages: tests/web/test_web_ui.py.)"""

from __future__ import annotations

import html

import pytest
from playwright.sync_api import Page
from support.loopback import LoopbackServer, Reply, Request

pytestmark = pytest.mark.browser

FORM = """<!doctype html><html lang="ko"><meta charset="utf-8"><title>검색</title>
<form id="search-form" action="/search"><input name="q"><button>찾기</button></form>"""


def results(request: Request) -> Reply:
    query = html.escape(request.query.get("q", ""))
    return Reply(f'<!doctype html><meta charset="utf-8"><ul id="results"><li>{query}</li></ul>'.encode())


def test_chromium_submits_a_korean_query_to_a_loopback_page(page: Page) -> None:
    server = LoopbackServer({"/": Reply(FORM.encode()), "/search": results})
    with server.running():
        page.goto(server.url("/"))
        page.fill("#search-form input[name=q]", "스마트시티 수출")
        page.click("#search-form button")
        page.wait_for_selector("#results li")
        assert page.inner_text("#results") == "스마트시티 수출"
    assert [r.query.get("q") for r in server.requests_to("/search")] == ["스마트시티 수출"]
