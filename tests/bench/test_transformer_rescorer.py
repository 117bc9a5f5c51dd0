"""bench/transformer_rescorer.py: the mixing rules and F1 at the dev threshold (no fine-tuning)."""

from __future__ import annotations

import numpy as np
import pytest

from tests.bench.scripts import load_bench_script


@pytest.fixture(scope="module")
def bench():  # noqa: ANN201
    return load_bench_script("transformer_rescorer")


def _probs(bench, nat: list[float], conc: list[float]) -> np.ndarray:
    out = np.zeros((len(nat), len(bench.LABELS)))
    out[:, bench.LABELS.index("nationalist")] = nat
    out[:, bench.LABELS.index("conciliatory")] = conc
    return out


def test_band_mixes_only_inside_the_band_per_label(bench) -> None:
    lin = _probs(bench, [0.1, 0.5, 0.9, 0.0], [0.0, 0.0, 0.0, 0.3])
    tf = _probs(bench, [1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0])
    mixed, read = bench.band(lin, tf, 0.2, 0.8)
    nat, conc = bench.LABELS.index("nationalist"), bench.LABELS.index("conciliatory")
    assert mixed[:, nat].tolist() == [0.1, 0.75, 0.9, 0.0]  # below and above the band keep the linear value
    assert mixed[:, conc].tolist() == [0.0, 0.0, 0.0, 0.65]
    assert read.tolist() == [False, True, False, True]


def test_cascade_mixes_every_label_of_rows_at_the_floor(bench) -> None:
    lin = _probs(bench, [0.1, 0.3], [0.2, 0.0])
    tf = _probs(bench, [0.5, 0.5], [0.6, 0.6])
    mixed, read = bench.cascade(lin, tf, 0.2)
    conc = bench.LABELS.index("conciliatory")
    assert read.tolist() == [True, True]
    assert mixed[:, conc].tolist() == pytest.approx([0.4, 0.3])
    _, read_high = bench.cascade(lin, tf, 0.25)
    assert read_high.tolist() == [False, True]


def test_f1_at_dev_threshold_reads_test_at_the_dev_choice(bench) -> None:
    # Dev: every threshold up to .8 separates perfectly; the plateau midpoint is the threshold.
    y_dev = np.array([1, 1, 0, 0])
    p_dev = np.array([0.9, 0.8, 0.1, 0.05])
    t = bench.choose_threshold(y_dev, p_dev)["threshold"]
    # Test: one positive above t, one below, one negative above -> P 1/2, R 1/2, F1 1/2.
    y_test = np.array([1, 1, 0, 0])
    p_test = np.array([0.95, t - 0.01, t + 0.01, 0.0])
    assert bench.f1_at_dev_threshold(y_dev, p_dev, y_test, p_test) == pytest.approx((0.5, 0.5, 0.5))
