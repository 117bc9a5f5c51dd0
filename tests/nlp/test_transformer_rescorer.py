"""rdi_transformer_rescorer on spacy.blank with a one-layer fine-tuned encoder, and its round trip."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import spacy

import nlp.components  # noqa: F401
from nlp.components.transformer_rescorer import ENCODER_FILE, TOKENIZER_FILE
from nlp.labels import LABELS
from nlp.model_io import ModelError
from tests.nlp.conftest import rescorer_cfg
from tests.nlp.test_framing_classifier import fitted

TEXT = "We strongly protest the distortion of history. We welcome cooperation. The briefing starts at ten."
# First-stage probabilities given to the three sentences: in the band, above it, below it.
FIRST = [0.5, 0.9, 0.1]


def blank(model: Path | None = None, **changes: object) -> spacy.language.Language:
    pipe = spacy.blank("en")
    pipe.add_pipe("sentencizer")
    framing = pipe.add_pipe("rdi_framing_classifier", name="framing")
    framing.set_model(fitted())  # what nlp.to_disk needs; the tests set first-stage probabilities by hand
    rescorer = pipe.add_pipe("rdi_transformer_rescorer", name="rescorer")
    if model is not None:
        rescorer.set_model(model, rescorer_cfg(model, **changes))
    return pipe


def scored(pipe: spacy.language.Language, text: str = TEXT, first: list[float] = FIRST,
           context: bool = False) -> spacy.tokens.Doc:
    """``text`` through the rescorer alone, its sentences carrying ``first`` as every label's
    first-stage probability (and, with ``context``, marked as re-scored by the unit-context stage)."""
    doc = pipe.make_doc(text)
    doc = pipe.get_pipe("sentencizer")(doc)
    for sent, p in zip(doc.sents, first, strict=True):
        sent._.rdi_probs = {k: p for k in LABELS}
        sent._.rdi_flags = {k: p >= 0.5 for k in LABELS}
        if context:
            sent._.rdi_sentence_probs = {k: p for k in LABELS}
    return pipe.get_pipe("rescorer")(doc)


def test_without_a_model_it_passes_docs_through() -> None:
    doc = scored(blank())
    assert [s._.rdi_probs["nationalist"] for s in doc.sents] == FIRST


def test_mixes_only_inside_the_band(tiny_rescorer: Path) -> None:
    pipe = blank(tiny_rescorer)
    doc = scored(pipe)
    sents = list(doc.sents)
    own = pipe.get_pipe("rescorer").predict([s.text for s in sents])
    nat, conc = LABELS.index("nationalist"), LABELS.index("conciliatory")
    assert sents[0]._.rdi_probs["nationalist"] == pytest.approx(0.5 * 0.5 + 0.5 * own[0, nat])
    assert sents[0]._.rdi_probs["conciliatory"] == pytest.approx(0.5 * 0.5 + 0.5 * own[0, conc])
    assert sents[0]._.rdi_probs["history"] == 0.5  # not a label it was kept for
    assert [s._.rdi_probs["nationalist"] for s in sents[1:]] == FIRST[1:]  # outside the band


def test_a_changed_sentence_keeps_its_first_stage_probabilities(tiny_rescorer: Path) -> None:
    # What a neighbour reads (evaluation's second pass) must be the first stage, as in training.
    sents = list(scored(blank(tiny_rescorer)).sents)
    assert sents[0]._.rdi_sentence_probs == {k: 0.5 for k in LABELS}
    assert [s._.rdi_sentence_probs for s in sents[1:]] == [None, None]  # not changed
    marked = list(scored(blank(tiny_rescorer), first=[0.5, 0.9, 0.1], context=True).sents)
    assert marked[0]._.rdi_sentence_probs == {k: 0.5 for k in LABELS}  # the framing classifier's, kept


def test_the_transformer_reads_the_sentence(tiny_rescorer: Path) -> None:
    own = blank(tiny_rescorer).get_pipe("rescorer").predict(
        ["We strongly protest the distortion of comfort women history.", "The briefing starts at ten."])
    nat = LABELS.index("nationalist")
    assert own[0, nat] > own[1, nat]


def test_weight_and_band_come_from_the_config(tiny_rescorer: Path) -> None:
    doc = scored(blank(tiny_rescorer, band=[0.0, 1.0], weight=1.0))
    sents = list(doc.sents)
    own = blank(tiny_rescorer).get_pipe("rescorer").predict([s.text for s in sents])
    got = [s._.rdi_probs["nationalist"] for s in sents]
    assert got == pytest.approx(own[:, LABELS.index("nationalist")].tolist())


@pytest.mark.parametrize(("context", "expected"), [(False, True), (True, False)])
def test_flags_use_the_threshold_of_the_stage_that_scored(tiny_rescorer: Path, context: bool, expected: bool) -> None:
    # Sentence 2 keeps 0.9 (outside the band); 0.85 flags it, 0.95 does not.
    pipe = blank(tiny_rescorer, thresholds={"nationalist": 0.85, "conciliatory": 0.85},
                 context_thresholds={"nationalist": 0.95})
    pipe.get_pipe("framing").context_labels = ["nationalist"]
    second = list(scored(pipe, context=context).sents)[1]
    assert second._.rdi_flags["nationalist"] is expected
    assert second._.rdi_flags["conciliatory"] is True  # no context threshold: the first-stage one
    assert second._.rdi_flags["history"] is True  # left as the framing classifier set it


def test_batching_does_not_change_the_probabilities(tiny_rescorer: Path) -> None:
    texts = ["Short.", "We strongly protest the distortion of comfort women history again and again.", "Hi there."]
    one = blank(tiny_rescorer).get_pipe("rescorer")
    one.batch_size = 1
    many = blank(tiny_rescorer).get_pipe("rescorer")
    assert np.allclose(one.predict(texts), many.predict(texts), atol=1e-5)


def test_to_disk_spacy_load_round_trip(tiny_rescorer: Path, tmp_path: Path) -> None:
    pipe = blank(tiny_rescorer, thresholds={"nationalist": 0.3, "conciliatory": 0.7})
    pipe.to_disk(tmp_path / "pipe")
    assert (tmp_path / "pipe" / "rescorer" / ENCODER_FILE).is_file()
    loaded = spacy.load(tmp_path / "pipe")
    assert loaded.get_pipe("rescorer").cfg["thresholds"] == {"nationalist": 0.3, "conciliatory": 0.7}
    before = [s._.rdi_probs["nationalist"] for s in scored(pipe).sents]
    after = [s._.rdi_probs["nationalist"] for s in scored(loaded).sents]
    assert after == pytest.approx(before)


@pytest.mark.parametrize("name", [ENCODER_FILE, TOKENIZER_FILE])
def test_a_tampered_file_is_refused(tiny_rescorer: Path, tmp_path: Path, name: str) -> None:
    pipe = blank(tiny_rescorer)
    pipe.to_disk(tmp_path / "pipe")
    path = tmp_path / "pipe" / "rescorer" / name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="does not match the SHA-256"):
        spacy.load(tmp_path / "pipe")


def test_a_missing_file_is_refused(tiny_rescorer: Path, tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="rescorer file not found"):
        blank().get_pipe("rescorer").set_model(tmp_path, rescorer_cfg(tiny_rescorer))


@pytest.mark.parametrize("name", [ENCODER_FILE, TOKENIZER_FILE])
def test_a_corrupt_file_with_its_own_hash_is_refused(tiny_rescorer: Path, tmp_path: Path, name: str) -> None:
    for other in (ENCODER_FILE, TOKENIZER_FILE):
        (tmp_path / other).write_bytes((tiny_rescorer / other).read_bytes())
    (tmp_path / name).write_bytes(b"\x00not a model at all")
    with pytest.raises(ModelError, match="is corrupt"):
        blank().get_pipe("rescorer").set_model(tmp_path, rescorer_cfg(tmp_path))


@pytest.mark.parametrize("changes", [{"band": [0.8, 0.2]}, {"weight": 0.0}, {"labels": ["severity"]},
                                     {"thresholds": {}}, {"sha256": None}])
def test_a_malformed_config_is_refused(tiny_rescorer: Path, changes: dict) -> None:
    with pytest.raises(ModelError):
        blank().get_pipe("rescorer").set_model(tiny_rescorer, rescorer_cfg(tiny_rescorer, **changes))


@pytest.mark.parametrize("quoted", ["\u201cWe strongly protest the distortion of history.\u201d",
                                    '"We strongly protest the distortion of history."'])
def test_a_sentence_quoted_whole_reads_as_its_words(tiny_rescorer: Path, quoted: str) -> None:
    """Quote marks around a whole sentence say how it was published, not what it says; the classifiers
    read it without them (features.unquoted), and so does the transformer: with them, the shipped
    model's English flags changed on .015 of the test rows quoted whole (MEASUREMENTS §45)."""
    pipe = blank(tiny_rescorer)
    plain = scored(pipe, "We strongly protest the distortion of history.", first=[0.5])
    as_quoted = scored(pipe, quoted, first=[0.5])
    assert [s._.rdi_probs for s in as_quoted.sents] == [s._.rdi_probs for s in plain.sents]
    assert next(as_quoted.sents)._.rdi_probs != {k: 0.5 for k in LABELS}  # the transformer did read it
