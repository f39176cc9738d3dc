"""The crawl log: short item messages, rotation by size, and the one redaction filter.

- `ShortLogFormatter` (LOG_FORMATTER in spiders/settings.py): Scrapy's default puts the whole
  item into "Scraped" and "Dropped" messages, and our item is the page with its body, so one
  dropped 1 MB page made a 4 MB log entry. Here an item is its URL, a reason is clipped.
- `install_crawl_logging` (called by the add-on once the configuration is loaded): the
  LOG_FILE that Scrapy opened becomes a RotatingFileHandler ([crawl] log_max_mb and
  log_backups), every root handler gets scwatch's RedactingFilter, and the third-party loggers
  that print whole URLs stay at WARNING.
"""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from typing import Any

from scrapy import Spider
from scrapy.http import Response
from scrapy.logformatter import LogFormatter
from scrapy.settings import BaseSettings
from twisted.python.failure import Failure

from scwatch.config import Config, log_redactor
from scwatch.core.redact import RedactingFilter, quiet_url_loggers

LOG_MAX_BYTES_SETTING = "SCWATCH_LOG_MAX_BYTES"
LOG_BACKUPS_SETTING = "SCWATCH_LOG_BACKUPS"
MAX_REASON = 300  # characters of a drop reason or error kept in the log


def item_label(item: Any) -> str:
    """An item as the log shows it: its URL (and source), never its body."""
    url = getattr(item, "url", None)
    source = getattr(item, "source", None)
    if url is None:
        return f"a {type(item).__name__}"
    return f"{source}: {url}" if source else str(url)


def clip(text: object) -> str:
    text = str(text)
    return text if len(text) <= MAX_REASON else text[:MAX_REASON] + "…"


class ShortLogFormatter(LogFormatter):
    """Scrapy's messages about items, with the URL in place of the whole item."""

    def scraped(self, item: Any, response: Response | Failure | None, spider: Spider) -> Any:
        entry = dict(super().scraped(item, response, spider))
        return {**entry, "msg": "Scraped %(item)s", "args": {"item": item_label(item)}}

    def dropped(
        self, item: Any, exception: BaseException, response: Response | Failure | None,
        spider: Spider,
    ) -> Any:
        entry = dict(super().dropped(item, exception, response, spider))
        # The pipelines' reasons already name the source and URL.
        reason = clip(exception) or item_label(item)
        return {**entry, "msg": "Dropped: %(reason)s", "args": {"reason": reason}}

    def item_error(
        self, item: Any, exception: BaseException, response: Response | Failure | None,
        spider: Spider,
    ) -> Any:
        entry = dict(super().item_error(item, exception, response, spider))
        return {**entry, "msg": "Error processing %(item)s", "args": {"item": item_label(item)}}


def install_crawl_logging(settings: BaseSettings, config: Config) -> None:
    """Rotate the crawl's LOG_FILE and redact every handler of the root logger."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if type(handler) is logging.FileHandler:
            root.removeHandler(handler)
            handler.close()
            root.addHandler(_rotating(handler, settings))
    redaction = RedactingFilter(log_redactor(config))
    for handler in root.handlers:
        for old in [f for f in handler.filters if isinstance(f, RedactingFilter)]:
            handler.removeFilter(old)
        handler.addFilter(redaction)
    quiet_url_loggers()


def _rotating(plain: logging.FileHandler, settings: BaseSettings) -> RotatingFileHandler:
    """Scrapy's file handler as a rotating one: same file, level, format and filters."""
    rotating = RotatingFileHandler(
        plain.baseFilename,
        maxBytes=settings.getint(LOG_MAX_BYTES_SETTING),
        backupCount=settings.getint(LOG_BACKUPS_SETTING),
        encoding=plain.encoding,
    )
    rotating.setLevel(plain.level)
    rotating.setFormatter(plain.formatter)
    for log_filter in plain.filters:
        rotating.addFilter(log_filter)
    return rotating
