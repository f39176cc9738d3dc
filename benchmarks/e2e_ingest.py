"""End-to-end ingest benchmark: a loopback site with 2,000 article pages and 20 feeds,
crawled by the real `scrapy crawl feeds`, measured twice in one run:
  (a) fetch + extract only (ingest pipeline switched off)
  (b) the full path: fetch -> extract -> store -> match -> outbox
Prints one JSON line: articles/s, CPU time per article and peak RSS of the crawler
process for each.

    python benchmarks/e2e_ingest.py [--articles 2000]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_site import BenchSite  # noqa: E402


def write_config(workdir: Path, feeds: list[str]) -> Path:
    lines = [
        "[storage]",
        'database = "bench.db"',
        "",
        "[crawl]",
        "download_delay = 0",
        "autothrottle = false",
        "allow_private_networks = true",
        "concurrent_requests = 32",
        "concurrent_per_domain = 32",
        "",
        "[channels.jsonl]",
        'type = "jsonl"',
        'path = "alerts.jsonl"',
    ]
    for number, url in enumerate(feeds):
        lines += ["", "[[sources]]", f'slug = "bench{number}"', 'kind = "rss"', f'url = "{url}"']
    path = workdir / "scwatch.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_crawl(config: Path, extra: list[str]) -> dict[str, float]:
    env = {
        **os.environ,
        "SCWATCH_CONFIG": str(config),
        "SCRAPY_SETTINGS_MODULE": "scwatch.spiders.settings",
        "PYTHONPATH": str(ROOT),
    }
    log = config.parent / f"crawl{len(extra)}.log"
    command = [sys.executable, "-m", "scrapy", "crawl", "feeds", "-s", f"LOG_FILE={log}", *extra]
    started = time.perf_counter()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    process = psutil.Popen(command, env=env, cwd=ROOT)
    peak = 0
    while process.poll() is None:
        try:
            peak = max(peak, process.memory_info().rss)
        except psutil.NoSuchProcess:
            break
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    process.wait()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU time of the crawler (user + system): wall time lies on a shared machine.
    cpu = (after.ru_utime - children.ru_utime) + (after.ru_stime - children.ru_stime)
    text = log.read_text(encoding="utf-8", errors="replace")
    scraped = re.search(r"'item_scraped_count': (\d+)", text)
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "items": int(scraped.group(1)) if scraped else 0,
        "peak_rss_mib": round(peak / 2**20, 1),
        "returncode": process.returncode,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, BenchSite(args.articles) as site:
        workdir = Path(tmp)
        config = write_config(workdir, site.feed_urls())
        fetch_extract = run_crawl(config, ["-s", "SCWATCH_INGEST_ENABLED=False"])
        (workdir / "bench.db").unlink(missing_ok=True)
        full = run_crawl(config, [])
        stored = (
            sqlite3.connect(workdir / "bench.db")
            .execute("select count(*) from articles")
            .fetchone()[0]
        )
    for result, count in ((fetch_extract, fetch_extract["items"]), (full, stored)):
        result["articles"] = count
        result["articles_per_s"] = round(count / result["seconds"], 1)
        result["cpu_ms_per_article"] = round(result["cpu_seconds"] / max(count, 1) * 1000, 2)
    print(
        json.dumps(
            {
                "benchmark": "e2e_ingest",
                "pages": args.articles,
                "cpus": os.cpu_count(),
                "fetch_extract": fetch_extract,
                "full_pipeline": full,
                "full_over_fetch_extract": round(
                    full["articles_per_s"] / fetch_extract["articles_per_s"], 3
                ),
            }
        )
    )


if __name__ == "__main__":
    main()
