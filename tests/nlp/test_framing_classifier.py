"""rdi_framing_classifier on spacy.blank, and the nlp.to_disk -> spacy.load round trip."""

from __future__ import annotations

import functools

import numpy as np
import pytest
import spacy

import nlp.components  # noqa: F401
from nlp.classifiers import build_framing_pipeline, build_target_pipeline
from nlp.features import target_rows
from nlp.labels import LABELS
from nlp.model_io import ModelError
from tests.nlp.conftest import FRAMING_TEXTS

TEXTS = FRAMING_TEXTS


@functools.cache
def fitted():  # noqa: ANN201
    X = np.array([(t, "NOCUE") for t, _ in TEXTS], dtype=object)
    Y = np.array([y for _, y in TEXTS])
    return build_framing_pipeline("en", min_df=1, calibration_cv=2).fit(X, Y)


# Framed sentences naming no country, with the country each aims at: the target model must learn
# the words ("missile" -> KP, "airspace" -> CN), since the resolver has nothing to go on.
TARGET_TEXTS = [
    ("We strongly condemn the missile launch.", "KP"),
    ("The ballistic missile launch violates the resolutions.", "KP"),
    ("We protest the airspace incursion by the aircraft.", "CN"),
    ("The airspace violation is unacceptable.", "CN"),
] * 3


@functools.cache
def fitted_target():  # noqa: ANN201
    X = np.array([(t, "NOCUE F:N") for t, _ in TARGET_TEXTS], dtype=object)
    return build_target_pipeline("en", min_df=1).fit(X, [y for _, y in TARGET_TEXTS])


def blank_with_classifier(thresholds: dict[str, float] | None = None, self_country: str | None = None,
                          target_model: bool = False,
                          target_uses: tuple[str, ...] = ("unresolved",)):  # noqa: ANN201
    pipe = spacy.blank("en")
    pipe.add_pipe("sentencizer")
    pipe.add_pipe("rdi_target_resolver", config={"self_country": self_country})
    clf = pipe.add_pipe("rdi_framing_classifier")
    clf.set_model(fitted(), thresholds=thresholds or {k: 0.5 for k in LABELS},
                  default_targets={"nationalist": "JP", "nationalist|JP": "KR"},
                  target_estimator=fitted_target() if target_model else None, target_uses=target_uses)
    return pipe


def test_probabilities_and_flags_per_sentence() -> None:
    doc = blank_with_classifier()("We strongly protest the distortion of history. The briefing starts at ten.")
    first, second = list(doc.sents)
    assert set(first._.rdi_probs) == set(LABELS)
    assert all(0.0 <= p <= 1.0 for p in first._.rdi_probs.values())
    assert first._.rdi_probs["nationalist"] > second._.rdi_probs["nationalist"]
    assert first._.rdi_flags == {k: first._.rdi_probs[k] >= 0.5 for k in LABELS}


def test_thresholds_decide_the_flags() -> None:
    doc = blank_with_classifier({k: 1.01 for k in LABELS})("We strongly protest the distortion of history.")
    assert not any(next(iter(doc.sents))._.rdi_flags.values())


def test_prior_target_when_the_resolver_found_none() -> None:
    doc = blank_with_classifier()("We strongly protest the distortion of history.")
    sent = next(iter(doc.sents))
    assert (sent._.rdi_target, sent._.rdi_target_source) == ("JP", "prior")


def test_speaker_prior_wins_when_the_speaker_is_known() -> None:
    doc = blank_with_classifier(self_country="JP")("We strongly protest the distortion of history.")
    sent = next(iter(doc.sents))
    assert doc._.rdi_speaker == "JP"
    assert (sent._.rdi_target, sent._.rdi_target_source) == ("KR", "prior")


def test_target_model_replaces_the_prior_where_no_country_is_named() -> None:
    pipe = blank_with_classifier(target_model=True)
    missile, airspace = (next(iter(pipe(t).sents)) for t in
                         ("We condemn the missile launch.", "We protest the airspace incursion."))
    assert (missile._.rdi_target, missile._.rdi_target_source) == ("KP", "model")
    assert (airspace._.rdi_target, airspace._.rdi_target_source) == ("CN", "model")


