"""The scwatch add-on: [crawl] reaches Scrapy's settings once, before they freeze, below the
command line; each crawler keeps its own configuration, context and refused hosts."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import cast

import pytest
from scrapy.crawler import AsyncCrawlerRunner, Crawler
from scrapy.http import Request
from scrapy.settings import SETTINGS_PRIORITIES, Settings
from scrapy.utils.test import get_reactor_settings
from support.crawl import TEST_CRAWL, run_crawl, write_config
from support.loopback import LoopbackServer
from support.loopback import Request as SiteRequest
from support.site_routes import FEED_PATHS
from twisted.internet.base import ReactorBase
from twisted.internet.error import DNSLookupError
from twisted.python.failure import Failure

import scwatch.spiders.settings as project_settings
from scwatch.config import CrawlConfig
from scwatch.core.errors import ConfigError, private_address_refusal
from scwatch.spiders.addon import (
    ScwatchAddon,
    attach_runtime,
    crawl_context,
    crawl_settings,
    scwatch_addon,
)
from scwatch.spiders.failures import describe_failure
from scwatch.spiders.feeds import FeedSpider
from scwatch.spiders.resolver import BlockedAddressError, PublicOnlyResolver

CRAWL = {
    "user_agent": "scwatch-addon-test/1.0 (+https://example.org/contact)",
    "download_timeout": 7.5,
    "max_page_bytes": 654_321,
    "concurrent_requests": 3,
    "concurrent_per_domain": 1,
    "download_delay": 0.25,
    "obey_robots": False,
    "autothrottle": False,
    "allow_private_networks": True,
}
EXPECTED = {
    "USER_AGENT": CRAWL["user_agent"],
    "DOWNLOAD_TIMEOUT": 7.5,
    "DOWNLOAD_MAXSIZE": 654_321,
    "CONCURRENT_REQUESTS": 3,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
    "DOWNLOAD_DELAY": 0.25,
    "ROBOTSTXT_OBEY": False,
    "AUTOTHROTTLE_ENABLED": False,
    "SCWATCH_ALLOW_PRIVATE_NETWORKS": True,
}


def project_crawler(config: Path, **command_line: object) -> Crawler:
    """A crawler as `scrapy crawl` builds it: the project's settings module, then `-s`
    values, then Crawler._apply_settings (add-ons, then freeze), without crawling."""
    settings = Settings()
    settings.setmodule(cast(ModuleType, project_settings), priority="project")
    settings.setdict(get_reactor_settings(), priority="project")
    settings.setdict({"SCWATCH_CONFIG": str(config), **command_line}, priority="cmdline")
    crawler = Crawler(FeedSpider, settings)
    crawler._apply_settings()
    return crawler


@pytest.fixture(autouse=True)
def _no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SCWATCH_CONFIG", raising=False)
    monkeypatch.delenv("SCWATCH_DATABASE_URL", raising=False)


def test_crawl_table_is_in_the_settings_before_they_freeze(tmp_path: Path) -> None:
    crawler = project_crawler(write_config(tmp_path / "scwatch.toml", [], CRAWL))
    assert crawler.settings.frozen
    addon_priority = SETTINGS_PRIORITIES["addon"]
    for name, value in EXPECTED.items():
        assert crawler.settings[name] == value, name
        assert crawler.settings.getpriority(name) == addon_priority, name
    assert scwatch_addon(crawler).config.crawl.max_feed_bytes == CrawlConfig().max_feed_bytes


def test_without_a_crawl_table_the_defaults_of_crawl_config_apply(tmp_path: Path) -> None:
    crawler = project_crawler(write_config(tmp_path / "scwatch.toml", [], {}))
    assert crawler.settings["USER_AGENT"] == CrawlConfig().user_agent
    assert crawler.settings.getint("DOWNLOAD_MAXSIZE") == CrawlConfig().max_page_bytes


def test_settings_module_leaves_the_crawl_names_to_the_addon() -> None:
    """A value there has "project" priority and would silently beat scwatch.toml."""
    assert "scwatch.spiders.addon.ScwatchAddon" in project_settings.ADDONS
    for name in crawl_settings(CrawlConfig()):
        assert not hasattr(project_settings, name), name


def test_the_command_line_beats_the_configuration(tmp_path: Path) -> None:
    config = write_config(tmp_path / "scwatch.toml", [], CRAWL)
    crawler = project_crawler(config, USER_AGENT="from-the-command-line", DOWNLOAD_MAXSIZE=99_999)
    assert crawler.settings["USER_AGENT"] == "from-the-command-line"
    assert crawler.settings.getint("DOWNLOAD_MAXSIZE") == 99_999
    assert crawler.settings["CONCURRENT_REQUESTS"] == 3  # the rest still from [crawl]


def test_a_wrong_configuration_fails_with_its_message(tmp_path: Path) -> None:
    config = write_config(tmp_path / "scwatch.toml", [], {"user_agent": 5})
    with pytest.raises(ConfigError, match=r"scwatch.toml:2: crawl.user_agent"):
        project_crawler(config)


def test_the_configuration_is_loaded_once_per_crawler(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import scwatch.spiders.addon as addon_module

    calls: list[object] = []
    real = addon_module.load_config

    def counting(path: object = None) -> object:
        calls.append(path)
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(addon_module, "load_config", counting)
    config = write_config(tmp_path / "scwatch.toml", [], CRAWL, database=tmp_path / "a.db")
    crawler = project_crawler(config)
    context = crawl_context(crawler)
    assert crawl_context(crawler) is context
    assert context.runtime.config is scwatch_addon(crawler).config
    context.close()
    assert len(calls) == 1


def two_crawlers(tmp_path: Path) -> tuple[Crawler, Crawler]:
    strict = {**CRAWL, "user_agent": "strict/1.0", "allow_private_networks": False}
    lenient = {**CRAWL, "user_agent": "lenient/1.0", "allow_private_networks": True}
    first = write_config(tmp_path / "strict.toml", [], strict, database=tmp_path / "strict.db")
    second = write_config(tmp_path / "lenient.toml", [], lenient, database=tmp_path / "lenient.db")
    return project_crawler(first), project_crawler(second)


def test_two_crawlers_in_one_process_keep_separate_state(tmp_path: Path) -> None:
    strict, lenient = two_crawlers(tmp_path)
    assert scwatch_addon(strict) is not scwatch_addon(lenient)
    assert strict.settings["USER_AGENT"] == "strict/1.0"
    assert lenient.settings["USER_AGENT"] == "lenient/1.0"
    contexts = crawl_context(strict), crawl_context(lenient)
    try:
        assert contexts[0] is not contexts[1]
        assert contexts[0].runtime.config.database_url.endswith("strict.db")
        assert contexts[1].runtime.config.database_url.endswith("lenient.db")
        contexts[0].note_new_article("a")
        assert contexts[1].new_articles == {}
    finally:
        for context in contexts:
            context.close()


def resolver_for(runner: AsyncCrawlerRunner) -> PublicOnlyResolver:
    """The SSRF guard as Scrapy builds it: from the process, not from a crawler."""
    return PublicOnlyResolver.from_crawler(runner, cast(ReactorBase, object()))


def test_the_guard_asks_the_running_crawls_and_records_refusals_per_crawler(
    tmp_path: Path,
) -> None:
    strict, lenient = two_crawlers(tmp_path)
    runner = AsyncCrawlerRunner(Settings())
    resolver = resolver_for(runner)
    assert resolver.check_address("8.8.8.8", "dns.example") == "8.8.8.8"
    runner.crawlers.add(lenient)
    assert resolver.check_address("127.0.0.1", "intranet.example") == "127.0.0.1"
    runner.crawlers.discard(lenient)
    runner.crawlers.add(strict)
    with pytest.raises(BlockedAddressError, match="private or local address"):
        resolver.check_address("10.0.0.8", "intranet.example")
    assert scwatch_addon(strict).refused_hosts == {"intranet.example"}
    assert scwatch_addon(lenient).refused_hosts == set()
    # Running together, the strictest decides and both can explain the refusal.
    runner.crawlers.add(lenient)
    with pytest.raises(BlockedAddressError):
        resolver.check_address("192.168.0.2", "nas.example")
    assert "nas.example" in scwatch_addon(lenient).refused_hosts


def test_with_no_scwatch_crawl_running_the_process_setting_decides() -> None:
    with pytest.raises(BlockedAddressError):
        resolver_for(AsyncCrawlerRunner(Settings())).check_address("127.0.0.1", "localhost")
    allowing = AsyncCrawlerRunner(Settings({"SCWATCH_ALLOW_PRIVATE_NETWORKS": True}))
    assert resolver_for(allowing).check_address("127.0.0.1", "localhost") == "127.0.0.1"


def test_the_fetch_log_reason_names_a_refusal_only_for_the_crawler_that_refused(
    tmp_path: Path,
) -> None:
    strict, lenient = two_crawlers(tmp_path)
    scwatch_addon(strict).note_refused("intranet.example")
    failure = Failure(DNSLookupError("intranet.example"))
    failure.request = Request("http://intranet.example/rss.xml")  # type: ignore[attr-defined]
    assert describe_failure(failure, scwatch_addon(strict).refused_hosts) == (
        private_address_refusal("intranet.example")
    )
    assert describe_failure(failure, scwatch_addon(lenient).refused_hosts) == "DNS lookup failed"


def test_attach_runtime_gives_a_bare_crawler_the_addon(tmp_path: Path) -> None:
    from scrapy import Spider
    from scrapy.utils.test import get_crawler

    from scwatch.services.runtime import open_runtime

    crawler = get_crawler(Spider)
    assert crawler.get_addon(ScwatchAddon) is None
    config = write_config(tmp_path / "t.toml", [], {}, database=tmp_path / "t.db")
    runtime = open_runtime(str(config))
    context = attach_runtime(crawler, runtime)
    try:
        assert crawl_context(crawler) is context
        assert scwatch_addon(crawler).config is runtime.config
    finally:
        context.close()


def crawl_hits(
    site: LoopbackServer, tmp_path: Path, crawl: dict[str, object], *extra: str
) -> tuple[list[SiteRequest], str]:
    """One real `scrapy crawl feeds` of the site's UTF-8 feed: the requests the site saw and
    the crawl log."""
    source = {"slug": "utf8", "kind": "rss", "url": site.base_url + FEED_PATHS["utf8"]}
    config = write_config(tmp_path / "scwatch.toml", [source], {**TEST_CRAWL, **crawl})
    before = len(site.requests)
    log = tmp_path / "crawl.log"
    run_crawl("feeds", config, f"sqlite:///{tmp_path / 'x.db'}", log, *extra)
    return site.requests[before:], log.read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_real_crawl_sends_the_configured_agent_and_caps(
    korean_site: LoopbackServer, tmp_path: Path
) -> None:
    agent = "scwatch-from-toml/2.0 (+https://example.org/toml)"
    hits, log = crawl_hits(korean_site, tmp_path, {"user_agent": agent, "max_page_bytes": 654_321})
    assert {hit.path for hit in hits} >= {"/robots.txt", FEED_PATHS["utf8"]}
    assert {hit.user_agent for hit in hits} == {agent}
    # Scrapy logs the settings once they are frozen.
    assert "'DOWNLOAD_MAXSIZE': 654321" in log
    assert "ScwatchAddon" in log  # Scrapy's "Enabled addons"


@pytest.mark.slow
def test_a_real_crawl_lets_the_command_line_win(korean_site: LoopbackServer, tmp_path: Path) -> None:
    hits, _ = crawl_hits(
        korean_site, tmp_path, {"user_agent": "from-toml/1.0"}, "-s", "USER_AGENT=from-cli/1.0"
    )
    assert hits
    assert {hit.user_agent for hit in hits} == {"from-cli/1.0"}


def test_a_spider_reads_its_caps_and_sources_from_the_addon(tmp_path: Path) -> None:
    sources = [
        {"slug": "news", "kind": "rss", "url": "https://news.example.kr/rss.xml"},
        {
            "slug": "city",
            "kind": "listing",
            "url": "https://city.example.kr/",
            "link_selector": "a",
        },
    ]
    crawl = {"max_page_bytes": 200_000, "max_feed_bytes": 100_000}
    crawler = project_crawler(write_config(tmp_path / "scwatch.toml", sources, crawl))
    spider = FeedSpider.from_crawler(crawler)
    spider.prepare()
    assert [s.slug for s in spider.sources] == ["news"]
    assert (spider.max_page_bytes, spider.max_feed_bytes) == (200_000, 100_000)
    wrong = FeedSpider.from_crawler(crawler, source="city")
    with pytest.raises(ConfigError, match="crawl it with `scrapy crawl listings`"):
        wrong.prepare()
