"""Per-run health of a source: requests, statuses, items new/updated/unchanged, empty bodies, errors.

At the end of a run the numbers are written as one JSON object to ``RDI_HEALTH_FILE`` (set by
``pipeline.crawl``) and the run is recorded in the source's state store. A run **fails** when
the source yielded fewer statements (discovered + extracted) than ``min_items_per_run`` says its
cadence guarantees, when none of its discovery URLs could be fetched (some failing is a
warning), when pages failed to parse, or when the spider did not finish normally: a silent 0 is a broken source, not a quiet day.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import signals

from crawlers.sources import get_source
from crawlers.state import state_for


def summarise(stats: dict[str, Any], source_id: str, finish_reason: str, min_items: int) -> dict[str, Any]:
    """Health record from Scrapy stats (pure function, so it is testable)."""
    statuses = {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("downloader/response_status_count/")}
    items = {s: int(stats.get(f"rdi/items_{s}", 0)) for s in ("new", "updated", "unchanged")}
    discovered = int(stats.get("rdi/statements_discovered", 0))
    errors = int(stats.get("log_count/ERROR", 0)) + int(stats.get("spider_exceptions/count", 0))
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
    if finish_reason != "finished":
        problems.append(f"spider ended with {finish_reason!r}")
    return {
        "source": source_id,
        "finish_reason": finish_reason,
        "requests": int(stats.get("downloader/request_count", 0)),
        "responses": int(stats.get("downloader/response_count", 0)),
        "statuses": statuses,
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


class HealthStats:
    """Extension counting empty bodies and failed discovery, and writing the run's health."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.path = crawler.settings.get("RDI_HEALTH_FILE")
        self.run_id = crawler.settings.get("RDI_RUN_ID") or datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        self.started = datetime.now(UTC).replace(microsecond=0).isoformat()
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.response, signal=signals.response_received)
        crawler.signals.connect(self.error, signal=signals.spider_error)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> HealthStats:
        return cls(crawler)

    def _store(self, spider: Any):  # noqa: ANN202
        return state_for(self.crawler, spider.name, get_source(spider.name).revisit_seconds)

    def opened(self, spider: Any) -> None:
        if self.crawler.settings.get("RDI_STATE_DIR"):
            self._store(spider).start_run(self.run_id, self.started)

    def response(self, response: Any, request: Any, spider: Any) -> None:
        if response.status == 200 and not response.body.strip():
            self.crawler.stats.inc_value("rdi/empty_bodies")
        if request.meta.get("rdi_detail"):
            self.crawler.stats.inc_value("rdi/detail_downloads")

    def error(self, failure: Any, response: Any, spider: Any) -> None:
        self.crawler.stats.inc_value("rdi/callback_errors")

    def closed(self, spider: Any, reason: str) -> None:
        stats = self.crawler.stats.get_stats()
        try:
            min_items = get_source(spider.name).min_items_per_run
        except KeyError:
            min_items = 0
        if self.crawler.settings.getbool("RDI_NO_WINDOW"):
            min_items = 0
        health = summarise(stats, spider.name, reason, min_items)
        health.update(run_id=self.run_id, started_at=self.started, finished_at=datetime.now(UTC).replace(microsecond=0).isoformat())
        for key in ("rdi/health_ok",):
            self.crawler.stats.set_value(key, health["ok"])
        if self.crawler.settings.get("RDI_STATE_DIR"):
            store = self._store(spider)
            store.finish_run(self.run_id, "finished" if health["ok"] else ("failed" if reason == "finished" else reason), json.dumps(health))
            store.close()
        if self.path:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            Path(self.path).write_text(json.dumps(health, ensure_ascii=False, indent=1), "utf-8")
