"""jp_mofa_press_releases_ja: yearless "M月D日付" lists, archive months, a Shift_JIS page."""

from __future__ import annotations

import pytest

from tests.crawlers.conftest import FILES, crawl_mirror

SRC = "jp_mofa_press_releases_ja"
DANWA = f"{SRC}:pressit_000001_04300"
SJIS = f"{SRC}:pressit_000001_04200"
READOUT = f"{SRC}:a_o/na/kr/pageit_000001_01234"


@pytest.fixture(scope="module")
def run(module_home):
    return crawl_mirror(SRC, FILES / SRC, module_home, since="2026-10-01")


def test_run_ok(run):
    assert run.result.ok, run.result.problems


def test_current_list_and_archive_month(run):
    assert sorted(i["statement_id"] for i in run.items) == [READOUT, SJIS, DANWA]


def test_yearless_list_date(run):
    assert run.by_id(DANWA)["event_date"] == "2026-11-20"


def test_title(run):
    assert run.by_id(DANWA)["title"] == "茂木外務大臣談話(試験用)"


def test_statement_speaker(run):
    assert run.by_id(DANWA)["speaker"] == "茂木外務大臣"


def test_statement_doc_type(run):
    assert run.by_id(DANWA)["doc_type"] == "statement"


def test_readout_is_release(run):
    assert (run.by_id(READOUT)["doc_type"], run.by_id(READOUT)["speaker"]) == ("release", None)


def test_english_link(run):
    assert run.by_id(DANWA)["alt_urls"] == ["https://www.mofa.go.jp/press/release/pressite_000001_09300.html"]


def test_text_without_furniture(run):
    assert run.by_id(DANWA)["text"].startswith("1 本日、政府は") and "English" not in run.by_id(DANWA)["text"]


def test_shift_jis_page_decoded(run):
    assert "北朝鮮が弾道ミサイルを発射" in run.by_id(SJIS)["text"]


def test_shift_jis_title(run):
    assert run.by_id(SJIS)["title"] == "北朝鮮による弾道ミサイル発射について(外務報道官談話)"


def test_press_secretary_statement(run):
    assert run.by_id(SJIS)["speaker"] == "外務報道官"


def test_real_list_page_links(real_parsed):
    records = real_parsed[(SRC, "mofa-jp/press-release-index-ja.html")]
    links = [r["discovered"] for r in records]
    assert (len(links), links[0], links[-1]) == (
        121,
        "https://www.mofa.go.jp/mofaj/me_a/me2/sa/pageit_000001_03140.html",
        "https://www.mofa.go.jp/mofaj/press/release/pressit_000001_03969.html",
    )


def test_real_list_page_no_statement_records(real_parsed):
    records = real_parsed[(SRC, "mofa-jp/press-release-index-ja.html")]
    assert all("discovered" in r for r in records)
