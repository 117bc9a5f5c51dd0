"""Classifier input rows (nlp/features.py): the cue string of a sentence."""

from __future__ import annotations

import re

import spacy

import nlp.extensions  # noqa: F401
from nlp.classifiers import NO_TARGET_CUES
from nlp.features import cue_string
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