def _resolved_as_japan(pipe, text: str, *, self_country: str | None = None, context: str | None = None,
                       resolved: bool = True):  # noqa: ANN202
    """Run ``pipe`` on ``text`` from a source whose speaker is ``self_country``, as if the gazetteer
    had resolved its sentence to JP (unless ``resolved`` is false)."""
    doc = pipe.make_doc(text)
    doc._.rdi_self = self_country
    for name, proc in pipe.pipeline:
        if name == "rdi_framing_classifier":
            doc._.rdi_context = context  # set here: this blank pipeline has no gazetteer to read it
            if resolved:
                sent = next(iter(doc.sents))
                sent._.rdi_target, sent._.rdi_target_source = "JP", "sentence"
        doc = proc(doc)
    return next(iter(doc.sents))


def test_target_model_leaves_a_resolved_target_alone() -> None:
    sent = _resolved_as_japan(blank_with_classifier(target_model=True), "We condemn the missile launch.")
    assert (sent._.rdi_target, sent._.rdi_target_source) == ("JP", "sentence")


BOTH_USES = ("unresolved", "bare_text")


def test_bare_text_use_sets_every_sentence_of_bare_text() -> None:
    # No source speaker and no question: the model decides, even over a resolved country.
    pipe = blank_with_classifier(target_model=True, target_uses=BOTH_USES)
    sent = _resolved_as_japan(pipe, "We condemn the missile launch.")
    assert (sent._.rdi_target, sent._.rdi_target_source) == ("KP", "bare_text_model")
    unresolved = next(iter(pipe("We protest the airspace incursion.").sents))
    assert (unresolved._.rdi_target, unresolved._.rdi_target_source) == ("CN", "bare_text_model")


TWO_SENTENCES = "We condemn the missile launch. We will respond."


@pytest.mark.parametrize(("text", "self_country", "context"), [
    (TWO_SENTENCES, "KR", None),  # a sourced statement: the resolver has the unit to read
    ("We condemn the missile launch.", None, "What about Japan's remarks?"),  # an answer to a question
    ("We condemn the missile launch.", "KR", "Japan said so. It was wrong."),  # a sentence after others
])
def test_bare_text_use_leaves_sourced_statements_to_the_resolver(text, self_country, context) -> None:  # noqa: ANN001
    pipe = blank_with_classifier(target_model=True, target_uses=BOTH_USES)
    sent = _resolved_as_japan(pipe, text, self_country=self_country, context=context)
    assert (sent._.rdi_target, sent._.rdi_target_source) == ("JP", "sentence")


def test_bare_text_use_sets_a_lone_sourced_sentence() -> None:
    # One sentence, nothing before it: knowing the speaker gives the resolver no more to read, and
    # there the model answered better (MEASUREMENTS §38). A second sentence gives the unit back.
    pipe = blank_with_classifier(target_model=True, target_uses=BOTH_USES)
    sent = _resolved_as_japan(pipe, "We condemn the missile launch.", self_country="KR")
    assert (sent._.rdi_target, sent._.rdi_target_source) == ("KP", "bare_text_model")


def test_bare_text_use_alone_leaves_unresolved_sourced_sentences_to_the_prior() -> None:
    pipe = blank_with_classifier(target_model=True, target_uses=("bare_text",))
    sent = _resolved_as_japan(pipe, TWO_SENTENCES, self_country="JP", resolved=False)
    assert (sent._.rdi_target, sent._.rdi_target_source) == ("KR", "prior")


def test_unknown_target_use_is_refused() -> None:
    with pytest.raises(ModelError, match="unknown target model use"):
        blank_with_classifier(target_model=True, target_uses=("everywhere",))


def test_pipe_matches_call() -> None:
    pipe = blank_with_classifier()
    texts = [t for t, _ in TEXTS[:4]]
    piped = [next(iter(d.sents))._.rdi_probs[k] for d in pipe.pipe(texts, batch_size=3) for k in LABELS]
    single = [next(iter(pipe(t).sents))._.rdi_probs[k] for t in texts for k in LABELS]
    assert piped == pytest.approx(single)


def test_without_a_model_it_refuses_to_tag() -> None:
    pipe = spacy.blank("en")
    pipe.add_pipe("sentencizer")
    pipe.add_pipe("rdi_framing_classifier")
    with pytest.raises(ModelError, match="no fitted model attached"):
        pipe("Some text.")


