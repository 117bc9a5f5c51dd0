"""kr_koreakr_mofa_ko: MOFA items on korea.kr (dept_mofa.xml); spokesperson briefings split into turns."""

from __future__ import annotations

import pytest

from tests.crawlers.conftest import FILES, crawl_mirror

SRC = "kr_koreakr_mofa_ko"
ROOT = FILES / SRC


@pytest.fixture(scope="module")
def first(module_home):
    return crawl_mirror(SRC, ROOT, module_home, since="2024-12-01")


@pytest.fixture(scope="module")
def briefing(first):
    return first.by_id(f"{SRC}:156666658")


def test_run_ok(first):
    assert first.result.ok, first.result.problems


def test_items(first):
    assert sorted(i["statement_id"] for i in first.items) == [f"{SRC}:156666001", f"{SRC}:156666658"]


def test_briefing_doc_type(briefing):
    assert briefing["doc_type"] == "briefing"


def test_briefer_named_in_header(briefing):
    assert briefing["speaker"] == "이재웅 대변인"


def test_turn_roles(briefing):
    assert [t["role"] for t in briefing["turns"]] == ["official", "reporter", "official", "reporter", "official"]


def test_notes_are_not_turn_text(briefing):
    assert not any("마이크" in t["text"] or "질문·답변" in t["text"] for t in briefing["turns"])


def test_event_date(briefing):
    assert briefing["event_date"] == "2024-12-19"


def test_office(briefing):
    assert briefing["office"] == "Ministry of Foreign Affairs of Korea"


def test_release_doc_type(first):
    assert first.by_id(f"{SRC}:156666001")["doc_type"] == "release"


def test_release_has_no_speaker(first):
    assert first.by_id(f"{SRC}:156666001")["speaker"] is None


def test_publisher_recorded(first):
    assert first.by_id(f"{SRC}:156666001")["extra"]["publisher"] == "외교부"
