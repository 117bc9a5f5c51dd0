"""nlp/estimators.py: the NB-weighted logistic regression, by hand-computed ratios and round trips."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from nlp.classifiers import build_framing_pipeline
from nlp.estimators import NBLogisticRegression
from nlp.labels import LABELS
from nlp.model_io import dump_model, load_model
from tests.nlp.conftest import FRAMING_TEXTS

# Columns: 0 only in positive rows, 1 only in negative rows, 2 in every row (weights differ).
X_TOY = sp.csr_matrix(np.array([
    [1.0, 0.0, 0.5],
    [2.0, 0.0, 1.0],
    [0.0, 1.0, 0.3],
    [0.0, 3.0, 0.7],
    [0.0, 1.0, 0.2],
]))
Y_TOY = np.array([1, 1, 0, 0, 0])


def test_log_count_ratio_matches_a_hand_computation() -> None:
    model = NBLogisticRegression(alpha=1.0).fit(X_TOY, Y_TOY)
    # Presence counts + alpha: positives p = (2, 0, 2) + 1 = (3, 1, 3), sum 7;
    # negatives q = (0, 3, 3) + 1 = (1, 4, 4), sum 9. r = log((p / 7) / (q / 9)).
    expected = np.log((np.array([3, 1, 3]) / 7) / (np.array([1, 4, 4]) / 9))
    assert np.allclose(model.log_count_ratio_, expected)
    assert model.log_count_ratio_[0] > 0 > model.log_count_ratio_[1]


def test_learns_the_telling_feature_and_returns_probabilities() -> None:
    model = NBLogisticRegression(C=10.0).fit(X_TOY, Y_TOY)
    proba = model.predict_proba(sp.csr_matrix([[1.0, 0.0, 0.5], [0.0, 1.0, 0.5]]))
    assert proba.shape == (2, 2)
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert proba[0, 1] > 0.5 > proba[1, 1]
    assert model.predict(X_TOY).tolist() == Y_TOY.tolist()
    assert np.all(np.sign(model.decision_function(X_TOY)) == np.where(Y_TOY == 1, 1, -1))


def test_bad_input_gives_a_clear_error() -> None:
    with pytest.raises(ValueError, match="two classes"):
        NBLogisticRegression().fit(X_TOY, np.zeros(5, dtype=int))
    model = NBLogisticRegression().fit(X_TOY, Y_TOY)
    with pytest.raises(ValueError, match="2 features, the model was fitted on 3"):
        model.predict_proba(sp.csr_matrix(np.ones((1, 2))))


def test_framing_pipeline_with_nb_survives_the_trusted_skops_round_trip(tmp_path: Path) -> None:
    X = np.array([(t, "NOCUE") for t, _ in FRAMING_TEXTS], dtype=object)
    Y = np.array([y for _, y in FRAMING_TEXTS])
    model = build_framing_pipeline("en", min_df=1, calibration_cv=2, nb=True).fit(X, Y)
    dump_model(model, tmp_path / "m.skops")
    loaded = load_model(tmp_path / "m.skops")  # refuses any type not in TRUSTED_TYPES
    before = np.column_stack([p[:, 1] for p in model.predict_proba(X)])
    after = np.column_stack([p[:, 1] for p in loaded.predict_proba(X)])
    assert np.allclose(before, after)
    # Each label ranks its own positive sentence above the neutral one.
    for j, _label in enumerate(LABELS):
        positive = next(i for i, (_, y) in enumerate(FRAMING_TEXTS) if y[j] == 1)
        assert after[positive, j] > after[3, j]


def test_dump_stores_large_parameter_arrays_as_float32(tmp_path: Path) -> None:
    import copy
    import zipfile

    import skops.io as sio
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    X = sp.random(200, 3000, density=0.01, random_state=0, format="csr")
    y = (X[:, :50].sum(axis=1).A1 + rng.normal(0, 0.01, 200) > 0.05).astype(int)
    model = LogisticRegression(C=10.0, max_iter=2000).fit(X, y)
    original = copy.deepcopy(model)
    sio.dump(original, tmp_path / "plain.skops", compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    dump_model(model, tmp_path / "m.skops")
    loaded = load_model(tmp_path / "m.skops")
    assert loaded.coef_.dtype == np.float32 and loaded.coef_.shape == (1, 3000)
    assert loaded.intercept_.dtype == np.float64  # small arrays are left as they are
    assert np.abs(loaded.predict_proba(X) - original.predict_proba(X)).max() < 1e-6
    assert (tmp_path / "m.skops").stat().st_size < 0.8 * (tmp_path / "plain.skops").stat().st_size
