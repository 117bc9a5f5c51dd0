"""us_state_statements: the press-releases RSS (whole texts) + /press-releases/ list back-fill."""

from __future__ import annotations

import pytest

from tests.crawlers.conftest import FILES, crawl_mirror

SRC = "us_state_statements"
ROOT = FILES / SRC
BASE = SRC  # statement ids are WordPress slugs: "us_state_statements:<slug>"
FEED_URL = "https://www.state.gov/rss-feed/press-releases/feed/"


@pytest.fixture(scope="module")
def first(module_home):
    return crawl_mirror(SRC, ROOT, module_home, since="2025-07-01")


@pytest.fixture(scope="module")
def availability(first):
    return first.by_id(f"{BASE}:secretary-marco-rubio-at-a-press-availability")


@pytest.fixture(scope="module")
def real2022(real_parsed):
    return real_parsed[(SRC, "state/rss-press-releases-20220803.xml")]


def test_run_ok(first):
    assert first.result.ok, first.result.problems


def test_items(first):
    assert sorted(i["statement_id"] for i in first.items) == [
        f"{BASE}:joint-statement-on-the-trilateral-meeting-of-the-foreign-ministers-of-japan-the-republic-of-korea-and-the-united-states",
        f"{BASE}:secretary-marco-rubio-at-a-press-availability",
        f"{BASE}:secretary-rubios-meeting-with-japanese-foreign-minister-iwaya",
    ]


def test_briefing_in_release_feed_excluded(first):
    assert not [i for i in first.items if "/briefings/" in i["url"]]


def test_availability_speaker(availability):
    assert availability["speaker"] == "Marco Rubio"


def test_availability_doc_type(availability):
    assert availability["doc_type"] == "press_conference"


def test_availability_turn_roles(availability):
    assert [t["role"] for t in availability["turns"]] == ["official", "official", "reporter", "official"]


def test_spokesperson_turn_is_official(availability):
    assert availability["turns"][1]["speaker"] == "Ms Bruce"


def test_readout_speaker_from_attribution(first):
    assert first.by_id(f"{BASE}:secretary-rubios-meeting-with-japanese-foreign-minister-iwaya")["speaker"] == "Tammy Bruce"


def test_readout_tags_dropped(first):
    assert "Tags" not in first.by_id(f"{BASE}:secretary-rubios-meeting-with-japanese-foreign-minister-iwaya")["text"]


def test_readout_event_date_from_page(first):
    assert first.by_id(f"{BASE}:secretary-rubios-meeting-with-japanese-foreign-minister-iwaya")["event_date"] == "2025-07-10"


def test_real_2022_feed_items(real2022):
    assert len([r for r in real2022 if "statement_id" in r]) == 10


def test_real_2022_press_availability_turns(real2022):
    rec = next(r for r in real2022 if r["title"] == "Secretary Antony J. Blinken at a Press Availability")
    assert [t["role"] for t in rec["turns"][:4]] == ["official", "official", "reporter", "official"]


def test_real_2022_press_availability_speaker(real2022):
    rec = next(r for r in real2022 if r["title"] == "Secretary Antony J. Blinken at a Press Availability")
    assert rec["speaker"] == "Antony J. Blinken"


def test_real_2022_no_script_text(real2022):
    assert not [r for r in real2022 if "jQuery" in r.get("text", "")]


def test_real_2022_attributed_readout(real2022):
    rec = next(r for r in real2022 if r["title"] == "Secretary Blinken’s Call with Estonian Foreign Minister Reinsalu")
    assert rec["speaker"] == "Ned Price"


def test_real_2022_event_date(real2022):
    rec = next(r for r in real2022 if r["title"] == "The Death of Ayman al-Zawahiri")
    assert rec["event_date"] == "2022-08-01"


def test_real_2021_feed_interview_turns(real_parsed):
    records = real_parsed[(SRC, "state/rss-press-releases-20210523.xml")]
    assert records[0]["turns"][0]["role"] == "reporter"
