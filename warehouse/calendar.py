"""Calendar-expected baseline and alerts (methodology §6.7).

A Poisson GLM with an offset log N, event-kind dummies from the versioned calendar and,
when the base period has at least three years, month-of-year effects is fitted on each
series' base-period monthly counts (ridge-penalised IRLS, so collinear annual events and
months stay estimable). Its fitted rate, relative to its base-period mean, is the
``expected_hhr``; HHR above the Poisson 95 % prediction bound, or a CUSUM signal on
``excess_log``, raises an alert.
"""

from __future__ import annotations

import csv
import hashlib
import warnings
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

EVENTS_CSV = Path(__file__).with_name("events.csv")
RIDGE = 1.0
MOY_MIN_BASE_MONTHS = 36
CUSUM_K = 0.5
CUSUM_H = 4.0


@dataclass(frozen=True)
class Event:
    """One row of ``events.csv``."""

    event_id: str
    kind: str
    label: str
    actor: str
    target: str
    start_date: date
    end_date: date
    recurrence: str  # annual | once
    note: str


def read_events(path: Path = EVENTS_CSV) -> tuple[list[Event], str]:
    """Read the calendar; return the events and the calendar version (sha256 prefix)."""
    raw = path.read_bytes()
    rows = csv.DictReader(raw.decode("utf-8").splitlines())
    events = [
        Event(
            r["event_id"], r["kind"], r["label"], r["actor"], r["target"],
            date.fromisoformat(r["start_date"]), date.fromisoformat(r["end_date"]),
            r["recurrence"], r.get("note") or "",
        )
        for r in rows
    ]
    return events, hashlib.sha256(raw).hexdigest()[:12]


def _occurrences(ev: Event, first_year: int, last_year: int) -> list[tuple[date, date]]:
    if ev.recurrence == "once":
        return [(ev.start_date, ev.end_date)]
    out = []
    for year in range(max(first_year, ev.start_date.year), last_year + 1):
        span = ev.end_date.year - ev.start_date.year
        out.append((ev.start_date.replace(year=year), ev.end_date.replace(year=year + span)))
    return out


def event_dummies(
    events: list[Event], months: list[date], actor: str, target: str
) -> tuple[list[str], np.ndarray]:
    """Return event kinds and a (months, kinds) 0/1 matrix for one actor x target series.

    An event applies when its actor is the series' actor or ALL and its target is the
    series' target or ALL (the actor-level series ``ALL`` takes every target).
    """
    if not months:
        return [], np.zeros((0, 0))
    first, last = months[0].year, months[-1].year
    kinds: dict[str, set[date]] = {}
    for ev in events:
        if ev.actor not in (actor, "ALL"):
            continue
        if target != "ALL" and ev.target not in (target, "ALL"):
            continue
        for start, end in _occurrences(ev, first, last):
            for m in months:
                m_end = date(m.year + m.month // 12, m.month % 12 + 1, 1)
                if start < m_end and end >= m:
                    kinds.setdefault(ev.kind, set()).add(m)
    names = sorted(kinds)
    mat = np.array([[m in kinds[k] for k in names] for m in months], dtype=float)
    return names, mat.reshape(len(months), len(names))


def fit_poisson(
    y: np.ndarray, offset: np.ndarray, x: np.ndarray, ridge: float = RIDGE, iters: int = 50
) -> np.ndarray:
    """Fit log E[y] = offset + X b by IRLS with an L2 penalty on all but the first column."""
    penalty = np.full(x.shape[1], ridge)
    penalty[0] = 0.0
    b = np.zeros(x.shape[1])
    b[0] = np.log((y.sum() + 0.5) / np.exp(offset).sum())
    for _ in range(iters):
        eta = offset + x @ b
        mu = np.exp(eta)
        z = eta - offset + (y - mu) / mu
        xtw = x.T * mu
        new = np.linalg.solve(xtw @ x + np.diag(penalty), xtw @ z)
        if np.max(np.abs(new - b)) < 1e-8:
            return new
        b = new
    return b


@dataclass
class CalendarResult:
    """Calendar columns for one series (arrays over the month grid)."""

    expected_hhr: np.ndarray
    pred_hi: np.ndarray  # HHR 95 % prediction bound
    hhr_calendar_adj: np.ndarray
    excess_log: np.ndarray
    alert: np.ndarray
    alert_reason: list[str | None]


def calendar_adjust(
    months: list[date],
    flagged: np.ndarray,
    units: np.ndarray,
    hhr_mid: np.ndarray,
    hhr_lo: np.ndarray,
    in_base: np.ndarray,
    dummies: np.ndarray,
) -> CalendarResult:
    """Expected HHR from the calendar GLM, the adjusted series, excess_log and alerts."""
    from scipy.special import pdtrik  # inverse Poisson CDF in k (scipy.stats is slow to import)

    nm = len(months)
    nan = np.full(nm, np.nan)
    fit_rows = in_base & (units > 0)
    if flagged[fit_rows].sum() == 0:
        return CalendarResult(nan, nan, nan.copy(), nan.copy(), np.zeros(nm, bool), [None] * nm)
    cols = [np.ones(nm)]
    if dummies.size:
        used = dummies[fit_rows].any(axis=0)
        cols += [dummies[:, j] for j in np.flatnonzero(used)]
    if fit_rows.sum() >= MOY_MIN_BASE_MONTHS:
        cols += [np.array([m.month == k for m in months], float) for k in range(2, 13)]
    x = np.column_stack(cols)
    b = fit_poisson(flagged[fit_rows], np.log(units[fit_rows]), x[fit_rows])
    rate = np.exp(x @ b)
    expected = 100.0 * rate / rate[fit_rows].mean()
    mu = units * rate
    with np.errstate(divide="ignore", invalid="ignore"):
        # Poisson 95th percentile of the count, at least 1: when even one flagged unit is
        # unlikely, the bound is what one unit would make, not zero.
        q95 = np.maximum(np.ceil(pdtrik(0.95, np.where(mu > 0, mu, 1.0))), 1.0)
        pred_hi = np.where(mu > 0, expected * q95 / mu, np.nan)
        ratio = hhr_mid / expected
        excess = np.where((hhr_mid > 0) & (units > 0), np.log(ratio), np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        adj = 100.0 * ratio / np.nanmean(np.where(in_base, ratio, np.nan))
        adj[units == 0] = np.nan
        cusum = cusum_signal(excess, in_base)
    bound = (hhr_lo > pred_hi) & ~np.isnan(pred_hi)
    reasons = [
        "+".join(r for r, on in (("bound", bd), ("cusum", cs)) if on) or None
        for bd, cs in zip(bound, cusum, strict=True)
    ]
    return CalendarResult(expected, pred_hi, adj, excess, bound | cusum, reasons)


def cusum_signal(
    x: np.ndarray, in_base: np.ndarray, k: float = CUSUM_K, h: float = CUSUM_H
) -> np.ndarray:
    """Upper CUSUM on x standardised by its base-period mean and SD; resets after a signal."""
    base = x[in_base & ~np.isnan(x)]
    out = np.zeros(len(x), bool)
    if len(base) < 2 or base.std(ddof=1) == 0:
        return out
    z = (x - base.mean()) / base.std(ddof=1)
    c = 0.0
    for i, zi in enumerate(z):
        if np.isnan(zi):
            continue
        c = max(0.0, c + zi - k)
        if c > h:
            out[i] = True
            c = 0.0
    return out
