"""kr_mofa_briefings_ko: board m_4078 behind the TMOSHCooKie gate; <질문>/<답변> turns."""

from __future__ import annotations

import pytest

from pipeline.parse import parse_page
from tests.crawlers.conftest import FILES, crawl_mirror

SRC = "kr_mofa_briefings_ko"
ROOT = FILES / SRC
BOARD = ROOT / "www.mofa.go.kr" / "www" / "brd" / "m_4078"


@pytest.fixture(scope="module")
def first(module_home):
    return crawl_mirror(SRC, ROOT, module_home, since="2024-01-01")


@pytest.fixture(scope="module")
def april(first):
    return first.by_id(f"{SRC}:368729")


@pytest.fixture(scope="module")
def deputy(first):
    return first.by_id(f"{SRC}:368615")


def test_run_ok(first):
    assert first.result.ok, first.result.problems


def test_cookie_gate_was_passed(first):
    assert first.result.health["statuses"].get("307", 0) >= 1


def test_items_in_window(first):
    assert sorted(i["statement_id"] for i in first.items) == [f"{SRC}:368615", f"{SRC}:368729"]


def test_title(april):
    assert april["title"] == "대변인 정례브리핑 (4.1)"


def test_url_is_canonical_view(april):
    assert april["url"] == "https://www.mofa.go.kr/www/brd/m_4078/view.do?seq=368729"


def test_event_date(april):
    assert april["event_date"] == "2025-04-01"


def test_published_at(april):
    assert april["published_at"] == "2025-04-01T00:00:00+09:00"


def test_spokesperson_speaks(april):
    assert april["speaker"] == "대변인"


def test_substitute_briefer_from_title(deputy):
    assert deputy["speaker"] == "부대변인"


def test_turn_roles(april):
    assert [t["role"] for t in april["turns"]] == ["official", "reporter", "official", "reporter", "official"]


def test_opening_remarks_turn(april):
    assert april["turns"][0]["text"].startswith("안녕하십니까? 4월 1일 정례브리핑을 시작하겠습니다.")


def test_section_headers_are_not_turn_text(april):
    assert not any("모두 발언" in t["text"] or "질의 및 응답" in t["text"] for t in april["turns"])


def test_reporter_named_from_attribution(april):
    assert april["turns"][1]["speaker"] == "연합뉴스TV 최지원 기자"


def test_multi_paragraph_question_kept_together(april):
    assert april["turns"][3]["text"].endswith("한반도사무특별대표 협의가 있었습니다.")


def test_answer_turn_text(april):
    assert april["turns"][2]["text"].startswith("타국 정상의 발언에 대해")


def test_answer_speaker(april):
    assert april["turns"][4]["speaker"] == "대변인"


def test_text_is_whole_transcript(april):
    assert "<질문>" in april["text"] and "이상입니다." in april["text"]


def test_text_has_no_navigation(april):
    assert "이전글" not in april["text"] and "목록" not in april["text"]


def test_department(april):
    assert april["extra"]["department"] == "언론담당관실"


def test_attachment_listed(april):
    assert april["extra"]["attachments"][0]["name"] == "20250401_정례브리핑.hwp"


def test_smart_editor_body_read(deputy):
    assert deputy["turns"][1]["speaker"] == "미디어펜 김소정 기자"


def test_doc_type(april):
    assert april["doc_type"] == "briefing"


def test_backfill_follows_next_list_page(tmp_path):
    crawl = crawl_mirror(SRC, ROOT, tmp_path, since="2022-12-01")
    assert f"{SRC}:368499" in [i["statement_id"] for i in crawl.items]


def test_parse_list_page_discovers_rows_not_notices():
    records = parse_page(SRC, "https://www.mofa.go.kr/www/brd/m_4078/list.do?page=1", BOARD / "list.do@page=1")
    assert [r["discovered"] for r in records if "discovered" in r] == [
        "https://www.mofa.go.kr/www/brd/m_4078/view.do?seq=368729",
        "https://www.mofa.go.kr/www/brd/m_4078/view.do?seq=368615",
    ]
