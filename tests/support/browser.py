"""The browser of the browser tests: Debian's chromium (installed by
tests/support/install-browser.sh from Debian's packages) driven by Playwright through
`executable_path`. Playwright never downloads a browser here. And `scwatch serve` started
as a user starts it, for the browser to visit."""

from __future__ import annotations

import os
import re
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Playwright

from support.cli import console_command, console_env

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


@contextmanager
def serving(config: Path, timeout_s: float = 60.0) -> Iterator[str]:
    """`scwatch serve --port 0` over `config` in a process of its own, as a user starts it;
    yields the base URL it prints, and stops it (SIGTERM) afterwards."""
    command = console_command("serve", "--port", "0", "--config", str(config))
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=console_env(), text=True
    )
    try:
        yield _printed_url(process, timeout_s)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _printed_url(process: subprocess.Popen[str], timeout_s: float) -> str:
    assert process.stdout is not None
    deadline = time.monotonic() + timeout_s
    seen = []
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.2)
        line = process.stdout.readline() if ready else ""
        seen.append(line)
        found = re.search(r"web UI: (http://127\.0\.0\.1:\d+)/", line)
        if found:
            return found.group(1)
        if process.poll() is not None and not line:
            break
    raise AssertionError(f"scwatch serve printed no URL: {''.join(seen)!r}")
