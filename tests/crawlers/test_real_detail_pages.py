"""``rdi parse --file`` on detail pages rebuilt from real pages of the sites (text real, markup per SOURCES.md).

One Scrapy process for all pages (``parse_pages``); each test checks one field. Pages:
tests/files/{jp_mofa_press_conferences_ja_real, jp_kantei_statements_ja_real, jp_kantei_en_real, us_real}.
"""

from __future__ import annotations

import pytest

from pipeline.parse import ParseError, parse_pages
from tests.crawlers.conftest import FILES

MOFA = FILES / "jp_mofa_press_conferences_ja_real" / "www.mofa.go.jp" / "mofaj" / "press" / "kaiken"
KANTEI = FILES / "jp_kantei_statements_ja_real" / "www.kantei.go.jp"
EN = FILES / "jp_kantei_en_real" / "japan.kantei.go.jp"
US = FILES / "us_real"
STATE_URL = "https://www.state.gov/briefings/department-press-briefing-may-6-2025/"
DOD_PATH = "News/Transcripts/Transcript/Article/4041779/secretary-of-defense-pete-hegseth-pentagon-arrival-remarks"

PAGES = {
    "mofa_2025": ("jp_mofa_press_conferences_ja", "https://www.mofa.go.jp/mofaj/press/kaiken/kaikenw_000001_00175.html",
                  MOFA / "kaikenw_000001_00175.html"),
    "mofa_adhoc": ("jp_mofa_press_conferences_ja", "https://www.mofa.go.jp/mofaj/press/kaiken/kaikenw_000001_00097.html",
                   MOFA / "kaikenw_000001_00097.html"),
    "mofa_2017": ("jp_mofa_press_conferences_ja", "https://www.mofa.go.jp/mofaj/press/kaiken/kaiken4_000569.html",
                  MOFA / "kaiken4_000569.html"),
    "pm_ja": ("jp_kantei_statements_ja", "https://www.kantei.go.jp/jp/104/statement/2025/1021kaiken.html",
              KANTEI / "jp" / "104" / "statement" / "2025" / "1021kaiken.html"),
    "ccs_en": ("jp_kantei_ccs_en", "https://japan.kantei.go.jp/tyoukanpress/201805/25_p.html", EN / "tyoukanpress" / "201805" / "25_p.html"),
    "ccs_en_video": ("jp_kantei_ccs_en", "https://japan.kantei.go.jp/tyoukanpress/201805/24_a.html", EN / "tyoukanpress" / "201805" / "24_a.html"),
    "pm_en": ("jp_kantei_statements_en", "https://japan.kantei.go.jp/103/statement/202502/07kyodo_kaiken.html",
              EN / "103" / "statement" / "202502" / "07kyodo_kaiken.html"),
    "state": ("us_state_briefings", STATE_URL, US / "www.state.gov" / "briefings" / "department-press-briefing-may-6-2025" / "index.html"),
    "dod": ("us_dod_transcripts", f"https://www.defense.gov/{DOD_PATH}/", US / "www.defense.gov" / DOD_PATH / "index.html"),
}


@pytest.fixture(scope="module")
def rec():
    keys = list(PAGES)
    results = parse_pages([PAGES[k] for k in keys])
    out = {}
    for k, res in zip(keys, results):
        assert not isinstance(res, ParseError), f"{k}: {res}"
        assert len(res) == 1, f"{k}: {len(res)} records"
        out[k] = res[0]
    return out


def roles(r):
    return [(t["role"], t["speaker"]) for t in r["turns"]]


# --- MOFA JA conference records -------------------------------------------------------------
def test_mofa_title(rec):
    assert rec["mofa_2025"]["title"] == "岩屋外務大臣会見記録"


def test_mofa_event_date(rec):
    assert rec["mofa_2025"]["event_date"] == "2025-10-14"


def test_mofa_speaker(rec):
    assert rec["mofa_2025"]["speaker"] == "岩屋外務大臣"


def test_mofa_video_link_not_in_text(rec):
    assert "動画" not in rec["mofa_2025"]["text"]


def test_mofa_text_starts_with_minister(rec):
    assert rec["mofa_2025"]["text"].startswith("【岩屋外務大臣】冒頭、私(岩屋大臣)から三つ御報告がございます。")


def test_mofa_turns(rec):
    assert roles(rec["mofa_2025"]) == [("official", "岩屋外務大臣"), ("reporter", "共同通信 記者"), ("official", "岩屋外務大臣")]


def test_mofa_topic_headings_in_extra(rec):
    assert rec["mofa_2025"]["extra"]["topics"] == ["(1)ガザ情勢(ガザ停戦合意の履行)", "北朝鮮情勢(朝鮮労働党創建80年軍事パレード)"]


def test_mofa_adhoc_title(rec):
    assert rec["mofa_adhoc"]["title"] == "岩屋外務大臣臨時会見記録"


def test_mofa_adhoc_event_date(rec):
    assert rec["mofa_adhoc"]["event_date"] == "2024-10-04"


