"""A bundled loopback "Korean news web" that `scwatch demo`, the crawl tests and benchmarks crawl."""

from monitor.demoweb.server import DemoWeb, start_demo_web

__all__ = ["DemoWeb", "start_demo_web"]
