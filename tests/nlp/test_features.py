"""Classifier input rows (nlp/features.py): the cue string of a sentence, sentence texts, target rows."""

from __future__ import annotations

import re

import pytest
import spacy

import nlp.extensions  # noqa: F401
from nlp.classifiers import NO_TARGET_CUES
from nlp.features import cue_string, doc_text, span_text, target_rows
from nlp.labels import COUNTRIES_KEY, CUES_KEY


def _sentence(text: str, cues: tuple[tuple[int, int, str, str], ...] = (),
              countries: tuple[tuple[int, int, str], ...] = ()):  # noqa: ANN202
    """The first sentence of ``text`` with the given cue spans (start, end, label, rule id) and
    country spans (start, end, code), as the span ruler and the gazetteer would set them."""
    pipe = spacy.blank("en")
    pipe.add_pipe("sentencizer")
    doc = pipe(text)
    doc.spans[CUES_KEY] = [_span(doc, s, e, label, rid) for s, e, label, rid in cues]
    doc.spans[COUNTRIES_KEY] = [_span(doc, s, e, code) for s, e, code in countries]
    return next(iter(doc.sents))


def _span(doc, start: int, end: int, label: str, span_id: str = ""):  # noqa: ANN001, ANN202
    from spacy.tokens import Span

    return Span(doc, start, end, label=label, span_id=span_id)


def test_cues_countries_and_target_source() -> None:
    sent = _sentence("We protest Japan's claim.", cues=((1, 2, "nationalist", "protest"),), countries=((2, 3, "JP"),))
    sent._.rdi_target, sent._.rdi_target_source = "JP", "sentence"
    assert cue_string(sent) == "C:JP L:nationalist R:protest T:sentence"


def test_nocue_depends_on_the_sentence_alone() -> None:
    """A sentence without cue or country spans is ``NOCUE`` whether or not a target came from its
    statement, so without the ``T:`` tokens bare text and sourced text give the same features."""
    bare = _sentence("This is deeply regrettable.")
    sourced = _sentence("This is deeply regrettable.")
    sourced._.rdi_target, sourced._.rdi_target_source = "KR", "context"
    assert cue_string(bare) == "NOCUE"
    assert cue_string(sourced) == "NOCUE T:context"
    assert re.findall(NO_TARGET_CUES, cue_string(sourced)) == re.findall(NO_TARGET_CUES, cue_string(bare))


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "  We protest.  Japan's claim is unjust!\n\nWe welcome talks. "),
    ("ja", "竹島は日本固有の領土である。 極めて遺憾だ。\n韓国側に抗議した。"),
    ("ko", "독도는 우리 땅입니다.  일본 정부는 역사를 직시해야 한다!\t한미 동맹 "),
])
def test_span_text_is_span_text_without_building_tokens(lang: str, text: str) -> None:
    from nlp.build import build_nlp

    pipe = build_nlp(lang)
    with pipe.select_pipes(enable=["sentencizer"]):
        doc = pipe(text)
    spans = [*doc.sents, doc[:], doc[1:3], doc[len(doc) - 1:], doc[2:2]]
    assert [span_text(s) for s in spans] == [s.text for s in spans]
    assert doc_text(doc) == doc.text
    assert not doc.user_data  # nothing stored on the doc itself (spaCy serializes user_data)


def test_target_rows_may_take_the_framing_cue_strings() -> None:
    sent = _sentence("We protest Japan's claim.", cues=((1, 2, "nationalist", "protest"),), countries=((2, 3, "JP"),))
    sent._.rdi_target, sent._.rdi_target_source = "JP", "sentence"
    computed = target_rows([sent], ["nationalist"], ["KR"])
    assert computed[0, 1] == "C:JP L:nationalist R:protest T:sentence F:N S:KR P:JP"
    sent._.rdi_cues = cue_string(sent)
    assert (target_rows([sent], ["nationalist"], ["KR"], framing_cues=True) == computed).all()
    sent._.rdi_cues = "R:stale"  # read as given: the caller vouches that no target changed since
    assert target_rows([sent], ["nationalist"], ["KR"], framing_cues=True)[0, 1] == "R:stale F:N S:KR P:JP"
