"""Bilingual pairing hints between JA originals and EN versions, recorded, never merged."""

from __future__ import annotations

import pytest

from crawlers.pipelines.pairing import pair_score
from tests.crawlers.conftest import FILES, crawl_mirror


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    ja = crawl_mirror("jp_mofa_press_releases_ja", FILES / "jp_mofa_press_releases_ja", home, since="2026-10-01")
    en = crawl_mirror("jp_mofa_press_releases_en", FILES / "jp_mofa_press_releases_en", home, since="2026-10-01")
    return ja, en


@pytest.fixture(scope="module")
def conferences(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    ja = crawl_mirror("jp_mofa_press_conferences_ja", FILES / "jp_mofa_press_conferences_ja", home, since="2026-07-01")
    en = crawl_mirror("jp_mofa_press_conferences_en", FILES / "jp_mofa_press_conferences_en", home, since="2026-07-01")
    return ja, en


def test_language_switch_link_pairs(releases):
    _, en = releases
    assert en.by_id("jp_mofa_press_releases_en:pressite_000001_09300")["extra"]["pair_candidates"] == [
        {"statement_id": "jp_mofa_press_releases_ja:pressit_000001_04300", "score": 1.0, "method": "language_switch"}]


def test_pair_is_a_relation_not_a_merge(releases):
    _, en = releases
    item = en.by_id("jp_mofa_press_releases_en:pressite_000001_09300")
    assert (item["lang"], item["text"].startswith("1. Today")) == ("en", True)


def test_unrelated_release_not_paired(releases):
    _, en = releases
    assert "pair_candidates" not in en.by_id("jp_mofa_press_releases_en:pressite_000001_09290")["extra"]


def test_date_and_similarity_pairing_without_link(conferences):
    _, en = conferences
    cands = en.by_id("jp_mofa_press_conferences_en:kaikenwe_000001_00185")["extra"]["pair_candidates"]
    assert [(c["statement_id"], c["method"]) for c in cands] == [
        ("jp_mofa_press_conferences_ja:kaikenw_000001_00185", "date_speaker_similarity")]


def test_link_pairing_for_conferences(conferences):
    _, en = conferences
    cands = en.by_id("jp_mofa_press_conferences_en:kaikenwe_000001_00190")["extra"]["pair_candidates"]
    assert cands[0] == {"statement_id": "jp_mofa_press_conferences_ja:kaikenw_000001_00190", "score": 1.0, "method": "language_switch"}


def test_score_needs_dates_within_a_day():
    a = {"event_date": "2026-07-14", "text": "G7 14"}
    assert (pair_score(a, {"event_date": "2026-07-15", "text": "G7 14"}) > 0, pair_score(a, {"event_date": "2026-07-16", "text": "G7 14"})) == (True, 0.0)
