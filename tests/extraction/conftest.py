"""Fixtures of the extraction and source-kind tests. The crawl helpers of tests/spiders
(loopback server, `scrapy crawl` runner) are reused from there."""

from __future__ import annotations

import sys
from pathlib import Path

SPIDER_TESTS = Path(__file__).resolve().parents[1] / "spiders"
if str(SPIDER_TESTS) not in sys.path:
    sys.path.insert(0, str(SPIDER_TESTS))
