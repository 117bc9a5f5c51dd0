"""``rdi_severity``: severity 0–3 of nationalist sentences (methodology §6.2).

1 = ritual regret (遺憾 / 유감 / "regret"), 2 = protest, accusation or demand, 3 = threat,
derogation or ultimatum. Every sentence not flagged nationalist gets 0. A nationalist sentence
gets, by rule, the highest severity among the nationalist cue rules inside it
(``nlp/patterns/nationalist.<lang>.jsonl``), or ``default_severity`` when no rule fired.

When training attached a severity model (it beat the rules out-of-fold, nlp/training.py
``fit_severity``), that model decides instead: a multinomial logistic regression over the
sentence's text n-grams and cue tokens (nlp/classifiers.py ``build_severity_pipeline``), one
``predict`` per batch of docs, on the rows the framing classifier already built
(``Span._.rdi_cues``; nlp/features.py ``framing_rows``), the same rows training fitted it on.
It reads the rule ids too, so it learns where they are right
("강한 유감" stays 1) and what they miss ("엄중히 경고한다" is 3). Writes ``Span._.rdi_severity``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from nlp.features import framing_rows, sentence_cues
from nlp.model_io import dump_model, load_model, read_config, write_config

CFG_FILE = "severities.json"
MODEL_FILE = "severity.skops"
MODEL_CFG_FILE = "severity_model.json"


@Language.factory(
    "rdi_severity",
    requires=["span._.rdi_flags", "doc.spans"],
    assigns=["span._.rdi_severity"],
    default_config={"default_severity": 2, "batch_size": 256},
)
def make_severity(nlp: Language, name: str, *, default_severity: int, batch_size: int) -> Severity:
    """Build the severity scorer; rule severities come from ``initialize`` or ``from_disk``."""
    return Severity(name, default_severity=default_severity, batch_size=batch_size)


class Severity:
    """Assign 0–3 to each sentence from its nationalist flag and the cue rules or the fitted model."""

    def __init__(self, name: str, *, default_severity: int = 2, batch_size: int = 256) -> None:
        if default_severity not in (1, 2, 3):
            raise ValueError("default_severity must be 1, 2 or 3")
        self.name = name
        self.default_severity = default_severity
        self.batch_size = batch_size
        self.severities: dict[str, int] = {}
        self.estimator: Any = None

    def initialize(
        self, get_examples: Callable[[], Iterable[Any]] | None = None, *, nlp: Language | None = None,
        severities: dict[str, int] | None = None,
    ) -> None:
        """Take the rule severities (``[initialize.components.<name>.severities]`` in the config)."""
        self.severities = dict(severities or {})

    def set_model(self, estimator: Any) -> None:
        """Attach a fitted severity model (classes 1–3); ``None`` goes back to the rules."""
        self.estimator = estimator

    def sentence_severity(self, sent: Span) -> int:
        """Severity the rules give the sentence if it is nationalist (1–3)."""
        levels = [self.severities.get(s.id_, 0) for s in sentence_cues(sent) if s.label_ == "nationalist"]
        return max(levels) if levels and max(levels) > 0 else self.default_severity

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], *, batch_size: int | None = None) -> Iterator[Doc]:
        """Score docs in batches (one model ``predict`` per batch when a model is attached)."""
        for batch in minibatch(docs, batch_size or self.batch_size):
            hostile = []
            for doc in batch:
                for sent in doc.sents:
                    if (sent._.rdi_flags or {}).get("nationalist"):
                        hostile.append(sent)
                    else:
                        sent._.rdi_severity = 0
            if hostile and self.estimator is not None:
                levels = self.estimator.predict(framing_rows(hostile))
                for sent, level in zip(hostile, levels, strict=True):
                    sent._.rdi_severity = min(3, max(1, int(level)))
            else:
                for sent in hostile:
                    sent._.rdi_severity = self.sentence_severity(sent)
            yield from batch

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Save the rule severities and, when attached, the model (skops, never pickle)."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / CFG_FILE).write_text(json.dumps(self.severities, ensure_ascii=False, indent=1), "utf-8")
        (path / MODEL_FILE).unlink(missing_ok=True)
        digest = dump_model(self.estimator, path / MODEL_FILE) if self.estimator is not None else None
        write_config(path / MODEL_CFG_FILE, {"sha256": digest})

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> Severity:
        """Load the rule severities and the model, if one was saved (hash and trusted types checked)."""
        path = Path(path)
        self.severities = {k: int(v) for k, v in json.loads((path / CFG_FILE).read_text("utf-8")).items()}
        self.estimator = None
        if (path / MODEL_CFG_FILE).is_file():
            digest = read_config(path / MODEL_CFG_FILE, "severity model").get("sha256")
            if digest:
                self.estimator = load_model(path / MODEL_FILE, expected_sha256=digest)
        return self
