"""The MOFA Korea cookie gate: a 3xx to the same URL that sets a cookie, until it is sent back.

Scrapy's redirect middleware would drop such a self-redirect as a duplicate request. This
middleware (between the cookies middleware, which has already stored the cookie, and the
redirect middleware) re-issues the same request with the cookie, at most
``RDI_COOKIE_GATE_MAX`` times; after that it fails the request with a clear message.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urljoin

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response

logger = logging.getLogger(__name__)


class CookieGateMiddleware:
    """Follow a cookie-setting self-redirect a bounded number of times."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.max_hops = crawler.settings.getint("RDI_COOKIE_GATE_MAX", 3)

    @classmethod
    def from_crawler(cls, crawler: Any) -> CookieGateMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in (301, 302, 303, 307, 308):
            return response
        loc = response.headers.get(b"Location")
        if not loc or urljoin(request.url, loc.decode("latin-1")) != request.url:
            return response
        hops = request.meta.get("rdi_gate_hops", 0)
        stats = self.crawler.stats
        if hops >= self.max_hops:
            stats.inc_value("rdi/cookie_gate_failed")
            logger.error("cookie gate at %s still redirecting after %d tries", request.url, hops)
            raise IgnoreRequest(f"cookie gate at {request.url} did not open after {hops} tries")
        stats.inc_value("rdi/cookie_gate_hops")
        retry = request.replace(dont_filter=True)
        retry.meta["rdi_gate_hops"] = hops + 1
        return retry
