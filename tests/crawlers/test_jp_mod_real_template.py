"""jp_mod_press_conferences_ja on the real record template (2020–26) and the script-built index.

The real records put 日時 / 場所 / 備考 as labels with their values on the next line, with the
minister named only in 備考; the index lists nothing in HTML (``kisha_ja.js`` holds the list).
"""

from __future__ import annotations

import pytest

from tests.crawlers.conftest import FILES, crawl_mirror

SRC = "jp_mod_press_conferences_ja"
ROOT = FILES / "jp_mod_press_conferences_ja_real"
REC = f"{SRC}:press/kisha/2023/0526a"


@pytest.fixture(scope="module")
def run(module_home):
    return crawl_mirror(SRC, ROOT, module_home, since="2023-05-01")


@pytest.fixture(scope="module")
def rec(run):
    return run.by_id(REC)


def test_run_ok(run):
    assert run.result.ok, run.result.problems


def test_script_index_discovers_record_in_window_only(run):
    assert [i["statement_id"] for i in run.items] == [REC]


def test_title(rec):
    assert rec["title"] == "防衛大臣記者会見"


def test_event_date(rec):
    assert rec["event_date"] == "2023-05-26"


def test_speaker_from_note(rec):
    assert rec["speaker"] == "浜田防衛大臣"


def test_header_labels_not_in_text(rec):
    assert not any(w in rec["text"] for w in ("日時", "場所", "備考", "国会議事堂本館内閣議室前"))


def test_text_starts_with_announcement_section(rec):
    assert rec["text"].startswith("1 発表事項\n6月1日、東京において、日米防衛相会談を開催")


def test_header_kept_in_extra(rec):
    assert (rec["extra"]["kisha_datetime"], rec["extra"]["kisha_place"], rec["extra"]["kisha_note"]) == (
        "令和5年5月26日(金)09:31~09:34", "国会議事堂本館内閣議室前", "浜田防衛大臣閣議後会見")


def test_turn_roles(rec):
    assert [(t["role"], t["speaker"]) for t in rec["turns"]] == [
        ("official", "浜田防衛大臣"), ("reporter", "記者"), ("official", "浜田防衛大臣"),
        ("reporter", "記者"), ("official", "浜田防衛大臣")]


def test_opening_turn_is_the_announcement_only(rec):
    assert rec["turns"][0]["text"].startswith("6月1日、東京において") and "日時" not in rec["turns"][0]["text"]


def test_doc_type(rec):
    assert rec["doc_type"] == "press_conference"
