"""RDI v1 arithmetic against values worked out by hand (methodology §6.3-§6.5)."""

from __future__ import annotations

import numpy as np
import pytest

from warehouse import rdi

approx = pytest.approx


def test_beta_prior_by_method_of_moments():
    # rates .1 .2 .3 .6 at n = 10: mu = (12 + .5) / (40 + 1) = .304878
    # v = ((-.2)^2 + (-.1)^2 + 0 + .3^2) / 3 = .046667; mu (1 - mu) = .211927
    # rho = (.046667 / .211927 - .1) / (1 - .1) = .133559; kappa = 1 / rho - 1 = 6.4874
    prior = rdi.fit_beta_prior(np.array([1, 2, 3, 6]), np.array([10, 10, 10, 10]))
    assert prior.strength == approx(6.4874, abs=1e-3)
    assert prior.alpha == approx(0.304878 * 6.4874, abs=1e-3)
    assert prior.beta == approx(0.695122 * 6.4874, abs=1e-3)
    assert prior.months == 4


def test_prior_without_extra_binomial_variation_is_capped():
    # equal rates: v = 0 so rho < 0 -> kappa = KAPPA_MAX (50); mu = 15.5 / 301
    prior = rdi.fit_beta_prior(np.array([5, 5, 5]), np.array([100, 100, 100]))
    assert prior.strength == approx(50.0)
    assert prior.alpha == approx(50 * 15.5 / 301)


def test_prior_from_too_few_months_is_weak():
    # one month: mu = 3.5 / 11, kappa = 2
    prior = rdi.fit_beta_prior(np.array([3, 0]), np.array([10, 0]))
    assert (prior.alpha, prior.beta, prior.months) == (approx(7 / 11), approx(15 / 11), 0)


def test_shrinkage_matches_the_worked_example():
    # methodology §2.3: 3 of 12 flagged, prior Beta(2, 48) -> 5/62 = 8.1 %, weight 50/62
    prior = rdi.BetaPrior(2.0, 48.0, 12)
    assert rdi.posterior_mean(prior, 3, 12) == approx(5 / 62)
    assert rdi.shrink_weight(prior, 12) == approx(50 / 62)
    assert rdi.shrink_weight(prior, 0) == approx(1.0)


def test_rogan_gladen_recovers_the_true_rate():
    # methodology §0: 2 % true, recall .8, FPR 1 % -> observed 2.58 %; corrected back to 2 %
    assert rdi.rogan_gladen(np.array(0.0258), 0.8, 0.99) == approx(0.02)


@pytest.mark.parametrize(
    ("q", "se", "sp", "expected"),
    [
        (0.005, 0.8, 0.99, 0.0),   # (.005 - .01) / .79 < 0 -> clipped to 0
        (0.95, 0.8, 0.99, 1.0),    # .94 / .79 = 1.19 -> clipped to 1
        (0.49, 0.5, 0.52, 0.2),    # J = .02 floored at .05: .01 / .05
    ],
)
def test_rogan_gladen_clips_and_floors(q, se, sp, expected):
    assert rdi.rogan_gladen(np.array(q), se, sp) == approx(expected)


def test_channel_scaling_uses_the_base_period_sd():
    # base values .01 .03 .02: mean .02, SD (ddof 1) = sqrt((.0001 + .0001 + 0) / 2) = .01
    assert rdi.base_sd(np.array([0.01, 0.03, 0.02, 0.5]), np.array([1, 1, 1, 0], bool)) == approx(0.01)
    assert rdi.base_sd(np.array([0.02, 0.02, 0.02]), np.ones(3, bool)) is None
    assert rdi.base_sd(np.array([0.02, np.nan]), np.ones(2, bool)) is None


def test_channels_are_averaged_over_the_active_ones():
    a = np.array([0.01, 0.02, np.nan]) / 0.01   # -> 1, 2, -
    b = np.array([0.06, np.nan, np.nan]) / 0.02  # -> 3, -, -
    s, n_active = rdi.average_channels(np.stack([a, b])[:, :, None])
    assert s[:2, 0].tolist() == approx([2.0, 2.0])
    assert np.isnan(s[2, 0])
    assert n_active.tolist() == [2, 1, 0]


