"""The web API's search endpoint under load: `scwatch serve` in a process of its own over a
synthetic archive (benchmarks/search_corpus.py, stored as benchmarks/search.py stores it),
20 concurrent clients on loopback asking GET /api/search (newest and relevance, 20 hits,
collapsed by story, snippets and total) for frequent, two-syllable, rare and no-hit terms.

    nice -n 10 .venv/bin/python benchmarks/web_search.py                  # 100,000 articles
    .venv/bin/python benchmarks/web_search.py --keep /tmp/search.db       # reuse a database
    .venv/bin/python benchmarks/web_search.py --keep /tmp/search.db --workers 2

Prints JSON: p50/p95/max latency (ms, wall, as a client sees it) over every request, per
query class, and the server's CPU time per request (ms, from the CPU clocks of the server
process and its worker processes). `--workers N` starts `scwatch serve --workers N`; the
scwatch run is the one beside the Python running this script, so another checkout's
virtualenv measures that checkout (A/B).

The clients (`--client`): `httpx` (the default) is N threads of this Python process, each
asking every query in turn; they share the machine's cores with the server and cost CPU
themselves. `wrk` is the usual load generator (a C program: `apt-get install wrk`), N
connections in one thread for `--seconds`, asking the same queries in rotation from a Lua
script; it reports latency over all requests only (p50/p95/p99/max: wrk cannot time one
request from Lua), so its per-class figures are not given.

    .venv/bin/python benchmarks/web_search.py --keep /tmp/search.db --workers 2 --client wrk
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_bulk import load
from search_corpus import QUERY_CLASSES, Corpus

from scwatch.storage import default_sqlite_url, open_database

ROUNDS = 5  # each client asks every query of every class in both orders this many times


def build(path: Path, count: int) -> None:
    db = open_database(default_sqlite_url(path))
    with db.read() as conn:
        stored = conn.exec_driver_sql("SELECT count(*) FROM articles").scalar_one()
    if stored == 0:
        load(db, Corpus().articles(count))
    db.dispose()


def start_server(
    folder: Path, database: Path, workers: int, threads: int | None = None
) -> tuple[subprocess.Popen[str], str]:
    config = folder / "scwatch.toml"
    config.write_text(f'[storage]\ndatabase = "{database.resolve()}"\n', encoding="utf-8")
    scwatch = Path(sys.executable).with_name("scwatch")
    command = [str(scwatch), "serve", "--port", "0", "--config", str(config)]
    server = subprocess.Popen(
        command + (["--workers", str(workers)] if workers > 1 else [])
        + (["--threads", str(threads)] if threads else []),
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert server.stdout is not None
    url = re.search(r"http://127\.0\.0\.1:\d+", server.stdout.readline())
    assert url, "scwatch serve printed no URL"
    return server, url.group()


def client(
    url: str, classes: list[str], results: list[tuple[str, float]], errors: list[str]
) -> None:
    with httpx.Client(base_url=url, timeout=60) as http:
        for _ in range(ROUNDS):
            for name in classes:
                terms = QUERY_CLASSES[name]
                for term in terms:
                    for order in ("newest", "relevance"):
                        started = time.perf_counter()
                        answer = http.get("/api/search", params={"q": term, "order": order})
                        results.append((name, time.perf_counter() - started))
                        if answer.status_code != 200:
                            errors.append(f"{answer.status_code} {term}")


def percentiles(times: list[float]) -> dict[str, float]:
    ms = sorted(t * 1000 for t in times)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return {"p50": round(statistics.median(ms), 1), "p95": round(p95, 1),
            "max": round(ms[-1], 1), "requests": len(ms)}  # fmt: skip


def server_cpu(server: subprocess.Popen[str]) -> float:
    """CPU seconds of the server and its worker processes so far."""
    process = psutil.Process(server.pid)
    return sum(sum(p.cpu_times()[:2]) for p in [process, *process.children(recursive=True)])


def warm_up(url: str, workers: int, server: subprocess.Popen[str]) -> None:
    """Every worker up: the server prints its URL before its workers have imported, and a
    worker still starting takes none of the clients' connections (they then all go to
    one), so this waits until the processes' CPU clocks stand still, then asks a few."""
    settled, before = 0, -1.0
    while settled < 3:  # still for 3 × 0.3 s
        time.sleep(0.3)
        now = server_cpu(server)
        settled = settled + 1 if now - before < 0.01 else 0
        before = now
    with httpx.Client(base_url=url, timeout=60) as http:
        for _ in range(4 * workers):
            http.get("/api/search", params={"q": "스마트시티"}, headers={"Connection": "close"})


