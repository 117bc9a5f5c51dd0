"""The numeric steps of RDI v1 (methodology §6.3-§6.5), as small numpy functions.

Every function here is pure and has a hand-computed test: Beta-binomial prior by method
of moments, shrinkage weight, Rogan-Gladen correction with clipping, seeded Monte Carlo
draws, per-channel scaling, channel averaging, base normalisation and the RDI = 10,000 /
HHR inverse with swapped bounds. The orchestration lives in :mod:`warehouse.index_build`.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

#: Prior strength (alpha + beta) limits. With no extra-binomial variation the method of
#: moments gives an infinite strength (full pooling); KAPPA_MAX keeps the months apart.
KAPPA_MIN = 2.0
KAPPA_MAX = 50.0
KAPPA_DEFAULT = 2.0  # fewer than MIN_PRIOR_MONTHS monthly rates: a weak prior
MIN_PRIOR_MONTHS = 3
#: Rogan-Gladen divides by Youden's J = Se + Sp - 1; draws below this are floored.
J_MIN = 0.05


@dataclass(frozen=True)
class BetaPrior:
    """Beta(alpha, beta) prior for a channel's monthly flag rate."""

    alpha: float
    beta: float
    months: int  # monthly rates it was fitted on (0: default prior)

    @property
    def strength(self) -> float:
        return self.alpha + self.beta


def fit_beta_prior(
    x: np.ndarray,
    n: np.ndarray,
    *,
    kappa_min: float = KAPPA_MIN,
    kappa_max: float = KAPPA_MAX,
    kappa_default: float = KAPPA_DEFAULT,
) -> BetaPrior:
    """Fit a Beta prior to monthly counts (x flagged of n) by the method of moments.

    Mean: mu = (sum x + 0.5) / (sum n + 1) (never exactly 0 or 1). Between-month
    correlation: rho = (v / (mu (1 - mu)) - mean(1/n)) / (1 - mean(1/n)), where v is the
    sample variance (ddof=1) of the rates x/n; it removes the binomial noise expected at
    the observed n. Strength kappa = 1/rho - 1, clipped to [kappa_min, kappa_max]
    (kappa_max when rho <= 0). alpha = mu kappa, beta = (1 - mu) kappa.
    """
    x = np.asarray(x, dtype=float)
    n = np.asarray(n, dtype=float)
    keep = n > 0
    x, n = x[keep], n[keep]
    mu = (x.sum() + 0.5) / (n.sum() + 1.0)
    if len(n) < MIN_PRIOR_MONTHS:
        return BetaPrior(mu * kappa_default, (1 - mu) * kappa_default, 0)
    rates = x / n
    v = rates.var(ddof=1)
    inv_n = float(np.mean(1.0 / n))
    if inv_n >= 1.0:
        kappa = kappa_default
    else:
        rho = (v / (mu * (1 - mu)) - inv_n) / (1 - inv_n)
        kappa = kappa_max if rho <= 0 else float(np.clip(1 / rho - 1, kappa_min, kappa_max))
    return BetaPrior(mu * kappa, (1 - mu) * kappa, len(n))


def shrink_weight(prior: BetaPrior, n: np.ndarray | float) -> np.ndarray:
    """Return w = (alpha + beta) / (n + alpha + beta): 1 = all prior, 0 = all data."""
    return prior.strength / (np.asarray(n, dtype=float) + prior.strength)


def posterior_mean(prior: BetaPrior, x: np.ndarray | float, n: np.ndarray | float) -> np.ndarray:
    """Return the shrunk rate (x + alpha) / (n + alpha + beta)."""
    return (np.asarray(x, float) + prior.alpha) / (np.asarray(n, float) + prior.strength)


def rogan_gladen(q: np.ndarray, se: np.ndarray, sp: np.ndarray) -> np.ndarray:
    """Correct an observed rate for misclassification: (q + Sp - 1) / (Se + Sp - 1) in [0, 1].

    Youden's J = Se + Sp - 1 is floored at ``J_MIN`` so a useless classifier draw cannot
    blow the estimate up.
    """
    j = np.maximum(np.asarray(se) + np.asarray(sp) - 1.0, J_MIN)
    return np.clip((np.asarray(q) + np.asarray(sp) - 1.0) / j, 0.0, 1.0)


def cell_rng(seed: int, *key: str) -> np.random.Generator:
    """A generator that depends only on the seed and the cell's key (not on cell order)."""
    tag = zlib.crc32("|".join(key).encode("utf-8"))
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, tag])))


