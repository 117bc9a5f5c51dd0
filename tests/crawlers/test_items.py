"""crawlers.items: the text the crawlers store."""

from __future__ import annotations

import pytest

from crawlers.items import content_hash, normalise_text


@pytest.mark.parametrize(("raw", "stored"), [
    # U+2024 ONE DOT LEADER: NFKC alone makes it a full stop, and the sentencizer then ends a sentence there
    ("역사적\u2024지리적\u2024국제법적으로 명백한 우리 고유의 영토", "역사적·지리적·국제법적으로 명백한 우리 고유의 영토"),
    # U+318D HANGUL LETTER ARAEA as a separator: NFKC alone makes it the conjoining vowel U+119E
    ("한\u318d미\u318d일 정상회의", "한·미·일 정상회의"),
    ("한\u119e미\u119e일", "한·미·일"),  # text stored by an earlier crawl
    ("令和８年\u3000８月\xa0１２日\n\n\n次", "令和8年 8月 12日\n\n次"),
])
def test_normalise_text(raw: str, stored: str) -> None:
    assert normalise_text(raw) == stored


def test_middle_dot_spellings_are_one_statement() -> None:
    assert content_hash("한ㆍ일 관계") == content_hash("한·일 관계")