def test_base_normalisation_makes_the_base_mean_100():
    in_base = np.array([1, 1, 0, 0], bool)
    mean = rdi.base_mean(np.array([1.0, 2.0, 3.0, 4.0]), in_base)
    assert mean == approx(1.5)
    assert rdi.hhr(np.array([1.0, 2.0, 3.0, 4.0]), mean).tolist() == approx([200 / 3, 400 / 3, 200, 800 / 3])
    assert rdi.base_mean(np.array([0.0, 0.0, 1.0]), np.array([1, 1, 0], bool)) is None


def test_rdi_is_10000_over_hhr_with_swapped_bounds():
    mid, lo, hi, capped = rdi.rdi_from_hhr(np.array([50.0, 200.0]), np.array([40.0, 150.0]),
                                           np.array([80.0, 260.0]), hhr_floor=10)
    assert mid.tolist() == approx([200.0, 50.0])
    assert lo.tolist() == approx([125.0, 10_000 / 260])  # from the HHR upper bound
    assert hi.tolist() == approx([250.0, 10_000 / 150])  # from the HHR lower bound
    assert (mid * np.array([50.0, 200.0])).tolist() == approx([10_000, 10_000])
    assert capped.tolist() == [False, False]


def test_rdi_is_capped_below_the_hhr_floor():
    mid, lo, hi, capped = rdi.rdi_from_hhr(np.array([5.0]), np.array([2.0]), np.array([20.0]), 10)
    assert (mid[0], lo[0], hi[0], bool(capped[0])) == (approx(1000), approx(500), approx(1000), True)


def test_geometric_mean_over_targets():
    assert rdi.geometric_mean(np.array([[4.0], [1.0]]), np.array([0.1, 0.1]))[0] == approx(2.0)
    # a zero is floored (here at .25), so one silent target does not zero the actor
    assert rdi.geometric_mean(np.array([[4.0], [0.0]]), np.array([1.0, 0.25]))[0] == approx(1.0)
    assert rdi.geometric_mean(np.array([[4.0], [np.nan]]), np.array([0.1, 0.1]))[0] == approx(4.0)


def test_draws_are_seeded_per_cell_not_per_order():
    first = rdi.cell_rng(7, "KR", "kr_mofa", "JP", "2024-02-01").beta(2, 5, 10)
    rdi.cell_rng(7, "JP", "jp_mofa", "KR", "2024-02-01").beta(2, 5, 10)
    again = rdi.cell_rng(7, "KR", "kr_mofa", "JP", "2024-02-01").beta(2, 5, 10)
    other = rdi.cell_rng(8, "KR", "kr_mofa", "JP", "2024-02-01").beta(2, 5, 10)
    assert first.tolist() == again.tolist()
    assert first.tolist() != other.tolist()


def _coverage(n_sims: int, n_units: int, p: float, se: float, sp: float) -> float:
    """Share of seeded simulations whose 90 % interval covers the true rate p.

    Each simulation draws a test-set confusion matrix (150 positives, 1,500 negatives) and a
    month of n_units units, then runs the Monte Carlo of §6.3 (weak prior, Se/Sp from the
    simulated test set, B = 2,000).
    """
    rng = np.random.default_rng(20130101)
    hits = 0
    for i in range(n_sims):
        tp, fp = rng.binomial(150, se), rng.binomial(1500, 1 - sp)
        x = rng.binomial(n_units, p * se + (1 - p) * (1 - sp))
        prior = rdi.fit_beta_prior(np.array([x]), np.array([n_units]))
        se_d, sp_d = rdi.draw_error_rates(tp, fp, 150 - tp, 1500 - fp, 2000, i, "ja")
        _, draws = rdi.draw_corrected(x, n_units, prior, se_d, sp_d, rdi.cell_rng(i, "sim"))
        _, lo, hi = rdi.summarise(draws)
        hits += bool(lo <= p <= hi)
    return hits / n_sims


@pytest.mark.parametrize(("n_units", "p"), [(500, 0.04), (300, 0.10)])
def test_ninety_percent_interval_covers_the_true_rate_about_90_percent(n_units, p):
    coverage = _coverage(400, n_units, p, se=0.8, sp=0.99)
    assert 0.85 <= coverage <= 0.95  # 400 simulations: binomial SE of 0.015 around 0.90
