"""rdi_severity on a spacy.blank pipeline: highest cue severity, default, and 0 when not nationalist."""

from __future__ import annotations

import pytest
import spacy

import nlp.components  # noqa: F401
from nlp.labels import CUES_KEY


@pytest.fixture
def nlp():  # noqa: ANN201
    pipe = spacy.blank("en")
    pipe.add_pipe("sentencizer")
    ruler = pipe.add_pipe("span_ruler", name="cues", config={"spans_key": CUES_KEY, "phrase_matcher_attr": "LOWER"})
    ruler.add_patterns([
        {"label": "nationalist", "pattern": "regret", "id": "regret"},
        {"label": "nationalist", "pattern": "protest", "id": "protest"},
        {"label": "nationalist", "pattern": "countermeasures", "id": "threat"},
        {"label": "history", "pattern": "comfort women", "id": "comfort_women"},
    ])
    sev = pipe.add_pipe("rdi_severity", config={"default_severity": 2})
    sev.initialize(severities={"regret": 1, "protest": 2, "threat": 3})
    return pipe


def run(nlp, text: str, nationalist: bool) -> int:  # noqa: ANN001
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == "rdi_severity":
            for sent in doc.sents:
                sent._.rdi_flags = {"nationalist": nationalist}
        doc = proc(doc)
    return next(iter(doc.sents))._.rdi_severity


@pytest.mark.parametrize(
    ("text", "nationalist", "expected"),
    [
        ("We regret the decision.", True, 1),
        ("We regret it and protest.", True, 2),
        ("We protest and will take countermeasures.", True, 3),
        ("This is simply wrong.", True, 2),  # nationalist without a cue: the default
        ("We protest and will take countermeasures.", False, 0),  # not flagged nationalist
        ("The comfort women issue.", True, 2),  # history cues carry no severity
    ],
)
def test_severity(nlp, text: str, nationalist: bool, expected: int) -> None:  # noqa: ANN001
    assert run(nlp, text, nationalist) == expected


def test_bad_default_is_rejected() -> None:
    pipe = spacy.blank("en")
    with pytest.raises(ValueError, match="default_severity"):
        pipe.add_pipe("rdi_severity", config={"default_severity": 5})


class _Fixed:
    """A stand-in for a fitted severity model that answers 3 for every sentence (records its input)."""

    def __init__(self) -> None:
        self.seen: list[list[str]] = []

    def predict(self, rows):  # noqa: ANN001, ANN201
        self.seen.append([r[0] for r in rows])
        return [3] * len(rows)


def test_attached_model_decides_for_nationalist_sentences_only(nlp) -> None:  # noqa: ANN001
    model = _Fixed()
    nlp.get_pipe("rdi_severity").set_model(model)
    assert run(nlp, "We regret the decision.", True) == 3  # the rules would say 1
    assert run(nlp, "We regret the decision.", False) == 0
    assert model.seen == [["We regret the decision"]]  # never asked about a non-nationalist sentence
    nlp.get_pipe("rdi_severity").set_model(None)
    assert run(nlp, "We regret the decision.", True) == 1  # back to the rules


def _fitted(texts_levels):  # noqa: ANN001, ANN202
    from nlp.classifiers import build_severity_pipeline
    from nlp.features import _pairs

    X = _pairs([(t, "NOCUE") for t, _ in texts_levels])
    return build_severity_pipeline("en", min_df=1).fit(X, [lvl for _, lvl in texts_levels])


def test_model_survives_to_disk_and_from_disk(nlp, tmp_path) -> None:  # noqa: ANN001
    model = _fitted([("we warn you", 3), ("we warn them", 3), ("we regret it", 1), ("we regret this", 1)])
    nlp.get_pipe("rdi_severity").set_model(model)
    nlp.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    assert loaded.get_pipe("rdi_severity").estimator is not None
    assert loaded.get_pipe("rdi_severity").severities == {"regret": 1, "protest": 2, "threat": 3}
    assert run(loaded, "They warn us.", True) == 3 and run(loaded, "They regret it.", True) == 1


def test_rules_only_pipeline_round_trips_without_a_model(nlp, tmp_path) -> None:  # noqa: ANN001
    nlp.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    assert loaded.get_pipe("rdi_severity").estimator is None
    assert run(loaded, "We protest and will take countermeasures.", True) == 3


def test_tampered_severity_model_is_refused(nlp, tmp_path) -> None:  # noqa: ANN001
    from nlp.model_io import ModelError

    nlp.get_pipe("rdi_severity").set_model(_fitted([("we warn you", 3), ("we regret it", 1)]))
    nlp.to_disk(tmp_path / "pipe")
    path = tmp_path / "pipe" / "rdi_severity" / "severity.skops"
    path.write_bytes(path.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(ModelError):
        spacy.load(tmp_path / "pipe")


def test_model_reads_the_cue_string_the_framing_model_read(nlp) -> None:  # noqa: ANN001
    """Severity scores the row the framing classifier built (``Span._.rdi_cues``), not a recomputed one."""
    from nlp.classifiers import build_severity_pipeline
    from nlp.features import _pairs

    rows = [("we act", "R:threat"), ("we act now", "R:threat"), ("we act", "NOCUE"), ("we act now", "NOCUE")]
    model = build_severity_pipeline("en", min_df=1).fit(_pairs(rows), [3, 3, 1, 1])
    nlp.get_pipe("rdi_severity").set_model(model)

    def severity(stored: str | None) -> int:
        doc = nlp.make_doc("We act.")
        for name, proc in nlp.pipeline:
            if name == "rdi_severity":
                for sent in doc.sents:
                    sent._.rdi_flags = {"nationalist": True}
                    sent._.rdi_cues = stored
            doc = proc(doc)
        return next(iter(doc.sents))._.rdi_severity

    assert severity(None) == 1  # no framing row stored: the cues are computed afresh (none here)
    assert severity("R:threat") == 3  # the framing model's row decides
