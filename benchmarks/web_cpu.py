"""CPU time of one GET /api/search in the server, without HTTP or other clients: the app of
`scwatch serve` called as ASGI in one event loop (routing, parameters, the thread pool
hand-off, Scwatch.find, the JSON answer, the middleware), beside Scwatch.find alone on the
same queries, per query class and order, over a kept synthetic archive
(benchmarks/web_search.py --keep builds one).

    nice -n 10 .venv/bin/python benchmarks/web_cpu.py /tmp/wbench100k.db --rounds 5

Prints JSON: milliseconds of this process's CPU clock per request and per find. The scwatch
measured is the one this Python imports, so another checkout's virtualenv measures that
checkout (A/B in the same run). Starlette's TestClient is not used: it starts a thread and
an event loop per request, which costs more CPU than the server's own work.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_corpus import QUERY_CLASSES

import scwatch
from scwatch import Scwatch
from scwatch.web import create_app


async def call(app: Any, path: str, query: dict[str, str]) -> int:
    """One GET through the ASGI app; its status."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": path, "raw_path": path.encode(), "root_path": "",
        "query_string": urlencode(query).encode(), "server": ("127.0.0.1", 8080),
        "client": ("127.0.0.1", 50000), "headers": [(b"host", b"127.0.0.1:8080")],
    }  # fmt: skip
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return int(sent[0]["status"])


async def measure(database: Path, rounds: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "scwatch.toml"
        config.write_text(f'[storage]\ndatabase = "{database.resolve()}"\n', encoding="utf-8")
        sw = Scwatch.open(config)
        app = create_app(sw)
        await call(app, "/api/search", {"q": "스마트시티"})  # warm up
        result: dict[str, Any] = {"scwatch": str(Path(scwatch.__file__).parent)}
        for order in ("newest", "relevance"):
            for name, terms in QUERY_CLASSES.items():
                request = find = 0.0
                for _ in range(rounds):
                    for term in terms:
                        started = time.process_time()
                        assert await call(app, "/api/search", {"q": term, "order": order}) == 200
                        request += time.process_time() - started
                        started = time.process_time()
                        sw.find(term, order=order, limit=20)
                        find += time.process_time() - started
                count = rounds * len(terms)
                result[f"{name}/{order}"] = {
                    "request_ms": round(request / count * 1000, 2),
                    "find_ms": round(find / count * 1000, 2),
                }
        sw.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("database", type=Path, help="a kept archive (web_search.py --keep)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(measure(args.database, args.rounds)), ensure_ascii=False))


if __name__ == "__main__":
    main()
