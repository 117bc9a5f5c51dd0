"""Compute RDI v1 for every actor x target (and actor-level ALL) x month.

SQL gathers the monthly counts (``sql/index/cells.sql``); numpy runs the Monte Carlo
(:mod:`warehouse.index_series`); the calendar GLM adds expected values and alerts; the
results go back as Arrow tables into ``index_values`` / ``index_channel_values`` under
a new ``index_releases`` row, inside the caller's transaction.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from warehouse import calendar, rdi, sqlfiles
from warehouse.errorrates import LangRates, draw_rates
from warehouse.index_series import ChannelData, SeriesOut, compute_series
from warehouse.vintage import IndexSettings, VintageState

ROW_COLUMNS = (
    "hhr", "hhr_lo90", "hhr_hi90", "share_raw", "share_adj", "share_adj_lo90",
    "share_adj_hi90", "n_units", "n_units_target", "n_flagged", "n_channels",
    "shrink_weight", "hhr_intensity", "hhr_leader", "hhr_ministry", "conc_share",
    "hhr_conditional",
)


@dataclass
class IndexOutput:
    """Rows ready to insert, plus what the release should record."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    channel_rows: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    months: list[date] = field(default_factory=list)


def month_grid(first: date, last: date) -> list[date]:
    """Every first-of-month from ``first``'s month to ``last``'s month."""
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def load_cells(con: Any, model_version: str, settings: IndexSettings) -> dict[str, np.ndarray]:
    """Fetch the monthly counts as numpy arrays."""
    return sqlfiles.run(con, "index/cells", {
        "model_version": model_version,
        "targets": list(settings.targets),
        "all_targets": list(settings.all_targets),
    }).fetchnumpy()


def _group(cells: dict[str, np.ndarray], months: list[date]) -> dict[tuple[str, str], list[ChannelData]]:
    index = {m: i for i, m in enumerate(months)}
    nm = len(months)
    series: dict[tuple[str, str], dict[str, ChannelData]] = {}
    for r in range(len(cells["actor"])):
        key = (str(cells["actor"][r]), str(cells["target"][r]))
        ch = str(cells["channel"][r])
        chans = series.setdefault(key, {})
        if ch not in chans:
            z = lambda: np.zeros(nm, dtype=float)  # noqa: E731
            chans[ch] = ChannelData(ch, str(cells["tier"][r]), str(cells["lang"][r]),
                                    z(), z(), z(), z(), z())
        mi = index[_as_date(cells["month"][r])]
        cd = chans[ch]
        cd.n_units[mi] = cells["n_units"][r]
        cd.n_flagged[mi] = cells["n_flagged"][r]
        cd.n_target[mi] = cells["n_target"][r]
        cd.n_severe[mi] = cells["n_severe"][r]
        cd.n_conc[mi] = cells["n_conc"][r]
    return {k: [v[c] for c in sorted(v)] for k, v in sorted(series.items())}


def _as_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    return np.datetime64(value, "D").astype(date)


def compute_index(
    cells: dict[str, np.ndarray],
    months: list[date],
    in_base: np.ndarray,
    state: VintageState,
    rates: dict[str, LangRates],
    settings: IndexSettings,
) -> IndexOutput:
    """Compute every series; fills ``state`` with any parameters it had to fit."""
    out = IndexOutput(months=months)
    error_draws = {lang: draw_rates(r, settings.draws, settings.seed) for lang, r in rates.items()}
    grouped = _group(cells, months)
    if in_base.any() and not any(ch.n_units[in_base].sum() for chans in grouped.values() for ch in chans):
        base = [m for m, b in zip(months, in_base, strict=True) if b]
        out.notes.append(f"the base period {base[0]:%Y-%m}:{base[-1]:%Y-%m} holds no scored unit, so no series "
                         "can be scaled and RDI and HHR are NULL everywhere; a stray early or late unit date "
                         "may have stretched the data span (rdi sql: select min(unit_date), max(unit_date) "
                         "from units where eligible)")
    results: dict[tuple[str, str], SeriesOut] = {}
    for (actor, target), chans in grouped.items():
        res = compute_series(
            actor, target, months, in_base, chans,
            state.channel_params.setdefault((actor, target), {}),
            state.base_means.setdefault((actor, target), {}),
            error_draws, settings.seed, settings.draws, settings.kappa_max,
        )
        results[(actor, target)] = res
        out.channel_rows.extend(res.channel_rows)
        out.notes.extend(f"{actor}->{target}: {n}" for n in res.notes)
    for actor in sorted({a for a, _ in grouped}):
        if (actor, "ALL") in results:
            _geometric_all(actor, results, state, settings, in_base)
    events, _ = calendar.read_events()
    for (actor, target), res in results.items():
        out.rows.extend(_rows(actor, target, months, in_base, res, events, rates, grouped, settings))
        base_hhr = res.columns["hhr"][in_base]
        base_hhr = base_hhr[~np.isnan(base_hhr)]
        if len(base_hhr) and abs(float(base_hhr.mean()) - 100.0) > 0.05:
            # research §6.4 / METHODOLOGY §10: a drifted base mean is reported, never renormalised
            out.notes.append(f"{actor}->{target}: base-period mean of HHR is now "
                             f"{float(base_hhr.mean()):.1f} (revised base-month data; vintage frozen)")
    return out


