"""kr_president_speeches_ko crawled through Scrapy from saved president.go.kr pages.

The list is the AJAX POST ``bbsViewGalleryList.do`` (JSON); the mirror answers it from
``…@POST@<sorted form>``, so a wrong form (page size, board ids) finds nothing.
"""

from __future__ import annotations

import pytest

from pipeline.parse import ParseError, parse_page
from tests.crawlers.conftest import FILES, crawl_mirror

SRC = "kr_president_speeches_ko"
ROOT = FILES / SRC
HOST = ROOT / "www.president.go.kr"
LIST_URL = "https://www.president.go.kr/ajaxf/frBoard/bbsViewGalleryList.do"


@pytest.fixture(scope="module")
def first(module_home):
    return crawl_mirror(SRC, ROOT, module_home, since="2025-07-01")


@pytest.fixture(scope="module")
def second(first, module_home):
    return crawl_mirror(SRC, ROOT, module_home, since="2025-07-01")


@pytest.fixture(scope="module")
def liberation(first):
    return first.by_id(f"{SRC}:96ecUYVL")


@pytest.fixture(scope="module")
def summit(first):
    return first.by_id(f"{SRC}:Rk3tP0aZ")


def test_run_ok(first):
    assert first.result.ok, first.result.problems


def test_every_listed_speech_is_crawled(first):
    assert sorted(i["statement_id"] for i in first.items) == [f"{SRC}:96ecUYVL", f"{SRC}:Mz7qL2wc", f"{SRC}:Rk3tP0aZ"]


def test_list_is_a_post(first):
    assert first.result.health["statuses"].get("200", 0) >= 4


def test_title(liberation):
    assert liberation["title"] == "제80주년 광복절 경축사"


def test_url(liberation):
    assert liberation["url"] == "https://www.president.go.kr/speeches/96ecUYVL"


def test_text_joins_txt_areas(liberation):
    assert liberation["text"].splitlines()[3].startswith("지난 80년 동안 대한민국은")


def test_text_has_no_page_furniture(liberation):
    assert "목록" not in liberation["text"] and "Copyright" not in liberation["text"]


def test_speaker_is_president_of_the_day(liberation):
    assert liberation["speaker"] == "이재명"


def test_event_date_is_posting_date_without_title_date(liberation):
    assert liberation["event_date"] == "2025-08-15"


def test_title_date_is_event_date(summit):
    assert summit["event_date"] == "2025-08-23"


def test_write_date_is_publication(summit):
    assert summit["published_at"] == "2025-08-25T00:00:00+09:00"


def test_posting_date_kept(summit):
    assert summit["extra"]["posted_date"] == "2025-08-25"


def test_registry_fields(liberation):
    assert (liberation["country"], liberation["tier"], liberation["lang"], liberation["channel"]) == ("KR", "leader", "ko", "kr_president")


def test_doc_type(liberation):
    assert liberation["doc_type"] == "speech"


def test_text_status(liberation):
    assert liberation["text_status"] == "full"


def test_not_a_translation(liberation):
    assert liberation["is_translation"] is False


def test_second_crawl_emits_nothing(second):
    assert second.items == []


def test_second_crawl_skips_known_speeches(second):
    assert second.result.health["detail_skipped_known"] == 3


def test_window_bounds_the_list(tmp_path):
    crawl = crawl_mirror(SRC, ROOT, tmp_path, since="2025-08-01")
    assert f"{SRC}:Mz7qL2wc" not in [i["statement_id"] for i in crawl.items]


def test_parse_json_list_discovers_speech_pages():
    page = next((HOST / "ajaxf" / "frBoard").iterdir())
    records = parse_page(SRC, LIST_URL, page)
    assert [r["discovered"] for r in records] == [
        "https://www.president.go.kr/speeches/Rk3tP0aZ",
        "https://www.president.go.kr/speeches/96ecUYVL",
        "https://www.president.go.kr/speeches/Mz7qL2wc",
    ]


def test_parse_detail_alone_reads_title_date_from_page():
    (rec,) = parse_page(SRC, "https://www.president.go.kr/speeches/Rk3tP0aZ", HOST / "speeches" / "Rk3tP0aZ")
    assert (rec["title"], rec["event_date"]) == ("8/23(토) 한일 정상회담 공동언론발표", "2025-08-23")


def test_html_instead_of_json_is_a_one_line_error(tmp_path):
    page = tmp_path / "list.json"
    page.write_text("<html><body>서비스 점검 중입니다</body></html>", "utf-8")
    with pytest.raises(ParseError, match=r"bbsViewGalleryList\.do: not JSON"):
        parse_page(SRC, LIST_URL, page)
