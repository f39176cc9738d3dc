"""SSRF tricks: URLs and redirects that try to make scwatch fetch from the intranet, tried
through the crawler (`scrapy crawl feeds`) and through `scwatch extract URL`.

Loopback only. An "intranet" server listens on 127.0.0.1 and [::1] and logs every request
it gets; addresses that cannot be served here (10.x, 169.254.169.254, ...) are unroutable,
so a trick that gets past the guard shows up as a connection attempt in the crawl log. A
"public" site on 127.0.0.2 (the crawl uses benchmarks/ssrf_resolver.py, which treats that
one address as public and every other as in production) serves a feed whose items are the
tricks, and redirects (301, 302, 307, chains, meta refresh) into the intranet.

Each trick ends as `refused` (the guard said no), `reached` (the intranet server logged it)
or `escaped` (not refused: a connection to a private address was attempted). Prints JSON.

    python benchmarks/ssrf.py [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from crawl_command import feeds_crawl  # noqa: E402
from ssrf_resolver import PUBLIC_STAND_IN  # noqa: E402

REFUSAL = re.compile(r"BlockedAddress|private or local|not public|refused:|not allowed", re.I)
# No connection was tried: the URL or the host name was rejected before.
UNUSABLE = re.compile(
    r"DNS lookup failed|Name or service not known|InvalidURL|Invalid IPv\d|invalid hostname|"
    r"Port could not be cast",
    re.I,
)
# A connection to the address was attempted (or answered): the guard let it through.
ATTEMPT = re.compile(
    r"TCPTimedOut|timed out|did not answer|ConnectionRefused|Connection was refused|"
    r"Connection refused|No route|unreachable|ConnectError|ConnectTimeout|could not connect|"
    r"HTTP status \d+|status \d{3}",
    re.I,
)
STATES = ("refused", "reached", "escaped", "failed_before_connecting", "unclear")


@dataclass(frozen=True)
class Trick:
    name: str
    url: str  # {v4} and {v6} stand for the intranet ports, {pub} for the public site


DIRECT = [
    Trick("loopback literal", "http://127.0.0.1:{v4}/t/{n}"),
    Trick("localhost name", "http://localhost:{v4}/t/{n}"),
    Trick("localhost trailing dot", "http://localhost.:{v4}/t/{n}"),
    Trick("loopback trailing dot", "http://127.0.0.1.:{v4}/t/{n}"),
    Trick("decimal 127.0.0.1", "http://2130706433:{v4}/t/{n}"),
    Trick("hex 127.0.0.1", "http://0x7f000001:{v4}/t/{n}"),
    Trick("octal 127.0.0.1", "http://0177.0.0.1:{v4}/t/{n}"),
    Trick("whole octal 127.0.0.1", "http://017700000001:{v4}/t/{n}"),
    Trick("short 127.1", "http://127.1:{v4}/t/{n}"),
    Trick("zero-padded 127.000.000.001", "http://127.000.000.001:{v4}/t/{n}"),
    Trick("0.0.0.0", "http://0.0.0.0:{v4}/t/{n}"),
    Trick("bare 0", "http://0:{v4}/t/{n}"),
    Trick("other loopback 127.0.0.3", "http://127.0.0.3:{v4}/t/{n}"),
    Trick("IPv6 loopback", "http://[::1]:{v6}/t/{n}"),
    Trick("IPv6 loopback long form", "http://[0:0:0:0:0:0:0:1]:{v6}/t/{n}"),
    Trick("IPv4-mapped IPv6 loopback", "http://[::ffff:127.0.0.1]:{v4}/t/{n}"),
    Trick("IPv6 unspecified", "http://[::]:{v6}/t/{n}"),
    Trick("userinfo that looks public", "http://" + PUBLIC_STAND_IN + "@127.0.0.1:{v4}/t/{n}"),
    Trick("private 10.0.0.1", "http://10.0.0.1/t/{n}"),
    Trick("hex 10.0.0.1", "http://0x0a000001/t/{n}"),
    Trick("private 192.168.0.1", "http://192.168.0.1/t/{n}"),
    Trick("private 172.16.0.1", "http://172.16.0.1/t/{n}"),
    Trick("shared 100.64.0.1", "http://100.64.0.1/t/{n}"),
    Trick("cloud metadata", "http://169.254.169.254/t/{n}"),
    Trick("decimal cloud metadata", "http://2852039166/t/{n}"),
    Trick("IPv4-mapped cloud metadata", "http://[::ffff:a9fe:a9fe]/t/{n}"),
    Trick("IPv6 unique local", "http://[fd00::1]/t/{n}"),
    Trick("IPv6 link-local", "http://[fe80::1]/t/{n}"),
]
REDIRECTS = [
    Trick("302 to loopback", "http://{pub}/r/302/127.0.0.1:{v4}/t/{n}"),
    Trick("301 to localhost", "http://{pub}/r/301/localhost:{v4}/t/{n}"),
    Trick("307 to decimal loopback", "http://{pub}/r/307/2130706433:{v4}/t/{n}"),
    Trick("302 to IPv6 loopback", "http://{pub}/r/302/[::1]:{v6}/t/{n}"),
    Trick("302 to 10.0.0.1", "http://{pub}/r/302/10.0.0.1/t/{n}"),
    Trick("302 to cloud metadata", "http://{pub}/r/302/169.254.169.254/t/{n}"),
    Trick("redirect chain to loopback", "http://{pub}/r/302/{pub}/r/302/127.0.0.1:{v4}/t/{n}"),
    Trick("meta refresh to loopback", "http://{pub}/m/127.0.0.1:{v4}/t/{n}"),
]


class Logged(BaseHTTPRequestHandler):
    """Intranet: logs the path. Public site: the feed, redirects, meta refresh pages."""

    protocol_version = "HTTP/1.1"
    seen: list[str]
    feed: bytes = b""

    def do_GET(self) -> None:
        self.seen.append(self.path)
        if self.path.startswith("/r/"):
            _, _, status, target = self.path.split("/", 3)
            self._send(int(status), b"", {"Location": f"http://{target}"})
        elif self.path.startswith("/m/"):
            target = escape(self.path[3:], {'"': "&quot;"})
            page = f'<html><head><meta http-equiv="refresh" content="0; url=http://{target}">'
            self._send(200, (page + "</head><body></body></html>").encode(), {})
        elif self.path.startswith("/feed"):
            self._send(200, self.feed, {"Content-Type": "application/rss+xml"})
        else:
            self._send(200, b"<html><body><p>intranet secret</p></body></html>", {})

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        headers.setdefault("Content-Type", "text/html; charset=utf-8")
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


class V6Server(ThreadingHTTPServer):
    address_family = __import__("socket").AF_INET6


@contextmanager
def serving(host: str, seen: list[str]) -> Iterator[tuple[ThreadingHTTPServer, type[Logged]]]:
    handler = type("Handler", (Logged,), {"seen": seen})
    server = (V6Server if ":" in host else ThreadingHTTPServer)((host, 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server, handler
    finally:
        server.shutdown()
        server.server_close()


def trick_urls(tricks: list[Trick], ports: dict[str, str], first: int) -> list[str]:
    return [t.url.format(n=first + i, **ports) for i, t in enumerate(tricks)]


def rss(urls: list[str]) -> bytes:
    items = "".join(f"<item><title>t</title><link>{escape(u)}</link></item>" for u in urls)
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{items}</channel></rss>'
    ).encode()


def write_config(workdir: Path, feed_url: str) -> Path:
    path = workdir / "scwatch.toml"
    path.write_text(
        "[crawl]\nobey_robots = false\ndownload_timeout = 3\ndownload_delay = 0\n"
        'autothrottle = false\n\n[[sources]]\nslug = "hostile"\nkind = "rss"\n'
        f'url = "{feed_url}"\n',
        encoding="utf-8",
    )
    return path


def clean_env(workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SCWATCH_", "SCRAPY_"))}
    env["SCWATCH_DATABASE_URL"] = f"sqlite:///{workdir / 'ssrf.db'}"
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(HERE)])
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy"):
        env.pop(name, None)  # a proxy would hide what the guard does with the addresses
    return env


def crawl(workdir: Path, config: Path) -> str:
    log = workdir / "crawl.log"
    subprocess.run(
        feeds_crawl(
            config,
            log,
            "RETRY_ENABLED=False",
            "TWISTED_DNS_RESOLVER=ssrf_resolver.StandInPublicResolver",
        ),
        cwd=ROOT,
        env=clean_env(workdir) | {"SCRAPY_SETTINGS_MODULE": "scwatch.spiders.settings"},
        capture_output=True,
        timeout=300,
        check=False,
    )
    return log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""


def judge(path: str, seen: list[str], text: str) -> str:
    """From the intranet's log and the crawl log (or the command's output): `reached`,
    `refused` (by the guard), `escaped` (a connection to the private address was attempted)
    or `failed_before_connecting` (an invalid URL or host, no connection tried)."""
    if path in seen:
        return "reached"
    lines = [line for line in text.splitlines() if path in line] or [text]
    if any(REFUSAL.search(line) for line in lines):
        return "refused"
    if any(UNUSABLE.search(line) for line in lines):
        return "failed_before_connecting"
    return "escaped" if any(ATTEMPT.search(line) for line in lines) else "unclear"


def extract(workdir: Path, config: Path, url: str) -> str:
    """`scwatch extract URL` with default settings (its own config has no [crawl] table)."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from scwatch.cli import app; app()",
            "extract",
            url,
            "--config",
            str(config),
        ],
        cwd=workdir,
        env=clean_env(workdir),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return result.stdout + result.stderr


