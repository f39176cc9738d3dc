"""The `scrapy crawl feeds` command line the figure scripts run (bombs, locks, ssrf): one
config, one log file, any extra Scrapy settings."""

from __future__ import annotations

import sys
from pathlib import Path


def feeds_crawl(config: Path, log_file: Path, *settings: str) -> list[str]:
    """`python -m scrapy crawl feeds` with SCWATCH_CONFIG, LOG_FILE and `settings`
    (each "NAME=value") as `-s` options."""
    command = [sys.executable, "-m", "scrapy", "crawl", "feeds"]
    for setting in (f"SCWATCH_CONFIG={config}", f"LOG_FILE={log_file}", *settings):
        command += ["-s", setting]
    return command
