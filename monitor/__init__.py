"""scwatch domain and services: config, extraction, matching, ingest, delivery, CLI.

Import direction is spiders -> monitor -> storage; this package never imports scrapy or
sqlalchemy.
"""

__version__ = "0.1.0"
