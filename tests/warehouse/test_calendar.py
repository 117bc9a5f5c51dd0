"""Calendar-expected baseline, CUSUM and alerts (methodology §6.7), and the events file."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from warehouse import calendar
from warehouse.index_build import month_grid


def test_events_file_reads_and_is_versioned():
    events, version = calendar.read_events()
    kinds = {e.kind for e in events}
    assert {"takeshima_day", "march_first", "yasukuni_spring", "yasukuni_autumn", "aug15",
            "textbook_screening", "election"} <= kinds
    assert len({e.event_id for e in events}) == len(events)
    assert all(e.start_date <= e.end_date for e in events)
    assert all(e.actor in {"JP", "KR", "US", "ALL"} for e in events)
    assert len(version) == 12


def test_annual_events_mark_their_month_every_year_and_respect_the_actor():
    events = [
        calendar.Event("tk", "takeshima_day", "Feb 22", "ALL", "ALL", date(2006, 2, 22),
                       date(2006, 2, 22), "annual", ""),
        calendar.Event("kr", "election", "KR vote", "KR", "ALL", date(2024, 4, 10),
                       date(2024, 4, 10), "once", ""),
    ]
    months = month_grid(date(2023, 1, 1), date(2024, 12, 1))
    kinds, mat = calendar.event_dummies(events, months, "JP", "KR")
    assert kinds == ["takeshima_day"]
    assert [m for m, on in zip(months, mat[:, 0], strict=True) if on] == [date(2023, 2, 1), date(2024, 2, 1)]
    kinds, mat = calendar.event_dummies(events, months, "KR", "JP")
    assert kinds == ["election", "takeshima_day"]
    assert [m for m, on in zip(months, mat[:, 0], strict=True) if on] == [date(2024, 4, 1)]


def test_poisson_fit_recovers_known_effects():
    rng = np.random.default_rng(3)
    n = rng.integers(200, 400, 600).astype(float)
    event = (np.arange(600) % 12 == 1).astype(float)
    y = rng.poisson(n * np.exp(np.log(0.05) + np.log(3.0) * event)).astype(float)
    b = calendar.fit_poisson(y, np.log(n), np.column_stack([np.ones(600), event]), ridge=1e-9)
    assert np.exp(b[0]) == pytest.approx(0.05, rel=0.05)
    assert np.exp(b[1]) == pytest.approx(3.0, rel=0.05)


def test_cusum_signals_a_sustained_shift_and_resets():
    base = np.array([1.0, -1.0] * 6)            # mean 0, SD sqrt(12/11) = 1.0445
    x = np.concatenate([base, np.full(6, 2.0)])  # z = 1.915 each month after the base
    in_base = np.arange(18) < 12
    # C: 1.415, 2.830, 4.245 > 4 -> signal at index 14, reset; 1.415, 2.830, 4.245 -> index 17
    assert np.flatnonzero(calendar.cusum_signal(x, in_base)).tolist() == [14, 17]


def test_expected_hhr_follows_the_calendar_and_alerts_on_an_outlier():
    months = month_grid(date(2023, 1, 1), date(2025, 12, 1))
    feb = np.array([m.month == 2 for m in months], float)
    units = np.full(len(months), 400.0)
    flagged = np.where(feb == 1, 36.0, 12.0)  # February triples, as the calendar says
    in_base = np.array([m < date(2025, 1, 1) for m in months])
    mean_rate = flagged[in_base].mean()
    hhr_mid = 100 * flagged / mean_rate
    hhr_lo = hhr_mid * 0.9
    hhr_mid[-1], hhr_lo[-1] = 800.0, 700.0  # December 2025: far above anything expected
    res = calendar.calendar_adjust(months, flagged, units, hhr_mid, hhr_lo, in_base, feb[:, None])
    assert res.expected_hhr[1] == pytest.approx(300 / 1.1667, rel=0.02)  # Feb: 3x the 14/12 mean
    assert res.expected_hhr[0] == pytest.approx(100 / 1.1667, rel=0.02)
    assert np.nanmax(np.abs(res.excess_log[:-1])) < 0.02
    assert res.alert.tolist() == [False] * (len(months) - 1) + [True]
    assert res.alert_reason[-1] == "bound+cusum"  # excess_log also leaps past its base SD
