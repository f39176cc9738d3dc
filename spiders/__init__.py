"""The Scrapy adapter: spiders, middlewares, pipelines and the fetch-log extension.

This is the only package that imports scrapy. It stays thin: every decision about decoding,
extraction, de-duplication and storage is made by monitor.* services.
"""
