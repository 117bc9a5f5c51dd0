"""Middlewares for ``rdi parse``: answer the one request from a saved file, collect links.

``rdi parse`` runs a source's real spider on one page with the normal callbacks and item
pipelines; these two components are the only difference from a crawl: the page's bytes can
come from a file (no network, no robots.txt), and the requests the callback yields are not
crawled but reported (``{"discovered": url}`` for statement links).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any

from scrapy.http import Request, Response
from scrapy.responsetypes import responsetypes


class FileResponseMiddleware:
    """Downloader middleware: the request for ``RDI_PARSE_URL`` is answered from ``RDI_PARSE_FILE``."""

    def __init__(self, crawler: Any) -> None:
        self.url = crawler.settings.get("RDI_PARSE_URL")
        self.file = crawler.settings.get("RDI_PARSE_FILE")

    @classmethod
    def from_crawler(cls, crawler: Any) -> FileResponseMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> Response | None:
        if not self.file or not request.meta.get("rdi_parse"):
            return None
        body = Path(self.file).read_bytes()
        cls = responsetypes.from_args(url=request.url, body=body)
        return cls(url=request.url, body=body, request=request, status=200)


class LinkCollector:
    """Spider middleware: keep items, turn yielded requests into reported links."""

    def __init__(self, crawler: Any) -> None:
        self.discovered: list[str] = []
        self.followed: list[str] = []
        crawler.rdi_link_collector = self

    @classmethod
    def from_crawler(cls, crawler: Any) -> LinkCollector:
        return cls(crawler)

    def _take(self, request: Request) -> None:
        (self.discovered if request.meta.get("rdi_detail") else self.followed).append(request.url)

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterable[Any]:
        for r in result:
            if isinstance(r, Request):
                self._take(r)
            else:
                yield r

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for r in result:
            if isinstance(r, Request):
                self._take(r)
            else:
                yield r
