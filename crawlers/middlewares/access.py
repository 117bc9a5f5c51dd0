"""Per-source access profile: the User-Agent (project UA or browser-like UA with our contact)."""

from __future__ import annotations

from typing import Any

from scrapy.http import Request

from crawlers.sources import get_source


class AccessProfileMiddleware:
    """Set the User-Agent of a source's requests from its ``access`` profile in sources.toml."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.default_ua = crawler.settings.get("USER_AGENT")
        self.browser_ua = crawler.settings.get("RDI_BROWSER_USER_AGENT")

    @classmethod
    def from_crawler(cls, crawler: Any) -> AccessProfileMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if b"User-Agent" in request.headers:
            return None
        spider = self.crawler.spider
        try:
            profile = get_source(spider.name).access
        except KeyError:
            profile = "default"
        ua = self.browser_ua if profile in ("browser", "mofa_kr_cookie") else self.default_ua
        request.headers[b"User-Agent"] = ua
        return None
