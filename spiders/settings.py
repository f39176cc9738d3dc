"""Scrapy settings for scwatch: wiring only.

The [crawl] table of scwatch.toml reaches Scrapy through the scwatch add-on
(scwatch.spiders.addon.ScwatchAddon, enabled below): before a crawler's settings freeze it
loads the configuration once and sets USER_AGENT, DOWNLOAD_TIMEOUT, DOWNLOAD_MAXSIZE,
CONCURRENT_REQUESTS, CONCURRENT_REQUESTS_PER_DOMAIN, DOWNLOAD_DELAY, ROBOTSTXT_OBEY,
AUTOTHROTTLE_ENABLED, SCWATCH_ALLOW_PRIVATE_NETWORKS and HTTPPROXY_ENABLED at "addon"
priority. Those names are deliberately absent here: this module's values have "project"
priority, which would beat the add-on, and their defaults belong to
scwatch.config.CrawlConfig alone. Settings given on the command line (`-s NAME=VALUE`) win
over the configuration.
"""

BOT_NAME = "scwatch"
SPIDER_MODULES = ["scwatch.spiders"]
NEWSPIDER_MODULE = "scwatch.spiders"

# [crawl] -> Scrapy settings, loaded once per crawl; the add-on also holds the crawl's state.
ADDONS = {
    "scwatch.spiders.addon.ScwatchAddon": 0,
}

# Politeness: the agent, robots.txt, concurrency, delay and AutoThrottle come from [crawl];
# these tune AutoThrottle when it is on.
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0

# Bounded work per request: one deadline for the whole download and a size cap that also
# applies to decompressed bodies (both from [crawl]), short redirect chains, two retries.
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
DOWNLOAD_FAIL_ON_DATALOSS = True
REDIRECT_MAX_TIMES = 5  # scwatch.core.policy.fetch.MAX_REDIRECTS, as `scwatch extract` uses
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
# Items are logged as their URL, never the page they carry (spiders/logs.py).
LOG_FORMATTER = "scwatch.spiders.logs.ShortLogFormatter"
FEED_EXPORT_ENCODING = "utf-8"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
# SSRF guard: no fetches from loopback/private/link-local addresses (spiders/resolver.py),
# unless every running crawl allows them ([crawl] allow_private_networks).
TWISTED_DNS_RESOLVER = "scwatch.spiders.resolver.PublicOnlyResolver"

# scwatch components, each with an *_ENABLED switch.
DOWNLOADER_MIDDLEWARES = {
    # Before robots.txt (100): a stored URL needs neither robots nor a download.
    "scwatch.spiders.middlewares.SeenUrlMiddleware": 50,
    # Its process_response runs before RetryMiddleware's (550), so Retry-After is seen first.
    "scwatch.spiders.middlewares.RetryAfterMiddleware": 560,
    # In place of Scrapy's HttpCompressionMiddleware: capped while it streams, and a
    # truncated or corrupt gzip/deflate/br/zstd body is refused (core/policy/bodies.py).
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "scwatch.spiders.middlewares.DecompressionMiddleware": 590,
}
ITEM_PIPELINES = {
    "scwatch.spiders.pipelines.ExtractPipeline": 300,
    "scwatch.spiders.pipelines.IngestPipeline": 400,
}
EXTENSIONS = {
    "scwatch.spiders.extensions.FetchLogRecorder": 500,
    "scwatch.spiders.lifeline.Lifeline": 0,
}

SCWATCH_SEEN_URL_ENABLED = True
SCWATCH_RETRY_AFTER_ENABLED = True
# Longest Retry-After honoured, in seconds; a longer one gives the request up for this run.
SCWATCH_RETRY_AFTER_MAX = 300
SCWATCH_EXTRACT_ENABLED = True
SCWATCH_INGEST_ENABLED = True
SCWATCH_FETCH_LOG_ENABLED = True

# Path of scwatch.toml; empty: scwatch.config finds it ($SCWATCH_CONFIG, ./scwatch.toml).
SCWATCH_CONFIG = ""
# The lifeline (spiders/lifeline.py), set by the launcher: the crawl stops when the process
# with this pid is gone, or this many seconds after it started; a crawl still running
# SCWATCH_STOP_GRACE_S after being asked to stop is ended. 0: not watched.
SCWATCH_PARENT_PID = 0
SCWATCH_DEADLINE_S = 0
SCWATCH_STOP_GRACE_S = 15
# The scheduler that started this crawl (its lease owner), so a restarted scheduler can tell
# a leftover crawl of its own from an unrelated process with the same pid.
SCWATCH_LEASE_OWNER = ""

# Crawl only this source slug (same as `-a source=SLUG`); empty: every enabled source.
SCWATCH_SOURCE = ""
