"""bench/tagging.py: the statements it times are read as ``rdi tag`` reads crawled units."""

from __future__ import annotations

import pytest

from nlp.speakers import country_from_unit_id
from tests.bench.scripts import load_bench_script


@pytest.fixture(scope="module")
def bench():  # noqa: ANN201
    return load_bench_script("tagging")


def _row(doc_id: str, text: str, *, lang: str = "en", url: str | None = None, speaker: str | None = None,
         context: str | None = None) -> dict:
    return {"doc_id": doc_id, "lang": lang, "text": text, "source_url": url, "speaker": speaker, "context": context}


ROWS = [
    _row("a", "We strongly protest.", url="https://www.mofa.go.jp/press/release/1.html"),
    _row("a", "The claim is unacceptable.", url="https://www.mofa.go.jp/press/release/1.html"),
    _row("b", "Thank you for the question.", url="https://www.state.gov/briefings/2", context="Q1: On Japan?"),
    _row("b", "We welcome the meeting.", url="https://www.state.gov/briefings/2", context="Q1: On Japan?"),
    _row("b", "Nothing to add.", url="https://www.state.gov/briefings/2", context="Q2: On Korea?"),
    _row("c", "An authored sentence.", speaker=None),
    _row("d", "日本側に抗議した。", lang="ja", url="https://www.mofa.go.jp/mofaj/press/1.html"),
]


def test_crawled_units_carry_the_speaker_and_one_unit_per_answer_turn(bench, monkeypatch) -> None:
    monkeypatch.setattr(bench, "load_corpus", lambda: ROWS)
    units = bench.crawled_units("en")
    assert [u.text for u in units] == [
        "We strongly protest. The claim is unacceptable.",
        "Thank you for the question. We welcome the meeting.",
        "Nothing to add.",
        "An authored sentence.",
    ]
    # the unit id's prefix is what the tagger reads the speaking government from
    assert [country_from_unit_id(u.unit_id) for u in units] == ["JP", "US", "US", None]
    assert [u.context for u in units] == [None, "Q1: On Japan?", "Q2: On Korea?", None]
    assert len({u.unit_id for u in units}) == len(units)
    # the bare-text view joins the same statements whole, with nothing that names a speaker
    assert bench.statements("en") == [
        "We strongly protest. The claim is unacceptable.",
        "Thank you for the question. We welcome the meeting. Nothing to add.",
        "An authored sentence.",
    ]


def test_japanese_statements_join_without_spaces(bench, monkeypatch) -> None:
    monkeypatch.setattr(bench, "load_corpus", lambda: ROWS)
    (unit,) = bench.crawled_units("ja")
    assert unit.text == "日本側に抗議した。" and country_from_unit_id(unit.unit_id) == "JP"
