"""Fixtures for the tagger tests: one tiny model trained once per session (a few seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

TINY_CORPUS = Path(__file__).resolve().parents[1] / "files" / "nlp" / "tiny_corpus"

# Four framing sentences (labels: history, territory, nationalist, conciliatory) x 4, enough to fit
# a framing model with min_df=1 and 2-fold calibration; the fourth sentence is neutral.
FRAMING_TEXTS = [
    ("We strongly protest the distortion of comfort women history.", (1, 0, 1, 0)),
    ("Dokdo is our territory and we reject the claim.", (0, 1, 1, 0)),
    ("We welcome cooperation and a future-oriented partnership.", (0, 0, 0, 1)),
    ("The briefing starts at ten.", (0, 0, 0, 0)),
] * 4


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A framing model trained on tests/files/nlp/tiny_corpus (en, ja)."""
    from nlp.training import train

    out = tmp_path_factory.mktemp("models")
    return train(TINY_CORPUS, out, version="tiny", langs=("en", "ja"))


@pytest.fixture(scope="session")
def tiny_model_with_stage(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny model with the unit-context stage kept wherever it gains F1 at all: the tiny corpus
    is too small to clear the bars of ``fit_unit_context`` (McNemar, shuffled rows), and some
    tests need the stage."""
    from nlp import training
    from nlp.unit_context import grouped_features

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(training, "UNIT_CONTEXT_MIN_Z", float("-inf"))
        mp.setattr(training, "shuffled_features", lambda probs, groups, seed=0: grouped_features(probs, groups)[0])
        return training.train(TINY_CORPUS, tmp_path_factory.mktemp("models"), version="tiny-stage", langs=("en", "ja"))


@pytest.fixture(scope="session")
def tiny_tagger(tiny_model: Path):  # noqa: ANN201
    from nlp.tagger import load_tagger

    return load_tagger(tiny_model)


@pytest.fixture(scope="session")
def tiny_rescorer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-layer transformer rescorer fine-tuned on FRAMING_TEXTS (about ten seconds; needs the
    'train' extra, which the dev extra includes)."""
    import numpy as np

    from nlp.transformer_training import RescorerSettings, fine_tune

    texts = [t for t, _ in FRAMING_TEXTS]
    Y = np.array([y for _, y in FRAMING_TEXTS])
    settings = RescorerSettings(layers=1, epochs=3, batch_size=4, learning_rate=1e-3)
    return fine_tune(texts, Y, settings, tmp_path_factory.mktemp("rescorer"))


def rescorer_cfg(path: Path, **changes: object) -> dict:
    """A rescorer config for the encoder and tokenizer in ``path`` (hashes computed here)."""
    from nlp.components.transformer_rescorer import ENCODER_FILE, TOKENIZER_FILE
    from nlp.labels import LABELS
    from nlp.model_io import sha256_file

    cfg = {"labels": ["nationalist", "conciliatory"], "output_labels": list(LABELS),
           "thresholds": {"nationalist": 0.5, "conciliatory": 0.5}, "context_thresholds": {},
           "band": [0.2, 0.8], "weight": 0.5, "max_tokens": 96,
           "sha256": {name: sha256_file(path / name) for name in (ENCODER_FILE, TOKENIZER_FILE)}}
    return {**cfg, **changes}


@pytest.fixture(scope="session")
def tiny_model_with_rescorer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny model with a one-layer rescorer attached to English: the tiny corpus is too small
    for the keep rule (nlp/transformer_training.py ``keep_rule``) or the dev minimum, and these
    tests need the stage."""
    from nlp import transformer_training
    from nlp.training import train

    settings = transformer_training.RescorerSettings(layers=1, epochs=2, batch_size=4, learning_rate=1e-3,
                                                     band=(0.1, 0.9), min_dev_positives=0)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(transformer_training, "keep_rule", lambda row: True)
        return train(TINY_CORPUS, tmp_path_factory.mktemp("models"), version="tiny-rescorer", langs=("en", "ja"),
                     rescorer=settings)
