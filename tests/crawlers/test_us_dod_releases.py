"""us_dod_releases: releases on war.gov and (older) defense.gov share numeric article ids."""

from __future__ import annotations

import pytest

from tests.crawlers.conftest import FILES, crawl_mirror

SRC = "us_dod_releases"
ROOT = FILES / SRC


@pytest.fixture(scope="module")
def first(module_home):
    return crawl_mirror(SRC, ROOT, module_home, since="2023-01-01")


@pytest.fixture(scope="module")
def camp_david(first):
    return first.by_id(f"{SRC}:4012345")


@pytest.fixture(scope="module")
def readout(first):
    return first.by_id(f"{SRC}:4310001")


def test_run_ok(first):
    assert first.result.ok, first.result.problems


def test_both_hosts_crawled(first):
    assert sorted(i["statement_id"] for i in first.items) == [f"{SRC}:4012345", f"{SRC}:4310001"]


def test_defense_gov_url_kept(camp_david):
    assert camp_david["url"].startswith("https://www.defense.gov/News/Releases/Release/Article/4012345/")


def test_ap_date(camp_david):
    assert camp_david["event_date"] == "2023-08-18"


def test_statement_speaker_from_title(camp_david):
    assert camp_david["speaker"] == "Secretary of Defense Lloyd J. Austin III"


def test_statement_doc_type(camp_david):
    assert camp_david["doc_type"] == "statement"


def test_department_before_rename(camp_david):
    assert camp_david["extra"]["department"] == "Department of Defense"


def test_readout_speaker_from_body(readout):
    assert readout["speaker"] == "Pentagon Press Secretary Kingsley Wilson"


def test_readout_event_date(readout):
    assert readout["event_date"] == "2025-10-02"


def test_readout_text(readout):
    assert readout["text"].splitlines()[1].startswith("Secretary of War Pete Hegseth spoke with Republic of Korea Minister")


def test_window_bounds_list(tmp_path):
    crawl = crawl_mirror(SRC, ROOT, tmp_path, since="2025-01-01")
    assert [i["statement_id"] for i in crawl.items] == [f"{SRC}:4310001"]


def test_real_2020_homepage_release_links(real_parsed):
    records = real_parsed[(SRC, "defense/2020-homepage-browser-saved.html")]
    assert [r["discovered"] for r in records] == [
        "https://www.defense.gov/Newsroom/Releases/Release/Article/2411893/dod-statement-on-personnel-changes-at-the-pentagon/",
        "https://www.defense.gov/Newsroom/Releases/Release/Article/2411098/general-officer-assignments/",
    ]
