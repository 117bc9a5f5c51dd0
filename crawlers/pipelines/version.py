"""Versions against the per-source state store: unchanged pages are not emitted again.

A new statement is emitted as version 1; a changed text (e.g. "text coming soon" filled in,
CCS opening remarks added after the video) is emitted again as the next version, the old one
staying in the earlier staging file; an unchanged page is dropped quietly. The state is
committed after the item reached the feed (``item_scraped``), so a killed crawl re-emits at
worst one item and never loses one. An item whose line could not be written to the staging
file (disk full: ``crawlers/feeds.py``) is rolled back out of the state instead, so the next run
emits it again, and the crawl stops (``feed_write_failed``): the rest would fail the same way.

A whole text that now reads like an excerpt (it ends in "…", "[…]" or "Read more":
:func:`crawlers.feed_text.feed_text_features`) is not a new version: a feed that switched to
excerpts would otherwise replace every statement's text with its first lines at the next load.
The item is dropped with a warning (``rdi/items_cut_kept``), the state keeps the whole text, and
the run's feed-text check still sees the excerpt and fails the run (crawlers/health.py).
"""

from __future__ import annotations

import contextlib
import sqlite3
from typing import Any

from scrapy import signals
from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro

from crawlers.feed_text import feed_text_features
from crawlers.feeds import WRITE_ERRORS
from crawlers.items import TEXT_FULL, Statement
from crawlers.sources import get_source
from crawlers.state import state_for
from crawlers.statefail import state_failed


class VersionPipeline:
    """Record each statement in the state store; drop unchanged ones; number versions."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self._write_errors = 0
        crawler.signals.connect(self._commit, signal=signals.item_scraped)

    @classmethod
    def from_crawler(cls, crawler: Any) -> VersionPipeline:
        return cls(crawler)

    def _store(self):  # noqa: ANN202
        name = self.crawler.spider.name
        return state_for(self.crawler, name, get_source(name).revisit_seconds)

    def _commit(self, *args: Any, **kwargs: Any) -> None:
        """The item reached the feed (the feed exporter's handler runs first): make its state
        durable, unless its line could not be written; then forget it and stop the crawl."""
        errors = self.stats.get_value(WRITE_ERRORS, 0)
        if errors == self._write_errors:
            try:
                self._store().commit()
            except sqlite3.Error as exc:  # staged, not recorded: the next run stages it again
                state_failed(self.crawler, exc)
            return
        first = self._write_errors == 0
        self._write_errors = errors
        try:
            self._store().rollback()
        except sqlite3.Error as exc:
            state_failed(self.crawler, exc)
        if first:
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="feed_write_failed"))

    def process_item(self, item: Statement) -> Statement:
        try:
            return self._version(item)
        except sqlite3.Error as exc:  # the state database: disk full, locked, damaged
            with contextlib.suppress(sqlite3.Error):
                self._store().rollback()  # nothing half recorded: the next run fetches it again
            state_failed(self.crawler, exc)
            raise DropItem(f"not staged: {item.statement_id}: {exc}", log_level="ERROR") from exc

    def _version(self, item: Statement) -> Statement:
        """Record ``item`` in the state store; drop it when unchanged (or cut), else number it."""
        store = self._store()
        previous = store.seen(item.statement_id)
        if (previous is not None and previous.text_status == TEXT_FULL and item.text_status == TEXT_FULL
                and previous.content_hash != item.content_hash and feed_text_features(item.text).cut):
            self.stats.inc_value("rdi/items_cut_kept")
            raise DropItem(f"kept the whole text of {item.statement_id}: its text now reads like an excerpt",
                           log_level="WARNING")
        status, version, first_seen = store.record(item.to_dict())
        self.stats.inc_value(f"rdi/items_{status}")
        if status == "unchanged":
            store.commit()
            raise DropItem(f"unchanged: {item.statement_id}", log_level="DEBUG")
        item.first_seen_at = first_seen
        item.extra["version"] = version
        item.extra["crawl_status"] = status
        if previous is not None:
            item.extra["previous_hash"] = previous.content_hash
            item.extra["previous_text_status"] = previous.text_status
        return item
