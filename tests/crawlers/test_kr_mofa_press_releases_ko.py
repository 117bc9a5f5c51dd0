"""kr_mofa_press_releases_ko: EUC-KR RSS brdId=235 + m_4080 list back-fill, behind the cookie gate."""

from __future__ import annotations

import asyncio

import pytest
from scrapy.http import Request, XmlResponse
from scrapy.utils.test import get_crawler

from crawlers.spiders.kr_mofa_press_releases_ko import KrMofaPressReleasesKoSpider
from pipeline.parse import parse_page
from tests.crawlers.conftest import FILES, crawl_mirror

SRC = "kr_mofa_press_releases_ko"
ROOT = FILES / SRC
FEED = ROOT / "www.mofa.go.kr" / "www" / "brd" / "rss.do@brdId=235"


@pytest.fixture(scope="module")
def first(module_home):
    return crawl_mirror(SRC, ROOT, module_home, since="2025-01-01")


@pytest.fixture(scope="module")
def commentary(first):
    return first.by_id(f"{SRC}:376120")


def test_run_ok(first):
    assert first.result.ok, first.result.problems


def test_feed_and_list_items(first):
    assert sorted(i["statement_id"] for i in first.items) == [f"{SRC}:375800", f"{SRC}:376001", f"{SRC}:376120"]


def test_feed_is_really_euc_kr():
    assert FEED.read_bytes().decode("cp949").startswith('<?xml version="1.0" encoding="EUC-KR"?>')


def test_euc_kr_feed_title_decoded(commentary):
    assert commentary["extra"]["list_title"] == "일본 정부의 2025년 방위백서 독도 영유권 주장에 대한 외교부 대변인 논평"


def test_feed_link_normalised(commentary):
    assert commentary["url"] == "https://www.mofa.go.kr/www/brd/m_4080/view.do?seq=376120"


def test_published_at_from_feed(commentary):
    assert commentary["published_at"] == "2025-07-15T11:20:05+09:00"


def test_list_backfill_waits_for_the_feed():
    """The feed is read before the list, so a statement in both gets the feed's time of day (the
    list gives only the date); when the two ran side by side the winner was a race."""
    spider = get_crawler(KrMofaPressReleasesKoSpider)._create_spider(since="2025-01-01")

    async def started() -> list[Request]:
        return [req async for req in spider.start()]

    (feed_req,) = asyncio.run(started())
    assert feed_req.url == "https://www.mofa.go.kr/www/brd/rss.do?brdId=235"
    feed = XmlResponse(url=feed_req.url, body=FEED.read_bytes(), request=feed_req)
    out = [req for req in spider.parse(feed) if isinstance(req, Request)]
    assert [req.url.rsplit("/", 1)[-1] for req in out] == [
        "view.do?seq=376120", "view.do?seq=376001", "list.do?page=1"]  # the list only after the feed
    assert out[0].meta["rdi_hints"]["published_at"] == "2025-07-15T11:20:05+09:00"


def test_event_date(commentary):
    assert commentary["event_date"] == "2025-07-15"


def test_title(commentary):
    assert commentary["title"] == "일본 정부의 2025년 방위백서 독도 영유권 주장에 대한 외교부 대변인 논평"


def test_text(commentary):
    assert commentary["text"].startswith("1. 정부는 일본 정부가 7.15.(화) 발표한 2025년 방위백서를 통해")


def test_spokesperson_commentary_speaker(commentary):
    assert commentary["speaker"] == "외교부 대변인"


def test_commentary_doc_type(commentary):
    assert commentary["doc_type"] == "statement"


def test_release_doc_type(first):
    assert first.by_id(f"{SRC}:376001")["doc_type"] == "release"


def test_list_only_item_published_date(first):
    assert first.by_id(f"{SRC}:375800")["event_date"] == "2025-01-10"


def test_window_excludes_old_list_rows(tmp_path):
    crawl = crawl_mirror(SRC, ROOT, tmp_path, since="2025-03-01")
    assert f"{SRC}:375800" not in [i["statement_id"] for i in crawl.items]


def test_parse_euc_kr_feed_discovers_view_pages():
    records = parse_page(SRC, "https://www.mofa.go.kr/www/brd/rss.do?brdId=235", FEED)
    assert [r["discovered"] for r in records] == [
        "https://www.mofa.go.kr/www/brd/m_4080/view.do?seq=376120",
        "https://www.mofa.go.kr/www/brd/m_4080/view.do?seq=376001",
    ]
