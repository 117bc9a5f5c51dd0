"""robots.txt with rdi's policy: unreadable = disallow (with a timeout), Crawl-delay honoured.

* 2xx: parsed (Protego); its ``Crawl-delay`` for our robot raises that host's minimum delay.
* 404/410 and other 4xx except 401/403/429: no robots.txt, everything allowed (the standard).
* 401/403/429/5xx, timeouts and network errors: **unreadable → nothing is fetched** from that
  host; the refusal is a :class:`RobotsUnreadable` so the Wayback fallback can tell it apart
  from an explicit ``Disallow`` (which is never routed around).
"""

from __future__ import annotations

import logging
from typing import Any

from protego import Protego
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from crawlers.throttle import set_min_delay

logger = logging.getLogger(__name__)
_DISALLOW_ALL = "User-agent: *\nDisallow: /\n"
_UNREADABLE_STATUS = {401, 403, 429}


class RobotsUnreadable(IgnoreRequest):
    """robots.txt could not be read, so the host is treated as disallowed."""


class _Fixed:
    """A parser for the allow-all / disallow-all cases (same interface as Scrapy's)."""

    def __init__(self, allow: bool) -> None:
        self.allow = allow
        self.rp = Protego.parse("" if allow else _DISALLOW_ALL)

    def allowed(self, url: Any, user_agent: Any) -> bool:
        return self.allow

    def crawl_delay(self, user_agent: Any) -> float | None:
        return None


class PoliteRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots middleware with the unreadable-means-disallow rule and Crawl-delay."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self.timeout = crawler.settings.getfloat("RDI_ROBOTS_TIMEOUT", 20.0)
        self.agent = crawler.settings.get("ROBOTSTXT_USER_AGENT") or "rdi"

    async def robot_parser(self, request: Request) -> Any:
        url = urlparse_cached(request)
        netloc = url.netloc
        if netloc not in self._parsers:
            self._parsers[netloc] = Deferred()
            robotsreq = Request(
                f"{url.scheme}://{netloc}/robots.txt",
                priority=self.DOWNLOAD_PRIORITY,
                meta={"dont_obey_robotstxt": True, "download_timeout": self.timeout, "max_retry_times": 1, "rdi_robots": True},
                callback=NO_CALLBACK,
                dont_filter=True,
            )
            try:
                resp = await self.crawler.engine.download_async(robotsreq)
                await self._parse_robots(resp, netloc, request)
            except Exception as exc:  # noqa: BLE001 - any failure means unreadable
                logger.warning("robots.txt of %s unreadable (%s): not crawling that host", netloc, exc)
                self._settle(netloc, _Fixed(allow=False), unreadable=True)
            self._stats.inc_value("robotstxt/request_count")
        parser = self._parsers[netloc]
        if isinstance(parser, Deferred):
            return await maybe_deferred_to_future(parser)
        return parser

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        self._stats.inc_value("robotstxt/response_count")
        self._stats.inc_value(f"robotstxt/response_status_count/{response.status}")
        if 200 <= response.status < 300:
            await super()._parse_robots(response, netloc, request)
            delay = self._parsers[netloc].crawl_delay(self.agent)
            if delay:
                set_min_delay(self.crawler, urlparse_cached(request).hostname or netloc, delay)
                self._stats.set_value(f"rdi/crawl_delay/{netloc}", delay)
            return
        unreadable = response.status in _UNREADABLE_STATUS or response.status >= 500
        if unreadable:
            logger.warning("robots.txt of %s answered %s: not crawling that host", netloc, response.status)
        self._settle(netloc, _Fixed(allow=not unreadable), unreadable=unreadable)

    def _settle(self, netloc: str, parser: _Fixed, unreadable: bool) -> None:
        if unreadable:
            self._stats.inc_value("rdi/robots_unreadable")
            self._unreadable = getattr(self, "_unreadable", set()) | {netloc}
        pending = self._parsers.get(netloc)
        self._parsers[netloc] = parser
        if isinstance(pending, Deferred):
            pending.callback(parser)

    def process_request_2(self, rp: Any, request: Request) -> None:
        if rp is None:
            return
        if not rp.allowed(request.url, self.agent):
            self._stats.inc_value("robotstxt/forbidden")
            if urlparse_cached(request).netloc in getattr(self, "_unreadable", set()):
                raise RobotsUnreadable(f"robots.txt unreadable for {urlparse_cached(request).netloc}")
            raise IgnoreRequest("Forbidden by robots.txt")
