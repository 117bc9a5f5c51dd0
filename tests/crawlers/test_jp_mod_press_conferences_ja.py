"""jp_mod_press_conferences_ja: BOM feed with relative links and batch pubDates, Q/A turns, PDFs."""

from __future__ import annotations

import pytest

from tests.crawlers.conftest import FILES, crawl_mirror

SRC = "jp_mod_press_conferences_ja"
KISHA = f"{SRC}:press/kisha/2026/0818a"
NEWS = f"{SRC}:press/news/2026/08/19a"
SOLO = f"{SRC}:press/news/2026/08/12c"
PDF = f"{SRC}:press/news/2026/08/17a.pdf"
SCAN = f"{SRC}:press/news/2026/08/17b.pdf"


@pytest.fixture(scope="module")
def run(module_home):
    return crawl_mirror(SRC, FILES / SRC, module_home, since="2026-08-01")


def test_run_ok(run):
    assert run.result.ok, run.result.problems


def test_press_items_only(run):
    assert sorted(i["statement_id"] for i in run.items) == sorted([KISHA, NEWS, SOLO, PDF, SCAN])


def test_kisha_speaker(run):
    assert run.by_id(KISHA)["speaker"] == "小泉防衛大臣"


def test_kisha_event_date(run):
    assert run.by_id(KISHA)["event_date"] == "2026-08-18"


def test_kisha_turns(run):
    assert [(t["role"], t["speaker"]) for t in run.by_id(KISHA)["turns"]] == [
        ("official", "小泉防衛大臣"), ("reporter", "記者"), ("official", "小泉防衛大臣"),
        ("reporter", "記者"), ("official", "小泉防衛大臣")]


def test_kisha_header_not_in_text(run):
    assert "日時" not in run.by_id(KISHA)["text"]


def test_relative_feed_link_made_absolute(run):
    assert run.by_id(NEWS)["url"] == "https://www.mod.go.jp/j/press/news/2026/08/19a.html"


def test_batch_pubdate_not_used_as_item_time(run):
    assert run.by_id(NEWS)["published_at"] is None


def test_batch_time_kept(run):
    assert run.by_id(NEWS)["extra"]["feed_batch_time"] == "2026-08-19T18:02:36+09:00"


def test_unshared_pubdate_used(run):
    assert run.by_id(SOLO)["published_at"] == "2026-08-12T15:00:00+09:00"


def test_release_doc_type(run):
    assert run.by_id(NEWS)["doc_type"] == "release"


def test_pdf_text_extracted(run):
    assert run.by_id(PDF)["text"] == "Ministry of Defense: the Minister will visit Australia. Test text."


def test_pdf_title_from_feed(run):
    assert run.by_id(PDF)["title"] == "防衛大臣の海外出張について"


def test_pdf_without_text_is_partial(run):
    assert (run.by_id(SCAN)["text_status"], run.by_id(SCAN)["extra"]["text_missing"]) == ("partial", "pdf_without_text")


def test_real_feed_filters_to_press(real_parsed):
    records = real_parsed[(SRC, "mod-jp/news.xml")]
    links = [r["discovered"] for r in records]
    assert (len(links), all(u.startswith("https://www.mod.go.jp/j/press/") for u in links)) == (91, True)


def test_real_feed_keeps_pdfs(real_parsed):
    records = real_parsed[(SRC, "mod-jp/news.xml")]
    assert "https://www.mod.go.jp/j/press/news/2026/07/31a.pdf" in [r["discovered"] for r in records]
