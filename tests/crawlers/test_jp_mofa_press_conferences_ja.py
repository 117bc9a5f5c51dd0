"""jp_mofa_press_conferences_ja crawled through Scrapy: index → month pages → records with turns."""

from __future__ import annotations

import pytest

from tests.crawlers.conftest import FILES, crawl_mirror

SRC = "jp_mofa_press_conferences_ja"
REC = f"{SRC}:kaikenw_000001_00190"
ADHOC = f"{SRC}:kaikenit_000001_00080"


@pytest.fixture(scope="module")
def run(module_home):
    return crawl_mirror(SRC, FILES / SRC, module_home, since="2026-07-01")


@pytest.fixture(scope="module")
def rec(run):
    return run.by_id(REC)


def test_run_ok(run):
    assert run.result.ok, run.result.problems


def test_months_in_window_only(run):
    assert sorted(i["statement_id"] for i in run.items) == [ADHOC, f"{SRC}:kaikenw_000001_00185", REC]


def test_title(rec):
    assert rec["title"] == "茂木外務大臣会見記録"


def test_event_date_from_date_line(rec):
    assert rec["event_date"] == "2026-08-18"


def test_published_at_from_posting_date(rec):
    assert rec["published_at"] == "2026-08-19T00:00:00+09:00"


def test_speaker(rec):
    assert rec["speaker"] == "茂木外務大臣"


def test_registry_fields(rec):
    assert (rec["country"], rec["tier"], rec["lang"], rec["doc_type"]) == ("JP", "ministry", "ja", "press_conference")


def test_turn_roles(rec):
    assert [t["role"] for t in rec["turns"]] == ["official", "reporter", "official", "reporter", "official"]


def test_opening_remarks_are_one_official_turn(rec):
    assert rec["turns"][0]["text"].startswith("(1)日・ASEAN外相会議への出席\n冒頭、私から2点申し上げます。")


def test_reporter_speaker_with_media(rec):
    assert rec["turns"][1]["speaker"] == "聯合ニュース 金記者"


def test_answer_spanning_paragraphs(rec):
    assert rec["turns"][2]["text"] == "日韓関係は極めて重要です。\n引き続き意思疎通を図ってまいります。"


def test_topic_headings_kept_out_of_turns(rec):
    assert rec["extra"]["topics"] == ["日韓関係", "竹島"]


def test_text_is_whole_transcript(rec):
    assert all(t["text"].split("\n")[0] in rec["text"] for t in rec["turns"])


def test_language_switch_link(rec):
    assert rec["alt_urls"] == ["https://www.mofa.go.jp/press/kaiken/kaikenwe_000001_00190.html"]


def test_full_width_digits_normalised(rec):
    assert "2点" in rec["text"]


def test_adhoc_markers_and_speaker_from_title(run):
    adhoc = run.by_id(ADHOC)
    assert [(t["role"], t["speaker"]) for t in adhoc["turns"]] == [
        ("official", "茂木外務大臣"), ("reporter", "記者"), ("official", "茂木外務大臣")]
