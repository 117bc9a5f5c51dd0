"""Per-run health of a source: requests, statuses, items new/updated/unchanged, empty bodies, errors.

A few statement pages per run (``RDI_TEXT_SAMPLES``, default 3) are also measured against a
generic extractor (trafilatura): the ratio of the spider's text length to the generic
extractor's is stable for a source, so a sudden change is the sign of a site redesign that
the spider's selectors no longer fit. The pages are kept in memory during the run and
measured only when the spider closes, off the hot path. Statements read straight from a feed
or API (no detail page to sample) get their own check instead (:mod:`crawlers.feed_text`:
excerpts, empty bodies, HTML left, or a median length far below the source's recent runs),
whose one-line reason fails the run.

At the end of a run the numbers are written as one JSON object to ``RDI_HEALTH_FILE`` (set by
``pipeline.crawl``), atomically (a temporary file, fsynced, renamed: a crash leaves the old file or
none, never half of one), and the run is recorded in the source's state store. A run **fails** when
the source yielded fewer statements (discovered + extracted) than ``min_items_per_run`` says its
cadence guarantees, when none of its discovery URLs could be fetched (some failing is a
warning), when pages failed to parse, when the texts read from a feed look cut (see above), when
its state database could not be read or written (``crawlers/statefail.py``: the health file is
written all the same), or when the spider did not finish normally: a silent 0 is a broken source,
not a quiet day. A health file that cannot be written (disk full) is said on stderr
(:data:`NOT_WRITTEN`), and ``rdi crawl`` fails the run naming it.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawlers.feed_text import FeedCheckSettings, FeedText, feed_text_check, feed_text_features
from crawlers.files import write_atomic
from crawlers.logfile import LOG_WRITE_ERROR, name_log_file_failures
from crawlers.sources import get_source
from crawlers.state import state_for
from crawlers.statefail import STATE_ERROR, state_failed, state_problem


def summarise(stats: dict[str, Any], source_id: str, finish_reason: str, min_items: int) -> dict[str, Any]:
    """Health record from Scrapy stats (pure function, so it is testable)."""
    statuses = {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("downloader/response_status_count/")}
    items = {s: int(stats.get(f"rdi/items_{s}", 0)) for s in ("new", "updated", "unchanged")}
    discovered = int(stats.get("rdi/statements_discovered", 0))
    errors = int(stats.get("log_count/ERROR", 0)) + int(stats.get("spider_exceptions/count", 0))
    http_errors = sum(int(v) for k, v in statuses.items() if k.isdigit() and int(k) >= 400)
    http_errors += int(stats.get("downloader/exception_count", 0))
    problems = []
    seen = discovered + sum(items.values())
    if seen < min_items:
        problems.append(f"{seen} statements where at least {min_items} are expected")
    warnings = []
    failed = int(stats.get("rdi/discovery_failed", 0))
    if failed and failed >= int(stats.get("rdi/discovery_urls", failed)):
        problems.append(f"all {failed} discovery URL(s) failed")
    elif failed:
        warnings.append(f"{failed} of {int(stats.get('rdi/discovery_urls', 0))} discovery URL(s) failed")
    if stats.get("spider_exceptions/count"):
        problems.append(f"{int(stats['spider_exceptions/count'])} page(s) failed to parse (see the log)")
    if stats.get(LOG_WRITE_ERROR):
        warnings.append(f"{stats[LOG_WRITE_ERROR]}; its warnings and errors went to stderr")
    if stats.get("rdi/feed_write_error"):  # disk full: crawlers/feeds.py
        problems.append(f"{stats['rdi/feed_write_error']}; the crawl stopped, and the "
                        f"{int(stats.get('rdi/feed_write_errors', 1))} statement(s) not staged are fetched again next run")
    if stats.get(STATE_ERROR):  # state database full, locked or damaged (crawlers/statefail.py): the cause
        problems.insert(0, state_problem(stats[STATE_ERROR]))
    if finish_reason != "finished" and not (stats.get("rdi/feed_write_error") or stats.get(STATE_ERROR)):
        problems.append(f"spider ended with {finish_reason!r}")
    return {
        "source": source_id,
        "finish_reason": finish_reason,
        "requests": int(stats.get("downloader/request_count", 0)),
        "responses": int(stats.get("downloader/response_count", 0)),
        "statuses": statuses,
        "http_errors": http_errors,
        "items_seen": seen,
        "discovered": discovered,
        "items_new": items["new"],
        "items_updated": items["updated"],
        "items_unchanged": items["unchanged"],
        "items_invalid": int(stats.get("rdi/items_invalid", 0)),
        "detail_downloads": int(stats.get("rdi/detail_downloads", 0)),
        "detail_skipped_known": int(stats.get("rdi/detail_skipped_known", 0)),
        "elapsed_seconds": round(float(stats.get("elapsed_time_seconds", 0) or 0), 3),
        "empty_bodies": int(stats.get("rdi/empty_bodies", 0)),
        "errors": errors,
        "min_items_per_run": min_items,
        "crawl_delays": {k.split("/", 2)[2]: v for k, v in stats.items() if k.startswith("rdi/crawl_delay/")},
        "robots_unreadable": int(stats.get("rdi/robots_unreadable", 0)),
        "robots_forbidden": int(stats.get("robotstxt/forbidden", 0)),
        "cookie_gate_hops": int(stats.get("rdi/cookie_gate_hops", 0)),
        "wayback_fallbacks": int(stats.get("rdi/wayback_fallbacks", 0)),
        "ok": not problems,
        "problems": problems,
        "warnings": warnings,
    }


def _get(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, dict) else getattr(item, key, None)


def _text_and_turns(item: Any) -> tuple[str, list[str]]:
    """A statement's text and the texts of its turns."""
    return _get(item, "text") or "", [_get(t, "text") or "" for t in _get(item, "turns") or []]


