"""kr_president_speeches_en: the list page's ``#sendForm`` drives the AJAX JSON list."""

from __future__ import annotations

import pytest

from pipeline.parse import parse_page
from tests.crawlers.conftest import FILES, crawl_mirror

SRC = "kr_president_speeches_en"
ROOT = FILES / SRC
PAGE = "https://en.president.go.kr/president/statements-remarks"


@pytest.fixture(scope="module")
def first(module_home):
    return crawl_mirror(SRC, ROOT, module_home, since="2025-01-01")


@pytest.fixture(scope="module")
def budget(first):
    return first.by_id(f"{SRC}:QZxg91Ez")


def test_run_ok(first):
    assert first.result.ok, first.result.problems


def test_items_from_send_form_list(first):
    assert sorted(i["statement_id"] for i in first.items) == [f"{SRC}:96ecUYVL", f"{SRC}:QZxg91Ez"]


def test_title(budget):
    assert budget["title"] == "2026 Supplementary Budget Proposal Address (Unofficial Translation)"


def test_url_under_list_page(budget):
    assert budget["url"] == f"{PAGE}/QZxg91Ez"


def test_event_date(budget):
    assert budget["event_date"] == "2026-04-02"


def test_speaker_in_english(budget):
    assert budget["speaker"] == "Lee Jae Myung"


def test_is_translation(budget):
    assert budget["is_translation"] is True


def test_lang(budget):
    assert budget["lang"] == "en"


def test_text(budget):
    assert budget["text"].startswith("Honorable Speaker of the National Assembly")


def test_parse_list_page_posts_its_form():
    records = parse_page(SRC, PAGE, ROOT / "en.president.go.kr" / "president" / "statements-remarks" / "index.html", follow=True)
    assert records == [{"follow": "https://en.president.go.kr/ajaxf/frBoard/bbsViewGalleryList.do"}]
