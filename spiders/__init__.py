"""The Scrapy adapter: spiders, middlewares, pipelines, the fetch-log extension and the
scwatch add-on that loads [crawl] once.

What belongs here: everything that touches Scrapy or Twisted, and nothing else. It stays
thin: decoding, extraction, de-duplication and storage are decided by scwatch.core and
scwatch.services. The only package that imports scrapy; it may import services and
everything below them, never the scheduler, the API or the CLI.
"""
