"""``rdi status``: what the warehouse holds and how each source is doing.

Read from the published snapshot (never waits on a writer): per-source counts, and per
source with a crawl history the health figures behind the alerts: last success and its
staleness against the source's cadence, items in the last 7/30 days against the usual,
the HTTP error share, the text-length ratio against a generic extractor and its usual value,
and the alerts open for it; and which locks a live process holds now (a source's crawl or
cycle, the warehouse writer), by whom. ``needs_attention`` is true when a source alert holds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
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
class SourceHealth:
    """Health of one source's crawls (sources with a run history)."""

    source: str
    schedule: str | None
    cadence_s: float | None  # longest gap between two scheduled runs
    last_run_id: str
    last_run_at: str
    last_status: str
    last_exit_reason: str | None
    last_items_seen: int | None
    last_failed_steps: str | None  # "step: reason; ..." of the last cycle's failed steps
    last_success: str | None
    staleness_s: float | None  # seconds since the last success (or the first run, if none)
    items_7d: int
    items_30d: int
    usual_7d: float | None
    usual_30d: float | None
    error_share: float | None  # HTTP errors / requests in the last crawl
    usual_error_share: float | None
    text_ratio: float | None  # spider / generic extractor text length, last sampled crawl
    usual_text_ratio: float | None
    alerts: list[str] = field(default_factory=list)  # kinds of the alerts that hold now


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
    index_outdated: str | None = None  # what to run before export/report (pipeline.load.index_outdated)
    health: list[SourceHealth] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)  # alerts that hold now
    open_alerts: list[dict[str, Any]] = field(default_factory=list)  # alerts opened and not resolved
    # locks a live process holds now (state/locks/: a source's crawl, its cycle, the warehouse
    # writer…): name, pid, child (a crawl's scrapy), host, since (epoch s), held_by (one line)
    locks: list[dict[str, Any]] = field(default_factory=list)
    needs_attention: bool = False


def _iso(value: Any) -> str | None:
    return value.astimezone(UTC).isoformat(timespec="seconds") if value is not None else None


def _has_table(con: Any, name: str) -> bool:
    return bool(con.execute(
        "select count(*) from information_schema.tables where table_name = ?", [name]).fetchall()[0][0])


def source_health(con: Any, now: datetime, schedules: dict[str, str]) -> list[SourceHealth]:
    """Health rows of the sources with a crawl history (``schedules``: source -> cron)."""
    from pipeline.schedule import ScheduleError, cron_interval

    if not _has_table(con, "run_steps"):
        return []
    cur = sqlfiles.run(con, "status/health", {"now": now})
    cols = [d[0] for d in cur.description]
    out = []
    for row in cur.fetchall():
        r = dict(zip(cols, row, strict=True))
        cron = schedules.get(r["source"])
        try:
            cadence = cron_interval(cron, now=now) if cron else None
        except ScheduleError:
            cadence = None
        since = r["last_success"] or r["first_run"]
        out.append(SourceHealth(
            source=r["source"], schedule=cron, cadence_s=cadence,
            last_run_id=r["last_run_id"], last_run_at=_iso(r["last_run_at"]) or "",
            last_status=r["last_status"], last_exit_reason=r["last_exit_reason"],
            last_items_seen=r["last_items_seen"], last_failed_steps=r["last_failed_steps"],
            last_success=_iso(r["last_success"]),
            staleness_s=(now - since).total_seconds() if since is not None else None,
            items_7d=int(r["items_7d"]), items_30d=int(r["items_30d"]),
            usual_7d=None if r["usual_30d"] is None else float(r["usual_30d"]) * 7 / 30,
            usual_30d=None if r["usual_30d"] is None else float(r["usual_30d"]),
            error_share=r["error_share"], usual_error_share=r["usual_error_share"],
            text_ratio=r["text_ratio"],
            usual_text_ratio=r["usual_text_ratio"] if r["n_ratio_runs"] >= 2 else None,
        ))
    return out


def status(project: Project, *, now: datetime | None = None) -> WarehouseStatus:
    """Per-source counts and health, the last load, the latest month, and the alerts; the locks held now."""
    from pipeline.alerts import evaluate, open_alerts
    from pipeline.load import index_outdated
    from pipeline.locks import held_by, held_locks
    from pipeline.schedule import load_schedules

    now = now or datetime.now(UTC)
    schedules = {s.source: s.cron for s in load_schedules(project)}
    con = db.connect_reader(project.snapshot_path, project.warehouse_path)
    try:
        rows = sqlfiles.query(con, "status/sources")
        sources = [SourceStatus(*r) for r in rows]
        (statements, quarantined, last_run, last_started, last_details, latest_month,
         latest_index, vintage) = sqlfiles.query(con, "status/summary")[0]
        outdated = index_outdated(con)
        health = source_health(con, now, schedules)
        current = evaluate(project, con, health)
    finally:
        con.close()
    last_load = None
    if last_run is not None:
        last_load = {
            "run_id": last_run,
            "started_at": last_started.isoformat(),
            **json.loads(last_details or "{}"),
        }
    by_source: dict[str, list[str]] = {}
    for a in current:
        by_source.setdefault(a.subject, []).append(a.kind)
    for h in health:
        h.alerts = by_source.get(h.source, [])
    from dataclasses import asdict

    return WarehouseStatus(
        snapshot=str(project.snapshot_path),
        sources=sources,
        statements=statements,
        quarantined=quarantined,
        last_load=last_load,
        latest_month=latest_month,
        latest_index_month=latest_index,
        vintage=vintage,
        index_outdated=outdated,
        health=health,
        alerts=[asdict(a) for a in current],
        open_alerts=list(open_alerts(project).values()),
        locks=[{**asdict(info), "held_by": held_by(info)} for info in held_locks(project.state_dir / "locks")],
        # the index's alerts are news about the discourse, not about operations: they are
        # logged and sent, but only a source problem makes `rdi status` exit non-zero
        needs_attention=any(a.kind != "index_alert" for a in current),
    )
