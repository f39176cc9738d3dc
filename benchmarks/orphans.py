"""Kill -9 `scwatch run` while its crawl waits on a slow feed, restart it at once, and count
orphans and overlapping crawls (issue 12, defect 8).

Run from the project root:  PYTHONPATH=. python benchmarks/orphans.py [--rounds 5]

Each round uses a fresh folder and the bundled demo web (loopback only), whose
/broken/slow feed answers after 900 s. The first scheduler's crawl is found among its
children, the scheduler is killed with SIGKILL and a second one is started at once. An
overlap is the second scheduler's crawl running while the first crawl still runs; an orphan
is a crawl still running 60 s after its scheduler was killed. Prints one JSON line with the
counts and the seconds from each kill until its crawl had gone.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from scwatch.demo.web.server import start_demo_web

ROOT = Path(__file__).resolve().parent.parent
WAIT_S = 60.0
CONFIG = """[crawl]
download_timeout = 300
download_delay = 0
autothrottle = false
allow_private_networks = true

[[sources]]
slug = "slow"
kind = "rss"
url = "{base}/broken/slow?s=900"
"""


def start(folder: Path) -> subprocess.Popen[bytes]:
    script = Path(sys.executable).with_name("scwatch")
    command = [str(script), "run", "--config", "scwatch.toml", "--log-dir", "logs"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("SCWATCH_CONFIG", None)
    return subprocess.Popen(
        command, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def crawler_of(scheduler: subprocess.Popen[bytes]) -> psutil.Process:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        for child in psutil.Process(scheduler.pid).children(recursive=True):
            try:
                if "scrapy" in child.cmdline():
                    return child
            except psutil.NoSuchProcess:
                continue
        time.sleep(0.05)
    raise SystemExit("the scheduler never started its crawl")


def running(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def seconds_until_gone(process: psutil.Process, since: float) -> float | None:
    deadline = since + WAIT_S
    while time.monotonic() < deadline:
        if not running(process):
            return time.monotonic() - since
        time.sleep(0.05)
    return None


def one_round(base: str) -> tuple[float | None, bool]:
    """(seconds until the killed scheduler's crawl had gone, whether two crawls overlapped)."""
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "scwatch.toml").write_text(CONFIG.format(base=base), encoding="utf-8")
        first = start(Path(folder))
        orphan = crawler_of(first)
        first.kill()
        first.wait()
        killed_at = time.monotonic()
        second = start(Path(folder))
        crawler = crawler_of(second)
        overlap = running(orphan)
        gone = seconds_until_gone(orphan, killed_at)
        second.kill()
        second.wait()
        seconds_until_gone(crawler, time.monotonic())
        for process in (orphan, crawler):
            if running(process):
                process.kill()
        return gone, overlap


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    with start_demo_web() as web:
        results = [one_round(web.base_url) for _ in range(rounds)]
    stopped = [seconds for seconds, _ in results if seconds is not None]
    print(
        json.dumps(
            {
                "rounds": rounds,
                "orphans_left": rounds - len(stopped),
                "overlapping_crawls": sum(overlap for _, overlap in results),
                "crawl_gone_after_kill_s_median": round(statistics.median(stopped), 2)
                if stopped
                else None,
                "crawl_gone_after_kill_s_max": round(max(stopped), 2) if stopped else None,
            }
        )
    )


if __name__ == "__main__":
    main()
