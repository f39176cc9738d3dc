"""The scwatch Scrapy add-on: the one way scwatch.toml reaches a crawl, and the crawl's state.

Enabled through ADDONS in spiders/settings.py. Scrapy builds one instance per crawler and
calls `update_settings` before the crawler's settings freeze: the add-on loads the
configuration there, once (path from the SCWATCH_CONFIG setting, else $SCWATCH_CONFIG, else
./scwatch.toml), and sets the Scrapy settings that the [crawl] table controls at "addon"
priority. settings.py does not set those names (the "project" priority would win), so the
defaults live in scwatch.config.CrawlConfig only, and `-s NAME=VALUE` on the command line
still beats the configuration. A wrong configuration raises ConfigError there, which fails
the crawl with its message.

The instance then owns everything the crawl shares: the loaded Config, the CrawlContext
(the runtime is opened on first use and closed when the engine stops) and the host names the
SSRF guard refused. Spiders, middlewares, pipelines and the extension reach it through
`scwatch_addon(crawler)` (Scrapy's `crawler.get_addon`); nothing is kept in module globals, so
two crawlers in one process never share any of it.
"""

from __future__ import annotations

from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings

from scwatch.config import Config, CrawlConfig, load_config
from scwatch.services.runtime import Runtime, runtime_for
from scwatch.spiders.context import CrawlContext
from scwatch.spiders.logs import LOG_BACKUPS_SETTING, LOG_MAX_BYTES_SETTING, install_crawl_logging

ADDON_PRIORITY = "addon"
ALLOW_PRIVATE_SETTING = "SCWATCH_ALLOW_PRIVATE_NETWORKS"


def crawl_settings(crawl: CrawlConfig) -> dict[str, object]:
    """The Scrapy settings that the [crawl] table of scwatch.toml controls."""
    return {
        "USER_AGENT": crawl.user_agent,
        "DOWNLOAD_TIMEOUT": crawl.download_timeout,
        "DOWNLOAD_MAXSIZE": crawl.max_page_bytes,
        "CONCURRENT_REQUESTS": crawl.concurrent_requests,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrent_per_domain,
        "DOWNLOAD_DELAY": crawl.download_delay,
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        "AUTOTHROTTLE_ENABLED": crawl.autothrottle,
        ALLOW_PRIVATE_SETTING: crawl.allow_private_networks,
        LOG_MAX_BYTES_SETTING: int(crawl.log_max_mb * 1024 * 1024),
        LOG_BACKUPS_SETTING: crawl.log_backups,
        # Scrapy's HttpProxyMiddleware reads http_proxy/https_proxy: off unless asked for,
        # since through a proxy the SSRF guard sees only the proxy's address.
        "HTTPPROXY_ENABLED": crawl.use_env_proxy,
    }


class ScwatchAddon:
    """One per crawler: the configuration, the crawl context and the refused hosts."""

    def __init__(self, crawler: Crawler, config: Config | None = None) -> None:
        self.crawler = crawler
        self._config = config
        self._context: CrawlContext | None = None
        # Host names the SSRF guard refused during this crawl. Twisted reports a refused
        # lookup as a plain "no results" DNS failure; the fetch log looks here to say why.
        self.refused_hosts: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def __repr__(self) -> str:
        """Shown in Scrapy's "Enabled addons" log line: which configuration the crawl uses."""
        if self._config is None:
            return "ScwatchAddon(configuration not loaded)"
        return f"ScwatchAddon(config={self._config.path or 'packaged defaults'})"

    def update_settings(self, settings: BaseSettings) -> None:
        """Load the configuration and set the [crawl]-derived settings (below the command
        line, which Scrapy keeps at a higher priority)."""
        self._config = load_config(settings.get("SCWATCH_CONFIG") or None)
        settings.setdict(crawl_settings(self._config.crawl), priority=ADDON_PRIORITY)
        install_crawl_logging(settings, self._config)

    @property
    def config(self) -> Config:
        if self._config is None:
            raise RuntimeError("the scwatch add-on has not loaded the configuration yet")
        return self._config

    @property
    def context(self) -> CrawlContext:
        """The crawl's context, opening the runtime (database, rules, ingestor) on first use."""
        if self._context is None:
            return self.attach(runtime_for(self.config))
        return self._context

    def attach(self, runtime: Runtime) -> CrawlContext:
        """Use an already open runtime for this crawl (closed with the crawl)."""
        self._config = runtime.config
        self._context = CrawlContext(runtime)
        # engine_stopped comes after spider_closed, so the fetch log is written before closing.
        self.crawler.signals.connect(self._context.close, signal=signals.engine_stopped, weak=False)
        return self._context

    @property
    def allows_private_networks(self) -> bool:
        """[crawl] allow_private_networks, or `-s SCWATCH_ALLOW_PRIVATE_NETWORKS=...`."""
        return self.crawler.settings.getbool(ALLOW_PRIVATE_SETTING)

    def note_refused(self, host: str) -> None:
        self.refused_hosts.add(host)


def scwatch_addon(crawler: Crawler) -> ScwatchAddon:
    """The crawler's scwatch add-on; an error when ADDONS does not enable it."""
    addon = crawler.get_addon(ScwatchAddon)
    if addon is None:
        raise RuntimeError(
            "the scwatch add-on is not enabled: add scwatch.spiders.addon.ScwatchAddon to ADDONS"
        )
    return addon


def crawl_context(crawler: Crawler) -> CrawlContext:
    """The crawl's context (the runtime is opened on first use)."""
    return scwatch_addon(crawler).context


def attach_runtime(crawler: Crawler, runtime: Runtime) -> CrawlContext:
    """Use an already open runtime for this crawl (closed with the crawl). A crawler built
    without the add-on (a test's `get_crawler`) gets one, holding the runtime's config."""
    addon = crawler.get_addon(ScwatchAddon)
    if addon is None:
        addon = ScwatchAddon(crawler, runtime.config)
        crawler.addons.addons.append(addon)
    return addon.attach(runtime)
