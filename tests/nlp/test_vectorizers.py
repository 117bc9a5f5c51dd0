"""nlp/vectorizers.py: same features as scikit-learn's vectorizers, vocabulary persisted as one string."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from nlp.model_io import ModelError, dump_model, load_model
from nlp.vectorizers import PACKED, SIZE, CompactCountVectorizer, CompactTfidfVectorizer

TEXTS = [
    "Japan must withdraw its unjust claim to Dokdo immediately.",
    "We welcome the trilateral cooperation of Japan, the ROK and the United States.",
    "独島は歴史的・地理的・国際法的に明白な韓国固有の領土である。",
    "竹島は日本固有の領土であり、極めて遺憾である。",
    "일본 정부는 역사를 직시해야 한다.",
]


@pytest.mark.parametrize(("compact", "plain", "kwargs"), [
    (CompactTfidfVectorizer, TfidfVectorizer, {"ngram_range": (1, 2), "sublinear_tf": True}),
    (CompactTfidfVectorizer, TfidfVectorizer, {"analyzer": "char", "ngram_range": (1, 3), "min_df": 2}),
    (CompactCountVectorizer, CountVectorizer, {"token_pattern": r"\S+", "binary": True}),
])
def test_skops_round_trip_gives_the_same_features(tmp_path: Path, compact, plain, kwargs) -> None:  # noqa: ANN001
    fitted = compact(**kwargs).fit(TEXTS)
    reference = plain(**kwargs).fit(TEXTS)
    dump_model(fitted, tmp_path / "v.skops")
    loaded = load_model(tmp_path / "v.skops")
    assert type(loaded) is compact
    assert loaded.vocabulary_ == reference.vocabulary_
    assert np.allclose(loaded.transform(TEXTS).toarray(), reference.transform(TEXTS).toarray())


def test_state_holds_one_string_not_a_dict() -> None:
    state = CompactTfidfVectorizer(analyzer="char", ngram_range=(1, 3)).fit(TEXTS).__getstate__()
    assert "vocabulary_" not in state
    assert isinstance(state[PACKED], str)


def test_unfitted_vectorizer_stays_unfitted(tmp_path: Path) -> None:
    from sklearn.exceptions import NotFittedError

    assert PACKED not in CompactTfidfVectorizer().__getstate__()
    dump_model(CompactTfidfVectorizer(), tmp_path / "v.skops")
    with pytest.raises(NotFittedError):
        load_model(tmp_path / "v.skops").transform(TEXTS)


def test_term_with_the_separator_keeps_the_dict(tmp_path: Path) -> None:
    vec = CompactCountVectorizer(token_pattern=r"[^ ]+").fit(["a\x00b c"])
    state = vec.__getstate__()
    assert PACKED not in state and state["vocabulary_"] == {"a\x00b": 0, "c": 1}
    dump_model(vec, tmp_path / "v.skops")
    assert load_model(tmp_path / "v.skops").vocabulary_ == vec.vocabulary_


def test_packed_vocabulary_of_the_wrong_size_is_a_model_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vec = CompactCountVectorizer().fit(["alpha beta gamma"])
    original = CompactCountVectorizer.__getstate__

    def short_count(self):  # noqa: ANN001, ANN202 - a file written wrongly (or edited) claims one term more
        state = original(self)
        state[SIZE] += 1
        return state

    with monkeypatch.context() as m:
        m.setattr(CompactCountVectorizer, "__getstate__", short_count)
        dump_model(vec, tmp_path / "v.skops")
    with pytest.raises(ModelError, match="could not be loaded .*packed vocabulary holds 3 terms, expected 4"):
        load_model(tmp_path / "v.skops")
