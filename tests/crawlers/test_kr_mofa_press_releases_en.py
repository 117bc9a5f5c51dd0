"""kr_mofa_press_releases_en: RSS brdId=302 carries whole releases (content:encoded); list back-fill."""

from __future__ import annotations

import pytest

from tests.crawlers.conftest import FILES, crawl_mirror

SRC = "kr_mofa_press_releases_en"
ROOT = FILES / SRC
FEED_URL = "http://www.mofa.go.kr/www/brd/rss.do?brdId=302"


@pytest.fixture(scope="module")
def first(module_home):
    return crawl_mirror(SRC, ROOT, module_home, since="2026-01-01")


@pytest.fixture(scope="module")
def real(real_parsed):
    return real_parsed[(SRC, "mofa-kr/rss-brdId302-press-releases-en-TRIMMED.xml")]


@pytest.fixture(scope="module")
def venezuela(first):
    return first.by_id(f"{SRC}:323320")


def test_run_ok(first):
    assert first.result.ok, first.result.problems


def test_items(first):
    assert sorted(i["statement_id"] for i in first.items) == [f"{SRC}:323100", f"{SRC}:323318", f"{SRC}:323320"]


def test_feed_items_need_no_detail_page(venezuela):
    assert venezuela["extra"]["request_urls"] == ["https://www.mofa.go.kr/www/brd/rss.do?brdId=302"]


def test_html_content_becomes_paragraphs(venezuela):
    assert venezuela["text"].splitlines()[1].startswith("The government of the Republic of Korea hopes")


def test_url(venezuela):
    assert venezuela["url"] == "https://www.mofa.go.kr/www/brd/m_5676/view.do?seq=323320"


def test_canonical_url_on_english_board(venezuela):
    assert venezuela["canonical_url"] == "https://www.mofa.go.kr/eng/brd/m_5676/view.do?seq=323320"


def test_event_date_in_korea(venezuela):
    assert venezuela["event_date"] == "2026-06-26"


def test_published_at(venezuela):
    assert venezuela["published_at"] == "2026-06-26T08:00:03+00:00"


def test_lang(venezuela):
    assert venezuela["lang"] == "en"


def test_backfill_detail_page(first):
    assert first.by_id(f"{SRC}:323100")["text"].startswith("Minister of Foreign Affairs Cho Hyun held a meeting")


def test_backfill_skips_feed_items_already_seen(first):
    assert first.result.health["detail_skipped_known"] == 2


def test_real_feed_statements(real):
    assert [r["statement_id"] for r in real] == [f"{SRC}:323320", f"{SRC}:323319", f"{SRC}:323318"]


def test_real_feed_title(real):
    records = real
    assert records[2]["title"] == "Kim Hee-sang, Former Deputy Minister for Economic Affairs, Appointed as Korea’s New G20 Sherpa"


def test_real_feed_event_date(real):
    records = real
    assert records[1]["event_date"] == "2026-07-14"


def test_real_feed_text(real):
    records = real
    assert records[0]["text"].startswith("The government of the Republic of Korea has decided to provide Venezuela with USD5 million")


@pytest.fixture(scope="module")
def feed_down(tmp_path_factory):
    """The same site with the RSS feed answering 503: the list back-fill must still run."""
    import json
    import shutil

    root = tmp_path_factory.mktemp("mirror") / SRC
    shutil.copytree(ROOT, root)
    feed = root / "www.mofa.go.kr" / "www" / "brd" / "rss.do@brdId=302"
    feed.write_text("Service Unavailable", encoding="utf-8")
    feed.with_name(feed.name + ".rdi-headers.json").write_text(
        json.dumps({"require_cookie": "TMOSHCooKie", "status": 503}), encoding="utf-8"
    )
    return crawl_mirror(SRC, root, tmp_path_factory.mktemp("home"), since="2026-01-01")


def test_failed_feed_still_releases_list_backfill(feed_down):
    assert f"{SRC}:323100" in {i["statement_id"] for i in feed_down.items}
    assert feed_down.result.health["detail_skipped_known"] == 0


def test_failed_feed_is_a_warning_not_a_failed_run(feed_down):
    # one of two discovery URLs down: the run stays usable and says so
    assert feed_down.result.ok, feed_down.result.problems
    assert feed_down.result.health["warnings"] == ["1 of 2 discovery URL(s) failed"]
