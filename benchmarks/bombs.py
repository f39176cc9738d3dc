"""Compression bombs and broken compressed bodies, served on 127.0.0.1 and fetched by
scwatch as a feed, as an article page (both by a real `scrapy crawl feeds`) and as a page
by `scwatch extract URL`, with the default size caps.

The bodies: Scrapy's test bombs and truncated gzip streams (read in place from
/work/shared/corpora/scrapy-compressed; skipped when absent) and one made here, 1 GiB of
zeros as 1.6 KB of brotli. A body counts as refused when nothing of it was stored (feed:
its source's fetch failed and stored no article; page: no article stored; extract: the
command failed). Peak RSS is sampled from each process with psutil. Prints JSON.

    python benchmarks/bombs.py [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import brotli
import psutil
from crawl_command import feeds_crawl
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
COMPRESSED = ROOT.parent / "shared" / "corpora" / "scrapy-compressed"
BOMBS = {  # name: (file, Content-Encoding)
    "gzip": ("bomb-gzip.bin", "gzip"),
    "deflate": ("bomb-deflate.bin", "deflate"),
    "br": ("bomb-br.bin", "br"),
    "zstd": ("bomb-zstd.bin", "zstd"),
    "gzip-crc": ("truncated-crc-error.gz", "gzip"),
    "gzip-crc-short": ("truncated-crc-error-short.gz", "gzip"),
    "gzip-eof": ("unexpected-eof.gz", "gzip"),
}


def brotli_gib() -> bytes:
    """1 GiB of zeros, brotli-compressed (about 1.6 KB)."""
    compressor, zeros = brotli.Compressor(quality=5), bytes(1 << 20)
    return b"".join(compressor.process(zeros) for _ in range(1024)) + compressor.finish()


def bodies() -> dict[str, tuple[bytes, str]]:
    found = {name: ((COMPRESSED / f).read_bytes(), enc) for name, (f, enc) in BOMBS.items()}
    return found | {"br-1gib": (brotli_gib(), "br")}


def handler(served: dict[str, tuple[bytes, str]], base: list[str]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            kind, _, name = self.path.strip("/").partition("/")
            name = name.rsplit(".", 1)[0]
            if kind == "list":  # a good feed whose one item is the bomb page
                link = f"{base[0]}/page/{name}.html"
                body = (
                    f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
                    f"<item><title>b</title><link>{link}</link></item></channel></rss>"
                )
                self._send(body.encode(), "application/rss+xml", None)
            elif name in served:
                ctype = "application/rss+xml" if kind == "feed" else "text/html; charset=utf-8"
                self._send(served[name][0], ctype, served[name][1])
            else:
                self._send(b"", "text/plain", None, 404)

        def _send(self, body: bytes, ctype: str, encoding: str | None, status: int = 200) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            if encoding:
                self.send_header("Content-Encoding", encoding)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

    return Handler


@contextmanager
def serving(served: dict[str, tuple[bytes, str]]) -> Iterator[str]:
    base: list[str] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler(served, base))
    server.daemon_threads = True
    base.append(f"http://127.0.0.1:{server.server_address[1]}")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield base[0]
    finally:
        server.shutdown()
        server.server_close()


def peak_rss(command: list[str], env: dict[str, str], cwd: Path) -> tuple[int, int]:
    """Run `command`; (exit code, peak RSS in bytes of it and its children)."""
    process = psutil.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    peak = 0
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree))
        except psutil.Error:
            pass
        time.sleep(0.02)
    return process.returncode, peak


def write_config(workdir: Path, base: str, names: list[str]) -> Path:
    lines = [
        "[crawl]",
        "allow_private_networks = true",
        "download_delay = 0",
        "autothrottle = false",
        "obey_robots = false",
        "concurrent_per_domain = 8",
    ]
    for name in names:
        for kind in ("feed", "list"):
            lines += [
                "",
                "[[sources]]",
                f'slug = "{kind}-{name}"',
                'kind = "rss"',
                f'url = "{base}/{kind}/{name}.xml"',
            ]
    path = workdir / "scwatch.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def environment(workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SCWATCH_", "SCRAPY_"))}
    return env | {
        "SCWATCH_DATABASE_URL": f"sqlite:///{workdir / 'bombs.db'}",
        "SCRAPY_SETTINGS_MODULE": "scwatch.spiders.settings",
        "PYTHONPATH": str(ROOT),
    }


def crawl_figures(workdir: Path, config: Path, names: list[str]) -> dict[str, Any]:
    command = feeds_crawl(config, workdir / "crawl.log")
    code, peak = peak_rss(command, environment(workdir), ROOT)
    engine = create_engine(f"sqlite:///{workdir / 'bombs.db'}")
    with engine.connect() as conn:
        stored = {str(s) for (s,) in conn.execute(text("SELECT source FROM articles"))}
        failed = {
            str(s)
            for (s,) in conn.execute(text("SELECT source FROM fetches WHERE error IS NOT NULL"))
        }
    engine.dispose()
    as_feed = [n for n in names if f"feed-{n}" in failed and f"feed-{n}" not in stored]
    as_page = [n for n in names if f"list-{n}" not in stored]
    return {
        "crawl_exit": code,
        "crawler_peak_rss_mb": round(peak / 2**20),
        "refused_as_feed": len(as_feed),
        "refused_as_page": len(as_page),
        "stored_as_feed": [n for n in names if n not in as_feed],
        "stored_as_page": [n for n in names if n not in as_page],
    }


def extract_figures(workdir: Path, base: str, names: list[str]) -> dict[str, Any]:
    refused, peak = [], 0
    cli = [sys.executable, "-c", "from scwatch.cli import app; app()", "extract"]
    for name in names:
        command = [*cli, f"{base}/page/{name}.html", "--config", str(workdir / "scwatch.toml")]
        code, rss = peak_rss(command, environment(workdir), workdir)
        peak = max(peak, rss)
        if code != 0:
            refused.append(name)
    return {
        "refused_by_extract": len(refused),
        "extract_peak_rss_mb": round(peak / 2**20),
        "accepted_by_extract": [n for n in names if n not in refused],
    }


def run(
    workdir: Path, measure: Callable[[], dict[str, tuple[bytes, str]]] = bodies
) -> dict[str, Any]:
    served = measure()
    names = sorted(served)
    with serving(served) as base:
        config = write_config(workdir, base, names)
        figures = {"bodies": len(names), **crawl_figures(workdir, config, names)}
        figures |= extract_figures(workdir, base, names)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="one line of JSON")
    args = parser.parse_args()
    if not COMPRESSED.is_dir():
        print(json.dumps({"skipped": f"{COMPRESSED} is not on this machine"}))
        return 0
    with tempfile.TemporaryDirectory(prefix="scwatch-bombs-") as folder:
        figures = run(Path(folder))
    print(json.dumps(figures, ensure_ascii=False, indent=None if args.json else 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
