"""The scheduler and the crawl launcher.

What belongs here: `scwatch run` (APScheduler wiring, due queue, batches) and starting
crawls as `scrapy crawl` subprocesses, naming spiders through the typed registry in
scwatch.core.models. It may import services and everything below them; the spiders are
reached only as a subprocess, never imported.
"""
