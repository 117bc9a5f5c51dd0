"""Cross-site duplicates (president.go.kr vs korea.kr) through the real pipelines and state stores."""

from __future__ import annotations

import pytest
from scrapy.utils.test import get_crawler

from crawlers.items import Statement
from crawlers.pipelines.duplicates import DuplicatePipeline, is_duplicate
from crawlers.pipelines.normalise import NormalisePipeline
from crawlers.state import StateStore, state_path

SPEECH = ("존경하는 국민 여러분, 오늘 우리는 광복 81주년을 맞았습니다. " * 12).strip()


def _stmt(source: str, site_id: str, text: str, day: str) -> Statement:
    return NormalisePipeline().process_item(Statement(
        statement_id=f"{source}:{site_id}", source=source, channel="kr_president", country="KR", office="Office of the President",
        tier="leader", lang="ko", title="광복절 경축사", url=f"https://example.kr/{site_id}", text=text, event_date=day))


@pytest.fixture()
def state_dir(tmp_path):
    """president.go.kr already crawled: one speech in its state store."""
    store = StateStore(state_path(tmp_path, "kr_president_speeches_ko"))
    store.record(_stmt("kr_president_speeches_ko", "AbCd1234", SPEECH, "2026-08-15").to_dict())
    store.close()
    return tmp_path


def _pipeline(state_dir):
    return DuplicatePipeline.from_crawler(get_crawler(settings_dict={"RDI_STATE_DIR": str(state_dir)}))


def test_korea_kr_copy_points_to_the_canonical(state_dir):
    item = _stmt("kr_koreakr_speeches_ko", "156700001", SPEECH.replace("여러분,", "여러분"), "2026-08-16")
    out = _pipeline(state_dir).process_item(item)
    assert out.extra["duplicate_of"] == "kr_president_speeches_ko:AbCd1234"


def test_copy_is_kept_not_merged(state_dir):
    item = _stmt("kr_koreakr_speeches_ko", "156700001", SPEECH, "2026-08-16")
    out = _pipeline(state_dir).process_item(item)
    assert (out.statement_id, out.text) == ("kr_koreakr_speeches_ko:156700001", SPEECH)


def test_outside_three_days_not_a_duplicate(state_dir):
    item = _stmt("kr_koreakr_speeches_ko", "156700002", SPEECH, "2026-08-20")
    assert "duplicate_of" not in _pipeline(state_dir).process_item(item).extra


def test_different_text_not_a_duplicate(state_dir):
    item = _stmt("kr_koreakr_speeches_ko", "156700003", "국무회의 모두발언입니다. " * 20, "2026-08-15")
    assert "duplicate_of" not in _pipeline(state_dir).process_item(item).extra


def test_canonical_learns_about_earlier_copies(tmp_path):
    store = StateStore(state_path(tmp_path, "kr_koreakr_speeches_ko"))
    store.record(_stmt("kr_koreakr_speeches_ko", "156700001", SPEECH, "2026-08-16").to_dict())
    store.close()
    out = _pipeline(tmp_path).process_item(_stmt("kr_president_speeches_ko", "AbCd1234", SPEECH, "2026-08-15"))
    assert out.extra["duplicates"] == ["kr_koreakr_speeches_ko:156700001"]


def test_length_ratio_rule():
    assert (is_duplicate(SPEECH, SPEECH[: len(SPEECH) // 2]), is_duplicate(SPEECH, SPEECH) == 100.0) == (None, True)