def spider_text_length(item: Any) -> int:
    """Characters of text the spider extracted for a statement (its text, or its turns)."""
    text, turns = _text_and_turns(item)
    return max(len(text), sum(map(len, turns)))


def statement_text(item: Any) -> str:
    """The words of a statement: its text, or its turns when they hold more."""
    text, turns = _text_and_turns(item)
    joined = "\n".join(turns)
    return joined if len(joined) > len(text) else text


def read_from_feed(response: Any) -> bool:
    """True when a statement was built from a feed/list/API response, not its own detail page."""
    request = getattr(response, "request", None)
    return request is not None and not request.meta.get("rdi_detail")


def generic_text_length(html: str) -> int | None:
    """Characters of main text a generic extractor (trafilatura) finds in a page; None if none."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True)
    return len(text) if text else None


def text_length_check(samples: list[tuple[str, int, str]]) -> dict[str, Any]:
    """Compare the spider's text length with the generic extractor's on sampled pages.

    Returns ``text_samples`` (url, spider and generic lengths) and ``text_ratio``, the median
    spider/generic ratio (None without a usable sample).
    """
    from statistics import median

    out = []
    for url, spider_chars, html in samples:
        generic = generic_text_length(html)
        if generic and generic >= 50:
            out.append({"url": url, "spider_chars": spider_chars, "generic_chars": generic})
    ratios = [s["spider_chars"] / s["generic_chars"] for s in out]
    return {"text_samples": out, "text_ratio": round(median(ratios), 4) if ratios else None}


class HealthFileError(ValueError):
    """A health file that is not a whole JSON object (torn by a crash while an older rdi wrote it)."""


#: Starts the stderr line of a crawl whose health file could not be written (disk full, a read-only
#: folder): stderr, a pipe to ``rdi crawl``, is the one channel left; :func:`health_not_written` reads it.
NOT_WRITTEN = "rdi: health file not written: "


def health_not_written(stderr: str) -> str | None:
    """Why a crawl's health file is missing, if the crawl said so on ``stderr`` (else None)."""
    for line in reversed(stderr.splitlines()):
        if line.startswith(NOT_WRITTEN):
            return line[len(NOT_WRITTEN):].strip()
    return None