def tally(names: list[str], verdicts: list[str], outputs: list[str]) -> dict[str, Any]:
    named = list(zip(names, verdicts, strict=True))
    return {
        "tricks": len(verdicts),
        "got_through": verdicts.count("reached") + verdicts.count("escaped"),
        **{state: verdicts.count(state) for state in STATES},
        "tracebacks": sum("Traceback (most recent" in text for text in outputs),
        "through_names": [n for n, v in named if v in ("reached", "escaped")],
        "not_refused_otherwise_names": [
            n for n, v in named if v in ("failed_before_connecting", "unclear")
        ],
    }


def run(workdir: Path) -> dict[str, Any]:
    seen: list[str] = []
    with ExitStack() as stack:
        v4, _ = stack.enter_context(serving("127.0.0.1", seen))
        v6, _ = stack.enter_context(serving("::1", seen))
        pub, handler = stack.enter_context(serving(PUBLIC_STAND_IN, []))
        ports = {
            "v4": str(v4.server_address[1]),
            "v6": str(v6.server_address[1]),
            "pub": f"{PUBLIC_STAND_IN}:{pub.server_address[1]}",
        }
        tricks = DIRECT + REDIRECTS
        urls = trick_urls(tricks, ports, 1)
        handler.feed = rss(urls)
        config = write_config(workdir, f"http://{ports['pub']}/feed.xml")
        log = crawl(workdir, config)
        crawler = [judge(f"/t/{i}", seen, log) for i in range(1, len(urls) + 1)]
        (workdir / "extract").mkdir()
        plain = workdir / "extract" / "scwatch.toml"
        plain.write_text("", encoding="utf-8")
        direct = trick_urls(DIRECT, ports, 1000)
        outputs = [extract(workdir, plain, url) for url in direct]
        by_extract = [judge(f"/t/{1000 + i}", seen, output) for i, output in enumerate(outputs)]
    return {
        "crawler": tally([t.name for t in tricks], crawler, [log]),
        "extract": tally([t.name for t in DIRECT], by_extract, outputs),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="one line of JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="scwatch-ssrf-") as folder:
        figures = run(Path(folder))
    print(json.dumps(figures, ensure_ascii=False, indent=None if args.json else 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
