"""The crawl log: short item messages, rotation by size, and the one redaction filter.

- `ShortLogFormatter` (LOG_FORMATTER in spiders/settings.py): Scrapy's default puts the whole
  item into "Scraped" and "Dropped" messages, and our item is the page with its body, so one
  dropped 1 MB page made a 4 MB log entry. Here an item is its URL, a reason is clipped.
- `install_crawl_logging` (called by the add-on once the configuration is loaded): the
  crawl's LOG_FILE is written by a RotatingFileHandler ([crawl] log_max_mb and log_backups)
  through scwatch's RedactingFilter, and the third-party loggers that print whole URLs stay
  at WARNING.
"""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from typing import Any

from scrapy import Spider
from scrapy.http import Response
from scrapy.logformatter import LogFormatter
from scrapy.settings import BaseSettings
from scrapy.utils.log import TopLevelFormatter, get_scrapy_root_handler
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
    """Take the root handler over from Scrapy: the same file (or stderr), rotating by size,
    with scwatch's redaction. Scrapy re-creates its own handler from the settings when the
    crawl starts, so LOG_FILE and LOG_ENABLED are switched off for it here; lines it wrote
    before (its version banner) stay at the top of the same file."""
    quiet_url_loggers()
    if not settings.getbool("LOG_ENABLED"):
        return
    handler = _handler(settings)
    handler.setLevel(settings.get("LOG_LEVEL"))
    handler.setFormatter(
        logging.Formatter(settings.get("LOG_FORMAT"), settings.get("LOG_DATEFORMAT"))
    )
    if settings.getbool("LOG_SHORT_NAMES"):
        handler.addFilter(TopLevelFormatter(["scrapy"]))
    handler.addFilter(RedactingFilter(log_redactor(config)))
    scrapy_handler = get_scrapy_root_handler()
    root = logging.getLogger()
    if scrapy_handler is not None and scrapy_handler in root.handlers:
        root.removeHandler(scrapy_handler)
        scrapy_handler.close()
    root.addHandler(handler)
    settings.set("LOG_FILE", None, priority="cmdline")
    settings.set("LOG_ENABLED", False, priority="cmdline")


def _handler(settings: BaseSettings) -> logging.Handler:
    path = settings.get("LOG_FILE")
    if not path:
        return logging.StreamHandler()
    return RotatingFileHandler(
        path,
        mode="a" if settings.getbool("LOG_FILE_APPEND") else "w",
        maxBytes=settings.getint(LOG_MAX_BYTES_SETTING),
        backupCount=settings.getint(LOG_BACKUPS_SETTING),
        encoding=settings.get("LOG_ENCODING"),
    )
