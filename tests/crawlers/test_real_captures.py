"""``rdi parse`` on the real captures of ../shared/fixtures/real (MANIFEST.tsv), field by field.

All captures are parsed once, in one Scrapy process (``real_parsed`` in conftest); the tests
skip with the reason when the captures folder is absent. What each assertion expects was read
off the captured page itself.
"""

from __future__ import annotations

from typing import Any

import pytest

KANTEI = "kantei/index-jnews.rdf"
WH_0722 = "whitehouse/rss-briefing-room-20220722.xml"
WH_ASIA = "whitehouse/rss-briefing-room-20220523-asia-trip.xml"
PARK = "whitehouse/2016-detail-obama-park-presser-20140425.html"
ABE = "whitehouse/2016-detail-obama-abe-presser-20140424.html"
MOON = "whitehouse/2017-detail-trump-moon-expanded-bilateral.html"
KR303 = "mofa-kr/rss-brdId303-press-briefings-en-TRIMMED.xml"
KR302 = "mofa-kr/rss-brdId302-press-releases-en-TRIMMED.xml"
ST22 = "state/rss-press-releases-20220803.xml"
ST21 = "state/rss-press-releases-20210523.xml"
REPORT = "state/detail-2024-human-rights-report-south-korea.html"


def statements(parsed: dict, source: str, path: str) -> list[dict[str, Any]]:
    return [r for r in parsed[(source, path)] if "statement_id" in r]


def discovered(parsed: dict, source: str, path: str) -> list[str]:
    return [r["discovered"] for r in parsed[(source, path)] if "discovered" in r]


def titled(records: list[dict[str, Any]], start: str) -> dict[str, Any]:
    return next(r for r in records if r["title"].startswith(start))


# --- kantei 新着 feed -----------------------------------------------------------------------

def test_kantei_feed_statement_links(real_parsed):
    assert discovered(real_parsed, "jp_kantei_statements_ja", KANTEI) == [
        "https://www.kantei.go.jp/jp/105/statement/2026/0819kaiken.html",
        "https://www.kantei.go.jp/jp/105/statement/2026/0815shikiji.html",
        "https://www.kantei.go.jp/jp/105/discourse/20260813message.html",
        "https://www.kantei.go.jp/jp/105/statement/2026/0813kaiken.html",
        "https://www.kantei.go.jp/jp/105/statement/2026/0812kaiken.html",
        "https://www.kantei.go.jp/jp/105/discourse/20260812shiji.html",
        "https://www.kantei.go.jp/jp/105/discourse/20260811message.html",
        "https://www.kantei.go.jp/jp/105/statement/2026/0810kaiken.html",
        "https://www.kantei.go.jp/jp/105/statement/2026/0809kaiken.html",
        "https://www.kantei.go.jp/jp/105/statement/2026/0809nagasaki.html",
    ]


def test_kantei_feed_ccs_statement_link(real_parsed):
    assert discovered(real_parsed, "jp_kantei_ccs_ja", KANTEI) == ["https://www.kantei.go.jp/jp/tyokan/105/20260814danwa.html"]


# --- MOFA Japan release list, MOD feed ------------------------------------------------------

def test_mofa_list_every_release_link(real_parsed):
    assert len(discovered(real_parsed, "jp_mofa_press_releases_ja", "mofa-jp/press-release-index-ja.html")) == 121


def test_mofa_list_readouts_outside_press_kept(real_parsed):
    links = discovered(real_parsed, "jp_mofa_press_releases_ja", "mofa-jp/press-release-index-ja.html")
    assert "https://www.mofa.go.jp/mofaj/me_a/me2/sa/pageit_000001_03140.html" in links


def test_mod_feed_press_links_only(real_parsed):
    links = discovered(real_parsed, "jp_mod_press_conferences_ja", "mod-jp/news.xml")
    assert (len(links), all(u.startswith("https://www.mod.go.jp/j/press/") for u in links)) == (91, True)


# --- White House: Obama/Trump-era Drupal pages ------------------------------------------------

def test_park_presser_text_starts_with_first_speaker(real_parsed):
    (rec,) = statements(real_parsed, "us_whitehouse_statements", PARK)
    assert rec["text"].startswith("PRESIDENT PARK: (As interpreted.) I'd like to extend my sincere welcome")


def test_park_presser_text_has_no_time_stamps(real_parsed):
    (rec,) = statements(real_parsed, "us_whitehouse_statements", PARK)
    assert [ln for ln in rec["text"].splitlines() if ln.endswith("KST")] == []


