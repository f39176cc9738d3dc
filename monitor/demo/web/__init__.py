"""The bundled loopback "Korean news web" crawled by `scwatch demo`, crawl tests and benchmarks."""

from scwatch.demo.web.server import DemoWeb, start_demo_web

__all__ = ["DemoWeb", "start_demo_web"]
