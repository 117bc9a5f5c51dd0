"""jp_kantei_ccs_ja: AM/PM sessions, deputies, video-only, 長官談話, opening remarks posted later."""

from __future__ import annotations

import shutil

import pytest

from tests.crawlers.conftest import FILES, crawl_mirror

SRC = "jp_kantei_ccs_ja"
AM = f"{SRC}:tyoukanpress/202608/19_a"
PM = f"{SRC}:tyoukanpress/202608/19_p"
DEPUTY = f"{SRC}:tyoukanpress/202608/18_a"
DANWA = f"{SRC}:tyokan/105/20260814danwa"


@pytest.fixture(scope="module")
def run(module_home):
    return crawl_mirror(SRC, FILES / SRC, module_home, since="2026-08-01")


@pytest.fixture(scope="module")
def later_root(tmp_path_factory):
    """The same site some hours later: the morning session's opening remarks are now posted."""
    root = tmp_path_factory.mktemp("ccs_later")
    shutil.copytree(FILES / SRC, root, dirs_exist_ok=True)
    shutil.copytree(FILES / f"{SRC}_later", root, dirs_exist_ok=True)
    return root


@pytest.fixture(scope="module")
def too_soon(run, module_home, later_root):
    """Revisit at +1 h: before the first revisit age (3 h), nothing is fetched again."""
    return crawl_mirror(SRC, later_root, module_home, since="2026-08-01", extra_settings={"RDI_NOW": _plus(run, hours=1)})


@pytest.fixture(scope="module")
def revisit(too_soon, run, module_home, later_root):
    """Revisit at +4 h: the pending session is due and now has text."""
    return crawl_mirror(SRC, later_root, module_home, since="2026-08-01", extra_settings={"RDI_NOW": _plus(run, hours=4)})


def _plus(run, hours):
    from datetime import datetime, timedelta

    first = datetime.fromisoformat(run.by_id(AM)["first_seen_at"])
    return (first + timedelta(hours=hours)).isoformat()


def test_run_ok(run):
    assert run.result.ok, run.result.problems


def test_all_sessions_and_statement(run):
    assert sorted(i["statement_id"] for i in run.items) == sorted([AM, PM, DEPUTY, DANWA])


def test_session_without_text_yet_is_pending(run):
    assert run.by_id(AM)["text_status"] == "pending"


def test_pending_has_no_text(run):
    assert run.by_id(AM)["text"] == ""


def test_no_opening_remarks_is_video_only(run):
    assert run.by_id(PM)["text_status"] == "video_only"


def test_session_label(run):
    assert run.by_id(PM)["extra"]["session"] == "午後"


def test_speaker_parsed_per_page(run):
    assert run.by_id(AM)["speaker"] == "木原内閣官房長官"


def test_deputy_substitutes(run):
    assert run.by_id(DEPUTY)["speaker"] == "佐藤内閣官房副長官"


def test_deputy_text(run):
    assert run.by_id(DEPUTY)["text"] == "【佐藤内閣官房副長官冒頭発言】\n本日の閣議では、一般案件等が決定されました。(試験用に作成した文章です。)"


def test_event_date(run):
    assert run.by_id(DEPUTY)["event_date"] == "2026-08-18"


def test_statement_speaker_from_signature(run):
    assert run.by_id(DANWA)["speaker"] == "木原内閣官房長官"


def test_statement_doc_type(run):
    assert run.by_id(DANWA)["doc_type"] == "statement"


def test_statement_published_from_feed(run):
    assert run.by_id(DANWA)["published_at"] == "2026-08-14T19:00:00+09:00"


def test_not_due_yet_nothing_fetched(too_soon):
    assert too_soon.items == []


def test_pending_filled_becomes_new_version(revisit):
    assert [(i["statement_id"], i["extra"]["version"]) for i in revisit.items] == [(AM, 2)]


def test_filled_version_has_text(revisit):
    assert revisit.by_id(AM)["text_status"] == "full"


def test_filled_version_records_previous(revisit):
    assert revisit.by_id(AM)["extra"]["previous_text_status"] == "pending"


def test_filled_version_keeps_first_seen(revisit, run):
    assert revisit.by_id(AM)["first_seen_at"] == run.by_id(AM)["first_seen_at"]


def test_old_version_stays_in_earlier_staging_file(run, revisit):
    assert run.result.feed_path.is_file() and run.result.feed_path != revisit.result.feed_path
