"""Korean site rules: presidents by date, MOFA title dates, the JSON list, MOFA links."""

from __future__ import annotations

from crawlers.spiders.kr_common import json_list, json_posted, json_posted_at, kr_president_on, mofa_https, mofa_seq, title_paren_date


def test_president_on_inauguration_day():
    assert kr_president_on("2025-06-04") == "이재명"


def test_president_day_before():
    assert kr_president_on("2025-06-03") == "윤석열"


def test_president_in_english():
    assert kr_president_on("2023-01-01", "en") == "Yoon Suk Yeol"


def test_mofa_title_date_with_briefer():
    assert title_paren_date("대변인 정례브리핑 (12.29 브리퍼 : 부대변인)", "2022-12-29") == "2022-12-29"


def test_mofa_title_date_across_new_year():
    assert title_paren_date("대변인 정례브리핑 (12.31)", "2026-01-02") == "2025-12-31"


def test_mofa_title_date_too_far_is_ignored():
    assert title_paren_date("대변인 정례브리핑 (3.1)", "2026-06-01") is None


def test_json_list_rows_and_total():
    assert json_list({"data": {"list": [{"BBS_CD": "a"}], "totalRecordCount": "7"}}) == ([{"BBS_CD": "a"}], 7)


def test_write_date_dots():
    assert json_posted({"WRITE_DATE": "2025.08.15"}) == "2025-08-15"


def test_write_dt_with_fraction():
    assert json_posted_at({"WRITE_DT": "2025-08-15 14:22:31.0"}) == "2025-08-15T14:22:31+09:00"


def test_seq_from_onclick():
    assert mofa_seq("f_view('368729');return false;") == "368729"


def test_feed_link_port_443_normalised():
    assert mofa_https("http://www.mofa.go.kr:443/www/brd/m_4080/view.do?seq=1&amp;page=1") == "https://www.mofa.go.kr/www/brd/m_4080/view.do?seq=1&page=1"
