"""us_dod_transcripts: war.gov lists (listing-with-preview@article-url) → transcripts by article id."""

from __future__ import annotations

import pytest

from tests.crawlers.conftest import FILES, crawl_mirror

SRC = "us_dod_transcripts"
ROOT = FILES / SRC


@pytest.fixture(scope="module")
def first(module_home):
    return crawl_mirror(SRC, ROOT, module_home, since="2025-09-01")


@pytest.fixture(scope="module")
def presser(first):
    return first.by_id(f"{SRC}:4301234")


def test_run_ok(first):
    assert first.result.ok, first.result.problems


def test_ids_are_article_numbers(first):
    assert sorted(i["statement_id"] for i in first.items) == [f"{SRC}:4298765", f"{SRC}:4301234"]


def test_ap_style_date(presser):
    assert presser["event_date"] == "2025-09-15"


def test_title(presser):
    assert presser["title"] == "Secretary of War Pete Hegseth and Japanese Defense Minister Nakatani Hold a Press Conference"


def test_turn_roles(presser):
    assert [t["role"] for t in presser["turns"]] == ["official", "guest", "reporter", "official", "moderator"]


def test_shortened_label_is_same_speaker(presser):
    assert presser["turns"][3]["speaker"] == "Secretary of War Pete Hegseth"


def test_foreign_minister_flagged(presser):
    assert presser["extra"]["foreign_turns"] == [1]
    assert presser["turns"][1]["role"] == "guest"


def test_speaker(presser):
    assert presser["speaker"] == "Secretary of War Pete Hegseth"


def test_doc_type(presser):
    assert presser["doc_type"] == "press_conference"


def test_department_renamed(presser):
    assert presser["extra"]["department"] == "Department of War"


def test_briefing_doc_type(first):
    assert first.by_id(f"{SRC}:4298765")["doc_type"] == "briefing"


def test_release_links_on_list_ignored(first):
    assert not [i for i in first.items if "/Releases/" in i["url"]]


def test_real_homepage_has_no_transcript_article(real_parsed):
    assert real_parsed[(SRC, "defense/2020-homepage-browser-saved.html")] == []
