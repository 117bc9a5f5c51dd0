"""jp_kantei_ccs_en: EN CCS sessions are video only; recorded as such, never as silence."""

from __future__ import annotations

import pytest

from tests.crawlers.conftest import FILES, crawl_mirror

SRC = "jp_kantei_ccs_en"
SID = f"{SRC}:tyoukanpress/202608/19_a"


@pytest.fixture(scope="module")
def run(module_home):
    return crawl_mirror(SRC, FILES / SRC, module_home, since="2026-08-01")


def test_run_ok(run):
    assert run.result.ok, run.result.problems


def test_one_session(run):
    assert [i["statement_id"] for i in run.items] == [SID]


def test_video_only(run):
    assert run.by_id(SID)["text_status"] == "video_only"


def test_no_text(run):
    assert run.by_id(SID)["text"] == ""


def test_speaker(run):
    assert run.by_id(SID)["speaker"] == "Chief Cabinet Secretary KIHARA Minoru"


def test_event_date(run):
    assert run.by_id(SID)["event_date"] == "2026-08-19"


def test_session(run):
    assert run.by_id(SID)["extra"]["session"] == "AM"