def test_to_disk_spacy_load_round_trip(tmp_path) -> None:  # noqa: ANN001
    pipe = blank_with_classifier({"history": 0.3, "territory": 0.4, "nationalist": 0.6, "conciliatory": 0.7})
    text = "We strongly protest the distortion of history. We welcome cooperation."
    before = [s._.rdi_probs[k] for s in pipe(text).sents for k in LABELS]
    pipe.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    after = [s._.rdi_probs[k] for s in loaded(text).sents for k in LABELS]
    assert loaded.pipe_names == pipe.pipe_names
    assert loaded.get_pipe("rdi_framing_classifier").thresholds["nationalist"] == 0.6
    assert after == pytest.approx(before)


@pytest.mark.parametrize(("uses", "source"), [(("unresolved",), "model"), (BOTH_USES, "bare_text_model")])
def test_round_trip_keeps_the_target_model_and_its_uses(tmp_path, uses, source) -> None:  # noqa: ANN001
    pipe = blank_with_classifier(target_model=True, target_uses=uses)
    pipe.to_disk(tmp_path / "pipe")
    assert (tmp_path / "pipe" / "rdi_framing_classifier" / "target.skops").is_file()
    loaded = spacy.load(tmp_path / "pipe")
    assert loaded.get_pipe("rdi_framing_classifier").target_uses == uses
    sent = next(iter(loaded("We protest the airspace incursion.").sents))
    assert (sent._.rdi_target, sent._.rdi_target_source) == ("CN", source)


@pytest.mark.parametrize("name", ["model.skops", "target.skops"])
def test_round_trip_refuses_a_tampered_model(tmp_path, name) -> None:  # noqa: ANN001
    pipe = blank_with_classifier(target_model=True)
    pipe.to_disk(tmp_path / "pipe")
    model = tmp_path / "pipe" / "rdi_framing_classifier" / name
    model.write_bytes(model.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(ModelError, match="does not match the SHA-256"):
        spacy.load(tmp_path / "pipe")


def test_target_rows_carry_the_resolvers_answer() -> None:
    pipe = spacy.blank("en")
    pipe.add_pipe("sentencizer")
    resolved, unresolved = (next(iter(pipe(t).sents)) for t in ("We protest this.", "We protest that."))
    resolved._.rdi_target = "JP"
    rows = target_rows([resolved, unresolved], ["nationalist", "conciliatory"], ["KR", None])
    assert rows[0, 0] == "We protest this"  # read as the classifiers read it (features.classifier_text)
    assert rows[0, 1].split()[-3:] == ["F:N", "S:KR", "P:JP"]
    assert rows[1, 1].split()[-2:] == ["F:C", "P:none"]


def test_bare_text_model_can_follow_the_resolver() -> None:
    # Same words, different resolver answers: a model fitted on such rows learns to trust the rules.
    X = np.array([("We protest this act.", f"NOCUE F:N P:{c}") for c in ("JP", "KR")] * 4, dtype=object)
    model = build_target_pipeline("en", min_df=1).fit(X, ["JP", "KR"] * 4)
    pipe = blank_with_classifier(target_model=True, target_uses=BOTH_USES)
    pipe.get_pipe("rdi_framing_classifier").target_estimator = model
    sent = _resolved_as_japan(pipe, "We protest this act.")
    assert (sent._.rdi_target, sent._.rdi_target_source) == ("JP", "bare_text_model")
    sent._.rdi_target = "KR"  # as if the rules had said KR: the same words now go to KR
    assert model.predict(target_rows([sent], ["nationalist"], [None]))[0] == "KR"


@pytest.mark.parametrize("target_cues", [True, False])
def test_target_source_cues_are_read_only_when_asked(target_cues: bool) -> None:
    """``target_cues=False`` ignores the ``T:`` tokens: a sentence scores the same with or without a
    statement around it (bare text has none); the default reads them."""
    texts = [t for t, _ in TEXTS]
    # A T: token that goes with the nationalist rows only, so a model reading it must lean on it.
    X = np.array([(t, "NOCUE T:unit" if y[LABELS.index("nationalist")] else "NOCUE") for t, y in TEXTS],
                 dtype=object)
    model = build_framing_pipeline("en", min_df=1, calibration_cv=2, target_cues=target_cues)
    model.fit(X, np.array([y for _, y in TEXTS]))
    cues = model.named_steps["features"].named_transformers_["cues"].vocabulary_
    assert ("T:unit" in cues) is target_cues
    rows = np.array([(texts[0], "NOCUE T:unit"), (texts[0], "NOCUE")], dtype=object)
    with_t, without_t = (p[1] for p in model.predict_proba(rows)[LABELS.index("nationalist")])
    assert bool(with_t == without_t) is (not target_cues)
