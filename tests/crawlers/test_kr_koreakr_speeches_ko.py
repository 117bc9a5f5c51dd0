"""kr_koreakr_speeches_ko: korea.kr speech.xml + president.xml; posting lag; duplicates of president.go.kr."""

from __future__ import annotations

import pytest

from pipeline.parse import parse_page
from tests.crawlers.conftest import FILES, crawl_mirror

SRC = "kr_koreakr_speeches_ko"
ROOT = FILES / SRC
SPEECH = f"{SRC}:132037901"


@pytest.fixture(scope="module")
def first(module_home):
    return crawl_mirror(SRC, ROOT, module_home, since="2025-08-01")


@pytest.fixture(scope="module")
def speech(first):
    return first.by_id(SPEECH)


@pytest.fixture(scope="module")
def both_sites(tmp_path_factory):
    """president.go.kr crawled first, then korea.kr into the same home (shared state)."""
    home = tmp_path_factory.mktemp("both")
    crawl_mirror("kr_president_speeches_ko", FILES / "kr_president_speeches_ko", home, since="2025-07-01")
    return crawl_mirror(SRC, ROOT, home, since="2025-08-01")


def test_run_ok(first):
    assert first.result.ok, first.result.problems


def test_item_in_both_feeds_is_one_statement(first):
    assert sorted(i["statement_id"] for i in first.items) == [SPEECH, f"{SRC}:132037950", f"{SRC}:156700321"]


def test_url_without_tracking_parameter(speech):
    assert speech["url"] == "https://www.korea.kr/briefing/speechView.do?newsId=132037901"


def test_title(speech):
    assert speech["title"] == "제80주년 광복절 경축사"


def test_event_date_from_page(speech):
    assert speech["event_date"] == "2025-08-15"


def test_posting_lag_kept_in_published_at(speech):
    assert speech["published_at"] == "2025-08-16T09:12:00+09:00"


def test_speaker(speech):
    assert speech["speaker"] == "이재명"


def test_via_mirror(speech):
    assert speech["via"] == "mirror"


def test_text_from_view_cont(speech):
    assert speech["text"].splitlines()[0] == "존경하는 5,200만 국민 여러분, 700만 재외동포 여러분, 그리고 독립유공자와 유가족 여러분,"


def test_text_has_no_furniture(speech):
    assert "글자크기" not in speech["text"] and "자료제공" not in speech["text"]


def test_doc_type_speech(speech):
    assert speech["doc_type"] == "speech"


def test_briefing_from_president_feed(first):
    assert first.by_id(f"{SRC}:156700321")["doc_type"] == "briefing"


def test_briefing_speaker_named(first):
    assert first.by_id(f"{SRC}:156700321")["speaker"] == "강유정 대변인"


def test_cross_site_duplicate_marked(both_sites):
    assert both_sites.by_id(SPEECH)["extra"]["duplicate_of"] == "kr_president_speeches_ko:96ecUYVL"


def test_cross_site_duplicate_score(both_sites):
    assert both_sites.by_id(SPEECH)["extra"]["duplicate_score"] >= 95


def test_other_speech_not_a_duplicate(both_sites):
    assert "duplicate_of" not in both_sites.by_id(f"{SRC}:132037950")["extra"]


def test_parse_feed_discovers_canonical_links():
    records = parse_page(SRC, "https://www.korea.kr/rss/speech.xml", ROOT / "www.korea.kr" / "rss" / "speech.xml")
    assert [r["discovered"] for r in records] == [
        "https://www.korea.kr/briefing/speechView.do?newsId=132037901",
        "https://www.korea.kr/briefing/speechView.do?newsId=132037950",
    ]
