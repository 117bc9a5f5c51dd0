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