def test_park_presser_published_at(real_parsed):
    (rec,) = statements(real_parsed, "us_whitehouse_statements", PARK)
    assert rec["published_at"] == "2014-04-25T11:29:00-04:00"


def test_abe_presser_event_date(real_parsed):
    (rec,) = statements(real_parsed, "us_whitehouse_statements", ABE)
    assert rec["event_date"] == "2014-04-24"


def test_abe_presser_speaker(real_parsed):
    (rec,) = statements(real_parsed, "us_whitehouse_statements", ABE)
    assert rec["speaker"] == "Barack Obama"


def test_abe_presser_abe_is_a_guest(real_parsed):
    (rec,) = statements(real_parsed, "us_whitehouse_statements", ABE)
    assert {t["role"] for t in rec["turns"] if t["speaker"] == "Prime Minister Abe"} == {"guest"}


def test_abe_presser_reporters(real_parsed):
    (rec,) = statements(real_parsed, "us_whitehouse_statements", ABE)
    assert sum(t["role"] == "reporter" for t in rec["turns"]) == 9


def test_trump_moon_title(real_parsed):
    (rec,) = statements(real_parsed, "us_whitehouse_statements", MOON)
    assert rec["title"] == "Remarks by President Trump and President Moon of Korea Before Expanded Bilateral Meeting"


def test_trump_moon_speaker(real_parsed):
    (rec,) = statements(real_parsed, "us_whitehouse_statements", MOON)
    assert rec["speaker"] == "Donald J. Trump"


# --- White House: Biden-era briefing-room feed ------------------------------------------------

def test_wh_feed_keeps_briefing_room_sections_only(real_parsed):
    assert len(statements(real_parsed, "us_whitehouse_statements", WH_0722)) == 7  # 2 presidential actions, 1 bill signing out


def test_wh_feed_statement_stops_before_end_mark(real_parsed):
    rec = titled(statements(real_parsed, "us_whitehouse_statements", WH_0722), "Statement from President Biden on the Attack")
    assert rec["text"].endswith("that defies our fundamental democratic values.")


def test_wh_feed_signed_letter_speaker(real_parsed):
    rec = titled(statements(real_parsed, "us_whitehouse_statements", WH_0722), "Letters to the Speaker")
    assert rec["speaker"] == "Joseph R. Biden"


def test_wh_feed_remarks_without_dateline(real_parsed):
    rec = titled(statements(real_parsed, "us_whitehouse_statements", WH_0722), "Remarks by President Biden During Economic Briefing")
    assert rec["text"].startswith("MR. DEESE: Hey, Mr. President")


def test_wh_feed_remarks_last_turn_without_time(real_parsed):
    rec = titled(statements(real_parsed, "us_whitehouse_statements", WH_0722), "Remarks by President Biden During Economic Briefing")
    assert rec["turns"][-1]["text"] == "(Gives a thumbs up.)"


def test_wh_feed_joint_leaders_statement_speaker(real_parsed):
    rec = titled(statements(real_parsed, "us_whitehouse_statements", WH_ASIA), "Japan-U.S. Joint Leaders’ Statement")
    assert rec["speaker"] == "Joseph R. Biden"


def test_wh_feed_gaggle_speaker(real_parsed):
    rec = titled(statements(real_parsed, "us_whitehouse_statements", WH_ASIA), "Press Gaggle by Press Secretary Karine Jean-Pierre")
    assert rec["speaker"] == "Karine Jean-Pierre"


def test_wh_feed_gaggle_doc_type(real_parsed):
    rec = titled(statements(real_parsed, "us_whitehouse_statements", WH_ASIA), "Press Gaggle by Press Secretary Karine Jean-Pierre")
    assert rec["doc_type"] == "briefing"


def test_wh_feed_event_date_in_washington_time(real_parsed):
    # pubDate Mon, 23 May 2022 04:47:21 +0000 is 00:47 EDT on May 23
    rec = titled(statements(real_parsed, "us_whitehouse_statements", WH_ASIA), "Readout of President Biden’s Meeting with Prime Minister Kishida")
    assert rec["event_date"] == "2022-05-23"


# --- MOFA Korea EN feeds -----------------------------------------------------------------------

def test_kr_briefing_text_without_header(real_parsed):
    rec = statements(real_parsed, "kr_mofa_briefings_en", KR303)[1]
    assert rec["text"].startswith("Good afternoon. Let me start today’s briefing. After accompanying the President")


