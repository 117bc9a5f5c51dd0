"""One actor x target series of RDI v1: channels in, monthly index with intervals out."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from warehouse import rdi

SUB_SERIES = ("hhr", "leader", "ministry", "intensity", "conditional")


@dataclass
class ChannelData:
    """Monthly counts of one channel for one target, on the common month grid."""

    channel: str
    tier: str
    lang: str
    n_units: np.ndarray
    n_flagged: np.ndarray
    n_target: np.ndarray
    n_severe: np.ndarray
    n_conc: np.ndarray


@dataclass
class ChannelParams:
    """Frozen-per-vintage parameters of one channel x target."""

    prior: rdi.BetaPrior
    sd_base: float | None


@dataclass
class SeriesOut:
    """Everything computed for one series (arrays over the month grid)."""

    s_draws: np.ndarray  # (months, draws) channel-averaged scaled share, NaN = no data
    columns: dict[str, np.ndarray] = field(default_factory=dict)
    channel_rows: list[dict[str, object]] = field(default_factory=list)
    channels_missing: list[str | None] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / den, np.nan)


def _normalise(values: np.ndarray, mean: float | None) -> np.ndarray:
    return np.full(len(values), np.nan) if mean is None else 100.0 * values / mean


def compute_series(
    actor: str,
    target: str,
    months: list[date],
    in_base: np.ndarray,
    channels: list[ChannelData],
    params: dict[str, ChannelParams],
    base_means: dict[str, float | None],
    error_draws: dict[str, tuple[np.ndarray, np.ndarray]],
    seed: int,
    draws: int,
    kappa_max: float = rdi.KAPPA_MAX,
) -> SeriesOut:
    """Run §6.3 steps 1-5 and §6.4 for one series; fill missing params/base means in place."""
    nm, nc = len(months), len(channels)
    p = np.full((nc, nm, draws), np.nan)
    q_hat = np.full((nc, nm), np.nan)
    weights = np.full((nc, nm), np.nan)
    out = SeriesOut(s_draws=np.full((nm, draws), np.nan))
    for ci, ch in enumerate(channels):
        par = params.get(ch.channel)
        if par is None:
            fit_x = ch.n_flagged[in_base]
            fit_n = ch.n_units[in_base]
            if (fit_n > 0).sum() < rdi.MIN_PRIOR_MONTHS:
                fit_x, fit_n = ch.n_flagged, ch.n_units
            par = ChannelParams(rdi.fit_beta_prior(fit_x, fit_n, kappa_max=kappa_max), None)
            params[ch.channel] = par
            par.sd_base = -1.0  # marker: fit after the draws
        se, sp = error_draws[ch.lang]
        for mi in np.flatnonzero(ch.n_units > 0):
            rng = rdi.cell_rng(seed, actor, ch.channel, target, months[mi].isoformat())
            _, p[ci, mi] = rdi.draw_corrected(
                int(ch.n_flagged[mi]), int(ch.n_units[mi]), par.prior, se, sp, rng
            )
            q_hat[ci, mi] = rdi.posterior_mean(par.prior, ch.n_flagged[mi], ch.n_units[mi])
            weights[ci, mi] = rdi.shrink_weight(par.prior, ch.n_units[mi])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        p_hat, p_lo, p_hi = rdi.summarise(p) if nc else (np.zeros((0, nm)),) * 3
        scaled = np.full_like(p, np.nan)
        for ci, ch in enumerate(channels):
            par = params[ch.channel]
            if par.sd_base == -1.0:
                # no flagged unit in the base: the spread of the posterior medians is prior
                # shape and Monte Carlo noise, not variation toward the target
                par.sd_base = (rdi.base_sd(p_hat[ci], in_base)
                               if ch.n_flagged[in_base].sum() > 0 else None)
            if par.sd_base is None:
                out.notes.append(f"{ch.channel}: no base-period variation toward {target}, not scaled")
                continue
            scaled[ci] = p[ci] / par.sd_base
        s, n_active = rdi.average_channels(scaled)
        out.s_draws = s
        s_q = rdi.summarise(s, axis=1)
        sds = np.array([params[ch.channel].sd_base or np.nan for ch in channels])
        scaled_hat = p_hat / sds[:, None] if nc else np.zeros((0, nm))
        _fill_columns(out, s_q, n_active, p, scaled_hat, channels, in_base, base_means, weights)
    for ci, ch in enumerate(channels):
        for mi in np.flatnonzero(ch.n_units > 0):
            out.channel_rows.append({
                "month": months[mi], "actor": actor, "channel": ch.channel, "target": target,
                "n_units": int(ch.n_units[mi]), "n_flagged": int(ch.n_flagged[mi]),
                "shrink_weight": float(weights[ci, mi]), "q_hat": float(q_hat[ci, mi]),
                "p_hat": float(p_hat[ci, mi]), "p_lo90": float(p_lo[ci, mi]),
                "p_hi90": float(p_hi[ci, mi]),
                "scaled": None if params[ch.channel].sd_base is None
                else float(p_hat[ci, mi] / params[ch.channel].sd_base),
            })
    out.channels_missing = [
        ",".join(ch.channel for ch in channels if ch.n_units[mi] == 0) or None
        for mi in range(nm)
    ]
    return out


def _fill_columns(
    out: SeriesOut,
    s_q: tuple[np.ndarray, np.ndarray, np.ndarray],
    n_active: np.ndarray,
    p: np.ndarray,
    scaled_hat: np.ndarray,
    channels: list[ChannelData],
    in_base: np.ndarray,
    base_means: dict[str, float | None],
    weights: np.ndarray,
) -> None:
    n = np.array([c.n_units for c in channels]).reshape(len(channels), -1)
    tot = lambda attr: np.array([getattr(c, attr) for c in channels]).reshape(len(channels), -1).sum(axis=0)  # noqa: E731
    n_units, n_flagged = tot("n_units"), tot("n_flagged")
    s_hat = s_q[0]
    if "hhr" not in base_means:
        base_means["hhr"] = rdi.base_mean(s_hat, in_base)
    # HHR is linear in S, so its quantiles are S's quantiles rescaled.
    hhr_mid, hhr_lo, hhr_hi = (_normalise(x, base_means["hhr"]) for x in s_q)
    share = np.nansum(p * n[:, :, None], axis=0) / np.where(n_units > 0, n_units, np.nan)[:, None]
    share_mid, share_lo, share_hi = rdi.summarise(100.0 * share, axis=1)
    for tier in ("leader", "ministry"):
        rows = [i for i, c in enumerate(channels) if c.tier == tier]
        tier_hat = np.nanmean(scaled_hat[rows], axis=0) if rows else np.full(len(s_hat), np.nan)
        if tier not in base_means:
            base_means[tier] = rdi.base_mean(tier_hat, in_base)
        out.columns[f"hhr_{tier}"] = _normalise(tier_hat, base_means[tier])
    intensity = _ratio(tot("n_severe"), n_flagged)  # research §6.9: share of flagged units
    conditional = _ratio(n_flagged, tot("n_target"))
    for name, series in (("intensity", intensity), ("conditional", conditional)):
        if name not in base_means:
            base_means[name] = rdi.base_mean(series, in_base)
        out.columns[f"hhr_{name}"] = _normalise(series, base_means[name])
    out.columns.update({
        "hhr": hhr_mid, "hhr_lo90": hhr_lo, "hhr_hi90": hhr_hi,
        "share_raw": 100.0 * _ratio(n_flagged, n_units),
        "share_adj": share_mid, "share_adj_lo90": share_lo, "share_adj_hi90": share_hi,
        "n_units": n_units, "n_units_target": tot("n_target"), "n_flagged": n_flagged,
        "n_channels": n_active,
        "shrink_weight": np.nanmean(weights, axis=0) if len(channels) else np.full(len(s_hat), np.nan),
        "conc_share": 100.0 * _ratio(tot("n_conc"), n_units),
    })
