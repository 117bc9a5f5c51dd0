"""jp_kantei_statements_ja crawled through Scrapy from saved kantei pages (real markup)."""

from __future__ import annotations

import pytest

from tests.crawlers.conftest import FILES, crawl_mirror

SRC = "jp_kantei_statements_ja"
ROOT = FILES / SRC
KAIKEN = f"{SRC}:105/statement/2026/0819kaiken"


@pytest.fixture(scope="module")
def first(module_home):
    return crawl_mirror(SRC, ROOT, module_home, since="2026-08-01")


@pytest.fixture(scope="module")
def second(first, module_home):
    return crawl_mirror(SRC, ROOT, module_home, since="2026-08-01")


@pytest.fixture(scope="module")
def kaiken(first):
    return first.by_id(KAIKEN)


def test_run_ok(first):
    assert first.result.ok, first.result.problems


def test_statements_from_feed_and_lists(first):
    assert sorted(i["statement_id"] for i in first.items) == [
        f"{SRC}:105/discourse/20260811message",
        f"{SRC}:105/statement/2026/0815shikiji",
        KAIKEN,
    ]


def test_actions_items_are_not_statements(first):
    assert not [i for i in first.items if "/actions/" in i["url"]]


def test_feed_item_without_link_is_counted_not_followed(first):
    assert first.result.health["statuses"].get("404", 0) <= 1  # only the JS archive fragment


def test_title(kaiken):
    assert kaiken["title"] == "北朝鮮による弾道ミサイル発射についての会見"


def test_url(kaiken):
    assert kaiken["url"] == "https://www.kantei.go.jp/jp/105/statement/2026/0819kaiken.html"


def test_event_date_not_update_date(kaiken):
    assert kaiken["event_date"] == "2026-08-19"


def test_update_date_kept(kaiken):
    assert kaiken["extra"]["updated_date"] == "2026-08-20"


def test_published_at_from_feed(kaiken):
    assert kaiken["published_at"] == "2026-08-20T03:13:00+09:00"


def test_speaker(kaiken):
    assert kaiken["speaker"] == "高市早苗内閣総理大臣"


def test_registry_fields(kaiken):
    assert (kaiken["country"], kaiken["tier"], kaiken["lang"], kaiken["channel"]) == ("JP", "leader", "ja", "jp_kantei")


def test_text_status(kaiken):
    assert kaiken["text_status"] == "full"


def test_text_has_no_page_furniture(kaiken):
    assert "更新日" not in kaiken["text"] and "トップ" not in kaiken["text"]


def test_doc_type(kaiken):
    assert kaiken["doc_type"] == "press_conference"


def test_turn_roles(kaiken):
    assert [t["role"] for t in kaiken["turns"]] == ["official", "moderator", "reporter", "official"]


def test_reporter_turn_text(kaiken):
    assert kaiken["turns"][2]["text"] == "日本政府として、韓国、米国とどのように連携されますか。"


def test_official_answer_speaker(kaiken):
    assert kaiken["turns"][3]["speaker"] == "高市早苗内閣総理大臣"


def test_content_hash(kaiken):
    assert len(kaiken["content_hash"]) == 64


def test_version(kaiken):
    assert kaiken["extra"]["version"] == 1


def test_list_event_date_used_for_speech(first):
    assert first.by_id(f"{SRC}:105/statement/2026/0815shikiji")["event_date"] == "2026-08-15"


def test_second_crawl_emits_nothing(second):
    assert second.items == []


def test_second_crawl_downloads_no_detail_page(second):
    assert second.result.health["detail_skipped_known"] >= 3


def test_second_crawl_is_healthy(second):
    assert second.result.ok, second.result.problems


def test_real_feed_discovers_statement_links_only(real_parsed):
    records = real_parsed[(SRC, "kantei/index-jnews.rdf")]
    links = [r["discovered"] for r in records]
    assert len(links) == 10 and all("/statement/" in u or "/discourse/" in u for u in links)


def test_real_feed_first_link(real_parsed):
    records = real_parsed[(SRC, "kantei/index-jnews.rdf")]
    assert records[0] == {"discovered": "https://www.kantei.go.jp/jp/105/statement/2026/0819kaiken.html"}
