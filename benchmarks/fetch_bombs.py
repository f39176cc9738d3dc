"""Peak memory of `scwatch extract URL` and of a crawl fed compression bombs.

A loopback server serves four bombs, each 1 GiB of HTML once decoded (gzip, deflate, br,
zstd; a few KB to 1 MB on the wire), as pages and as feeds. Each `scwatch extract` runs in
a process of its own, and so does one `scrapy crawl feeds` over all of them; the figures
are the peak RSS of each process (ru_maxrss of a wrapper's children) and what it answered.

    .venv/bin/python benchmarks/fetch_bombs.py [--pythonpath OTHER_CHECKOUT]

--pythonpath measures another checkout (e.g. a `git worktree` of an older commit) with
this one's server and bombs. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import zlib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import brotli

if sys.version_info >= (3, 14):
    from compression import zstd
else:
    from backports import zstd

ROOT = Path(__file__).resolve().parent.parent
GIB_MIB = 1024
HEAD = b"<html><body>"


def _blocks() -> Iterator[bytes]:
    yield HEAD
    block = b" " * (1 << 20)
    for _ in range(GIB_MIB):
        yield block


def _stream(start: Callable[[], object], add: str, end: str) -> bytes:
    encoder = start()
    parts = [getattr(encoder, add)(block) for block in _blocks()]
    parts.append(getattr(encoder, end)())
    return b"".join(parts)


def bombs() -> dict[str, bytes]:
    return {
        "gzip": _stream(lambda: zlib.compressobj(9, wbits=31), "compress", "flush"),
        "deflate": _stream(lambda: zlib.compressobj(9), "compress", "flush"),
        "br": _stream(lambda: brotli.Compressor(quality=5), "process", "finish"),
        "zstd": _stream(zstd.ZstdCompressor, "compress", "flush"),
    }


def serve(encoded: dict[str, bytes]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            name = self.path.rsplit("/", 1)[-1].split(".")[0]
            if self.path.startswith("/feeds/articles"):
                base = f"http://127.0.0.1:{self.server.server_address[1]}"
                items = "".join(
                    f"<item><title>b {n}</title><link>{base}/pages/{n}.html</link></item>"
                    for n in encoded
                )
                body, encoding = f"<rss version='2.0'><channel>{items}</channel></rss>".encode(), ""
            elif name in encoded:
                body, encoding = encoded[name], name
            else:
                body, encoding = b"User-agent: *\nAllow: /\n", ""
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            if encoding:
                self.send_header("Content-Encoding", encoding)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def peak_rss(command: list[str], env: dict[str, str], cwd: str) -> tuple[int, str]:
    """(peak RSS in MiB, last line of output) of `command` in a process of its own."""
    wrapper = (
        "import resource, subprocess, sys; "
        "r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024); "
        "print(((r.stdout + r.stderr).strip().splitlines() or [''])[-1])"
    )
    done = subprocess.run(
        [sys.executable, "-c", wrapper, *command], env=env, cwd=cwd, capture_output=True, text=True
    )
    rss, said = done.stdout.splitlines()[:2]
    return int(rss), said


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pythonpath", default=str(ROOT))
    args = parser.parse_args()
    encoded = bombs()
    server = serve(encoded)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    env = {"PYTHONPATH": args.pythonpath, "PATH": "/usr/bin:/bin", "COLUMNS": "200"}
    results: dict[str, object] = {
        "wire_bytes": {name: len(body) for name, body in encoded.items()},
        "decoded_bytes_each": len(HEAD) + GIB_MIB * (1 << 20),
    }
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "scwatch.toml"
        sources = "".join(
            f'[[sources]]\nslug = "feed-{n}"\nkind = "rss"\nurl = "{base}/feeds/{n}.xml"\n\n'
            for n in [*encoded, "articles"]
        )
        config.write_text(
            "[crawl]\nallow_private_networks = true\ndownload_delay = 0\nautothrottle = false\n"
            f'[storage]\ndatabase = "{folder}/scwatch.db"\n\n{sources}',
            encoding="utf-8",
        )
        extract = [sys.executable, "-c", "from scwatch.cli import app; app()", "extract"]
        for name in encoded:
            rss, said = peak_rss(
                [*extract, f"{base}/pages/{name}.html", "-c", str(config)], env, args.pythonpath
            )
            results[f"extract_{name}"] = {"peak_rss_mib": rss, "answer": said}
        crawl = [sys.executable, "-m", "scrapy", "crawl", "feeds", "-s", f"SCWATCH_CONFIG={config}"]
        crawl_env = {**env, "SCWATCH_DATABASE_URL": f"sqlite:///{folder}/scwatch.db"}
        rss, _ = peak_rss(crawl, crawl_env, args.pythonpath)
        results["crawl_all_bombs_peak_rss_mib"] = rss
    server.shutdown()
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
