"""jp_mofa_press_releases_en: "Month D" lists, archives, statements pages, JA pairing by link."""

from __future__ import annotations

import pytest

from tests.crawlers.conftest import FILES, crawl_mirror

SRC = "jp_mofa_press_releases_en"
FM = f"{SRC}:pressite_000001_09300"
PS = f"{SRC}:pressite_000001_09200"


@pytest.fixture(scope="module")
def run(module_home):
    return crawl_mirror(SRC, FILES / SRC, module_home, since="2026-10-01")


def test_run_ok(run):
    assert run.result.ok, run.result.problems


def test_items(run):
    assert sorted(i["statement_id"] for i in run.items) == [PS, f"{SRC}:pressite_000001_09290", FM]


def test_yearless_month_day(run):
    assert run.by_id(FM)["event_date"] == "2026-11-20"


def test_archive_month_date(run):
    assert run.by_id(PS)["event_date"] == "2026-10-02"


def test_statement_speaker(run):
    assert run.by_id(FM)["speaker"] == "Foreign Minister MOTEGI Toshimitsu"


def test_press_secretary(run):
    assert run.by_id(PS)["speaker"] == "Press Secretary"


def test_translation_note_dropped(run):
    assert "provisional" not in run.by_id(FM)["text"].lower()


def test_is_translation(run):
    assert run.by_id(FM)["is_translation"] is True


def test_japanese_link(run):
    assert run.by_id(FM)["alt_urls"] == ["https://www.mofa.go.jp/mofaj/press/release/pressit_000001_04300.html"]
