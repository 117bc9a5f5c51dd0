"""``rdi load``: read staged crawl output into the warehouse, then publish the snapshot.

``rdi load --rebuild-relations`` also recomputes every translation/duplicate relation and every
unit's eligibility with the current rule (``warehouse/sql/load/08_relations.sql``), in the same
transaction and under the same writer lock: a plain load recomputes only the relations of the
statements it inserts or changes, so after a rule change an existing warehouse keeps old rows.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pipeline.config import Project
from warehouse import db, sqlfiles
from warehouse.loader import load_files, rebuild_relations
from warehouse.runs import next_run_id, record_failure, record_run


@dataclass
class LoadResult:
    """What ``rdi load`` did and what the warehouse now holds."""

    run_id: int
    files_seen: int
    files_hashed: int  # opened: new, incomplete, or changed on disk since last read
    files_read: int
    records: int
    new_statements: int
    new_versions: int
    quarantined: int
    incomplete_files: list[str] = field(default_factory=list)
    statements_total: int = 0
    units_total: int = 0
    units_eligible: int = 0
    quarantine_total: int = 0
    seconds: float = 0.0
    snapshot: Path | None = None
    # what to run before rdi export/report can read the index (None: nothing); the scheduler
    # then runs tag and index even when nothing new was loaded
    index_outdated: str | None = None
    # --rebuild-relations: relation rows it added, removed or altered, units whose eligibility
    # it changed, and the relations now held (all None without the option)
    relations_changed: int | None = None
    units_changed: int | None = None
    relations_total: int | None = None


def index_outdated(con: object) -> str | None:
    """One line saying to run rdi index when the latest release predates its kept evidence."""
    found = sqlfiles.run(con, "status/outdated_release").fetchall()
    if not found:
        return None
    return (f"index release {found[0][0]} was computed before rdi kept the evidence of each "
            "release (the evidence view is empty, rdi export and rdi report refuse it); run rdi index")


def load(project: Project, *, timeout: float | None = None, rebuild: bool = False) -> LoadResult:
    """Load every new or changed ``staging/**/*.jsonl`` file in one transaction; with ``rebuild``
    then recompute every relation and eligibility by the current rule (idempotent)."""
    t0 = time.perf_counter()
    started = datetime.now(UTC)
    project.home.mkdir(parents=True, exist_ok=True)
    wait = db.lock_timeout(project.config) if timeout is None else timeout
    with db.writer(project.warehouse_path, timeout=wait) as con:
        try:
            with db.transaction(con):
                run_id = next_run_id(con)
                counts = load_files(con, project.staging_dir, run_id, started)
                rebuilt = _rebuild(con) if rebuild else {}
                record_run(con, run_id, "load", started, "ok", {**asdict(counts), **rebuilt})
        except BaseException as exc:  # rolled back; the failure is journalled outside it
            record_failure(con, "load", started, exc)
            raise
        totals = con.execute(
            "select (select count(*) from statements), (select count(*) from units), "
            "(select count(*) from units where eligible), (select count(*) from quarantine)"
        ).fetchall()[0]
        outdated = index_outdated(con)
        snapshot = db.publish_snapshot(con, project.snapshot_path)
    return LoadResult(
        run_id=run_id,
        **asdict(counts),
        statements_total=totals[0],
        units_total=totals[1],
        units_eligible=totals[2],
        quarantine_total=totals[3],
        seconds=time.perf_counter() - t0,
        snapshot=snapshot,
        index_outdated=outdated,
        **rebuilt,
    )


def _rebuild(con: object) -> dict[str, int]:
    """Rebuild every relation and eligibility; say how many rows it changed."""
    sqlfiles.run(con, "load/rebuild_before")
    rebuild_relations(con)
    changed, units, total = sqlfiles.query(con, "load/rebuild_changed")[0]
    return {"relations_changed": changed, "units_changed": units, "relations_total": total}
