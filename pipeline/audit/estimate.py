"""Weighted error rates of a binary flag from a stratified audit (pure numpy).

Units are grouped in cells c = (round, stratum, machine flag) with n_c audited units,
x_c of them human-positive, and inclusion probability pi_c (constant within a stratum).
Each cell stands for N_c = n_c / pi_c units of the population (Horvitz-Thompson).

Point estimates (inverse-inclusion-probability weighting)::

    TP = sum_{machine=1} N_c x_c/n_c      FP = sum_{machine=1} N_c (1 - x_c/n_c)
    FN = sum_{machine=0} N_c x_c/n_c      TN = sum_{machine=0} N_c (1 - x_c/n_c)
    Se = recall = TP / (TP + FN)   Sp = TN / (TN + FP)   precision = TP / (TP + FP)

95 % intervals: each cell's human-positive rate gets an independent Jeffreys posterior
theta_c ~ Beta(x_c + 1/2, n_c - x_c + 1/2); B joint draws of the four totals (N_c theta_c
in place of x_c) give B draws of Se, Sp and precision; the interval is their 2.5th-97.5th
percentiles, widened if needed to hold the point estimate (the Jeffreys boundary rule:
with x_c = n_c the Jeffreys upper limit stays below 1). A small audit means few units per
cell, wide Betas and wide intervals. The cells' rates are treated as superpopulation
parameters, so even a stratum taken whole (pi = 1) adds uncertainty: conservative.

Not estimable (:func:`not_estimable`): Se and Sp each need both sides of the machine flag
audited. With no machine-flagged unit every draw has TP = FP = 0, so Se would come out 0
[0, 0] and Sp 1 [1, 1] (no unflagged unit: FN = TN = 0, Se 1 and Sp 0) -- certainty the round
has no evidence for. Precision needs machine-flagged units, Se a human-positive and Sp a
human-negative unit (else the point estimate is 0/0). Such a rate has no point estimate, no
interval and no draws (NaN), and a reason instead; an interval never comes without a point.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DRAWS = 4000
JEFFREYS = 0.5


@dataclass(frozen=True)
class Cell:
    """Audited units of one stratum with one machine flag value."""

    machine: bool
    n: int          # audited (settled) units
    x: int          # of which a human coded positive
    incl_prob: float

    @property
    def weight(self) -> float:
        return 1.0 / self.incl_prob

    @property
    def population(self) -> float:
        return self.n * self.weight


NO_FLAGGED = "no machine-flagged unit audited"
NO_UNFLAGGED = "no machine-unflagged unit audited"
NO_POSITIVE = "no human-positive unit audited"
NO_NEGATIVE = "no human-negative unit audited"


def not_estimable(cells: list[Cell]) -> dict[str, str]:
    """The rates (se, sp, precision, recall) these cells cannot estimate, each with the reason;
    empty for a round that audited both sides of the flag and found both human codes."""
    flagged = any(c.machine and c.n for c in cells)
    unflagged = any(not c.machine and c.n for c in cells)
    out: dict[str, str] = {}
    side = NO_FLAGGED if not flagged else NO_UNFLAGGED if not unflagged else None
    if side:
        out["se"] = out["sp"] = side
    else:
        if not any(c.x for c in cells):
            out["se"] = NO_POSITIVE
        if not any(c.n - c.x for c in cells):
            out["sp"] = NO_NEGATIVE
    if not flagged:
        out["precision"] = NO_FLAGGED
    if "se" in out:
        out["recall"] = out["se"]
    return out


def _ratio(num: float, den: float) -> float | None:
    return num / den if den > 0 else None


def point(cells: list[Cell]) -> dict[str, float | None]:
    """Weighted TP/FP/FN/TN and the Se, Sp, precision and recall they imply (None where
    :func:`not_estimable`)."""
    tp = sum(c.weight * c.x for c in cells if c.machine)
    fp = sum(c.weight * (c.n - c.x) for c in cells if c.machine)
    fn = sum(c.weight * c.x for c in cells if not c.machine)
    tn = sum(c.weight * (c.n - c.x) for c in cells if not c.machine)
    se = _ratio(tp, tp + fn)
    out: dict[str, float | None] = {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "se": se, "sp": _ratio(tn, tn + fp),
                                    "precision": _ratio(tp, tp + fp), "recall": se}
    for m in not_estimable(cells):
        out[m] = None
    return out


def draws(cells: list[Cell], n_draws: int = DRAWS, seed: int = 0) -> dict[str, np.ndarray]:
    """Posterior draws of Se, Sp and precision (all NaN where :func:`not_estimable`)."""
    rng = np.random.default_rng(seed)
    totals = {k: np.zeros(n_draws) for k in ("tp", "fp", "fn", "tn")}
    for c in cells:
        if c.n == 0:
            continue
        theta = rng.beta(c.x + JEFFREYS, c.n - c.x + JEFFREYS, n_draws)
        pos, neg = c.population * theta, c.population * (1 - theta)
        if c.machine:
            totals["tp"] += pos
            totals["fp"] += neg
        else:
            totals["fn"] += pos
            totals["tn"] += neg
    with np.errstate(invalid="ignore", divide="ignore"):
        se = totals["tp"] / (totals["tp"] + totals["fn"])
        sp = totals["tn"] / (totals["tn"] + totals["fp"])
        precision = totals["tp"] / (totals["tp"] + totals["fp"])
    out = {"se": se, "sp": sp, "precision": precision, "recall": se}
    for m in not_estimable(cells):
        out[m] = np.full(n_draws, np.nan)
    return out


def interval(values: np.ndarray) -> tuple[float | None, float | None]:
    """2.5th and 97.5th percentiles (None when no finite draw)."""
    finite = values[np.isfinite(values)]
    if not len(finite):
        return None, None
    lo, hi = np.percentile(finite, [2.5, 97.5])
    return float(lo), float(hi)


def beta_fit(values: np.ndarray) -> tuple[float, float] | None:
    """Beta(a, b) with the draws' mean and variance (method of moments); None if undefined."""
    finite = values[np.isfinite(values)]
    if len(finite) < 2:
        return None
    m, v = float(finite.mean()), float(finite.var())
    if not 0 < m < 1 or v <= 0 or v >= m * (1 - m):
        return None
    k = m * (1 - m) / v - 1
    return m * k, (1 - m) * k
