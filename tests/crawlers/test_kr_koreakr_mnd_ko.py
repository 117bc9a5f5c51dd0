"""kr_koreakr_mnd_ko: the route to MND texts is korea.kr's dept_mnd.xml (via = mirror)."""

from __future__ import annotations

import pytest

from tests.crawlers.conftest import FILES, crawl_mirror

SRC = "kr_koreakr_mnd_ko"
ROOT = FILES / SRC


@pytest.fixture(scope="module")
def first(module_home):
    return crawl_mirror(SRC, ROOT, module_home, since="2025-07-01")


@pytest.fixture(scope="module")
def dokdo(first):
    return first.by_id(f"{SRC}:156699120")


def test_run_ok(first):
    assert first.result.ok, first.result.problems


def test_items(first):
    assert sorted(i["statement_id"] for i in first.items) == [f"{SRC}:156699120", f"{SRC}:156700900"]


def test_title(dokdo):
    assert dokdo["title"] == "일본 방위백서 독도 영유권 주장 관련 국방부 입장"


def test_text(dokdo):
    assert dokdo["text"].startswith("국방부는 일본 정부가 방위백서를 통해 독도에 대한 부당한 영유권 주장을")


def test_event_date(dokdo):
    assert dokdo["event_date"] == "2025-07-15"


def test_office(dokdo):
    assert dokdo["office"] == "Ministry of National Defense of Korea"


def test_channel(dokdo):
    assert dokdo["channel"] == "kr_mnd"


def test_via_mirror(dokdo):
    assert dokdo["via"] == "mirror"


def test_publisher(dokdo):
    assert dokdo["extra"]["publisher"] == "국방부"


def test_window(tmp_path):
    crawl = crawl_mirror(SRC, ROOT, tmp_path, since="2025-10-01")
    assert [i["statement_id"] for i in crawl.items] == [f"{SRC}:156700900"]
