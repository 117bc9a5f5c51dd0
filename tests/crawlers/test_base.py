"""``StatementSpider`` discovery order: feeds first, list back-fill held until they are read.

A statement reachable from a feed and from a list page must always be reached through the feed,
whose item carries the time of day the list lacks; when both ran side by side the winner was a
race (a clean clone once failed ``test_published_at_from_feed``).
"""

from __future__ import annotations

import asyncio

import pytest
from scrapy.http import Request, XmlResponse
from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from crawlers.sources import get_source

EMPTY_RSS = b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title></channel></rss>'


_LOADER = SpiderLoader.from_settings(Settings({"SPIDER_MODULES": ["crawlers.spiders"]}))
SPIDER_CLASSES = {name: _LOADER.load(name) for name in sorted(_LOADER.list())}


def _spider(name: str, **kwargs):  # noqa: ANN202 - a StatementSpider
    return get_crawler(SPIDER_CLASSES[name])._create_spider(**kwargs)


def _kinds(name: str) -> set[bool]:
    """Whether each discovery URL of ``name`` is a feed (lead) or not."""
    spider = _spider(name)
    return {spider._is_lead(u) for u in get_source(name).discovery}


MIXED = [name for name in SPIDER_CLASSES if _kinds(name) == {True, False}]  # feeds and lists, hubs


def _started(spider) -> list[Request]:
    async def run() -> list[Request]:
        return [req async for req in spider.start()]

    return asyncio.run(run())


def test_several_sources_mix_feeds_and_lists():
    assert len(MIXED) >= 5, MIXED  # kantei, MOD, MOFA Korea boards, DoD, State


@pytest.mark.parametrize("name", MIXED)
def test_lists_wait_for_the_feeds(name):
    spider = _spider(name, since="2025-01-01")
    discovery = get_source(name).discovery
    first = _started(spider)
    assert first and all(spider._is_lead(r.url) for r in first)
    assert {r.url for r in first} < set(discovery)
    released: list[str] = []
    for i, req in enumerate(first):
        out = list(spider.parse(XmlResponse(url=req.url, body=EMPTY_RSS, request=req)) or ())
        urls = [r.url for r in out if isinstance(r, Request)]
        released += urls
        if i < len(first) - 1:
            assert urls == [], "held until the last feed is read"
    assert set(released) == set(discovery) - {r.url for r in first}
    assert all(r.callback == spider.parse and r.errback for r in out if isinstance(r, Request))


@pytest.mark.parametrize("name", MIXED[:1])
def test_a_failed_feed_still_releases_the_lists(name):
    spider = _spider(name, since="2025-01-01")
    first = _started(spider)
    released = []
    for req in first:
        failure = Failure(ConnectionRefusedError("down"))
        failure.request = req
        released += spider._discovery_failed(failure)
    assert released and not any(spider._is_lead(r.url) for r in released)
    assert spider.crawler.stats.get_value("rdi/discovery_failed") == len(first)


@pytest.mark.parametrize("name", MIXED[:1])
def test_a_feed_that_raises_releases_the_lists_then_raises(name, monkeypatch):
    spider = _spider(name, since="2025-01-01")
    first = _started(spider)

    def broken(response):
        yield from ()
        raise ValueError("bad feed")

    feeds = {r.url for r in first}
    monkeypatch.setattr(spider, "parse_feed", broken)
    got, errors = [], 0
    for req in first:
        try:
            for out in spider.parse(XmlResponse(url=req.url, body=EMPTY_RSS, request=req)):
                got.append(out)
        except ValueError as exc:
            assert "bad feed" in str(exc)
            errors += 1
        else:
            raise AssertionError("the feed's error was swallowed")
    assert errors == len(first)
    got_urls = {r.url for r in got}
    assert got_urls and not got_urls & feeds and got_urls <= set(get_source(name).discovery)


def test_without_a_feed_everything_starts_at_once():
    name = next(n for n in SPIDER_CLASSES if get_source(n).discovery and _kinds(n) == {False})
    spider = _spider(name, since="2025-01-01")
    assert [r.url for r in _started(spider)] == list(get_source(name).discovery)
