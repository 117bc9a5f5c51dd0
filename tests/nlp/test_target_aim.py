"""rdi_target_aim on spacy.blank pipelines: the target follows the classifier's framing (codebook rule 13).

The classifier's flags are set by hand after the resolver, where the framing component would
set them, so each case fixes the reading the component must act on.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import nlp.components  # noqa: F401
from nlp.labels import COUNTRIES_KEY, CUES_KEY, LABELS

COUNTRIES = [("JP", "Japan", "jp"), ("KR", "ROK", "kr"), ("US", "United States", "us"),
             ("KP", "North Korea", "kp"), ("other", "Russia", "other_state")]
CUES = [("conciliatory", "work closely"), ("conciliatory", "cooperation"), ("nationalist", "condemn"),
        ("nationalist", "threats")]


def make() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    cues = nlp.add_pipe("span_ruler", name="cues", config={"spans_key": CUES_KEY, "phrase_matcher_attr": "LOWER"})
    cues.add_patterns([{"label": label, "pattern": text, "id": text} for label, text in CUES])
    countries = nlp.add_pipe("span_ruler", name="countries",
                             config={"spans_key": COUNTRIES_KEY, "phrase_matcher_attr": "LOWER",
                                     "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"}})
    countries.add_patterns([{"label": code, "pattern": text, "id": rid} for code, text, rid in COUNTRIES])
    nlp.add_pipe("rdi_target_resolver", name="target")
    nlp.add_pipe("rdi_target_aim", name="aim")
    return nlp


def tag(nlp: Language, text: str, flags: set[str], *, own: str = "JP") -> Doc:
    """Run the rule stages, set the classifier's flags by hand, then run the aim component."""
    doc = nlp.make_doc(text)
    doc._.rdi_self = own
    with nlp.select_pipes(disable=["aim"]):
        doc = nlp(doc)
    for sent in doc.sents:
        sent._.rdi_flags = {k: k in flags for k in LABELS}
    return nlp.get_pipe("aim")(doc)


@pytest.fixture(scope="module")
def en() -> Language:
    return make()


def first(doc: Doc) -> tuple[str | None, str | None]:
    sent = next(iter(doc.sents))
    return sent._.rdi_target, sent._.rdi_target_source


def test_pressing_north_korea_with_a_cooperative_cue_aims_at_north_korea(en: Language) -> None:
    text = "We will work closely with the United States and the ROK on further measures against North Korea."
    # The cues read cooperation: the resolver drops North Korea and the two partners tie to "other".
    assert first(tag(en, text, {"conciliatory"})) == ("other", "sentence")
    # The classifier reads pressure as well: the target follows the nationalist framing.
    assert first(tag(en, text, {"nationalist", "conciliatory"})) == ("KP", "aim")


def test_cooperation_read_where_a_cue_said_threats_aims_at_the_partner(en: Language) -> None:
    text = "We will deepen cooperation with the United States to counter North Korea's threats."
    assert first(tag(en, text, {"nationalist", "conciliatory"})) == ("KP", "sentence")
    assert first(tag(en, text, {"conciliatory"})) == ("US", "aim")


def test_agreeing_readings_and_unframed_sentences_keep_their_target(en: Language) -> None:
    text = "We condemn North Korea's launch together with the United States."
    assert first(tag(en, text, {"nationalist"})) == ("KP", "sentence")
    # The classifier no longer frames it: nothing to re-read.
    assert first(tag(en, text, set())) == ("KP", "sentence")
    # No cue at all but a nationalist reading: left alone (it moved as many targets wrong as right).
    text = "North Korea launched a missile while the United States watched."
    before = first(tag(en, text, set()))
    assert first(tag(en, text, {"nationalist"})) == before


def test_a_sentence_naming_no_country_keeps_the_unit_target(en: Language) -> None:
    doc = tag(en, "We condemn North Korea's launch. We will work closely on further steps.", {"nationalist"})
    second = list(doc.sents)[1]
    assert (second._.rdi_target, second._.rdi_target_source) == ("KP", "unit")


def test_russia_with_north_korea_in_a_pressing_sentence_is_other(en: Language) -> None:
    text = "We will work closely with the ROK on the cooperation between Russia and North Korea."
    assert first(tag(en, text, {"conciliatory"})) == ("KR", "sentence")
    assert first(tag(en, text, {"nationalist", "conciliatory"})) == ("other", "aim")


def test_a_resolver_name_that_is_not_a_resolver_is_refused() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("rdi_target_aim", config={"resolver": "sentencizer"})
    with pytest.raises(ValueError, match="not an rdi_target_resolver"):
        nlp("North Korea launched a missile.")