def _geometric_all(
    actor: str,
    results: dict[tuple[str, str], SeriesOut],
    state: VintageState,
    settings: IndexSettings,
    in_base: np.ndarray,
) -> None:
    """Actor-level HHR: geometric mean over partner targets of S, then base-normalised."""
    parts, floors = [], []
    for t in settings.all_targets:
        mean = state.base_means.get((actor, t), {}).get("hhr")
        if t == actor or (actor, t) not in results or not mean:
            continue
        parts.append(results[(actor, t)].s_draws)
        floors.append(mean * settings.hhr_floor / 100.0)
    res = results[(actor, "ALL")]
    means = state.base_means[(actor, "ALL")]
    if not parts:
        res.columns.update(hhr=np.full(len(in_base), np.nan), hhr_lo90=np.full(len(in_base), np.nan),
                           hhr_hi90=np.full(len(in_base), np.nan))
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        g = rdi.geometric_mean(np.stack(parts), np.array(floors))
        g_q = rdi.summarise(g, axis=1)
        if "hhr_geo" not in means:
            means["hhr_geo"] = rdi.base_mean(g_q[0], in_base)
        if not means["hhr_geo"]:
            return
        mid, lo, hi = (rdi.hhr(x, means["hhr_geo"]) for x in g_q)
    res.columns.update(hhr=mid, hhr_lo90=lo, hhr_hi90=hi)


def _rows(
    actor: str,
    target: str,
    months: list[date],
    in_base: np.ndarray,
    res: SeriesOut,
    events: list[calendar.Event],
    rates: dict[str, LangRates],
    grouped: dict[tuple[str, str], list[ChannelData]],
    settings: IndexSettings,
) -> list[dict[str, Any]]:
    c = res.columns
    rdi_mid, rdi_lo, rdi_hi, capped = rdi.rdi_from_hhr(c["hhr"], c["hhr_lo90"], c["hhr_hi90"],
                                                       settings.hhr_floor)
    kinds, dummies = calendar.event_dummies(events, months, actor, target)
    cal = calendar.calendar_adjust(months, c["n_flagged"].astype(float), c["n_units"].astype(float),
                                   c["hhr"], c["hhr_lo90"], in_base, dummies)
    chans = grouped[(actor, target)]
    lang = max({ch.lang for ch in chans}, key=lambda lg: sum(ch.n_units.sum() for ch in chans if ch.lang == lg))
    rows = []
    for mi, month in enumerate(months):
        row: dict[str, Any] = {"month": month, "actor": actor, "target": target}
        has = c["n_units"][mi] > 0
        row["rdi"], row["rdi_lo90"], row["rdi_hi90"] = (_f(rdi_mid[mi]), _f(rdi_lo[mi]), _f(rdi_hi[mi]))
        row["rdi_capped"] = bool(capped[mi]) if row["rdi"] is not None else None
        for name in ROW_COLUMNS:
            val = c[name][mi]
            row[name] = int(val) if name.startswith("n_") else (_f(val) if has else None)
        row["channels_missing"] = res.channels_missing[mi]
        row["low_n"] = bool(c["n_units_target"][mi] < settings.low_n)
        row["expected_hhr"] = _f(cal.expected_hhr[mi])
        row["hhr_calendar_adj"] = _f(cal.hhr_calendar_adj[mi])
        row["excess_log"] = _f(cal.excess_log[mi])
        row["alert"] = bool(cal.alert[mi])
        row["alert_reason"] = cal.alert_reason[mi]
        row["audit_se"] = round(rates[lang].se_mean, 4)
        row["audit_sp"] = round(rates[lang].sp_mean, 4)
        row["audit_alpha"] = None if rates[lang].alpha is None else round(rates[lang].alpha, 4)
        row["notes"] = None
        rows.append(row)
    return rows


def _f(value: Any) -> float | None:
    v = float(value)
    return None if np.isnan(v) or np.isinf(v) else v
