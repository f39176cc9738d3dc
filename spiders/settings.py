"""Scrapy settings for scwatch: wiring only.

Values from the [crawl] table of scwatch.toml (user agent, timeouts, size caps, concurrency,
robots, AutoThrottle) replace the matching defaults below when a spider starts; settings given
on the command line (`-s NAME=VALUE`) still win over both.
"""

BOT_NAME = "scwatch"
SPIDER_MODULES = ["scwatch.spiders"]
NEWSPIDER_MODULE = "scwatch.spiders"

# Politeness: an honest agent with a contact URL, robots.txt obeyed, adaptive delays.
USER_AGENT = "scwatch/0.1 (+https://github.com/scwatch/scwatch)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0

# Bounded work per request: one deadline for the whole download, size caps that also apply
# to decompressed bodies, short redirect chains, two retries.
DOWNLOAD_TIMEOUT = 20
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
DOWNLOAD_FAIL_ON_DATALOSS = True
REDIRECT_MAX_TIMES = 5
RETRY_TIMES = 2
# A source that keeps failing is logged (and recorded) as a warning, not a program error.
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"

# Only http(s) is ever fetched: a feed link to file://, s3:// or ftp:// must not read anything.
DOWNLOAD_HANDLERS = {"file": None, "s3": None, "ftp": None, "data": None}

# MOLIT answers the first request with a 307 and a cookie (an F5 challenge).
COOKIES_ENABLED = True

# No remote shells into a crawler: Scrapy 2.19 enables remote control by default.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
# SSRF guard: no fetches from loopback/private/link-local addresses (spiders/resolver.py).
DNS_RESOLVER = "scwatch.spiders.resolver.PublicOnlyResolver"
SCWATCH_ALLOW_PRIVATE_NETWORKS = False

# scwatch components, each with an *_ENABLED switch.
DOWNLOADER_MIDDLEWARES = {
    # Before robots.txt (100): a stored URL needs neither robots nor a download.
    "scwatch.spiders.middlewares.SeenUrlMiddleware": 50,
    # Its process_response runs before RetryMiddleware's (550), so Retry-After is seen first.
    "scwatch.spiders.middlewares.RetryAfterMiddleware": 560,
    # Above HttpCompressionMiddleware (590): sees the still-compressed body first.
    "scwatch.spiders.middlewares.TruncatedGzipMiddleware": 595,
}
ITEM_PIPELINES = {
    "scwatch.spiders.pipelines.ExtractPipeline": 300,
    "scwatch.spiders.pipelines.IngestPipeline": 400,
}
EXTENSIONS = {
    "scwatch.spiders.extensions.FetchLogRecorder": 500,
}

SCWATCH_SEEN_URL_ENABLED = True
SCWATCH_RETRY_AFTER_ENABLED = True
# Longest Retry-After honoured, in seconds; a longer one gives the request up for this run.
SCWATCH_RETRY_AFTER_MAX = 300
SCWATCH_TRUNCATED_GZIP_ENABLED = True
SCWATCH_EXTRACT_ENABLED = True
SCWATCH_INGEST_ENABLED = True
SCWATCH_FETCH_LOG_ENABLED = True

# Path of scwatch.toml; empty: monitor.config finds it ($SCWATCH_CONFIG, ./scwatch.toml).
SCWATCH_CONFIG = ""
# Crawl only this source slug (same as `-a source=SLUG`); empty: every enabled source.
SCWATCH_SOURCE = ""
