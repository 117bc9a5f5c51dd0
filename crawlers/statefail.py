"""A crawl whose state database fails (disk full, file-size limit, locked, damaged).

The first such error is kept in the stats (:data:`STATE_ERROR`, naming the file) and the crawl
stops (``state_failed``): every later page would fail the same way, and a statement the store
did not record is fetched again by the next run. The run's health then fails with that reason
(``crawlers/health.py``), so ``rdi crawl`` exits 1 and the health file says why.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from crawlers.state import StateFileError, state_path

#: Stats key of a state database that failed: its one-line reason, naming the file.
STATE_ERROR = "rdi/state_error"
#: Finish reason of a crawl stopped by its state database.
STATE_FAILED = "state_failed"


def state_error_line(crawler: Any, exc: sqlite3.Error) -> str:
    """``state database <path>: <reason>`` (a :class:`StateFileError` already names its file)."""
    if isinstance(exc, StateFileError):
        return str(exc)
    spider = getattr(crawler, "spider", None)
    path = state_path(crawler.settings.get("RDI_STATE_DIR"), getattr(spider, "name", "?"))
    return f"state database {path or '(in memory)'}: {exc}"


def state_failed(crawler: Any, exc: sqlite3.Error, *, stop: bool = True) -> None:
    """Note the first state database error of the crawl and, with ``stop``, close the spider."""
    if crawler.stats.get_value(STATE_ERROR):
        return
    crawler.stats.set_value(STATE_ERROR, state_error_line(crawler, exc))
    engine = getattr(crawler, "engine", None)
    if stop and engine is not None and engine.spider is not None and getattr(engine, "_slot", None) is not None:
        from scrapy.utils.defer import deferred_from_coro  # only in a crawl: STATE_FAILED is read without Scrapy

        deferred_from_coro(engine.close_spider_async(reason=STATE_FAILED))


def state_problem(message: str) -> str:
    """The health problem of a run stopped by its state database."""
    return f"{message}; the crawl stopped, and the statements it did not record are fetched again next run"