def run(
    database: Path,
    clients: int,
    workers: int = 1,
    classes: list[str] | None = None,
    threads: int | None = None,
) -> dict[str, Any]:
    classes = classes or list(QUERY_CLASSES)
    with tempfile.TemporaryDirectory() as folder:
        server, url = start_server(Path(folder), database, workers, threads)
        try:
            warm_up(url, workers, server)
            cpu_before = server_cpu(server)
            results: list[tuple[str, float]] = []
            errors: list[str] = []
            runners = [threading.Thread(target=client, args=(url, classes, results, errors))
                       for _ in range(clients)]  # fmt: skip
            for runner in runners:
                runner.start()
            for runner in runners:
                runner.join()
            cpu = server_cpu(server) - cpu_before
        finally:
            server.terminate()
            server.wait(30)
    by_class = {name: percentiles([t for n, t in results if n == name]) for name in classes}
    return {
        "client": "httpx",
        "clients": clients,
        "workers": workers,
        "threads": threads,
        "all": percentiles([t for _, t in results]),
        **by_class,
        "server_cpu_ms_per_request": round(cpu / len(results) * 1000, 1),
        "errors": errors[:5],
    }


# wrk's Lua: each request the next query of the rotation; at the end one line of JSON.
WRK_SCRIPT = """
local paths = {%s}
local next_path = 0
request = function()
  next_path = next_path %% #paths + 1
  return wrk.format("GET", paths[next_path])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %%d, "seconds": %%.2f, "p50": %%.1f, "p95": %%.1f, "p99": %%.1f, '
    .. '"max": %%.1f, "errors": %%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def wrk_script(classes: list[str]) -> str:
    """The Lua script asking every query of `classes` in both orders, in rotation."""
    paths = [
        "/api/search?" + urlencode({"q": term, "order": order})
        for name in classes
        for term in QUERY_CLASSES[name]
        for order in ("newest", "relevance")
    ]
    return WRK_SCRIPT % ", ".join(f'"{path}"' for path in paths)


def run_wrk(
    database: Path,
    clients: int,
    workers: int,
    classes: list[str],
    seconds: int,
    threads: int | None = None,
) -> dict[str, Any]:
    """The same server and queries under wrk: `clients` connections for `seconds`."""
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "search.lua"
        script.write_text(wrk_script(classes), encoding="utf-8")
        server, url = start_server(Path(folder), database, workers, threads)
        try:
            warm_up(url, workers, server)
            cpu_before = server_cpu(server)
            command = ["wrk", "-t1", f"-c{clients}", f"-d{seconds}s", "--timeout", "60s",
                       "-s", str(script), url]  # fmt: skip
            output = subprocess.run(command, capture_output=True, text=True, check=True)
            cpu = server_cpu(server) - cpu_before
        finally:
            server.terminate()
            server.wait(30)
    measured = json.loads(output.stdout.strip().splitlines()[-1])
    return {
        "client": "wrk",
        "clients": clients,
        "workers": workers,
        "threads": threads,
        "all": {key: measured[key] for key in ("p50", "p95", "p99", "max", "requests")},
        "server_cpu_ms_per_request": round(cpu / max(1, measured["requests"]) * 1000, 1),
        "errors": measured["errors"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="SQLite file to build once and reuse")
    parser.add_argument("--workers", type=int, default=1, help="scwatch serve --workers N")
    parser.add_argument("--threads", type=int, help="scwatch serve --threads N (its default)")
    parser.add_argument(
        "--classes", nargs="+", choices=list(QUERY_CLASSES), help="only these query classes"
    )
    parser.add_argument("--client", choices=["httpx", "wrk"], default="httpx")
    parser.add_argument("--seconds", type=int, default=20, help="how long wrk runs")
    args = parser.parse_args()
    if args.client == "wrk" and shutil.which("wrk") is None:
        parser.error("--client wrk needs wrk on the PATH (apt-get install wrk)")
    classes = args.classes or list(QUERY_CLASSES)
    with tempfile.TemporaryDirectory() as folder:
        database = args.keep or Path(folder) / "bench.db"
        build(database, args.articles)
        if args.client == "wrk":
            measured = run_wrk(
                database, args.clients, args.workers, classes, args.seconds, args.threads
            )
        else:
            measured = run(database, args.clients, args.workers, classes, args.threads)
        result = {"backend": "sqlite", "articles": args.articles, **measured}
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
