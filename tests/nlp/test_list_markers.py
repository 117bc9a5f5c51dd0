"""rdi_list_markers on spacy.blank pipelines, and the tagger reading a numbered statement."""

from __future__ import annotations

import pytest
import spacy

import nlp.components  # noqa: F401
from nlp.components.list_markers import is_marker
from nlp.features import as_said, classifier_text
from nlp.tagger import UnitInput


def sentences(lang: str, text: str) -> list[str]:
    tokenizer = {"nlp": {"tokenizer": {"@tokenizers": "rdi.ko_mecab_tokenizer.v1"}}} if lang == "ko" else {}
    pipe = spacy.blank(lang, config=tokenizer)
    pipe.add_pipe("sentencizer")
    pipe.add_pipe("rdi_list_markers")
    return [s.text for s in pipe(text).sents]


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("en", "He said: 1. We strongly protest this. 2. We will work with Korea.",
     ["He said: 1.", "We strongly protest this.", "2. We will work with Korea."]),
    ("en", "1. We strongly protest this. 2. We will work with Korea.",
     ["1. We strongly protest this.", "2. We will work with Korea."]),
    ("ko", "다음과 같이 밝혔다. 1. 독도는 우리 땅이다. 가. 일본은 철회해야 한다.",
     ["다음과 같이 밝혔다.", "1. 독도는 우리 땅이다.", "가. 일본은 철회해야 한다."]),
    # near misses: a sentence ending in a number, a date, a number running on into a digit
    ("en", "The talks ended at 3. Then we met.", ["The talks ended at 3.", "Then we met."]),
    ("ko", "3.1운동 정신을 기린다. 6.25 전쟁을 기억한다.", ["3.1운동 정신을 기린다.", "6.25 전쟁을 기억한다."]),
    ("en", "We met. 2025. It was a good year.", ["We met.", "2025.", "It was a good year."]),
])
def test_a_marker_cut_off_joins_the_sentence_it_numbers(lang: str, text: str, expected: list[str]) -> None:
    assert sentences(lang, text) == expected


def test_without_the_component_the_marker_is_a_sentence_of_its_own() -> None:
    """The failure this component fixes: spaCy's sentencizer ends a sentence at "1."."""
    pipe = spacy.blank("en")
    pipe.add_pipe("sentencizer")
    assert [s.text for s in pipe("Fine. 1. We protest.").sents] == ["Fine.", "1.", "We protest."]


@pytest.mark.parametrize(("text", "marker"), [
    ("1.", True), ("２．", True), ("(3)", True), ("가.", True), ("①", True), ("・", True),
    ("2025.", False), ("3.1", False), ("Fine.", False), ("", False), ("1. We", False),
])
def test_is_marker(text: str, marker: bool) -> None:
    assert is_marker(text) is marker


@pytest.mark.parametrize(("text", "read"), [
    ("1. We strongly protest this.", "We strongly protest this."),
    ("(2) “We will work together.”", "We will work together."),
    ("가. 독도는 우리 땅이다.", "독도는 우리 땅이다."),
    ("3.1운동 정신을 기린다.", "3.1운동 정신을 기린다."),
    ("1.", "1."),
])
def test_classifiers_read_a_sentence_without_its_list_marker(text: str, read: str) -> None:
    assert as_said(text) == read
    assert classifier_text(text) == read.removesuffix(".")


def test_the_tagger_reads_a_numbered_statement_as_the_plain_one(tiny_tagger) -> None:  # noqa: ANN001
    """Numbered points got a sentence "1." of their own (counted as a sentence of the statement,
    able to take a target) and were read with their marker; now they score as the plain text."""
    plain = "We strongly protest Japan's claim to Dokdo. We will work together with Korea."
    numbered = "1. We strongly protest Japan's claim to Dokdo. 2. We will work together with Korea."
    tags = [list(tiny_tagger.tag([UnitInput(unit_id=f"u{i}", lang="en", text=t)]))
            for i, t in enumerate((plain, numbered))]
    probs = [[(t.p_history, t.p_territory, t.p_nationalist, t.p_conciliatory, t.target) for t in unit] for unit in tags]
    assert probs[0] == probs[1]
    assert [t.text for t in tags[1]] == ["1. We strongly protest Japan's claim to Dokdo.",
                                         "2. We will work together with Korea."]
