"""`python -m scwatch.demo.web`: serve the demo news web until Ctrl-C and print its URLs."""

from __future__ import annotations

import argparse
import sys
import threading

from scwatch.demo.web.server import DEFAULT_PORT, DemoWeb, start_demo_web


def describe(web: DemoWeb) -> str:
    """What a user needs to browse or crawl the demo web, one URL a line."""
    site = web.site
    lines = [f"scwatch demo news web at {web.base_url}/", "", "Sources:"]
    lines += [f"  {s.slug:<12} {s.kind:<8} {s.url}" for s in web.sources()]
    lines += ["", "Article pages:"]
    lines += [f"  {site.url(page.path)}  {page.story.title}" for page in site.pages]
    lines += ["", "Misbehaving on purpose:"]
    lines += [
        f"  {site.url(path)}" for path in sorted(site.resources) if path.startswith("/broken/")
    ]
    lines.append(f"  {site.url('/broken/slow?s=30')}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scwatch.demo.web",
        description="Serve the bundled demo Korean news web until Ctrl-C.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port (default {DEFAULT_PORT}; 0 = any free)",
    )
    args = parser.parse_args(argv)
    try:
        web = start_demo_web(args.host, args.port)
    except OSError as error:
        print(f"cannot listen on {args.host}:{args.port}: {error.strerror}", file=sys.stderr)
        print("try another --port, or --port 0 for any free one", file=sys.stderr)
        return 1
    with web:
        try:
            print(describe(web), flush=True)
            print("\nPress Ctrl-C to stop.", flush=True)
            threading.Event().wait()
        except KeyboardInterrupt:
            print("stopping", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
