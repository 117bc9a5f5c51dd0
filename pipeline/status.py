"""``rdi status``: what the warehouse holds, read from the snapshot (never waits on a writer)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from pipeline.config import Project
from warehouse import db, sqlfiles


@dataclass
class SourceStatus:
    """Counts for one source."""

    source: str
    country: str
    channel: str
    statements: int
    units_eligible: int
    units_tagged: int
    first_date: str | None
    last_date: str | None
    last_loaded_at: str | None


@dataclass
class WarehouseStatus:
    """The warehouse at a glance."""

    snapshot: str
    sources: list[SourceStatus] = field(default_factory=list)
    statements: int = 0
    quarantined: int = 0
    last_load: dict[str, Any] | None = None
    latest_month: str | None = None
    latest_index_month: str | None = None
    vintage: str | None = None


def status(project: Project) -> WarehouseStatus:
    """Return per-source counts, the last load and the latest month with data."""
    con = db.connect_reader(project.snapshot_path, project.warehouse_path)
    try:
        rows = sqlfiles.query(con, "status/sources")
        sources = [SourceStatus(*r) for r in rows]
        (statements, quarantined, last_run, last_started, last_details, latest_month,
         latest_index, vintage) = sqlfiles.query(con, "status/summary")[0]
    finally:
        con.close()
    last_load = None
    if last_run is not None:
        last_load = {
            "run_id": last_run,
            "started_at": last_started.isoformat(),
            **json.loads(last_details or "{}"),
        }
    return WarehouseStatus(
        snapshot=str(project.snapshot_path),
        sources=sources,
        statements=statements,
        quarantined=quarantined,
        last_load=last_load,
        latest_month=latest_month,
        latest_index_month=latest_index,
        vintage=vintage,
    )
