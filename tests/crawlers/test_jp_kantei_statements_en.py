"""jp_kantei_statements_en crawled through Scrapy (EN feed, hub, list, translated transcript)."""

from __future__ import annotations

import pytest

from tests.crawlers.conftest import FILES, crawl_mirror

SRC = "jp_kantei_statements_en"
SID = f"{SRC}:105/statement/202608/19kaiken"


@pytest.fixture(scope="module")
def run(module_home):
    return crawl_mirror(SRC, FILES / SRC, module_home, since="2026-08-01")


@pytest.fixture(scope="module")
def item(run):
    return run.by_id(SID)


def test_run_ok(run):
    assert run.result.ok, run.result.problems


def test_only_statement_items(run):
    assert [i["statement_id"] for i in run.items] == [SID]


def test_title(item):
    assert item["title"] == "Press Conference by the Prime Minister regarding the Launch of a Ballistic Missile by North Korea"


def test_event_date_from_yyyymm_dd_url(item):
    assert item["event_date"] == "2026-08-19"


def test_lang(item):
    assert item["lang"] == "en"


def test_is_translation(item):
    assert item["is_translation"] is True


def test_speaker(item):
    assert item["speaker"] == "Prime Minister TAKAICHI Sanae"


def test_turn_roles(item):
    assert [t["role"] for t in item["turns"]] == ["official", "moderator", "reporter", "official"]


def test_section_headers_not_in_turns(item):
    assert not any("Provisional" in t["text"] or "Opening Statement" in t["text"] for t in item["turns"])


def test_language_switch_to_japanese(item):
    assert item["alt_urls"] == ["https://www.kantei.go.jp/jp/105/statement/2026/0819kaiken.html"]
