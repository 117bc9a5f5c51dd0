"""kr_mofa_briefings_en: RSS brdId=303, one item per daily briefing incl. Q&A → turns."""

from __future__ import annotations

import pytest

from tests.crawlers.conftest import FILES, crawl_mirror

SRC = "kr_mofa_briefings_en"
ROOT = FILES / SRC
FEED_URL = "http://www.mofa.go.kr/www/brd/rss.do?brdId=303"
REAL = ("mofa-kr", "rss-brdId303-press-briefings-en-TRIMMED.xml")


@pytest.fixture(scope="module")
def first(module_home):
    return crawl_mirror(SRC, ROOT, module_home, since="2018-01-01")


@pytest.fixture(scope="module")
def july14(first):
    return first.by_id(f"{SRC}:320200")


@pytest.fixture(scope="module")
def real(real_parsed):
    return real_parsed[(SRC, "/".join(REAL))]


def test_run_ok(first):
    assert first.result.ok, first.result.problems


def test_items(first):
    assert sorted(i["statement_id"] for i in first.items) == [f"{SRC}:319673", f"{SRC}:320199", f"{SRC}:320200"]


def test_title(july14):
    assert july14["title"] == "Spokesperson's Press Briefing (July 14, 2026)"


def test_speaker_from_header(july14):
    assert july14["speaker"] == "Spokesperson and Deputy Minister for Public Affairs Park Il"


def test_event_date_from_header(july14):
    assert july14["event_date"] == "2026-07-14"


def test_turn_roles(july14):
    assert [t["role"] for t in july14["turns"]] == ["official", "reporter", "official", "reporter", "official"]


def test_reporter_question(july14):
    assert july14["turns"][1]["text"].startswith("Japan’s Defense White Paper released today again claims Dokdo.")


def test_answer_speaker(july14):
    assert july14["turns"][2]["speaker"] == "Spokesperson and Deputy Minister for Public Affairs Park Il"


def test_opening_turn_has_no_header(july14):
    assert july14["turns"][0]["text"].startswith("Good afternoon. Let me start today’s briefing.")


def test_qa_marker_not_in_turns(july14):
    assert not any("[Q&A]" in t["text"] for t in july14["turns"])


def test_flattened_item_without_qa_has_no_turns(first):
    assert first.by_id(f"{SRC}:320199")["turns"] == []


def test_deputy_substitutes(first):
    assert first.by_id(f"{SRC}:320199")["speaker"] == "Deputy Spokesperson Lee Moonbae"


def test_backfilled_board_page_turns(first):
    assert [t["role"] for t in first.by_id(f"{SRC}:319673")["turns"]] == ["official", "reporter", "official"]


def test_real_feed_ids(real):
    assert [r["statement_id"] for r in real] == [f"{SRC}:320200", f"{SRC}:320199", f"{SRC}:320198"]


def test_real_feed_speakers(real):
    assert [r["speaker"] for r in real] == [
        "Spokesperson and Deputy Minister for Public Affairs Park Il",
        "Deputy Spokesperson Lee Moonbae",
        "Deputy Spokesperson Lee Moonbae",
    ]


def test_real_feed_event_dates(real):
    assert [r["event_date"] for r in real] == ["2026-07-14", "2026-07-09", "2026-07-07"]


def test_real_feed_text_is_whole_briefing(real):
    assert real[2]["text"].endswith("(A question-and-answer session followed.)")


def test_real_feed_published_at(real):
    assert real[2]["published_at"] == "2026-07-06T21:57:47+00:00"


def test_a_feed_with_nothing_new_in_the_window_is_alive(tmp_path):
    """A quiet week (a holiday, a paused ministry) leaves every feed item older than the window: the
    feed answered with its items, so the run is not the silent 0 of a broken source (before, the
    items were skipped uncounted and the run failed with "0 statements where at least 1 are
    expected", an alert on every quiet run). Only the feed is served here, not the back-fill list."""
    import shutil

    root = tmp_path / "site"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns("list.do*"))
    quiet = crawl_mirror(SRC, root, tmp_path / "home", since="2031-01-01")
    assert quiet.items == []
    assert quiet.result.ok, quiet.result.problems
    feed = ROOT / "www.mofa.go.kr" / "www" / "brd" / "rss.do@brdId=303"
    assert quiet.result.health["discovered"] == feed.read_text("utf-8").count("<item>") > 0