def test_kr_briefing_speaker(real_parsed):
    rec = statements(real_parsed, "kr_mofa_briefings_en", KR303)[0]
    assert rec["speaker"] == "Spokesperson and Deputy Minister for Public Affairs Park Il"


def test_kr_release_event_date_in_korean_time(real_parsed):
    rec = statements(real_parsed, "kr_mofa_press_releases_en", KR302)[2]  # Fri, 13 Mar 2026 01:12:00 GMT = 10:12 KST
    assert rec["event_date"] == "2026-03-13"


def test_kr_release_title(real_parsed):
    rec = statements(real_parsed, "kr_mofa_press_releases_en", KR302)[2]
    assert rec["title"] == "Kim Hee-sang, Former Deputy Minister for Economic Affairs, Appointed as Korea’s New G20 Sherpa"


def test_kr_release_canonical_board(real_parsed):
    rec = statements(real_parsed, "kr_mofa_press_releases_en", KR302)[0]
    assert rec["canonical_url"] == "https://www.mofa.go.kr/eng/brd/m_5676/view.do?seq=323320"


# --- defense.gov homepage ----------------------------------------------------------------------

def test_dod_homepage_release_links(real_parsed):
    assert discovered(real_parsed, "us_dod_releases", "defense/2020-homepage-browser-saved.html") == [
        "https://www.defense.gov/Newsroom/Releases/Release/Article/2411893/dod-statement-on-personnel-changes-at-the-pentagon/",
        "https://www.defense.gov/Newsroom/Releases/Release/Article/2411098/general-officer-assignments/",
    ]


def test_dod_homepage_no_transcript(real_parsed):
    assert real_parsed[("us_dod_transcripts", "defense/2020-homepage-browser-saved.html")] == []


# --- state.gov feeds and a report page ---------------------------------------------------------

def test_state_statement_text_without_byline(real_parsed):
    rec = titled(statements(real_parsed, "us_state_statements", ST22), "Kenyan General Elections")
    assert rec["text"].startswith("The August 9 election will be an opportunity")


def test_state_statement_byline_kept(real_parsed):
    rec = titled(statements(real_parsed, "us_state_statements", ST22), "Kenyan General Elections")
    assert rec["extra"]["byline"] == "Antony J. Blinken, Secretary of State"


def test_state_office_line_not_text(real_parsed):
    rec = titled(statements(real_parsed, "us_state_statements", ST22), "Art in Embassies")
    assert rec["text"].startswith("Art in Embassies (AIE) recently completed")


def test_state_press_availability_without_dateline(real_parsed):
    rec = titled(statements(real_parsed, "us_state_statements", ST22), "Secretary Antony J. Blinken at a Press Availability")
    assert rec["text"].startswith("SECRETARY BLINKEN: Good afternoon, everyone.")


def test_state_spokesperson_byline_speaker(real_parsed):
    rec = titled(statements(real_parsed, "us_state_statements", ST21), "Calling for a Civilian-Led Transition")
    assert rec["speaker"] == "Ned Price"


def test_state_event_date_in_washington_time(real_parsed):
    # pubDate Sat, 22 May 2021 12:00:47 +0000 = 08:00 EDT
    rec = titled(statements(real_parsed, "us_state_statements", ST21), "Yemen National Day")
    assert rec["event_date"] == "2021-05-22"


def test_state_report_id_keeps_the_year(real_parsed):
    (rec,) = statements(real_parsed, "us_state_statements", REPORT)
    assert rec["statement_id"] == "us_state_statements:reports/2024-country-reports-on-human-rights-practices/south-korea"


def test_state_report_doc_type(real_parsed):
    (rec,) = statements(real_parsed, "us_state_statements", REPORT)
    assert rec["doc_type"] == "report"


def test_state_report_text_starts_with_summary(real_parsed):
    (rec,) = statements(real_parsed, "us_state_statements", REPORT)
    assert rec["text"].startswith("EXECUTIVE SUMMARY\nThere were no significant changes")


@pytest.mark.parametrize("furniture", ["Privacy Policy", "Select All Sections", "In this section", "Download Report", "hide"])
def test_state_report_text_has_no_page_furniture(real_parsed, furniture):
    (rec,) = statements(real_parsed, "us_state_statements", REPORT)
    assert furniture not in rec["text"].splitlines()


def test_state_report_modified_time_kept(real_parsed):
    (rec,) = statements(real_parsed, "us_state_statements", REPORT)
    assert rec["extra"]["modified_at"] == "2025-08-12T17:41:53+00:00"