def read_health(path: Path) -> dict[str, Any]:
    """The health record in ``path``; :class:`HealthFileError` says so when it is torn."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError
        data, reason = None, str(exc)
    else:
        reason = f"a JSON {type(data).__name__}, not an object"
    if not isinstance(data, dict):
        raise HealthFileError(f"health file {path} is unreadable ({reason}): a crash while it was written "
                              f"(by rdi before health files were written atomically) tore it; the run's figures are lost")
    return data


class HealthStats:
    """Extension counting empty bodies and failed discovery, and writing the run's health."""

    def __init__(self, crawler: Any) -> None:
        from scrapy import signals  # here: rdi crawl reads health files without importing Scrapy

        self.crawler = crawler
        self.path = crawler.settings.get("RDI_HEALTH_FILE")
        self.run_id = crawler.settings.get("RDI_RUN_ID") or datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        self.started = datetime.now(UTC).replace(microsecond=0).isoformat()
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.response, signal=signals.response_received)
        crawler.signals.connect(self.error, signal=signals.spider_error)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)
        crawler.signals.connect(self.item, signal=signals.item_scraped)
        crawler.signals.connect(self.dropped, signal=signals.item_dropped)
        self.sample_max = crawler.settings.getint("RDI_TEXT_SAMPLES", 3)
        self._pages: dict[str, str] = {}  # url -> html of detail pages, until sampled
        self._samples: list[tuple[str, int, str]] = []  # (url, spider chars, html)
        self.feed_settings = FeedCheckSettings.from_settings(crawler.settings)
        self._feed: list[FeedText] = []  # features of the statements read from feeds

    @classmethod
    def from_crawler(cls, crawler: Any) -> HealthStats:
        return cls(crawler)

    def _store(self, spider: Any):
        return state_for(self.crawler, spider.name, get_source(spider.name).revisit_seconds)

    def opened(self, spider: Any) -> None:
        name_log_file_failures(self.crawler)  # Scrapy installs the log file's handler after extensions
        if self.crawler.settings.get("RDI_STATE_DIR"):
            try:
                self._store(spider).start_run(self.run_id, self.started)
            except sqlite3.Error as exc:  # the spider's first use of the store stops the crawl
                state_failed(self.crawler, exc, stop=False)

    def response(self, response: Any, request: Any, spider: Any) -> None:
        if response.status == 200 and not response.body.strip():
            self.crawler.stats.inc_value("rdi/empty_bodies")
        if request.meta.get("rdi_detail"):
            self.crawler.stats.inc_value("rdi/detail_downloads")
            if len(self._samples) < self.sample_max and len(self._pages) < 4 * self.sample_max:
                text = getattr(response, "text", None)
                if text:
                    self._pages[response.url] = text

    def item(self, item: Any, response: Any, spider: Any) -> None:
        """Pair a sampled page with the text the spider extracted from it; note feed texts."""
        if read_from_feed(response):
            self._feed.append(feed_text_features(statement_text(item)))
            return
        url = _get(item, "url")
        html = self._pages.pop(url, None) if url else None
        if html is None and response is not None:
            html = self._pages.pop(getattr(response, "url", ""), None)
        if html is not None and len(self._samples) < self.sample_max:
            self._samples.append((str(url), spider_text_length(item), html))

    def dropped(self, item: Any, response: Any, exception: Any, spider: Any) -> None:
        """An unchanged (or invalid) statement read from a feed still shows what the feed carries."""
        if read_from_feed(response):
            self._feed.append(feed_text_features(statement_text(item)))

    def _feed_check(self, spider: Any) -> dict[str, Any]:
        """The feed-text verdict, against the source's earlier runs when a state store is kept."""
        usual: list[float] = []
        if (self._feed and self.feed_settings.history > 0 and self.crawler.settings.get("RDI_STATE_DIR")
                and not self.crawler.stats.get_value(STATE_ERROR)):
            try:
                usual = self._store(spider).feed_text_medians(self.run_id, self.feed_settings.history,
                                                              self.feed_settings.min_items)
            except sqlite3.Error as exc:
                state_failed(self.crawler, exc, stop=False)
        return feed_text_check(self._feed, usual, self.feed_settings)

    def error(self, failure: Any, response: Any, spider: Any) -> None:
        self.crawler.stats.inc_value("rdi/callback_errors")
        if failure.check(sqlite3.Error):  # the spider read its state store (known URLs, revisits)
            state_failed(self.crawler, failure.value)

    def closed(self, spider: Any, reason: str) -> None:
        """Record the run in the state store and write the health file; a state store that cannot
        record it fails the run, and the health file is written all the same."""
        health = self._health(spider, reason)
        if self.crawler.settings.get("RDI_STATE_DIR") and not self.crawler.stats.get_value(STATE_ERROR):
            try:
                store = self._store(spider)
                store.finish_run(self.run_id, "finished" if health["ok"] else ("failed" if reason == "finished" else reason),
                                 json.dumps(health))
                store.close()
            except sqlite3.Error as exc:
                state_failed(self.crawler, exc, stop=False)
                health["problems"].append(state_problem(self.crawler.stats.get_value(STATE_ERROR)))
                health["ok"] = False
        self.crawler.stats.set_value("rdi/health_ok", health["ok"])
        if self.path:
            try:
                write_atomic(Path(self.path), json.dumps(health, ensure_ascii=False, indent=1))
            except OSError as exc:
                outcome = ("the crawl went well" if health["ok"]
                           else f"the crawl failed ({'; '.join(health['problems'])})")
                sys.stderr.write(f"{NOT_WRITTEN}health file {self.path} could not be written "
                                 f"({exc.strerror or exc}): {outcome}, but its figures are lost\n")
                sys.stderr.flush()
                raise

    def _health(self, spider: Any, reason: str) -> dict[str, Any]:
        """The run's health record (:func:`summarise`, the text-length and feed-text checks)."""
        feed_text = self._feed_check(spider)  # first: it reads the state store, which may fail
        try:
            min_items = get_source(spider.name).min_items_per_run
        except KeyError:
            min_items = 0
        if self.crawler.settings.getbool("RDI_NO_WINDOW"):
            min_items = 0
        health = summarise(self.crawler.stats.get_stats(), spider.name, reason, min_items)
        health.update(text_length_check(self._samples))
        self._pages.clear()
        health["feed_text"] = feed_text
        if health["feed_text"]["problem"]:
            health["problems"].append(health["feed_text"]["problem"])
            health["ok"] = False
        health.update(run_id=self.run_id, started_at=self.started, finished_at=datetime.now(UTC).replace(microsecond=0).isoformat())
        return health
