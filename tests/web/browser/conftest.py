"""Fixtures of the browser tests: one chromium for the session (Debian's, through
Playwright), a fresh page per test, and `scwatch serve` over the demo crawl (tests/web's
`demo_dir`). Without chromium the tests skip, saying how to install it; under CI=true they
fail instead (.ci/run installs it)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from support.browser import INSTALL_HINT, chromium_path, launch_chromium, serving


@pytest.fixture(scope="session")
def chromium() -> str:
    """The path of Debian's chromium."""
    found = chromium_path()
    if found is None:
        reason = f"browser tests need chromium, which is not installed: {INSTALL_HINT}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true requires the browser tests to run. {reason}")
        pytest.skip(reason)
    return found


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, chromium)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page in a fresh context (no cookies kept between tests), in Korean."""
    context = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def web_url(demo_dir: Path) -> Iterator[str]:
    """`scwatch serve` over the demo crawl's archive (read-only), for the whole session."""
    with serving(demo_dir / "scwatch.toml") as url:
        yield url
