"""``rdi_speaker_guesser``: which government is speaking, guessed from the text when nothing says so.

Production units carry their source (``jp_…``, ``kr_…``, ``us_…``), so ``doc._.rdi_self`` is
known and this component does nothing. An English sentence on its own (an external evaluation
file, ``rdi evaluate --data``) does not say who speaks, yet the target depends on it: "Japan's
position" is Japan speaking, "our alliance" is Korea or Japan speaking of the United States.
A small scikit-learn text model (nlp/classifiers.py ``build_speaker_pipeline``, trained on the
speaker field of the corpus) writes ``doc._.rdi_speaker_guess`` (JP, KR, US) when its
probability reaches ``min_proba``; it reads a unit quoted whole without its quote marks
(``features.as_said``), as the classifiers do. The target resolver uses it after the direct evidence
(naming claims, self-references, pair compounds). Without a fitted model the component is a no-op.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from nlp.features import as_said, doc_text
from nlp.model_io import dump_model, load_model, read_config, write_config

MODEL_FILE = "model.skops"
CFG_FILE = "cfg.json"


@Language.factory(
    "rdi_speaker_guesser",
    assigns=["doc._.rdi_speaker_guess"],
    default_config={"min_proba": 0.6, "batch_size": 256},
)
def make_speaker_guesser(nlp: Language, name: str, *, min_proba: float, batch_size: int) -> SpeakerGuesser:
    """Build an empty guesser; a fitted model is attached by ``set_model`` or ``from_disk``."""
    return SpeakerGuesser(name, min_proba=min_proba, batch_size=batch_size)


class SpeakerGuesser:
    """Guess the speaking government of docs whose ``rdi_self`` is unknown (see module docstring)."""

    def __init__(self, name: str, *, min_proba: float = 0.6, batch_size: int = 256) -> None:
        self.name = name
        self.min_proba = float(min_proba)
        self.batch_size = batch_size
        self.estimator: Any = None

    def set_model(self, estimator: Any, *, min_proba: float | None = None) -> None:
        """Attach a fitted text classifier whose classes are country codes."""
        self.estimator = estimator
        if min_proba is not None:
            self.min_proba = float(min_proba)

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], *, batch_size: int | None = None) -> Iterator[Doc]:
        """Guess in batches (one ``predict_proba`` per batch of docs without a known speaker)."""
        for batch in minibatch(docs, batch_size or self.batch_size):
            todo = [d for d in batch if d._.rdi_self is None and doc_text(d).strip()]
            if self.estimator is not None and todo:
                proba = self.estimator.predict_proba([as_said(doc_text(d)) for d in todo])
                classes = list(self.estimator.classes_)
                for doc, row in zip(todo, proba, strict=True):
                    best = int(row.argmax())
                    doc._.rdi_speaker_guess = classes[best] if row[best] >= self.min_proba else None
            yield from batch

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write ``cfg.json`` and, when a model is attached, ``model.skops`` (skops, never pickle)."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        cfg: dict[str, Any] = {"min_proba": self.min_proba, "sha256": None}
        if self.estimator is not None:
            cfg["sha256"] = dump_model(self.estimator, path / MODEL_FILE)
        write_config(path / CFG_FILE, cfg)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> SpeakerGuesser:
        """Load what ``to_disk`` wrote, checking hash and trusted types."""
        path = Path(path)
        cfg = read_config(path / CFG_FILE, "speaker-guesser")
        estimator = load_model(path / MODEL_FILE, expected_sha256=cfg["sha256"]) if cfg.get("sha256") else None
        self.estimator = estimator
        self.min_proba = float(cfg.get("min_proba", self.min_proba))
        return self
