"""Wayback Machine fallback (``id_`` raw captures) for sources whose site refuses us.

For a source with ``wayback = true`` in sources.toml, a request that ends (after retries) in
401/403/429/451/5xx, a network error or an unreadable robots.txt is re-issued as
``https://web.archive.org/web/<YYYYMMDD>id_/<url>`` (the raw page as captured, newest capture
near that day). The response is handed to the spider under the real URL, with
``meta["rdi_via"] = "wayback"`` so the statement records its route. An explicit robots.txt
``Disallow`` is never routed around.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from scrapy.http import Request, Response

from crawlers.middlewares.robots import RobotsUnreadable
from crawlers.sources import get_source

WAYBACK = "https://web.archive.org/web/{ts}id_/{url}"
_REFUSED = {401, 403, 429, 451, 500, 502, 503, 504, 520, 521, 522, 523, 524}


class WaybackFallbackMiddleware:
    """Re-route refused requests of opted-in sources to the Wayback Machine."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> WaybackFallbackMiddleware:
        return cls(crawler)

    def _enabled(self, request: Request) -> bool:
        if request.meta.get("rdi_robots") or request.meta.get("rdi_wayback_of") or request.meta.get("dont_obey_robotstxt"):
            return False
        try:
            return get_source(self.crawler.spider.name).wayback
        except KeyError:
            return False

    def _reroute(self, request: Request) -> Request:
        ts = datetime.now(UTC).strftime("%Y%m%d")
        self.crawler.stats.inc_value("rdi/wayback_fallbacks")
        wb = request.replace(url=WAYBACK.format(ts=ts, url=request.url), dont_filter=True)
        wb.meta["rdi_wayback_of"] = request.url
        wb.meta["rdi_via"] = "wayback"
        return wb

    def process_response(self, request: Request, response: Response) -> Request | Response:
        original = request.meta.get("rdi_wayback_of")
        if original:
            request.meta["rdi_wayback_url"] = response.url
            return response.replace(url=original)
        if response.status in _REFUSED and self._enabled(request):
            return self._reroute(request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> Request | None:
        if request.meta.get("rdi_wayback_of") or not self._enabled(request):
            return None
        from scrapy.exceptions import IgnoreRequest

        if isinstance(exception, IgnoreRequest) and not isinstance(exception, RobotsUnreadable):
            return None
        return self._reroute(request)
