"""Fixtures for the tagger tests: one tiny model trained once per session (a few seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

TINY_CORPUS = Path(__file__).resolve().parents[1] / "files" / "nlp" / "tiny_corpus"


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A framing model trained on tests/files/nlp/tiny_corpus (en, ja)."""
    from nlp.training import train

    out = tmp_path_factory.mktemp("models")
    return train(TINY_CORPUS, out, version="tiny", langs=("en", "ja"))


@pytest.fixture(scope="session")
def tiny_tagger(tiny_model: Path):  # noqa: ANN201
    from nlp.tagger import load_tagger

    return load_tagger(tiny_model)
