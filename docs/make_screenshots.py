"""Screenshots of the web UI for the README and docs/web.md (docs/screenshots/*.png).

    bash tests/support/install-browser.sh --fonts    # chromium and Korean fonts (root)
    .venv/bin/python docs/make_screenshots.py

Runs the demo crawl into a temporary folder, starts `scwatch serve` over it on a free
loopback port, and photographs the dashboard, a search, a story with its copies and the
sources page in Debian's chromium (Playwright, no browser download). Not part of the test
suite: the browser tests are tests/web/browser.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
from playwright.sync_api import Page, sync_playwright

from scwatch.api import run_demo

OUT = Path(__file__).resolve().parent / "screenshots"
SCWATCH = Path(sys.executable).with_name("scwatch")
VIEWPORT = {"width": 1280, "height": 820}
QUERY = "스마트시티 수출"


def main() -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("chromium is not installed: bash tests/support/install-browser.sh --fonts")
    if not subprocess.run(["fc-list", ":lang=ko"], capture_output=True, text=True).stdout:
        sys.exit("no Korean font: bash tests/support/install-browser.sh --fonts")
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder) / "demo"
        run_demo(workdir, port=0)
        with serving(workdir / "scwatch.toml") as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=["--no-sandbox", "--disable-dev-shm-usage"]
            )
            page = browser.new_page(viewport=VIEWPORT, locale="ko-KR", timezone_id="Asia/Seoul")
            for name, path in pages(url):
                shoot(page, url + path, OUT / f"{name}.png")
            browser.close()


def pages(url: str) -> list[tuple[str, str]]:
    return [
        ("dashboard", "/"),
        ("search", "/search?q=" + quote(QUERY)),
        ("story", f"/stories/{story_with_most_copies(url)}"),
        ("sources", "/sources"),
    ]


def story_with_most_copies(url: str) -> int:
    with urllib.request.urlopen(f"{url}/api/search?q={quote('스마트시티')}&limit=100") as answer:
        hits = json.load(answer)["hits"]
    return int(max(hits, key=lambda hit: hit["copies"])["story_id"])


def shoot(page: Page, url: str, target: Path) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(target))
    print(f"{target.relative_to(OUT.parent.parent)}  ({url})")


@contextmanager
def serving(config: Path) -> Iterator[str]:
    """`scwatch serve --port 0` over `config`; yields the URL it prints."""
    command = [str(SCWATCH), "serve", "--port", "0", "--config", str(config)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        for line in process.stdout:
            found = re.search(r"web UI: (http://127\.0\.0\.1:\d+)/", line)
            if found:
                yield found.group(1)
                break
        else:
            raise SystemExit("scwatch serve printed no URL")
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