def test_mofa_adhoc_generic_markers_named_from_title(rec):
    assert roles(rec["mofa_adhoc"]) == [("official", "岩屋外務大臣"), ("reporter", "記者"), ("official", "岩屋外務大臣")]


def test_mofa_2017_event_date(rec):
    assert rec["mofa_2017"]["event_date"] == "2017-09-07"


def test_mofa_2017_speaker(rec):
    assert rec["mofa_2017"]["speaker"] == "河野外務大臣"


def test_mofa_2017_back_link_not_in_text(rec):
    assert not rec["mofa_2017"]["text"].endswith("戻る") and "記者会見へ戻る" not in rec["mofa_2017"]["text"]


def test_mofa_2017_turns(rec):
    assert roles(rec["mofa_2017"]) == [("reporter", "記者"), ("official", "河野外務大臣")] * 2


# --- kantei JA PM press conference ------------------------------------------------------------
def test_pm_ja_title(rec):
    assert rec["pm_ja"]["title"] == "高市内閣総理大臣記者会見"


def test_pm_ja_event_date(rec):
    assert rec["pm_ja"]["event_date"] == "2025-10-21"


def test_pm_ja_speaker(rec):
    assert rec["pm_ja"]["speaker"] == "高市早苗内閣総理大臣"


def test_pm_ja_player_notes_not_in_text(rec):
    assert "動画" not in rec["pm_ja"]["text"] and rec["pm_ja"]["text"].startswith("【高市総理冒頭発言】\n皆様、こんばんは。")


def test_pm_ja_turns(rec):
    assert roles(rec["pm_ja"]) == [("official", "高市早苗内閣総理大臣"), ("moderator", None), ("reporter", "記者"),
                                   ("official", "高市早苗内閣総理大臣")]


def test_pm_ja_doc_type(rec):
    assert rec["pm_ja"]["doc_type"] == "press_conference"


# --- kantei EN --------------------------------------------------------------------------------
def test_ccs_en_deputy_speaker(rec):
    assert rec["ccs_en"]["speaker"] == "Deputy Chief Cabinet Secretary NISHIMURA"


def test_ccs_en_event_date(rec):
    assert rec["ccs_en"]["event_date"] == "2018-05-25"


def test_ccs_en_player_notes_not_in_text(rec):
    assert "video" not in rec["ccs_en"]["text"].lower()


def test_ccs_en_turns_start_with_reporter(rec):
    assert roles(rec["ccs_en"]) == [("reporter", "REPORTER"), ("official", "Deputy Chief Cabinet Secretary NISHIMURA")] * 2


def test_ccs_en_headers_not_in_turns(rec):
    assert not any("Provisional" in t["text"] or "Q&As" in t["text"] for t in rec["ccs_en"]["turns"])


def test_ccs_en_video_only_page_status(rec):
    assert rec["ccs_en_video"]["text_status"] == "video_only"


def test_ccs_en_video_only_page_text_empty(rec):
    assert rec["ccs_en_video"]["text"] == ""


def test_pm_en_title(rec):
    assert rec["pm_en"]["title"] == "Joint Press Conference by Prime Minister ISHIBA Shigeru and President Donald Trump of the United States of America"


def test_pm_en_speaker(rec):
    assert rec["pm_en"]["speaker"] == "Prime Minister ISHIBA Shigeru"


def test_pm_en_event_date_from_url(rec):
    assert rec["pm_en"]["event_date"] == "2025-02-07"


# --- State / DoD ------------------------------------------------------------------------------
def test_state_title(rec):
    assert rec["state"]["title"] == "Department Press Briefing – May 6, 2025"


def test_state_event_date(rec):
    assert rec["state"]["event_date"] == "2025-05-06"


def test_state_speaker(rec):
    assert rec["state"]["speaker"] == "Tammy Bruce"


def test_state_turns(rec):
    assert roles(rec["state"]) == [("official", "Ms Bruce"), ("reporter", None), ("official", "Ms Bruce"), ("moderator", "Staff"),
                                   ("reporter", None), ("official", "Ms Bruce")]


def test_state_closing_line_not_in_turns(rec):
    assert "concluded" not in rec["state"]["turns"][-1]["text"]


def test_dod_id_is_article_number(rec):
    assert rec["dod"]["statement_id"] == "us_dod_transcripts:4041779"


def test_dod_title(rec):
    assert rec["dod"]["title"] == "Secretary of Defense Pete Hegseth Pentagon Arrival Remarks"


def test_dod_event_date(rec):
    assert rec["dod"]["event_date"] == "2025-01-27"


def test_dod_speaker(rec):
    assert rec["dod"]["speaker"] == "Secretary of Defense Pete Hegseth"


def test_dod_short_label_resolved(rec):
    assert roles(rec["dod"]) == [("official", "Secretary of Defense Pete Hegseth"), ("reporter", None),
                                 ("official", "Secretary of Defense Pete Hegseth")]
