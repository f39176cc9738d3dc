"""The browser of the browser tests: Debian's chromium (installed by
tests/support/install-browser.sh from Debian's packages) driven by Playwright through
`executable_path`. Playwright never downloads a browser here."""

from __future__ import annotations

import os
import shutil

from playwright.sync_api import Browser, Playwright

# Playwright's own browser downloads stay off, whatever starts the tests.
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

CHROMIUM_NAMES = ("chromium", "chromium-browser")
INSTALL_HINT = "as root: bash tests/support/install-browser.sh (apt-get install chromium)"
# Root in a container has no user namespace for chromium's sandbox; /dev/shm is often small.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"]


def chromium_path() -> str | None:
    """Debian's chromium on PATH, or None."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def launch_chromium(playwright: Playwright, executable: str) -> Browser:
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
