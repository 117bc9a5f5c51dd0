"""The download handler that fetches a mapped host from its mirror (:mod:`crawlers.hostmap`)."""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from crawlers.hostmap import Target, parse_host_map


class UnmappedHost(IgnoreRequest):
    """Mirror-only mode (``RDI_MIRROR_ONLY``): a request for a host the map does not cover."""


class HostMapDownloadHandler(HTTP11DownloadHandler):
    """HTTP(S) download handler: fetch mapped hosts from their mirror, answer with the real URL.

    It works below every middleware, so robots.txt, per-host delays and download slots,
    redirects, cookies, the dupefilter and the spiders all see real URLs only; robots.txt of a
    mapped host is simply read from the mirror too. The request's meta gets
    ``rdi_via = "mirror"`` so statements record the route they came by. With the setting
    ``RDI_MIRROR_ONLY`` a request for an unmapped host is refused (:class:`UnmappedHost`)
    instead of going to the network: the demo and the tests never reach a real site.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.host_map = parse_host_map(crawler.settings.get("RDI_HOST_MAP"))
        self.mirror_only = crawler.settings.getbool("RDI_MIRROR_ONLY")
        self.stats = crawler.stats

    async def download_request(self, request: Request) -> Response:
        host = (urlsplit(request.url).hostname or "").lower()
        target = self.host_map.get(host)
        if target is None:
            if self.mirror_only:
                # The offline demo and tests must never reach a real site.
                self.stats.inc_value("rdi/unmapped_refused")
                raise UnmappedHost(f"{host} is not in the host map (mirror-only mode)")
            return await super().download_request(request)
        mirrored = request.replace(url=target.rewrite(request.url))
        response = await super().download_request(mirrored)
        request.meta["rdi_via"] = "mirror"
        location = response.headers.get(b"Location")
        if location is not None:
            new = _unmirror_location(location.decode("latin-1"), mirrored.url, request.url, target)
            if new is not None:
                response.headers[b"Location"] = new.encode()
        return response.replace(url=request.url, request=request)


def _unmirror_location(loc: str, mirror_url: str, real_url: str, target: Target) -> str | None:
    """Map a mirror's redirect (absolute, or path-absolute under the prefix) to the real host."""
    origin = f"http://{urlsplit(mirror_url).netloc}"
    if loc.startswith(origin + "/"):
        path = loc[len(origin):]
    elif loc.startswith("/"):
        path = loc
    else:
        return None
    if target.prefix and path.startswith(target.prefix + "/"):
        path = path[len(target.prefix):]
    real = urlsplit(real_url)
    return f"{real.scheme}://{real.netloc}{path}"
