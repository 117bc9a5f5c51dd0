"""``rdi index``: compute RDI v1 from the tagged units and store it as a new release."""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.audit.rates import index_floor, index_rates
from pipeline.config import Project
from warehouse import calendar, db, sqlfiles
from warehouse.errorrates import error_rates
from warehouse.index_build import IndexOutput, compute_index, load_cells, month_grid
from warehouse.runs import next_run_id, record_run
from warehouse.vintage import IndexSettings, VintageState, choose_base, open_vintage, save_vintage


class IndexError_(db.WarehouseError):
    """The index cannot be computed (nothing tagged yet)."""


@dataclass
class IndexResult:
    """What one ``rdi index`` run produced."""

    release_id: int
    vintage: str
    new_vintage: bool
    model_version: str
    first_month: str
    last_month: str
    base_period: str
    base_note: str | None
    rows: int
    channel_rows: int
    alerts: int
    draws: int
    seed: int
    error_rates: str
    #: the release's notes, as index_releases.notes records them (joined by '; '): base period,
    #: error rates, audit, then the index's own
    notes: list[str] = field(default_factory=list)
    releases_pruned: int = 0
    seconds: float = 0.0
    snapshot: str | None = None


def sync_events(con: Any) -> str:
    """Reload ``events`` from warehouse/events.csv when the file changed; return its version."""
    import pyarrow as pa

    events, version = calendar.read_events()
    current = con.execute("select any_value(calendar_version) from events").fetchall()[0][0]
    if current != version:
        con.execute("delete from events")
        rows = [{**ev.__dict__, "calendar_version": version} for ev in events]
        con.register("events_arrow", pa.Table.from_pylist(rows))
        con.execute("insert into events by name select * from events_arrow")
        con.unregister("events_arrow")
    return version


KEEP_RELEASES = ("monthly", "all")


def keep_releases(config: dict[str, Any]) -> str:
    """rdi.toml ``[index] keep_releases``: "monthly" (default: the releases of
    ``sql/index/prune.sql``) or "all" (never delete a release)."""
    value = config.get("index", {}).get("keep_releases", KEEP_RELEASES[0])
    if not isinstance(value, str) or value not in KEEP_RELEASES:
        raise ValueError(f'[index] keep_releases in rdi.toml must be "monthly" or "all", not {value!r}')
    return value


def _insert(con: Any, table: str, rows: list[dict[str, Any]], release_id: int) -> None:
    import pyarrow as pa

    if not rows:
        return
    tbl = pa.Table.from_pylist([{"release_id": release_id, **r} for r in rows])
    con.register("index_arrow", tbl)
    con.execute(f"insert into {table} by name select * from index_arrow")
    con.unregister("index_arrow")


def _freeze_cutoff(state: VintageState, months: list[date]) -> date | None:
    """METHODOLOGY §10 (research §6.8): within a vintage, months before m-2 are frozen; None
    when nothing is (a new vintage, or fewer than three months)."""
    return None if state.created or len(months) < 3 else months[-3]


