"""us_state_briefings: RSS + WP REST ``state_briefing`` + the 2021-2025 archive sitemap (Crawl-delay 5)."""

from __future__ import annotations

import pytest

from tests.crawlers.conftest import FILES, crawl_mirror

SRC = "us_state_briefings"
ROOT = FILES / SRC
JUL29 = f"{SRC}:department-press-briefing-july-29-2025"
JUL24 = f"{SRC}:department-press-briefing-july-24-2025"
AUG15 = f"{SRC}:department-press-briefing-august-15-2023"


@pytest.fixture(scope="module")
def first(module_home):
    return crawl_mirror(SRC, ROOT, module_home, since="2023-01-01")


@pytest.fixture(scope="module")
def jul29(first):
    return first.by_id(JUL29)


@pytest.fixture(scope="module")
def archive(first):
    return first.by_id(AUG15)


def test_run_ok(first):
    assert first.result.ok, first.result.problems


def test_briefings_from_feed_rest_and_archive(first):
    assert sorted(i["statement_id"] for i in first.items) == [AUG15, JUL24, JUL29]


def test_archive_crawl_delay_honoured(first):
    assert first.result.elapsed_s >= 1.9  # robots Crawl-delay 2 (the real host says 5): two spaced requests


def test_title(jul29):
    assert jul29["title"] == "Department Press Briefing – July 29, 2025"


def test_event_date_from_slug(jul29):
    assert jul29["event_date"] == "2025-07-29"


def test_published_at(jul29):
    assert jul29["published_at"] == "2025-07-29T20:40:02+00:00"


def test_spokesperson_from_byline(jul29):
    assert jul29["speaker"] == "Tammy Bruce"


def test_turn_roles(jul29):
    assert [t["role"] for t in jul29["turns"]] == ["official", "reporter", "official", "reporter", "official"]


def test_question_is_reporter_text(jul29):
    assert jul29["turns"][1]["text"].startswith("Thank you. Can you tell us whether the Secretary raised")


def test_official_turn_speaker(jul29):
    assert jul29["turns"][2]["speaker"] == "Ms Bruce"


def test_feed_script_not_in_text(jul29):
    assert "jQuery" not in jul29["text"]


def test_doc_type(jul29):
    assert jul29["doc_type"] == "briefing"


def test_rest_title_unescaped(first):
    assert first.by_id(JUL24)["title"] == "Department Press Briefing – July 24, 2025"


def test_rest_background_briefing_excluded(first):
    assert not [i for i in first.items if "background" in i["url"]]


def test_archive_url(archive):
    assert archive["url"] == "https://2021-2025.state.gov/briefings/department-press-briefing-august-15-2023/"


def test_archive_speaker(archive):
    assert archive["speaker"] == "Vedant Patel"


def test_archive_turns(archive):
    assert [t["role"] for t in archive["turns"]] == ["official", "reporter", "official"]


def test_archive_index_and_tags_dropped(archive):
    assert "Index for Today" not in archive["text"] and "Tags" not in archive["text"]


def test_old_feed_item_outside_window(first):
    assert not [i for i in first.items if "march-3-2021" in i["url"]]
