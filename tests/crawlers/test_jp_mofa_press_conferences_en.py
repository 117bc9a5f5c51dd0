"""jp_mofa_press_conferences_en: list + month archive, EN turns, "text coming soon" then filled."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta

import pytest

from tests.crawlers.conftest import FILES, crawl_mirror

SRC = "jp_mofa_press_conferences_en"
REC = f"{SRC}:kaikenwe_000001_00190"
SOON = f"{SRC}:kaikenwe_000001_00191"


@pytest.fixture(scope="module")
def run(module_home):
    return crawl_mirror(SRC, FILES / SRC, module_home, since="2026-07-01")


@pytest.fixture(scope="module")
def rec(run):
    return run.by_id(REC)


@pytest.fixture(scope="module")
def revisit(run, module_home, tmp_path_factory):
    root = tmp_path_factory.mktemp("mofa_en_later")
    shutil.copytree(FILES / SRC, root, dirs_exist_ok=True)
    shutil.copytree(FILES / f"{SRC}_later", root, dirs_exist_ok=True)
    now = datetime.fromisoformat(run.by_id(SOON)["first_seen_at"]) + timedelta(days=1, hours=1)
    return crawl_mirror(SRC, root, module_home, since="2026-07-01", extra_settings={"RDI_NOW": now.isoformat()})


def test_run_ok(run):
    assert run.result.ok, run.result.problems


def test_current_and_archive_month(run):
    assert sorted(i["statement_id"] for i in run.items) == [f"{SRC}:kaikenwe_000001_00185", REC, SOON]


def test_title(rec):
    assert rec["title"] == "Press Conference by Foreign Minister MOTEGI Toshimitsu"


def test_event_date_from_date_line(rec):
    assert rec["event_date"] == "2026-08-18"


def test_speaker_unified(rec):
    assert {t["speaker"] for t in rec["turns"] if t["role"] == "official"} == {"Foreign Minister MOTEGI Toshimitsu"}


def test_turn_roles(rec):
    assert [t["role"] for t in rec["turns"]] == ["official", "reporter", "official", "reporter", "official"]


def test_reporter_with_outlet(rec):
    assert rec["turns"][1]["speaker"] == "Yonhap News Agency, Kim"


def test_date_line_not_in_text(rec):
    assert "10:05 a.m." not in rec["text"]


def test_provisional_translation(rec):
    assert (rec["is_translation"], rec["extra"]["provisional_translation"]) == (True, True)


def test_language_switch(rec):
    assert rec["alt_urls"] == ["https://www.mofa.go.jp/mofaj/press/kaiken/kaikenw_000001_00190.html"]


def test_text_coming_soon_is_pending(run):
    assert run.by_id(SOON)["text_status"] == "pending"


def test_filled_text_is_version_two(revisit):
    assert [(i["statement_id"], i["extra"]["version"], i["text_status"]) for i in revisit.items] == [(SOON, 2, "full")]


def test_filled_text_turns(revisit):
    assert [t["role"] for t in revisit.by_id(SOON)["turns"]] == ["official", "reporter", "official"]