def draw_error_rates(
    tp: float, fp: float, fn: float, tn: float, draws: int, seed: int, lang: str
) -> tuple[np.ndarray, np.ndarray]:
    """Draw Se ~ Beta(tp+1, fn+1) and Sp ~ Beta(tn+1, fp+1), shared by all cells of a language."""
    rng = cell_rng(seed, "error-rates", lang)
    return rng.beta(tp + 1, fn + 1, draws), rng.beta(tn + 1, fp + 1, draws)


def draw_corrected(
    x: int,
    n: int,
    prior: BetaPrior,
    se: np.ndarray,
    sp: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Draw q ~ Beta(alpha + x, beta + n - x) and its corrected p, one per Se/Sp draw."""
    q = rng.beta(prior.alpha + x, prior.beta + n - x, len(se))
    return q, rogan_gladen(q, se, sp)


def summarise(draws: np.ndarray, axis: int = -1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the median and the 5th and 95th percentiles (the 90 % interval) along ``axis``.

    Cells without data are NaN in every draw and stay NaN; the rest are computed in one
    vectorised pass.
    """
    moved = np.moveaxis(np.asarray(draws, float), axis, -1)
    flat = moved.reshape(-1, moved.shape[-1])
    out = np.full((3, flat.shape[0]), np.nan)
    finite = ~np.isnan(flat)
    full = finite.all(axis=1)
    if full.any():
        out[:, full] = np.percentile(flat[full], [50, 5, 95], axis=1)
    partial = finite.any(axis=1) & ~full
    if partial.any():
        out[:, partial] = np.nanpercentile(flat[partial], [50, 5, 95], axis=1)
    shape = moved.shape[:-1]
    return out[0].reshape(shape), out[1].reshape(shape), out[2].reshape(shape)


def median(draws: np.ndarray, axis: int = -1) -> np.ndarray:
    """Median along ``axis`` (NaN where a cell has no draws)."""
    return summarise(draws, axis)[0]


def base_sd(p_hat: np.ndarray, in_base: np.ndarray) -> float | None:
    """SD (ddof=1) of a channel's point estimates over its base months; None if undefined."""
    vals = np.asarray(p_hat, float)[np.asarray(in_base, bool)]
    vals = vals[~np.isnan(vals)]
    if len(vals) < 2:
        return None
    sd = float(vals.std(ddof=1))
    return sd if sd > 0 else None


def average_channels(scaled: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Average channel series with equal weights over the channels active each month.

    ``scaled`` has shape (channels, months, draws) with NaN where a channel has no units.
    Returns S (months, draws), NaN where no channel is active, and the active count.
    """
    active = ~np.isnan(scaled[:, :, 0]) if scaled.size else np.zeros((0, 0), bool)
    n_active = active.sum(axis=0)
    total = np.nansum(scaled, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        s = total / n_active[:, None]
    s[n_active == 0] = np.nan
    return s, n_active


def base_mean(values: np.ndarray, in_base: np.ndarray) -> float | None:
    """Mean of a point series over its base months with data; None if empty or zero."""
    vals = np.asarray(values, float)[np.asarray(in_base, bool)]
    vals = vals[~np.isnan(vals)]
    if len(vals) == 0:
        return None
    m = float(vals.mean())
    return m if m > 0 else None


def hhr(s: np.ndarray, mean_base: float) -> np.ndarray:
    """Hostile-History Rhetoric index: 100 S / mean over the base period of S."""
    return 100.0 * np.asarray(s, float) / mean_base


def rdi_from_hhr(
    hhr_mid: np.ndarray, hhr_lo: np.ndarray, hhr_hi: np.ndarray, hhr_floor: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """RDI = 10,000 / HHR; the RDI interval is the HHR interval inverted and swapped.

    HHR below ``hhr_floor`` is treated as the floor (RDI capped at 10,000 / floor);
    the returned flag says which RDI values were capped.
    """
    mid = np.asarray(hhr_mid, float)
    capped = mid < hhr_floor
    with np.errstate(divide="ignore", invalid="ignore"):
        rdi = 10_000.0 / np.maximum(mid, hhr_floor)
        lo = 10_000.0 / np.maximum(np.asarray(hhr_hi, float), hhr_floor)
        hi = 10_000.0 / np.maximum(np.asarray(hhr_lo, float), hhr_floor)
    return rdi, lo, hi, capped


def geometric_mean(s_targets: np.ndarray, floors: np.ndarray) -> np.ndarray:
    """Geometric mean over targets (axis 0) of S floored at ``floors`` (one per target).

    NaN (no data for a target that month) is left out of that month's mean.
    """
    floored = np.maximum(s_targets, np.asarray(floors, float).reshape(-1, *([1] * (s_targets.ndim - 1))))
    logs = np.log(floored)
    return np.exp(np.nanmean(logs, axis=0))