def _freeze_old_months(con: Any, cutoff: date | None, state: VintageState, out: IndexOutput) -> None:
    """Rows (index and channel values) of months before ``cutoff`` are those of the vintage's
    previous release; how many of them the present data would have changed goes to the
    release notes."""
    if cutoff is None:
        return
    changed = 0
    for name, rows, key in (("frozen_values", out.rows, ("month", "actor", "target")),
                            ("frozen_channel_values", out.channel_rows, ("month", "actor", "channel", "target"))):
        cur = sqlfiles.run(con, f"index/{name}", {"vintage": state.vintage, "cutoff": cutoff})
        names = [d[0] for d in cur.description]
        old = {tuple(r[k] for k in key): r for r in (dict(zip(names, v, strict=True)) for v in cur.fetchall())}
        for i, row in enumerate(rows):
            published = old.get(tuple(row[k] for k in key))
            if published is not None:
                frozen = {k: published[k] for k in row}
                changed += name == "frozen_values" and not _same(frozen, row)
                rows[i] = frozen
    if changed:
        out.notes.append(f"{changed} row(s) before {cutoff:%Y-%m} would change with revised data; kept as published "
                         "(frozen within the vintage; rdi index --new-vintage recomputes them)")


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Rows equal, NaN equal to NaN and to None (a stored NULL)."""
    def norm(v: Any) -> Any:
        return None if isinstance(v, float) and math.isnan(v) else v
    return all(norm(a[k]) == norm(b[k]) for k in a)


def build_index(
    project: Project,
    *,
    base: str | None = None,
    draws: int | None = None,
    seed: int | None = None,
    new_vintage: bool = False,
    model_dir: Path | None = None,
    timeout: float | None = None,
) -> IndexResult:
    """Compute the index for every month with tagged units; publish the snapshot."""
    t0 = time.perf_counter()
    started = datetime.now(UTC)
    settings = IndexSettings.from_config(project.config, base=base, draws=draws, seed=seed)
    keep = keep_releases(project.config)
    wait = db.lock_timeout(project.config) if timeout is None else timeout
    if not project.warehouse_path.is_file():
        raise db.NoWarehouse(f"no warehouse at {project.warehouse_path}; run rdi load first")
    with db.writer(project.warehouse_path, timeout=wait) as con:
        row = sqlfiles.query(con, "index/current_model")
        if not row:
            raise IndexError_("no tagged units in the warehouse; run rdi tag first")
        model_version = row[0][0]
        first, last = sqlfiles.query(con, "index/span", {"model_version": model_version})[0]
        months = month_grid(first, last)
        b_start, b_end, b_note = choose_base(first, last, months, settings)
        in_base = np.array([b_start <= m <= b_end for m in months])
        audit, audit_note, too_few = index_rates(con, model_version, seed=settings.seed,
                                                 floor=index_floor(project.config))
        rates, rates_note = error_rates(
            model_version, model_dir, mode=settings.error_rates,
            min_positives=settings.min_rate_positives, min_negatives=settings.min_rate_negatives,
            audit=audit, audit_withheld=too_few)
        state = open_vintage(con, model_version, (b_start, b_end), b_note, settings,
                             new=new_vintage,
                             error_rates={lg: r.describe() for lg, r in rates.items()})
        cells = load_cells(con, model_version, settings)
        out = compute_index(cells, months, in_base, state, rates, settings)
        cutoff = _freeze_cutoff(state, months)
        _freeze_old_months(con, cutoff, state, out)
        pending = sqlfiles.query(con, "tag/pending", {"model_version": model_version})
        if pending:
            # METHODOLOGY §1: N is every eligible unit; a unit new or revised since it was scored
            # is in neither N nor X of this release until rdi tag has read it
            out.notes.append(f"{len(pending)} eligible unit(s) not scored by {model_version} as they read now "
                             "(new or revised statements) are left out of N and X; run rdi tag, then rdi index")
        langs = {(str(a), str(c)): str(lg) for a, c, lg in
                 zip(cells["actor"], cells["channel"], cells["lang"], strict=True)}
        with db.transaction(con):
            sync_events(con)
            run_id = next_run_id(con)
            release_id = int(con.execute(
                "select coalesce(max(release_id), 0) + 1 from index_releases").fetchall()[0][0])
            save_vintage(con, state, model_version, settings, langs)
            notes = [n for n in [b_note, rates_note, audit_note, *out.notes] if n]
            _insert(con, "index_values", out.rows, release_id)
            _insert(con, "index_channel_values", out.channel_rows, release_id)
            evidence_rows = sqlfiles.query(con, "index/evidence", {
                "release_id": release_id, "model_version": model_version,
                "vintage": state.vintage, "cutoff": cutoff,
                "all_targets": list(settings.all_targets)})[0][0]
            con.execute(
                "insert into index_releases values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [release_id, run_id, state.vintage, model_version, started, months[0],
                 months[-1], settings.draws, settings.seed,
                 json.dumps({lg: r.describe() for lg, r in rates.items()}), "; ".join(notes),
                 evidence_rows],
            )
            pruned = [] if keep == "all" else sqlfiles.query(con, "index/prune")
            result = IndexResult(
                release_id=release_id, vintage=state.vintage, new_vintage=state.created,
                model_version=model_version, first_month=f"{months[0]:%Y-%m}",
                last_month=f"{months[-1]:%Y-%m}",
                base_period=f"{b_start:%Y-%m}:{b_end:%Y-%m}", base_note=b_note,
                rows=len(out.rows), channel_rows=len(out.channel_rows),
                alerts=sum(1 for r in out.rows if r["alert"]), draws=settings.draws,
                seed=settings.seed, error_rates=rates_note, notes=notes,
                releases_pruned=len(pruned),
            )
            record_run(con, run_id, "index", started, "ok",
                       {k: v for k, v in result.__dict__.items() if k != "notes"})
        result.snapshot = str(db.publish_snapshot(con, project.snapshot_path))
    result.seconds = time.perf_counter() - t0
    return result
