"""Gather everything the monthly report shows from the published snapshot.

Every number comes from the SQL files in ``warehouse/sql/report/`` (and the release query
the exports use); this module only validates the month, binds parameters and shapes rows
into plain dataclasses for the charts and the template.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from warehouse import db, sqlfiles

ACTORS = ("KR", "JP", "US")
WINDOW_MONTHS = 36
COUNTRY_NAMES = {
    "KR": "South Korea", "JP": "Japan", "US": "United States",
    "KP": "North Korea", "CN": "China", "other": "other / multilateral", "ALL": "all partners",
}


class ReportError(db.WarehouseError):
    """The report cannot be built; the message says why."""


def month_shift(first_day: date, months: int) -> date:
    """First day of the month ``months`` after (negative: before) ``first_day``."""
    index = first_day.year * 12 + first_day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def parse_month(month: str) -> date:
    """Validate ``YYYY-MM`` and return the first day of that month."""
    try:
        if len(month or "") != 7 or month[4] != "-":
            raise ValueError
        return datetime.strptime(month, "%Y-%m").date()
    except ValueError:
        raise ReportError(f"bad month {month!r}: want YYYY-MM, e.g. 2026-10") from None


@dataclass
class Release:
    """The index release the report reads (the latest one in the snapshot)."""

    release_id: int
    vintage: str
    model_version: str
    method_version: str
    codebook_version: str | None
    computed_at: datetime
    first_month: date
    last_month: date
    base_period: str
    base_note: str | None
    data_as_of: datetime | None
    draws: int
    seed: int
    calendar_version: str | None
    error_rates: dict[str, Any]
    notes: str | None


@dataclass
class ReportData:
    """The month's numbers, series, evidence and health, as rows of dicts."""

    month: str
    month_date: date
    prev_month: str
    year_ago: str
    first_month: str
    release: Release
    headline: list[dict[str, Any]]
    series: dict[str, list[dict[str, Any]]]
    events: list[dict[str, Any]]
    matrix: list[dict[str, Any]]
    channels: list[dict[str, Any]]
    evidence: list[dict[str, Any]]
    coverage: list[dict[str, Any]]
    audit: list[dict[str, Any]] | None = None  # None: no audit_quarterly view
    months_in_window: list[str] = field(default_factory=list)


def _rows(cur: Any) -> list[dict[str, Any]]:
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def _release(con: Any) -> Release:
    found = _rows(sqlfiles.run(con, "export/release"))
    if not found:
        raise ReportError("no index in the warehouse yet; run rdi index first")
    r = found[0]
    if r["evidence_rows"] is None:
        # the evidence is the one kept with the release (index_evidence), since migration 0008
        raise ReportError(f"index release {r['release_id']} was computed before rdi kept the "
                          "evidence of each release; run rdi index first")
    return Release(
        release_id=r["release_id"], vintage=r["vintage"], model_version=r["model_version"],
        method_version=r["method_version"], codebook_version=r["codebook_version"],
        computed_at=r["computed_at"], first_month=r["first_month"], last_month=r["last_month"],
        base_period=r["base_period"], base_note=r["base_note"], data_as_of=r["data_as_of"],
        draws=r["draws"], seed=r["seed"], calendar_version=r["calendar_version"],
        error_rates=json.loads(r["error_rates"] or "{}"), notes=r["notes"],
    )


def quarter_of(first_day: date) -> str:
    """``2026-10-01`` -> ``2026Q4`` (the audit's quarter labels)."""
    return f"{first_day.year}Q{(first_day.month - 1) // 3 + 1}"


def gather(con: Any, month: str | None) -> ReportData:
    """Read the report's data for ``month`` (None: the latest indexed) from an open snapshot."""
    release = _release(con)
    month = month or f"{release.last_month:%Y-%m}"
    first_day = parse_month(month)
    if first_day > release.last_month:
        raise ReportError(f"month {month} is after the latest indexed month "
                          f"{release.last_month:%Y-%m}; run rdi load, tag and index first")
    if first_day < release.first_month:
        raise ReportError(f"month {month} is before the first indexed month "
                          f"{release.first_month:%Y-%m}")
    window_start = month_shift(first_day, -(WINDOW_MONTHS - 1))
    params = {
        "month": month,
        "month_date": first_day,
        "prev_month": f"{month_shift(first_day, -1):%Y-%m}",
        "year_ago": f"{month_shift(first_day, -12):%Y-%m}",
        "first_month": f"{window_start:%Y-%m}",
        "first_date": window_start,
        "last_date": first_day,
        "quarter": quarter_of(first_day),
    }
    series: dict[str, list[dict[str, Any]]] = {a: [] for a in ACTORS}
    for row in _rows(sqlfiles.run(con, "report/series", params)):
        series.setdefault(row["actor"], []).append(row)
    audit = None
    if sqlfiles.query(con, "report/audit_exists")[0][0]:
        audit = _rows(sqlfiles.run(con, "report/audit_correlation", params))
    return ReportData(
        month=month,
        month_date=first_day,
        prev_month=params["prev_month"],
        year_ago=params["year_ago"],
        first_month=params["first_month"],
        release=release,
        headline=_rows(sqlfiles.run(con, "report/headline", params)),
        series=series,
        events=_rows(sqlfiles.run(con, "report/events", params)),
        matrix=_rows(sqlfiles.run(con, "report/matrix", params)),
        channels=_rows(sqlfiles.run(con, "report/channels", params)),
        evidence=_rows(sqlfiles.run(con, "report/evidence", params)),
        coverage=_rows(sqlfiles.run(con, "report/coverage", params)),
        audit=audit,
        months_in_window=[f"{month_shift(window_start, i):%Y-%m}" for i in range(WINDOW_MONTHS)],
    )
