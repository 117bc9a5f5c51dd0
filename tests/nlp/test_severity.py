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
