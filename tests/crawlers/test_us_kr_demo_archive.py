"""The KR/US demo sources crawl the bundled offline archive end to end (crawlers/demo/site).

Every statement the archive's MANIFEST lists for 2024-10 … 2026-10 must come out of a
``--since 2024-10-01`` crawl (feeds, sitemaps, JSON endpoints and list back-fill), with the
manifest's event date and reporter-turn count.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.crawlers.conftest import crawl_mirror

SITE = Path(__file__).resolve().parents[2] / "crawlers" / "demo" / "site"
MANIFEST = SITE.parent / "MANIFEST.tsv"
SOURCES = ["kr_president_speeches_ko", "kr_mofa_press_releases_ko", "kr_mofa_briefings_en", "us_state_briefings", "us_whitehouse_statements"]


def manifest(source: str) -> dict[str, dict[str, str]]:
    """The archive's statements of one source, by statement id."""
    with MANIFEST.open(encoding="utf-8") as fh:
        return {r["statement_id"]: r for r in csv.DictReader(fh, delimiter="\t") if r["source"] == source and r["statement_id"]}


@pytest.fixture(scope="module", params=SOURCES)
def run(request, tmp_path_factory):
    if not MANIFEST.is_file():
        pytest.skip("demo archive not built in this checkout")
    crawl = crawl_mirror(request.param, SITE, tmp_path_factory.mktemp(request.param), since="2024-10-01")
    return request.param, crawl, manifest(request.param)


def test_every_archived_statement_is_crawled(run):
    source, crawl, expected = run
    assert sorted(i["statement_id"] for i in crawl.items) == sorted(expected)


def test_event_dates_match_the_archive(run):
    source, crawl, expected = run
    wrong = [(i["statement_id"], i["event_date"]) for i in crawl.items if i["event_date"] != expected[i["statement_id"]]["event_date"]]
    assert wrong == []


def test_reporter_turns_match_the_archive(run):
    source, crawl, expected = run
    counts = {i["statement_id"]: sum(t["role"] == "reporter" for t in i["turns"]) for i in crawl.items}
    wrong = [(sid, n) for sid, n in counts.items() if expected[sid]["reporter_turns"] and int(expected[sid]["reporter_turns"]) != n]
    assert wrong == []


def test_every_statement_has_full_text(run):
    source, crawl, expected = run
    assert [i["statement_id"] for i in crawl.items if i["text_status"] != "full"] == []


def test_no_statement_invalid(run):
    source, crawl, expected = run
    assert crawl.result.health["items_invalid"] == 0
